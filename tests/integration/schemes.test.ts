// Schemes (方案): drafts share tables until they edit them (copy-on-write), edits and undo stay in their scheme,
// locked schemes refuse edits, feature ids stay unique across schemes, deleting a draft drops only its tables; and
// the comparison of two schemes gives the areas a hand calculation gives, by village, and agrees with an
// independent overlay (the spatialite CLI on the two tables) within 0.01 %.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Editor } from '../../main/core/editing/editor.js';
import { ellipsoidalArea } from '../../main/core/overlay/ellipsoid.js';
import { diffSchemes } from '../../main/core/schemes/diff.js';
import { createScheme, deleteScheme, updateScheme } from '../../main/core/schemes/store.js';
import { Workbench } from '../../main/core/service.js';
import { generateSample } from '../../main/core/sample/generate-sample.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { createHash } from 'node:crypto';
import { buildFixture, corner, exact, expectCode, X0, Y0, type Fixture } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
beforeEach(() => {
  tmp = tempDir();
  f = buildFixture(tmp.file('schemes.sqlite'));
});
afterEach(() => {
  f.ws.close();
  tmp.cleanup();
});

/** Every row of a table, geometry blobs included. */
function tableHash(ws: Workspace, table: string): string {
  const h = createHash('sha256');
  for (const row of ws.db.prepare(`SELECT * FROM "${table}" ORDER BY fid`).iterate() as Iterable<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(row)) h.update(`${k}=`).update(Buffer.isBuffer(v) ? v : String(v)).update(';');
  }
  return h.digest('hex');
}
const URBAN = { XZQDM: '320413104', XZQMC: '朱林镇' };
const tables = (ws: Workspace) => (ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'idx_%' AND name NOT LIKE 'sx_%' ORDER BY name").pluck().all() as string[]);
/** Rectangle as the exact positions the editor takes. */
const rect = (x0: number, y0: number, x1: number, y1: number) =>
  ({ type: 'Polygon' as const, coordinates: [exact(f, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]])] });

function draft(name = '草案一', from = 1): number {
  return createScheme(f.ws.db, { fromId: from, name }).id;
}
function editorIn(scheme: number): Editor {
  f.ws.setScheme(scheme);
  return new Editor(f.ws);
}

describe('schemes share tables until they edit them', () => {
  it('a new draft copies nothing; its first edit gives it its own table and leaves the baseline byte-identical', () => {
    const before = tables(f.ws);
    const baselineHash = tableHash(f.ws, 'stbhhx');
    const d = draft();
    expect(tables(f.ws)).toEqual(before);
    expect(f.ws.layers(d).map((l) => l.table)).toEqual(f.ws.layers(1).map((l) => l.table));

    const ed = editorIn(d);
    ed.updateGeometry({ layerId: f.layers.stbhhx, fid: 1, geometry: rect(X0 + 100, Y0 - 50, X0 + 400, Y0 + 200) });
    const own = f.ws.layer(f.layers.stbhhx, d);
    expect(own.table).toBe('stbhhx_fa2');
    expect(own.key).toBe('stbhhx');
    expect(f.ws.layer(f.layers.stbhhx, 1).table).toBe('stbhhx');
    expect(tableHash(f.ws, 'stbhhx')).toBe(baselineHash);
    // Other layers are still shared; the two schemes' versions of the red line have different revisions.
    expect(f.ws.layer(f.layers.dltb, d).table).toBe('dltb');
    expect(own.revision).not.toBe(f.ws.layer(f.layers.stbhhx, 1).revision);
    // The draft's history is its own.
    expect(ed.history({}).entries.filter((e) => e.undoable)).toHaveLength(1);
    expect(editorIn(1).history({}).entries.filter((e) => e.undoable)).toHaveLength(0);
  });

  it('an edit of the baseline moves drafts that share the table to a copy of what they saw', () => {
    const d = draft();
    const sharedBefore = tableHash(f.ws, 'stbhhx');
    editorIn(1).delete({ layerId: f.layers.stbhhx, fids: [1] });
    expect(f.ws.layer(f.layers.stbhhx, 1)).toMatchObject({ table: 'stbhhx', featureCount: 0 });
    const moved = f.ws.layer(f.layers.stbhhx, d);
    expect(moved).toMatchObject({ table: 'stbhhx_fa2', featureCount: 1 });
    // The draft's copy holds exactly the pre-edit rows.
    const rows = (t: string) => f.ws.db.prepare(`SELECT fid, HXMC, hex(geom) g FROM "${t}" ORDER BY fid`).all();
    expect(rows('stbhhx_fa2')).toHaveLength(1);
    expect(sharedBefore).not.toBe(tableHash(f.ws, 'stbhhx'));
  });

  it('undo in a draft whose table a newer draft shares copies again: the newer draft keeps what it was made from', () => {
    const d1 = draft('一');
    const ed1 = editorIn(d1);
    ed1.delete({ layerId: f.layers.stbhhx, fids: [1] });
    const d2 = draft('二', d1);
    expect(f.ws.layer(f.layers.stbhhx, d2).table).toBe(f.ws.layer(f.layers.stbhhx, d1).table);
    ed1.undo();
    expect(f.ws.layer(f.layers.stbhhx, d1).featureCount).toBe(1);
    expect(f.ws.layer(f.layers.stbhhx, d2).featureCount).toBe(0);
    expect(f.ws.layer(f.layers.stbhhx, d2).table).not.toBe(f.ws.layer(f.layers.stbhhx, d1).table);
  });

  it('a locked scheme refuses every edit and changes nothing; unlocked it edits again', () => {
    updateScheme(f.ws.db, { id: 1, locked: true });
    const hash = tableHash(f.ws, 'dltb');
    const ed = editorIn(1);
    expectCode(() => ed.delete({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] }), 'SCHEME_LOCKED');
    expectCode(() => f.ws.insertFeatures(f.layers.stbhhx, [{ attributes: {}, wkt: 'MULTIPOLYGON(((0 0,1 0,1 1,0 0)))' }]), 'SCHEME_LOCKED');
    expect(tableHash(f.ws, 'dltb')).toBe(hash);
    // A draft of the approved scheme can be edited.
    const d = draft('修改稿');
    editorIn(d).delete({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] });
    expect(f.ws.layer(f.layers.dltb, d).featureCount).toBe(5);
    expect(f.ws.layer(f.layers.dltb, 1).featureCount).toBe(6);
  });

  it('new features get ids no other scheme has used for that layer', () => {
    const a = draft('甲'), b = draft('乙');
    const fa = editorIn(a).create({ layerId: f.layers.czkfbj, geometry: rect(X0, Y0, X0 + 50, Y0 + 50), attributes: URBAN }).changes[0]!.created[0]!;
    const fb = editorIn(b).create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 60, Y0, X0 + 90, Y0 + 50), attributes: URBAN }).changes[0]!.created[0]!;
    const fc = editorIn(1).create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 100, Y0, X0 + 120, Y0 + 50), attributes: URBAN }).changes[0]!.created[0]!;
    expect(new Set([fa, fb, fc]).size).toBe(3);
  });

  it('deleting a draft drops the tables only it used and its history; the baseline and the active scheme cannot be deleted', async () => {
    const d = draft();
    editorIn(d).delete({ layerId: f.layers.stbhhx, fids: [1] });
    f.ws.setScheme(1);
    expect(tables(f.ws)).toContain('stbhhx_fa2');
    expect(deleteScheme(f.ws.db, d).dropped).toEqual(['stbhhx_fa2']);
    expect(tables(f.ws)).not.toContain('stbhhx_fa2');
    expect(f.ws.db.prepare("SELECT COUNT(*) FROM sx_edit_log WHERE scheme = ?").pluck().get(String(d))).toBe(0);
    expectCode(() => deleteScheme(f.ws.db, 1), 'BAD_REQUEST');
    const wb = new Workbench({ host: 'cli', version: 't', bundledSamplePath: '/nonexistent', stateDir: tmp.file('state') });
    f.ws.close();
    try {
      wb.open(tmp.file('schemes.sqlite'));
      const d2 = (await wb.api['schemes.create']({ fromId: 1, name: '二' })).id;
      await wb.api['schemes.activate']({ id: d2 });
      await expect(wb.api['schemes.delete']({ id: d2 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await wb.dispose();
      f.ws = Workspace.open(tmp.file('schemes.sqlite'));
    }
  });

  it('the workspace remembers the scheme last worked on', () => {
    const d = draft();
    f.ws.setScheme(d);
    f.ws.close();
    f.ws = Workspace.open(tmp.file('schemes.sqlite'));
    expect(f.ws.info().scheme).toMatchObject({ id: d, name: '草案一', isBaseline: false, parentId: 1 });
    expect(f.ws.info().schemes.map((s) => s.id)).toEqual([1, d]);
  });
});

describe('comparing two schemes', () => {
  it('finds added, removed, reshaped and re-attributed features and the areas gained and lost, by village, as computed by hand', () => {
    const d = draft();
    const ed = editorIn(d);
    // Red line (old: x 250…400, y −50…250) becomes x 100…400, y −50…200.
    ed.updateGeometry({ layerId: f.layers.stbhhx, fid: 1, geometry: rect(X0 + 100, Y0 - 50, X0 + 400, Y0 + 200) });
    ed.updateAttributes({ layerId: f.layers.dltb, fids: [f.parcel(2, 1)], attributes: { DLBM: '0103', DLMC: '旱地' } });
    const added = ed.create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 1000, Y0, X0 + 1100, Y0 + 100), attributes: URBAN }).changes[0]!.created[0]!;
    ed.delete({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] });

    const diff = diffSchemes(f.ws.db, f.ws.srid, { from: 1, to: d });
    const layer = (id: number) => diff.layers.find((l) => l.layerId === id)!;
    expect(layer(f.layers.stbhhx)).toMatchObject({ shared: false, added: [], removed: [], reshaped: [1], reattributed: [] });
    expect(layer(f.layers.czkfbj)).toMatchObject({ added: [added], removed: [] });
    expect(layer(f.layers.dltb)).toMatchObject({ removed: [f.parcel(0, 0)], reattributed: [f.parcel(2, 1)] });
    expect(layer(f.layers.village).shared).toBe(true);

    const ell = (x0: number, y0: number, x1: number, y1: number) => {
      const [a, b] = corner(0, 0);
      return ellipsoidalArea([[[a + x0, b + y0, a + x1, b + y0, a + x1, b + y1, a + x0, b + y1, a + x0, b + y0]]], f.ws.srid);
    };
    const red = diff.changes.filter((c) => c.layerId === f.layers.stbhhx);
    const gained = red.filter((c) => c.kind === 'gained'), lost = red.filter((c) => c.kind === 'lost');
    // Planar, exactly: gained [100,250]×[−50,200], lost [250,400]×[200,250].
    expect(gained.reduce((s, c) => s + c.planarM2, 0)).toBeCloseTo(150 * 250, 6);
    expect(lost.reduce((s, c) => s + c.planarM2, 0)).toBeCloseTo(150 * 50, 6);
    expect(gained.every((c) => c.fids.join() === '1')).toBe(true);
    const redLayer = layer(f.layers.stbhhx);
    expect(redLayer.gainedM2).toBeCloseTo(ell(100, -50, 250, 200), 4);
    expect(redLayer.lostM2).toBeCloseTo(ell(250, 200, 400, 250), 4);
    expect(redLayer.beforeM2).toBeCloseTo(ell(250, -50, 400, 250), 4);
    expect(redLayer.afterM2).toBeCloseTo(ell(100, -50, 400, 200), 3);

    // The village boundary is at x = 150: 黄金村 gains [100,150]×[−50,200]; 龙溪村 gains the rest and loses the top.
    const unit = (name: string) => diff.units.find((u) => u.layerId === f.layers.stbhhx && u.level === 'village' && u.name === name)!;
    expect(unit('黄金村')).toMatchObject({ code: '320413104201' });
    expect(unit('黄金村').beforeM2).toBe(0);
    expect(unit('黄金村').gainedM2).toBeCloseTo(ell(100, -50, 150, 200), 4);
    expect(unit('黄金村').afterM2).toBeCloseTo(ell(100, -50, 150, 200), 4);
    expect(unit('龙溪村').gainedM2).toBeCloseTo(ell(150, -50, 250, 200), 4);
    expect(unit('龙溪村').lostM2).toBeCloseTo(ell(250, 200, 400, 250), 4);
    expect(unit('龙溪村').beforeM2).toBeCloseTo(ell(250, -50, 400, 250), 4);
    const town = diff.units.find((u) => u.layerId === f.layers.stbhhx && u.level === 'town')!;
    expect(town).toMatchObject({ name: '朱林镇', code: '320413104' });
    expect(town.afterM2).toBeCloseTo(ell(100, -50, 400, 200), 3);

    const attr = diff.changes.find((c) => c.kind === 'attributes')!;
    expect(attr.fields).toEqual(expect.arrayContaining([{ name: 'DLBM', before: '0101', after: '0103' }, { name: 'DLMC', before: '水田', after: '旱地' }]));
    expect(attr.village).toBe('龙溪村');
    // Largest first.
    expect(diff.changes.map((c) => c.areaM2)).toEqual([...diff.changes.map((c) => c.areaM2)].sort((a, b) => b - a));
  });

  it('two schemes sharing every table differ in nothing', () => {
    const d = draft();
    const diff = diffSchemes(f.ws.db, f.ws.srid, { from: 1, to: d });
    expect(diff.changes).toEqual([]);
    expect(diff.layers.every((l) => l.shared)).toBe(true);
  });
});

describe('comparison against an independent overlay', () => {
  it('gained and lost areas of a draft of the sample agree with spatialite\'s union difference within 0.01 %', async () => {
    const file = tmp.file('sample.sqlite');
    await generateSample(file, { parcels: 3000, seed: 7 });
    const ws = Workspace.open(file);
    try {
      const d = createScheme(ws.db, { fromId: 1, name: '调整方案' }).id;
      ws.setScheme(d);
      const ed = new Editor(ws);
      const udb = ws.layersOfKind('urban_boundary')[0]!, pbf = ws.layersOfKind('permanent_farmland')[0]!;
      // Move a few urban boundary features by 35 m (overlapping their old place), delete some farmland.
      const udbFids = ws.db.prepare(`SELECT fid FROM "${udb.table}" ORDER BY fid LIMIT 4`).pluck().all() as number[];
      ed.move({ layerId: udb.id, fids: udbFids, dx: 35, dy: -20 });
      const pbfFids = ws.db.prepare(`SELECT fid FROM "${pbf.table}" ORDER BY fid DESC LIMIT 6`).pluck().all() as number[];
      ed.delete({ layerId: pbf.id, fids: pbfFids });
      const diff = diffSchemes(ws.db, ws.srid, { from: 1, to: d });
      ws.checkpoint();
      for (const layer of [udb, pbf]) {
        const a = ws.layer(layer.id, 1).table, b = ws.layer(layer.id, d).table;
        expect(a).not.toBe(b);
        const sql = `SELECT ST_Area(ST_Difference((SELECT ST_Union(geom) FROM "${b}"), (SELECT ST_Union(geom) FROM "${a}"))),
          ST_Area(ST_Difference((SELECT ST_Union(geom) FROM "${a}"), (SELECT ST_Union(geom) FROM "${b}")));`;
        const out = execFileSync('spatialite', ['-silent', file, sql], { encoding: 'utf8' }).trim().split('|').map(Number);
        const ours = diff.changes.filter((c) => c.layerId === layer.id);
        const g = ours.filter((c) => c.kind === 'gained').reduce((s, c) => s + c.planarM2, 0);
        const l = ours.filter((c) => c.kind === 'lost').reduce((s, c) => s + c.planarM2, 0);
        expect(out[0]! + out[1]!).toBeGreaterThan(1000);
        expect(Math.abs(g - out[0]!)).toBeLessThanOrEqual(Math.max(1e-4 * out[0]!, 1e-3));
        expect(Math.abs(l - out[1]!)).toBeLessThanOrEqual(Math.max(1e-4 * out[1]!, 1e-3));
      }
    } finally {
      ws.close();
    }
  }, 120_000);
});

describe('through the Workbench contract', () => {
  it('activating a draft switches the layers the map gets and tells every window; checks run on the active scheme', async () => {
    const d = draft('草案');
    editorIn(d).delete({ layerId: f.layers.dltb, fids: [f.parcel(0, 0)] });
    f.ws.setScheme(1);
    f.ws.close();
    const wb = new Workbench({ host: 'cli', version: 't', bundledSamplePath: '/nonexistent', stateDir: tmp.file('state') });
    const events: { name: string; payload: unknown }[] = [];
    wb.on((name, payload) => events.push({ name, payload }));
    try {
      wb.open(tmp.file('schemes.sqlite'));
      const base = await wb.api['layers.geometry']({ layerId: f.layers.dltb });
      const info = await wb.api['schemes.activate']({ id: d });
      expect(info.scheme.id).toBe(d);
      expect(info.layers.find((l) => l.id === f.layers.dltb)).toMatchObject({ table: 'dltb_fa2', featureCount: 5 });
      expect(events.some((e) => e.name === 'workspace.changed' && (e.payload as { scheme: { id: number } }).scheme.id === d)).toBe(true);
      const drafted = await wb.api['layers.geometry']({ layerId: f.layers.dltb });
      expect(Array.from(base.fids)).toHaveLength(6);
      expect(Array.from(drafted.fids)).toEqual(Array.from(base.fids).filter((x) => x !== f.parcel(0, 0)));
      // Either scheme can be asked for explicitly (compare views draw two).
      expect(Array.from((await wb.api['layers.geometry']({ layerId: f.layers.dltb, scheme: 1 })).fids)).toHaveLength(6);
      const run = await wb.startChecks({ checks: ['gaps'] }).done;
      expect(run.scheme).toBe(String(d));
      const diff = await wb.api['schemes.diff']({ from: 1, to: d });
      expect(diff.layers.find((l) => l.layerId === f.layers.dltb)!.removed).toEqual([f.parcel(0, 0)]);
      expect(diff.geometry.findingIds.length).toBe(diff.changes.length);
    } finally {
      await wb.dispose();
      f.ws = Workspace.open(tmp.file('schemes.sqlite'));
    }
  });
});

describe('findings of two schemes', () => {
  it('a draft that resolves a conflict and makes another shows one resolved and one new conflict against the baseline', async () => {
    // Baseline: an urban boundary overlapping the red line (x 250…400).
    editorIn(1).create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 300, Y0, X0 + 350, Y0 + 50), attributes: URBAN });
    const d = draft('调整');
    const ed = editorIn(d);
    ed.delete({ layerId: f.layers.czkfbj, fids: [1] });
    ed.create({ layerId: f.layers.czkfbj, geometry: rect(X0 + 380, Y0 + 100, X0 + 450, Y0 + 150), attributes: URBAN });
    f.ws.setScheme(1);
    f.ws.close();
    const wb = new Workbench({ host: 'cli', version: 't', bundledSamplePath: '/nonexistent', stateDir: tmp.file('state') });
    try {
      wb.open(tmp.file('schemes.sqlite'));
      const base = await wb.startChecks({ checks: ['line_conflicts'], scheme: 1 }).done;
      const drafted = await wb.startChecks({ checks: ['line_conflicts'], scheme: d }).done;
      const cmp = await wb.api['checks.compare']({ runId: drafted.runId, previousRunId: base.runId });
      expect(cmp.byType.conflict_eco_urban).toMatchObject({ new: 1, resolved: 1 });
      const page = await wb.api['checks.findings']({ runId: drafted.runId });
      expect(page.findings[0]!.layers).toEqual(['stbhhx', 'czkfbj']);
      expect(page.findings[0]!.area.planar.m2).toBeCloseTo(20 * 50, 3);
    } finally {
      await wb.dispose();
      f.ws = Workspace.open(tmp.file('schemes.sqlite'));
    }
  });
});
