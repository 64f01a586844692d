// Drawing tools send rings; main closes them and drops repeated clicks before GEOS sees them.
import { describe, expect, it } from 'vitest';
import { checkRings } from '../../../main/core/editing/context.js';
import { closeRing, lineStringWkb, multiPointWkb, multiPolygonWkb, multiPolygonArea, readPoints, readPolygons, type XY } from '../../../main/core/editing/geometry.js';

describe('rings from the drawing tools', () => {
  it('closes a ring with the first vertex bit for bit and drops consecutive repeats', () => {
    const a: XY = [40_450_000.123456, 3_510_000.654321];
    const r = closeRing([a, a, [a[0] + 10, a[1]], [a[0] + 10, a[1] + 10], [a[0] + 10, a[1] + 10]]);
    expect(r).toHaveLength(4);
    expect(r[3]).toEqual(a);
    expect(closeRing([...r])).toEqual(r);
  });

  it('refuses rings with fewer than three distinct vertices', () => {
    expect(() => checkRings([[closeRing([[0, 0], [1, 0], [0, 0]])]])).toThrow(/too few/);
    expect(() => checkRings([[closeRing([[0, 0], [1, 0], [1, 1]])]])).not.toThrow();
  });
});

describe('WKB', () => {
  it('round-trips multipolygons, lines and multipoints without touching a bit', () => {
    const mp = [[closeRing([[40_450_000.1, 3_510_000.2], [40_450_100.300001, 3_510_000.2], [40_450_100.300001, 3_510_090.000007]]),
      closeRing([[40_450_050, 3_510_010], [40_450_060, 3_510_010], [40_450_060, 3_510_020]])]];
    expect(readPolygons(multiPolygonWkb(mp))).toEqual(mp);
    expect(readPoints(lineStringWkb(mp[0]![0]!))).toEqual(mp[0]![0]);
    expect(readPoints(multiPointWkb(mp[0]![1]!))).toEqual(mp[0]![1]);
    expect(multiPolygonArea(mp)).toBeCloseTo(100.200001 * 89.800007 / 2 - 50, 4);
  });
});
