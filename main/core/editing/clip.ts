// Clip or cut features by another polygon: keep what lies inside it (clip, GEOS intersection) or remove it (cut,
// GEOS difference). The other polygon is a feature of any layer or a drawn geometry. A feature the operation would
// empty is an error naming it; nothing is saved (delete it instead if that is what you mean).
import type { EditResult, GeometryInput } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { requireValid } from './features-ops.js';
import { dropSlivers, multiPolygonWkb, readPolygons } from './geometry.js';
import { GRID_SIZE } from './precision.js';

export interface ClipInput {
  layerId: number;
  fids: number[];
  mode: 'keepInside' | 'removeInside';
  by: { layerId: number; fid: number } | { geometry: GeometryInput };
}

export function clipFeatures(ctx: EditContext, input: ClipInput): EditResult {
  const t = ctx.table(input.layerId);
  let byWkb: Buffer;
  let byLabel: { zh: string; en: string };
  if ('fid' in input.by) {
    const bt = ctx.table(input.by.layerId);
    const img = bt.require(input.by.fid);
    if (!img.wkb) throw new WorkbenchError('BAD_REQUEST', `${bt.label(input.by.fid).en} has no geometry`);
    byWkb = img.wkb;
    byLabel = bt.label(input.by.fid);
  } else {
    byWkb = multiPolygonWkb(ctx.geometry(input.by.geometry));
    byLabel = { zh: '所绘多边形', en: 'the drawn polygon' };
  }
  requireValid(ctx, byWkb, byLabel);
  const fids = [...new Set(input.fids)].filter((f) => !('fid' in input.by && input.by.layerId === input.layerId && input.by.fid === f));
  if (!fids.length) throw new WorkbenchError('BAD_REQUEST', '没有要裁剪的要素 / No feature to clip');
  const keep = input.mode === 'keepInside';
  return ctx.history.run(keep ? 'clip' : 'cut', (tx) => {
    const changed: number[] = [];
    for (const fid of fids) {
      const img = t.require(fid);
      const label = t.label(fid);
      if (!img.wkb) continue;
      if (ctx.geos.overlapArea(img.wkb, byWkb) <= 0) {
        if (keep) throw new WorkbenchError('EMPTY_RESULT', `${label.zh} 与${byLabel.zh}不相交，裁剪后为空，未保存 / ${label.en} does not overlap ${byLabel.en}: clipping would empty it; nothing was saved`);
        continue;
      }
      const out = keep ? ctx.geos.intersection(img.wkb, byWkb) : ctx.geos.difference(img.wkb, byWkb);
      const { kept, dropped, droppedArea } = dropSlivers(out ? readPolygons(out) : [], GRID_SIZE);
      if (!kept.length) {
        throw new WorkbenchError('EMPTY_RESULT', `${keep ? '裁剪' : '挖除'}后 ${label.zh} 为空，未保存 / ${keep ? 'Clipping' : 'Cutting'} would empty ${label.en}; nothing was saved`);
      }
      if (dropped) tx.warn({ code: 'slivers_removed', zh: `${label.zh}：删除了 ${dropped} 个细碎部分（${droppedArea.toFixed(6)} m²）`, en: `${label.en}: ${dropped} slivers (${droppedArea.toFixed(6)} m²) removed`, layerId: input.layerId, fid, areaM2: droppedArea });
      const wkb = multiPolygonWkb(kept);
      requireValid(ctx, wkb, label);
      if (!wkb.equals(img.wkb)) { tx.updateGeometry(input.layerId, fid, wkb); changed.push(fid); }
    }
    if (!changed.length) throw new WorkbenchError('NO_EFFECT', `${byLabel.zh}与所选要素不重叠，没有可${keep ? '裁剪' : '挖除'}的部分 / ${byLabel.en} does not overlap the selected features: nothing to ${keep ? 'clip' : 'cut'}`);
    const what = changed.length === 1 ? t.label(changed[0]!) : { zh: `${t.layer.name} 的 ${changed.length} 个要素`, en: `${changed.length} features of ${t.layer.nameEn}` };
    return keep ? { zh: `用${byLabel.zh}裁剪 ${what.zh}`, en: `Clipped ${what.en} to ${byLabel.en}` }
      : { zh: `从 ${what.zh} 中挖除${byLabel.zh}`, en: `Cut ${byLabel.en} out of ${what.en}` };
  });
}
