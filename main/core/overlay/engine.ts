// The checks, as parts that run in worker threads (each with its own connection to the workspace): shapes of a
// layer, land use × control lines and × admin units for a range of parcels, coverage (overlaps and gaps) of one
// layer, conflicts between lines, and line statistics. The coordinator (coordinator.ts) splits a run into parts,
// hands them to the worker pool and merges what they return; findings are written by the parts themselves.
import type { CheckId, CheckParams } from '../../../shared/contract/schemas.js';
import { isConstructionLand, isCultivated } from '../../../shared/domain/dlbm.js';
import { openDatabase, type Db } from '../db/spatialite.js';
import { AdminLocator, type AdminUnit } from './admin.js';
import { matchSegments, segmentsWkb } from './coverage.js';
import { ellipsoidalFactor, type EllipsoidalFactor } from './ellipsoid.js';
import { interiorPoint, measurePart, multiPolygonWkb, parsePolygons, polygonArea, ringSignedArea, significantParts, totalArea, type Polygon } from './geom.js';
import { assertLayerCrs, hasColumn, LINE_KINDS, resolveRoles, snapExpr, type LayerRef, type LineKind, type Roles } from './layers.js';
import { landuseFragmentThreshold } from './params.js';
import { buildPieces, pieceFilter, type PieceTable } from './pieces.js';
import { FindingSink, type TypeTotal } from './sink.js';

export type PartSpec =
  /**
   * A range of parcels. `flagged` are the parcels the coverage part could not prove clean (segment matching); when
   * given, line features that are exact copies of a clean parcel skip GEOS for that parcel's clean neighbours.
   */
  | { kind: 'landuse'; lo: number; hi: number; flagged?: number[] }
  | { kind: 'shapes'; tables: string[] }
  | { kind: 'coverage'; table: string }
  | { kind: 'conflicts' }
  /** Statistics of one line (null: none) and/or the extent check of the layers other than the parcels. */
  | { kind: 'lines'; line: LineKind | null; extent: boolean; overlapping?: number[] };

export interface PartParams {
  path: string;
  runId: number;
  checks: CheckId[];
  params: CheckParams;
  layerPairs: [string, string][];
  spec: PartSpec;
}

/** Areas (m²) by admin unit fid and key; merged by addition. */
export interface PartialStats {
  /** 三调 parcels by unit fid → DLBM → m². */
  landuse: Record<number, Record<string, number>>;
  landuseUnassigned: Record<string, number>;
  /** Control lines (dissolved) by line kind → unit fid → m². */
  lines: Record<string, Record<number, number>>;
  linesTotal: Record<string, number>;
}

export interface PartResult {
  totals: Record<string, TypeTotal>;
  count: number;
  stats: PartialStats;
  /** Parcels inside each line (raw overlay areas) by line kind → DLBM → m². */
  byLine: Record<string, Record<string, number>>;
  notes: string[];
  /** Coverage parts: the features whose edges are not all matched (may overlap something). */
  flagged?: number[];
  /** Coverage parts: the features whose interior meets another feature's (any overlap, however small). */
  overlapping?: number[];
  ms: number;
}

export interface PartContextOptions {
  isCancelled(): boolean;
  progress(fraction: number, message: string): void;
}

interface Ctx extends PartContextOptions {
  db: Db;
  srid: number;
  p: CheckParams;
  roles: Roles;
  admin: AdminLocator;
  sink: FindingSink;
  factor: EllipsoidalFactor;
  checks: Set<CheckId>;
  notes: string[];
}

const CHUNK = 4000;

function cancelled(): Error {
  return Object.assign(new Error('已取消 / Cancelled'), { code: 'CANCELLED' });
}

export function emptyStats(): PartialStats {
  return { landuse: {}, landuseUnassigned: {}, lines: {}, linesTotal: {} };
}

const add = (m: Record<string | number, number>, k: string | number, v: number) => { m[k] = (m[k] ?? 0) + v; };

/** The unit layer statistics are computed on: the finest admin level present. */
export function unitLayer(roles: Roles): { layer: LayerRef; level: 'village' | 'town' | 'county' } | undefined {
  if (roles.village) return { layer: roles.village, level: 'village' };
  if (roles.town) return { layer: roles.town, level: 'town' };
  if (roles.county) return { layer: roles.county, level: 'county' };
  return undefined;
}

function unitsOf(admin: AdminLocator, level: 'village' | 'town' | 'county'): AdminUnit[] {
  return level === 'village' ? admin.villages : level === 'town' ? admin.towns : admin.counties;
}

const LINE_ROLE: Record<LineKind, 'eco' | 'farmland' | 'urban'> = { eco_redline: 'eco', permanent_farmland: 'farmland', urban_boundary: 'urban' };
const LINE_ZH: Record<LineKind, string> = { eco_redline: '生态保护红线', permanent_farmland: '永久基本农田', urban_boundary: '城镇开发边界' };

export function runPart(params: PartParams, opts: PartContextOptions): PartResult {
  const t0 = performance.now();
  const db = openDatabase(params.path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 120000');
    // Parts read the same layers again and again: a bigger page cache and memory-mapped reads keep that cheap.
    db.pragma('cache_size = -131072');
    db.pragma('mmap_size = 1073741824');
    const srid = Number((db.prepare("SELECT value FROM sx_meta WHERE key='srid'").get() as { value: string }).value);
    const roles = resolveRoles(db);
    const admin = new AdminLocator(db, roles, params.params.gridSize);
    const factor = ellipsoidalFactor(srid);
    const sink = new FindingSink(db, params.runId, srid, admin, factor);
    const ctx: Ctx = { ...opts, db, srid, p: params.params, roles, admin, sink, factor, checks: new Set(params.checks), notes: [] };
    const stats = emptyStats();
    const byLine: Record<string, Record<string, number>> = {};
    const spec = params.spec;
    let flagged: number[] | undefined;
    let overlapping: number[] | undefined;
    switch (spec.kind) {
      case 'landuse': landusePart(ctx, spec.lo, spec.hi, stats, byLine, spec.flagged); break;
      case 'shapes': for (const t of spec.tables) checkShapes(ctx, roles.all.find((l) => l.table === t)!); break;
      case 'coverage': ({ flagged, overlapping } = coveragePart(ctx, roles.all.find((l) => l.table === spec.table)!)); break;
      case 'conflicts': conflictsPart(ctx, params.layerPairs); break;
      case 'lines': linesPart(ctx, stats, spec.line, spec.extent, spec.overlapping); break;
    }
    sink.flush();
    return { totals: sink.totalsObject(), count: sink.count, stats, byLine, notes: ctx.notes, flagged, overlapping, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

// ---- Shapes: validity, multipart, slivers, fragments -------------------------------------------------------------

const REASON_ZH: [RegExp, string][] = [
  [/Ring Self-intersection/i, '环自相交'], [/Self-intersection/i, '自相交'], [/Too few points/i, '点数过少'],
  [/Hole lies outside shell/i, '内环在外环之外'], [/Nested shells/i, '外环嵌套'], [/Interior is disconnected/i, '内部不连通'],
  [/Invalid Coordinate/i, '坐标无效'], [/Duplicate Rings/i, '重复环'], [/Nested holes/i, '内环嵌套'],
];

function reasonZh(reason: string): string {
  return REASON_ZH.find(([re]) => re.test(reason))?.[1] ?? '几何无效';
}

/** Shape checks of one layer (optionally a fid range); returns the fids that are invalid as stored or once snapped. */
export function checkShapes(ctx: Ctx, layer: LayerRef, lo = -Infinity, hi = Infinity): number[] {
  const { db, p, sink } = ctx;
  const doValidity = ctx.checks.has('validity'), doSliver = ctx.checks.has('slivers'), doFragment = ctx.checks.has('fragments');
  const dlbmCol = hasColumn(db, layer.table, 'DLBM') ? 'DLBM' : 'NULL';
  const singlePart = p.singlePartKinds.includes(layer.kind);
  const bad: number[] = [];
  const stmt = db.prepare(`SELECT fid, ${dlbmCol} dlbm, geom IS NULL isnull, ST_IsValid(geom) v0,
      CASE WHEN ST_IsValid(geom) = 1 THEN NULL ELSE ST_IsValidReason(geom) END reason,
      ST_IsValid(ST_SnapToGrid(geom, ${p.gridSize})) v1, AsBinary(geom) wkb
    FROM "${layer.table}" WHERE fid BETWEEN ? AND ? ORDER BY fid LIMIT ${CHUNK}`);
  const repair = db.prepare(`SELECT AsBinary(CollectionExtract(MakeValid(ST_SnapToGrid(geom, ${p.gridSize})), 3)) wkb FROM "${layer.table}" WHERE fid = ?`);
  let from = lo;
  for (;;) {
    if (ctx.isCancelled()) throw cancelled();
    const rows = stmt.all(Number.isFinite(from) ? from : -1e18, Number.isFinite(hi) ? hi : 1e18) as
      { fid: number; dlbm: string | null; isnull: number; v0: number | null; reason: string | null; v1: number | null; wkb: Buffer | null }[];
    if (!rows.length) break;
    for (const r of rows) {
      const layers = [layer.table], featureIds = [[r.fid]];
      const polys = parsePolygons(r.wkb);
      if (r.isnull || !polys.length) {
        bad.push(r.fid);
        if (doValidity) sink.add({ type: 'invalid_geometry', severity: 'error', layers, featureIds, polys: [], dlbm: r.dlbm,
          detail: `空几何 / empty or missing geometry (${layer.name} fid ${r.fid})`, suggestion: '补绘或删除该要素 / redraw or delete the feature', areaOverride: 0 });
        continue;
      }
      const badRing = polys.some((poly) => poly.some((ring) => ring.length < 8 || ring[0] !== ring[ring.length - 2] || ring[1] !== ring[ring.length - 1]));
      if (r.v0 !== 1 || r.v1 !== 1 || badRing) {
        bad.push(r.fid);
        if (doValidity) {
          const fixed = parsePolygons((repair.get(r.fid) as { wkb: Buffer | null }).wkb);
          const reason = r.reason ?? (badRing ? 'bad ring (fewer than 4 points or not closed)' : `invalid after snapping to ${p.gridSize} m`);
          sink.add({ type: 'invalid_geometry', severity: 'error', layers, featureIds, polys, dlbm: r.dlbm, areaOverride: totalArea(fixed),
            detail: `${badRing ? '环无效' : reasonZh(reason)} / ${reason}`,
            suggestion: '修复几何（自相交、坏环）；面积按修复后几何计 / repair the geometry; areas use the repaired shape' });
        }
      } else if (doValidity) {
        // Duplicate consecutive vertices (after snapping to the grid): valid for GEOS, an error in 国土调查 QC.
        let dups = 0;
        const g = p.gridSize;
        for (const poly of polys) for (const ring of poly) {
          for (let i = 2; i < ring.length; i += 2) {
            if (Math.round(ring[i]! / g) === Math.round(ring[i - 2]! / g) && Math.round(ring[i + 1]! / g) === Math.round(ring[i - 1]! / g)) dups++;
          }
        }
        if (dups) sink.add({ type: 'invalid_geometry', severity: 'warning', layers, featureIds, polys, dlbm: r.dlbm,
          detail: `重复节点 ${dups} 个 / ${dups} duplicate vertices (within ${g} m)`, suggestion: '删除重复节点 / remove duplicate vertices' });
      }
      if (doValidity && singlePart && polys.length > 1) {
        sink.add({ type: 'multipart', severity: 'warning', layers, featureIds, polys, dlbm: r.dlbm,
          detail: `多部件 ${polys.length} 个 / ${polys.length} parts where one is required`, suggestion: '拆分为单部件图斑 / split into single-part features' });
      }
      if (!doSliver && !doFragment) continue;
      const minArea = layer.kind === 'landuse' ? landuseFragmentThreshold(r.dlbm, p) : p.fragmentMinArea;
      for (const part of polys) {
        const m = measurePart(part);
        if (m.area <= 0) continue;
        if (doSliver && m.thinness < p.sliverMaxThinness && m.meanWidth < p.sliverMaxWidth) {
          sink.add({ type: 'sliver', severity: 'warning', layers, featureIds, polys: [part], dlbm: r.dlbm,
            detail: `细长部件：紧凑度 ${m.thinness.toFixed(3)}，平均宽度 ${m.meanWidth.toFixed(3)} m / sliver: thinness ${m.thinness.toFixed(3)}, mean width ${m.meanWidth.toFixed(3)} m`,
            suggestion: '合并到相邻要素 / merge into the neighbouring feature' });
        } else if (doFragment && m.area < minArea) {
          sink.add({ type: 'fragment', severity: 'warning', layers, featureIds, polys: [part], dlbm: r.dlbm,
            detail: `碎片：${m.area.toFixed(2)} m² < ${minArea} m² / fragment below the minimum area`,
            suggestion: '合并到相邻图斑 / merge into a neighbour' });
        }
      }
    }
    from = rows[rows.length - 1]!.fid + 1;
    if (rows.length < CHUNK) break;
  }
  return bad;
}

// ---- Overlay plumbing ---------------------------------------------------------------------------------------------

/** Canonical form of a polygon on the grid: rings as integer vertices, from the smallest vertex, counter-clockwise. */
function shapeKey(wkb: Buffer, grid: number): string {
  const parts: string[] = [];
  for (const poly of parsePolygons(wkb)) {
    const rings: string[] = [];
    for (const ring of poly) {
      const n = ring.length / 2 - 1;
      if (n < 3) continue;
      const xs: number[] = [], ys: number[] = [];
      for (let i = 0; i < n; i++) { xs.push(Math.round(ring[i * 2]! / grid)); ys.push(Math.round(ring[i * 2 + 1]! / grid)); }
      let start = 0;
      for (let i = 1; i < n; i++) if (xs[i]! < xs[start]! || (xs[i] === xs[start] && ys[i]! < ys[start]!)) start = i;
      const dir = ringSignedArea(ring) >= 0 ? 1 : -1;
      const out: number[] = [];
      for (let k = 0; k < n; k++) { const i = (start + dir * k + n * 2) % n; out.push(xs[i]!, ys[i]!); }
      rings.push(out.join(','));
    }
    const [ext, ...holes] = rings;
    parts.push([ext, ...holes.sort()].join('|'));
  }
  return parts.sort().join('#');
}

function sameShape(a: Buffer, b: Buffer, grid: number): boolean {
  return shapeKey(a, grid) === shapeKey(b, grid);
}

type Stmt = ReturnType<Db['prepare']> & { get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
const unionStmt = new WeakMap<Db, Stmt>();

/** Dissolves polygon parts (from several pieces or features) into one valid geometry. */
function unionParts(ctx: Ctx, polys: Polygon[]): Polygon[] {
  if (polys.length <= 1) return polys;
  let stmt = unionStmt.get(ctx.db);
  if (!stmt) {
    stmt = ctx.db.prepare(`SELECT AsBinary(CollectionExtract(ST_UnaryUnion(GeomFromWKB(?, ${ctx.srid})), 3)) wkb`) as Stmt;
    unionStmt.set(ctx.db, stmt);
  }
  return parsePolygons((stmt.get(multiPolygonWkb(polys)) as { wkb: Buffer | null }).wkb);
}

interface Hit { src: number; polys: Polygon[]; area: number }

/** Merges the overlay hits of one feature against pieces: exact, with seams and overlapping sources dissolved. */
function mergeHits(ctx: Ctx, hits: Hit[], featureArea: number, featurePolys: () => Polygon[]): { polys: Polygon[]; area: number; srcs: number[] } {
  const srcs = [...new Set(hits.map((h) => h.src))];
  if (hits.some((h) => h.area >= featureArea * (1 - 1e-12))) return { polys: featurePolys(), area: featureArea, srcs };
  if (hits.length === 1) return { polys: hits[0]!.polys, area: hits[0]!.area, srcs };
  const polys = unionParts(ctx, hits.flatMap((h) => h.polys));
  return { polys, area: totalArea(polys), srcs };
}

// ---- Land use × lines and × admin units, for a range of parcels --------------------------------------------------

interface LineRule { type: 'construction_in_eco' | 'construction_in_farmland' | 'farmland_not_cultivated' | 'cultivated_in_urban'; test(dlbm: string): boolean; severity: 'error' | 'warning' | 'info'; zh: string; suggestion: string }

const LINE_RULES: Record<LineKind, LineRule[]> = {
  eco_redline: [{ type: 'construction_in_eco', test: isConstructionLand, severity: 'warning', zh: '生态保护红线内建设用地',
    suggestion: '核实现状建设用地，按生态保护红线管控要求有序退出 / verify; phase out under the red-line rules' }],
  permanent_farmland: [
    { type: 'construction_in_farmland', test: isConstructionLand, severity: 'error', zh: '永久基本农田内建设用地',
      suggestion: '从永久基本农田中调出并补划 / remove from 永久基本农田 and replace it elsewhere' },
    { type: 'farmland_not_cultivated', test: (d) => !isCultivated(d) && !isConstructionLand(d), severity: 'error', zh: '永久基本农田划定不实（非耕地）',
      suggestion: '划定不实：调出永久基本农田并补划耕地 / not 耕地: remove from 永久基本农田 and replace with 耕地' },
  ],
  urban_boundary: [{ type: 'cultivated_in_urban', test: isCultivated, severity: 'info', zh: '城镇开发边界内耕地',
    suggestion: '核实：城镇开发边界内耕地，优先保护或调出边界 / check: 耕地 inside the boundary, protect or cut from 城镇开发边界' }],
};

function landusePart(ctx: Ctx, lo: number, hi: number, stats: PartialStats, byLine: Record<string, Record<string, number>>, flaggedParcels?: number[]): void {
  const { db, p, roles } = ctx;
  const landuse = roles.landuse!;
  assertLayerCrs(db, landuse.table, ctx.srid);
  ctx.progress(0, `${landuse.name}: 几何检查 / shapes`);
  const prof = process.env.SX_PROF ? new Map<string, number>() : undefined;
  let tp = performance.now();
  const lap = (k: string) => { if (prof) { const n = performance.now(); prof.set(k, (prof.get(k) ?? 0) + n - tp); tp = n; } };
  const bad = checkShapes(ctx, landuse, lo, hi);
  lap('shapes');
  db.exec('DROP TABLE IF EXISTS temp.sx_bad; CREATE TEMP TABLE sx_bad (fid INTEGER PRIMARY KEY)');
  const insBad = db.prepare('INSERT OR IGNORE INTO temp.sx_bad (fid) VALUES (?)');
  db.transaction(() => { for (const f of bad) insBad.run(f); })();
  const hasDlbm = hasColumn(db, landuse.table, 'DLBM');
  const hasZl = hasColumn(db, landuse.table, 'ZLDWDM');
  const g = snapExpr('p', p.gridSize, 'temp.sx_bad');

  // Only the parts of the other layers near this range of parcels are prepared.
  const ext = db.prepare(`SELECT MIN(MbrMinX(geom)) x0, MIN(MbrMinY(geom)) y0, MAX(MbrMaxX(geom)) x1, MAX(MbrMaxY(geom)) y1
    FROM "${landuse.table}" WHERE fid BETWEEN ? AND ?`).get(lo, hi) as { x0: number | null; y0: number; x1: number; y1: number };
  const bbox: [number, number, number, number] | undefined = ext.x0 === null ? undefined : [ext.x0 - 1, ext.y0 - 1, ext.x1 + 1, ext.y1 + 1];
  // Targets: each control line (per-feature pieces), then the admin units for statistics and "outside" checks.
  interface Target { key: string; pieces: PieceTable; line?: LineKind; units?: 'village' | 'town' | 'county' }
  const targets: Target[] = [];
  if (ctx.checks.has('landuse_in_lines') || ctx.checks.has('stats')) {
    for (const kind of LINE_KINDS) {
      const layer = roles[LINE_ROLE[kind]];
      if (!layer) continue;
      assertLayerCrs(db, layer.table, ctx.srid);
      targets.push({ key: kind, line: kind, pieces: buildPieces(db, layer.table, `sx_pc_${kind}`, { grid: p.gridSize, bbox, isCancelled: ctx.isCancelled }) });
    }
  }
  const unit = unitLayer(roles);
  if (unit && (ctx.checks.has('stats') || ctx.checks.has('extent'))) {
    targets.push({ key: 'units', units: unit.level, pieces: buildPieces(db, unit.layer.table, 'sx_pc_units', { grid: p.gridSize, bbox, isCancelled: ctx.isCancelled }) });
  }
  lap('pieces');
  const unitByFid = new Map((unit ? unitsOf(ctx.admin, unit.level) : []).map((u) => [u.fid, u]));
  const unitByCode = new Map((unit ? unitsOf(ctx.admin, unit.level) : []).map((u) => [u.code, u]));
  const extentGeom = extentBlob(ctx);

  const parcelStmt = db.prepare(`SELECT p.fid fid, ${hasDlbm ? 'p.DLBM' : 'NULL'} dlbm, ${hasZl ? 'p.ZLDWDM' : 'NULL'} zl, ST_Area(${g}) a
    FROM "${landuse.table}" p WHERE p.fid BETWEEN ? AND ? AND p.geom IS NOT NULL ORDER BY p.fid LIMIT ${CHUNK}`);
  const parcelGeom = db.prepare(`SELECT AsBinary(${g}) wkb FROM "${landuse.table}" p WHERE p.fid = ?`);
  const diffStmt = db.prepare(`SELECT AsBinary(CollectionExtract(ST_Difference(${g}, ?), 3)) wkb FROM "${landuse.table}" p WHERE p.fid = ?`) as Stmt;
  const unitGeom = unit ? db.prepare(`SELECT ST_SnapToGrid(geom, ${p.gridSize}) g FROM "${unit.layer.table}" WHERE fid = ?`) as Stmt : undefined;

  // Small line features (drawn on the parcels, like 永久基本农田) mostly just touch their neighbours: test for
  // interior overlap (DE-9IM T********) before clipping. Big pieces use the prepared-geometry ST_Intersects.
  const overlayStmts = new Map(targets.map((t) => {
    const hit = t.pieces.meanVertices <= 64 ? `ST_Relate(l.geom, ${g}, 'T********') = 1` : `ST_Intersects(l.geom, ${g})`;
    // Admin units only need areas; lines need the overlay geometry for findings.
    const value = t.units ? `CASE WHEN ST_Covers(l.geom, ${g}) THEN ST_Area(${g}) ELSE ST_Area(ST_Intersection(l.geom, ${g})) END a, NULL wkb`
      : `NULL a, CASE WHEN ST_Covers(l.geom, ${g}) THEN AsBinary(${g}) ELSE AsBinary(ST_Intersection(l.geom, ${g})) END wkb`;
    return [t.key, db.prepare(`SELECT p.fid fid, l.src src, ${value}
    FROM temp."${t.pieces.name}" l JOIN "${landuse.table}" p
      ON p.ROWID IN (SELECT pkid FROM "idx_${landuse.table}_geom" WHERE xmin <= l.x1 AND xmax >= l.x0 AND ymin <= l.y1 AND ymax >= l.y0)
    WHERE p.fid BETWEEN ? AND ? AND ${hit}`)];
  }));

  // Line features drawn on the parcels (永久基本农田 is usually copied from them): a feature that is an exact copy of
  // a parcel p0 (same snapped rings) covers p0 and, when p0 and a neighbour p are both clean (all their edges shared
  // with exactly one neighbour, so they cannot overlap), has no area in p. Those pairs need no GEOS at all.
  const flaggedSet = flaggedParcels ? new Set(flaggedParcels) : undefined;
  db.exec(`DROP TABLE IF EXISTS temp.sx_eq; CREATE TEMP TABLE sx_eq (src INTEGER PRIMARY KEY);
    DROP TABLE IF EXISTS temp.sx_flagged; CREATE TEMP TABLE sx_flagged (fid INTEGER PRIMARY KEY)`);
  if (flaggedParcels) {
    const insF = db.prepare('INSERT OR IGNORE INTO temp.sx_flagged (fid) VALUES (?)');
    db.transaction(() => { for (const f of flaggedParcels) if (f >= lo && f <= hi) insF.run(f); })();
  }
  const insEq = db.prepare('INSERT OR IGNORE INTO temp.sx_eq (src) VALUES (?)');
  const tolBox = p.gridSize * 2;
  // Copies are found once per part, against all parcels (bbox equal within the grid, then the same rings).
  const eqCopies = new Map<string, { src: number; fid: number }[]>();
  for (const t of targets.filter((x) => x.line && flaggedSet && x.pieces.meanVertices <= 64)) {
    // Parcels of this part outside, the line's pieces through their R*Tree inside: copies of parcels elsewhere are
    // found by the parts that hold those parcels.
    const rows = db.prepare(`SELECT l.src src, p.fid fid, AsBinary(l.geom) lw, AsBinary(${g}) pw FROM "${landuse.table}" p CROSS JOIN temp."${t.pieces.name}" l
        ON l.id IN (SELECT id FROM temp."${t.pieces.rtree}" WHERE x0 <= MbrMaxX(p.geom) AND x1 >= MbrMinX(p.geom) AND y0 <= MbrMaxY(p.geom) AND y1 >= MbrMinY(p.geom))
      WHERE p.fid BETWEEN ? AND ? AND abs(MbrMinX(p.geom) - l.x0) <= ${tolBox} AND abs(MbrMaxX(p.geom) - l.x1) <= ${tolBox}
        AND abs(MbrMinY(p.geom) - l.y0) <= ${tolBox} AND abs(MbrMaxY(p.geom) - l.y1) <= ${tolBox}`).all(lo, hi) as { src: number; fid: number; lw: Buffer; pw: Buffer }[];
    const copies = rows.filter((r) => !flaggedSet!.has(r.fid) && sameShape(r.lw, r.pw, p.gridSize)).map((r) => ({ src: r.src, fid: r.fid }));
    eqCopies.set(t.key, copies);
  }
  lap('copies');
  const eqOthers = new Map([...eqCopies.keys()].map((k) => {
    const t = targets.find((x) => x.key === k)!;
    const hit = `ST_Relate(l.geom, ${g}, 'T********') = 1`;
    const from = `FROM temp."${t.pieces.name}" l CROSS JOIN "${landuse.table}" p
      ON p.ROWID IN (SELECT pkid FROM "idx_${landuse.table}_geom" WHERE xmin <= l.x1 AND xmax >= l.x0 AND ymin <= l.y1 AND ymax >= l.y0)`;
    const value = `NULL a, CASE WHEN ST_Covers(l.geom, ${g}) THEN AsBinary(${g}) ELSE AsBinary(ST_Intersection(l.geom, ${g})) END wkb`;
    return [k, {
      // Features that are not copies of a clean parcel of this chunk: as usual.
      rest: db.prepare(`SELECT p.fid fid, l.src src, ${value} ${from} WHERE p.fid BETWEEN ? AND ? AND l.src NOT IN (SELECT src FROM temp.sx_eq) AND ${hit}`),
      // Copies against the flagged parcels of the chunk (which might overlap their original).
      flagged: db.prepare(`SELECT p.fid fid, l.src src, ${value} ${from} WHERE p.fid BETWEEN ? AND ? AND l.src IN (SELECT src FROM temp.sx_eq)
        AND +p.fid IN (SELECT fid FROM temp.sx_flagged) AND ${hit}`),
    }];
  }));

  // Parcels to their declared unit (ZLDWDM; its first 9 / 6 digits for towns / counties).
  const unitCode = unit ? (unit.level === 'village' ? 'ZLDWDM' : 'XZQDM') : undefined;
  const zlPrefix = unit?.level === 'town' ? 'substr(p.ZLDWDM, 1, 9)' : unit?.level === 'county' ? 'substr(p.ZLDWDM, 1, 6)' : 'p.ZLDWDM';
  const ownUnitStmt = unit && hasZl && unitCode && hasColumn(db, unit.layer.table, unitCode)
    ? db.prepare(`SELECT p.fid fid, v.fid src, ST_Covers(v.geom, p.geom) cov FROM "${landuse.table}" p JOIN "${unit.layer.table}" v ON v."${unitCode}" = ${zlPrefix}
      WHERE p.fid BETWEEN ? AND ? AND p.geom IS NOT NULL ORDER BY v.fid`) : undefined;
  db.exec('DROP TABLE IF EXISTS temp.sx_rest; CREATE TEMP TABLE sx_rest (fid INTEGER PRIMARY KEY)');
  const insRest = db.prepare('INSERT OR IGNORE INTO temp.sx_rest (fid) VALUES (?)');
  const unitTarget = targets.find((t) => t.units);
  const unitRestStmt = unitTarget ? db.prepare(`SELECT p.fid fid, l.src src,
      CASE WHEN ST_Covers(l.geom, ${g}) THEN ST_Area(${g}) ELSE ST_Area(ST_Intersection(l.geom, ${g})) END a, NULL wkb
    FROM temp.sx_rest r CROSS JOIN "${landuse.table}" p ON p.fid = r.fid CROSS JOIN temp."${unitTarget.pieces.name}" l
      ON l.id IN (SELECT id FROM temp."${unitTarget.pieces.rtree}" WHERE x0 <= MbrMaxX(p.geom) AND x1 >= MbrMinX(p.geom) AND y0 <= MbrMaxY(p.geom) AND y1 >= MbrMinY(p.geom))
    WHERE ST_Intersects(l.geom, ${g})`) : undefined;

  const total = Math.max(1, (db.prepare(`SELECT COUNT(*) n FROM "${landuse.table}" WHERE fid BETWEEN ? AND ?`).get(lo, hi) as { n: number }).n);
  let done = 0;
  let from = lo;
  for (;;) {
    if (ctx.isCancelled()) throw cancelled();
    const parcels = parcelStmt.all(from, hi) as { fid: number; dlbm: string | null; zl: string | null; a: number | null }[];
    if (!parcels.length) break;
    const cLo = parcels[0]!.fid, cHi = parcels[parcels.length - 1]!.fid;
    const info = new Map(parcels.map((r) => [r.fid, r]));
    const geomCache = new Map<number, Polygon[]>();
    const parcelPolys = (fid: number) => {
      let v = geomCache.get(fid);
      if (!v) { v = parsePolygons((parcelGeom.get(fid) as { wkb: Buffer | null }).wkb); geomCache.set(fid, v); }
      return v;
    };
    for (const t of targets) {
      const hits = new Map<number, Hit[]>();
      let rowsO: { fid: number; src: number; a: number | null; wkb: Buffer | null }[];
      if (t.units && ownUnitStmt) {
        // Fast path: a parcel covered by the unit its ZLDWDM names belongs wholly to it (one prepared ST_Covers,
        // parcels ordered by unit); only the others go through the spatial join.
        const rest: number[] = [];
        const seen = new Set<number>();
        for (const r of ownUnitStmt.all(cLo, cHi) as { fid: number; src: number; cov: number }[]) {
          seen.add(r.fid);
          const a = info.get(r.fid)?.a ?? 0;
          if (r.cov === 1) { if (a > 0) hits.set(r.fid, [{ src: r.src, polys: [], area: a }]); } else rest.push(r.fid);
        }
        for (const fid of info.keys()) if (!seen.has(fid)) rest.push(fid);
        db.exec('DELETE FROM temp.sx_rest');
        db.transaction(() => { for (const f of rest) insRest.run(f); })();
        rowsO = rest.length ? unitRestStmt!.all() as typeof rowsO : [];
      } else if (eqCopies.has(t.key)) {
        const all = eqCopies.get(t.key)!;
        db.exec('DELETE FROM temp.sx_eq');
        db.transaction(() => { for (const c of all) insEq.run(c.src); })();
        const st = eqOthers.get(t.key)!;
        rowsO = [...st.rest.all(cLo, cHi), ...(flaggedSet!.size ? st.flagged.all(cLo, cHi) : [])] as typeof rowsO;
        // A copy covers its parcel: the parcel's whole area (its geometry is taken from the parcel when needed).
        for (const c of all) if (c.fid >= cLo && c.fid <= cHi) rowsO.push({ fid: c.fid, src: c.src, a: info.get(c.fid)?.a ?? 0, wkb: null });
      } else rowsO = overlayStmts.get(t.key)!.all(cLo, cHi) as typeof rowsO;
      lap(`sql ${t.key}`);
      for (const row of rowsO) {
        const polys = row.wkb ? parsePolygons(row.wkb) : [];
        // (rows without geometry carry an area: admin units, and line copies of a whole parcel)
        const area = row.wkb ? totalArea(polys) : row.a ?? 0;
        if (area <= 0) continue;
        const list = hits.get(row.fid) ?? [];
        list.push({ src: row.src, polys, area });
        hits.set(row.fid, list);
      }
      if (t.line) lineHits(ctx, t.line, landuse, hits, info, parcelPolys, byLine);
      else unitHits(ctx, hits, info, parcelPolys, stats, unitByFid, unitByCode, { diffStmt, unitGeom, extentGeom, landuse });
      lap(`js ${t.key}`);
    }
    done += parcels.length;
    ctx.progress(done / total, `${landuse.name}: ${done}/${total}`);
    from = cHi + 1;
    if (parcels.length < CHUNK) break;
  }
  if (prof) console.error('landuse part', lo, hi, JSON.stringify(Object.fromEntries([...prof].map(([k, v]) => [k, Math.round(v)]))));
  if (!unit && ctx.checks.has('stats')) ctx.notes.push('没有村、镇或区县图层，无法分区统计 / no admin layer: statistics by unit skipped');
}

function lineHits(ctx: Ctx, line: LineKind, landuse: LayerRef, hits: Map<number, Hit[]>, info: Map<number, { dlbm: string | null; a: number | null }>,
  parcelPolys: (fid: number) => Polygon[], byLine: Record<string, Record<string, number>>): void {
  const lineLayer = ctx.roles[LINE_ROLE[line]]!;
  const rules = ctx.checks.has('landuse_in_lines') ? LINE_RULES[line] : [];
  const sums = (byLine[line] ??= {});
  for (const [fid, list] of hits) {
    const r = info.get(fid)!;
    const merged = mergeHits(ctx, list, r.a ?? 0, () => parcelPolys(fid));
    add(sums, r.dlbm ?? '(无地类)', merged.area);
    if (!r.dlbm) continue;
    const rule = rules.find((x) => x.test(r.dlbm!));
    if (!rule) continue;
    const sig = significantParts(merged.polys, { hairlineWidth: ctx.p.hairlineWidth, minArea: ctx.p.minConflictArea });
    if (sig.area <= 0) continue;
    ctx.sink.add({ type: rule.type, severity: rule.severity, layers: [landuse.table, lineLayer.table], featureIds: [[fid], merged.srcs],
      polys: sig.parts, dlbm: r.dlbm, detail: `${rule.zh}：${r.dlbm} / ${rule.type} (DLBM ${r.dlbm})`, suggestion: rule.suggestion });
  }
}

function unitHits(ctx: Ctx, hits: Map<number, Hit[]>, info: Map<number, { fid: number; dlbm: string | null; zl: string | null; a: number | null }>,
  parcelPolys: (fid: number) => Polygon[], stats: PartialStats, unitByFid: Map<number, AdminUnit>, unitByCode: Map<string, AdminUnit>,
  s: { diffStmt: Stmt; unitGeom?: Stmt; extentGeom: Buffer | null; landuse: LayerRef }): void {
  const { p } = ctx;
  const tol = { hairlineWidth: p.hairlineWidth, minArea: p.outsideMinArea };
  for (const r of info.values()) {
    const list = hits.get(r.fid) ?? [];
    const area = r.a ?? 0;
    const dlbm = r.dlbm ?? '(无地类)';
    let inside = 0;
    let own = 0;
    const ownUnit = r.zl ? unitByCode.get(r.zl) : undefined;
    // A parcel may touch several pieces of one unit: sum per unit (pieces of a unit partition it).
    const perUnit = new Map<number, number>();
    for (const h of list) perUnit.set(h.src, (perUnit.get(h.src) ?? 0) + h.area);
    for (const [src, a] of perUnit) {
      const v = Math.min(a, area);
      if (ctx.checks.has('stats')) add((stats.landuse[src] ??= {}), dlbm, v);
      inside += v;
      if (ownUnit && ownUnit.fid === src) own = v;
    }
    if (ctx.checks.has('stats') && area - inside > 1e-9 * Math.max(1, area)) add(stats.landuseUnassigned, dlbm, area - inside);
    if (!ctx.checks.has('extent')) continue;
    if (ownUnit && s.unitGeom && area - own > p.outsideMinArea) {
      const ug = (s.unitGeom.get(ownUnit.fid) as { g: Buffer }).g;
      const sig = significantParts(parsePolygons((s.diffStmt.get(ug, r.fid) as { wkb: Buffer | null }).wkb), tol);
      if (sig.area > 0) ctx.sink.add({ type: 'outside_admin', severity: 'warning', layers: [s.landuse.table], featureIds: [[r.fid]], polys: sig.parts, dlbm: r.dlbm,
        detail: `图斑超出坐落单位 ${ownUnit.name}（${ownUnit.code}）${sig.area.toFixed(2)} m² / parcel extends outside its village`,
        suggestion: '核实坐落单位代码或按村界拆分图斑 / check ZLDWDM or split the parcel along the village boundary' });
    }
    if (s.extentGeom && area - inside > p.outsideMinArea) {
      const sig = significantParts(parsePolygons((s.diffStmt.get(s.extentGeom, r.fid) as { wkb: Buffer | null }).wkb), tol);
      if (sig.area > 0) ctx.sink.add({ type: 'outside_extent', severity: 'warning', layers: [s.landuse.table], featureIds: [[r.fid]], polys: sig.parts, dlbm: r.dlbm,
        detail: `超出行政区范围 ${sig.area.toFixed(2)} m² / outside the district`, suggestion: '裁剪到行政区范围 / clip to the district boundary' });
    }
  }
}

/** The workspace extent as one geometry: the union of the county layer, else of the towns, else of the villages. */
function extentBlob(ctx: Ctx): Buffer | null {
  const layer = ctx.roles.county ?? ctx.roles.town ?? ctx.roles.village;
  if (!layer) return null;
  const r = ctx.db.prepare(`SELECT CollectionExtract(ST_Union(ST_SnapToGrid(geom, ${ctx.p.gridSize})), 3) g FROM "${layer.table}" WHERE geom IS NOT NULL AND ST_IsValid(geom) = 1`).get() as { g: Buffer | null };
  return r.g;
}

// ---- Coverage: overlaps within a layer and gaps in layers that tile ----------------------------------------------

function coveragePart(ctx: Ctx, layer: LayerRef): { flagged: number[]; overlapping?: number[] } {
  const { db, p } = ctx;
  assertLayerCrs(db, layer.table, ctx.srid);
  ctx.progress(0, `${layer.name}: 拓扑 / coverage`);
  const cov = matchSegments(db, layer.table, p.gridSize, ctx.isCancelled);
  const tiling = p.tilingKinds.includes(layer.kind);
  const gv = (a: string) => `(CASE WHEN ST_IsValid(${a}.geom) = 1 THEN ST_SnapToGrid(${a}.geom, ${p.gridSize}) ELSE CollectionExtract(MakeValid(ST_SnapToGrid(${a}.geom, ${p.gridSize})), 3) END)`;
  let overlapping: number[] | undefined;
  if (ctx.checks.has('overlaps')) overlapping = [];
  if (ctx.checks.has('overlaps') && cov.flagged.size) {
    db.exec('DROP TABLE IF EXISTS temp.sx_flag; CREATE TEMP TABLE sx_flag (fid INTEGER PRIMARY KEY)');
    const ins = db.prepare('INSERT INTO temp.sx_flag (fid) VALUES (?)');
    const flagged = [...cov.flagged].sort((a, b) => a - b);
    db.transaction(() => { for (const f of flagged) ins.run(f); })();
    const stmt = db.prepare(`SELECT a.fid fa, b.fid fb, AsBinary(ST_Intersection(${gv('a')}, ${gv('b')})) wkb
      FROM "${layer.table}" a CROSS JOIN "${layer.table}" b
        ON b.ROWID IN (SELECT pkid FROM "idx_${layer.table}_geom" WHERE xmin <= MbrMaxX(a.geom) AND xmax >= MbrMinX(a.geom) AND ymin <= MbrMaxY(a.geom) AND ymax >= MbrMinY(a.geom))
      WHERE a.fid IN (SELECT fid FROM temp.sx_flag WHERE fid BETWEEN ? AND ?) AND b.fid <> a.fid
        AND (b.fid > a.fid OR b.fid NOT IN (SELECT fid FROM temp.sx_flag)) AND ST_Relate(a.geom, b.geom, 'T********') = 1`);
    const tol = { hairlineWidth: p.hairlineWidth, minArea: p.minConflictArea };
    const dl = hasColumn(db, layer.table, 'DLBM') ? db.prepare(`SELECT DLBM d FROM "${layer.table}" WHERE fid = ?`) : undefined;
    for (let i = 0; i < flagged.length; i += 500) {
      if (ctx.isCancelled()) throw cancelled();
      const lo = flagged[i]!, hi = flagged[Math.min(flagged.length, i + 500) - 1]!;
      for (const r of stmt.all(lo, hi) as { fa: number; fb: number; wkb: Buffer | null }[]) {
        const polys = parsePolygons(r.wkb);
        if (totalArea(polys) > 0) overlapping!.push(r.fa, r.fb);
        const sig = significantParts(polys, tol);
        if (sig.area <= 0) continue;
        const [x, y] = [Math.min(r.fa, r.fb), Math.max(r.fa, r.fb)];
        ctx.sink.add({ type: 'overlap', severity: 'error', layers: [layer.table, layer.table], featureIds: [[x], [y]], polys: sig.parts,
          dlbm: dl ? (dl.get(x) as { d: string | null } | undefined)?.d ?? null : null,
          detail: `压盖：${layer.name} fid ${x} 与 ${y} 重叠 ${sig.area.toFixed(2)} m² / overlap between features ${x} and ${y}`,
          suggestion: '删除重叠部分，只保留在一个要素中 / remove the overlap from one of the two features' });
      }
      ctx.progress(0.5 * Math.min(1, (i + 500) / flagged.length), `${layer.name}: 压盖 / overlaps`);
    }
  }
  if (tiling && ctx.checks.has('gaps')) gapsOf(ctx, layer, cov.unmatched);
  return { flagged: [...cov.flagged], overlapping: overlapping ? [...new Set(overlapping)] : undefined };
}

function gapsOf(ctx: Ctx, layer: LayerRef, unmatched: Float64Array): void {
  const { db, p, srid, roles } = ctx;
  if (unmatched.length === 0) return;
  ctx.progress(0.6, `${layer.name}: 空隙 / gaps`);
  // The footprint: areas enclosed by the unmatched linework (even-odd), i.e. the layer's union where it is clean.
  const fp = db.prepare(`SELECT AsBinary(CollectionExtract(BuildArea(ST_UnaryUnion(GeomFromWKB(?, ${srid}))), 3)) wkb`).get(segmentsWkb(unmatched)) as { wkb: Buffer | null };
  const footprint = parsePolygons(fp.wkb);
  // The area the layer should cover: the admin unit above it, else its own outline with holes filled.
  const refLayer = layer.kind === 'landuse' ? roles.county ?? roles.town ?? roles.village
    : layer.kind === 'village' ? roles.town ?? roles.county
    : layer.kind === 'town' ? roles.county : undefined;
  let ref: Buffer | null = null;
  if (refLayer && refLayer.table !== layer.table) {
    ref = (db.prepare(`SELECT AsBinary(CollectionExtract(ST_Union(ST_SnapToGrid(geom, ${p.gridSize})), 3)) wkb FROM "${refLayer.table}" WHERE geom IS NOT NULL AND ST_IsValid(geom) = 1`).get() as { wkb: Buffer | null }).wkb;
  }
  if (!ref) ref = multiPolygonWkb(footprint.map((poly) => [poly[0]!]));
  if (!ref) return;
  const diff = db.prepare(`SELECT AsBinary(CollectionExtract(ST_Difference(GeomFromWKB(?, ${srid}), GeomFromWKB(?, ${srid})), 3)) wkb`)
    .get(ref, multiPolygonWkb(footprint) ?? ref) as { wkb: Buffer | null };
  const candidates = parsePolygons(diff.wkb);
  const covered = db.prepare(`SELECT 1 FROM "${layer.table}" t WHERE t.ROWID IN (SELECT pkid FROM "idx_${layer.table}_geom" WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)
    AND ST_Covers(t.geom, MakePoint(?, ?, ${srid})) LIMIT 1`);
  for (const part of candidates) {
    const sig = significantParts([part], { hairlineWidth: p.hairlineWidth, minArea: p.minGapArea });
    if (sig.area <= 0) continue;
    const pt = interiorPoint([part]);
    if (!pt) continue;
    // Overlapping features make the even-odd footprint skip their overlap: such a "gap" is covered, not empty.
    if (covered.get(pt[0], pt[0], pt[1], pt[1], pt[0], pt[1])) continue;
    ctx.sink.add({ type: 'gap', severity: 'error', layers: [layer.table], featureIds: [[]], polys: [part],
      detail: `空隙 ${polygonArea(part).toFixed(2)} m²（${layer.name}应无缝覆盖${refLayer ? refLayer.name : '其范围'}）/ gap in a layer that should tile`,
      suggestion: '补绘图斑或调整相邻边界 / add a feature or move the neighbouring boundaries' });
  }
}

// ---- Conflicts between lines and between user-picked layers --------------------------------------------------------

const PAIRS: { a: LineKind; b: LineKind; type: 'conflict_eco_farmland' | 'conflict_farmland_urban' | 'conflict_eco_urban'; suggestion: string }[] = [
  { a: 'eco_redline', b: 'permanent_farmland', type: 'conflict_eco_farmland',
    suggestion: '从永久基本农田中调出并补划，或核减生态保护红线 / take out of 永久基本农田 (and replace) or adjust the 生态保护红线' },
  { a: 'permanent_farmland', b: 'urban_boundary', type: 'conflict_farmland_urban', suggestion: '从城镇开发边界中扣除 / cut from 城镇开发边界' },
  { a: 'eco_redline', b: 'urban_boundary', type: 'conflict_eco_urban', suggestion: '从城镇开发边界中扣除 / cut from 城镇开发边界' },
];

function conflictsPart(ctx: Ctx, userPairs: [string, string][]): void {
  const { roles } = ctx;
  const jobs: { a: LayerRef; b: LayerRef; type: 'conflict_eco_farmland' | 'conflict_farmland_urban' | 'conflict_eco_urban' | 'conflict_pair'; suggestion: string }[] = [];
  if (ctx.checks.has('line_conflicts')) {
    for (const pr of PAIRS) {
      const a = roles[LINE_ROLE[pr.a]], b = roles[LINE_ROLE[pr.b]];
      if (a && b) jobs.push({ a, b, type: pr.type, suggestion: pr.suggestion });
    }
  }
  if (ctx.checks.has('pair_conflicts')) {
    for (const [ta, tb] of userPairs) {
      const a = roles.all.find((l) => l.table === ta), b = roles.all.find((l) => l.table === tb);
      if (a && b) jobs.push({ a, b, type: 'conflict_pair', suggestion: `核实 ${a.name} 与 ${b.name} 的重叠 / resolve the overlap of ${a.name} and ${b.name}` });
    }
  }
  const pieces = new Map<string, PieceTable>();
  const piecesOf = (l: LayerRef) => {
    let t = pieces.get(l.table);
    if (!t) {
      assertLayerCrs(ctx.db, l.table, ctx.srid);
      t = buildPieces(ctx.db, l.table, `sx_pc_${l.table}`, { grid: ctx.p.gridSize, isCancelled: ctx.isCancelled });
      pieces.set(l.table, t);
    }
    return t;
  };
  jobs.forEach((job, i) => {
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(i / jobs.length, `${job.a.name} × ${job.b.name}`);
    const pa = piecesOf(job.a), pb = piecesOf(job.b);
    const rows = ctx.db.prepare(`SELECT a.src sa, b.src sb, AsBinary(ST_Intersection(a.geom, b.geom)) wkb
      FROM temp."${pa.name}" a CROSS JOIN temp."${pb.name}" b ON ${pieceFilter(pb, 'b.id', { x0: 'a.x0', y0: 'a.y0', x1: 'a.x1', y1: 'a.y1' })}
      WHERE ST_Intersects(a.geom, b.geom)`).all() as { sa: number; sb: number; wkb: Buffer | null }[];
    const groups = new Map<string, { sa: number; sb: number; polys: Polygon[] }>();
    for (const r of rows) {
      const polys = parsePolygons(r.wkb);
      if (!polys.length) continue;
      const k = `${r.sa}:${r.sb}`;
      const gr = groups.get(k) ?? { sa: r.sa, sb: r.sb, polys: [] };
      gr.polys.push(...polys);
      groups.set(k, gr);
    }
    const tol = { hairlineWidth: ctx.p.hairlineWidth, minArea: ctx.p.minConflictArea };
    for (const gr of groups.values()) {
      const merged = unionParts(ctx, gr.polys);
      const sig = significantParts(merged, tol);
      if (sig.area <= 0) continue;
      ctx.sink.add({ type: job.type, severity: 'error', layers: [job.a.table, job.b.table], featureIds: [[gr.sa], [gr.sb]], polys: sig.parts,
        detail: `${job.a.name} ∩ ${job.b.name}：${sig.area.toFixed(2)} m² / conflict between ${job.a.table} and ${job.b.table}`,
        suggestion: job.suggestion });
    }
  });
}

// ---- Lines: statistics by admin unit, features outside the extent -------------------------------------------------

function linesPart(ctx: Ctx, stats: PartialStats, only: LineKind | null, doExtent: boolean, overlapping?: number[]): void {
  const { db, p, roles } = ctx;
  const unit = unitLayer(roles);
  const units = unit && only && ctx.checks.has('stats') ? buildPieces(db, unit.layer.table, 'sx_pc_units', { grid: p.gridSize, isCancelled: ctx.isCancelled }) : undefined;
  LINE_KINDS.forEach((kind, i) => {
    if (kind !== only) return;
    const layer = roles[LINE_ROLE[kind]];
    if (!layer || !ctx.checks.has('stats')) return;
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(i / 4, `${LINE_ZH[kind]}: 统计 / statistics`);
    assertLayerCrs(db, layer.table, ctx.srid);
    // Dissolved, so that features of a line overlapping each other are counted once.
    const pl = buildPieces(db, layer.table, `sx_pc_d_${kind}`, { grid: p.gridSize, dissolve: true, overlapping: overlapping ? new Set(overlapping) : undefined, isCancelled: ctx.isCancelled });
    stats.linesTotal[kind] = (db.prepare(`SELECT COALESCE(SUM(ST_Area(geom)), 0) a FROM temp."${pl.name}"`).get() as { a: number }).a;
    const per = (stats.lines[kind] ??= {});
    if (!units) return;
    // Units outside (their geometry repeats, so GEOS prepares it once), line pieces inside.
    const rows = db.prepare(`SELECT u.src src, CASE WHEN ST_Covers(u.geom, l.geom) THEN ST_Area(l.geom) ELSE ST_Area(ST_Intersection(u.geom, l.geom)) END a
      FROM temp."${units.name}" u CROSS JOIN temp."${pl.name}" l ON ${pieceFilter(pl, 'l.id', { x0: 'u.x0', y0: 'u.y0', x1: 'u.x1', y1: 'u.y1' })}
      WHERE ST_Intersects(u.geom, l.geom)`).all() as { src: number; a: number | null }[];
    for (const r of rows) if (r.a) add(per, r.src, r.a);
  });
  // Features of the other layers outside the workspace extent (the 三调 parcels are checked in their own parts).
  if (!ctx.checks.has('extent') || !doExtent) return;
  const extentLayer = roles.county ?? roles.town ?? roles.village;
  const extent = extentBlob(ctx);
  if (!extent || !extentLayer) return;
  const tol = { hairlineWidth: p.hairlineWidth, minArea: p.outsideMinArea };
  for (const layer of roles.all) {
    if (layer.kind === 'landuse' || layer.table === extentLayer.table || layer.kind === 'county') continue;
    if (ctx.isCancelled()) throw cancelled();
    const rows = db.prepare(`SELECT fid, AsBinary(CollectionExtract(ST_Difference(g, ?), 3)) wkb FROM (SELECT fid,
        CASE WHEN ST_IsValid(geom) = 1 THEN ST_SnapToGrid(geom, ${p.gridSize}) ELSE CollectionExtract(MakeValid(ST_SnapToGrid(geom, ${p.gridSize})), 3) END g
        FROM "${layer.table}" WHERE geom IS NOT NULL) WHERE NOT ST_Covers(?, g)`).all(extent, extent) as { fid: number; wkb: Buffer | null }[];
    for (const r of rows) {
      const sig = significantParts(parsePolygons(r.wkb), tol);
      if (sig.area <= 0) continue;
      ctx.sink.add({ type: 'outside_extent', severity: 'warning', layers: [layer.table], featureIds: [[r.fid]], polys: sig.parts,
        detail: `${layer.name} fid ${r.fid} 超出${extentLayer.name}范围 ${sig.area.toFixed(2)} m² / outside the workspace extent`,
        suggestion: '裁剪到行政区范围 / clip to the district boundary' });
    }
  }
  // Villages outside the town their SJXZQDM names, towns outside their county.
  for (const [child, parent] of [[roles.village, roles.town], [roles.town, roles.county]] as const) {
    if (!child || !parent || !hasColumn(db, child.table, 'SJXZQDM') || !hasColumn(db, parent.table, 'XZQDM')) continue;
    const rows = db.prepare(`SELECT c.fid fid, t.XZQMC pname, t.XZQDM pcode,
        AsBinary(CollectionExtract(ST_Difference(ST_SnapToGrid(c.geom, ${p.gridSize}), ST_SnapToGrid(t.geom, ${p.gridSize})), 3)) wkb
      FROM "${child.table}" c JOIN "${parent.table}" t ON t.XZQDM = c.SJXZQDM
      WHERE c.geom IS NOT NULL AND t.geom IS NOT NULL AND ST_IsValid(c.geom) = 1 AND ST_IsValid(t.geom) = 1 AND NOT ST_Covers(t.geom, c.geom)`).all() as
      { fid: number; pname: string | null; pcode: string; wkb: Buffer | null }[];
    for (const r of rows) {
      const sig = significantParts(parsePolygons(r.wkb), tol);
      if (sig.area <= 0) continue;
      ctx.sink.add({ type: 'outside_admin', severity: 'warning', layers: [child.table, parent.table], featureIds: [[r.fid], []], polys: sig.parts,
        detail: `${child.name} fid ${r.fid} 超出上级 ${r.pname ?? r.pcode}（${r.pcode}）${sig.area.toFixed(2)} m² / outside the unit its SJXZQDM names`,
        suggestion: '核实上级行政区代码或调整界线 / check SJXZQDM or the boundary' });
    }
  }
}
