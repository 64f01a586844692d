// Merge selected features of one layer into one (GEOS union). The result must be valid; features that do not touch
// would make a multipolygon, which is refused unless asked for (a 图斑 is one piece of land). The primary feature
// (given, else the largest) keeps its fid; the others are deleted; attributes follow the merge policies (area fields
// summed by default). Union conserves area for features that do not overlap; an overlap inside the selection is
// reported as a warning with its area.
//
// Real data has neighbours whose shared boundary differs by a fraction of a millimetre (digitised twice, rounded
// differently). Their plain union is two parts, or one part with a hairline hole. Gaps below the 1 mm precision
// (precision.ts) are closed: the features are snapped to each other with GEOS (vertex onto vertex, vertex into
// segment, within 1 mm) before the union, and hairline holes narrower than 1 mm that the union leaves are dropped.
// Only then is a result of several parts "not adjacent". What was filled is reported (gaps_closed, with its area).
import type { EditResult } from '../../../shared/contract/editing.js';
import { mergeAttributes, type FieldPolicy } from '../../../shared/domain/attribute-policies.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { requireValid, warnMissing } from './features-ops.js';
import { quoteId } from './features.js';
import { meanWidth, multiPolygonWkb, readPolygons, type MultiPolygon } from './geometry.js';
import { GRID_SIZE } from './precision.js';
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
  const namesEn = fids.map((f) => `#${f}`).join(', ');
  return ctx.history.run('merge', (tx) => {
    const plain = ctx.db.prepare(`SELECT AsBinary(CastToMultiPolygon(CollectionExtract(ST_Union(geom), 3))) w FROM ${quoteId(t.table)}
      WHERE fid IN (${fids.map(() => '?').join(',')})`).get(...fids) as { w: Buffer | null };
    if (!plain.w) throw new WorkbenchError('EMPTY_RESULT', `合并 ${t.layer.name} ${names} 的结果为空 / Merging ${t.layer.nameEn} ${namesEn} gives nothing`);
    let merged = readPolygons(plain.w);
    let w: Buffer = plain.w;
    const plainArea = ctx.geos.area(plain.w);
    const parts = merged.length;
    if (hasHairlineHoles(merged)) {
      // A hairline hole where two boundaries meet at their ends but differ in between: dropped, nothing else moves.
      merged = dropHairlineHoles(merged);
      w = multiPolygonWkb(merged);
    }
    if (merged.length > 1) {
      // Parts apart by less than the precision: snap each feature to what is merged so far (and that to it), unite.
      let acc: Buffer = images[primary]!.wkb!;
      images.forEach((img, i) => {
        if (i === primary || !img.wkb) return;
        const other = ctx.geos.snap(img.wkb, acc, GRID_SIZE) ?? img.wkb;
        const base = ctx.geos.snap(acc, other, GRID_SIZE) ?? acc;
        acc = ctx.geos.union(base, other) ?? acc;
      });
      const closed = dropHairlineHoles(readPolygons(acc));
      const closedWkb = multiPolygonWkb(closed);
      if (closed.length < merged.length && ctx.geos.validity(closedWkb).valid) {
        merged = closed;
        w = closedWkb;
      }
    }
    if (merged.length > 1 && !input.allowMultipart) {
      const gap = ctx.geos.distance(multiPolygonWkb([merged[0]!]), multiPolygonWkb(merged.slice(1)));
      const gapText = gap < 1 ? `${(gap * 1000).toPrecision(3)} mm` : `${gap.toFixed(2)} m`;
      const gapZh = gap < 1 ? `${(gap * 1000).toPrecision(3)} 毫米` : `${gap.toFixed(2)} 米`;
      throw new WorkbenchError('NOT_ADJACENT', `${t.layer.name} ${names} 并不都相邻（相距 ${gapZh}，超过 1 毫米的精度），合并后会成为 ${merged.length} 个分离部分；未合并 / ` +
        `${t.layer.nameEn} ${namesEn} do not all touch (${gapText} apart, more than the 1 mm precision): the result would have ${merged.length} separate parts; nothing was merged`);
    }
    requireValid(ctx, w, t.label(keep));
    const u = { w };
    const total = areas.reduce((s, a) => s + a, 0);
    const area = ctx.geos.area(u.w);
    if (total - area > 1e-9 * total) {
      tx.warn({ code: 'overlap_in_selection', zh: `所选要素相互重叠 ${(total - area).toFixed(4)} m²，合并后只计一次`, en: `The selected features overlap by ${(total - area).toFixed(4)} m², counted once in the merge`, areaM2: total - area });
    }
    const filled = area - plainArea;
    if (w !== plain.w) {
      tx.warn({
        code: 'gaps_closed', zh: `所选要素之间不足 1 毫米的缝隙已闭合（填补 ${filled.toFixed(6)} m²${parts > 1 ? `，原为 ${parts} 个分离部分` : ''}）`,
        en: `Gaps under 1 mm between the selected features were closed (${filled.toFixed(6)} m² filled${parts > 1 ? `; they were ${parts} separate parts` : ''})`,
        layerId: input.layerId, fid: keep, areaM2: filled,
      });
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
    return { zh: `合并 ${t.layer.name} ${names} 为 ${l.zh}`, en: `Merged ${t.layer.nameEn} ${namesEn} into ${l.en}` };
  });
}

/** A hole narrower than the precision (mean width 2A/P): a hairline gap between two merged features. */
function isHairline(ring: MultiPolygon[number][number]): boolean {
  return meanWidth([ring]) < GRID_SIZE;
}

function hasHairlineHoles(mp: MultiPolygon): boolean {
  return mp.some((p) => p.slice(1).some(isHairline));
}

function dropHairlineHoles(mp: MultiPolygon): MultiPolygon {
  return mp.map((p) => [p[0]!, ...p.slice(1).filter((h) => !isHairline(h))]);
}
