// The edit model (docs/editing.md, "Undo model"). Every edit is one SQLite transaction that changes features and, in
// the same transaction, records the before and after image of every feature it touched in sx_edit_images and one
// step in sx_edit_log. Undo writes the before images back, redo the after images, each in its own transaction and
// each only after checking the features still look exactly as the step left them (otherwise something else changed
// them, and blindly restoring would destroy that change). A committed edit is on disk (WAL, synchronous=FULL): a
// crash of the app loses nothing that was acknowledged.
import os from 'node:os';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { CHANGE_BOXES_MAX, type EditHistory, type EditResult, type EditWarning, type HistoryEntry, type LayerChange } from '../../../shared/contract/editing.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { WorkbenchError } from '../errors.js';
import { editedLonLatBoxes, tilesFollowEdit } from '../render/tiles/pyramid.js';
import { setTableStats, syncFidSequence } from '../workspace/layer-registry.js';
import type { Workspace } from '../workspace/workspace.js';
import { attrsFromJson, attrsJson, LayerTable, quoteId, type Attributes, type FeatureImage } from './features.js';
import { legacySummary } from './history-labels.js';


export interface Summary { zh: string; en: string }

interface Touched { layerId: number; fid: number; before: FeatureImage | null; seq: number }

/** The features one edit changes; everything goes through here so the images are complete. */
export class EditTx {
  private readonly touched = new Map<string, Touched>();
  private readonly writable = new Set<number>();
  readonly warnings: EditWarning[] = [];

  /** `prepareWrite` runs once per layer before its first write (the scheme gets its own copy of a shared table). */
  constructor(private readonly tables: (layerId: number) => LayerTable, private readonly prepareWrite: (layerId: number) => void = () => {}) {}

  private writeTable(layerId: number): LayerTable {
    if (!this.writable.has(layerId)) {
      this.prepareWrite(layerId);
      this.writable.add(layerId);
    }
    return this.tables(layerId);
  }

  table(layerId: number): LayerTable {
    return this.tables(layerId);
  }

  private touch(layerId: number, fid: number, before: FeatureImage | null): void {
    const key = `${layerId}:${fid}`;
    if (!this.touched.has(key)) this.touched.set(key, { layerId, fid, before, seq: this.touched.size });
  }

  create(layerId: number, attrs: Attributes, wkb: Buffer): number {
    const fid = this.writeTable(layerId).insert(null, attrs, wkb);
    this.touch(layerId, fid, null);
    return fid;
  }

  updateGeometry(layerId: number, fid: number, wkb: Buffer): void {
    const t = this.writeTable(layerId);
    this.touch(layerId, fid, t.require(fid));
    t.updateGeometry(fid, wkb);
  }

  updateAttributes(layerId: number, fid: number, attrs: Attributes): void {
    const t = this.writeTable(layerId);
    this.touch(layerId, fid, t.require(fid));
    t.updateAttributes(fid, attrs);
  }

  delete(layerId: number, fid: number): void {
    const t = this.writeTable(layerId);
    this.touch(layerId, fid, t.require(fid));
    t.delete(fid);
  }

  /**
   * Writes a whole feature image under a given fid, or deletes the feature (null): for merges between schemes and
   * imported scheme packages, whose feature ids come from elsewhere.
   */
  put(layerId: number, fid: number, image: FeatureImage | null): void {
    const t = this.writeTable(layerId);
    this.touch(layerId, fid, t.read(fid) ?? null);
    t.writeImage(fid, image);
  }

  warn(w: EditWarning): void {
    this.warnings.push(w);
  }

  /** Touched features in order, with their after images read back from the table (what is really stored). */
  images(): { layerId: number; fid: number; before: FeatureImage | null; after: FeatureImage | null }[] {
    return [...this.touched.values()].sort((a, b) => a.seq - b.seq)
      .map((t) => ({ layerId: t.layerId, fid: t.fid, before: t.before, after: this.tables(t.layerId).read(t.fid) ?? null }))
      .filter((i) => i.before !== null || i.after !== null);
  }
}

interface LogRow {
  id: number; at: string; actor: string; action: string; scheme: string; summary_zh: string | null; summary_en: string | null;
  layers_json: string | null; layer_id: number | null; undoable: number; state: 'done' | 'undone' | 'discarded'; target_id: number | null;
  n: number; detail_json: string | null;
}

export class EditHistoryStore {
  /** Edits, undo and redo are per scheme (方案): sx_edit_log.scheme holds the scheme id. */
  private readonly scheme: string;

  constructor(private readonly ws: Workspace, private readonly tables: (layerId: number) => LayerTable, schemeId: number,
    private readonly prepareWrite: (layerId: number) => void = () => {}) {
    this.scheme = String(schemeId);
  }

  /**
   * Runs one edit: `body` changes features through the EditTx; then every feature it touched is checked (valid,
   * non-empty), its images are logged, the redo stack is cleared and the layers' statistics updated, all in the
   * same transaction. Any error rolls everything back: the workspace is exactly as before.
   */
  run(action: string, body: (tx: EditTx) => Summary): EditResult {
    return this.write(() => {
      const tx = new EditTx(this.tables, this.prepareWrite);
      const summary = body(tx);
      const images = tx.images();
      if (!images.length) return { editId: null, action, summary, changes: [], layers: [], warnings: tx.warnings };
      for (const img of images) if (img.after) this.checkStored(img.layerId, img.fid);
      const changes = changesOf(images);
      this.ws.db.prepare(`UPDATE sx_edit_log SET state = 'discarded' WHERE scheme = ? AND undoable = 1 AND state = 'undone'`).run(this.scheme);
      const editId = this.logStep(action, summary, changes, 1, null);
      const put = this.ws.db.prepare(`INSERT INTO sx_edit_images(edit_id, seq, layer_id, fid, before_wkb, before_attrs, after_wkb, after_attrs)
        VALUES (?,?,?,?,?,?,?,?)`);
      images.forEach((img, seq) => {
        const cols = this.tables(img.layerId).columns;
        put.run(editId, seq, img.layerId, img.fid,
          img.before?.wkb ?? null, img.before ? attrsJson(cols, img.before.attrs) : null,
          img.after?.wkb ?? null, img.after ? attrsJson(cols, img.after.attrs) : null);
      });
      const layers = this.updateLayers(changes, images);
      return { editId, action, summary, changes, layers, warnings: tx.warnings };
    });
  }

  undo(): EditResult {
    const step = this.ws.db.prepare(`SELECT id, summary_zh, summary_en FROM sx_edit_log WHERE scheme = ? AND undoable = 1 AND state = 'done'
      ORDER BY id DESC LIMIT 1`).get(this.scheme) as { id: number; summary_zh: string; summary_en: string } | undefined;
    if (!step) throw new WorkbenchError('NOTHING_TO_UNDO', '没有可撤销的编辑 / Nothing to undo');
    return this.replay(step, 'undo');
  }

  redo(): EditResult {
    const step = this.ws.db.prepare(`SELECT id, summary_zh, summary_en FROM sx_edit_log WHERE scheme = ? AND undoable = 1 AND state = 'undone'
      ORDER BY id ASC LIMIT 1`).get(this.scheme) as { id: number; summary_zh: string; summary_en: string } | undefined;
    if (!step) throw new WorkbenchError('NOTHING_TO_REDO', '没有可重做的编辑 / Nothing to redo');
    return this.replay(step, 'redo');
  }

  /**
   * One write transaction, BEGIN IMMEDIATE: an edit reads the features before it changes them, and a check run
   * writing findings from a worker must not slip in between (a deferred transaction would then fail to upgrade).
   */
  private write<T>(fn: () => T): T {
    return this.ws.db.transaction(fn).immediate();
  }

  private replay(step: { id: number; summary_zh: string; summary_en: string }, direction: 'undo' | 'redo'): EditResult {
    return this.write(() => {
      for (const id of this.ws.db.prepare('SELECT DISTINCT layer_id FROM sx_edit_images WHERE edit_id = ?').pluck().all(step.id) as number[]) this.prepareWrite(id);
      const rows = this.ws.db.prepare(`SELECT layer_id, fid, before_wkb, before_attrs, after_wkb, after_attrs FROM sx_edit_images
        WHERE edit_id = ? ORDER BY seq ${direction === 'undo' ? 'DESC' : 'ASC'}`).all(step.id) as
        { layer_id: number; fid: number; before_wkb: Buffer | null; before_attrs: string | null; after_wkb: Buffer | null; after_attrs: string | null }[];
      const applied: { layerId: number; fid: number; before: FeatureImage | null; after: FeatureImage | null }[] = [];
      for (const r of rows) {
        const t = this.tables(r.layer_id);
        const image = (wkb: Buffer | null, attrs: string | null): FeatureImage | null => (attrs === null ? null : { wkb, attrs: attrsFromJson(attrs) });
        const expected = direction === 'undo' ? image(r.after_wkb, r.after_attrs) : image(r.before_wkb, r.before_attrs);
        const target = direction === 'undo' ? image(r.before_wkb, r.before_attrs) : image(r.after_wkb, r.after_attrs);
        const current = t.read(r.fid) ?? null;
        if (!sameImage(t.columns, current, expected)) {
          const l = t.label(r.fid);
          throw new WorkbenchError('EDIT_CONFLICT',
            `无法${direction === 'undo' ? '撤销' : '重做'}“${step.summary_zh}”：${l.zh} 此后已被其他操作修改 / ` +
              `Cannot ${direction} "${step.summary_en}": ${l.en} was changed since by something else`, `${t.table} fid ${r.fid}`);
        }
        t.writeImage(r.fid, target);
        applied.push({ layerId: r.layer_id, fid: r.fid, before: current, after: target });
      }
      this.ws.db.prepare('UPDATE sx_edit_log SET state = ? WHERE id = ?').run(direction === 'undo' ? 'undone' : 'done', step.id);
      const summary: Summary = direction === 'undo'
        ? { zh: `撤销：${step.summary_zh}`, en: `Undo: ${step.summary_en}` }
        : { zh: `重做：${step.summary_zh}`, en: `Redo: ${step.summary_en}` };
      const changes = changesOf(applied);
      const editId = this.logStep(direction, summary, changes, 0, step.id);
      const layers = this.updateLayers(changes, applied);
      return { editId, action: direction, summary, changes, layers, warnings: [] };
    });
  }

  history(opts: { limit?: number; offset?: number } = {}): EditHistory {
    const limit = opts.limit ?? 100, offset = opts.offset ?? 0;
    const select = `SELECT l.*, (SELECT COUNT(*) FROM sx_edit_images i WHERE i.edit_id = COALESCE(l.target_id, l.id)) n FROM sx_edit_log l`;
    const rows = this.ws.db.prepare(`${select} WHERE l.scheme = ? ORDER BY l.id DESC LIMIT ? OFFSET ?`).all(this.scheme, limit, offset) as LogRow[];
    const total = (this.ws.db.prepare('SELECT COUNT(*) n FROM sx_edit_log WHERE scheme = ?').get(this.scheme) as { n: number }).n;
    const nextUndo = this.ws.db.prepare(`${select} WHERE l.scheme = ? AND l.undoable = 1 AND l.state = 'done' ORDER BY l.id DESC LIMIT 1`).get(this.scheme) as LogRow | undefined;
    const nextRedo = this.ws.db.prepare(`${select} WHERE l.scheme = ? AND l.undoable = 1 AND l.state = 'undone' ORDER BY l.id ASC LIMIT 1`).get(this.scheme) as LogRow | undefined;
    const entry = (r: LogRow) => toEntry(r, this.ws);
    return {
      entries: rows.map(entry), total,
      canUndo: nextUndo !== undefined, canRedo: nextRedo !== undefined,
      nextUndo: nextUndo ? entry(nextUndo) : null, nextRedo: nextRedo ? entry(nextRedo) : null,
    };
  }

  /** A stored feature must be valid and non-empty: GEOS says why and where when it is not. */
  private checkStored(layerId: number, fid: number): void {
    const t = this.tables(layerId);
    const r = this.ws.db.prepare(`SELECT geom IS NULL isnull, ST_IsEmpty(geom) empty, ST_IsValid(geom) valid, ST_IsValidReason(geom) reason
      FROM ${quoteId(t.table)} WHERE fid = ?`).get(fid) as { isnull: number; empty: number | null; valid: number | null; reason: string | null };
    const l = t.label(fid);
    if (r.isnull || r.empty !== 0) {
      throw new WorkbenchError('EMPTY_RESULT', `结果为空：${l.zh} 没有面积，未保存 / The result is empty: ${l.en} would have no area; nothing was saved`, `${t.table} fid ${fid}`);
    }
    if (r.valid !== 1) {
      throw new WorkbenchError('INVALID_GEOMETRY', `几何无效：${l.zh}（${r.reason ?? '未知原因'}），未保存 / Invalid geometry for ${l.en} (${r.reason ?? 'unknown reason'}); nothing was saved`,
        `${t.table} fid ${fid}`);
    }
  }

  private logStep(action: string, summary: Summary, changes: LayerChange[], undoable: 0 | 1, targetId: number | null): number {
    const layerIds = changes.map((c) => c.layerId);
    const r = this.ws.db.prepare(`INSERT INTO sx_edit_log(at, actor, layer_id, action, detail_json, scheme, summary_zh, summary_en, undoable, state, target_id, layers_json)
      VALUES (?,?,?,?,?,?,?,?,?,'done',?,?)`).run(new Date().toISOString(), actor(), layerIds[0] ?? null, action, JSON.stringify({ changes }),
      this.scheme, summary.zh, summary.en, undoable, targetId, JSON.stringify(layerIds));
    return Number(r.lastInsertRowid);
  }

  /**
   * Feature count (incremental), extent (from the spatial index) and revision of every changed layer; the map's tile
   * pyramid of the table follows in the same transaction (docs/scale.md).
   */
  private updateLayers(changes: LayerChange[], images: readonly { layerId: number; before: FeatureImage | null; after: FeatureImage | null }[]): LayerInfo[] {
    const out: LayerInfo[] = [];
    for (const c of changes) {
      const t = this.tables(c.layerId);
      const extent = indexExtent(this.ws, t.table);
      const revisionBefore = this.ws.layer(c.layerId, Number(this.scheme)).revision;
      c.fromRevision = revisionBefore;
      setTableStats(this.ws.db, t.table, { countDelta: c.created.length - c.deleted.length, extent });
      const edited = images.filter((i) => i.layerId === c.layerId);
      const boxes = editedLonLatBoxes(this.ws.db, edited);
      tilesFollowEdit(this.ws.db, t.table, revisionBefore, edited, boxes);
      c.boxes = changeBoxes(boxes);
      if (c.created.length) syncFidSequence(this.ws.db, c.layerId);
      out.push(this.ws.layer(c.layerId, Number(this.scheme)));
    }
    return out;
  }
}

/** At most CHANGE_BOXES_MAX boxes for the map; more are sent as the one box around them all. */
function changeBoxes(boxes: [number, number, number, number][]): [number, number, number, number][] {
  if (boxes.length <= CHANGE_BOXES_MAX) return boxes;
  return [boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])])];
}

function actor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function sameImage(columns: readonly string[], a: FeatureImage | null, b: FeatureImage | null): boolean {
  if (a === null || b === null) return a === b;
  const wa = a.wkb, wb = b.wkb;
  if ((wa === null) !== (wb === null) || (wa && wb && !wa.equals(wb))) return false;
  return attrsJson(columns, a.attrs) === attrsJson(columns, b.attrs);
}

function changesOf(images: { layerId: number; fid: number; before: FeatureImage | null; after: FeatureImage | null }[]): LayerChange[] {
  const byLayer = new Map<number, LayerChange>();
  for (const i of images) {
    let c = byLayer.get(i.layerId);
    if (!c) byLayer.set(i.layerId, c = { layerId: i.layerId, created: [], updated: [], deleted: [] });
    if (!i.before && i.after) c.created.push(i.fid);
    else if (i.before && !i.after) c.deleted.push(i.fid);
    else if (i.before && i.after) c.updated.push(i.fid);
  }
  return [...byLayer.values()].filter((c) => c.created.length + c.updated.length + c.deleted.length > 0);
}

function toEntry(r: LogRow, ws: Workspace): HistoryEntry {
  const layerIds = r.layers_json ? (JSON.parse(r.layers_json) as number[]) : r.layer_id !== null ? [r.layer_id] : [];
  return {
    id: r.id, at: r.at, actor: r.actor, action: r.action, scheme: r.scheme,
    // Rows without a summary (before migration 3, or logged by the workspace itself) get readable labels.
    summary: r.summary_zh !== null && r.summary_en !== null ? { zh: r.summary_zh, en: r.summary_en } : legacySummary(ws, r),
    layerIds, undoable: r.undoable === 1, state: r.state, targetId: r.target_id, featureCount: r.n,
  };
}

/**
 * The layer's lon/lat extent from its SpatiaLite R*Tree: the cells of the root node bound the whole tree, so this
 * costs one page read instead of a scan of every geometry (40 ms on 200,000 parcels). The R*Tree stores float32
 * rounded outwards, so the box may be up to a few metres too large: fine for zooming to the layer.
 */
export function indexExtent(ws: Workspace, table: string): [number, number, number, number] | null {
  const node = ws.db.prepare(`SELECT data FROM ${quoteId(`idx_${table}_geom_node`)} WHERE nodeno = 1`).get() as { data: Buffer } | undefined;
  if (!node) return null;
  const n = node.data.readUInt16BE(2);
  if (n === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const o = 4 + i * 24 + 8;
    x0 = Math.min(x0, node.data.readFloatBE(o));
    x1 = Math.max(x1, node.data.readFloatBE(o + 4));
    y0 = Math.min(y0, node.data.readFloatBE(o + 8));
    y1 = Math.max(y1, node.data.readFloatBE(o + 12));
  }
  const g = ws.db.prepare(`SELECT MbrMinX(t) a, MbrMinY(t) b, MbrMaxX(t) c, MbrMaxY(t) d FROM
    (SELECT ST_Transform(BuildMbr(?, ?, ?, ?, ${ws.srid}), ${CGCS2000_GEOGRAPHIC}) t)`).get(x0, y0, x1, y1) as { a: number; b: number; c: number; d: number };
  return [g.a, g.b, g.c, g.d];
}
