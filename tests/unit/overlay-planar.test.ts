// The exact planar relations used to settle parcel × line pairs without GEOS (main/core/overlay/planar.ts).
import { describe, expect, it } from 'vitest';
import { orient, relate, Rel, Shape } from '../../main/core/overlay/planar.js';
import type { Polygon } from '../../main/core/overlay/geom.js';

const X = 40_450_000, Y = 3_510_000;
const ring = (pts: [number, number][]) => {
  const r = new Float64Array((pts.length + 1) * 2);
  [...pts, pts[0]!].forEach(([x, y], i) => { r[i * 2] = X + x; r[i * 2 + 1] = Y + y; });
  return r;
};
const poly = (...rings: [number, number][][]): Polygon => rings.map(ring);
const rectP = (x0: number, y0: number, x1: number, y1: number): Polygon => poly([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
const shape = (...polys: Polygon[]) => new Shape(polys);
const rel = (p: Shape, l: Shape) => relate(p, l);

describe('exact orientation', () => {
  it('is exact where floating point is not', () => {
    // Points on a line y = x through large coordinates, nudged by one unit in the last place.
    const a = 40459514.969962, b = a + 123.456789;
    expect(orient(a, a, b, b, (a + b) / 2, (a + b) / 2)).toBe(0);
    const c = (a + b) / 2;
    const up = c + 2 ** -26;
    expect(orient(a, a, b, b, c, up)).toBe(1);
    expect(orient(a, a, b, b, up, c)).toBe(-1);
    // Shewchuk's classic failure case for naive evaluation.
    expect(orient(0.5, 0.5, 12, 12, 24, 24)).toBe(0);
    expect(orient(0.5 + 2 ** -52, 0.5, 12, 12, 24, 24)).toBe(orient(0.5 + 2 ** -52, 0.5, 12, 12, 24, 24));
  });
});

describe('relations of a parcel P and a line feature L', () => {
  const P = shape(rectP(0, 0, 100, 100));
  it('a copy covers it (and is contained): Covered', () => {
    expect(rel(P, shape(rectP(0, 0, 100, 100)))).toBe(Rel.Covered);
    // The same ring starting elsewhere and running clockwise.
    expect(rel(P, shape(poly([[100, 100], [100, 0], [0, 0], [0, 100]])))).toBe(Rel.Covered);
  });
  it('a neighbour sharing an edge, or part of one, or a corner: Disjoint', () => {
    expect(rel(P, shape(rectP(100, 0, 200, 100)))).toBe(Rel.Disjoint);
    expect(rel(P, shape(rectP(100, 30, 200, 60)))).toBe(Rel.Disjoint);
    expect(rel(P, shape(rectP(100, 100, 200, 200)))).toBe(Rel.Disjoint);
    expect(rel(P, shape(rectP(-50, 100, 50, 150)))).toBe(Rel.Disjoint);
  });
  it('a line feature wholly around it, touching it on the inside, or with P exactly on its boundary: Covered', () => {
    expect(rel(P, shape(rectP(-10, -10, 110, 110)))).toBe(Rel.Covered);
    expect(rel(P, shape(rectP(0, -10, 110, 100)))).toBe(Rel.Covered);
    expect(rel(P, shape(poly([[0, 0], [50, -20], [100, 0], [120, 50], [100, 100], [0, 100]])))).toBe(Rel.Covered);
  });
  it('a multi-feature line: covered by a multipolygon part, not by its hole', () => {
    const withHole = poly([[-100, -100], [300, -100], [300, 300], [-100, 300]], [[150, 150], [250, 150], [250, 250], [150, 250]]);
    expect(rel(P, shape(withHole, rectP(1000, 1000, 1100, 1100)))).toBe(Rel.Covered);
    // P is exactly the hole: it touches the line all round, inside nothing.
    const holeIsP = poly([[-100, -100], [300, -100], [300, 300], [-100, 300]], [[0, 0], [0, 100], [100, 100], [100, 0]]);
    expect(rel(P, shape(holeIsP))).toBe(Rel.Disjoint);
    // P's corner region overlaps the hole: partial.
    const holeCuts = poly([[-100, -100], [300, -100], [300, 300], [-100, 300]], [[50, 50], [150, 50], [150, 150], [50, 150]]);
    expect(rel(P, shape(holeCuts))).toBe(Rel.Partial);
  });
  it('a small line feature inside it: Contains; crossing its edge: Partial', () => {
    expect(rel(P, shape(rectP(10, 10, 20, 20)))).toBe(Rel.Contains);
    expect(rel(P, shape(rectP(0, 10, 20, 20)))).toBe(Rel.Contains);
    expect(rel(P, shape(rectP(90, 10, 120, 20)))).toBe(Rel.Partial);
    expect(rel(P, shape(poly([[50, 50], [150, 50], [150, 150]])))).toBe(Rel.Partial);
  });
  it('boundaries that meet without crossing', () => {
    // L shares P's bottom edge and a vertex of L lies on P's top edge: L is a triangle inside P sharing an edge.
    expect(rel(P, shape(poly([[0, 0], [100, 0], [50, 100]])))).toBe(Rel.Contains);
    // A square rotated 45°, corners on P's edges: inside P.
    expect(rel(P, shape(poly([[50, 0], [100, 50], [50, 100], [0, 50]])))).toBe(Rel.Contains);
    // And P inside that diamond's bigger brother touching at P's corners: covered.
    expect(rel(P, shape(poly([[50, -50], [150, 50], [50, 150], [-50, 50]])))).toBe(Rel.Covered);
    // P inside a line that runs along two of its edges and leaves at its corners: covered.
    expect(rel(P, shape(poly([[0, 0], [100, 0], [100, 100], [200, 200], [-100, 200], [-100, -50]])))).toBe(Rel.Covered);
    // Half of P above the diagonal, the diagonal an edge of L from corner to corner: partial.
    expect(rel(P, shape(poly([[0, 0], [100, 100], [-50, 100]])))).toBe(Rel.Partial);
    // The triangle below the diagonal: inside P.
    expect(rel(P, shape(poly([[0, 0], [100, 0], [100, 100]])))).toBe(Rel.Contains);
  });
  it('far apart, boxes touching only: Disjoint', () => {
    expect(rel(P, shape(rectP(500, 500, 600, 600)))).toBe(Rel.Disjoint);
    expect(rel(P, shape(poly([[100, 100], [300, 120], [120, 300]])))).toBe(Rel.Disjoint);
  });
  it('a big line with an edge index', () => {
    // A 400-vertex polygon approximating a circle of radius 1 km around (50, 50).
    const pts: [number, number][] = [];
    for (let i = 0; i < 400; i++) pts.push([50 + 1000 * Math.cos((i / 400) * 2 * Math.PI), 50 + 1000 * Math.sin((i / 400) * 2 * Math.PI)]);
    const big = shape(poly(pts));
    expect(big.index).toBeDefined();
    expect(rel(P, big)).toBe(Rel.Covered);
    expect(rel(shape(rectP(1040, 0, 1100, 100)), big)).toBe(Rel.Partial);
    expect(rel(shape(rectP(1100, 0, 1200, 100)), big)).toBe(Rel.Disjoint);
    expect(big.locate(X + 50, Y + 50)).toBe(1);
    expect(big.locate(X + 2000, Y + 50)).toBe(-1);
    expect(big.locate(pts[7]![0] + X, pts[7]![1] + Y)).toBe(0);
  });
});
