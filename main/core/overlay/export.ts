// Exports of a saved run: the JSON report (documented in docs/checks.md), an XLSX workbook planners know (汇总,
// 问题清单, 分镇统计, 分村统计; 公顷 with 亩 beside), and the finding polygons as GeoJSON (RFC 7946, lon/lat) and as a
// GeoPackage written by SpatiaLite (gpkgCreateBaseTables / gpkgAddGeometryColumn / AsGPB). Findings are streamed
// from the workspace, so memory stays bounded however many there are.
import ExcelJS from 'exceljs';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { FindingType, StatsResult, StatsRow } from '../../../shared/contract/schemas.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { DLBM_TABLE } from '../../../shared/domain/dlbm.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { parsePolygons, polygonsWkt, ringSignedArea, type Polygon } from './geom.js';
import { FINDING_LABELS, LINE_LABELS, SEVERITY_LABELS } from '../../../shared/domain/findings.js';
import { checkTargets, TARGET_KEYS } from '../../../shared/domain/targets.js';
import { readTargets } from './indicator-targets.js';
import { compareRuns, getRun, runSavedStats, type FindingRow } from './store.js';

export type ExportFormat = 'xlsx' | 'geojson' | 'gpkg' | 'json';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

function* findingRows(ws: Workspace, runId: number, geometry: 'wkb' | 'lonlat' | 'none'): Generator<FindingRow & { g: Buffer | null }> {
  const g = geometry === 'wkb' ? 'AsBinary(geom)' : geometry === 'lonlat' ? `AsBinary(ST_Transform(geom, ${CGCS2000_GEOGRAPHIC}))` : 'NULL';
  // Page by id so that no statement stays open while the caller writes (and memory stays bounded).
  const stmt = ws.db.prepare(`SELECT *, ${g} g FROM sx_findings WHERE run_id = ? AND id > ? ORDER BY id LIMIT 2000`);
  let last = -1;
  for (;;) {
    const rows = stmt.all(runId, last) as (FindingRow & { g: Buffer | null })[];
    if (!rows.length) return;
    yield* rows;
    last = rows[rows.length - 1]!.id;
  }
}

/** Writes to a temporary file beside the target and renames it into place: no half-written report on failure. */
function atomicTarget(target: string): { tmp: string; commit(): void; abort(): void } {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  return { tmp, commit: () => renameSync(tmp, target), abort: () => rmSync(tmp, { force: true }) };
}

export async function exportRun(ws: Workspace, runId: number, format: ExportFormat, target: string): Promise<{ path: string; count: number }> {
  const run = getRun(ws.db, runId);
  if (run.status !== 'done') throw new WorkbenchError('BAD_REQUEST', `检查 ${runId} 未完成（${run.status}）/ run ${runId} is ${run.status}`);
  const file = path.resolve(target);
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  const t = atomicTarget(file);
  try {
    let count: number;
    if (format === 'json') count = writeJsonReport(ws, runId, t.tmp);
    else if (format === 'geojson') count = writeGeoJson(ws, runId, t.tmp);
    else if (format === 'gpkg') count = writeGpkg(ws, runId, t.tmp);
    else count = await writeXlsx(ws, runId, t.tmp);
    t.commit();
    return { path: file, count };
  } catch (e) {
    t.abort();
    throw e;
  }
}

// ---- JSON report ------------------------------------------------------------------------------------------------

function areaTriple(m2: number) {
  const a = areaFromM2(m2);
  return { areaM2: a.m2, areaHa: a.ha, areaMu: a.mu };
}

export function writeJsonReport(ws: Workspace, runId: number, file: string): number {
  const run = getRun(ws.db, runId);
  const saved = runSavedStats(ws.db, runId);
  const cmp = compareRuns(ws.db, runId);
  const fd = openSync(file, 'w');
  let count = 0;
  try {
    const w = (s: string) => writeSync(fd, s);
    const info = ws.info();
    w(`{\n"format": "sanxian-check-report",\n"version": 1,\n`);
    w(`"workspace": ${JSON.stringify({ path: info.path, name: info.name, srid: info.srid, crs: info.crsName })},\n`);
    const schemeName = (ws.db.prepare('SELECT name FROM sx_schemes WHERE id = ?').pluck().get(Number(run.scheme)) as string | undefined) ?? null;
    w(`"run": ${JSON.stringify({ runId: run.runId, scheme: run.scheme, schemeName, startedAt: run.startedAt, finishedAt: run.finishedAt, durationMs: run.durationMs,
      checks: run.checks, params: run.params, layerPairs: run.layerPairs, skipped: run.skipped })},\n`);
    w('"findings": [\n');
    for (const r of findingRows(ws, runId, 'wkb')) {
      const f = {
        id: r.id, type: r.type, severity: r.severity, layers: JSON.parse(r.layers_json), featureIds: JSON.parse(r.fids_json),
        ...areaTriple(r.area_m2), areaEllipsoidalM2: r.area_ell_m2,
        town: r.town, townCode: r.town_code, village: r.village, villageCode: r.village_code, dlbm: r.dlbm,
        detail: r.detail, suggestion: r.suggestion, wkt: polygonsWkt(parsePolygons(r.g)),
      };
      w(`${count ? ',\n' : ''}${JSON.stringify(f)}`);
      count++;
    }
    w('\n],\n');
    const totals: Record<string, unknown> = {};
    let all = 0, allArea = 0, allEll = 0;
    for (const [k, v] of Object.entries(run.totals)) {
      totals[k] = { count: v.count, ...areaTriple(v.areaM2), areaEllipsoidalM2: v.areaEllipsoidalM2 };
      all += v.count; allArea += v.areaM2; allEll += v.areaEllipsoidalM2;
    }
    w(`"totals": ${JSON.stringify({ ...totals, all: { count: all, ...areaTriple(allArea), areaEllipsoidalM2: allEll } })},\n`);
    w(`"landuseInLines": ${JSON.stringify(saved?.byLine ?? {})},\n`);
    w(`"overlayAreas": ${JSON.stringify(saved?.overlayAreas ?? {})},\n`);
    w(`"stats": ${JSON.stringify(saved?.levels ?? {})},\n`);
    w(`"comparison": ${JSON.stringify({ previousRunId: cmp.previousRunId, new: cmp.new.length, resolved: cmp.resolved.length, changed: cmp.changed.length, unchanged: cmp.unchanged, byType: cmp.byType })}\n}\n`);
  } finally {
    closeSync(fd);
  }
  return count;
}

// ---- GeoJSON ------------------------------------------------------------------------------------------------------

function rfc7946Rings(p: Polygon): number[][][] {
  // Exterior rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6); 7 decimals ≈ 1 cm.
  return p.map((ring, i) => {
    const ccw = ringSignedArea(ring) > 0;
    const wantCcw = i === 0;
    const pts: number[][] = [];
    for (let k = 0; k < ring.length; k += 2) pts.push([round(ring[k]!, 8), round(ring[k + 1]!, 8)]);
    return ccw === wantCcw ? pts : pts.reverse();
  });
}

function findingProperties(r: FindingRow) {
  return {
    id: r.id, type: r.type, typeName: FINDING_LABELS[r.type as FindingType]?.zh ?? r.type, severity: r.severity,
    layers: JSON.parse(r.layers_json), featureIds: JSON.parse(r.fids_json), ...areaTriple(r.area_m2), areaEllipsoidalM2: r.area_ell_m2,
    town: r.town, townCode: r.town_code, village: r.village, villageCode: r.village_code, dlbm: r.dlbm, detail: r.detail, suggestion: r.suggestion,
  };
}

export function writeGeoJson(ws: Workspace, runId: number, file: string): number {
  const fd = openSync(file, 'w');
  let count = 0;
  try {
    writeSync(fd, '{"type":"FeatureCollection","features":[\n');
    for (const r of findingRows(ws, runId, 'lonlat')) {
      const polys = parsePolygons(r.g);
      const geometry = polys.length ? { type: 'MultiPolygon', coordinates: polys.map(rfc7946Rings) } : null;
      writeSync(fd, `${count ? ',\n' : ''}${JSON.stringify({ type: 'Feature', id: r.id, properties: findingProperties(r), geometry })}`);
      count++;
    }
    writeSync(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
  return count;
}

// ---- GeoPackage ---------------------------------------------------------------------------------------------------

export function writeGpkg(ws: Workspace, runId: number, file: string): number {
  const out = openDatabase(file);
  let count = 0;
  try {
    out.pragma('application_id = 1196444487'); // 'GPKG'
    out.pragma('user_version = 10200');
    out.prepare('SELECT gpkgCreateBaseTables()').get();
    out.prepare('SELECT gpkgInsertEpsgSRID(?)').get(BigInt(ws.srid));
    out.exec(`CREATE TABLE findings (fid INTEGER PRIMARY KEY AUTOINCREMENT, finding_id INTEGER, type TEXT, type_name TEXT, severity TEXT,
      layers TEXT, feature_ids TEXT, area_m2 REAL, area_ha REAL, area_mu REAL, area_ell_m2 REAL, town TEXT, town_code TEXT,
      village TEXT, village_code TEXT, dlbm TEXT, detail TEXT, suggestion TEXT)`);
    out.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('findings', 'features', 'findings', ?, ?)`)
      .run(`三线工作台检查结果 run ${runId}`, ws.srid);
    out.prepare(`SELECT gpkgAddGeometryColumn('findings', 'geom', 'MULTIPOLYGON', 0, 0, ?)`).get(BigInt(ws.srid));
    const ins = out.prepare(`INSERT INTO findings (finding_id, type, type_name, severity, layers, feature_ids, area_m2, area_ha, area_mu, area_ell_m2,
      town, town_code, village, village_code, dlbm, detail, suggestion, geom) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, AsGPB(GeomFromWKB(?, ${Math.trunc(ws.srid)})))`);
    let batch: unknown[][] = [];
    const flush = () => { out.transaction(() => { for (const b of batch) ins.run(...b); })(); batch = []; };
    for (const r of findingRows(ws, runId, 'wkb')) {
      const a = areaFromM2(r.area_m2);
      batch.push([r.id, r.type, FINDING_LABELS[r.type as FindingType]?.zh ?? r.type, r.severity, r.layers_json, r.fids_json, a.m2, a.ha, a.mu, r.area_ell_m2,
        r.town, r.town_code, r.village, r.village_code, r.dlbm, r.detail, r.suggestion, r.g]);
      count++;
      if (batch.length >= 1000) flush();
    }
    flush();
    const e = out.prepare(`SELECT MIN(ST_MinX(GeomFromGPB(geom))) x0, MIN(ST_MinY(GeomFromGPB(geom))) y0, MAX(ST_MaxX(GeomFromGPB(geom))) x1,
      MAX(ST_MaxY(GeomFromGPB(geom))) y1 FROM findings`).get() as { x0: number | null; y0: number; x1: number; y1: number };
    out.prepare(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'findings'`)
      .run(e.x0, e.y0, e.x1, e.y1);
  } finally {
    out.close();
  }
  return count;
}

// ---- XLSX ---------------------------------------------------------------------------------------------------------

const FIRST_LEVEL = DLBM_TABLE.filter((e) => e.level === 1 && e.code !== '00');
const ha = (m2: number) => round(m2 / 10_000, 4);
const mu = (m2: number) => round(m2 / (10_000 / 15), 2);

function statsSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, stats: StatsResult | undefined, lines: string[]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow([`${name}（单位：公顷；亩列为同一面积的亩数，1 公顷 = 15 亩，分别四舍五入，合计可能差末位）`]).commit();
  ws.addRow(['单位：公顷']).commit();
  const header = ['代码', '名称', '上级代码', '上级名称', '国土面积（公顷）', '国土面积（亩）'];
  for (const l of lines) header.push(`${LINE_LABELS[l] ?? l}（公顷）`, `${LINE_LABELS[l] ?? l}（亩）`, `${LINE_LABELS[l] ?? l}占比`);
  header.push('建设用地（公顷）', '建设用地（亩）', '开发强度');
  for (const e of FIRST_LEVEL) header.push(`${e.code} ${e.name}（公顷）`, `${e.code} ${e.name}（亩）`);
  ws.addRow(header).commit();
  if (!stats) { ws.addRow(['（本次检查未包含统计 / no statistics in this run）']).commit(); ws.commit(); return; }
  const line = (r: StatsRow) => {
    const row: (string | number | null)[] = [r.code, r.name, r.parentCode, r.parentName, ha(r.landArea.m2), mu(r.landArea.m2)];
    for (const l of lines) { const a = r.lines[l]?.m2 ?? 0; row.push(ha(a), mu(a), round(r.lineShare[l] ?? 0, 6)); }
    row.push(ha(r.construction.m2), mu(r.construction.m2), r.intensity === null ? null : round(r.intensity, 6));
    for (const e of FIRST_LEVEL) { const a = r.dlbm1[e.code] ?? 0; row.push(ha(a), mu(a)); }
    return row;
  };
  for (const r of stats.rows) ws.addRow(line(r)).commit();
  ws.addRow(line(stats.total)).commit();
  for (const n of stats.notes) ws.addRow([n]).commit();
  ws.commit();
}

export async function writeXlsx(ws: Workspace, runId: number, file: string): Promise<number> {
  const run = getRun(ws.db, runId);
  const saved = runSavedStats(ws.db, runId);
  const cmp = compareRuns(ws.db, runId);
  const info = ws.info();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = '三线工作台 Sanxian Workbench';
  wb.created = new Date();

  // 汇总
  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 36 }, { width: 12 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];
  sum.addRow([`${info.name} 三线检查汇总`]).commit();
  sum.addRow(['工作空间', info.path]).commit();
  sum.addRow(['坐标系', info.crsName]).commit();
  sum.addRow(['检查编号 / 方案', `${run.runId} / ${run.scheme}`]).commit();
  sum.addRow(['开始时间', run.startedAt]).commit();
  sum.addRow(['耗时（秒）', run.durationMs === null ? null : round(run.durationMs / 1000, 1)]).commit();
  sum.addRow(['精度模型', `坐标捕捉到 ${run.params.gridSize} m 网格；平均宽度 < ${run.params.hairlineWidth} m 的细线部分不计；冲突最小面积 ${run.params.minConflictArea} m²`]).commit();
  sum.addRow([]).commit();
  sum.addRow(['单位：公顷']).commit();
  sum.addRow(['问题类型', '数量', '面积（公顷）', '面积（亩）', '椭球面积（公顷）', '椭球面积（亩）']).commit();
  for (const [type, t] of Object.entries(run.totals)) {
    sum.addRow([FINDING_LABELS[type as FindingType]?.zh ?? type, t.count, ha(t.areaM2), mu(t.areaM2), ha(t.areaEllipsoidalM2), mu(t.areaEllipsoidalM2)]).commit();
  }
  // Totals against the targets entered in the statistics panel (kept in the workspace), when the run has statistics.
  const totals = saved?.levels.county?.total ?? saved?.levels.town?.total ?? saved?.levels.village?.total;
  const targetChecks = totals ? checkTargets(totals, readTargets(ws)).filter((c) => c.target !== null) : [];
  if (targetChecks.length) {
    sum.addRow([]).commit();
    sum.addRow(['规划指标对照', '目标', '现状', '差值', '结论']).commit();
    for (const c of targetChecks) {
      const def = TARGET_KEYS.find((k) => k.key === c.key)!;
      const unit = def.unit === 'ha' ? '（公顷）' : '（比例）';
      const v = (x: number | null) => (x === null ? null : round(x, def.unit === 'ha' ? 4 : 6));
      sum.addRow([`${def.zh}${def.bound === 'min' ? '（不低于）' : '（不超过）'}${unit}`, v(c.target), v(c.actual), v(c.difference),
        c.met === null ? '无数据' : c.met ? '达标' : '未达标']).commit();
    }
  }
  if (cmp.previousRunId !== null) {
    sum.addRow([]).commit();
    sum.addRow([`与上次检查（${cmp.previousRunId}）比较`, '新增', '已解决', '变化', '未变']).commit();
    sum.addRow(['合计', cmp.new.length, cmp.resolved.length, cmp.changed.length, cmp.unchanged]).commit();
  }
  const byLine = saved?.byLine ?? {};
  if (Object.keys(byLine).length) {
    sum.addRow([]).commit();
    sum.addRow(['控制线内三调地类（一级类）', '', '单位：公顷']).commit();
    const lines = Object.keys(byLine);
    sum.addRow(['地类', ...lines.flatMap((l) => [`${LINE_LABELS[l] ?? l}（公顷）`, `${LINE_LABELS[l] ?? l}（亩）`])]).commit();
    const classes = new Set<string>();
    for (const m of Object.values(byLine)) for (const k of Object.keys(m)) classes.add(k.slice(0, 2));
    for (const c of [...classes].sort()) {
      const name = DLBM_TABLE.find((e) => e.code === c)?.name ?? c;
      sum.addRow([`${c} ${name}`, ...lines.flatMap((l) => {
        const a = Object.entries(byLine[l]!).filter(([k]) => k.slice(0, 2) === c).reduce((s, [, v]) => s + v, 0);
        return [ha(a), mu(a)];
      })]).commit();
    }
  }
  for (const s of run.skipped) sum.addRow([`未执行/说明：${s.check}`, s.reason]).commit();
  sum.commit();

  // 问题清单
  const list = wb.addWorksheet('问题清单');
  list.columns = [{ width: 8 }, { width: 30 }, { width: 8 }, { width: 24 }, { width: 20 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 14 },
    { width: 14 }, { width: 16 }, { width: 10 }, { width: 50 }, { width: 40 }];
  list.addRow(['单位：公顷（面积（亩）列为同一面积）']).commit();
  list.addRow(['序号', '问题类型', '级别', '图层', '要素编号', '面积（m²）', '面积（公顷）', '面积（亩）', '椭球面积（公顷）', '镇街', '村', '地类编码', '说明', '整改建议']).commit();
  let count = 0;
  for (const r of findingRows(ws, runId, 'none')) {
    count++;
    const layers = JSON.parse(r.layers_json) as string[];
    const fids = JSON.parse(r.fids_json) as number[][];
    list.addRow([count, FINDING_LABELS[r.type as FindingType]?.zh ?? r.type, SEVERITY_LABELS[r.severity] ?? r.severity, layers.join(' × '),
      fids.map((ids, i) => `${layers[i]}:${ids.join(',')}`).join('; '), round(r.area_m2, 2), ha(r.area_m2), mu(r.area_m2), ha(r.area_ell_m2),
      r.town, r.village, r.dlbm, r.detail, r.suggestion]).commit();
  }
  list.commit();

  const lines = Object.keys(LINE_LABELS).filter((l) => info.layers.some((x) => x.kind === l));
  statsSheet(wb, '分镇统计', saved?.levels.town, lines);
  statsSheet(wb, '分村统计', saved?.levels.village, lines);
  if (saved?.levels.county) statsSheet(wb, '分区县统计', saved.levels.county, lines);
  await wb.commit();
  return count;
}
