// Schemes (方案): the baseline and the drafts derived from it, their names, notes and locks (docs/schemes.md).
// Creating a draft copies only the parent's layer → table mapping (instant; the tables are shared until edited);
// deleting one drops the tables no other scheme uses.
import os from 'node:os';
import type { SchemeInfo } from '../../../shared/contract/schemas.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { BASELINE_SCHEME_ID } from '../workspace/layer-registry.js';
import { dropUnusedTables, reassignOwners } from './tables.js';

interface SchemeRow {
  id: number; name: string; note: string; parent_id: number | null; is_baseline: number; locked: number; origin: string | null;
  created_at: string; created_by: string; updated_at: string; edit_count: number;
}

const SELECT = `SELECT s.*, (SELECT COUNT(*) FROM sx_edit_log l WHERE l.scheme = CAST(s.id AS TEXT) AND l.undoable = 1 AND l.state = 'done') edit_count
  FROM sx_schemes s`;

function toInfo(r: SchemeRow): SchemeInfo {
  return {
    id: r.id, name: r.name, note: r.note, parentId: r.parent_id, isBaseline: r.is_baseline === 1, locked: r.locked === 1,
    origin: r.origin, createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at, editCount: r.edit_count,
  };
}

export function listSchemes(db: Db): SchemeInfo[] {
  return (db.prepare(`${SELECT} ORDER BY s.is_baseline DESC, s.id`).all() as SchemeRow[]).map(toInfo);
}

export function getScheme(db: Db, id: number): SchemeInfo {
  const r = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SchemeRow | undefined;
  if (!r) throw new WorkbenchError('UNKNOWN_SCHEME', `没有方案 ${id} / No scheme ${id} in this workspace`);
  return toInfo(r);
}

/** A scheme by id, or by exact name (the CLI accepts either). */
export function findScheme(db: Db, idOrName: string | number): SchemeInfo {
  const n = Number(idOrName);
  if (Number.isInteger(n) && n > 0 && db.prepare('SELECT 1 FROM sx_schemes WHERE id = ?').get(n)) return getScheme(db, n);
  const r = db.prepare('SELECT id FROM sx_schemes WHERE name = ?').all(String(idOrName)) as { id: number }[];
  if (r.length === 1) return getScheme(db, r[0]!.id);
  if (r.length > 1) throw new WorkbenchError('BAD_REQUEST', `有多个名为“${idOrName}”的方案，请用编号 / Several schemes are named "${idOrName}": use the id`);
  throw new WorkbenchError('UNKNOWN_SCHEME', `没有方案“${idOrName}” / No scheme "${idOrName}" in this workspace`);
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw new WorkbenchError('BAD_REQUEST', '方案名称不能为空 / A scheme needs a name');
  if (n.length > 80) throw new WorkbenchError('BAD_REQUEST', '方案名称过长（最多 80 字） / Scheme name too long (80 characters at most)');
  return n;
}

function actor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** A draft made from `fromId`: same layer tables (shared), its own history from here on. */
export function createScheme(db: Db, input: { fromId: number; name: string; note?: string; origin?: string | null }): SchemeInfo {
  const name = checkName(input.name);
  return db.transaction(() => {
    getScheme(db, input.fromId);
    const now = new Date().toISOString();
    const r = db.prepare(`INSERT INTO sx_schemes (name, note, parent_id, is_baseline, locked, origin, created_at, created_by, updated_at)
      VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?)`).run(name, input.note ?? '', input.fromId, input.origin ?? null, now, actor(), now);
    const id = Number(r.lastInsertRowid);
    db.prepare('INSERT INTO sx_scheme_layers (scheme_id, layer_id, table_name) SELECT ?, layer_id, table_name FROM sx_scheme_layers WHERE scheme_id = ?')
      .run(id, input.fromId);
    return getScheme(db, id);
  })();
}

export function updateScheme(db: Db, input: { id: number; name?: string; note?: string; locked?: boolean }): SchemeInfo {
  return db.transaction(() => {
    getScheme(db, input.id);
    const now = new Date().toISOString();
    if (input.name !== undefined) db.prepare('UPDATE sx_schemes SET name = ?, updated_at = ? WHERE id = ?').run(checkName(input.name), now, input.id);
    if (input.note !== undefined) db.prepare('UPDATE sx_schemes SET note = ?, updated_at = ? WHERE id = ?').run(input.note, now, input.id);
    if (input.locked !== undefined) db.prepare('UPDATE sx_schemes SET locked = ?, updated_at = ? WHERE id = ?').run(input.locked ? 1 : 0, now, input.id);
    return getScheme(db, input.id);
  })();
}

/** Deletes a draft, its history and the tables only it used. The baseline cannot be deleted, nor a locked scheme. */
export function deleteScheme(db: Db, id: number): { dropped: string[] } {
  return db.transaction(() => {
    const s = getScheme(db, id);
    if (s.isBaseline || id === BASELINE_SCHEME_ID) throw new WorkbenchError('BAD_REQUEST', '基线方案不能删除 / The baseline scheme cannot be deleted');
    if (s.locked) throw new WorkbenchError('SCHEME_LOCKED', `方案“${s.name}”已锁定，先解锁再删除 / Scheme "${s.name}" is locked: unlock it before deleting`);
    db.prepare('UPDATE sx_schemes SET parent_id = ? WHERE parent_id = ?').run(s.parentId, id);
    db.prepare('DELETE FROM sx_scheme_layers WHERE scheme_id = ?').run(id);
    db.prepare('DELETE FROM sx_schemes WHERE id = ?').run(id);
    db.prepare(`DELETE FROM sx_edit_images WHERE edit_id IN (SELECT id FROM sx_edit_log WHERE scheme = ?)`).run(String(id));
    db.prepare('DELETE FROM sx_edit_log WHERE scheme = ?').run(String(id));
    reassignOwners(db, id);
    return { dropped: dropUnusedTables(db) };
  })();
}
