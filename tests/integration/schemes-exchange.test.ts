// Exchanging and merging schemes: a package (GeoPackage) exported and imported back as a new draft holds exactly
// the scheme (or its changes); GDAL reads it; a feature added in another tool gets a new id instead of replacing
// one; merging a draft into another applies clean changes and stops at conflicts until each is decided; and the
// comparison exports (JSON, XLSX, GeoPackage) and the `sanxian diff` CLI say what the comparison says.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/spatialite.js';
import { Editor } from '../../main/core/editing/editor.js';
import { diffSchemes } from '../../main/core/schemes/diff.js';
import { exportDiff } from '../../main/core/schemes/diff-export.js';
import { mergePreview, mergeSchemes } from '../../main/core/schemes/merge.js';
import { exportPackage, importPackage } from '../../main/core/schemes/package.js';
import { createScheme, getScheme } from '../../main/core/schemes/store.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { Workbench } from '../../main/core/service.js';
import { buildFixture, exact, expectCode, X0, Y0, type Fixture } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = tmp.file('exchange.sqlite');
  f = buildFixture(file);
});
afterEach(() => {
  f.ws.close();
  tmp.cleanup();
});

const URBAN = { XZQDM: '320413104', XZQMC: '朱林镇' };
const rect = (x0: number, y0: number, x1: number, y1: number) =>
  ({ type: 'Polygon' as const, coordinates: [exact(f, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]])] });
const editor = (scheme: number) => new Editor(f.ws, scheme);

/** A draft with a reshaped red line, a new urban boundary, a deleted and a re-attributed parcel. */
function editedDraft(): number {
  const d = createScheme(f.ws.db, { fromId: 1, name: '金坛调整方案', note: '第一轮' }).id;
  const ed = editor(d);
  ed.updateGeometry({ layerId: f.layers.stbhhx, fid: 1, geometry: rect(X0 + 100, Y0 - 50, X0 + 400, Y0 + 200) });
  ed.create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 1000, Y0, X0 + 1100, Y0 + 100), attributes: URBAN });
  ed.delete({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] });
  ed.updateAttributes({ layerId: f.layers.dltb, fids: [f.parcel(2, 1)], attributes: { DLBM: '0103', DLMC: '旱地' } });
  return d;
}

const noDifference = (a: number, b: number) => diffSchemes(f.ws.db, f.ws.srid, { from: a, to: b }).changes.length === 0
  && diffSchemes(f.ws.db, f.ws.srid, { from: a, to: b }).layers.every((l) => l.shared || (!l.added.length && !l.removed.length && !l.reshaped.length && !l.reattributed.length));

describe('scheme packages', () => {
  it('a whole package and a package of changes both import back as a draft equal to the original; GDAL reads the package', () => {
    const d = editedDraft();
    const whole = tmp.file('whole.gpkg'), changes = tmp.file('changes.gpkg');
    const s1 = exportPackage(f.ws, d, whole);
    expect(s1.layers.map((l) => l.key)).toEqual(expect.arrayContaining(['stbhhx', 'czkfbj', 'dltb', 'cjdcq']));
    const s2 = exportPackage(f.ws, d, changes, { onlyChanges: true });
    expect(s2.layers.map((l) => l.key).sort()).toEqual(['czkfbj', 'dltb', 'stbhhx']);
    expect(s2.layers.find((l) => l.key === 'dltb')).toMatchObject({ features: 1, changed: 2 });

    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', changes], { encoding: 'utf8' });
    expect(info).toMatch(/Layer name: stbhhx[\s\S]*Feature Count: 1/);
    expect(info).toMatch(/Layer name: dltb[\s\S]*Feature Count: 1/);
    expect(execFileSync('ogrinfo', ['-ro', '-al', '-q', changes, 'dltb'], { encoding: 'utf8' })).toContain('旱地');

    for (const pkg of [whole, changes]) {
      const imported = importPackage(f.ws, pkg);
      expect(imported).toMatchObject({ name: '金坛调整方案（导入）', note: '第一轮', origin: path.basename(pkg), parentId: 1, editCount: 1 });
      expect(noDifference(d, imported.id)).toBe(true);
    }
  });

  it.each([['a package of changes', true], ['a whole package', false]])('%s: a feature drawn in another tool (an id the package did not export) is added, not written over an existing feature', (_, onlyChanges) => {
    const d = editedDraft();
    const pkg = tmp.file('qgis.gpkg');
    exportPackage(f.ws, d, pkg, { onlyChanges });
    // QGIS gives a new feature the next free id of the package's table: in a package of changes it can collide with
    // a parcel of the workspace.
    const other = openDatabase(pkg);
    const collide = onlyChanges ? f.parcel(1, 1) : null;
    other.prepare(`INSERT INTO dltb (fid, DLBM, DLMC, geom) VALUES (?, '0101', '水田', AsGPB(CastToMultiPolygon(GeomFromText(?, 4528))))`)
      .run(collide, `POLYGON((${X0 + 2000} ${Y0}, ${X0 + 2050} ${Y0}, ${X0 + 2050} ${Y0 + 50}, ${X0 + 2000} ${Y0 + 50}, ${X0 + 2000} ${Y0}))`);
    other.close();
    const imported = importPackage(f.ws, pkg, { name: '外部修改' });
    const table = f.ws.layer(f.layers.dltb, imported.id).table;
    if (collide) expect(f.ws.db.prepare(`SELECT DLBM FROM "${table}" WHERE fid = ?`).pluck().get(collide)).toBe('0101');
    const added = diffSchemes(f.ws.db, f.ws.srid, { from: d, to: imported.id }).layers.find((l) => l.layerId === f.layers.dltb)!.added;
    expect(added).toHaveLength(1);
    expect(added[0]).not.toBe(collide);
    expect(diffSchemes(f.ws.db, f.ws.srid, { from: d, to: imported.id }).changes).toHaveLength(1);
  });

  it('a whole package edited elsewhere: changed attributes and shapes, a deleted feature and null values come back as one edit', () => {
    const d = editedDraft();
    const pkg = tmp.file('edited.gpkg');
    exportPackage(f.ws, d, pkg);
    const [p1, p2, p3] = [f.parcel(1, 1), f.parcel(1, 0), f.parcel(2, 0)];
    const other = openDatabase(pkg);
    other.prepare(`UPDATE dltb SET DLBM = '0102', DLMC = '水浇地' WHERE fid = ?`).run(p1);
    other.prepare(`UPDATE dltb SET DLMC = NULL WHERE fid = ?`).run(p2);
    other.prepare(`UPDATE stbhhx SET geom = AsGPB(CastToMultiPolygon(GeomFromText(?, 4528))) WHERE fid = 1`)
      .run(`POLYGON((${X0} ${Y0}, ${X0 + 300} ${Y0}, ${X0 + 300} ${Y0 + 300}, ${X0} ${Y0 + 300}, ${X0} ${Y0}))`);
    other.prepare('DELETE FROM dltb WHERE fid = ?').run(p3);
    other.close();
    const imported = importPackage(f.ws, pkg);
    expect(imported.editCount).toBe(1);
    const dltb = f.ws.layer(f.layers.dltb, imported.id).table;
    const row = (fid: number) => f.ws.db.prepare(`SELECT DLBM, DLMC FROM "${dltb}" WHERE fid = ?`).get(fid);
    expect(row(p1)).toEqual({ DLBM: '0102', DLMC: '水浇地' });
    expect(row(p2)).toMatchObject({ DLMC: null });
    expect(row(p3)).toBeUndefined();
    const red = f.ws.db.prepare(`SELECT ST_Area(geom) FROM "${f.ws.layer(f.layers.stbhhx, imported.id).table}" WHERE fid = 1`).pluck().get();
    expect(red).toBeCloseTo(300 * 300, 3);
    const diff = diffSchemes(f.ws.db, f.ws.srid, { from: d, to: imported.id });
    const layer = (id: number) => diff.layers.find((l) => l.layerId === id)!;
    expect(layer(f.layers.dltb)).toMatchObject({ added: [], removed: [p3], reshaped: [] });
    expect([...layer(f.layers.dltb).reattributed].sort()).toEqual([p1, p2].sort());
    expect(layer(f.layers.stbhhx)).toMatchObject({ added: [], removed: [], reshaped: [1], reattributed: [] });
    // Undone as one step: the draft is back at the baseline it was made from (a whole package names no base).
    new Editor(f.ws, imported.id).undo();
    expect(noDifference(1, imported.id)).toBe(true);
  });

  it('refuses a file that is not a scheme package and a package with layers this workspace lacks; nothing is created', () => {
    const before = f.ws.info().schemes.length;
    const d = editedDraft();
    const pkg = tmp.file('x.gpkg');
    exportPackage(f.ws, d, pkg);
    const other = openDatabase(pkg);
    other.exec(`CREATE TABLE zz_unknown (fid INTEGER PRIMARY KEY, geom BLOB);
      INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('zz_unknown', 'features', 'zz_unknown');`);
    other.close();
    expectCode(() => importPackage(f.ws, pkg), 'BAD_REQUEST');
    expectCode(() => importPackage(f.ws, file), 'BAD_REQUEST');
    // A feature whose geometry was emptied elsewhere: the error names the package, layer and fid.
    const empty = tmp.file('empty.gpkg');
    exportPackage(f.ws, d, empty);
    const edited = openDatabase(empty);
    edited.prepare('UPDATE dltb SET geom = NULL WHERE fid = ?').run(f.parcel(1, 1));
    edited.close();
    const e = expectCode(() => importPackage(f.ws, empty), 'INVALID_GEOMETRY');
    expect(e.message).toContain(`empty.gpkg dltb fid ${f.parcel(1, 1)}`);
    expect(f.ws.info().schemes.length).toBe(before + 1);
    expect(f.ws.db.prepare("SELECT COUNT(*) FROM pragma_database_list WHERE name = 'sx_package'").pluck().get()).toBe(0);
  });
});

describe('merging drafts', () => {
  it('applies clean changes as one undoable step and stops at a conflict until it is decided', () => {
    const a = editedDraft();
    const b = createScheme(f.ws.db, { fromId: 1, name: '乙' }).id;
    // b changes the red line differently (a conflict) and another parcel (no conflict with a).
    editor(b).updateGeometry({ layerId: f.layers.stbhhx, fid: 1, geometry: rect(X0 + 250, Y0 - 50, X0 + 500, Y0 + 250) });
    editor(b).updateAttributes({ layerId: f.layers.dltb, fids: [f.parcel(1, 0)], attributes: { DLBM: '0102', DLMC: '水浇地' } });

    const preview = mergePreview(f.ws, a, b);
    const conflicts = preview.items.filter((i) => i.conflict);
    expect(conflicts.map((c) => c.key)).toEqual([`${f.layers.stbhhx}:1`]);
    expect(preview.items.filter((i) => !i.conflict).map((i) => i.change).sort()).toEqual(['added', 'modified', 'removed']);

    const beforeB = diffSchemes(f.ws.db, f.ws.srid, { from: 1, to: b });
    expectCode(() => mergeSchemes(f.ws, a, b), 'MERGE_CONFLICT');
    expect(diffSchemes(f.ws.db, f.ws.srid, { from: 1, to: b }).changes.length).toBe(beforeB.changes.length);

    // Keep b's red line, take the rest.
    const r = mergeSchemes(f.ws, a, b, { [`${f.layers.stbhhx}:1`]: 'ours' });
    expect(r.summary.zh).toContain('3 处');
    const redB = f.ws.db.prepare(`SELECT ST_Area(geom) FROM "${f.ws.layer(f.layers.stbhhx, b).table}" WHERE fid = 1`).pluck().get() as number;
    expect(redB).toBeCloseTo(250 * 300, 3);
    const dltbB = f.ws.layer(f.layers.dltb, b).table;
    expect(f.ws.db.prepare(`SELECT DLBM FROM "${dltbB}" WHERE fid = ?`).pluck().get(f.parcel(2, 1))).toBe('0103');
    expect(f.ws.db.prepare(`SELECT DLBM FROM "${dltbB}" WHERE fid = ?`).pluck().get(f.parcel(1, 0))).toBe('0102');
    expect(f.ws.db.prepare(`SELECT COUNT(*) FROM "${dltbB}" WHERE fid = ?`).pluck().get(f.parcel(0, 0))).toBe(0);
    // Undone as one step.
    editor(b).undo();
    expect(f.ws.db.prepare(`SELECT DLBM FROM "${f.ws.layer(f.layers.dltb, b).table}" WHERE fid = ?`).pluck().get(f.parcel(2, 1))).toBe('0101');
    // Taking theirs instead.
    mergeSchemes(f.ws, a, b, { [`${f.layers.stbhhx}:1`]: 'theirs' });
    expect(f.ws.db.prepare(`SELECT ST_Area(geom) FROM "${f.ws.layer(f.layers.stbhhx, b).table}" WHERE fid = 1`).pluck().get()).toBeCloseTo(300 * 250, 3);
    expect(mergePreview(f.ws, a, b).items).toEqual([]);
  });
});

describe('through the service: exchange and merge run in a worker', () => {
  it('exports, imports and merges on the worker\'s connection; main then sees the new draft and undoes the merge', async () => {
    const a = editedDraft();
    const b = createScheme(f.ws.db, { fromId: 1, name: '乙' }).id;
    editor(b).updateAttributes({ layerId: f.layers.dltb, fids: [f.parcel(1, 0)], attributes: { DLBM: '0102', DLMC: '水浇地' } });
    f.ws.close();
    const wb = new Workbench({ host: 'cli', version: 't', bundledSamplePath: '/nonexistent', stateDir: tmp.file('state') });
    const labels: string[] = [];
    wb.on((event, payload) => { if (event === 'job.progress') labels.push((payload as { message: string }).message); });
    try {
      wb.open(file);
      const pkg = tmp.file('a.gpkg');
      expect((await wb.api['schemes.exportPackage']({ id: a, path: pkg, onlyChanges: false })).layers.length).toBeGreaterThan(2);
      const imported = await wb.api['schemes.importPackage']({ path: pkg, name: '甲（导入）' });
      expect((await wb.api['schemes.list']({})).map((x) => x.name)).toContain('甲（导入）');
      const diff = await wb.api['schemes.diff']({ from: a, to: imported.id });
      expect(diff.layers.every((l) => !l.added.length && !l.removed.length && !l.reshaped.length && !l.reattributed.length)).toBe(true);
      const preview = await wb.api['schemes.mergePreview']({ from: a, into: b });
      expect(preview.items.every((i) => !i.conflict)).toBe(true);
      await wb.api['schemes.activate']({ id: b });
      const merged = await wb.api['schemes.merge']({ from: a, into: b, resolutions: {} });
      expect(merged.changes.length).toBeGreaterThan(0);
      const dltbB = () => wb.requireWorkspace().layer(f.layers.dltb, b).table;
      expect(wb.requireWorkspace().db.prepare(`SELECT DLBM FROM "${dltbB()}" WHERE fid = ?`).pluck().get(f.parcel(2, 1))).toBe('0103');
      // The worker wrote the merge; main's editor undoes it as one step.
      await wb.api['edit.undo']({});
      expect(wb.requireWorkspace().db.prepare(`SELECT DLBM FROM "${dltbB()}" WHERE fid = ?`).pluck().get(f.parcel(2, 1))).toBe('0101');
      expect(labels.some((l) => l.includes('导出方案包'))).toBe(true);
      expect(labels.some((l) => l.includes('合并方案'))).toBe(true);
    } finally {
      await wb.dispose();
      f.ws = Workspace.open(file);
    }
  });
});

describe('comparison exports and the CLI', () => {
  it('JSON, XLSX and GeoPackage say what the comparison says; `sanxian diff` writes them', async () => {
    const d = editedDraft();
    f.ws.checkpoint();
    const data = diffSchemes(f.ws.db, f.ws.srid, { from: 1, to: d });
    const input = { data, from: getScheme(f.ws.db, 1), to: getScheme(f.ws.db, d), srid: f.ws.srid };
    await exportDiff(input, 'json', tmp.file('d.json'));
    await exportDiff(input, 'xlsx', tmp.file('d.xlsx'));
    await exportDiff(input, 'gpkg', tmp.file('d.gpkg'));
    const json = JSON.parse(readFileSync(tmp.file('d.json'), 'utf8'));
    const red = json.layers.find((l: { key: string }) => l.key === 'stbhhx');
    expect(red.gainedHa).toBeCloseTo(data.layers.find((l) => l.key === 'stbhhx')!.gainedM2 / 1e4, 12);
    expect(red.afterHa - red.beforeHa).toBeCloseTo(red.gainedHa - red.lostHa, 12);
    expect(json.units.filter((u: { level: string; layer: string }) => u.level === 'village' && u.layer === 'stbhhx').map((u: { name: string }) => u.name).sort()).toEqual(['黄金村', '龙溪村']);
    expect(json.changes[0].wkt).toMatch(/^MULTIPOLYGON/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(tmp.file('d.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按镇街', '按村', '变化清单']);
    const sumRow = wb.getWorksheet('汇总')!.getRows(1, 10)!.find((r) => r.getCell(1).value === '生态保护红线')!;
    expect(Number(sumRow.getCell(10).value)).toBeCloseTo(red.gainedHa, 4);
    expect(Number(sumRow.getCell(11).value)).toBeCloseTo(red.gainedHa * 15, 2);

    const ogr = execFileSync('ogrinfo', ['-ro', '-so', tmp.file('d.gpkg'), 'changes'], { encoding: 'utf8' });
    expect(ogr).toContain(`Feature Count: ${data.changes.length}`);

    f.ws.close();
    const bin = path.resolve('bin/sanxian.cjs');
    const out = execFileSync(process.execPath, [bin, 'diff', file, '--from', '现状', '--to', '金坛调整方案', '--json', tmp.file('cli.json'), '--xlsx', tmp.file('cli.xlsx')], { encoding: 'utf8' });
    expect(out).toContain('生态保护红线');
    const cli = JSON.parse(readFileSync(tmp.file('cli.json'), 'utf8'));
    expect(cli.layers).toEqual(json.layers);
    expect(cli.units).toEqual(json.units);
    f.ws = Workspace.open(file);
  }, 60_000);
});
