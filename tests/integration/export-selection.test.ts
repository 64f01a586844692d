// Exporting a selection: many fids through the contract (export.layer) and the CLI (--fids), and the CLI's --where
// filter (a plain SQL expression on the layer's columns, validated), all read back by GDAL.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTable, fidsWhere, layerTable } from '../../main/core/io/export.js';
import { Workbench } from '../../main/core/service.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { sha256, tempDir } from './helpers.js';
import { gdal } from './io-fixtures.js';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'sanxian.cjs');
const CODES = ['0101', '0201', '0702'];
const COUNT = 3000;
let tmp: ReturnType<typeof tempDir>;
let file: string;
let layerId: number;

/** 3,000 parcels of 10 m; parcel i (fid i + 1) has DLBM CODES[i % 3]. */
beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'main', 'cli.cjs'))) throw new Error('run `npm run build` first');
  tmp = tempDir('sanxian-export-sel-');
  file = tmp.file('ws.sqlite');
  const ws = Workspace.create(file, { name: '导出测试', srid: 4528 });
  const layer = ws.addLayer('landuse');
  layerId = layer.id;
  ws.insertFeatures(layer.id, Array.from({ length: COUNT }, (_, i) => {
    const x = 40_450_000 + (i % 100) * 10, y = 3_510_000 + Math.floor(i / 100) * 10;
    return { attributes: { DLBM: CODES[i % 3]!, TBBH: String(i + 1), TBMJ: 100 }, wkt: `MULTIPOLYGON(((${x} ${y},${x + 10} ${y},${x + 10} ${y + 10},${x} ${y + 10},${x} ${y})))` };
  }));
  ws.close();
});
afterAll(() => tmp.cleanup());

/** Feature count, distinct DLBM values and the TBBH range GDAL reads from an export (its SQLite dialect). */
function readBack(out: string, layer: string): { count: number; dlbm: Set<string>; min: number; max: number } {
  const text = gdal('ogrinfo', '-q', '-dialect', 'SQLite', '-sql',
    `SELECT COUNT(*) n, GROUP_CONCAT(DISTINCT DLBM) d, MIN(CAST(TBBH AS INTEGER)) a, MAX(CAST(TBBH AS INTEGER)) b FROM "${layer}"`, out);
  const get = (k: string) => new RegExp(`\\b${k} \\(\\w+\\) = (.*)`).exec(text)?.[1]?.trim() ?? '';
  return { count: Number(get('n')), dlbm: new Set(get('d').split(',').filter(Boolean)), min: Number(get('a')), max: Number(get('b')) };
}

describe('export a selection', () => {
  it('exports 2,500 selected features through the contract, exactly those', async () => {
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
    try {
      wb.open(file);
      const fids = Array.from({ length: 2500 }, (_, i) => COUNT - i); // 501 … 3000, in reverse
      const r = await wb.api['export.layer']({ layerId, fids, format: 'gpkg', path: tmp.file('sel.gpkg') });
      expect(r.count).toBe(2500);
      const back = readBack(r.path, 'dltb');
      expect(back).toMatchObject({ count: 2500, min: 501, max: 3000 });
    } finally {
      await wb.dispose();
    }
  });

  it('--where selects by a SQL expression on the layer\'s columns', () => {
    const ws = Workspace.open(file, { readonly: true });
    try {
      const fids = fidsWhere(ws, layerId, "DLBM LIKE '01%'");
      expect(fids).toHaveLength(COUNT / 3);
      expect(fids.every((f) => (f - 1) % 3 === 0)).toBe(true);
      expect(fidsWhere(ws, layerId, "DLBM IN ('0201', '0702') AND CAST(TBBH AS INTEGER) <= 10")).toEqual([2, 3, 5, 6, 8, 9]);
      // Quotes inside literals are fine; words of statements inside literals too.
      expect(fidsWhere(ws, layerId, "DLBM = 'select; --'")).toEqual([]);
      const out = tmp.file('water.kml');
      exportTable(layerTable(ws, layerId, fidsWhere(ws, layerId, "DLBM = '0702'")), 'kml', out);
      expect(readBack(out, 'dltb')).toMatchObject({ count: COUNT / 3, dlbm: new Set(['0702']) });
    } finally {
      ws.close();
    }
  });

  it('refuses anything that is not a plain expression, naming it, and changes nothing', () => {
    const before = sha256(file);
    const ws = Workspace.open(file);
    try {
      for (const [where, why] of [
        ["1; DROP TABLE dltb", /single expression/],
        ["fid IN (SELECT fid FROM sx_layers)", /not contain SELECT/],
        ['DLBM = ?', /parameters/],
        ["DLBM = '0101' -- comment", /comments/],
        ["DLBM = '0101", /quote is not closed/],
        ['NOSUCH = 1', /no such column: NOSUCH/],
        ['', /empty/],
      ] as const) {
        let error: (Error & { code?: string }) | undefined;
        try { fidsWhere(ws, layerId, where); } catch (e) { error = e as Error & { code?: string }; }
        expect(error?.code, where).toBe('BAD_REQUEST');
        expect(error!.message).toContain(`“${where}”`);
        expect(error!.message).toMatch(why);
      }
    } finally {
      ws.close();
    }
    expect(sha256(file)).toBe(before);
  });

  it('sanxian export --fids (1,500 ids) and --where, together and alone; a bad or empty filter exits 2', () => {
    const env = { ...process.env, SANXIAN_STATE_DIR: tmp.file('cli-state') };
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'export', file, '--layer', 'dltb', ...args], { encoding: 'utf8', env });
    const many = Array.from({ length: 1500 }, (_, i) => i + 1).join(',');
    const a = run(tmp.file('first.shp'), '--fids', many);
    expect(a.status, a.stderr).toBe(0);
    expect(readBack(tmp.file('first.shp'), 'first').count).toBe(1500);
    const b = run(tmp.file('paddy.shp'), '--where', "DLBM LIKE '01%'");
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/exported 1000 features of dltb/);
    expect(readBack(tmp.file('paddy.shp'), 'paddy')).toMatchObject({ count: 1000, dlbm: new Set(['0101']) });
    const c = run(tmp.file('both.geojson'), '--fids', many, '--where', "DLBM LIKE '01%'");
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/exported 500 features/);
    const bad = run(tmp.file('bad.shp'), '--where', 'DLBM = 1; DELETE FROM dltb');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/\[BAD_REQUEST\] 筛选条件 “DLBM = 1; DELETE FROM dltb” 无效/);
    const none = run(tmp.file('none.shp'), '--where', "DLBM = '9999'");
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/\[NO_EFFECT\].*nothing was exported/);
    expect(existsSync(tmp.file('none.shp'))).toBe(false);
  });
});
