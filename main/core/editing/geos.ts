// GEOS through SpatiaLite SQL: every overlay of the editing tools is one of these prepared statements. Inputs and
// outputs are WKB in the workspace CRS; a polygonal result is always returned as a MultiPolygon (lines and points
// that an overlay may produce along shared boundaries are dropped), and an empty result as null (SpatiaLite's way).
import type { Db } from '../db/spatialite.js';
import { readPolygons, type MultiPolygon, type XY } from './geometry.js';

export interface Validity {
  valid: boolean;
  /** GEOS's reason, e.g. "Self-intersection[40451234.5 3510000.2]". */
  reason: string | null;
  location: XY | null;
}

const poly = (expr: string) => `AsBinary(CastToMultiPolygon(CollectionExtract(${expr}, 3)))`;

export class Geos {
  private readonly s;

  constructor(private readonly db: Db, readonly srid: number) {
    const g = (n = '?') => `GeomFromWKB(${n}, ${Math.trunc(srid)})`;
    this.s = {
      validity: db.prepare(`SELECT ST_IsValid(g) v, ST_IsValidReason(g) r, AsBinary(ST_IsValidDetail(g)) d FROM (SELECT ${g()} g)`),
      area: db.prepare(`SELECT ST_Area(${g()}) a`),
      difference: db.prepare(`SELECT ${poly(`ST_Difference(${g()}, ${g()})`)} w`),
      intersection: db.prepare(`SELECT ${poly(`ST_Intersection(${g()}, ${g()})`)} w`),
      union: db.prepare(`SELECT ${poly(`ST_Union(${g()}, ${g()})`)} w`),
      // GEOS snapping: a's vertices move onto b's vertices within the tolerance, and b's vertices within it are
      // inserted into a's segments (what lets two boundaries that differ by a fraction of a millimetre coincide).
      snap: db.prepare(`SELECT ${poly(`ST_Snap(${g()}, ${g()}, ?)`)} w`),
      distance: db.prepare(`SELECT ST_Distance(${g()}, ${g()}) d`),
      makeValid: db.prepare(`SELECT ${poly(`MakeValid(${g()})`)} w`),
      intersects: db.prepare(`SELECT ST_Intersects(${g()}, ${g()}) r`),
      within: db.prepare(`SELECT ST_Within(${g()}, ${g()}) r`),
      covers: db.prepare(`SELECT ST_Covers(${g()}, ${g()}) r`),
      overlapArea: db.prepare(`SELECT ST_Area(ST_Intersection(${g()}, ${g()})) a`),
      // Split: node the polygon's boundary with the line (every crossing becomes a vertex of both), polygonize the
      // noded linework into faces; main keeps the faces inside the polygon. Exact: no buffer, so the faces tile
      // the original and share the cut line vertex for vertex.
      splitFaces: db.prepare(`SELECT AsBinary(ST_Polygonize(ST_UnaryUnion(ST_Collect(ST_Boundary(p), l)))) w
        FROM (SELECT ${g()} p, ${g()} l)`),
      pointOnSurface: db.prepare(`SELECT ST_X(pt) x, ST_Y(pt) y FROM (SELECT ST_PointOnSurface(${g()}) pt)`),
      containsPoint: db.prepare(`SELECT ST_Contains(${g()}, MakePoint(?, ?, ${Math.trunc(srid)})) r`),
    };
  }

  validity(wkb: Buffer): Validity {
    const r = this.s.validity.get(wkb) as { v: number | null; r: string | null; d: Buffer | null } | undefined;
    if (!r || r.v === null || r.v < 0) return { valid: false, reason: r?.r ?? 'not a geometry', location: null };
    let location: XY | null = null;
    if (r.d && r.d.length >= 21) {
      const le = r.d.readUInt8(0) === 1;
      location = le ? [r.d.readDoubleLE(5), r.d.readDoubleLE(13)] : [r.d.readDoubleBE(5), r.d.readDoubleBE(13)];
    }
    return { valid: r.v === 1, reason: r.v === 1 ? null : r.r, location };
  }

  area(wkb: Buffer | null): number {
    if (!wkb) return 0;
    return (this.s.area.get(wkb) as { a: number | null }).a ?? 0;
  }

  difference(a: Buffer, b: Buffer | null): Buffer | null {
    if (!b) return a;
    return (this.s.difference.get(a, b) as { w: Buffer | null }).w;
  }

  intersection(a: Buffer, b: Buffer): Buffer | null {
    return (this.s.intersection.get(a, b) as { w: Buffer | null }).w;
  }

  union(a: Buffer | null, b: Buffer | null): Buffer | null {
    if (!a) return b;
    if (!b) return a;
    return (this.s.union.get(a, b) as { w: Buffer | null }).w;
  }

  /** a snapped to b within the tolerance (GEOS GeometrySnapper); null when nothing polygonal is left. */
  snap(a: Buffer, b: Buffer, tolerance: number): Buffer | null {
    return (this.s.snap.get(a, b, tolerance) as { w: Buffer | null }).w;
  }

  distance(a: Buffer, b: Buffer): number {
    return (this.s.distance.get(a, b) as { d: number | null }).d ?? Infinity;
  }

  makeValid(a: Buffer): Buffer | null {
    return (this.s.makeValid.get(a) as { w: Buffer | null }).w;
  }

  intersects(a: Buffer, b: Buffer): boolean {
    return (this.s.intersects.get(a, b) as { r: number }).r === 1;
  }

  /** a lies in the interior of b (boundaries may touch only where a is inside). */
  within(a: Buffer, b: Buffer): boolean {
    return (this.s.within.get(a, b) as { r: number }).r === 1;
  }

  covers(a: Buffer, b: Buffer): boolean {
    return (this.s.covers.get(a, b) as { r: number }).r === 1;
  }

  containsPoint(polygon: Buffer, p: XY): boolean {
    return (this.s.containsPoint.get(polygon, p[0], p[1]) as { r: number }).r === 1;
  }

  overlapArea(a: Buffer, b: Buffer): number {
    return (this.s.overlapArea.get(a, b) as { a: number | null }).a ?? 0;
  }

  /** Faces of polygon ∪ line (every face, inside or out; the caller filters). */
  splitFaces(polygon: Buffer, line: Buffer): MultiPolygon {
    const r = this.s.splitFaces.get(polygon, line) as { w: Buffer | null };
    return r.w ? readPolygons(r.w) : [];
  }

  pointOnSurface(wkb: Buffer): XY | null {
    const r = this.s.pointOnSurface.get(wkb) as { x: number | null; y: number | null };
    return r.x === null || r.y === null ? null : [r.x, r.y];
  }
}
