// The JS grid rounding used for free vertices is ST_SnapToGrid's, value for value, so the check engine's own
// snapping leaves an edited vertex where it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/spatialite.js';
import { gridRound, Projector } from '../../main/core/editing/precision.js';

let db: Db;
beforeAll(() => {
  db = openDatabase(':memory:');
  db.prepare('SELECT InitSpatialMetadata(1)').get();
});
afterAll(() => db.close());

describe('precision path against SpatiaLite', () => {
  it('gridRound equals ST_SnapToGrid(…, 0.001) on 20,000 coordinates, ties included', () => {
    const snap = db.prepare('SELECT ST_X(g) x, ST_Y(g) y FROM (SELECT ST_SnapToGrid(MakePoint(?, ?, 4528), 0.001) g)');
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const values: [number, number][] = [[40_450_000.0005, 3_510_000.0015], [40_450_000.0025, 3_510_000.0035]];
    for (let i = 0; i < 20_000; i++) values.push([40_400_000 + rand() * 100_000, 3_500_000 + rand() * 50_000]);
    for (const [x, y] of values) {
      const r = snap.get(x, y) as { x: number; y: number };
      expect(gridRound(x)).toBe(r.x);
      expect(gridRound(y)).toBe(r.y);
    }
  });

  it('resolves free positions onto the grid and exact ones verbatim, in one transform', () => {
    const p = new Projector(db, 4528);
    const exact = p.positions([[40_452_599.970338, 3_508_695.858078]])[0]!;
    const [a, b] = p.resolve([[119.5, 31.7], exact]);
    expect(a![0]).toBe(gridRound(a![0]));
    expect(Math.abs(a![0] - 40_452_599.970338)).toBeLessThan(0.001);
    expect(b).toEqual([40_452_599.970338, 3_508_695.858078]);
  });
});
