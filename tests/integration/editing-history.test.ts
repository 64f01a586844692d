// The edit model: one transaction per edit with before/after images; undo/redo restore bit-identical rows; redo is
// cleared by a new edit; history survives reopening; an edit committed before a crash is there afterwards; layer
// statistics and revisions follow; migration 3 upgrades an older workspace.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Editor } from '../../main/core/editing/editor.js';
import { indexExtent } from '../../main/core/editing/history.js';
import { Workbench } from '../../main/core/service.js';
import { openDatabase } from '../../main/core/db/spatialite.js';
import { LAYER_KINDS } from '../../shared/domain/layer-kinds.js';
import { latestSchemaVersion, MIGRATIONS, SQLITE_APPLICATION_ID } from '../../main/core/workspace/migrations.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { buildFixture, corner, exact, expectCode, polygon, tableHash, X0, Y0, type Fixture } from './editing-fixtures.js';
import { square, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = tmp.file('hist.sqlite');
  f = buildFixture(file);
});
afterEach(() => {
  f.ws.close();
  tmp.cleanup();
});

/** Every stored byte of the rows: the raw SpatiaLite geometry blob and each attribute. */
const rows = (ws: Workspace, table: string) => ws.db.prepare(`SELECT * FROM "${table}" ORDER BY fid`).all();

describe('undo and redo', () => {
  it('restore bit-identical geometry blobs and attributes through create, vertex edit, attributes, split, merge, delete', () => {
    const snapshots = [rows(f.ws, 'dltb')];
    const e = f.editor;
    const L = f.layers.dltb;
    e.create({ layerId: L, geometry: polygon(f, [corner(0, 3), corner(1, 3), corner(1, 4)]), attributes: { TBBH: 'n', DLBM: '0101' } });
    snapshots.push(rows(f.ws, 'dltb'));
    e.vertices({ layerId: L, fid: f.parcel(0, 0), ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: exact(f, [[X0 + 103.3, Y0 + 101.7]])[0]! }], topological: { layerIds: [L], toleranceM: 0 } });
    snapshots.push(rows(f.ws, 'dltb'));
    e.updateAttributes({ layerId: L, fids: [f.parcel(2, 0)], attributes: { DLBM: '0301', BZ: '改' } });
    snapshots.push(rows(f.ws, 'dltb'));
    e.split({ layerId: L, fids: [f.parcel(2, 1)], line: exact(f, [[X0 + 250, Y0 + 90], [X0 + 250, Y0 + 210]]) });
    snapshots.push(rows(f.ws, 'dltb'));
    e.merge({ layerId: L, fids: [f.parcel(0, 1), f.parcel(1, 1)] });
    snapshots.push(rows(f.ws, 'dltb'));
    e.delete({ layerId: L, fids: [f.parcel(2, 0)] });
    snapshots.push(rows(f.ws, 'dltb'));
    for (let i = snapshots.length - 2; i >= 0; i--) {
      e.undo();
      expect(rows(f.ws, 'dltb'), `after undo to state ${i}`).toEqual(snapshots[i]);
    }
    expectCode(() => e.undo(), 'NOTHING_TO_UNDO');
    for (let i = 1; i < snapshots.length; i++) {
      e.redo();
      expect(rows(f.ws, 'dltb'), `after redo to state ${i}`).toEqual(snapshots[i]);
    }
    expectCode(() => e.redo(), 'NOTHING_TO_REDO');
    expect(f.ws.layer(L).featureCount).toBe((f.ws.db.prepare('SELECT COUNT(*) n FROM dltb').get() as { n: number }).n);
  });

  it('a new edit clears the redo stack; the history says what, when, by whom', () => {
    const L = f.layers.dltb;
    f.editor.delete({ layerId: L, fids: [f.parcel(0, 0)] });
    f.editor.delete({ layerId: L, fids: [f.parcel(1, 0)] });
    f.editor.undo();
    let h = f.editor.history({});
    expect(h.canRedo).toBe(true);
    expect(h.nextRedo!.summary.en).toContain(`#${f.parcel(1, 0)}`);
    f.editor.delete({ layerId: L, fids: [f.parcel(2, 0)] });
    h = f.editor.history({});
    expect(h.canRedo).toBe(false);
    expectCode(() => f.editor.redo(), 'NOTHING_TO_REDO');
    const states = h.entries.filter((x) => x.undoable).map((x) => x.state);
    expect(states).toEqual(['done', 'discarded', 'done']);
    const undoRow = h.entries.find((x) => x.action === 'undo')!;
    expect(undoRow.targetId).toBe(h.entries.find((x) => x.state === 'discarded')!.id);
    expect(undoRow.summary.zh).toMatch(/^撤销：删除/);
    expect(h.entries[0]!.actor.length).toBeGreaterThan(0);
    expect(Date.parse(h.entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(h.entries.every((x) => x.scheme === String(f.ws.info().scheme.id) && f.ws.info().scheme.isBaseline)).toBe(true);
    expect(h.entries.some((x) => x.action === 'layer.create' && !x.undoable)).toBe(true);
  });

  it('labels rows without a summary (layer creation, imports, older rows) in words, in both languages', () => {
    f.ws.log(null, 'targets.set', {});
    // (Rows as older versions wrote them, in the baseline scheme's history.)
    f.ws.db.prepare("INSERT INTO sx_edit_log(at, actor, layer_id, action, detail_json, scheme) VALUES (?,?,?,?,?,'1')")
      .run(new Date().toISOString(), 'old', 9999, 'layer.create', JSON.stringify({ table: 'gone_table', kind: 'landuse' }));
    f.ws.db.prepare("INSERT INTO sx_edit_log(at, actor, layer_id, action, detail_json, scheme) VALUES (?,?,?,?,?,'1')")
      .run(new Date().toISOString(), 'old', f.layers.stbhhx, 'layer.delete', null);
    const h = f.editor.history({ limit: 1000 });
    const create = h.entries.find((x) => x.action === 'layer.create' && x.layerIds[0] === f.layers.dltb)!;
    expect(create.summary).toEqual({ zh: '新建图层 三调地类图斑', en: `Created layer ${f.ws.layer(f.layers.dltb).nameEn}` });
    const insert = h.entries.find((x) => x.action === 'features.insert' && x.layerIds[0] === f.layers.dltb)!;
    expect(insert.summary.zh).toBe('向 三调地类图斑 导入 1 个要素');
    expect(insert.summary.en).toMatch(/^Imported 1 feature into /);
    expect(h.entries.find((x) => x.action === 'targets.set')!.summary).toEqual({ zh: '设置指标目标', en: 'Set the indicator targets' });
    // A layer deleted since is named by the table the row recorded; an unknown pair of words still reads as words.
    expect(h.entries.find((x) => x.layerIds[0] === 9999)!.summary).toEqual({ zh: '新建图层 gone_table', en: 'Created layer gone_table' });
    expect(h.entries.find((x) => x.action === 'layer.delete')!.summary).toEqual({ zh: '删除图层', en: 'Deleted layer' });
    // No entry shows a raw action name.
    for (const e of h.entries) expect(e.summary.zh).not.toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it('refuses to undo over a change made by something else, and changes nothing', () => {
    const fid = f.parcel(0, 0);
    f.editor.updateAttributes({ layerId: f.layers.dltb, fids: [fid], attributes: { BZ: 'edit' } });
    f.ws.db.prepare('UPDATE dltb SET BZ = ? WHERE fid = ?').run('outside', fid);
    const before = tableHash(f.ws, 'dltb');
    expectCode(() => f.editor.undo(), 'EDIT_CONFLICT');
    expect(tableHash(f.ws, 'dltb')).toBe(before);
  });
});

describe('durability', () => {
  it('keeps the history across close and reopen; undo still works after reopening', () => {
    const L = f.layers.dltb;
    const original = rows(f.ws, 'dltb');
    f.editor.split({ layerId: L, fids: [f.parcel(0, 0)], line: exact(f, [[X0 + 50, Y0 - 10], [X0 + 50, Y0 + 110]]) });
    const afterSplit = rows(f.ws, 'dltb');
    f.ws.close();
    f.ws = Workspace.open(file);
    f.editor = new Editor(f.ws);
    expect(rows(f.ws, 'dltb')).toEqual(afterSplit);
    const h = f.editor.history({});
    expect(h.nextUndo!.action).toBe('split');
    f.editor.undo();
    expect(rows(f.ws, 'dltb')).toEqual(original);
  });

  it('an edit is on disk when the call returns: a copy of the files taken without closing (a crash) has it', () => {
    const r = f.editor.create({ layerId: f.layers.dltb, geometry: polygon(f, [corner(0, 3), corner(1, 3), corner(1, 4)]), attributes: { TBBH: 'crash', DLBM: '0101' } });
    const fid = r.changes[0]!.created[0]!;
    const crash = tmp.file('crashed.sqlite');
    copyFileSync(file, crash);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${crash}-wal`);
    const db = new Database(crash, { readonly: false });
    expect(db.prepare('SELECT TBBH FROM dltb WHERE fid = ?').get(fid)).toEqual({ TBBH: 'crash' });
    expect(db.prepare("SELECT COUNT(*) n FROM sx_edit_images i JOIN sx_edit_log l ON l.id = i.edit_id WHERE l.action = 'create'").get()).toEqual({ n: 1 });
    db.close();
    expect(f.ws.db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('layer statistics', () => {
  it('feature count, extent (from the spatial index) and revision follow every edit, undo and redo', () => {
    const L = f.layers.dltb;
    const r0 = f.ws.layer(L);
    const res = f.editor.create({ layerId: L, geometry: polygon(f, [corner(0, 10), corner(1, 10), corner(1, 11)]), attributes: { TBBH: 'far', DLBM: '0101' } });
    const r1 = res.layers[0]!;
    expect(r1.featureCount).toBe(r0.featureCount + 1);
    expect(r1.revision).toBeGreaterThan(r0.revision);
    expect(r1.extent![3]).toBeGreaterThan(r0.extent![3] + 0.005); // 1 km further north
    // The index extent agrees with the exact one computed from the geometries (R*Tree is float32: a few metres).
    f.ws.refreshLayerStats(L);
    const exactExtent = f.ws.layer(L).extent!;
    const fromIndex = indexExtent(f.ws, 'dltb')!;
    fromIndex.forEach((v, i) => expect(Math.abs(v - exactExtent[i]!)).toBeLessThan(1e-4));
    const u = f.editor.undo().layers[0]!;
    expect(u.featureCount).toBe(r0.featureCount);
    expect(u.extent![3]).toBeCloseTo(r0.extent![3], 4);
  });

  it('through the Workbench: an edit invalidates the map geometry and announces the new layer info', async () => {
    f.ws.close();
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
    const events: unknown[] = [];
    wb.on((name, payload) => { if (name === 'workspace.changed') events.push(payload); });
    try {
      await wb.api['workspace.open']({ path: file });
      const L = (await wb.api['workspace.current']({}))!.layers.find((l) => l.kind === 'landuse')!;
      const g0 = await wb.api['layers.geometry']({ layerId: L.id });
      const ed = wb.requireEditor();
      const pos = ed.ctx.projector.positions([corner(0, 3), corner(1, 3), corner(1, 4)]);
      const r = await wb.api['edit.create']({ layerId: L.id, geometry: { type: 'Polygon', coordinates: [pos] }, attributes: { TBBH: 'wb', DLBM: '0101' } });
      expect(r.layers[0]!.revision).toBeGreaterThan(L.revision);
      const g1 = await wb.api['layers.geometry']({ layerId: L.id });
      expect(g1.featureCount).toBe(g0.featureCount + 1);
      expect(events.length).toBeGreaterThanOrEqual(2);
      await wb.api['edit.undo']({});
      expect((await wb.api['layers.geometry']({ layerId: L.id })).featureCount).toBe(g0.featureCount);
      const h = await wb.api['edit.history']({});
      expect(h.entries[0]!.action).toBe('undo');
    } finally {
      await wb.dispose();
      f.ws = Workspace.open(file);
    }
  });
});

describe('migrations 3 and 4', () => {
  it('upgrade a version-2 workspace: old log rows stay (not undoable) in the baseline scheme, layers get tables, revisions and an undoable history', () => {
    const old = tmp.file('v2.sqlite');
    // A version-2 file written the way version 2 wrote it: its own migrations, a layer table, a log row.
    const v2 = MIGRATIONS.filter((m) => m.version <= 2);
    const raw = openDatabase(old);
    raw.pragma(`application_id = ${SQLITE_APPLICATION_ID}`);
    raw.transaction(() => {
      raw.prepare('SELECT InitSpatialMetadata(0)').get();
      raw.exec("CREATE TABLE sx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO sx_meta VALUES ('app', 'sanxian-workbench'), ('srid', '4528'), ('name', 'v2')");
      for (const m of v2) m.up(raw);
      raw.exec("INSERT INTO sx_meta VALUES ('schema_version', '2')");
      raw.exec('CREATE TABLE dltb (fid INTEGER PRIMARY KEY AUTOINCREMENT, TBBH TEXT, DLBM TEXT)');
      raw.prepare("SELECT AddGeometryColumn('dltb', 'geom', 4528, 'MULTIPOLYGON', 'XY', 1)").get();
      raw.prepare("SELECT CreateSpatialIndex('dltb', 'geom')").get();
      raw.prepare(`INSERT INTO dltb (TBBH, DLBM, geom) VALUES ('1', '0101', CastToMulti(GeomFromText(?, 4528)))`).run(square(0, 0, 100));
      raw.prepare(`INSERT INTO sx_layers (table_name, kind, name, name_en, geometry_type, sort_order, style_json, feature_count, created_at)
        VALUES ('dltb', 'landuse', '三调地类图斑', 'parcels', 'MULTIPOLYGON', 0, ?, 1, '2024-01-01')`).run(JSON.stringify(LAYER_KINDS.landuse.style));
      raw.prepare("INSERT INTO sx_edit_log (at, actor, layer_id, action, detail_json) VALUES ('2024-01-01', 'x', 1, 'features.insert', '{}')").run();
    })();
    raw.close();
    const ws = Workspace.open(old);
    try {
      const info = ws.info();
      expect(info.schemaVersion).toBe(latestSchemaVersion());
      expect(info.scheme).toMatchObject({ id: 1, isBaseline: true, locked: false });
      const log = ws.db.prepare('SELECT action, scheme, undoable, state FROM sx_edit_log ORDER BY id').all();
      expect(log).toEqual([{ action: 'features.insert', scheme: '1', undoable: 0, state: 'done' }]);
      expect(info.layers[0]).toMatchObject({ table: 'dltb', key: 'dltb', featureCount: 1 });
      const editor = new Editor(ws);
      const r = editor.delete({ layerId: info.layers[0]!.id, fids: [1] });
      expect(r.layers[0]!.revision).toBeGreaterThan(info.layers[0]!.revision);
      expect(editor.undo().changes[0]!.created).toEqual([1]);
      expect(ws.layers()[0]!.featureCount).toBe(1);
    } finally {
      ws.close();
    }
  });
});
