// Merge selected features of one layer into one (GEOS union). The result must be valid; features that do not touch
// would make a multipolygon, which is refused unless asked for (a 图斑 is one piece of land). The primary feature
// (given, else the largest) keeps its fid; the others are deleted; attributes follow the merge policies (area fields
// summed by default). Union conserves area for features that do not overlap; an overlap inside the selection is
// reported as a warning with its area.
import type { EditResult } from '../../../shared/contract/editing.js';
import { mergeAttributes, type FieldPolicy } from '../../../shared/domain/attribute-policies.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { requireValid, warnMissing } from './features-ops.js';
import { quoteId } from './features.js';
import { readPolygons } from './geometry.js';
import { resolvePoliciesOrThrow } from './split.js';

export interface MergeInput {
  layerId: number;
  fids: number[];
  /** The feature whose fid survives (default: the largest). */
  keepFid?: number;
  policies?: Record<string, Partial<FieldPolicy>>;
  /** Allow a multipolygon result when the features do not touch. */
  allowMultipart?: boolean;
}

export function mergeFeatures(ctx: EditContext, input: MergeInput): EditResult {
  const t = ctx.table(input.layerId);
  const fids = [...new Set(input.fids)];
  if (fids.length < 2) throw new WorkbenchError('BAD_REQUEST', '合并至少需要两个要素 / Select at least two features to merge');
  const images = fids.map((fid) => t.require(fid));
  const policies = resolvePoliciesOrThrow(t.layer.kind, input.policies);
  const areas = images.map((img) => ctx.geos.area(img.wkb));
  if (input.keepFid !== undefined && !fids.includes(input.keepFid)) {
    throw new WorkbenchError('BAD_REQUEST', `保留的要素 #${input.keepFid} 不在所选要素中 / keepFid ${input.keepFid} is not one of the selected features`);
  }
  const primary = input.keepFid !== undefined ? fids.indexOf(input.keepFid) : areas.indexOf(Math.max(...areas));
  const keep = fids[primary]!;
  const names = fids.map((f) => `#${f}`).join('、');
  return ctx.history.run('merge', (tx) => {
    const u = ctx.db.prepare(`SELECT AsBinary(CastToMultiPolygon(CollectionExtract(ST_Union(geom), 3))) w FROM ${quoteId(t.table)}
      WHERE fid IN (${fids.map(() => '?').join(',')})`).get(...fids) as { w: Buffer | null };
    if (!u.w) throw new WorkbenchError('EMPTY_RESULT', `合并 ${t.layer.name} ${names} 的结果为空 / Merging ${t.layer.nameEn} ${names} gives nothing`);
    const merged = readPolygons(u.w);
    if (merged.length > 1 && !input.allowMultipart) {
      throw new WorkbenchError('NOT_ADJACENT', `${t.layer.name} ${names} 并不都相邻，合并后会成为 ${merged.length} 个分离部分；未合并 / ` +
        `${t.layer.nameEn} ${names} do not all touch: the result would have ${merged.length} separate parts; nothing was merged`);
    }
    requireValid(ctx, u.w, t.label(keep));
    const total = areas.reduce((s, a) => s + a, 0);
    const area = ctx.geos.area(u.w);
    if (total - area > 1e-9 * total) {
      tx.warn({ code: 'overlap_in_selection', zh: `所选要素相互重叠 ${(total - area).toFixed(4)} m²，合并后只计一次`, en: `The selected features overlap by ${(total - area).toFixed(4)} m², counted once in the merge`, areaM2: total - area });
    }
    if (merged.length > 1) tx.warn({ code: 'multipart', zh: `合并结果有 ${merged.length} 个分离部分`, en: `The merged feature has ${merged.length} separate parts`, layerId: input.layerId, fid: keep });
    const attrs = mergeAttributes(images.map((img, i) => ({ attributes: img.attrs, area: areas[i]! })), primary, policies);
    for (const fid of fids) if (fid !== keep) tx.delete(input.layerId, fid);
    tx.updateGeometry(input.layerId, keep, u.w);
    tx.updateAttributes(input.layerId, keep, attrs);
    warnMissing(ctx, tx, input.layerId, keep, attrs);
    const dlbm = new Set(images.map((i) => i.attrs.DLBM).filter((v) => v !== undefined && v !== null));
    if (dlbm.size > 1) tx.warn({ code: 'attributes_differ', zh: `所选要素地类不同（${[...dlbm].join('、')}），合并后为 ${String(attrs.DLBM)}`, en: `The selected features have different DLBM (${[...dlbm].join(', ')}); the merged one has ${String(attrs.DLBM)}`, layerId: input.layerId, fid: keep, fields: ['DLBM'] });
    const l = t.label(keep);
    return { zh: `合并 ${t.layer.name} ${names} 为 ${l.zh}`, en: `Merged ${t.layer.nameEn} ${names} into ${l.en}` };
  });
}
