// Avoid overlap (docs/editing.md): a new or edited geometry is clipped against the features of the protected layers
// it touches (e.g. drawing 城镇开发边界 with 生态保护红线 and 永久基本农田 protected). The result must be non-empty,
// valid, and must not overlap any protected feature any more; otherwise the edit fails with a message saying why,
// and nothing is saved.
import type { AvoidOverlap, EditWarning, FeatureRef } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import { quoteId } from './features.js';
import type { EditContext } from './context.js';
import { bboxOf, dropSlivers, multiPolygonWkb, readPolygons } from './geometry.js';
import { GRID_SIZE } from './precision.js';

/** Overlap left after clipping that still counts as overlap (m²): GEOS's own rounding stays far below this. */
export const RESIDUAL_OVERLAP_M2 = 1e-6;

export interface ClipOutcome { wkb: Buffer; removedM2: number; clippedBy: FeatureRef[]; warnings: EditWarning[] }

/**
 * Clips `wkb` against the protected layers. `exclude` are features never clipped against (the feature being edited,
 * the other parts of a split). `what` names the feature in messages.
 */
export function clipAgainstProtected(ctx: EditContext, wkb: Buffer, opts: AvoidOverlap, exclude: readonly FeatureRef[],
  what: { zh: string; en: string }): ClipOutcome {
  const skip = new Set(exclude.map((r) => `${r.layerId}:${r.fid}`));
  const bbox = bboxOf(readPolygons(wkb));
  let result: Buffer | null = wkb;
  const clippedBy: FeatureRef[] = [];
  const names: { zh: string; en: string }[] = [];
  const before = ctx.geos.area(wkb);
  for (const layerId of new Set(opts.layerIds)) {
    const t = ctx.table(layerId);
    const select = ctx.db.prepare(`SELECT AsBinary(geom) w FROM ${quoteId(t.table)} WHERE fid = ?`).pluck();
    let hit = false;
    for (const fid of ctx.candidates(layerId, bbox)) {
      if (skip.has(`${layerId}:${fid}`) || !result) continue;
      const other = select.get(fid) as Buffer | null;
      if (!other || !ctx.geos.intersects(result, other)) continue;
      // Only interiors matter: a protected neighbour that merely shares the boundary leaves the result unchanged.
      if (ctx.geos.overlapArea(result, other) <= 0) continue;
      result = ctx.geos.difference(result, other);
      clippedBy.push({ layerId, fid });
      hit = true;
    }
    if (hit) names.push({ zh: t.layer.name, en: t.layer.nameEn });
  }
  const layersZh = names.map((n) => n.zh).join('、') || '受保护图层';
  const layersEn = names.map((n) => n.en).join(', ') || 'the protected layers';
  if (!result) {
    throw new WorkbenchError('EMPTY_RESULT', `${what.zh} 完全位于${layersZh}内，避让后为空，未保存 / ${what.en} lies entirely inside ${layersEn}: ` +
      'nothing is left after avoiding the overlap; nothing was saved');
  }
  const warnings: EditWarning[] = [];
  const { kept, droppedArea, dropped } = dropSlivers(readPolygons(result), GRID_SIZE);
  if (!kept.length) {
    throw new WorkbenchError('EMPTY_RESULT', `${what.zh} 避让${layersZh}后只剩细缝，未保存 / Only slivers of ${what.en} remain after avoiding ${layersEn}; nothing was saved`);
  }
  if (dropped) {
    warnings.push({ code: 'slivers_removed', zh: `避让后删除了 ${dropped} 个细碎部分（${droppedArea.toFixed(6)} m²）`, en: `${dropped} slivers (${droppedArea.toFixed(6)} m²) left by the clip were removed`, areaM2: droppedArea });
    result = multiPolygonWkb(kept);
  }
  const validity = ctx.geos.validity(result);
  if (!validity.valid) {
    throw new WorkbenchError('INVALID_GEOMETRY', `${what.zh} 避让${layersZh}后几何无效（${validity.reason}），未保存 / ` +
      `Avoiding ${layersEn} made ${what.en} invalid (${validity.reason}); nothing was saved`);
  }
  // Trust, but verify: the clipped geometry must not overlap what it was clipped against.
  for (const ref of clippedBy) {
    const other = ctx.db.prepare(`SELECT AsBinary(geom) w FROM ${quoteId(ctx.table(ref.layerId).table)} WHERE fid = ?`).pluck().get(ref.fid) as Buffer;
    const left = ctx.geos.overlapArea(result, other);
    if (left > RESIDUAL_OVERLAP_M2) {
      const l = ctx.table(ref.layerId).label(ref.fid);
      throw new WorkbenchError('OVERLAP', `${what.zh} 与 ${l.zh} 仍重叠 ${left.toFixed(6)} m²，避让失败，未保存 / ${what.en} still overlaps ${l.en} by ${left.toFixed(6)} m² after clipping; nothing was saved`);
    }
  }
  const removedM2 = before - ctx.geos.area(result);
  if (clippedBy.length) {
    warnings.push({ code: 'clipped', zh: `避让${layersZh}，裁去 ${removedM2.toFixed(2)} m²`, en: `Clipped against ${layersEn}: ${removedM2.toFixed(2)} m² removed`, areaM2: removedM2 });
  }
  return { wkb: result, removedM2, clippedBy, warnings };
}
