// Bringing the changes of one draft into another (docs/schemes.md "Merging drafts"). A draft's changes are the
// features its own edits touched (sx_edit_images of its done steps), each with the image it had before the
// draft's first edit of it (the base). Per feature: if the target still has the base, the source's version is
// applied; if the target already has the source's version there is nothing to do; otherwise the target changed the
// same feature differently: a conflict, listed for the user, never overwritten silently. The merge is one undoable
// edit in the target.
import type { EditResult } from '../../../shared/contract/editing.js';
import type { MergeItem, MergePreview } from '../../../shared/contract/schemes.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { Editor } from '../editing/editor.js';
import { attrsFromJson, attrsJson, type FeatureImage } from '../editing/features.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { getScheme } from './store.js';

interface Candidate { layerId: number; fid: number; base: FeatureImage | null; theirs: FeatureImage | null; ours: FeatureImage | null; conflict: boolean }

/** The features draft `schemeId` changed itself, with their base images (before its first edit of each). */
function ownChanges(ws: Workspace, schemeId: number): { layerId: number; fid: number; base: FeatureImage | null }[] {
  const rows = ws.db.prepare(`SELECT i.layer_id, i.fid, i.before_wkb, i.before_attrs FROM sx_edit_images i JOIN sx_edit_log l ON l.id = i.edit_id
    WHERE l.scheme = ? AND l.undoable = 1 AND l.state = 'done' ORDER BY l.id, i.seq`).all(String(schemeId)) as
    { layer_id: number; fid: number; before_wkb: Buffer | null; before_attrs: string | null }[];
  const seen = new Map<string, { layerId: number; fid: number; base: FeatureImage | null }>();
  for (const r of rows) {
    const k = `${r.layer_id}:${r.fid}`;
    if (!seen.has(k)) seen.set(k, { layerId: r.layer_id, fid: r.fid, base: r.before_attrs === null ? null : { wkb: r.before_wkb, attrs: attrsFromJson(r.before_attrs) } });
  }
  return [...seen.values()];
}

function same(columns: readonly string[], a: FeatureImage | null, b: FeatureImage | null): boolean {
  if (a === null || b === null) return a === b;
  if ((a.wkb === null) !== (b.wkb === null) || (a.wkb && b.wkb && !a.wkb.equals(b.wkb))) return false;
  return attrsJson(columns, a.attrs) === attrsJson(columns, b.attrs);
}

function candidates(ws: Workspace, from: number, into: number): { items: Candidate[]; alreadyEqual: number } {
  if (from === into) throw new WorkbenchError('BAD_REQUEST', '请选择两个不同的方案 / choose two different schemes');
  getScheme(ws.db, from);
  getScheme(ws.db, into);
  const source = new Editor(ws, from).ctx, target = new Editor(ws, into).ctx;
  const items: Candidate[] = [];
  let alreadyEqual = 0;
  for (const c of ownChanges(ws, from)) {
    const tt = target.table(c.layerId), st = source.table(c.layerId);
    const theirs = st.read(c.fid) ?? null, ours = tt.read(c.fid) ?? null;
    if (same(tt.columns, theirs, c.base)) continue; // changed and changed back
    if (same(tt.columns, ours, theirs)) { alreadyEqual++; continue; }
    items.push({ layerId: c.layerId, fid: c.fid, base: c.base, theirs, ours, conflict: !same(tt.columns, ours, c.base) });
  }
  return { items, alreadyEqual };
}

export function mergePreview(ws: Workspace, from: number, into: number): MergePreview {
  const { items, alreadyEqual } = candidates(ws, from, into);
  const box = ws.db.prepare(`SELECT MbrMinX(g) a, MbrMinY(g) b, MbrMaxX(g) c, MbrMaxY(g) d FROM (SELECT ST_Transform(GeomFromWKB(?, ${ws.srid}), ${CGCS2000_GEOGRAPHIC}) g)`);
  const out: MergeItem[] = items.map((c) => {
    const layer = ws.layer(c.layerId, into);
    const change: MergeItem['change'] = c.base === null ? 'added' : c.theirs === null ? 'removed' : 'modified';
    const verb = { added: ['新增', 'added'], removed: ['删除', 'removed'], modified: ['修改', 'modified'] }[change];
    const wkb = c.theirs?.wkb ?? c.base?.wkb ?? c.ours?.wkb ?? null;
    const b = wkb ? box.get(wkb) as { a: number; b: number; c: number; d: number } : null;
    return {
      key: `${c.layerId}:${c.fid}`, layerId: c.layerId, fid: c.fid, change, conflict: c.conflict,
      summary: {
        zh: `${layer.name} #${c.fid} ${verb[0]}${c.conflict ? '（目标方案也修改了此要素）' : ''}`,
        en: `${layer.nameEn} #${c.fid} ${verb[1]}${c.conflict ? ' (also changed in the target scheme)' : ''}`,
      },
      bbox: b ? [b.a, b.b, b.c, b.d] : null,
    };
  });
  return { from: getScheme(ws.db, from), into: getScheme(ws.db, into), items: out, alreadyEqual };
}

/** Applies the changes of `from` to `into` as one undoable edit there; every conflict needs a resolution. */
export function mergeSchemes(ws: Workspace, from: number, into: number, resolutions: Record<string, 'theirs' | 'ours'> = {}): EditResult {
  const source = getScheme(ws.db, from);
  const editor = new Editor(ws, into);
  return editor.ctx.history.run('merge.scheme', (tx) => {
    // Decided inside the write transaction, so nothing can change between the decision and the writes.
    const { items } = candidates(ws, from, into);
    const open = items.filter((c) => c.conflict && !resolutions[`${c.layerId}:${c.fid}`]);
    if (open.length) {
      throw new WorkbenchError('MERGE_CONFLICT',
        `有 ${open.length} 处冲突需要先决定取舍（两个方案都修改了同一要素） / ${open.length} conflicts need a decision first (the same feature was changed in both schemes)`);
    }
    let n = 0;
    for (const c of items) {
      if (c.conflict && resolutions[`${c.layerId}:${c.fid}`] === 'ours') continue;
      tx.put(c.layerId, c.fid, c.theirs);
      n++;
    }
    return { zh: `合并方案“${source.name}”的 ${n} 处修改`, en: `Merged ${n} changes of scheme "${source.name}"` };
  });
}
