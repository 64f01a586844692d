// Copy-on-write of layer tables between schemes (docs/schemes.md). A draft starts by sharing every table with the
// scheme it was made from; the first write to a layer in a scheme that shares the layer's table gives one side its
// own copy, inside the writing transaction. The table's owner keeps the table (so the baseline keeps the original
// table names that QGIS users know); the others move to the copy. Copies are ordinary SpatiaLite tables.
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { quoteId } from '../editing/features.js';

interface TableRow { table_name: string; layer_id: number; owner_scheme: number; feature_count: number; extent_json: string | null; revision: number }

export function tableOf(db: Db, schemeId: number, layerId: number): string {
  const t = db.prepare('SELECT table_name FROM sx_scheme_layers WHERE scheme_id = ? AND layer_id = ?').pluck().get(schemeId, layerId) as string | undefined;
  if (!t) throw new WorkbenchError('UNKNOWN_LAYER', `方案 ${schemeId} 中没有图层 ${layerId} / No layer ${layerId} in scheme ${schemeId}`);
  return t;
}

/** Refuses writes to a locked (approved) scheme: the reason names it. */
export function assertWritable(db: Db, schemeId: number): void {
  const s = db.prepare('SELECT name, locked FROM sx_schemes WHERE id = ?').get(schemeId) as { name: string; locked: number } | undefined;
  if (!s) throw new WorkbenchError('UNKNOWN_SCHEME', `没有方案 ${schemeId} / No scheme ${schemeId} in this workspace`);
  if (s.locked) {
    throw new WorkbenchError('SCHEME_LOCKED',
      `方案“${s.name}”已锁定（已批准，只读）；请先从它新建草案再编辑 / Scheme "${s.name}" is locked (approved, read-only); create a draft from it to edit`);
  }
}

/**
 * Makes sure `schemeId` alone uses the table it writes to for `layerId`, and returns that table. Call inside the
 * write transaction, before the first write.
 */
export interface CopyHooks {
  isCancelled?(): boolean;
  onProgress?(fraction: number, message: string): void;
}

/** Whether the scheme's first write to the layer would copy a table (it shares the layer's table with another scheme). */
export function sharesTable(db: Db, schemeId: number, layerId: number): boolean {
  const table = tableOf(db, schemeId, layerId);
  return db.prepare('SELECT 1 FROM sx_scheme_layers WHERE table_name = ? AND scheme_id != ?').get(table, schemeId) !== undefined;
}

export function ensureOwnTable(db: Db, srid: number, schemeId: number, layerId: number, hooks: CopyHooks = {}): string {
  const table = tableOf(db, schemeId, layerId);
  const sharers = db.prepare('SELECT scheme_id FROM sx_scheme_layers WHERE table_name = ? AND scheme_id != ? ORDER BY scheme_id').pluck()
    .all(table, schemeId) as number[];
  if (!sharers.length) return table;
  const row = db.prepare('SELECT * FROM sx_layer_tables WHERE table_name = ?').get(table) as TableRow;
  const ownerStays = row.owner_scheme === schemeId;
  const copyOwner = ownerStays ? sharers[0]! : schemeId;
  const copy = copyTable(db, srid, row, copyOwner, hooks);
  if (ownerStays) {
    db.prepare('UPDATE sx_scheme_layers SET table_name = ? WHERE table_name = ? AND scheme_id != ?').run(copy, table, schemeId);
    db.prepare('UPDATE sx_layer_tables SET owner_scheme = ? WHERE table_name = ?').run(schemeId, table);
    return table;
  }
  db.prepare('UPDATE sx_scheme_layers SET table_name = ? WHERE scheme_id = ? AND layer_id = ?').run(copy, schemeId, layerId);
  return copy;
}

/** A copy of a layer table (columns, fids, geometry, spatial index) owned by `owner`, with the same revision. */
function copyTable(db: Db, srid: number, src: TableRow, owner: number, hooks: CopyHooks): string {
  const base = (db.prepare('SELECT table_name FROM sx_layers WHERE id = ?').pluck().get(src.layer_id) as string).replace(/_fa\d+$/, '');
  let name = `${base}_fa${owner}`;
  for (let i = 2; db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name); i++) name = `${base}_fa${owner}_${i}`;
  const cols = (db.prepare(`PRAGMA table_info(${quoteId(src.table_name)})`).all() as { name: string; type: string }[])
    .filter((c) => c.name !== 'fid' && c.name !== 'geom');
  const gc = db.prepare(`SELECT geometry_type, coord_dimension FROM geometry_columns WHERE lower(f_table_name) = lower(?) AND f_geometry_column = 'geom'`)
    .get(src.table_name) as { geometry_type: number; coord_dimension: number } | undefined;
  if (!gc) throw new WorkbenchError('CORRUPT', `图层表 ${src.table_name} 没有注册的几何列 / layer table ${src.table_name} has no registered geometry column`);
  db.exec(`CREATE TABLE ${quoteId(name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT${cols.map((c) => `, ${quoteId(c.name)} ${c.type}`).join('')})`);
  const type = GEOMETRY_TYPES[gc.geometry_type % 1000] ?? 'MULTIPOLYGON';
  const ok = db.prepare(`SELECT AddGeometryColumn(?, 'geom', ${Math.trunc(srid)}, ?, 'XY', 1) ok`).get(name, type) as { ok: number };
  if (ok.ok !== 1) throw new WorkbenchError('INTERNAL', `SpatiaLite could not add the geometry column to ${name}`);
  const list = ['fid', ...cols.map((c) => quoteId(c.name)), 'geom'].join(', ');
  // In slices of fids, so that a copy running in a worker reports progress and can be cancelled (the caller's
  // transaction then rolls the whole copy back).
  const total = Math.max(1, src.feature_count);
  const slice = db.prepare(`INSERT INTO ${quoteId(name)} (${list}) SELECT ${list} FROM ${quoteId(src.table_name)} WHERE fid > ? ORDER BY fid LIMIT ${COPY_SLICE}`);
  const maxFid = db.prepare(`SELECT MAX(fid) FROM ${quoteId(name)}`).pluck();
  for (let last = 0, done = 0; ;) {
    if (hooks.isCancelled?.()) throw new WorkbenchError('CANCELLED', '已取消复制图层 / Copying the layer was cancelled');
    const n = slice.run(last).changes;
    if (n === 0) break;
    done += n;
    last = maxFid.get() as number;
    hooks.onProgress?.(Math.min(0.9, 0.9 * (done / total)), `复制要素 / copying features ${done.toLocaleString('en-US')}`);
  }
  hooks.onProgress?.(0.9, '建立空间索引 / building the spatial index');
  db.prepare(`SELECT CreateSpatialIndex(?, 'geom')`).get(name);
  const seq = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(src.table_name) as number | undefined;
  if (seq !== undefined) {
    db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(name);
    db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(name, seq);
  }
  db.prepare(`INSERT INTO sx_layer_tables (table_name, layer_id, owner_scheme, feature_count, extent_json, revision) VALUES (?,?,?,?,?,?)`)
    .run(name, src.layer_id, owner, src.feature_count, src.extent_json, src.revision);
  return name;
}

const COPY_SLICE = 20_000;

const GEOMETRY_TYPES: Record<number, string> = { 1: 'POINT', 2: 'LINESTRING', 3: 'POLYGON', 4: 'MULTIPOINT', 5: 'MULTILINESTRING', 6: 'MULTIPOLYGON' };

/** Drops tables no scheme uses any more (after a scheme is deleted). Returns their names. */
export function dropUnusedTables(db: Db): string[] {
  const unused = db.prepare(`SELECT table_name FROM sx_layer_tables t WHERE NOT EXISTS (SELECT 1 FROM sx_scheme_layers s WHERE s.table_name = t.table_name)`)
    .pluck().all() as string[];
  for (const t of unused) {
    // (DropGeoTable does nothing inside an open transaction; this is what it does, step by step.)
    db.prepare(`SELECT DisableSpatialIndex(?, 'geom')`).get(t);
    db.exec(`DROP TABLE IF EXISTS ${quoteId(`idx_${t}_geom`)}`);
    db.prepare(`SELECT DiscardGeometryColumn(?, 'geom')`).get(t);
    db.exec(`DROP TABLE IF EXISTS ${quoteId(t)}`);
    db.prepare('DELETE FROM sx_layer_tables WHERE table_name = ?').run(t);
    db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(t);
  }
  return unused;
}

/** After a scheme is deleted, tables it owned but others still use pass to the lowest-numbered user. */
export function reassignOwners(db: Db, deletedScheme: number): void {
  db.prepare(`UPDATE sx_layer_tables SET owner_scheme = (SELECT MIN(scheme_id) FROM sx_scheme_layers s WHERE s.table_name = sx_layer_tables.table_name)
    WHERE owner_scheme = ? AND EXISTS (SELECT 1 FROM sx_scheme_layers s WHERE s.table_name = sx_layer_tables.table_name)`).run(deletedScheme);
}
