import { describe, expect, it } from 'vitest';
import { featureRings, fidOfPart } from './feature-rings.js';

// fid 10: one part with an outer ring (4 vertices) and a hole (4); fid 20: one part, one ring (4).
const positions = new Float64Array(Array.from({ length: 12 * 2 }, (_, i) => i));
const geometry = {
  fids: new Float64Array([10, 20]),
  positions,
  partStarts: new Uint32Array([0, 8, 12]),
  partFeature: new Uint32Array([0, 1]),
  ringStarts: new Uint32Array([0, 4, 8, 12]),
};

describe('feature rings', () => {
  it('maps a picked part to its fid', () => {
    expect(fidOfPart(geometry, 0)).toBe(10);
    expect(fidOfPart(geometry, 1)).toBe(20);
    expect(fidOfPart(geometry, 2)).toBeNull();
    expect(fidOfPart(geometry, -1)).toBeNull();
  });

  it('returns every ring of every part of the feature, holes included', () => {
    const rings = featureRings(geometry, 10);
    expect(rings.map((r) => r.length)).toEqual([8, 8]);
    expect(rings[1]?.[0]).toBe(8); // vertex 4, x
    expect(featureRings(geometry, 20).map((r) => Array.from(r.subarray(0, 2)))).toEqual([[16, 17]]);
    expect(featureRings(geometry, 99)).toEqual([]);
  });
});
