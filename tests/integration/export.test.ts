// Exports read back by GDAL (an independent reader) and round trips export → import: geometry (area within 1e-6
// relative), attributes with their types, Chinese text in GBK and UTF-8, DBF field names cut to 10 bytes without
// collisions. Then the same through the worker-based service (progress, cancel) and the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTable, findingsTable, layerTable } from '../../main/core/io/export.js';
import { runImport, type WorkspaceFacts } from '../../main/core/io/import.js';
import { Workbench } from '../../main/core/service.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import type { ExportFormat } from '../../shared/contract/io.js';
import { sha256, tempDir } from './helpers.js';
import { csvOf, emptyWorkspace, gdal, gdalAreas, makeShapefile, PARCELS } from './io-fixtures.js';
import { buildLinesWorkspace } from './overlay-fixtures.js';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'sanxian.cjs');
let tmp: ReturnType<typeof tempDir>;
let ws: string;
let layerId: number;
let table: string;
const facts: WorkspaceFacts = { srid: 4528, extent: null };
const ctx = { isCancelled: () => false, progress: () => {} };

/** A user layer with extra fields of long and Chinese names (kept from an import) besides the parcels' fields. */
beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'main', 'worker.cjs'))) throw new Error('run `npm run build` first (the worker is bundled)');
  tmp = tempDir('sanxian-export-');
  // A CSV (no 10-byte limit on names) imported into a user layer: the parcels' fields stay as extra columns.
  const csv = tmp.file('src.csv');
  writeFileSync(csv, csvOf(PARCELS.map((p, i) => ({ ...p, LONGFIELDNAME1: `a${i}`, LONGFIELDNAME2: `b${i}`, 项目备注说明: `备注${i}`, BIGID: String(320413100000000001n + BigInt(i)) }))));
  const shp = csv;
  ws = emptyWorkspace(tmp.file('ws.sqlite'));
  const r = runImport(ws, { path: shp, kind: 'user', name: '草案', srs: 'EPSG:4528' }, facts, ctx);
  layerId = r.layer.id;
  table = r.layer.table;
});
afterAll(() => tmp.cleanup());

function withWs<T>(fn: (w: Workspace) => T): T {
  const w = Workspace.open(ws);
  try { return fn(w); } finally { w.close(); }
}

function areasInWorkspace(file: string, t: string, key: string): Map<string, number> {
  const w = Workspace.open(file, { readonly: true });
  try {
    return new Map((w.db.prepare(`SELECT "${key}" k, ST_Area(geom) a FROM "${t}"`).all() as { k: string; a: number }[]).map((r) => [String(r.k), r.a]));
  } finally {
    w.close();
  }
}

function expectAreasClose(got: Map<string, number>, want: Map<string, number>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, a] of want) expect(Math.abs(got.get(k)! - a) / a, `area of ${k}`).toBeLessThan(1e-6);
}

describe('layer exports read by GDAL', () => {
  it('writes a GBK shapefile with .cpg and .prj that GDAL reads as EPSG:4528 with Chinese text, types and areas', () => {
    const out = tmp.file('out_gbk.shp');
    const r = withWs((w) => exportTable(layerTable(w, layerId), 'shp', out, 'gbk'));
    expect(r.count).toBe(3);
    expect(r.files.map((f) => path.extname(f)).sort()).toEqual(['.cpg', '.dbf', '.prj', '.shp', '.shx']);
    expect(readFileSync(tmp.file('out_gbk.cpg'), 'latin1')).toBe('GBK');
    // DBF names: 10 bytes, unique (GBK: 2 bytes per Chinese character).
    expect(r.renamed).toMatchObject({ LONGFIELDNAME1: 'LONGFIELDN', LONGFIELDNAME2: 'LONGFIEL_1', 项目备注说明: '项目备注说' });
    const info = gdal('ogrinfo', '-so', out, 'out_gbk');
    expect(info).toMatch(/3-degree Gauss-Kruger zone 40/);
    expect(info).toMatch(/ID\["EPSG",4528\]|4528/);
    expect(info).toMatch(/TBMJ: Real \(24\.15\)/);
    expect(info).toMatch(/SJNF: Integer \(9\.0\)/);
    expect(info).toMatch(/DLMC: String/);
    const rows = gdal('ogrinfo', '-q', out, 'out_gbk');
    expect(rows).toMatch(/DLMC \(String\) = 农村宅基地/);
    expect(rows).toMatch(/项目备注说 \(String\) = 备注2/);
    expect(rows).toMatch(/BIGID \(String\) = 320413100000000003/);
    expectAreasClose(gdalAreas(out, 'out_gbk', 'TBBH'), areasInWorkspace(ws, table, 'TBBH'));
  });

  it('writes UTF-8 when asked, with a .cpg GDAL honours', () => {
    const out = tmp.file('out_utf8.shp');
    withWs((w) => exportTable(layerTable(w, layerId), 'shp', out, 'utf8'));
    expect(readFileSync(tmp.file('out_utf8.cpg'), 'latin1')).toBe('UTF-8');
    expect(gdal('ogrinfo', '-q', out, 'out_utf8')).toMatch(/ZLDWMC \(String\) = 红旗圩村/);
  });

  it.each(['gpkg', 'geojson', 'kml'] as ExportFormat[])('writes %s that GDAL reads with the same features and areas', (format) => {
    const out = tmp.file(`out.${format}`);
    const r = withWs((w) => exportTable(layerTable(w, layerId), format, out));
    expect(r.count).toBe(3);
    const layerName = table;
    const listing = gdal('ogrinfo', '-q', out, layerName);
    expect(listing).toMatch(/农村宅基地/);
    if (format === 'gpkg') {
      expect(gdal('ogrinfo', '-so', out, layerName)).toMatch(/3-degree Gauss-Kruger zone 40/);
      expectAreasClose(gdalAreas(out, layerName, 'TBBH', 'geom'), areasInWorkspace(ws, table, 'TBBH'));
    } else {
      // lon/lat: GDAL reprojects to the workspace CRS, then measures.
      const back = tmp.file(`back_${format}.gpkg`);
      gdal('ogr2ogr', '-f', 'GPKG', '-t_srs', 'EPSG:4528', back, out, '-nln', 'back');
      expectAreasClose(gdalAreas(back, 'back', 'TBBH', 'geom'), areasInWorkspace(ws, table, 'TBBH'));
    }
  });

  it('exports only the selected features', () => {
    const fids = withWs((w) => (w.db.prepare(`SELECT fid FROM "${table}" WHERE DLBM <> '0702' ORDER BY fid`).all() as { fid: number }[]).map((x) => x.fid));
    const out = tmp.file('selection.geojson');
    const r = withWs((w) => exportTable(layerTable(w, layerId, fids), 'geojson', out));
    expect(r.count).toBe(2);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { DLMC: string } }[] };
    expect(doc.features.map((f) => f.properties.DLMC)).toEqual(['水田', '沟渠']);
  });

  it('refuses text GBK cannot hold, naming the character, and leaves no file behind', () => {
    const file = emptyWorkspace(tmp.file('emoji.sqlite'));
    const w = Workspace.open(file);
    try {
      const l = w.addLayer('user');
      w.insertFeatures(l.id, [{ attributes: { MC: '地块😀' }, wkt: 'MULTIPOLYGON(((40450000 3510000,40450100 3510000,40450100 3510100,40450000 3510000)))' }]);
      const dir = tmp.file('emoji-out');
      mkdirSync(dir);
      expect(() => exportTable(layerTable(w, l.id), 'shp', path.join(dir, 'e.shp'), 'gbk')).toThrow(/😀.*cannot be written in GBK.*UTF-8/);
      expect(readdirSync(dir)).toEqual([]);
      expect(exportTable(layerTable(w, l.id), 'shp', path.join(dir, 'e.shp'), 'utf8').count).toBe(1);
    } finally {
      w.close();
    }
  });
});

describe('round trips export → import', () => {
  it.each([['shp', 'gbk'], ['shp', 'utf8'], ['gpkg', undefined], ['geojson', undefined], ['kml', undefined]] as [ExportFormat, 'gbk' | 'utf8' | undefined][])(
    '%s (%s) keeps geometry, attributes and Chinese text', (format, encoding) => {
      const out = tmp.file(`rt_${format}_${encoding ?? ''}.${format}`);
      const { renamed } = withWs((w) => exportTable(layerTable(w, layerId), format, out, encoding));
      const target = emptyWorkspace(tmp.file(`rt_${format}_${encoding ?? ''}.sqlite`));
      const r = runImport(target, { path: out, kind: 'user' }, facts, ctx);
      expect(r.imported).toBe(3);
      expectAreasClose(areasInWorkspace(target, r.layer.table, 'TBBH'), areasInWorkspace(ws, table, 'TBBH'));
      const read = (file: string, t: string, cols: string[]) => {
        const w = Workspace.open(file, { readonly: true });
        try { return w.db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(',')} FROM "${t}" ORDER BY TBBH`).all(); } finally { w.close(); }
      };
      const cut = format === 'shp';
      const cols = ['MC', 'DLBM', 'DLMC', 'TBMJ', 'ZLDWMC', 'TBBH', 'SJNF', 'BIGID'];
      const original = read(ws, table, [...cols, 'LONGFIELDNAME1', '项目备注说明']) as Record<string, unknown>[];
      if (cut) expect(renamed).toMatchObject({ LONGFIELDNAME1: 'LONGFIELDN', 项目备注说明: encoding === 'gbk' ? '项目备注说' : '项目备' });
      const back = read(target, r.layer.table, [...cols, renamed.LONGFIELDNAME1 ?? 'LONGFIELDNAME1', renamed['项目备注说明'] ?? '项目备注说明']) as Record<string, unknown>[];
      expect(back.map((x) => Object.values(x))).toEqual(original.map((x) => Object.values(x)));
      // Types survive: numbers stay numbers.
      expect(typeof back[0]!.TBMJ).toBe('number');
      expect(typeof back[0]!.SJNF).toBe('number');
    });
});

describe('the service and the CLI', () => {
  it('imports through a worker with progress under the caller\'s job id, and a cancel leaves the workspace unchanged', async () => {
    const file = emptyWorkspace(tmp.file('svc.sqlite'));
    const big = makeShapefile(tmp.dir, 'many', {
      srs: 'EPSG:4528', encoding: 'GBK',
      rows: Array.from({ length: 30_000 }, (_, i) => {
        const x = 40450000 + (i % 200) * 10, y = 3510000 + Math.floor(i / 200) * 10;
        return { ...PARCELS[0]!, TBBH: String(i + 1), wkt: `POLYGON((${x} ${y},${x + 10} ${y},${x + 10} ${y + 10},${x} ${y + 10},${x} ${y}))` };
      }),
    });
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
    try {
      wb.open(file);
      const progress: number[] = [];
      wb.on((event, payload) => { if (event === 'job.progress' && (payload as { jobId: string }).jobId === 'imp-1') progress.push((payload as { fraction: number }).fraction); });
      const preview = await wb.api['import.preview']({ path: big });
      expect(preview).toMatchObject({ featureCount: 30_000, kind: 'landuse', checkedRows: 20_000, invalid: [] });
      const r = await wb.api['import.run']({ path: big, jobId: 'imp-1' });
      expect(r.imported).toBe(30_000);
      expect(progress.some((f) => f > 0 && f < 1)).toBe(true);
      expect((await wb.api['workspace.current']({}))!.layers.map((l) => l.featureCount)).toEqual([30_000]);

      const before = wb.requireWorkspace().layers().length;
      const running = wb.api['import.run']({ path: big, jobId: 'imp-2' });
      await new Promise((res) => setTimeout(res, 300));
      await wb.api['jobs.cancel']({ jobId: 'imp-2' });
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(wb.requireWorkspace().layers().length).toBe(before);
    } finally {
      await wb.dispose();
    }
  });

  it('sanxian import and sanxian export', () => {
    const file = emptyWorkspace(tmp.file('cli.sqlite'));
    const shp = makeShapefile(tmp.dir, 'cli_src', { srs: 'EPSG:4549', encoding: 'GBK', rows: PARCELS.map((p) => ({ ...p, wkt: p.wkt.replace(/404(\d{5})/g, '4$1') })) });
    const env = { ...process.env, SANXIAN_STATE_DIR: tmp.file('cli-state') };
    const imp = spawnSync(process.execPath, [cli, 'import', file, shp, '--layer-kind', 'landuse', '--name', '三调图斑'], { encoding: 'utf8', env });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/imported 3 features → layer dltb \(三调图斑, landuse\)/);
    expect(imp.stdout).toMatch(/EPSG:4549/);
    const bad = spawnSync(process.execPath, [cli, 'import', file, shp, '--encoding', 'utf8'], { encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/\[ENCODING\].*不是有效的 UTF-8/);
    const hash = sha256(file);
    const out = tmp.file('cli_out.shp');
    const exp = spawnSync(process.execPath, [cli, 'export', file, '--layer', 'dltb', out, '--encoding', 'gbk'], { encoding: 'utf8', env });
    expect(exp.status, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/exported 3 features of dltb/);
    expect(sha256(file)).toBe(hash);
    expect(gdal('ogrinfo', '-q', out, 'cli_out')).toMatch(/DLMC \(String\) = 沟渠/);
  });
});

describe('findings export', () => {
  it('writes a run\'s findings as Shapefile and KML', async () => {
    const file = tmp.file('lines.sqlite');
    buildLinesWorkspace(file).close();
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state2') });
    try {
      wb.open(file);
      const run = await wb.startChecks({ checks: ['line_conflicts'] }).done;
      expect(run.findingCount).toBeGreaterThan(0);
      const shp = await wb.api['export.findings']({ runId: run.runId, format: 'shp', path: tmp.file('findings.shp') });
      expect(shp.count).toBe(run.findingCount);
      expect(gdal('ogrinfo', '-so', shp.path, 'findings')).toMatch(new RegExp(`Feature Count: ${run.findingCount}`));
      const kml = await wb.api['export.findings']({ runId: run.runId, format: 'kml', path: tmp.file('findings.kml') });
      expect(gdal('ogrinfo', '-q', kml.path, `findings_${run.runId}`)).toMatch(/type_name \(String\) = /);
      const ws = wb.requireWorkspace();
      expect(findingsTable(ws, run.runId).count).toBe(run.findingCount);
    } finally {
      await wb.dispose();
    }
  });
});
