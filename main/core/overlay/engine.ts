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
import { bboxOf, interiorPoint, measurePart, multiPolygonWkb, parsePolygons, polygonArea, ringSignedArea, significantParts, parseSnapped, snapPolygons, totalArea, type Polygon } from './geom.js';
import { assertLayerCrs, hasColumn, LINE_KINDS, resolveRoles, snapExpr, type LayerRef, type LineKind, type Roles } from './layers.js';
import { landuseFragmentThreshold } from './params.js';
import { loadSources } from './pieces.js';
import { FindingSink, type TypeTotal } from './sink.js';
import { Rel, relate, relateScratch, Shape, simpleValid } from './planar.js';
import { TargetLayer, type Hit } from './targets.js';

export type PartSpec =
  /**
   * The parcels whose box centre (from the layer's R*Tree) lies in [x0, x1) × [y0, y1): shapes, × each control line,
   * × the admin units. Spatial tiles keep each part's share of the other layers small. `rest`: also the parcels
   * without a box (no geometry).
   */
  | { kind: 'landuse'; tile: [number, number, number, number]; rest?: boolean }
  | { kind: 'shapes'; tables: string[] }
  | { kind: 'coverage'; table: string }
  | { kind: 'conflicts' }
  /** Statistics of one line (null: none) and/or the extent check of the layers other than the parcels. */
  | { kind: 'lines'; line: LineKind | null; extent: boolean; overlapping?: number[] };

export interface PartParams {
  path: string;
  runId: number;
  /** The scheme (方案) whose tables the part reads. */
  scheme: number;
  /**
   * A token unique to one planned run: parts of the same run that land on the same thread reuse its connection, the
   * layer roles and the admin units (the layers do not change during a run). Without it each part opens its own.
   */
  plan?: string;
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
  /**
   * Exact overlay areas by pair of layers ("tableA|tableB", m²): the sum over pairs of features of the area of their
   * intersection, with no hairline or minimum-area filter (what an intersection in ogr2ogr or QGIS sums to).
   */
  overlayAreas: Record<string, number>;
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

/** What a part needs from the workspace before it starts: kept for the next part of the same run on this thread. */
interface Session { key: string; db: Db; srid: number; roles: Roles; admin: AdminLocator; timer?: ReturnType<typeof setTimeout> }
let session: Session | undefined;

function closeSession(): void {
  if (!session) return;
  clearTimeout(session.timer);
  const { db } = session;
  session = undefined;
  try { db.close(); } catch { /* already closed */ }
}

function openSession(params: PartParams): Session {
  const key = `${params.path}\u0000${params.scheme}\u0000${params.plan ?? ''}`;
  if (session && params.plan && session.key === key) {
    clearTimeout(session.timer);
    return session;
  }
  closeSession();
  const db = openDatabase(params.path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 120000');
    // Parts read the same layers again and again: a bigger page cache and memory-mapped reads keep that cheap.
    db.pragma('cache_size = -131072');
    db.pragma('mmap_size = 1073741824');
    const srid = Number((db.prepare("SELECT value FROM sx_meta WHERE key='srid'").get() as { value: string }).value);
    const roles = resolveRoles(db, params.scheme);
    const admin = new AdminLocator(db, roles, params.params.gridSize);
    return (session = { key, db, srid, roles, admin });
  } catch (e) {
    db.close();
    throw e;
  }
}

export function runPart(params: PartParams, opts: PartContextOptions): PartResult {
  const t0 = performance.now();
  const { db, srid, roles, admin } = openSession(params);
  let ok = false;
  try {
    const factor = ellipsoidalFactor(srid);
    const sink = new FindingSink(db, params.runId, srid, admin, factor);
    const ctx: Ctx = { ...opts, db, srid, p: params.params, roles, admin, sink, factor, checks: new Set(params.checks), notes: [] };
    const stats = emptyStats();
    const byLine: Record<string, Record<string, number>> = {};
    const spec = params.spec;
    const overlayAreas: Record<string, number> = {};
    let overlapping: number[] | undefined;
    switch (spec.kind) {
      case 'landuse': landusePart(ctx, spec.tile, !!spec.rest, stats, byLine, overlayAreas); break;
      case 'shapes': for (const t of spec.tables) checkShapes(ctx, roles.all.find((l) => l.table === t)!); break;
      case 'coverage': ({ overlapping } = coveragePart(ctx, roles.all.find((l) => l.table === spec.table)!)); break;
      case 'conflicts': conflictsPart(ctx, params.layerPairs, overlayAreas); break;
      case 'lines': linesPart(ctx, stats, spec.line, spec.extent, spec.overlapping); break;
    }
    sink.flush();
    ok = true;
    return { totals: sink.totalsObject(), count: sink.count, stats, byLine, notes: ctx.notes, overlayAreas, overlapping, ms: performance.now() - t0 };
  } finally {
    // A failed or cancelled part closes the connection; otherwise it stays for the next part of the run, briefly.
    if (!ok || !params.plan || !session) closeSession();
    else {
      const timer = setTimeout(closeSession, 1500);
      timer.unref();
      session.timer = timer;
    }
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

/** A feature as the shape checks read it: as stored and snapped to the grid (WKB). */
/** A feature as the shape checks read it (WKB as stored); they add its polygons as stored and snapped to the grid. */
interface ShapeRow { fid: number; dlbm: string | null; wkb: Buffer | null; polys?: Polygon[]; spolys?: Polygon[] }

/** Statements the shape checks need for one layer (GEOS only where the exact JS test cannot vouch for validity). */
function shapeStmts(ctx: Ctx, layer: LayerRef) {
  const g = ctx.p.gridSize;
  return {
    // ST_IsValidReason, not ST_IsValid: the latter makes GEOS print a warning on stderr for every invalid feature.
    reason: ctx.db.prepare(`SELECT ST_IsValidReason(geom) r0, ST_IsValidReason(ST_SnapToGrid(geom, ${g})) r1 FROM "${layer.table}" WHERE fid = ?`),
    repair: ctx.db.prepare(`SELECT AsBinary(CollectionExtract(MakeValid(ST_SnapToGrid(geom, ${g})), 3)) wkb FROM "${layer.table}" WHERE fid = ?`),
  };
}

/**
 * Shape checks of some features of a layer: validity (as stored and once snapped), multipart, slivers, fragments.
 * Returns the features that are invalid as stored or once snapped, with their repaired snapped geometry (WKB).
 */
function checkShapeRows(ctx: Ctx, layer: LayerRef, rows: ShapeRow[], st: ReturnType<typeof shapeStmts>): Map<number, Buffer | null> {
  const { p, sink } = ctx;
  const doValidity = ctx.checks.has('validity'), doSliver = ctx.checks.has('slivers'), doFragment = ctx.checks.has('fragments');
  const singlePart = p.singlePartKinds.includes(layer.kind);
  const bad = new Map<number, Buffer | null>();
  for (const r of rows) {
    const layers = [layer.table], featureIds = [[r.fid]];
    // The geometry as stored is only needed for its own checks; the overlays need it snapped (read in one pass).
    const needRaw = doValidity || doSliver || doFragment;
    const polys = r.polys = needRaw ? parsePolygons(r.wkb) : parseSnapped(r.wkb, p.gridSize);
    if (!r.wkb || !polys.length) {
      bad.set(r.fid, null);
      if (doValidity) sink.add({ type: 'invalid_geometry', severity: 'error', layers, featureIds, polys: [], dlbm: r.dlbm,
        detail: `空几何 / empty or missing geometry (${layer.name} fid ${r.fid})`, suggestion: '补绘或删除该要素 / redraw or delete the feature', areaOverride: 0 });
      continue;
    }
    const badRing = polys.some((poly) => poly.some((ring) => ring.length < 8 || ring[0] !== ring[ring.length - 2] || ring[1] !== ring[ring.length - 1]));
    // Valid as stored and once snapped: exact in JS for a simple ring, else GEOS.
    let reason: string | null = null;
    r.spolys = needRaw ? snapPolygons(polys, p.gridSize) : polys; // exactly ST_SnapToGrid (tested)
    // (Without the validity check, validity as stored does not matter: a feature valid once snapped is overlaid as
    // it is, and MakeValid would return it unchanged.)
    let valid = !badRing && (!needRaw || simpleValid(polys)) && simpleValid(r.spolys);
    if (!valid) {
      const v = st.reason.get(r.fid) as { r0: string | null; r1: string | null };
      valid = !badRing && (!needRaw || v.r0 === 'Valid Geometry') && v.r1 === 'Valid Geometry';
      if (needRaw && v.r0 !== 'Valid Geometry') reason = v.r0;
    }
    if (!valid) {
      const fixed = (st.repair.get(r.fid) as { wkb: Buffer | null }).wkb;
      bad.set(r.fid, fixed);
      if (doValidity) {
        const why = reason ?? (badRing ? 'bad ring (fewer than 4 points or not closed)' : `invalid after snapping to ${p.gridSize} m`);
        sink.add({ type: 'invalid_geometry', severity: 'error', layers, featureIds, polys, dlbm: r.dlbm, areaOverride: totalArea(parsePolygons(fixed)),
          detail: `${badRing ? '环无效' : reasonZh(why)} / ${why}`,
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
  return bad;
}

/** Shape checks of a whole layer. */
export function checkShapes(ctx: Ctx, layer: LayerRef): void {
  const dlbmCol = hasColumn(ctx.db, layer.table, 'DLBM') ? 'DLBM' : 'NULL';
  const stmt = ctx.db.prepare(`SELECT fid, ${dlbmCol} dlbm, AsBinary(geom) wkb
    FROM "${layer.table}" WHERE fid >= ? ORDER BY fid LIMIT ${CHUNK}`);
  const st = shapeStmts(ctx, layer);
  for (let from = -1e18; ;) {
    if (ctx.isCancelled()) throw cancelled();
    const rows = stmt.all(from) as ShapeRow[];
    if (!rows.length) break;
    checkShapeRows(ctx, layer, rows, st);
    from = rows[rows.length - 1]!.fid + 1;
    if (rows.length < CHUNK) break;
  }
}

// ---- Overlay plumbing ---------------------------------------------------------------------------------------------

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

function landusePart(ctx: Ctx, tile: [number, number, number, number], rest: boolean, stats: PartialStats,
  byLine: Record<string, Record<string, number>>, overlayAreas: Record<string, number>): void {
  const { db, p, roles } = ctx;
  const landuse = roles.landuse!;
  assertLayerCrs(db, landuse.table, ctx.srid);
  ctx.progress(0, `${landuse.name}: 准备 / preparing`);
  db.exec('DROP TABLE IF EXISTS temp.sx_bad; CREATE TEMP TABLE sx_bad (fid INTEGER PRIMARY KEY)');
  const insBad = db.prepare('INSERT OR IGNORE INTO temp.sx_bad (fid) VALUES (?)');
  const shapeSt = shapeStmts(ctx, landuse);
  const hasDlbm = hasColumn(db, landuse.table, 'DLBM');
  const hasZl = hasColumn(db, landuse.table, 'ZLDWDM');
  const g = snapExpr('p', p.gridSize, 'temp.sx_bad');

  // The parcels of this tile (box centres in it), and their extent: only the parts of the other layers near it are
  // prepared.
  const [tx0, ty0, tx1, ty1] = tile;
  const idx = `"idx_${landuse.table}_geom"`;
  db.exec('DROP TABLE IF EXISTS temp.sx_part; CREATE TEMP TABLE sx_part (fid INTEGER PRIMARY KEY)');
  db.prepare(`INSERT INTO temp.sx_part (fid) SELECT pkid FROM ${idx} WHERE xmax >= @x0 AND xmin < @x1 AND ymax >= @y0 AND ymin < @y1
    AND (xmin + xmax) / 2 >= @x0 AND (xmin + xmax) / 2 < @x1 AND (ymin + ymax) / 2 >= @y0 AND (ymin + ymax) / 2 < @y1`).run({ x0: tx0, y0: ty0, x1: tx1, y1: ty1 });
  if (rest) db.exec(`INSERT OR IGNORE INTO temp.sx_part (fid) SELECT fid FROM "${landuse.table}" WHERE fid NOT IN (SELECT pkid FROM ${idx})`);
  // (With parcels missing from the R*Tree, the extent comes from the geometries themselves.)
  const ext = (rest
    ? db.prepare(`SELECT MIN(MbrMinX(geom)) x0, MIN(MbrMinY(geom)) y0, MAX(MbrMaxX(geom)) x1, MAX(MbrMaxY(geom)) y1 FROM "${landuse.table}" WHERE fid IN (SELECT fid FROM temp.sx_part)`)
    : db.prepare(`SELECT MIN(xmin) x0, MIN(ymin) y0, MAX(xmax) x1, MAX(ymax) y1 FROM ${idx} WHERE pkid IN (SELECT fid FROM temp.sx_part)`)).get() as
    { x0: number | null; y0: number; x1: number; y1: number };
  const bbox: [number, number, number, number] | undefined = ext.x0 === null ? undefined : [ext.x0 - 1, ext.y0 - 1, ext.x1 + 1, ext.y1 + 1];
  // Each control line: its features as exact shapes (most parcel × feature pairs are settled in JS) and as pieces
  // (for the parcels that overlap a feature in part and are clipped by GEOS).
  const lines: { kind: LineKind; layer: LayerRef; target: TargetLayer }[] = [];
  if (ctx.checks.has('landuse_in_lines') || ctx.checks.has('stats')) {
    for (const kind of LINE_KINDS) {
      const layer = roles[LINE_ROLE[kind]];
      if (!layer) continue;
      assertLayerCrs(db, layer.table, ctx.srid);
      lines.push({ kind, layer, target: new TargetLayer(db, layer.table, `sx_pc_${kind}`, ctx.srid, { grid: p.gridSize, bbox, isCancelled: ctx.isCancelled }) });
    }
  }
  // The admin units for statistics and the "outside" checks.
  const unit = unitLayer(roles);
  const units = unit && (ctx.checks.has('stats') || ctx.checks.has('extent'))
    ? new TargetLayer(db, unit.layer.table, 'sx_pc_units', ctx.srid, { grid: p.gridSize, bbox, isCancelled: ctx.isCancelled }) : undefined;
  const unitIndex = new Map((units?.srcs ?? []).map((src, k) => [src, k]));
  const unitByFid = new Map((unit ? unitsOf(ctx.admin, unit.level) : []).map((u) => [u.fid, u]));
  const unitByCode = new Map((unit ? unitsOf(ctx.admin, unit.level) : []).map((u) => [u.code, u]));
  const extentGeom = extentBlob(ctx);

  // Each chunk of parcels is read once: as stored and snapped, for the shape checks and the overlays.
  const parcelStmt = db.prepare(`SELECT p.fid fid, ${hasDlbm ? 'p.DLBM' : 'NULL'} dlbm, ${hasZl ? 'p.ZLDWDM' : 'NULL'} zl,
      AsBinary(p.geom) wkb
    FROM temp.sx_part s CROSS JOIN "${landuse.table}" p ON p.fid = s.fid WHERE s.fid >= ? ORDER BY s.fid LIMIT ${CHUNK}`);
  const diffStmt = db.prepare(`SELECT AsBinary(CollectionExtract(ST_Difference(${g}, ?), 3)) wkb FROM "${landuse.table}" p WHERE p.fid = ?`) as Stmt;
  const unitGeom = unit ? db.prepare(`SELECT ST_SnapToGrid(geom, ${p.gridSize}) g FROM "${unit.layer.table}" WHERE fid = ?`) as Stmt : undefined;

  // Parcels to their declared unit (ZLDWDM; its first 9 / 6 digits for towns / counties).
  const ownCodes = !!unit && hasZl && hasColumn(db, unit.layer.table, unit.level === 'village' ? 'ZLDWDM' : 'XZQDM');
  const ownCode = (zl: string | null) => !zl ? undefined : unit?.level === 'town' ? zl.slice(0, 9) : unit?.level === 'county' ? zl.slice(0, 6) : zl;

  const total = Math.max(1, (db.prepare('SELECT COUNT(*) n FROM temp.sx_part').get() as { n: number }).n);
  const found: Hit[] = [];
  let done = 0;
  let from = -1e18;
  for (;;) {
    if (ctx.isCancelled()) throw cancelled();
    const rows = parcelStmt.all(from) as (ShapeRow & { zl: string | null })[];
    if (!rows.length) break;
    const cHi = rows[rows.length - 1]!.fid;
    // Shape checks first: invalid parcels are reported, then repaired for the overlays.
    const bad = checkShapeRows(ctx, landuse, rows, shapeSt);
    if (bad.size) db.transaction(() => { for (const f of bad.keys()) insBad.run(f); })();
    const parcels = rows.filter((r) => r.wkb).map((r) => {
      const repaired = bad.get(r.fid);
      const polys = bad.has(r.fid) ? parsePolygons(repaired) : r.spolys!;
      // The snapped (or repaired) geometry as WKB, made only for the few parcels GEOS has to clip.
      let wkb: Buffer | null | undefined = bad.has(r.fid) ? repaired : undefined;
      const geometry = () => (wkb === undefined ? (wkb = multiPolygonWkb(polys)) : wkb);
      return { fid: r.fid, dlbm: r.dlbm, zl: r.zl, geometry, polys, a: totalArea(polys), box: polys.length ? bboxOf(polys) : null, shape: undefined as Shape | undefined };
    });
    const info = new Map(parcels.map((r) => [r.fid, r]));
    const parcelPolys = (fid: number) => info.get(fid)!.polys;
    for (const line of lines) {
      const hits = new Map<number, Hit[]>();
      const key = `${landuse.table}|${line.layer.table}`;
      for (const r of parcels) {
        if (!r.box || !line.target.anyNear(...r.box)) continue;
        const sh = r.shape ??= new Shape(r.polys, r.a);
        line.target.overlay({ shape: sh, wkb: r.geometry }, found);
        for (const h of found) {
          if (h.area <= 0) continue;
          const list = hits.get(r.fid);
          if (list) list.push(h); else hits.set(r.fid, [h]);
          overlayAreas[key] = (overlayAreas[key] ?? 0) + h.area;
        }
      }
      lineHits(ctx, line.kind, landuse, hits, info, parcelPolys, byLine);
    }
    if (units) {
      const hits = new Map<number, Hit[]>();
      for (const r of parcels) {
        if (!r.box) continue;
        // Fast path: a parcel covered by the unit its ZLDWDM names belongs wholly to it.
        const own = ownCodes ? unitByCode.get(ownCode(r.zl) ?? '') : undefined;
        const k = own ? unitIndex.get(own.fid) : undefined;
        if (k !== undefined) {
          const sh = r.shape ??= new Shape(r.polys, r.a);
          if (units.relate(sh, k) === Rel.Covered) { if (r.a > 0) hits.set(r.fid, [{ src: own!.fid, polys: [], area: r.a }]); continue; }
        }
        if (!units.anyNear(...r.box)) continue;
        units.overlay({ shape: r.shape ??= new Shape(r.polys, r.a), wkb: r.geometry }, found);
        for (const h of found) {
          if (h.area <= 0) continue;
          const list = hits.get(r.fid);
          if (list) list.push(h); else hits.set(r.fid, [h]);
        }
      }
      unitHits(ctx, hits, info, stats, unitByFid, unitByCode, { diffStmt, unitGeom, extentGeom, landuse });
    }
    done += rows.length;
    ctx.progress(done / total, `${landuse.name}: ${done}/${total}`);
    from = cHi + 1;
    if (rows.length < CHUNK) break;
  }
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
  stats: PartialStats, unitByFid: Map<number, AdminUnit>, unitByCode: Map<string, AdminUnit>,
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
  const r = ctx.db.prepare(`SELECT CollectionExtract(ST_Union(ST_SnapToGrid(geom, ${ctx.p.gridSize})), 3) g FROM "${layer.table}" WHERE geom IS NOT NULL AND ST_IsValidReason(geom) = 'Valid Geometry'`).get() as { g: Buffer | null };
  return r.g;
}

// ---- Coverage: overlaps within a layer and gaps in layers that tile ----------------------------------------------

function coveragePart(ctx: Ctx, layer: LayerRef): { overlapping?: number[] } {
  const { db, p } = ctx;
  assertLayerCrs(db, layer.table, ctx.srid);
  ctx.progress(0, `${layer.name}: 拓扑 / coverage`);
  const cov = matchSegments(db, layer.table, p.gridSize, ctx.isCancelled);
  const tiling = p.tilingKinds.includes(layer.kind);
  const gv = (a: string) => `(CASE WHEN ST_IsValidReason(${a}.geom) = 'Valid Geometry' THEN ST_SnapToGrid(${a}.geom, ${p.gridSize}) ELSE CollectionExtract(MakeValid(ST_SnapToGrid(${a}.geom, ${p.gridSize})), 3) END)`;
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
  return { overlapping: overlapping ? [...new Set(overlapping)] : undefined };
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
    ref = (db.prepare(`SELECT AsBinary(CollectionExtract(ST_Union(ST_SnapToGrid(geom, ${p.gridSize})), 3)) wkb FROM "${refLayer.table}" WHERE geom IS NOT NULL AND ST_IsValidReason(geom) = 'Valid Geometry'`).get() as { wkb: Buffer | null }).wkb;
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

function conflictsPart(ctx: Ctx, userPairs: [string, string][], overlayAreas: Record<string, number>): void {
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
      const a = roles.all.find((l) => l.key === ta), b = roles.all.find((l) => l.key === tb);
      if (a && b) jobs.push({ a, b, type: 'conflict_pair', suggestion: `核实 ${a.name} 与 ${b.name} 的重叠 / resolve the overlap of ${a.name} and ${b.name}` });
    }
  }
  const layers = new Map<string, TargetLayer>();
  const layerOf = (l: LayerRef) => {
    let t = layers.get(l.table);
    if (!t) {
      assertLayerCrs(ctx.db, l.table, ctx.srid);
      t = new TargetLayer(ctx.db, l.table, `sx_pc_${l.table}`, ctx.srid, { grid: ctx.p.gridSize, isCancelled: ctx.isCancelled });
      layers.set(l.table, t);
    }
    return t;
  };
  const tol = { hairlineWidth: ctx.p.hairlineWidth, minArea: ctx.p.minConflictArea };
  jobs.forEach((job, i) => {
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(i / jobs.length, `${job.a.name} × ${job.b.name}`);
    const ta = layerOf(job.a), tb = layerOf(job.b);
    // The layer with more features is walked, the other looked up in its index; pairs are settled exactly in JS
    // and only those overlapping in part are clipped (their pieces near each other, by GEOS).
    const walkA = ta.featureCount >= tb.featureCount;
    const [walk, look] = walkA ? [ta, tb] : [tb, ta];
    const groups: { sa: number; sb: number; polys: Polygon[] }[] = [];
    const near: number[] = [];
    walk.shapes.forEach((sh, k) => {
      if ((k & 1023) === 0 && ctx.isCancelled()) throw cancelled();
      look.candidates(sh.x0, sh.y0, sh.x1, sh.y1, near);
      for (const j of near) {
        const rel = look.relate(sh, j);
        if (rel === Rel.Disjoint) continue;
        const sw = walk.srcs[k]!, sl = look.srcs[j]!;
        const [sa, sb] = walkA ? [sw, sl] : [sl, sw];
        const polys = rel === Rel.Covered ? sh.polys : rel === Rel.Contains ? look.shapes[j]!.polys : walk.clipPair(k, look, j);
        if (polys.length) groups.push({ sa, sb, polys });
      }
    });
    groups.sort((x, y) => x.sa - y.sa || x.sb - y.sb);
    const key = `${job.a.table}|${job.b.table}`;
    for (const gr of groups) {
      const merged = unionParts(ctx, gr.polys);
      overlayAreas[key] = (overlayAreas[key] ?? 0) + totalArea(merged);
      const sig = significantParts(merged, tol);
      if (sig.area <= 0) continue;
      ctx.sink.add({ type: job.type, severity: 'error', layers: [job.a.table, job.b.table], featureIds: [[gr.sa], [gr.sb]], polys: sig.parts,
        detail: `${job.a.name} ∩ ${job.b.name}：${sig.area.toFixed(2)} m² / conflict between ${job.a.table} and ${job.b.table}`,
        suggestion: job.suggestion });
    }
    overlayAreas[key] ??= 0;
  });
}

// ---- Lines: statistics by admin unit, features outside the extent -------------------------------------------------

function linesPart(ctx: Ctx, stats: PartialStats, only: LineKind | null, doExtent: boolean, overlapping?: number[]): void {
  const { db, p, roles } = ctx;
  const unit = unitLayer(roles);
  const units = unit && only && ctx.checks.has('stats')
    ? new TargetLayer(db, unit.layer.table, 'sx_pc_units', ctx.srid, { grid: p.gridSize, isCancelled: ctx.isCancelled }) : undefined;
  const near: number[] = [];
  LINE_KINDS.forEach((kind, i) => {
    if (kind !== only) return;
    const layer = roles[LINE_ROLE[kind]];
    if (!layer || !ctx.checks.has('stats')) return;
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(i / 4, `${LINE_ZH[kind]}: 统计 / statistics`);
    assertLayerCrs(db, layer.table, ctx.srid);
    // Dissolved, so that features of a line overlapping each other are counted once.
    const pl = new TargetLayer(db, layer.table, `sx_pc_d_${kind}`, ctx.srid,
      { grid: p.gridSize, dissolve: true, overlapping: overlapping ? new Set(overlapping) : undefined, isCancelled: ctx.isCancelled });
    stats.linesTotal[kind] = pl.shapes.reduce((sum, sh) => sum + sh.area, 0);
    const per = (stats.lines[kind] ??= {});
    if (!units) return;
    // Each (dissolved) line feature against the units: inside one unit it counts whole, across units it is clipped.
    pl.shapes.forEach((sh, k) => {
      if ((k & 1023) === 0 && ctx.isCancelled()) throw cancelled();
      units.candidates(sh.x0, sh.y0, sh.x1, sh.y1, near);
      for (const j of near) {
        const rel = units.relate(sh, j);
        if (rel === Rel.Disjoint) continue;
        const a = rel === Rel.Covered ? sh.area : rel === Rel.Contains ? units.shapes[j]!.area : totalArea(pl.clipPair(k, units, j));
        if (a) add(per, units.srcs[j]!, a);
      }
    });
  });
  // Features of the other layers outside the workspace extent (the 三调 parcels are checked in their own parts): those
  // the extent does not cover (exact relation in JS) are cut by it (GEOS).
  if (!ctx.checks.has('extent') || !doExtent) return;
  const extentLayer = roles.county ?? roles.town ?? roles.village;
  const extent = extentBlob(ctx);
  if (!extent || !extentLayer) return;
  const extentShape = new Shape(parsePolygons((db.prepare('SELECT AsBinary(?) w').get(extent) as { w: Buffer | null }).w));
  const diff = db.prepare(`SELECT AsBinary(CollectionExtract(ST_Difference(GeomFromWKB(?, ${ctx.srid}), ?), 3)) wkb`);
  const scratch = relateScratch();
  const tol = { hairlineWidth: p.hairlineWidth, minArea: p.outsideMinArea };
  for (const layer of roles.all) {
    if (layer.kind === 'landuse' || layer.table === extentLayer.table || layer.kind === 'county') continue;
    if (ctx.isCancelled()) throw cancelled();
    for (const src of loadSources(db, layer.table, ctx.srid, { grid: p.gridSize })) {
      if (relate(new Shape(src.polys), extentShape, scratch) === Rel.Covered) continue;
      const sig = significantParts(parsePolygons((diff.get(src.wkb, extent) as { wkb: Buffer | null }).wkb), tol);
      if (sig.area <= 0) continue;
      ctx.sink.add({ type: 'outside_extent', severity: 'warning', layers: [layer.table], featureIds: [[src.src]], polys: sig.parts,
        detail: `${layer.name} fid ${src.src} 超出${extentLayer.name}范围 ${sig.area.toFixed(2)} m² / outside the workspace extent`,
        suggestion: '裁剪到行政区范围 / clip to the district boundary' });
    }
  }
  // Villages outside the town their SJXZQDM names, towns outside their county.
  for (const [child, parent] of [[roles.village, roles.town], [roles.town, roles.county]] as const) {
    if (!child || !parent || !hasColumn(db, child.table, 'SJXZQDM') || !hasColumn(db, parent.table, 'XZQDM')) continue;
    const rows = db.prepare(`SELECT c.fid fid, t.XZQMC pname, t.XZQDM pcode,
        AsBinary(CollectionExtract(ST_Difference(ST_SnapToGrid(c.geom, ${p.gridSize}), ST_SnapToGrid(t.geom, ${p.gridSize})), 3)) wkb
      FROM "${child.table}" c JOIN "${parent.table}" t ON t.XZQDM = c.SJXZQDM
      WHERE c.geom IS NOT NULL AND t.geom IS NOT NULL AND ST_IsValidReason(c.geom) = 'Valid Geometry' AND ST_IsValidReason(t.geom) = 'Valid Geometry' AND NOT ST_Covers(t.geom, c.geom)`).all() as
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
