// Exports of a scheme comparison: the JSON documented in docs/schemes.md, an XLSX report (汇总, by 区县 / 镇街 / 村,
// 变化清单; 公顷 with 亩 beside it) and the change polygons as a GeoPackage. Written beside the target and renamed
// into place, so a failed export leaves nothing half-written.
import ExcelJS from 'exceljs';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DiffLevel } from '../../../shared/contract/schemes.js';
import type { SchemeInfo } from '../../../shared/contract/schemas.js';
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { parsePolygons, polygonsWkt } from '../overlay/geom.js';
import type { ChangeData, DiffData } from './diff.js';

export type DiffExportFormat = 'xlsx' | 'gpkg' | 'json';

const HA = 10_000;
const ha = (m2: number) => m2 / HA;
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const LEVEL_ZH: Record<DiffLevel, string> = { county: '区县', town: '镇街', village: '村' };
const KIND_ZH: Record<ChangeData['kind'], string> = { gained: '增加', lost: '减少', attributes: '属性变化' };

export interface DiffExportInput { data: DiffData; from: SchemeInfo; to: SchemeInfo; srid: number }

export async function exportDiff(input: DiffExportInput, format: DiffExportFormat, target: string): Promise<{ path: string; count: number }> {
  const file = path.resolve(target);
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  try {
    if (format === 'json') writeFileSync(tmp, JSON.stringify(diffJson(input), null, 1));
    else if (format === 'gpkg') writeGpkg(input, tmp);
    else await writeXlsx(input, tmp);
    renameSync(tmp, file);
    return { path: file, count: input.data.changes.length };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The documented JSON: hectares unrounded, change polygons as WKT in the workspace CRS (EPSG given). */
export function diffJson({ data, from, to, srid }: DiffExportInput) {
  const keyOf = new Map(data.layers.map((l) => [l.layerId, l.key]));
  return {
    format: 'sanxian-scheme-diff/1',
    from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, srid: `EPSG:${srid}`,
    areas: 'ellipsoidal (CGCS2000), hectares; 1 ha = 15 亩',
    layers: data.layers.filter((l) => !l.shared).map((l) => ({
      layerId: l.layerId, key: l.key, name: l.name, added: l.added, removed: l.removed, reshaped: l.reshaped, reattributed: l.reattributed,
      beforeHa: l.beforeM2 === null ? null : ha(l.beforeM2), afterHa: l.afterM2 === null ? null : ha(l.afterM2), gainedHa: ha(l.gainedM2), lostHa: ha(l.lostM2), netHa: ha(l.gainedM2 - l.lostM2),
    })),
    units: data.units.map((u) => ({
      level: u.level, code: u.code, name: u.name, layer: keyOf.get(u.layerId) ?? String(u.layerId),
      beforeHa: ha(u.beforeM2), afterHa: ha(u.afterM2), gainedHa: ha(u.gainedM2), lostHa: ha(u.lostM2), netHa: ha(u.gainedM2 - u.lostM2),
    })),
    changes: data.changes.map((c) => ({
      id: c.id, layer: c.layerKey, kind: c.kind, areaHa: ha(c.areaM2), planarM2: c.planarM2, fids: c.fids,
      county: c.county, town: c.town, townCode: c.townCode, village: c.village, villageCode: c.villageCode, fields: c.fields,
      wkt: polygonsWkt(parsePolygons(c.wkb)),
    })),
  };
}

function writeGpkg({ data, srid }: DiffExportInput, file: string): void {
  const out = openDatabase(file);
  try {
    out.pragma('application_id = 1196444487'); // 'GPKG'
    out.pragma('user_version = 10200');
    out.transaction(() => {
      out.prepare('SELECT gpkgCreateBaseTables()').get();
      out.prepare('SELECT gpkgInsertEpsgSRID(?)').get(BigInt(srid));
      out.exec(`CREATE TABLE changes (fid INTEGER PRIMARY KEY AUTOINCREMENT, change_id INTEGER, layer TEXT, kind TEXT, kind_zh TEXT,
        area_m2 REAL, area_ha REAL, area_mu REAL, feature_ids TEXT, town TEXT, town_code TEXT, village TEXT, village_code TEXT, fields TEXT)`);
      out.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('changes', 'features', 'changes', '方案对比变化图斑 / scheme changes', ?)`).run(srid);
      out.prepare(`SELECT gpkgAddGeometryColumn('changes', 'geom', 'MULTIPOLYGON', 0, 0, ?)`).get(BigInt(srid));
      const ins = out.prepare(`INSERT INTO changes (change_id, layer, kind, kind_zh, area_m2, area_ha, area_mu, feature_ids, town, town_code, village, village_code, fields, geom)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, AsGPB(CastToMultiPolygon(GeomFromWKB(?, ${Math.trunc(srid)}))))`);
      for (const c of data.changes) {
        ins.run(c.id, c.layerKey, c.kind, KIND_ZH[c.kind], c.areaM2, c.areaM2 / HA, c.areaM2 * 15 / HA, JSON.stringify(c.fids), c.town, c.townCode,
          c.village, c.villageCode, c.fields.length ? JSON.stringify(c.fields) : null, Buffer.from(c.wkb));
      }
      const e = out.prepare(`SELECT MIN(ST_MinX(GeomFromGPB(geom))) x0, MIN(ST_MinY(GeomFromGPB(geom))) y0, MAX(ST_MaxX(GeomFromGPB(geom))) x1,
        MAX(ST_MaxY(GeomFromGPB(geom))) y1 FROM changes`).get() as { x0: number | null; y0: number | null; x1: number | null; y1: number | null };
      out.prepare(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'changes'`)
        .run(e.x0, e.y0, e.x1, e.y1);
    })();
  } finally {
    out.close();
  }
}

async function writeXlsx({ data, from, to }: DiffExportInput, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '三线工作台 Sanxian Workbench';
  const nameOf = new Map(data.layers.map((l) => [l.layerId, l.name]));
  const areaCols = (m2: number) => [round(m2 / HA, 4), round(m2 * 15 / HA, 2)];
  const header = (ws: ExcelJS.Worksheet, cols: string[]) => {
    const r = ws.addRow(cols);
    r.font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: ws.rowCount }];
  };
  const sum = wb.addWorksheet('汇总');
  sum.addRow([`方案对比：${from.name} → ${to.name}`]).font = { bold: true, size: 14 };
  sum.addRow(['面积为 CGCS2000 椭球面积；公顷与亩分别四舍五入（1 公顷 = 15 亩），合计可能差末位。']);
  header(sum, ['图层', '新增要素', '删除要素', '形状变化', '属性变化', '变化前（公顷）', '变化前（亩）', '变化后（公顷）', '变化后（亩）',
    '增加（公顷）', '增加（亩）', '减少（公顷）', '减少（亩）', '净变化（公顷）', '净变化（亩）']);
  for (const l of data.layers.filter((x) => !x.shared)) {
    sum.addRow([l.name, l.added.length, l.removed.length, l.reshaped.length, l.reattributed.length, ...(l.beforeM2 === null ? ['', ''] : areaCols(l.beforeM2)), ...(l.afterM2 === null ? ['', ''] : areaCols(l.afterM2)),
      ...areaCols(l.gainedM2), ...areaCols(l.lostM2), ...areaCols(l.gainedM2 - l.lostM2)]);
  }
  for (const level of ['county', 'town', 'village'] as DiffLevel[]) {
    const rows = data.units.filter((u) => u.level === level);
    if (!rows.length) continue;
    const ws = wb.addWorksheet(`按${LEVEL_ZH[level]}`);
    header(ws, [LEVEL_ZH[level], '代码', '图层', '变化前（公顷）', '变化前（亩）', '变化后（公顷）', '变化后（亩）', '增加（公顷）', '增加（亩）',
      '减少（公顷）', '减少（亩）', '净变化（公顷）', '净变化（亩）']);
    for (const u of rows) {
      ws.addRow([u.name, u.code ?? '', nameOf.get(u.layerId) ?? '', ...areaCols(u.beforeM2), ...areaCols(u.afterM2), ...areaCols(u.gainedM2),
        ...areaCols(u.lostM2), ...areaCols(u.gainedM2 - u.lostM2)]);
    }
  }
  const list = wb.addWorksheet('变化清单');
  header(list, ['编号', '图层', '变化', '面积（公顷）', '面积（亩）', '要素编号', '镇街', '村', '属性变化']);
  for (const c of data.changes) {
    list.addRow([c.id, nameOf.get(c.layerId) ?? c.layerKey, KIND_ZH[c.kind], ...areaCols(c.areaM2), c.fids.join(', '), c.town ?? '', c.village ?? '',
      c.fields.map((f) => `${f.name}: ${String(f.before ?? '')} → ${String(f.after ?? '')}`).join('; ')]);
  }
  for (const ws of wb.worksheets) ws.columns.forEach((col) => { col.width = 14; });
  await wb.xlsx.writeFile(file);
}
