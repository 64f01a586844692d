// A workspace is one SpatiaLite file: ordinary spatial tables (one per layer, openable in QGIS and `spatialite`)
// plus sx_* tables for our own bookkeeping. Geometry is stored in one projected CGCS2000 Gauss–Krüger CRS chosen at
// creation. Opening validates before it writes anything: a file that is not ours, corrupt, newer, or locked by
// another instance is refused and left byte-for-byte untouched.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureDetail, LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { CGCS2000_GEOGRAPHIC, gaussKrugerFromSrid } from '../../../shared/domain/crs.js';
import { LAYER_KINDS, type LayerKindId, type LayerStyle } from '../../../shared/domain/layer-kinds.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { openDatabase, type Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { ellipsoidalArea } from '../overlay/ellipsoid.js';
import { parsePolygons } from '../overlay/geom.js';
import { getScheme, listSchemes } from '../schemes/store.js';
import { assertWritable, ensureOwnTable } from '../schemes/tables.js';
import { BASELINE_SCHEME_ID, registerLayerTable, schemeExists, schemeLayerRow, schemeLayerRows, setTableStats, syncFidSequence, type LayerRow } from './layer-registry.js';
import { WorkspaceLock } from './lock.js';
import { APP_ID, latestSchemaVersion, SQLITE_APPLICATION_ID, migrate, schemaVersion } from './migrations.js';

const SQLITE_MAGIC = 'SQLite format 3\0';
const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;
const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;


export interface CreateOptions {
  name: string;
  srid: number;
  synthetic?: boolean;
  attribution?: string[];
}

export interface AddLayerOptions {
  table?: string;
  name?: string;
  nameEn?: string;
  style?: LayerStyle;
  synthetic?: boolean;
  attribution?: string | null;
  visible?: boolean;
}

export type AttributeValue = string | number | null;

export interface NewFeature {
  attributes: Record<string, AttributeValue>;
  /** Geometry as WKB (Buffer) or WKT, in the workspace CRS. */
  wkb?: Uint8Array;
  wkt?: string;
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    readSync(fd, buf, 0, 100, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

function describeSqliteFailure(file: string, e: unknown): WorkbenchError {
  const msg = (e as Error).message;
  const code = (e as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(msg)) {
    return new WorkbenchError('CORRUPT', `工作空间文件已损坏 / The workspace file is corrupt: ${msg}`, file);
  }
  return new WorkbenchError('INTERNAL', `${path.basename(file)}: ${msg}`, file);
}

export class Workspace {
  private closed = false;
  /** The scheme (方案) this connection reads and edits; layers resolve to that scheme's tables. */
  private activeScheme = BASELINE_SCHEME_ID;

  private constructor(
    readonly path: string,
    readonly db: Db,
    private readonly lock: WorkspaceLock | null,
    readonly srid: number,
  ) {}

  /** Creates a new, empty workspace. Refuses to overwrite an existing file. */
  static create(file: string, opts: CreateOptions): Workspace {
    const gk = gaussKrugerFromSrid(opts.srid);
    if (!gk) {
      throw new WorkbenchError('UNSUPPORTED_CRS',
        `EPSG:${opts.srid} is not a CGCS2000 Gauss–Krüger CRS (EPSG:4491–4554); workspaces store projected CGCS2000 coordinates`);
    }
    if (existsSync(file)) throw new WorkbenchError('ALREADY_EXISTS', `${file} already exists`, file);
    const lock = WorkspaceLock.acquire(file);
    let db: Db | undefined;
    try {
      db = openDatabase(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`application_id = ${SQLITE_APPLICATION_ID}`);
      const init = db.transaction(() => {
        // InitSpatialMetadata(1) would open its own transaction; ours wraps everything so creation is atomic.
        db!.prepare('SELECT InitSpatialMetadata(0)').get();
        db!.exec('CREATE TABLE sx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
        const put = db!.prepare('INSERT INTO sx_meta(key, value) VALUES (?, ?)');
        put.run('app', APP_ID);
        put.run('name', opts.name);
        put.run('srid', String(opts.srid));
        put.run('created_at', new Date().toISOString());
        put.run('synthetic', opts.synthetic ? '1' : '0');
        put.run('attribution', JSON.stringify(opts.attribution ?? []));
        migrate(db!, 0);
      });
      init();
      return new Workspace(path.resolve(file), db, lock, opts.srid).restoreScheme();
    } catch (e) {
      db?.close();
      lock.release();
      throw e;
    }
  }

  /**
   * Opens an existing workspace. Checks run on a read-only connection first; only a valid, unlocked workspace of a
   * version we know is reopened for writing (and migrated, in one transaction).
   */
  static open(file: string, opts: { readonly?: boolean } = {}): Workspace {
    const resolved = path.resolve(file);
    if (!existsSync(resolved)) throw new WorkbenchError('NOT_FOUND', `文件不存在 / File not found: ${resolved}`, resolved);
    if (statSync(resolved).isDirectory()) throw new WorkbenchError('NOT_A_WORKSPACE', `${resolved} is a folder, not a workspace file`, resolved);
    const header = readHeader(resolved);
    if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
      throw new WorkbenchError('NOT_A_WORKSPACE',
        `不是三线工作台工作空间 / Not a Sanxian workspace: ${path.basename(resolved)} is not an SQLite database`, resolved);
    }
    const version = Workspace.inspect(resolved);
    if (opts.readonly) {
      const db = openDatabase(resolved, { readonly: true, fileMustExist: true });
      return new Workspace(resolved, db, null, Workspace.readSrid(db)).restoreScheme();
    }
    const lock = WorkspaceLock.acquire(resolved);
    let db: Db | undefined;
    try {
      db = openDatabase(resolved, { fileMustExist: true });
      db.pragma('journal_mode = WAL');
      // An edit is one committed transaction; FULL makes the commit durable across a power cut too, not only across a
      // crash of the app (WAL with NORMAL may lose the last commits when the OS goes down). Edits are small: the
      // extra fsync per commit costs a few milliseconds.
      db.pragma('synchronous = FULL');
      if (version < latestSchemaVersion()) db.transaction(() => migrate(db!, version))();
      return new Workspace(resolved, db, lock, Workspace.readSrid(db)).restoreScheme();
    } catch (e) {
      db?.close();
      lock.release();
      throw e instanceof WorkbenchError ? e : describeSqliteFailure(resolved, e);
    }
  }

  /**
   * A second writable connection to a workspace this process already holds open and locked (a worker thread writing
   * for it, e.g. an import): takes no lock and runs no migration. Writers take turns through SQLite's own locking.
   */
  static attach(file: string): Workspace {
    const db = openDatabase(path.resolve(file), { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 30000');
      return new Workspace(path.resolve(file), db, null, Workspace.readSrid(db));
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Validates a file read-only and returns its schema version. Throws the error the user should see. */
  private static inspect(file: string): number {
    let db: Db | undefined;
    try {
      db = openDatabase(file, { readonly: true, fileMustExist: true });
      const appId = db.pragma('application_id', { simple: true }) as number;
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sx_meta'").get();
      const app = hasMeta ? (db.prepare("SELECT value FROM sx_meta WHERE key='app'").get() as { value: string } | undefined) : undefined;
      if (appId !== SQLITE_APPLICATION_ID || app?.value !== APP_ID) {
        throw new WorkbenchError('NOT_A_WORKSPACE',
          `不是三线工作台工作空间 / Not a Sanxian workspace: ${path.basename(file)} is an SQLite file without the workbench's tables` +
            ' (import its layers instead)', file);
      }
      // A full check costs seconds on a county-sized file; run it where it is cheap, rely on read errors elsewhere.
      const quick = statSync(file).size <= QUICK_CHECK_MAX_BYTES ? db.pragma('quick_check(1)', { simple: true }) : 'ok';
      if (quick !== 'ok') throw new WorkbenchError('CORRUPT', `工作空间文件已损坏 / The workspace file is corrupt: ${String(quick)}`, file);
      const version = schemaVersion(db);
      if (version > latestSchemaVersion()) {
        throw new WorkbenchError('NEWER_VERSION',
          `工作空间版本较新 / This workspace was written by a newer version of the workbench (schema ${version}; this version knows up to ${latestSchemaVersion()}). ` +
            'Update the workbench to open it; the file was not changed.', file);
      }
      return version;
    } catch (e) {
      throw e instanceof WorkbenchError ? e : describeSqliteFailure(file, e);
    } finally {
      db?.close();
    }
  }

  private static readSrid(db: Db): number {
    const row = db.prepare("SELECT value FROM sx_meta WHERE key='srid'").get() as { value: string } | undefined;
    if (!row) throw new WorkbenchError('CORRUPT', 'workspace has no CRS recorded (sx_meta.srid)');
    return Number(row.value);
  }

  /** The scheme last worked on (kept in the workspace), or the baseline. */
  private restoreScheme(): this {
    const saved = Number(this.meta('active_scheme'));
    if (Number.isInteger(saved) && saved > 0 && schemeExists(this.db, saved)) this.activeScheme = saved;
    return this;
  }

  get scheme(): number {
    return this.activeScheme;
  }

  /** Switches the scheme this connection works on; nothing is copied (tables are shared until edited). */
  setScheme(schemeId: number, opts: { remember?: boolean } = {}): void {
    if (!schemeExists(this.db, schemeId)) throw new WorkbenchError('UNKNOWN_SCHEME', `没有方案 ${schemeId} / No scheme ${schemeId} in this workspace`);
    this.activeScheme = schemeId;
    if (opts.remember !== false && !this.db.readonly) this.setMeta('active_scheme', String(schemeId));
  }

  /**
   * The table the active scheme writes `layerId` to, copied first if another scheme shares it. Call inside the
   * write transaction. Refuses a locked scheme.
   */
  writableTable(layerId: number, schemeId = this.activeScheme): string {
    assertWritable(this.db, schemeId);
    return ensureOwnTable(this.db, this.srid, schemeId, layerId);
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM sx_meta WHERE key=?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO sx_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value').run(key, value);
  }

  /** Runs fn in one write transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  info(): WorkspaceInfo {
    const layers = this.layers();
    const extents = layers.map((l) => l.extent).filter((e): e is [number, number, number, number] => e !== null);
    const extent = extents.length
      ? ([Math.min(...extents.map((e) => e[0])), Math.min(...extents.map((e) => e[1])),
          Math.max(...extents.map((e) => e[2])), Math.max(...extents.map((e) => e[3]))] as [number, number, number, number])
      : null;
    const gk = gaussKrugerFromSrid(this.srid);
    return {
      path: this.path,
      name: this.meta('name') ?? path.basename(this.path),
      srid: this.srid,
      crsName: `EPSG:${this.srid} ${gk?.name ?? ''}`.trim(),
      schemaVersion: schemaVersion(this.db),
      createdAt: this.meta('created_at') ?? '',
      synthetic: this.meta('synthetic') === '1',
      attribution: JSON.parse(this.meta('attribution') ?? '[]') as string[],
      extent,
      scheme: getScheme(this.db, this.activeScheme),
      schemes: listSchemes(this.db),
      layers,
    };
  }

  /** The layers as the active scheme (or `schemeId`) sees them: its tables, their counts, extents and revisions. */
  layers(schemeId = this.activeScheme): LayerInfo[] {
    return schemeLayerRows(this.db, schemeId).map(toLayerInfo);
  }

  layer(layerId: number, schemeId = this.activeScheme): LayerInfo {
    return toLayerInfo(schemeLayerRow(this.db, schemeId, layerId));
  }

  layersOfKind(kind: LayerKindId): LayerInfo[] {
    return this.layers().filter((l) => l.kind === kind);
  }

  /** Creates the layer's spatial table (kind's schema, MULTIPOLYGON in the workspace CRS, spatial index). */
  addLayer(kind: LayerKindId, opts: AddLayerOptions = {}): LayerInfo {
    const def = LAYER_KINDS[kind];
    const table = opts.table ?? this.freeTableName(def.table);
    if (!TABLE_NAME.test(table)) throw new WorkbenchError('BAD_REQUEST', `Invalid table name "${table}": use lower-case letters, digits and _`);
    return this.transaction(() => {
      const cols = def.fields.map((f) => `"${f.name}" ${f.type}`).join(', ');
      this.db.exec(`CREATE TABLE "${table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT${cols ? ', ' + cols : ''})`);
      const added = this.db.prepare(`SELECT AddGeometryColumn(?, 'geom', ${Math.trunc(this.srid)}, ?, 'XY', 1) ok`).get(table, def.geometry) as { ok: number };
      if (added.ok !== 1) throw new WorkbenchError('INTERNAL', `SpatiaLite could not add the geometry column to ${table}`);
      this.db.prepare(`SELECT CreateSpatialIndex(?, 'geom')`).get(table);
      const maxOrder = (this.db.prepare('SELECT COALESCE(MAX(sort_order), -1) m FROM sx_layers').get() as { m: number }).m;
      const info = this.db.prepare(`INSERT INTO sx_layers(table_name, kind, name, name_en, geometry_type, sort_order, visible,
          opacity, style_json, synthetic, attribution, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`).run(
        table, kind, opts.name ?? def.zh, opts.nameEn ?? def.en, def.geometry, maxOrder + 1, opts.visible === false ? 0 : 1, 1,
        JSON.stringify(opts.style ?? def.style), opts.synthetic ? 1 : 0, opts.attribution ?? null, new Date().toISOString());
      registerLayerTable(this.db, Number(info.lastInsertRowid), table);
      this.log(Number(info.lastInsertRowid), 'layer.create', { table, kind });
      return this.layer(Number(info.lastInsertRowid));
    });
  }

  private freeTableName(base: string): string {
    const exists = (t: string) => this.db.prepare("SELECT 1 FROM sqlite_master WHERE name=?").get(t);
    if (!exists(base)) return base;
    for (let i = 2; ; i++) if (!exists(`${base}_${i}`)) return `${base}_${i}`;
  }

  /**
   * Inserts features in one transaction; any invalid row aborts the whole batch. Returns the new fids. The features
   * go to the active scheme's own table (copied first if shared), unless `allSchemes`: loading a layer just created
   * (import, sample) fills the one table every scheme shares.
   */
  insertFeatures(layerId: number, features: Iterable<NewFeature>, opts: { allSchemes?: boolean } = {}): number[] {
    const layer = this.layer(layerId);
    const fields = LAYER_KINDS[layer.kind].fields.map((f) => f.name);
    const cols = fields.map((f) => `"${f}"`).join(', ');
    const params = fields.map(() => '?').join(', ');
    return this.transaction(() => {
      const table = opts.allSchemes ? layer.table : this.writableTable(layerId);
      const fromWkb = this.db.prepare(`INSERT INTO "${table}" (${cols}${cols ? ', ' : ''}geom)
        VALUES (${params}${params ? ', ' : ''}CastToMulti(GeomFromWKB(?, ${this.srid})))`);
      const fromWkt = this.db.prepare(`INSERT INTO "${table}" (${cols}${cols ? ', ' : ''}geom)
        VALUES (${params}${params ? ', ' : ''}CastToMulti(GeomFromText(?, ${this.srid})))`);
      const fids: number[] = [];
      let row = 0;
      for (const f of features) {
        row++;
        const values = fields.map((name) => f.attributes[name] ?? null);
        const geom = f.wkb ? Buffer.from(f.wkb.buffer, f.wkb.byteOffset, f.wkb.byteLength) : f.wkt;
        if (geom === undefined) throw new WorkbenchError('BAD_REQUEST', `feature ${row} has no geometry`, `${layer.table} row ${row}`);
        const r = (f.wkb ? fromWkb : fromWkt).run(...values, geom);
        fids.push(Number(r.lastInsertRowid));
      }
      syncFidSequence(this.db, layerId);
      this.refreshLayerStats(layerId);
      this.log(layerId, 'features.insert', { count: fids.length });
      return fids;
    });
  }

  /**
   * Recomputes the cached feature count and lon/lat extent, so opening never scans a big layer, and bumps the
   * layer's revision so caches keyed on it (the map's geometry, snapping) drop what they hold.
   */
  refreshLayerStats(layerId: number): void {
    const layer = this.layer(layerId);
    const r = this.db.prepare(`SELECT COUNT(*) n, MIN(MbrMinX(geom)) x0, MIN(MbrMinY(geom)) y0, MAX(MbrMaxX(geom)) x1, MAX(MbrMaxY(geom)) y1
      FROM "${layer.table}"`).get() as { n: number; x0: number | null; y0: number | null; x1: number | null; y1: number | null };
    let extent: [number, number, number, number] | null = null;
    if (r.n > 0 && r.x0 !== null) {
      const g = this.db.prepare(`SELECT MbrMinX(t) a, MbrMinY(t) b, MbrMaxX(t) c, MbrMaxY(t) d FROM
        (SELECT ST_Transform(BuildMbr(?, ?, ?, ?, ${this.srid}), ${CGCS2000_GEOGRAPHIC}) t)`).get(r.x0, r.y0, r.x1, r.y1) as
        { a: number; b: number; c: number; d: number };
      extent = [g.a, g.b, g.c, g.d];
    }
    setTableStats(this.db, layer.table, { featureCount: r.n, extent });
  }

  updateLayer(patch: { layerId: number; visible?: boolean; opacity?: number; style?: LayerStyle }): LayerInfo {
    this.layer(patch.layerId);
    return this.transaction(() => {
      if (patch.visible !== undefined) this.db.prepare('UPDATE sx_layers SET visible=? WHERE id=?').run(patch.visible ? 1 : 0, patch.layerId);
      if (patch.opacity !== undefined) this.db.prepare('UPDATE sx_layers SET opacity=? WHERE id=?').run(patch.opacity, patch.layerId);
      if (patch.style !== undefined) this.db.prepare('UPDATE sx_layers SET style_json=? WHERE id=?').run(JSON.stringify(patch.style), patch.layerId);
      return this.layer(patch.layerId);
    });
  }

  /** Sets the drawing order; layerIds lists every layer, top first. */
  reorderLayers(layerIds: number[]): LayerInfo[] {
    const existing = new Set(this.layers().map((l) => l.id));
    if (layerIds.length !== existing.size || !layerIds.every((id) => existing.has(id))) {
      throw new WorkbenchError('BAD_REQUEST', 'layers.reorder must list every layer of the workspace exactly once');
    }
    return this.transaction(() => {
      const set = this.db.prepare('UPDATE sx_layers SET sort_order=? WHERE id=?');
      layerIds.forEach((id, i) => set.run(i, id));
      return this.layers();
    });
  }

  /** Attributes and areas of one feature; areas planar in the workspace CRS and ellipsoidal on CGCS2000. */
  feature(layerId: number, fid: number): FeatureDetail {
    const layer = this.layer(layerId);
    const kindFields = LAYER_KINDS[layer.kind].fields.map((f) => f.name);
    // Columns an import kept besides the kind's fields (docs/import-export.md) are shown after them.
    const known = new Set([...kindFields, 'fid', 'geom'].map((f) => f.toLowerCase()));
    const extra = (this.db.prepare('SELECT name FROM pragma_table_info(?)').all(layer.table) as { name: string }[])
      .map((c) => c.name).filter((n) => !known.has(n.toLowerCase()));
    const fields = [...kindFields, ...extra];
    const cols = fields.map((f, i) => `"${f.replace(/"/g, '""')}" AS "sx_a${i}"`).join(', ');
    const row = this.db.prepare(`SELECT ${cols}${cols ? ',' : ''} ST_Area(geom) planar, AsBinary(geom) wkb,
        MbrMinX(sx_g) x0, MbrMinY(sx_g) y0, MbrMaxX(sx_g) x1, MbrMaxY(sx_g) y1, AsBinary(ST_PointOnSurface(geom)) pos
      FROM (SELECT *, ST_Transform(geom, ${CGCS2000_GEOGRAPHIC}) sx_g FROM "${layer.table}" WHERE fid=?)`).get(fid) as
      Record<string, AttributeValue | Buffer> | undefined;
    if (!row) throw new WorkbenchError('UNKNOWN_FEATURE', `No feature ${fid} in layer ${layer.name}`, `${layer.table} fid ${fid}`);
    const attributes: Record<string, AttributeValue> = {};
    fields.forEach((f, i) => { attributes[f] = row[`sx_a${i}`] as AttributeValue; });
    const where = this.locate(row.pos as Buffer | null);
    return {
      layerId, fid, attributes,
      area: { planar: areaFromM2(row.planar as number), ellipsoidal: areaFromM2(ellipsoidalArea(parsePolygons(row.wkb as Buffer), this.srid)) },
      bbox: [row.x0 as number, row.y0 as number, row.x1 as number, row.y1 as number],
      town: where.town, village: where.village,
    };
  }

  /** Town and village containing a point (WKB, workspace CRS), via the admin layers' spatial indexes. */
  private locate(pointWkb: Buffer | null): { town: string | null; village: string | null } {
    if (!pointWkb) return { town: null, village: null };
    const find = (kind: LayerKindId, nameField: string): string | null => {
      const layer = this.layersOfKind(kind)[0];
      if (!layer) return null;
      const r = this.db.prepare(`SELECT "${nameField}" n FROM "${layer.table}" WHERE ST_Contains(geom, GeomFromWKB(?, ${this.srid}))
        AND ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = ? AND search_frame = GeomFromWKB(?, ${this.srid})) LIMIT 1`)
        .get(pointWkb, layer.table, pointWkb) as { n: string } | undefined;
      return r?.n ?? null;
    };
    return { town: find('town', 'XZQMC'), village: find('village', 'ZLDWMC') };
  }

  log(layerId: number | null, action: string, detail: unknown): void {
    this.db.prepare('INSERT INTO sx_edit_log(at, actor, layer_id, action, detail_json, scheme) VALUES (?,?,?,?,?,?)')
      .run(new Date().toISOString(), os.userInfo().username, layerId, action, JSON.stringify(detail), String(this.activeScheme));
  }

  /** Checkpoints the WAL into the main file so the .sqlite alone is complete (for copying or QGIS). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.lock) this.checkpoint();
    } finally {
      this.db.close();
      this.lock?.release();
    }
  }
}

function toLayerInfo(r: LayerRow): LayerInfo {
  return {
    id: r.id, table: r.table_name, key: r.key, kind: r.kind as LayerKindId, name: r.name, nameEn: r.name_en,
    geometryType: r.geometry_type, featureCount: r.feature_count, revision: r.revision,
    extent: r.extent_json ? (JSON.parse(r.extent_json) as [number, number, number, number]) : null,
    visible: r.visible === 1, opacity: r.opacity, sortOrder: r.sort_order,
    style: JSON.parse(r.style_json) as LayerStyle, synthetic: r.synthetic === 1, attribution: r.attribution,
  };
}
