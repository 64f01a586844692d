// Snapping reads candidate rings straight from WKB into flat arrays (main/core/editing/snap.ts).
import { describe, expect, it } from 'vitest';
import { closeRing, multiPolygonWkb } from '../../../main/core/editing/geometry.js';
import { flatRings } from '../../../main/core/editing/snap.js';

describe('flat rings for snapping', () => {
  it('keeps part and ring numbers and exact coordinates', () => {
    const mp = [[closeRing([[1.5, 2.25], [3, 2.25], [3, 4]]), closeRing([[2, 2.5], [2.5, 2.5], [2.5, 3]])], [closeRing([[10, 10], [11, 10], [11, 11]])]];
    const rings = flatRings(multiPolygonWkb(mp));
    expect(rings.map((r) => [r.part, r.ring])).toEqual([[0, 0], [0, 1], [1, 0]]);
    expect(Array.from(rings[0]!.xy)).toEqual([1.5, 2.25, 3, 2.25, 3, 4, 1.5, 2.25]);
  });
});
