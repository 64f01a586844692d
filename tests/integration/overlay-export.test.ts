// Exports of a saved run, read back by independent tools: ogrinfo (GDAL) for GeoPackage and GeoJSON, exceljs for XLSX.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun, planRun } from '../../main/core/overlay/coordinator.js';
import { exportRun } from '../../main/core/overlay/export.js';
import { writeTargets } from '../../main/core/overlay/indicator-targets.js';
import type { Workspace } from '../../main/core/workspace/workspace.js';
import { tempDir } from './helpers.js';
import { buildDistrictWorkspace, inProcess } from './overlay-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let runId: number;
let findingCount: number;
let totalArea: number;

beforeAll(async () => {
  tmp = tempDir('sanxian-overlay-export-');
  ws = buildDistrictWorkspace(tmp.file('district.sqlite'));
  const run = await executeRun(ws, planRun(ws, {}), inProcess);
  runId = run.runId;
  findingCount = run.findingCount;
  totalArea = Object.values(run.totals).reduce((s, t) => s + t.areaM2, 0);
});
afterAll(() => { ws?.close(); tmp.cleanup(); });

const ogrinfo = (...args: string[]) => execFileSync('ogrinfo', args, { encoding: 'utf8' });

describe('exports', () => {
  it('writes a GeoPackage that ogrinfo reads, with every finding and its area', async () => {
    const out = tmp.file('findings.gpkg');
    const r = await exportRun(ws, runId, 'gpkg', out);
    expect(r.count).toBe(findingCount);
    const info = ogrinfo('-so', out, 'findings');
    expect(info).toMatch(/using driver `GPKG'/);
    expect(info).toContain(`Feature Count: ${findingCount}`);
    expect(info).toMatch(/Multi Polygon/);
    expect(info).toMatch(/Gauss-Kruger zone 40/);
    // Areas recomputed by GDAL/SpatiaLite from the stored polygons agree with the reported ones.
    const sql = ogrinfo('-dialect', 'SQLite', '-sql', 'SELECT SUM(ST_Area(geom)) a, SUM(area_m2) b, SUM(area_ha) c FROM findings', out);
    const a = Number(/a \(Real\) = ([\d.]+)/.exec(sql)![1]);
    const b = Number(/b \(Real\) = ([\d.]+)/.exec(sql)![1]);
    expect(b).toBeCloseTo(totalArea, 3);
    expect(Math.abs(a - b) / b).toBeLessThan(1e-9);
    expect(Number(/c \(Real\) = ([\d.]+)/.exec(sql)![1])).toBeCloseTo(b / 10_000, 6);
    const gap = ogrinfo('-sql', "SELECT type, area_m2, village, town FROM findings WHERE type = 'gap'", out);
    expect(gap).toMatch(/area_m2 \(Real\) = 10000/);
    expect(gap).toMatch(/village \(String\) = 三村/);
  });

  it('writes RFC 7946 GeoJSON in lon/lat with counter-clockwise exteriors', async () => {
    const out = tmp.file('findings.geojson');
    const r = await exportRun(ws, runId, 'geojson', out);
    expect(r.count).toBe(findingCount);
    expect(ogrinfo('-al', '-so', out)).toMatch(new RegExp(`Feature Count: ${findingCount}`));
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(findingCount);
    const f = fc.features.find((x: { properties: { type: string } }) => x.properties.type === 'overlap');
    expect(f.properties).toMatchObject({ layers: ['dltb', 'dltb'], featureIds: [[162], [200]], town: '乙镇', village: '三村' });
    expect(f.properties.areaMu).toBeCloseTo(3.75, 9);
    const ring: number[][] = f.geometry.coordinates[0][0];
    expect(ring[0]![0]).toBeGreaterThan(119);
    expect(ring[0]![1]).toBeGreaterThan(31);
    let s = 0;
    for (let i = 1; i < ring.length; i++) s += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
    expect(s).toBeGreaterThan(0);
  });

  it('writes an XLSX report with 汇总, 问题清单, 分镇统计 and 分村统计 in 公顷 with 亩 beside', async () => {
    const out = tmp.file('report.xlsx');
    const r = await exportRun(ws, runId, 'xlsx', out);
    expect(r.count).toBe(findingCount);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '问题清单', '分镇统计', '分村统计', '分区县统计']);
    const list = wb.getWorksheet('问题清单')!;
    expect(list.rowCount).toBe(2 + findingCount);
    expect(String(list.getRow(2).getCell(7).value)).toBe('面积（公顷）');
    expect(String(list.getRow(2).getCell(8).value)).toBe('面积（亩）');
    const town = wb.getWorksheet('分镇统计')!;
    expect(String(town.getRow(2).getCell(1).value)).toBe('单位：公顷');
    const header = town.getRow(3).values as unknown[];
    expect(header).toContain('国土面积（公顷）');
    expect(header).toContain('国土面积（亩）');
    const jia = town.getRow(4);
    expect(jia.getCell(2).value).toBe('甲镇');
    expect(jia.getCell(5).value).toBe(100);
    expect(jia.getCell(6).value).toBe(1500);
    const total = town.getRow(6);
    expect(total.getCell(5).value).toBe(200);
    const summary = wb.getWorksheet('汇总')!;
    const texts: string[] = [];
    summary.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts).toContain('空隙');
    expect(texts).toContain('单位：公顷');
    expect(wb.getWorksheet('分村统计')!.getRow(4).getCell(2).value).toBe('一村');
  });

  it('compares the totals with the targets entered, in the 汇总 sheet', async () => {
    // The district is 200 公顷; intensity and red line targets left empty are not listed.
    writeTargets(ws, { cultivatedMinHa: 1_000, farmlandTaskHa: null, ecoRedlineMinHa: null, urbanBoundaryMaxHa: 1_000, intensityMax: null });
    const out = tmp.file('report-targets.xlsx');
    await exportRun(ws, runId, 'xlsx', out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: unknown[][] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const at = rows.findIndex((r) => r[0] === '规划指标对照');
    expect(at).toBeGreaterThan(0);
    const listed = rows.slice(at + 1, at + 3);
    expect(listed.map((r) => String(r[0]))).toEqual(['耕地保有量（不低于）（公顷）', '城镇开发边界规模（不超过）（公顷）']);
    expect(listed[0]![1]).toBe(1_000);
    expect(listed[0]![4]).toBe('未达标'); // a 200 公顷 district cannot keep 1,000 公顷 of 耕地
    expect(listed[1]![4]).toBe('达标');
    expect(Number(listed[1]![2]) - 1_000).toBeCloseTo(Number(listed[1]![3]), 4);
  });

  it('writes the documented JSON report', async () => {
    const out = tmp.file('report.json');
    await exportRun(ws, runId, 'json', out);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j).toMatchObject({ format: 'sanxian-check-report', version: 1, workspace: { srid: 4528 }, run: { runId, scheme: '1', schemeName: '现状' } });
    expect(j.findings).toHaveLength(findingCount);
    const gap = j.findings.find((f: { type: string }) => f.type === 'gap');
    expect(Object.keys(gap)).toEqual(expect.arrayContaining(['type', 'layers', 'featureIds', 'areaM2', 'areaHa', 'areaMu', 'town', 'village', 'wkt']));
    expect(gap).toMatchObject({ areaM2: expect.closeTo(10_000, 4), areaHa: expect.closeTo(1, 8), areaMu: expect.closeTo(15, 7), town: '乙镇', village: '三村' });
    expect(gap.wkt).toMatch(/^MULTIPOLYGON\(\(\(4045\d{4}\.000 351\d{4}\.000,/);
    expect(j.totals.gap).toMatchObject({ count: 1, areaHa: expect.closeTo(1, 8) });
    expect(j.totals.all.count).toBe(findingCount);
    expect(j.stats.town.rows).toHaveLength(2);
    expect(j.landuseInLines.eco_redline['0702']).toBeCloseTo(100_000, 4);
  });

  it('refuses an unfinished run and a missing folder, and leaves no partial file', async () => {
    await expect(exportRun(ws, runId, 'xlsx', tmp.file('no/such/dir/x.xlsx'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    ws.db.prepare("UPDATE sx_check_runs SET status = 'running' WHERE id = ?").run(runId);
    try {
      await expect(exportRun(ws, runId, 'gpkg', tmp.file('x.gpkg'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(existsSync(tmp.file('x.gpkg'))).toBe(false);
    } finally {
      ws.db.prepare("UPDATE sx_check_runs SET status = 'done' WHERE id = ?").run(runId);
    }
    writeFileSync(tmp.file('keep.geojson'), 'old');
    await exportRun(ws, runId, 'geojson', tmp.file('keep.geojson'));
    expect(readFileSync(tmp.file('keep.geojson'), 'utf8')).toMatch(/FeatureCollection/);
  });
});
