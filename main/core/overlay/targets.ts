// A layer prepared as the other side of an overlay: its features snapped (and repaired), as exact JS shapes with a
// box index for the planar relations (planar.ts), and cut into pieces with an R*Tree for the few pairs that really
// overlap in part and need GEOS to clip. Subjects (parcels, or the features of another layer) are related to it
// feature by feature: disjoint pairs cost nothing, a covered subject contributes itself, a contained feature
// contributes itself, and only partial overlaps are clipped, against the feature's pieces near the subject.
import type { Db } from '../db/spatialite.js';
import { parsePolygons, totalArea, type Polygon } from './geom.js';
import { buildPieces, MAX_VERTICES, type PieceOptions, type PieceTable, type Source } from './pieces.js';
import { BoxGrid, Rel, relate, relateScratch, Shape } from './planar.js';

export interface Hit { src: number; polys: Polygon[]; area: number }

/** What a subject brings to an overlay: its exact shape and its geometry as WKB (made on demand, for GEOS). */
export interface Subject { shape: Shape; wkb: () => Buffer | null }

type Stmt = { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };

export class TargetLayer {
  readonly pieces: PieceTable;
  readonly shapes: Shape[] = [];
  readonly srcs: number[] = [];
  /** Each feature small enough to be clipped whole (its WKB made on demand); big ones are in pieces. */
  private readonly whole: (Source | null)[] = [];
  private readonly grid?: BoxGrid;
  private readonly scratch = relateScratch();
  private readonly near: number[] = [];
  private clipStmt?: Stmt;
  private clipWholeStmt?: Stmt;

  constructor(private readonly db: Db, table: string, name: string, private readonly srid: number, opts: PieceOptions) {
    this.pieces = buildPieces(db, table, name, { ...opts, sources: true, bigOnly: true });
    for (const s of this.pieces.sources ?? []) {
      if (!s.polys.length) continue;
      let n = 0;
      for (const p of s.polys) for (const r of p) n += r.length / 2;
      this.shapes.push(new Shape(s.polys));
      this.srcs.push(s.src);
      this.whole.push(n <= (opts.maxVertices ?? MAX_VERTICES) ? s : null);
    }
    this.pieces.sources = undefined;
    if (this.shapes.length) {
      const boxes = new Float64Array(this.shapes.length * 4);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      this.shapes.forEach((sh, i) => {
        boxes[i * 4] = sh.x0; boxes[i * 4 + 1] = sh.y0; boxes[i * 4 + 2] = sh.x1; boxes[i * 4 + 3] = sh.y1;
        x0 = Math.min(x0, sh.x0); y0 = Math.min(y0, sh.y0); x1 = Math.max(x1, sh.x1); y1 = Math.max(y1, sh.y1);
      });
      this.grid = new BoxGrid(x0, y0, x1, y1, boxes);
    }
  }

  get featureCount(): number { return this.shapes.length; }

  /** Whether any feature's box meets the box. */
  anyNear(x0: number, y0: number, x1: number, y1: number): boolean {
    return this.grid ? this.grid.query(x0, y0, x1, y1, this.near) > 0 : false;
  }

  /** Indexes of the features whose box meets the box. */
  candidates(x0: number, y0: number, x1: number, y1: number, out: number[]): number {
    if (!this.grid) { out.length = 0; return 0; }
    return this.grid.query(x0, y0, x1, y1, out);
  }

  /** The exact relation of a shape to feature k. */
  relate(sh: Shape, k: number): Rel {
    return relate(sh, this.shapes[k]!, this.scratch);
  }

  /** GEOS: the subject clipped by feature k, or by its pieces near the subject (one result per piece it meets). */
  private clip(k: number, s: Subject): Polygon[][] {
    const whole = this.whole[k];
    if (whole) {
      const srid = Math.trunc(this.srid);
      this.clipWholeStmt ??= this.db.prepare(`SELECT AsBinary(ST_Intersection(GeomFromWKB(?, ${srid}), GeomFromWKB(?, ${srid}))) wkb`) as Stmt;
      const polys = parsePolygons((this.clipWholeStmt.get(whole.wkb, s.wkb()) as { wkb: Buffer | null }).wkb);
      return polys.length ? [polys] : [];
    }
    const src = this.srcs[k]!;
    this.clipStmt ??= this.db.prepare(`SELECT AsBinary(ST_Intersection(l.geom, GeomFromWKB(@w, ${Math.trunc(this.srid)}))) wkb
      FROM temp."${this.pieces.name}" l WHERE l.src = @src
        AND l.id IN (SELECT id FROM temp."${this.pieces.rtree}" WHERE x0 <= @x1 AND x1 >= @x0 AND y0 <= @y1 AND y1 >= @y0)`) as Stmt;
    const sh = s.shape;
    return (this.clipStmt.all({ w: s.wkb(), src, x0: sh.x0, y0: sh.y0, x1: sh.x1, y1: sh.y1 }) as { wkb: Buffer | null }[])
      .map((r) => parsePolygons(r.wkb)).filter((p) => p.length);
  }

  /** The subject against every feature of the layer: one hit per feature (or per piece) it shares area with. */
  overlay(s: Subject, out: Hit[]): void {
    out.length = 0;
    const sh = s.shape;
    const near = this.near;
    if (!this.candidates(sh.x0, sh.y0, sh.x1, sh.y1, near)) return;
    for (const k of near) {
      const target = this.shapes[k]!;
      const src = this.srcs[k]!;
      const rel = this.relate(sh, k);
      if (rel === Rel.Disjoint) continue;
      if (rel === Rel.Covered) out.push({ src, polys: sh.polys, area: sh.area });
      else if (rel === Rel.Contains) out.push({ src, polys: target.polys, area: target.area });
      else for (const polys of this.clip(k, s)) out.push({ src, polys, area: totalArea(polys) });
    }
  }

  /** Feature k as GEOS inputs: the whole feature, or its pieces, each with its box. */
  private partsOf(k: number): { g: Buffer; x0: number; y0: number; x1: number; y1: number }[] {
    const whole = this.whole[k];
    const sh = this.shapes[k]!;
    if (whole) {
      const g = (this.db.prepare(`SELECT GeomFromWKB(?, ${Math.trunc(this.srid)}) g`).get(whole.wkb) as { g: Buffer }).g;
      return [{ g, x0: sh.x0, y0: sh.y0, x1: sh.x1, y1: sh.y1 }];
    }
    return this.db.prepare(`SELECT geom g, x0, y0, x1, y1 FROM temp."${this.pieces.name}" WHERE src = ?`).all(this.srcs[k]!) as
      { g: Buffer; x0: number; y0: number; x1: number; y1: number }[];
  }

  /** GEOS for two layers' features that overlap in part: feature ka here against feature kb there, piece by piece. */
  clipPair(ka: number, other: TargetLayer, kb: number): Polygon[] {
    const stmt = this.db.prepare('SELECT AsBinary(ST_Intersection(?, ?)) wkb');
    const out: Polygon[] = [];
    const bs = other.partsOf(kb);
    for (const a of this.partsOf(ka)) {
      for (const b of bs) {
        if (a.x1 < b.x0 || a.x0 > b.x1 || a.y1 < b.y0 || a.y0 > b.y1) continue;
        out.push(...parsePolygons((stmt.get(a.g, b.g) as { wkb: Buffer | null }).wkb));
      }
    }
    return out;
  }
}
