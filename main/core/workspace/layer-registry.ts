// Which SQL table holds a layer's features in a scheme (方案), and that table's statistics. Everything that reads or
// writes layer features resolves the table here, from a bare connection, so worker threads resolve it the same way.
// The mapping and the copy-on-write rules are in docs/schemes.md; the schema in migrations.ts (version 4).
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';

/** The baseline (现状 / approved) scheme every workspace has; drafts derive from it or from each other. */
export const BASELINE_SCHEME_ID = 1;

export interface LayerRow {
  id: number; table_name: string; key: string; kind: string; name: string; name_en: string; geometry_type: string;
  sort_order: number; visible: number; opacity: number; style_json: string; synthetic: number;
  attribution: string | null; feature_count: number; extent_json: string | null; revision: number;
}

const SELECT = `SELECT l.id, sl.table_name, l.table_name AS key, l.kind, l.name, l.name_en, l.geometry_type, l.sort_order, l.visible, l.opacity,
    l.style_json, l.synthetic, l.attribution, t.feature_count, t.extent_json, t.revision
  FROM sx_layers l JOIN sx_scheme_layers sl ON sl.layer_id = l.id AND sl.scheme_id = ?
  JOIN sx_layer_tables t ON t.table_name = sl.table_name`;

export function schemeLayerRows(db: Db, schemeId: number): LayerRow[] {
  return db.prepare(`${SELECT} ORDER BY l.sort_order, l.id`).all(schemeId) as LayerRow[];
}

export function schemeLayerRow(db: Db, schemeId: number, layerId: number): LayerRow {
  const row = db.prepare(`${SELECT} WHERE l.id = ?`).get(schemeId, layerId) as LayerRow | undefined;
  if (!row) {
    const known = db.prepare('SELECT 1 FROM sx_layers WHERE id = ?').get(layerId);
    if (known) throw new WorkbenchError('UNKNOWN_SCHEME', `没有方案 ${schemeId} / No scheme ${schemeId} in this workspace`);
    throw new WorkbenchError('UNKNOWN_LAYER', `No layer with id ${layerId} in this workspace`);
  }
  return row;
}

export function schemeExists(db: Db, schemeId: number): boolean {
  return db.prepare('SELECT 1 FROM sx_schemes WHERE id = ?').get(schemeId) !== undefined;
}

/** The next value of the workspace-wide revision sequence (unique across tables, so across schemes). */
export function nextRevision(db: Db): number {
  const r = db.prepare(`UPDATE sx_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision_seq' RETURNING value`).get() as
    { value: string | number } | undefined;
  if (!r) throw new WorkbenchError('CORRUPT', 'workspace has no revision sequence (sx_meta.revision_seq)');
  return Number(r.value);
}

/** Records a table's new statistics and gives it a new revision (caches keyed on the revision drop what they hold). */
export function setTableStats(db: Db, table: string, stats: { featureCount?: number; countDelta?: number; extent: [number, number, number, number] | null }): void {
  const revision = nextRevision(db);
  const count = stats.featureCount !== undefined ? 'feature_count = ?' : 'feature_count = feature_count + ?';
  db.prepare(`UPDATE sx_layer_tables SET ${count}, extent_json = ?, revision = ? WHERE table_name = ?`)
    .run(stats.featureCount ?? stats.countDelta ?? 0, stats.extent ? JSON.stringify(stats.extent) : null, revision, table);
}

/** Registers a new layer's table for every scheme (a new layer is shared by all until one of them edits it). */
export function registerLayerTable(db: Db, layerId: number, table: string): void {
  db.prepare('INSERT INTO sx_layer_tables (table_name, layer_id, owner_scheme, revision) VALUES (?, ?, ?, ?)')
    .run(table, layerId, BASELINE_SCHEME_ID, nextRevision(db));
  db.prepare('INSERT INTO sx_scheme_layers (scheme_id, layer_id, table_name) SELECT id, ?, ? FROM sx_schemes').run(layerId, table);
}

/**
 * New feature ids must not collide across the tables of one layer: a feature is identified across schemes by its
 * fid (diff, merge, exchange). After inserting into one table, every table of the layer continues from the highest
 * id any of them has handed out (AUTOINCREMENT reads sqlite_sequence).
 */
export function syncFidSequence(db: Db, layerId: number): void {
  const tables = db.prepare('SELECT table_name FROM sx_layer_tables WHERE layer_id = ?').pluck().all(layerId) as string[];
  if (tables.length < 2) return;
  const seq = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck();
  const max = Math.max(0, ...tables.map((t) => Number(seq.get(t) ?? 0)));
  const update = db.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?');
  const insert = db.prepare('INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)');
  for (const t of tables) {
    update.run(max, t, max);
    insert.run(t, max, t);
  }
}
