import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/spatialite.js';
import { latestSchemaVersion, MIGRATIONS } from '../../main/core/workspace/migrations.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { sha256, square, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => { tmp = tempDir(); });
afterEach(() => tmp.cleanup());

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected error ${code}`);
}

describe('workspace on real SpatiaLite', () => {
  it('creates a workspace whose layers are ordinary spatial tables with a spatial index', () => {
    const file = tmp.file('ws.sqlite');
    const ws = Workspace.create(file, { name: '测试', srid: 4528 });
    const layer = ws.addLayer('landuse');
    ws.insertFeatures(layer.id, [{ attributes: { TBBH: '1', DLBM: '0101', DLMC: '水田' }, wkt: square(0, 0) }]);
    expect(ws.layer(layer.id).featureCount).toBe(1);
    ws.close();

    // Another SQLite client sees plain registered geometry with its CRS and a spatial index.
    const db = openDatabase(file, { readonly: true });
    const gc = db.prepare("SELECT srid, geometry_type, spatial_index_enabled FROM geometry_columns WHERE f_table_name='dltb'").get() as Record<string, number>;
    expect(gc).toEqual({ srid: 4528, geometry_type: 6, spatial_index_enabled: 1 });
    expect(db.prepare("SELECT COUNT(*) n FROM idx_dltb_geom").get()).toEqual({ n: 1 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    if (existsSync('/usr/bin/ogrinfo')) {
      const out = execFileSync('ogrinfo', ['-so', '-ro', file, 'dltb'], { encoding: 'utf8' });
      expect(out).toMatch(/Feature Count: 1/);
      expect(out).toMatch(/Gauss-Kruger zone 40/);
    }
  });

  it('reports planar and ellipsoidal area in m², 公顷 and 亩 and locates the feature', () => {
    const ws = Workspace.create(tmp.file('a.sqlite'), { name: 'a', srid: 4528 });
    const town = ws.addLayer('town');
    ws.insertFeatures(town.id, [{ attributes: { XZQDM: '320413108', XZQMC: '朱林镇' }, wkt: square(-5000, -5000, 20000) }]);
    const l = ws.addLayer('landuse');
    const [fid] = ws.insertFeatures(l.id, [{ attributes: { TBBH: '7', DLBM: '0101' }, wkt: square(0, 0, 100) }]);
    const d = ws.feature(l.id, fid!);
    expect(d.area.planar.m2).toBeCloseTo(10_000, 6);
    expect(d.area.planar.ha).toBeCloseTo(1, 9);
    expect(d.area.planar.mu).toBeCloseTo(15, 9);
    // Near the central meridian (scale factor 1) the ellipsoidal area is within 0.02 % of the planar one.
    expect(Math.abs(d.area.ellipsoidal.m2 / d.area.planar.m2 - 1)).toBeLessThan(2e-4);
    expect(d.area.ellipsoidal.m2).not.toBe(d.area.planar.m2);
    expect(d.town).toBe('朱林镇');
    expect(d.attributes.DLBM).toBe('0101');
    expect(d.bbox[0]).toBeGreaterThan(119);
    expect(d.bbox[1]).toBeGreaterThan(31);
    ws.close();
  });

  it('reopens, keeps layer settings, and is all-or-nothing on a bad insert', () => {
    const file = tmp.file('b.sqlite');
    const ws = Workspace.create(file, { name: 'b', srid: 4528 });
    const l = ws.addLayer('eco_redline');
    ws.updateLayer({ layerId: l.id, visible: false, opacity: 0.4 });
    expect(() => ws.insertFeatures(l.id, [
      { attributes: { HXMC: 'ok' }, wkt: square(0, 0) },
      { attributes: { HXMC: 'bad' }, wkt: 'POLYGON((not wkt' },
    ])).toThrow();
    expect(ws.layer(l.id).featureCount).toBe(0);
    expect((ws.db.prepare('SELECT COUNT(*) n FROM stbhhx').get() as { n: number }).n).toBe(0);
    ws.close();
    const again = Workspace.open(file);
    const layer = again.layer(l.id);
    expect(layer.visible).toBe(false);
    expect(layer.opacity).toBeCloseTo(0.4);
    expect(again.info().schemaVersion).toBe(latestSchemaVersion());
    again.close();
  });

  it('migrates an older workspace in one transaction', () => {
    const file = tmp.file('old.sqlite');
    const ws = Workspace.create(file, { name: 'old', srid: 4528 });
    ws.close();
    // Pretend a future migration exists: the current file becomes "old" relative to it.
    const target = latestSchemaVersion() + 1;
    const extra = { version: target, description: 'test', up: (db: Database.Database) => db.exec('CREATE TABLE sx_test_mig(x)') };
    MIGRATIONS.push(extra);
    try {
      const w = Workspace.open(file);
      expect(w.info().schemaVersion).toBe(target);
      expect(w.db.prepare("SELECT name FROM sqlite_master WHERE name='sx_test_mig'").get()).toBeTruthy();
      w.close();
    } finally {
      MIGRATIONS.pop();
    }
  });

  it('refuses files that are not workspaces, corrupt, newer or missing, and leaves them untouched', () => {
    const text = tmp.file('notes.sqlite');
    writeFileSync(text, 'just some text, not a database');
    const plain = tmp.file('plain.sqlite');
    const p = new Database(plain);
    p.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
    p.close();
    const newer = tmp.file('newer.sqlite');
    const n = Workspace.create(newer, { name: 'n', srid: 4528 });
    n.setMeta('schema_version', String(latestSchemaVersion() + 5));
    n.close();
    const corrupt = tmp.file('corrupt.sqlite');
    const c = Workspace.create(corrupt, { name: 'c', srid: 4528 });
    const l = c.addLayer('landuse');
    c.insertFeatures(l.id, Array.from({ length: 200 }, (_, i) => ({ attributes: { TBBH: String(i), DLBM: '0101' }, wkt: square(i * 10, 0, 10) })));
    c.close();
    const bytes = readFileSync(corrupt);
    bytes.fill(0x5a, 4096 * 3, 4096 * 12);
    writeFileSync(corrupt, bytes);

    const cases: [string, string][] = [[text, 'NOT_A_WORKSPACE'], [plain, 'NOT_A_WORKSPACE'], [newer, 'NEWER_VERSION'], [corrupt, 'CORRUPT']];
    for (const [file, code] of cases) {
      const before = sha256(file);
      expectCode(() => Workspace.open(file), code);
      expect(sha256(file), `${file} must not change`).toBe(before);
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
    expectCode(() => Workspace.open(tmp.file('nope.sqlite')), 'NOT_FOUND');
    expectCode(() => Workspace.create(plain, { name: 'x', srid: 4528 }), 'ALREADY_EXISTS');
    expectCode(() => Workspace.create(tmp.file('wgs.sqlite'), { name: 'x', srid: 4326 }), 'UNSUPPORTED_CRS');
  });

  it('refuses a second instance while the first holds the workspace, and frees it on close', () => {
    const file = tmp.file('c.sqlite');
    const first = Workspace.create(file, { name: 'c', srid: 4528 });
    first.addLayer('town');
    const before = sha256(file);
    expectCode(() => Workspace.open(file), 'LOCKED');
    // Another process (the CLI host) is refused too, with a message naming the owner.
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.resolve(__dirname, '../../bin/sanxian.cjs'), 'serve', file, '--port', '0'], { encoding: 'utf8', stdio: 'pipe', timeout: 20_000 });
    } catch (e) {
      stderr = (e as { stderr: string }).stderr;
    }
    expect(stderr).toMatch(/LOCKED.*another instance \(pid \d+/);
    expect(sha256(file)).toBe(before);
    first.close();
    const second = Workspace.open(file);
    expect(second.layers()).toHaveLength(1);
    second.close();
  });

  it('takes over a lock left by a crashed process', () => {
    const file = tmp.file('d.sqlite');
    Workspace.create(file, { name: 'd', srid: 4528 }).close();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: 'then' }));
    const ws = Workspace.open(file);
    ws.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
