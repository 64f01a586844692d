// Prepared copies of a layer for overlays: snapped to the precision grid (in JS, exactly as ST_SnapToGrid), repaired
// where invalid, optionally dissolved, and cut into pieces of at most MAX_VERTICES vertices (ST_Subdivide) in a TEMP
// table with its own R*Tree. Big polygons (a red line with 50,000 vertices) would otherwise be converted to GEOS and
// walked in full for every parcel they clip; small pieces keep each intersection local. Pieces of one feature
// partition it (they meet only along cut lines), so areas add up exactly. The exact JS relations (planar.ts) use
// the source features themselves (PieceTable.sources); only the pairs that overlap in part reach the pieces.
import type { Db } from '../db/spatialite.js';
import { bboxOf, multiPolygonWkb, parsePolygons, parseSnapped, type Polygon } from './geom.js';
import { BoxGrid, Rel, relate, relateScratch, Shape, simpleValid } from './planar.js';

export const MAX_VERTICES = 256;

export interface PieceTable {
  name: string;
  rtree: string;
  count: number;
  /** Source features (fid) that went into the table; dissolved tables have src = 0. */
  features: number;
  /** Mean vertex count of a piece. */
  meanVertices: number;
  /** With `sources`: each source feature's snapped (repaired) geometry, as a SpatiaLite blob and as polygons. */
  sources?: Source[];
}

/** A source feature: snapped (and repaired) polygons; their WKB and SpatiaLite blob are made when needed. */
export interface Source { src: number; polys: Polygon[]; readonly wkb: Buffer; geom?: Buffer }

function source(src: number, polys: Polygon[], geom?: Buffer): Source {
  let wkb: Buffer | undefined;
  return { src, polys, geom, get wkb() { return (wkb ??= multiPolygonWkb(polys)!); } };
}

/** The SRID of a layer's geometry column (blobs made from WKB must carry it, or SpatiaLite refuses to mix them). */
export function layerSrid(db: Db, table: string): number {
  const r = db.prepare("SELECT srid FROM geometry_columns WHERE lower(f_table_name) = lower(?) AND lower(f_geometry_column) = 'geom'").get(table) as { srid: number } | undefined;
  return r?.srid ?? 0;
}

/** The source's SpatiaLite blob (made once from its WKB). */
export function blobOf(db: Db, srid: number, s: Source): Buffer {
  s.geom ??= (db.prepare(`SELECT GeomFromWKB(?, ${Math.trunc(srid)}) g`).get(s.wkb) as { g: Buffer }).g;
  return s.geom;
}

export interface PieceOptions {
  grid: number;
  /**
   * Dissolve features that overlap each other (so overlapping parts count once); features that overlap nothing are
   * kept as they are (src = their fid), the dissolved ones get src = 0.
   */
  dissolve?: boolean;
  /** The features known to overlap another (from the coverage part); found here with a self-join when not given. */
  overlapping?: Set<number>;
  maxVertices?: number;
  where?: string;
  /** Only features whose box meets this box (workspace CRS), through the layer's R*Tree. */
  bbox?: [number, number, number, number];
  /** Also return the source geometries (PieceTable.sources). */
  sources?: boolean;
  /** Only features with more than maxVertices vertices go into the table (the others are used whole). */
  bigOnly?: boolean;
  isCancelled?: () => boolean;
}

/** The snapped, valid (multi)polygon of each feature, or of the whole layer when dissolving. */
export function loadSources(db: Db, table: string, srid: number, opts: PieceOptions): Source[] {
  const b = opts.bbox;
  const inBox = b ? `AND ROWID IN (SELECT pkid FROM "idx_${table}_geom" WHERE xmin <= ${b[2]} AND xmax >= ${b[0]} AND ymin <= ${b[3]} AND ymax >= ${b[1]})` : '';
  const rows = db.prepare(`SELECT fid, AsBinary(geom) w FROM "${table}"
    WHERE geom IS NOT NULL ${inBox} ${opts.where ? `AND (${opts.where})` : ''}`).raw().all() as [number, Buffer | null][];
  // Validity: exact in JS for simple rings, GEOS for the rest (ST_IsValidReason, not ST_IsValid: the latter makes
  // GEOS print a warning on stderr for every invalid feature).
  const s = Math.trunc(srid);
  const reason = db.prepare(`SELECT ST_IsValidReason(GeomFromWKB(?, ${s})) r`);
  const repair = db.prepare(`SELECT AsBinary(CollectionExtract(MakeValid(GeomFromWKB(?, ${s})), 3)) w`);
  const out: Source[] = [];
  for (let i = 0; i < rows.length; i++) {
    const [fid, w] = rows[i]!;
    rows[i] = undefined!; // let the WKB go as soon as it is read
    // Snapped in JS, exactly as ST_SnapToGrid (tested).
    let polys = parseSnapped(w, opts.grid);
    if (!polys.length) continue;
    if (!simpleValid(polys)) {
      const w = multiPolygonWkb(polys);
      if ((reason.get(w) as { r: string | null }).r !== 'Valid Geometry') {
        polys = parsePolygons((repair.get(w) as { w: Buffer | null }).w);
        if (!polys.length) continue;
      }
    }
    out.push(source(fid, polys));
  }
  if (!opts.dissolve || out.length === 0) return out;
  // Which features overlap another one (interiors intersect)? Usually none: then nothing needs dissolving. Found
  // with the exact JS relations (features whose boxes meet), unless the coverage part already said.
  const overlapping = opts.overlapping ?? new Set<number>();
  if (!opts.overlapping) {
    const shapes = out.map((o) => new Shape(o.polys));
    const boxes = new Float64Array(shapes.length * 4);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    shapes.forEach((sh, i) => {
      boxes[i * 4] = sh.x0; boxes[i * 4 + 1] = sh.y0; boxes[i * 4 + 2] = sh.x1; boxes[i * 4 + 3] = sh.y1;
      x0 = Math.min(x0, sh.x0); y0 = Math.min(y0, sh.y0); x1 = Math.max(x1, sh.x1); y1 = Math.max(y1, sh.y1);
    });
    const grid = new BoxGrid(x0, y0, x1, y1, boxes);
    const scratch = relateScratch();
    const near: number[] = [];
    shapes.forEach((sh, i) => {
      grid.query(sh.x0, sh.y0, sh.x1, sh.y1, near);
      for (const j of near) {
        if (j <= i) continue;
        if (relate(sh, shapes[j]!, scratch) !== Rel.Disjoint) { overlapping.add(out[i]!.src); overlapping.add(out[j]!.src); }
      }
    });
  }
  if (!overlapping.size) return out;
  const keep = out.filter((o) => !overlapping.has(o.src));
  // Dissolve in batches (cascaded union of a few hundred at a time, then of the batch results) to bound memory.
  let level = out.filter((o) => overlapping.has(o.src)).map((o) => blobOf(db, srid, o));
  const union2 = (gs: Buffer[]): Buffer | null => {
    db.exec('DROP TABLE IF EXISTS temp.sx_union_in; CREATE TEMP TABLE sx_union_in (g BLOB)');
    const ins = db.prepare('INSERT INTO temp.sx_union_in (g) VALUES (?)');
    for (const g of gs) ins.run(g);
    const r = db.prepare('SELECT CollectionExtract(ST_Union(g), 3) u FROM temp.sx_union_in').get() as { u: Buffer | null };
    db.exec('DROP TABLE temp.sx_union_in');
    return r.u;
  };
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 500) {
      if (opts.isCancelled?.()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
      const u = union2(level.slice(i, i + 500));
      if (u) next.push(u);
    }
    level = next;
  }
  if (!level.length) return keep;
  const w = (db.prepare('SELECT AsBinary(?) w').get(level[0]!) as { w: Buffer | null }).w;
  const polys = parsePolygons(w);
  return polys.length ? [...keep, source(0, polys, level[0]!)] : keep;
}

export function buildPieces(db: Db, table: string, name: string, opts: PieceOptions): PieceTable {
  const maxV = Math.max(8, Math.trunc(opts.maxVertices ?? MAX_VERTICES));
  db.exec(`DROP TABLE IF EXISTS temp."${name}"; DROP TABLE IF EXISTS temp."${name}_rt";
    CREATE TEMP TABLE "${name}" (id INTEGER PRIMARY KEY, src INTEGER NOT NULL, geom BLOB NOT NULL, x0 REAL, y0 REAL, x1 REAL, y1 REAL);
    CREATE INDEX temp."${name}_src" ON "${name}" (src);
    CREATE VIRTUAL TABLE temp."${name}_rt" USING rtree(id, x0, x1, y0, y1);`);
  const srid = layerSrid(db, table);
  const sources = loadSources(db, table, srid, opts);
  const subdivide = db.prepare(`SELECT ST_Subdivide(?, ${maxV}) g`);
  const count = db.prepare('SELECT ST_NumGeometries(?) n');
  const nth = db.prepare('SELECT GeometryN(?, ?) g, MbrMinX(GeometryN(?, ?)) x0, MbrMinY(GeometryN(?, ?)) y0, MbrMaxX(GeometryN(?, ?)) x1, MbrMaxY(GeometryN(?, ?)) y1');
  const insert = db.prepare(`INSERT INTO temp."${name}" (src, geom, x0, y0, x1, y1) VALUES (?, ?, ?, ?, ?, ?)`);
  let pieces = 0;
  let vertices = 0;
  db.transaction(() => {
    for (const s of sources) {
      let n = 0;
      for (const p of s.polys) for (const r of p) n += r.length / 2;
      if (n <= maxV) {
        if (opts.bigOnly) continue;
        const bb = bboxOf(s.polys);
        if (bb) { insert.run(s.src, blobOf(db, srid, s), ...bb); pieces++; vertices += n; }
        continue;
      }
      vertices += n;
      const sub = (subdivide.get(blobOf(db, srid, s)) as { g: Buffer | null }).g;
      const k = sub ? (count.get(sub) as { n: number }).n : 0;
      if (!sub || !k) {
        const bb = bboxOf(s.polys);
        if (bb) { insert.run(s.src, blobOf(db, srid, s), ...bb); pieces++; }
        continue;
      }
      for (let i = 1; i <= k; i++) {
        const j = BigInt(i);
        const r = nth.get(sub, j, sub, j, sub, j, sub, j, sub, j) as { g: Buffer | null; x0: number; y0: number; x1: number; y1: number };
        if (r.g) { insert.run(s.src, r.g, r.x0, r.y0, r.x1, r.y1); pieces++; }
      }
    }
    db.exec(`INSERT INTO temp."${name}_rt" (id, x0, x1, y0, y1) SELECT id, x0, x1, y0, y1 FROM temp."${name}"`);
  })();
  return { name, rtree: `${name}_rt`, count: pieces, features: sources.length, meanVertices: pieces ? vertices / pieces : 0, sources: opts.sources ? sources : undefined };
}
