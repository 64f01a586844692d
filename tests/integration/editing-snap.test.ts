// Snapping, tracing and live validation against real SpatiaLite: a vertex wins over an edge, the tolerance is
// respected, edge intersections are found; traces follow the boundaries the shortest way round; validation says
// where a polygon self-intersects and what it overlaps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFixture, CELL, corner, exact, free, polygon, X0, Y0, type Fixture } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
beforeEach(() => {
  tmp = tempDir();
  f = buildFixture(tmp.file('snap.sqlite'));
});
afterEach(() => {
  f.ws.close();
  tmp.cleanup();
});

const at = (x: number, y: number) => free(f, [[x, y]])[0]!;

describe('snap.query', () => {
  it('prefers a vertex within the tolerance over a nearer edge', () => {
    const c = corner(1, 0);
    // 0.2 m from the vertical edge x = X0+100, 1.5 m from the corner: the corner wins at tolerance 2 m.
    const s = f.editor.snap({ position: at(c[0] + 0.2, c[1] + 1.49), toleranceM: 2, layerIds: [f.layers.dltb] }).snapped!;
    expect(s.kind).toBe('vertex');
    expect(s.position.slice(2)).toEqual(c);
    expect(s.distanceM).toBeCloseTo(Math.hypot(0.2, 1.49), 4);
    // lon/lat answered is the transform of the exact x/y.
    const back = f.editor.ctx.projector.project([[s.position[0], s.position[1]]])[0]!;
    expect(Math.hypot(back[0] - c[0], back[1] - c[1])).toBeLessThan(1e-6);
    // With a smaller tolerance the corner is out of reach: the edge answers, at the foot of the perpendicular.
    const e = f.editor.snap({ position: at(c[0] + 0.2, c[1] + 1.49), toleranceM: 1, layerIds: [f.layers.dltb] }).snapped!;
    expect(e.kind).toBe('edge');
    expect(e.position[2]).toBe(c[0]);
    expect(e.position[3]).toBeCloseTo(c[1] + 1.49, 3);
    expect(e.distanceM).toBeCloseTo(0.2, 3);
  });

  it('respects the tolerance and the chosen layers', () => {
    const c = corner(0, 0);
    expect(f.editor.snap({ position: at(c[0] - 2, c[1] - 2), toleranceM: 2, layerIds: [f.layers.dltb] }).snapped).toBeNull();
    expect(f.editor.snap({ position: at(c[0] - 2, c[1] - 2), toleranceM: 3, layerIds: [f.layers.dltb] }).snapped?.kind).toBe('vertex');
    // The red line's corner is not in dltb.
    expect(f.editor.snap({ position: at(X0 + 250.3, Y0 - 50.2), toleranceM: 1, layerIds: [f.layers.dltb] }).snapped).toBeNull();
    const red = f.editor.snap({ position: at(X0 + 250.3, Y0 - 50.2), toleranceM: 1, layerIds: [f.layers.dltb, f.layers.stbhhx] }).snapped!;
    expect(red).toMatchObject({ kind: 'vertex', layerId: f.layers.stbhhx, fid: 1 });
  });

  it('finds the intersection of two edges (a red-line edge across a parcel edge) when no vertex is in reach', () => {
    // x = X0+250 (red line) crosses y = Y0+100 (between parcels (2,0) and (2,1)); no vertex there.
    const s = f.editor.snap({ position: at(X0 + 250.8, Y0 + 100.5), toleranceM: 2, layerIds: [f.layers.dltb, f.layers.stbhhx] }).snapped!;
    expect(s.kind).toBe('intersection');
    expect(s.position[2]).toBeCloseTo(X0 + 250, 9);
    expect(s.position[3]).toBeCloseTo(Y0 + 100, 9);
    expect(s.other).toBeDefined();
    expect(new Set([s.layerId, s.other!.layerId])).toEqual(new Set([f.layers.dltb, f.layers.stbhhx]));
    const edgeOnly = f.editor.snap({ position: at(X0 + 250.8, Y0 + 100.5), toleranceM: 2, layerIds: [f.layers.dltb, f.layers.stbhhx], kinds: ['edge'] }).snapped!;
    expect(edgeOnly.kind).toBe('edge');
  });

  it('sees an edit at once (the cache follows the layer revision)', () => {
    const p = at(X0 + 50, Y0 + 350);
    expect(f.editor.snap({ position: p, toleranceM: 1, layerIds: [f.layers.dltb] }).snapped).toBeNull();
    f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [[X0 + 50, Y0 + 350], [X0 + 60, Y0 + 350], [X0 + 60, Y0 + 360]]), attributes: { TBBH: 'x', DLBM: '0101' } });
    expect(f.editor.snap({ position: p, toleranceM: 1, layerIds: [f.layers.dltb] }).snapped?.kind).toBe('vertex');
  });
});

describe('snap.query with exclusions', () => {
  it('leaves excluded features out (a feature being moved does not snap to its own old vertices)', () => {
    const c = corner(0, 0);
    const q = { position: at(c[0] + 0.3, c[1] + 0.2), toleranceM: 1, layerIds: [f.layers.dltb] };
    expect(f.editor.snap(q).snapped).toMatchObject({ kind: 'vertex', fid: f.parcel(0, 0) });
    expect(f.editor.snap({ ...q, exclude: { features: [{ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] }] } }).snapped).toBeNull();
    // Excluding a feature of another layer changes nothing.
    expect(f.editor.snap({ ...q, exclude: { features: [{ layerId: f.layers.stbhhx, fids: [f.parcel(0, 0)] }] } }).snapped?.fid).toBe(f.parcel(0, 0));
    // A shared corner still snaps to the neighbours that are not excluded, exactly.
    const s = f.editor.snap({ position: at(corner(1, 1)[0] + 0.2, corner(1, 1)[1]), toleranceM: 1, layerIds: [f.layers.dltb],
      exclude: { features: [{ layerId: f.layers.dltb, fids: [f.parcel(0, 0), f.parcel(1, 0)] }] } }).snapped!;
    expect(s.kind).toBe('vertex');
    expect([f.parcel(0, 1), f.parcel(1, 1)]).toContain(s.fid);
    expect(s.position.slice(2)).toEqual(corner(1, 1));
  });

  it('leaves an excluded vertex and the edges ending there out (a dragged vertex does not snap back to itself)', () => {
    const v = corner(1, 0);
    const [ex] = exact(f, [v]);
    const near = { position: at(v[0] + 0.3, v[1] + 0.4), toleranceM: 1, layerIds: [f.layers.dltb] };
    expect(f.editor.snap(near).snapped?.kind).toBe('vertex');
    expect(f.editor.snap({ ...near, exclude: { positions: [ex!] } }).snapped).toBeNull();
    // 10 m up the shared vertical edge: that edge ends at the excluded vertex, so it is not a target either ...
    const up = { position: at(v[0] + 0.3, v[1] + 10), toleranceM: 1, layerIds: [f.layers.dltb] };
    expect(f.editor.snap(up).snapped?.kind).toBe('edge');
    expect(f.editor.snap({ ...up, exclude: { positions: [ex!] } }).snapped).toBeNull();
    // ... while the far end of the next edge, and edges elsewhere, still are.
    const far = corner(1, 1);
    expect(f.editor.snap({ position: at(far[0] + 0.3, far[1] - 0.2), toleranceM: 1, layerIds: [f.layers.dltb], exclude: { positions: [ex!] } }).snapped)
      .toMatchObject({ kind: 'vertex' });
    expect(f.editor.snap({ position: at(X0 + 30, Y0 + CELL + 0.3), toleranceM: 1, layerIds: [f.layers.dltb], exclude: { positions: [ex!] } }).snapped?.kind).toBe('edge');
  });

  it('traces around excluded features', () => {
    const [a, b] = exact(f, [corner(1, 0), corner(0, 1)]);
    const t = f.editor.trace({ from: a!, to: b!, layerIds: [f.layers.dltb], exclude: { features: [{ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] }] } });
    expect(t.path.map((p) => p.slice(2))).toEqual([corner(1, 0), corner(1, 1), corner(0, 1)]);
    expect(t.features.map((r) => r.fid)).not.toContain(f.parcel(0, 0));
  });
});

describe('snap.trace', () => {
  it('follows one parcel ring the shortest way round, from an edge point to another, through the corner', () => {
    const a = f.editor.snap({ position: at(X0 + 30, Y0 + 0.3), toleranceM: 1, layerIds: [f.layers.dltb] }).snapped!;
    const b = f.editor.snap({ position: at(X0 - 0.2, Y0 + 40), toleranceM: 1, layerIds: [f.layers.dltb] }).snapped!;
    const t = f.editor.trace({ from: a.position, to: b.position, layerIds: [f.layers.dltb] });
    expect(t.path.map((p) => p.slice(2))).toEqual([a.position.slice(2), corner(0, 0), b.position.slice(2)]);
    expect(t.lengthM).toBeCloseTo(70, 6);
    expect(t.features).toEqual([{ layerId: f.layers.dltb, fid: f.parcel(0, 0) }]);
  });

  it('follows shared boundaries across several parcels, vertex for vertex', () => {
    const [a, b] = exact(f, [corner(0, 0), corner(3, 2)]);
    const t = f.editor.trace({ from: a!, to: b!, layerIds: [f.layers.dltb] });
    expect(t.lengthM).toBeCloseTo(3 * CELL + 2 * CELL, 6);
    const grid = new Set([0, 1, 2, 3].flatMap((i) => [0, 1, 2].map((j) => corner(i, j).join(','))));
    for (const p of t.path) expect(grid.has(p.slice(2).join(','))).toBe(true);
  });

  it('turns where a village boundary crosses a parcel edge', () => {
    // From a village edge point (x = X0+150) to a parcel corner, via the crossing at (X0+150, Y0+100).
    const from = exact(f, [[X0 + 150, Y0 + 130]])[0]!;
    const to = exact(f, [corner(2, 1)])[0]!;
    const t = f.editor.trace({ from, to, layerIds: [f.layers.dltb, f.layers.village] });
    expect(t.lengthM).toBeCloseTo(30 + 50, 6);
    expect(t.path[1]![2]).toBeCloseTo(X0 + 150, 9);
    expect(t.path[1]![3]).toBeCloseTo(Y0 + 100, 9);
  });

  it('says so when a point is not on a boundary', () => {
    expect(() => f.editor.trace({ from: exact(f, [[X0 + 30, Y0 + 30]])[0]!, to: exact(f, [corner(1, 1)])[0]!, layerIds: [f.layers.dltb] })).toThrow(/not on a boundary/);
  });
});

describe('edit.validate', () => {
  it('flags a self-intersection with its location', () => {
    const [a, b, c, d] = [corner(0, 3), corner(1, 3), corner(1, 4), corner(0, 4)];
    const v = f.editor.validate({ layerId: f.layers.dltb, geometry: polygon(f, [a, c, b, d]) });
    expect(v.valid).toBe(false);
    expect(v.issues[0]!.code).toBe('self_intersection');
    expect(v.issues[0]!.position![2]).toBeCloseTo(X0 + 50, 6);
    expect(v.issues[0]!.position![3]).toBeCloseTo(Y0 + 350, 6);
    expect(v.issues[0]!.zh).toBe('自相交');
  });

  it('reports overlaps with the same layer and the protected layers, with areas; not with the feature itself', () => {
    const pts = [[X0 + 190, Y0 + 10], [X0 + 270, Y0 + 10], [X0 + 270, Y0 + 30], [X0 + 190, Y0 + 30]] as [number, number][];
    const v = f.editor.validate({ layerId: f.layers.dltb, geometry: polygon(f, pts), fid: f.parcel(2, 0), protectedLayerIds: [f.layers.stbhhx] });
    expect(v.issues).toEqual([]);
    expect(v.valid).toBe(false);
    const byLayer = Object.fromEntries(v.overlaps.map((o) => [`${o.layerId}:${o.fid}`, o.areaM2]));
    expect(byLayer[`${f.layers.dltb}:${f.parcel(1, 0)}`]).toBeCloseTo(10 * 20, 6);
    expect(byLayer[`${f.layers.dltb}:${f.parcel(2, 0)}`]).toBeUndefined();
    expect(byLayer[`${f.layers.stbhhx}:1`]).toBeCloseTo(20 * 20, 6);
    expect(v.areaM2).toBeCloseTo(80 * 20, 6);
  });

  it('answers within a frame for a simple polygon', () => {
    const pts = [[X0 + 10, Y0 + 10], [X0 + 70, Y0 + 10], [X0 + 70, Y0 + 30], [X0 + 10, Y0 + 30]] as [number, number][];
    const g = { type: 'Polygon' as const, coordinates: [free(f, pts)] };
    f.editor.validate({ layerId: f.layers.dltb, geometry: g });
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) f.editor.validate({ layerId: f.layers.dltb, geometry: g, protectedLayerIds: [f.layers.stbhhx] });
    expect((performance.now() - t0) / 50).toBeLessThan(16);
  });
});
