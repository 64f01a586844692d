// The precision path (main/core/editing/precision.ts): free vertices go to the 1 mm grid with ST_SnapToGrid's
// rounding (round half to even); exact positions are never touched. The agreement with SpatiaLite itself is
// tested in tests/integration/editing-precision.test.ts.
import { describe, expect, it } from 'vitest';
import { gridRound, isExact, rint } from '../../../main/core/editing/precision.js';

describe('grid rounding', () => {
  it('rounds half to even like C rint()', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6, -2.6].map((v) => rint(v) + 0)).toEqual([0, 2, 2, 0, -2, 2, 3, -3]);
  });

  it('puts a coordinate on the millimetre grid and is idempotent there', () => {
    const x = 40_451_234.567_89;
    const g = gridRound(x);
    expect(g).toBeCloseTo(40_451_234.568, 9);
    expect(gridRound(g)).toBe(g);
    for (let i = 0; i < 1000; i++) {
      const v = 3_500_000 + Math.random() * 100_000;
      const r = gridRound(v);
      expect(Math.abs(r - v)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(gridRound(r)).toBe(r);
    }
  });

  it('tells exact positions [lon, lat, x, y] from free ones [lon, lat]', () => {
    expect(isExact([119.5, 31.7])).toBe(false);
    expect(isExact([119.5, 31.7, 40_450_000, 3_510_000])).toBe(true);
  });
});
