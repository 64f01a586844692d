// Site pre-check (选址): what a project site takes from each constraint layer, the 耕地 and 水田 it takes, the
// 永久基本农田 to be replaced (补划), and candidate plots from a 永久基本农田储备区 layer ranked by adjacency to existing
// 永久基本农田 and by size. One polygon against indexed layers: light enough for the main process.
import type { SiteCheckResult } from '../../../shared/contract/schemas.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { ellipsoidalArea, ellipsoidalFactor } from './ellipsoid.js';
import { parsePolygons } from './geom.js';
import { DEFAULT_PARAMS } from './params.js';
import { hasColumn, resolveRoles, type LayerRef } from './layers.js';

export interface SiteInput {
  wkt?: string;
  feature?: { layerId: number; fid: number };
  reserveLayer?: string;
  maxCandidates?: number;
}

const CONSTRAINT_KINDS = new Set(['eco_redline', 'permanent_farmland', 'urban_boundary', 'eco_space', 'nature_reserve', 'water', 'project_area', 'project_subzone', 'user']);

function siteGeometry(ws: Workspace, input: SiteInput): { g: Buffer; table?: string } {
  const grid = DEFAULT_PARAMS.gridSize;
  let raw: Buffer | null = null;
  let table: string | undefined;
  if (input.wkt) {
    const r = ws.db.prepare(`SELECT GeomFromText(?, ${Math.trunc(ws.srid)}) g`).get(input.wkt) as { g: Buffer | null };
    if (!r.g) throw new WorkbenchError('BAD_REQUEST', '无法解析选址范围 WKT / the site WKT could not be parsed (workspace CRS coordinates expected)');
    raw = r.g;
  } else if (input.feature) {
    const layer = ws.layer(input.feature.layerId);
    table = layer.table;
    const r = ws.db.prepare(`SELECT geom g FROM "${layer.table}" WHERE fid = ?`).get(input.feature.fid) as { g: Buffer | null } | undefined;
    if (!r?.g) throw new WorkbenchError('UNKNOWN_FEATURE', `No feature ${input.feature.fid} in layer ${layer.name}`);
    raw = r.g;
  }
  const r = ws.db.prepare(`SELECT CASE WHEN ST_IsValidReason(s) = 'Valid Geometry' THEN s ELSE CollectionExtract(MakeValid(s), 3) END g, ST_Dimension(?) d
    FROM (SELECT ST_SnapToGrid(?, ${grid}) s)`).get(raw, raw) as { g: Buffer | null; d: number };
  if (r.d !== 2 || !r.g) throw new WorkbenchError('BAD_REQUEST', '选址范围必须是面 / the site must be a polygon');
  return { g: r.g, table };
}

function overlapOf(ws: Workspace, layer: LayerRef, site: Buffer, where = ''): { area: number; fids: number[] } {
  const rows = ws.db.prepare(`SELECT fid, ST_Area(ST_Intersection(ST_SnapToGrid(geom, ${DEFAULT_PARAMS.gridSize}), ?)) a FROM "${layer.table}" t
    WHERE t.ROWID IN (SELECT pkid FROM "idx_${layer.table}_geom" WHERE xmin <= MbrMaxX(?) AND xmax >= MbrMinX(?) AND ymin <= MbrMaxY(?) AND ymax >= MbrMinY(?))
    AND ST_Intersects(t.geom, ?) ${where}`).all(site, site, site, site, site, site) as { fid: number; a: number | null }[];
  const hits = rows.filter((r) => (r.a ?? 0) > 1e-6);
  return { area: hits.reduce((s, r) => s + (r.a ?? 0), 0), fids: hits.map((r) => r.fid) };
}

export function siteCheck(ws: Workspace, input: SiteInput): SiteCheckResult {
  const { g: site, table: siteTable } = siteGeometry(ws, input);
  const roles = resolveRoles(ws.db, ws.scheme);
  const a = ws.db.prepare('SELECT ST_Area(?) p, AsBinary(?) w').get(site, site) as { p: number; w: Buffer };
  const siteEllipsoidal = ellipsoidalArea(parsePolygons(a.w), ws.srid);
  // Every area in the report is ellipsoidal (国土调查 practice): overlays inside the site are planar, scaled like the
  // site (over a few km the scale varies by less than 1e-6); candidates at their own centroid.
  const toEllipsoid = ellipsoidalFactor(ws.srid);
  const siteFactor = a.p > 0 ? siteEllipsoidal / a.p : 1;
  const overlap = (layer: LayerRef, where = '') => {
    const o = overlapOf(ws, layer, site, where);
    return { area: o.area * siteFactor, fids: o.fids };
  };
  const reserve = input.reserveLayer ? roles.all.find((l) => l.key === input.reserveLayer || l.table === input.reserveLayer)
    : roles.all.find((l) => l.kind === 'farmland_reserve') ?? roles.all.find((l) => /储备/.test(l.name) || /cbq|reserve/i.test(l.table));
  if (input.reserveLayer && !reserve) throw new WorkbenchError('UNKNOWN_LAYER', `没有图层 / No layer "${input.reserveLayer}"`);
  const constraints: SiteCheckResult['constraints'] = [];
  for (const l of roles.all) {
    if (!CONSTRAINT_KINDS.has(l.kind) || l.table === siteTable || l === reserve || l.featureCount === 0) continue;
    const o = overlap(l);
    if (o.area > 0) constraints.push({ layer: l.key, kind: l.kind, name: l.name, area: areaFromM2(o.area), featureIds: o.fids });
  }
  let cultivated = 0, paddy = 0;
  if (roles.landuse && hasColumn(ws.db, roles.landuse.table, 'DLBM')) {
    cultivated = overlap(roles.landuse, "AND substr(t.DLBM, 1, 2) = '01'").area;
    paddy = overlap(roles.landuse, "AND substr(t.DLBM, 1, 4) = '0101'").area;
  }
  const farmland = roles.farmland ? overlap(roles.farmland).area : 0;
  const eco = roles.eco ? overlap(roles.eco).area : 0;
  const candidates: SiteCheckResult['candidates'] = [];
  if (reserve && farmland > 0) {
    const farm = roles.farmland!;
    const rows = ws.db.prepare(`SELECT c.fid, ST_Area(c.geom) a, ST_X(ST_Centroid(c.geom)) cx, ST_Y(ST_Centroid(c.geom)) cy, ST_Distance(c.geom, ?) d,
        EXISTS (SELECT 1 FROM "${farm.table}" f WHERE f.ROWID IN (SELECT pkid FROM "idx_${farm.table}_geom"
          WHERE xmin <= MbrMaxX(c.geom) + 1 AND xmax >= MbrMinX(c.geom) - 1 AND ymin <= MbrMaxY(c.geom) + 1 AND ymax >= MbrMinY(c.geom) - 1)
          AND ST_Distance(f.geom, c.geom) <= 1) adj
      FROM "${reserve.table}" c WHERE c.geom IS NOT NULL AND NOT ST_Intersects(c.geom, ?)`).all(site, site) as { fid: number; a: number; cx: number; cy: number; d: number; adj: number }[];
    for (const r of rows) r.a *= toEllipsoid(r.cx, r.cy);
    rows.sort((x, y) => y.adj - x.adj || (y.a >= farmland ? 1 : 0) - (x.a >= farmland ? 1 : 0) || y.a - x.a || x.d - y.d);
    for (const r of rows.slice(0, input.maxCandidates ?? 20)) candidates.push({ fid: r.fid, area: areaFromM2(r.a), distanceM: r.d, adjacent: r.adj === 1 });
  }
  const reasons: string[] = [];
  if (eco > DEFAULT_PARAMS.minConflictArea) reasons.push(`占用生态保护红线 ${(eco / 10_000).toFixed(4)} 公顷 / takes ${eco.toFixed(2)} m² of the red line`);
  if (farmland > DEFAULT_PARAMS.minConflictArea) {
    const pool = candidates.reduce((s, c) => s + c.area.m2, 0);
    reasons.push(`占用永久基本农田 ${(farmland / 10_000).toFixed(4)} 公顷，需补划 / takes ${farmland.toFixed(2)} m² of 永久基本农田 to be replaced`);
    if (pool < farmland) reasons.push(`储备区候选地块面积不足（${(pool / 10_000).toFixed(4)} 公顷）/ reserve candidates are too small`);
  }
  if (paddy > DEFAULT_PARAMS.minConflictArea) reasons.push(`占用水田 ${(paddy / 10_000).toFixed(4)} 公顷，须占水田补水田 / takes paddy: replace with paddy`);
  // 自然保护地 are closed to construction sites (核心保护区 outright, 一般控制区 bar a short list); 生态空间管控区域
  // (Jiangsu) allow some uses after a 论证, so they are reported without failing the site.
  const takenOfKind = (kind: string) => constraints.filter((c) => c.kind === kind).reduce((sum, c) => sum + c.area.m2, 0);
  const reserveTaken = takenOfKind('nature_reserve');
  const ecoSpaceTaken = takenOfKind('eco_space');
  if (reserveTaken > DEFAULT_PARAMS.minConflictArea) reasons.push(`占用自然保护地 ${(reserveTaken / 10_000).toFixed(4)} 公顷 / takes ${reserveTaken.toFixed(2)} m² of a protected natural area`);
  if (ecoSpaceTaken > DEFAULT_PARAMS.minConflictArea) reasons.push(`涉及生态空间管控区域 ${(ecoSpaceTaken / 10_000).toFixed(4)} 公顷，须按管控要求论证（不否决）/ touches ${ecoSpaceTaken.toFixed(2)} m² of an ecological space control zone: needs a justification (not a failure)`);
  const pass = eco <= DEFAULT_PARAMS.minConflictArea && reserveTaken <= DEFAULT_PARAMS.minConflictArea && (farmland <= DEFAULT_PARAMS.minConflictArea || candidates.reduce((s, c) => s + c.area.m2, 0) >= farmland);
  return {
    siteArea: { planar: areaFromM2(a.p), ellipsoidal: areaFromM2(siteEllipsoidal) }, constraints,
    cultivated: areaFromM2(cultivated), paddy: areaFromM2(paddy), farmlandToReplace: areaFromM2(farmland),
    reserveLayer: reserve?.key ?? null, candidates, pass, reasons,
  };
}
