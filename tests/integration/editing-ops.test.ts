// Every editing operation against real SpatiaLite/GEOS: results valid, areas conserved on split and merge, no
// overlap under avoid-overlap, failures change nothing (the table's hash is the same before and after).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gridRound } from '../../main/core/editing/precision.js';
import { readPolygons } from '../../main/core/editing/geometry.js';
import { area, buildFixture, CELL, corner, exact, expectCode, free, polygon, rectWkt, tableHash, wkbOf, X0, Y0, type Fixture } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
beforeEach(() => {
  tmp = tempDir();
  f = buildFixture(tmp.file('edit.sqlite'));
});
afterEach(() => {
  f.ws.close();
  tmp.cleanup();
});

const geosValid = (table: string, fid: number) =>
  (f.ws.db.prepare(`SELECT ST_IsValid(geom) v FROM "${table}" WHERE fid = ?`).get(fid) as { v: number }).v === 1;
const attrs = (table: string, fid: number) => f.ws.db.prepare(`SELECT * FROM "${table}" WHERE fid = ?`).get(fid) as Record<string, unknown>;
const symDiffArea = (a: Buffer, b: Buffer) => (f.ws.db.prepare('SELECT COALESCE(ST_Area(ST_SymDifference(GeomFromWKB(?, 4528), GeomFromWKB(?, 4528))), 0) a').get(a, b) as { a: number }).a;
const overlapArea = (a: Buffer, b: Buffer) => (f.ws.db.prepare('SELECT COALESCE(ST_Area(ST_Intersection(GeomFromWKB(?, 4528), GeomFromWKB(?, 4528))), 0) a').get(a, b) as { a: number }).a;

describe('create', () => {
  it('creates a valid feature from lon/lat clicks on the 1 mm grid, fills names and the area field, logs one step', () => {
    const pts = [corner(0, 3), corner(1, 3), corner(1, 4), corner(0, 4)].map(([x, y]) => [x + 0.0004, y + 0.0007] as [number, number]);
    const r = f.editor.create({ layerId: f.layers.dltb, geometry: { type: 'Polygon', coordinates: [free(f, pts)] }, attributes: { TBBH: '99', DLBM: '0301' } });
    expect(r.editId).toBeGreaterThan(0);
    const fid = r.changes[0]!.created[0]!;
    expect(r.changes).toEqual([{ layerId: f.layers.dltb, created: [fid], updated: [], deleted: [], fromRevision: expect.any(Number), boxes: [expect.any(Array)] }]);
    expect(r.layers[0]!.featureCount).toBe(7);
    const stored = readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!;
    for (const [x, y] of stored) {
      expect(x).toBe(gridRound(x));
      expect(y).toBe(gridRound(y));
    }
    // 0.4 mm / 0.7 mm off the metre: rounded to the nearest millimetre.
    expect(stored[0]![0]).toBeCloseTo(pts[0]![0], 2);
    const a = attrs('dltb', fid);
    expect(a.DLMC).toBe('乔木林地');
    expect(a.TBMJ).toBeCloseTo(10_000, -1);
    expect(geosValid('dltb', fid)).toBe(true);
    expect(r.summary.zh).toContain('新建');
  });

  it('refuses a self-intersecting polygon with its location, and required fields, changing nothing', () => {
    const before = tableHash(f.ws, 'dltb');
    const [a, b, c, d] = [corner(0, 3), corner(1, 3), corner(1, 4), corner(0, 4)];
    const e = expectCode(() => f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [a, c, b, d]), attributes: { TBBH: '1', DLBM: '0101' } }), 'INVALID_GEOMETRY');
    expect(e.message).toMatch(/自相交/);
    expect(e.message).toMatch(/Self-intersection/);
    expectCode(() => f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [a, b, c, d]), attributes: { DLBM: '0101' } }), 'INVALID_ATTRIBUTES');
    expectCode(() => f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [a, b, c, d]), attributes: { TBBH: '1', DLBM: '9999' } }), 'INVALID_ATTRIBUTES');
    expect(tableHash(f.ws, 'dltb')).toBe(before);
  });
});

describe('precision path', () => {
  it('a vertex snapped to an existing (off-grid) vertex lands exactly on it: the new feature shares the edge', () => {
    // Neighbour to the right of the grid, snapped to the grid's two right corners.
    const [p, q] = [corner(3, 0), corner(3, 1)];
    const snapP = f.editor.snap({ position: free(f, [[p[0] + 0.3, p[1] - 0.2]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb] });
    const snapQ = f.editor.snap({ position: free(f, [[q[0] - 0.1, q[1] + 0.4]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb] });
    expect(snapP.snapped?.kind).toBe('vertex');
    expect(snapP.snapped!.position.slice(2)).toEqual([p[0], p[1]]);
    const coords = [snapP.snapped!.position, ...free(f, [[p[0] + 80, p[1]], [q[0] + 80, q[1]]]), snapQ.snapped!.position];
    const r = f.editor.create({ layerId: f.layers.dltb, geometry: { type: 'Polygon', coordinates: [coords] }, attributes: { TBBH: 'n', DLBM: '0101' } });
    const fid = r.changes[0]!.created[0]!;
    const ring = readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!;
    expect(ring[0]).toEqual([p[0], p[1]]);
    expect(ring[3]).toEqual([q[0], q[1]]);
    // Exactly adjacent: shared boundary, no overlap, no gap (the union is one polygon).
    const right = f.parcel(2, 0);
    expect(overlapArea(wkbOf(f.ws, 'dltb', fid)!, wkbOf(f.ws, 'dltb', right)!)).toBe(0);
    const parts = (f.ws.db.prepare('SELECT ST_NumGeometries(ST_Union(a.geom, b.geom)) n FROM dltb a, dltb b WHERE a.fid = ? AND b.fid = ?').get(fid, right) as { n: number }).n;
    expect(parts).toBe(1);
  });

  it('refuses an exact position whose lon/lat contradicts its x/y', () => {
    const [lon, lat] = free(f, [corner(0, 0)])[0]!;
    const bad = [lon!, lat!, corner(0, 0)[0] + 50, corner(0, 0)[1]];
    expectCode(() => f.editor.create({ layerId: f.layers.dltb, geometry: { type: 'Polygon', coordinates: [[bad, ...exact(f, [corner(1, 3), corner(1, 4)])]] }, attributes: { TBBH: '1', DLBM: '0101' } }), 'BAD_REQUEST');
  });
});

describe('split', () => {
  it('splits a parcel exactly: pieces tile the original, areas conserved to 1e-9, TBMJ proportional, largest keeps fid and BSM', () => {
    const fid = f.parcel(0, 0);
    const original = wkbOf(f.ws, 'dltb', fid)!;
    const a0 = area(f.ws, 'dltb', fid);
    // A slanted line across the whole parcel, with a free (gridded) interior vertex.
    const line = [...exact(f, [[X0 + 30, Y0 - 10]]), ...free(f, [[X0 + 40, Y0 + 50]]), ...exact(f, [[X0 + 35, Y0 + CELL + 10]])];
    const r = f.editor.split({ layerId: f.layers.dltb, fids: [fid], line });
    const c = r.changes[0]!;
    expect(c.updated).toEqual([fid]);
    expect(c.created).toHaveLength(1);
    const other = c.created[0]!;
    expect(geosValid('dltb', fid) && geosValid('dltb', other)).toBe(true);
    const sum = area(f.ws, 'dltb', fid) + area(f.ws, 'dltb', other);
    expect(Math.abs(sum - a0) / a0).toBeLessThan(1e-9);
    // No gap, no overlap: the pieces' union is the original; they overlap nowhere.
    const union = (f.ws.db.prepare('SELECT AsBinary(ST_Union(geom)) w FROM dltb WHERE fid IN (?, ?)').get(fid, other) as { w: Buffer }).w;
    expect(symDiffArea(union, original)).toBeLessThan(1e-6);
    expect(overlapArea(wkbOf(f.ws, 'dltb', fid)!, wkbOf(f.ws, 'dltb', other)!)).toBeLessThan(1e-9);
    // Attributes: the larger piece (right of x≈35) keeps BSM; TBMJ shared in proportion and adds up exactly.
    const A = attrs('dltb', fid), B = attrs('dltb', other);
    expect(A.BSM).toBe('BSM-00');
    expect(B.BSM).toBeNull();
    expect(Math.round((A.TBMJ as number) * 100) + Math.round((B.TBMJ as number) * 100)).toBe(1000050);
    expect(B.TBMJ).toBe(Math.round((B.TBMJ as number) * 100) / 100);
    expect(B.TBMJ as number).toBeCloseTo(10000.5 * area(f.ws, 'dltb', other) / a0, 2);
    expect(B.DLBM).toBe('0101');
    expect(B.KCXS).toBe(A.KCXS);
    expect(r.warnings.some((w) => w.code === 'required_missing' && w.fid === other && w.fields!.includes('TBBH'))).toBe(true);
    // One step: undo brings back the one original feature bit for bit.
    f.editor.undo();
    expect(wkbOf(f.ws, 'dltb', other)).toBeNull();
    expect(wkbOf(f.ws, 'dltb', fid)!.equals(original)).toBe(true);
  });

  it('splits every parcel the line cuts across in one step', () => {
    const line = exact(f, [[X0 + 150, Y0 - 10], [X0 + 150, Y0 + 2 * CELL + 10]]);
    const before = f.ws.layer(f.layers.dltb).featureCount;
    const r = f.editor.split({ layerId: f.layers.dltb, line });
    const d = r.changes[0]!;
    expect(d.updated.sort()).toEqual([f.parcel(1, 0), f.parcel(1, 1)].sort());
    expect(d.created).toHaveLength(2);
    expect(f.ws.layer(f.layers.dltb).featureCount).toBe(before + 2);
    expect(f.editor.history({}).entries[0]!.featureCount).toBe(4);
    for (const fid of [...d.updated, ...d.created]) expect(area(f.ws, 'dltb', fid)).toBeCloseTo(5000, 6);
  });

  it('with topological editing, adds the cut node to the neighbour sharing the cut edge (no T-junction)', () => {
    const a = f.parcel(0, 0), b = f.parcel(1, 0);
    const areaB = area(f.ws, 'dltb', b);
    // Across (0,0) at y = 50, ending inside (1,0): only (0,0) is split.
    const r = f.editor.split({ layerId: f.layers.dltb, fids: [a], line: exact(f, [[X0 - 10, Y0 + 50], [X0 + 110, Y0 + 50]]), topological: { layerIds: [f.layers.dltb], toleranceM: 0 } });
    const d = r.changes[0]!;
    expect(d.updated.sort()).toEqual([a, b].sort());
    const pieces = [a, d.created[0]!].map((fid) => readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!);
    const node = pieces[0]!.find((v) => v[0] === corner(1, 0)[0] && v[1] !== corner(1, 0)[1] && v[1] !== corner(1, 1)[1])!;
    expect(node[1]).toBeCloseTo(Y0 + 50, 6);
    const ringB = readPolygons(wkbOf(f.ws, 'dltb', b)!)[0]![0]!;
    expect(ringB.some((v) => v[0] === node[0] && v[1] === node[1])).toBe(true);
    expect(Math.abs(area(f.ws, 'dltb', b) - areaB)).toBeLessThan(1e-9 * areaB);
    expect(f.editor.history({}).entries[0]!.featureCount).toBe(3);
  });

  it('refuses a line that does not divide the feature, changing nothing', () => {
    const before = tableHash(f.ws, 'dltb');
    expectCode(() => f.editor.split({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)], line: exact(f, [[X0 + 30, Y0 + 10], [X0 + 40, Y0 + 50]]) }), 'NO_EFFECT');
    expectCode(() => f.editor.split({ layerId: f.layers.dltb, line: exact(f, [[X0 - 30, Y0 - 10], [X0 - 40, Y0 - 50]]) }), 'NO_EFFECT');
    expect(tableHash(f.ws, 'dltb')).toBe(before);
  });
});

describe('merge', () => {
  it('merges adjacent parcels into one valid polygon, area conserved, TBMJ summed, KCXS area-weighted', () => {
    const a = f.parcel(0, 0), b = f.parcel(1, 0);
    const total = area(f.ws, 'dltb', a) + area(f.ws, 'dltb', b);
    const r = f.editor.merge({ layerId: f.layers.dltb, fids: [a, b], keepFid: b });
    expect(r.changes[0]).toMatchObject({ updated: [b], deleted: [a], created: [] });
    expect(geosValid('dltb', b)).toBe(true);
    expect(readPolygons(wkbOf(f.ws, 'dltb', b)!)).toHaveLength(1);
    expect(Math.abs(area(f.ws, 'dltb', b) - total) / total).toBeLessThan(1e-9);
    const m = attrs('dltb', b);
    expect(m.TBMJ).toBe(20001);
    expect(m.KCXS).toBeCloseTo(0.15, 12);
    expect(f.ws.layer(f.layers.dltb).featureCount).toBe(5);
  });

  it('merges parcels whose shared edge differs by 0.1 mm (below the 1 mm precision) into one polygon without slivers', () => {
    const insert = (wkt: string, tbbh: string) => f.ws.insertFeatures(f.layers.dltb, [{ attributes: { TBBH: tbbh, DLBM: '0101', TBMJ: 10000 }, wkt }])[0]!;
    const x = X0 + 1000.123456, y = Y0 + 0.654321;
    // An open gap: B's left edge is 0.1 mm right of A's right edge (the union alone would be two parts).
    const a = insert(rectWkt(x, y, x + 100, y + 100), 'a');
    const b = insert(rectWkt(x + 100.0001, y, x + 200, y + 100), 'b');
    // A closed sliver: C shares A's corners but its edge has a middle vertex 0.1 mm off (the union alone has a hole).
    const c = insert(`MULTIPOLYGON(((${x} ${y + 100}, ${x + 100} ${y + 100}, ${x + 100} ${y + 300}, ${x} ${y + 300}, ${x} ${y + 200}, ${x} ${y + 100})))`, 'c');
    const d = insert(`MULTIPOLYGON(((${x - 100} ${y + 100}, ${x} ${y + 100}, ${x - 0.0001} ${y + 200}, ${x} ${y + 300}, ${x - 100} ${y + 300}, ${x - 100} ${y + 100})))`, 'd');
    for (const [p, q] of [[a, b], [c, d]] as const) {
      const total = area(f.ws, 'dltb', p) + area(f.ws, 'dltb', q);
      const r = f.editor.merge({ layerId: f.layers.dltb, fids: [p, q] });
      const keep = r.changes[0]!.updated[0]!;
      const merged = readPolygons(wkbOf(f.ws, 'dltb', keep)!);
      expect(merged).toHaveLength(1);
      // No sliver left: one ring, no hole.
      expect(merged[0]).toHaveLength(1);
      expect(geosValid('dltb', keep)).toBe(true);
      // Area: the two plus at most the gap (0.1 mm × 100 m = 0.01 m²).
      const got = area(f.ws, 'dltb', keep);
      expect(got - total).toBeGreaterThanOrEqual(-1e-6);
      expect(got - total).toBeLessThanOrEqual(0.0101);
      const w = r.warnings.find((x) => x.code === 'gaps_closed')!;
      expect(w).toBeDefined();
      expect(w.areaM2).toBeCloseTo(got - total, 6);
      expect(w.zh).toMatch(/缝隙/);
    }
  });

  it('still refuses parcels a real gap apart, saying how far', () => {
    const x = X0 + 1000.123456, y = Y0 + 0.654321;
    const [a, b] = f.ws.insertFeatures(f.layers.dltb, [
      { attributes: { TBBH: 'a', DLBM: '0101' }, wkt: rectWkt(x, y, x + 100, y + 100) },
      { attributes: { TBBH: 'b', DLBM: '0101' }, wkt: rectWkt(x + 100.05, y, x + 200, y + 100) },
    ]);
    const e = expectCode(() => f.editor.merge({ layerId: f.layers.dltb, fids: [a!, b!] }), 'NOT_ADJACENT');
    expect(e.message).toMatch(/50\.0 毫米/);
    expect(e.message).toMatch(/50\.0 mm apart/);
  });

  it('refuses to merge parcels that do not touch unless a multipart result is allowed', () => {
    const before = tableHash(f.ws, 'dltb');
    expectCode(() => f.editor.merge({ layerId: f.layers.dltb, fids: [f.parcel(0, 0), f.parcel(2, 1)] }), 'NOT_ADJACENT');
    expect(tableHash(f.ws, 'dltb')).toBe(before);
    const r = f.editor.merge({ layerId: f.layers.dltb, fids: [f.parcel(0, 0), f.parcel(2, 1)], allowMultipart: true });
    expect(r.warnings.map((w) => w.code)).toContain('multipart');
  });
});

describe('reshape', () => {
  it('adds the area a line encloses outside the parcel and cuts off a corner inside it', () => {
    const fid = f.parcel(0, 0);
    // Out of the bottom edge and back: a 20 × 10 m bump.
    f.editor.reshape({ layerId: f.layers.dltb, fid, line: exact(f, [[X0 + 40, Y0 + 5], [X0 + 40, Y0 - 10], [X0 + 60, Y0 - 10], [X0 + 60, Y0 + 5]]) });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_000 + 200, 6);
    expect(geosValid('dltb', fid)).toBe(true);
    // Across the top-left corner: the 10 × 10 triangle goes (the longer boundary arc is kept).
    f.editor.reshape({ layerId: f.layers.dltb, fid, line: exact(f, [[X0 - 5, Y0 + 85], [X0 + 15, Y0 + 105]]) });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_200 - 50, 6);
  });

  it('reshapes by a line that starts and ends on the same ring at edge snaps (on a slanted edge, not exactly on it)', () => {
    // A parcel with a slanted bottom edge, off the grid (as real data is).
    const pts: [number, number][] = [[X0 + 10.1234567, Y0 + 400.7654321], [X0 + 110.9876543, Y0 + 437.1234567], [X0 + 95.5, Y0 + 520.25], [X0 + 5.75, Y0 + 505.125]];
    const r = f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, pts), attributes: { TBBH: 's', DLBM: '0101' } });
    const fid = r.changes[0]!.created[0]!;
    const before = area(f.ws, 'dltb', fid);
    const along = (t: number): [number, number] => [pts[0]![0] + t * (pts[1]![0] - pts[0]![0]), pts[0]![1] + t * (pts[1]![1] - pts[0]![1])];
    const snapAt = (t: number) => {
      const [x, y] = along(t);
      const s = f.editor.snap({ position: free(f, [[x + 0.1, y - 0.2]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb], kinds: ['edge'] }).snapped!;
      expect(s).toMatchObject({ kind: 'edge', fid });
      return s.position;
    };
    const a = snapAt(0.3), b = snapAt(0.6);
    // Out of the slanted edge (downwards, away from the parcel) and back onto it: a bump is added.
    const line = [a, ...free(f, [[along(0.3)[0], along(0.3)[1] - 20], [along(0.6)[0], along(0.6)[1] - 20]]), b];
    f.editor.reshape({ layerId: f.layers.dltb, fid, line });
    expect(geosValid('dltb', fid)).toBe(true);
    // The bump: a trapezoid of the edge stretch (0.3 → 0.6) and the 20 m drop.
    const bump = Math.abs(((along(0.6)[0] - along(0.3)[0]) * 20));
    expect(area(f.ws, 'dltb', fid) - before).toBeCloseTo(bump, 1);
    // The bump starts and ends at the snapped positions themselves.
    const ring = readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!;
    for (const p of [a, b]) expect(ring.some((v) => v[0] === p[2] && v[1] === p[3])).toBe(true);
  });

  it('refuses a line across two rings (the exterior and a hole) with a message that says which and what to do', () => {
    const fid = f.parcel(0, 0);
    f.editor.addHole({ layerId: f.layers.dltb, fid, ring: exact(f, [[X0 + 40, Y0 + 40], [X0 + 60, Y0 + 40], [X0 + 60, Y0 + 60], [X0 + 40, Y0 + 60]]) });
    const before = tableHash(f.ws, 'dltb');
    const e = expectCode(() => f.editor.reshape({ layerId: f.layers.dltb, fid, line: exact(f, [[X0 + 50, Y0 - 10], [X0 + 50, Y0 + 50]]) }), 'NO_EFFECT');
    expect(e.message).toMatch(/外环.*洞 1|洞 1.*外环/);
    expect(e.message).toMatch(/exterior.*hole 1|hole 1.*exterior/);
    expect(e.message).toMatch(/同一/);
    expect(e.message).toMatch(/same ring/);
    expect(tableHash(f.ws, 'dltb')).toBe(before);
    // A line that stays with the hole reshapes the hole: out of it and back in, it grows the parcel into the hole.
    f.editor.reshape({ layerId: f.layers.dltb, fid, line: exact(f, [[X0 + 45, Y0 + 65], [X0 + 45, Y0 + 50], [X0 + 55, Y0 + 50], [X0 + 55, Y0 + 65]]) });
    expect(geosValid('dltb', fid)).toBe(true);
  });

  it('refuses a line that crosses the boundary only once', () => {
    expectCode(() => f.editor.reshape({ layerId: f.layers.dltb, fid: f.parcel(0, 0), line: exact(f, [[X0 + 40, Y0 + 5], [X0 + 40, Y0 - 10]]) }), 'NO_EFFECT');
  });
});

describe('clip and cut', () => {
  it('cuts the red line out of a parcel, and clips a parcel to it', () => {
    const cut = f.parcel(2, 0), clip = f.parcel(2, 1);
    f.editor.clip({ layerId: f.layers.dltb, fids: [cut], mode: 'removeInside', by: { layerId: f.layers.stbhhx, fid: 1 } });
    expect(area(f.ws, 'dltb', cut)).toBeCloseTo(5000, 6);
    f.editor.clip({ layerId: f.layers.dltb, fids: [clip], mode: 'keepInside', by: { layerId: f.layers.stbhhx, fid: 1 } });
    expect(area(f.ws, 'dltb', clip)).toBeCloseTo(5000, 6);
    const red = wkbOf(f.ws, 'stbhhx', 1)!;
    expect(overlapArea(wkbOf(f.ws, 'dltb', cut)!, red)).toBeLessThan(1e-6);
  });

  it('refuses a clip that would empty a feature, changing nothing', () => {
    const before = tableHash(f.ws, 'dltb');
    expectCode(() => f.editor.clip({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)], mode: 'keepInside', by: { layerId: f.layers.stbhhx, fid: 1 } }), 'EMPTY_RESULT');
    expect(tableHash(f.ws, 'dltb')).toBe(before);
  });
});

describe('avoid overlap', () => {
  it('clips a new 城镇开发边界 against 生态保护红线: no overlap is created', () => {
    const pts = [corner(1, 0), corner(4, 0), corner(4, 2), corner(1, 2)].map(([x, y]) => [x + 10, y + 10] as [number, number]);
    const r = f.editor.create({ layerId: f.layers.czkfbj, geometry: polygon(f, pts), attributes: { XZQDM: '320413', XZQMC: '金坛区' }, avoidOverlap: { layerIds: [f.layers.stbhhx] } });
    const fid = r.changes[0]!.created[0]!;
    expect(r.warnings.map((w) => w.code)).toContain('clipped');
    expect(overlapArea(wkbOf(f.ws, 'czkfbj', fid)!, wkbOf(f.ws, 'stbhhx', 1)!)).toBeLessThan(1e-6);
    expect(geosValid('czkfbj', fid)).toBe(true);
    // 300 × 200 drawn (x 110…410, y 10…210), of which 150 × 200 lay inside the red line (x 250…400).
    expect(area(f.ws, 'czkfbj', fid)).toBeCloseTo(300 * 200 - 150 * 200, 4);
  });

  it('fails with a clear message when the feature lies entirely inside the protected layer; nothing is saved', () => {
    const before = tableHash(f.ws, 'czkfbj', 'stbhhx');
    const pts = [[X0 + 260, Y0], [X0 + 300, Y0], [X0 + 300, Y0 + 40], [X0 + 260, Y0 + 40]] as [number, number][];
    const e = expectCode(() => f.editor.create({ layerId: f.layers.czkfbj, geometry: polygon(f, pts), attributes: { XZQDM: '320413', XZQMC: '金坛区' }, avoidOverlap: { layerIds: [f.layers.stbhhx] } }), 'EMPTY_RESULT');
    expect(e.message).toContain('生态保护红线');
    expect(tableHash(f.ws, 'czkfbj', 'stbhhx')).toBe(before);
  });

  it('applies to replaced geometry and to split parts', () => {
    const fid = f.parcel(2, 0);
    const pts = [corner(2, 0), [X0 + 380, Y0 + 0.654321 - 0.654321], [X0 + 380, Y0 + CELL], corner(2, 1)] as [number, number][];
    f.editor.updateGeometry({ layerId: f.layers.dltb, fid, geometry: polygon(f, pts), avoidOverlap: { layerIds: [f.layers.stbhhx] } });
    expect(overlapArea(wkbOf(f.ws, 'dltb', fid)!, wkbOf(f.ws, 'stbhhx', 1)!)).toBeLessThan(1e-6);
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(50 * CELL, 3);
  });
});

describe('a failed multi-feature edit changes nothing', () => {
  it('a split whose second feature fails under avoid-overlap rolls back the first one too', () => {
    const before = tableHash(f.ws, 'dltb', 'stbhhx');
    // x = 280 cuts column 2; the right pieces (x 280…300) lie inside the red line, so avoiding it empties them.
    const e = expectCode(() => f.editor.split({ layerId: f.layers.dltb, line: exact(f, [[X0 + 280, Y0 - 10], [X0 + 280, Y0 + 210]]), avoidOverlap: { layerIds: [f.layers.stbhhx] } }), 'EMPTY_RESULT');
    expect(e.message).toMatch(/生态保护红线/);
    expect(tableHash(f.ws, 'dltb', 'stbhhx')).toBe(before);
  });

  it('a topological vertex move that would make a neighbour invalid is refused as a whole, naming the neighbour', () => {
    const before = tableHash(f.ws, 'dltb');
    // Drag the shared corner (1,1) far up-right: parcel (1,0)'s ring folds over itself.
    const to = exact(f, [[X0 + 250, Y0 + 150]])[0]!;
    const e = expectCode(() => f.editor.vertices({ layerId: f.layers.dltb, fid: f.parcel(0, 0), ops: [{ op: 'move', part: 0, ring: 0, index: 2, to }], topological: { layerIds: [f.layers.dltb], toleranceM: 0 } }), 'INVALID_GEOMETRY');
    expect(e.message).toMatch(/#\d+/);
    expect(tableHash(f.ws, 'dltb')).toBe(before);
  });
});

describe('copy between layers', () => {
  it('copies 三调 parcels into 永久基本农田 with the same geometry, fields by name, JBNTMJ from TBMJ, BSM blank', () => {
    const src = [f.parcel(0, 0), f.parcel(0, 1)];
    const r = f.editor.copy({ fromLayerId: f.layers.dltb, fids: src, toLayerId: f.layers.yjjbnt, attributes: { GDLX: 'TT' } });
    const created = r.changes[0]!.created;
    expect(created).toHaveLength(2);
    expect(wkbOf(f.ws, 'yjjbnt', created[0]!)!.equals(wkbOf(f.ws, 'dltb', src[0]!)!)).toBe(true);
    const a = attrs('yjjbnt', created[0]!);
    expect(a).toMatchObject({ DLBM: '0101', DLMC: '水田', TBBH: '00', TBMJ: 10000.5, JBNTMJ: 10000.5, GDLX: 'TT', BSM: null, ZLDWDM: '320413104201', ZLDWMC: '黄金村' });
    expect(f.ws.layer(f.layers.yjjbnt).featureCount).toBe(2);
  });
});

describe('topological editing adds shared vertices to neighbours (no T-junction)', () => {
  const topo = () => ({ layerIds: [f.layers.dltb], toleranceM: 0 });
  const ringOf = (fid: number) => readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!;
  const has = (ring: [number, number][], p: number[]) => ring.some((v) => v[0] === p[0] && v[1] === p[1]);

  it('a new feature with a vertex snapped onto a neighbour\'s edge puts that vertex into the edge, in the same step', () => {
    const right = f.parcel(2, 0);
    // On parcel (2,0)'s right edge x = X0+300, as snap.query answers an edge snap (not on any grid).
    const s = f.editor.snap({ position: free(f, [[X0 + 300.2, Y0 + 40.1234]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb] }).snapped!;
    expect(s).toMatchObject({ kind: 'edge', fid: right });
    const onEdge = s.position;
    const coords = [exact(f, [corner(3, 0)])[0]!, ...free(f, [[X0 + 380, Y0], [X0 + 380, Y0 + 40]]), onEdge];
    const input = { layerId: f.layers.dltb, geometry: { type: 'Polygon' as const, coordinates: [coords] }, attributes: { TBBH: 'n', DLBM: '0101' } };
    const beforeRight = wkbOf(f.ws, 'dltb', right)!;
    const areaRight = area(f.ws, 'dltb', right);

    // Without topological editing: a T-junction (the neighbour is untouched).
    const plain = f.editor.create(input);
    expect(wkbOf(f.ws, 'dltb', right)!.equals(beforeRight)).toBe(true);
    expect(has(ringOf(right), onEdge.slice(2))).toBe(false);
    f.editor.undo();

    const r = f.editor.create({ ...input, topological: topo() });
    const fid = r.changes[0]!.created[0]!;
    expect(fid).not.toBe(plain.changes[0]!.created[0]);
    expect(r.changes[0]!.updated).toEqual([right]);
    // The neighbour has the new feature's vertex, bit for bit, one vertex more, the same area, still valid.
    expect(has(ringOf(right), onEdge.slice(2))).toBe(true);
    expect(has(ringOf(fid), onEdge.slice(2))).toBe(true);
    expect(ringOf(right)).toHaveLength(readPolygons(beforeRight)[0]![0]!.length + 1);
    expect(area(f.ws, 'dltb', right)).toBeCloseTo(areaRight, 6);
    expect(geosValid('dltb', right)).toBe(true);
    expect(overlapArea(wkbOf(f.ws, 'dltb', fid)!, wkbOf(f.ws, 'dltb', right)!)).toBeLessThan(1e-9);
    expect(r.summary.zh).toMatch(/共享节点/);
    // One step: one undo restores the neighbour exactly and removes the feature.
    f.editor.undo();
    expect(wkbOf(f.ws, 'dltb', right)!.equals(beforeRight)).toBe(true);
    expect(wkbOf(f.ws, 'dltb', fid)).toBeNull();
  });

  it('a vertex dragged onto a neighbour\'s edge goes into that edge too', () => {
    const below = f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [[X0 + 10, Y0 - 50], [X0 + 60, Y0 - 50], [X0 + 60, Y0 - 10], [X0 + 10, Y0 - 10]]), attributes: { TBBH: 'b', DLBM: '0101' } });
    const fid = below.changes[0]!.created[0]!;
    const s = f.editor.snap({ position: free(f, [[X0 + 60.3, Y0 - 0.2]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb], exclude: { features: [{ layerId: f.layers.dltb, fids: [fid] }] } }).snapped!;
    expect(s).toMatchObject({ kind: 'edge', fid: f.parcel(0, 0) });
    const r = f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: s.position }], topological: topo() });
    expect(r.changes[0]!.updated.sort()).toEqual([fid, f.parcel(0, 0)].sort());
    expect(has(ringOf(f.parcel(0, 0)), s.position.slice(2))).toBe(true);
    expect(geosValid('dltb', f.parcel(0, 0))).toBe(true);
  });

  it('a moved feature whose corner lands on a neighbour\'s edge shares it', () => {
    const c = f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [[X0 + 10, Y0 - 50], [X0 + 60, Y0 - 50], [X0 + 60, Y0 - 10], [X0 + 10, Y0 - 10]]), attributes: { TBBH: 'b', DLBM: '0101' } });
    const fid = c.changes[0]!.created[0]!;
    const [from] = exact(f, [[X0 + 60, Y0 - 10]]);
    const to = f.editor.snap({ position: free(f, [[X0 + 60.3, Y0 + 0.2]])[0]!, toleranceM: 1, layerIds: [f.layers.dltb], exclude: { features: [{ layerId: f.layers.dltb, fids: [fid] }] } }).snapped!;
    expect(to.kind).toBe('edge');
    const r = f.editor.move({ layerId: f.layers.dltb, fids: [fid], from: from!, to: to.position, topological: topo() });
    expect(r.changes[0]!.updated).toContain(f.parcel(0, 0));
    expect(has(ringOf(f.parcel(0, 0)), to.position.slice(2))).toBe(true);
  });
});

describe('vertices, parts, holes', () => {
  it('moves a vertex; with topological editing the neighbours sharing it move too, as one step', () => {
    const fid = f.parcel(0, 0);
    const g = f.editor.featureGeometry({ layerId: f.layers.dltb, fid });
    // Vertex 2 of parcel (0,0) is corner (1,1), shared by all four parcels of columns 0–1.
    expect(g.parts[0]![0]![2]!.slice(2)).toEqual(corner(1, 1));
    const to = free(f, [[corner(1, 1)[0] + 3, corner(1, 1)[1] + 4]])[0]!;
    const r = f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to }], topological: { layerIds: [f.layers.dltb], toleranceM: 0 } });
    const changed = r.changes[0]!.updated.sort();
    expect(changed).toEqual([f.parcel(0, 0), f.parcel(0, 1), f.parcel(1, 0), f.parcel(1, 1)].sort());
    // Still a tiling: the four areas add up to 40,000 and nobody overlaps.
    const sum = changed.reduce((s, id) => s + area(f.ws, 'dltb', id), 0);
    expect(sum).toBeCloseTo(40_000, 6);
    expect(overlapArea(wkbOf(f.ws, 'dltb', f.parcel(0, 0))!, wkbOf(f.ws, 'dltb', f.parcel(1, 1))!)).toBe(0);
    const h = f.editor.history({});
    expect(h.entries[0]!.action).toBe('vertices.topological');
    f.editor.undo();
    expect(f.editor.featureGeometry({ layerId: f.layers.dltb, fid }).parts[0]![0]![2]!.slice(2)).toEqual(corner(1, 1));
  });

  it('inserts and deletes vertices; refuses to leave a ring with fewer than three', () => {
    const fid = f.parcel(0, 0);
    const mid = exact(f, [[X0 + 50, Y0 - 5]])[0]!;
    f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'insert', part: 0, ring: 0, index: 1, at: mid }] });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_250, 6);
    f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'delete', part: 0, ring: 0, index: 1 }] });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_000, 6);
    f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'delete', part: 0, ring: 0, index: 0 }] });
    expectCode(() => f.editor.vertices({ layerId: f.layers.dltb, fid, ops: [{ op: 'delete', part: 0, ring: 0, index: 0 }] }), 'BAD_REQUEST');
  });

  it('adds a part, cuts a hole, fills it back and fills a hole with a new feature', () => {
    const fid = f.parcel(0, 0);
    f.editor.addPart({ layerId: f.layers.dltb, fid, rings: [exact(f, [[X0, Y0 + 300], [X0 + 10, Y0 + 300], [X0 + 10, Y0 + 310]])] });
    expect(readPolygons(wkbOf(f.ws, 'dltb', fid)!)).toHaveLength(2);
    const hole = exact(f, [[X0 + 20, Y0 + 20], [X0 + 40, Y0 + 20], [X0 + 40, Y0 + 40], [X0 + 20, Y0 + 40]]);
    f.editor.addHole({ layerId: f.layers.dltb, fid, ring: hole });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_000 + 50 - 400, 6);
    // The fill-ring tool on a layer drawn from tiles asks main which feature has a hole there.
    const at = free(f, [[X0 + 30, Y0 + 30]])[0]!;
    expect(f.editor.featureWithHoleAt({ layerId: f.layers.dltb, position: at })).toEqual({ fid });
    expect(f.editor.featureWithHoleAt({ layerId: f.layers.dltb, position: free(f, [[X0 + 10, Y0 + 10]])[0]! })).toBeNull();
    expect(f.editor.featureWithHoleAt({ layerId: f.layers.dltb, position: free(f, [[X0 + 150, Y0 + 50]])[0]! })).toBeNull();
    const r = f.editor.fillRing({ layerId: f.layers.dltb, fid, at: free(f, [[X0 + 30, Y0 + 30]])[0]!, mode: 'newFeature', newFeature: { attributes: { TBBH: 'h', DLBM: '1104' } } });
    const filler = r.changes[0]!.created[0]!;
    expect(area(f.ws, 'dltb', filler)).toBeCloseTo(400, 6);
    expect(overlapArea(wkbOf(f.ws, 'dltb', filler)!, wkbOf(f.ws, 'dltb', fid)!)).toBe(0);
    f.editor.fillRing({ layerId: f.layers.dltb, fid, part: 0, ring: 1 });
    expect(area(f.ws, 'dltb', fid)).toBeCloseTo(10_050, 6);
    expectCode(() => f.editor.addHole({ layerId: f.layers.dltb, fid, ring: exact(f, [[X0 - 20, Y0 + 20], [X0 + 40, Y0 + 20], [X0 + 40, Y0 + 40]]) }), 'BAD_REQUEST');
  });

  it('moves features by dx/dy and by a vector ending exactly on a snapped vertex', () => {
    const fid = f.parcel(0, 0);
    const lonLat = (x: number, y: number) => f.ws.db.prepare(`SELECT X(p) x, Y(p) y FROM (SELECT ST_Transform(MakePoint(?, ?, ${f.ws.srid}), 4490) p)`).get(x, y) as { x: number; y: number };
    const r = f.editor.move({ layerId: f.layers.dltb, fids: [fid], dx: 0, dy: 500 });
    // The answer says where the change happened (lon/lat, before and after), for the map's vector tiles.
    const boxes = r.changes[0]!.boxes!;
    expect(boxes).toHaveLength(2);
    const inBox = (p: { x: number; y: number }) => boxes.some(([w, s, e, n]) => p.x >= w && p.x <= e && p.y >= s && p.y <= n);
    for (const [x, y] of [[X0 + CELL / 2, Y0 + CELL / 2], [X0 + CELL / 2, Y0 + 500 + CELL / 2]] as const) expect(inBox(lonLat(x, y))).toBe(true);
    expect(inBox(lonLat(X0 + CELL / 2, Y0 + 2000))).toBe(false);
    for (const [w, s, e, n] of boxes) expect((e - w) * 111_000 * Math.cos((s * Math.PI) / 180)).toBeLessThan(CELL * 1.1 + 1);
    const moved = readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]!;
    expect(moved[0]).toEqual([X0, Y0 + 500]);
    const [from, to] = exact(f, [moved[0]!, corner(3, 0)]);
    f.editor.move({ layerId: f.layers.dltb, fids: [fid], from: from!, to: to! });
    expect(readPolygons(wkbOf(f.ws, 'dltb', fid)!)[0]![0]![0]).toEqual(corner(3, 0));
  });
});

describe('attributes', () => {
  it('updates attributes of several features in one step, derives DLMC, refuses unknown codes', () => {
    const fids = [f.parcel(0, 0), f.parcel(1, 0)];
    const r = f.editor.updateAttributes({ layerId: f.layers.dltb, fids, attributes: { DLBM: '0702', TBMJ: '123.5' } });
    expect(r.changes[0]!.updated.sort()).toEqual(fids.sort());
    expect(attrs('dltb', fids[0]!)).toMatchObject({ DLBM: '0702', DLMC: '农村宅基地', TBMJ: 123.5 });
    expectCode(() => f.editor.updateAttributes({ layerId: f.layers.dltb, fids, attributes: { TBBH: '' } }), 'INVALID_ATTRIBUTES');
    expectCode(() => f.editor.updateAttributes({ layerId: f.layers.dltb, fids, attributes: { ZLDWDM: '999' } }), 'INVALID_ATTRIBUTES');
    expect(f.editor.adminUnits().villages.map((v) => v.name)).toEqual(['黄金村', '龙溪村']);
  });
});
