// Whole-feature edits: create, replace geometry (the result of vertex editing in the renderer), update attributes,
// delete, move (translate). Each is one step of the edit history.
import type { AvoidOverlap, EditResult, GeometryInput, Position, Topological } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import { fillAreaFields, missingRequired, prepareAttributes } from './attributes.js';
import { clipAgainstProtected } from './avoid-overlap.js';
import type { EditContext } from './context.js';
import type { Attributes } from './features.js';
import type { EditTx } from './history.js';
import { multiPolygonWkb, type MultiPolygon } from './geometry.js';
import { addTopologicalPoints, sharedSuffix } from './topology.js';

/** A candidate geometry must be valid before anything else happens to it: say why and where it is not. */
export function requireValid(ctx: EditContext, wkb: Buffer, what: { zh: string; en: string }): void {
  const v = ctx.geos.validity(wkb);
  if (v.valid) return;
  const at = v.location ? ` @ ${v.location[0].toFixed(3)}, ${v.location[1].toFixed(3)}` : '';
  throw new WorkbenchError('INVALID_GEOMETRY', `${what.zh} 几何无效：${reasonZh(v.reason)}${at}，未保存 / ${what.en} is not a valid polygon: ${v.reason ?? 'invalid'}; nothing was saved`);
}

export function reasonZh(reason: string | null): string {
  if (!reason) return '无效';
  if (/^Ring Self-intersection/i.test(reason)) return '环自相交';
  if (/^Self-intersection/i.test(reason)) return '自相交';
  if (/Too few points/i.test(reason)) return '顶点太少';
  if (/Hole lies outside shell/i.test(reason)) return '洞在外环之外';
  if (/Nested shells/i.test(reason)) return '部件相互嵌套';
  if (/Interior is disconnected/i.test(reason)) return '内部不连通';
  if (/Nested holes/i.test(reason)) return '洞相互嵌套';
  return reason;
}

/** Clips against the protected layers when asked; warnings go into the edit. */
export function applyAvoidOverlap(ctx: EditContext, tx: EditTx, wkb: Buffer, avoid: AvoidOverlap | undefined,
  exclude: { layerId: number; fid: number }[], what: { zh: string; en: string }): Buffer {
  if (!avoid) return wkb;
  const out = clipAgainstProtected(ctx, wkb, avoid, exclude, what);
  for (const w of out.warnings) tx.warn(w);
  return out.wkb;
}

export function warnMissing(ctx: EditContext, tx: EditTx, layerId: number, fid: number, attrs: Attributes): void {
  const layer = ctx.layer(layerId);
  const missing = missingRequired(layer, attrs);
  if (!missing.length) return;
  const l = ctx.table(layerId).label(fid);
  tx.warn({ code: 'required_missing', zh: `${l.zh} 的必填字段为空：${missing.join('、')}`, en: `${l.en} has empty required fields: ${missing.join(', ')}`, layerId, fid, fields: missing });
}

export function createFeature(ctx: EditContext, input: {
  layerId: number; geometry: GeometryInput; attributes?: Attributes; avoidOverlap?: AvoidOverlap; topological?: Topological;
}): EditResult {
  const layer = ctx.layer(input.layerId);
  const what = { zh: `新${layer.name}要素`, en: `the new ${layer.nameEn} feature` };
  const attrs = prepareAttributes(ctx.ws, layer, input.attributes ?? {}, { what: what.zh, whatEn: what.en });
  const geometry = ctx.geometry(input.geometry);
  return ctx.history.run('create', (tx) => {
    let wkb = multiPolygonWkb(geometry);
    requireValid(ctx, wkb, what);
    wkb = applyAvoidOverlap(ctx, tx, wkb, input.avoidOverlap, [], what);
    const full = fillAreaFields(ctx.db, ctx.ws.srid, layer, attrs, wkb);
    const fid = tx.create(input.layerId, full, wkb);
    const shared = sharedSuffix(addTopologicalPoints(ctx, tx, input.layerId, fid, null, input.topological));
    const l = ctx.table(input.layerId).label(fid);
    return { zh: `新建 ${l.zh}${shared.zh}`, en: `Created ${l.en}${shared.en}` };
  });
}

export function replaceGeometry(ctx: EditContext, input: {
  layerId: number; fid: number; geometry: GeometryInput; avoidOverlap?: AvoidOverlap; topological?: Topological;
}): EditResult {
  const t = ctx.table(input.layerId);
  const before = t.geometry(input.fid);
  const l = t.label(input.fid);
  const geometry = ctx.geometry(input.geometry);
  return ctx.history.run('updateGeometry', (tx) => {
    let wkb = multiPolygonWkb(geometry);
    requireValid(ctx, wkb, l);
    wkb = applyAvoidOverlap(ctx, tx, wkb, input.avoidOverlap, [{ layerId: input.layerId, fid: input.fid }], l);
    tx.updateGeometry(input.layerId, input.fid, wkb);
    const shared = sharedSuffix(addTopologicalPoints(ctx, tx, input.layerId, input.fid, before, input.topological));
    return { zh: `修改 ${l.zh} 的几何${shared.zh}`, en: `Changed the geometry of ${l.en}${shared.en}` };
  });
}

/** Writes a geometry computed in main (vertex ops, parts, clip …) after the same checks as a drawn one. */
export function writeGeometry(ctx: EditContext, tx: EditTx, layerId: number, fid: number, mp: MultiPolygon, avoid?: AvoidOverlap,
  exclude: { layerId: number; fid: number }[] = []): void {
  const l = ctx.table(layerId).label(fid);
  let wkb = multiPolygonWkb(mp);
  requireValid(ctx, wkb, l);
  wkb = applyAvoidOverlap(ctx, tx, wkb, avoid, [{ layerId, fid }, ...exclude], l);
  tx.updateGeometry(layerId, fid, wkb);
}

export function updateAttributes(ctx: EditContext, input: { layerId: number; fids: number[]; attributes: Attributes }): EditResult {
  const t = ctx.table(input.layerId);
  const layer = t.layer;
  for (const fid of input.fids) t.require(fid);
  const what = input.fids.length === 1 ? t.label(input.fids[0]!) : { zh: `${layer.name} 的 ${input.fids.length} 个要素`, en: `${input.fids.length} features of ${layer.nameEn}` };
  const attrs = prepareAttributes(ctx.ws, layer, input.attributes, { partial: true, what: what.zh, whatEn: what.en });
  return ctx.history.run('updateAttributes', (tx) => {
    for (const fid of [...new Set(input.fids)]) tx.updateAttributes(input.layerId, fid, attrs);
    const fields = Object.keys(attrs).join(', ');
    return { zh: `修改 ${what.zh} 的属性（${fields}）`, en: `Changed attributes (${fields}) of ${what.en}` };
  });
}

export function deleteFeatures(ctx: EditContext, input: { layerId: number; fids: number[] }): EditResult {
  const t = ctx.table(input.layerId);
  for (const fid of input.fids) t.require(fid);
  const fids = [...new Set(input.fids)];
  return ctx.history.run('delete', (tx) => {
    for (const fid of fids) tx.delete(input.layerId, fid);
    return fids.length === 1
      ? { zh: `删除 ${t.label(fids[0]!).zh}`, en: `Deleted ${t.label(fids[0]!).en}` }
      : { zh: `删除 ${t.layer.name} 的 ${fids.length} 个要素`, en: `Deleted ${fids.length} features of ${t.layer.nameEn}` };
  });
}

/**
 * Moves features by dx, dy (metres in the workspace CRS), or by the vector from one position to another: with exact
 * positions (a vertex of the feature dragged onto a snapped vertex) the dragged vertex lands exactly on the target,
 * since to − from is exact for nearby coordinates and from + (to − from) then rounds to `to` itself.
 */
export function moveFeatures(ctx: EditContext, input: {
  layerId: number; fids: number[]; dx?: number; dy?: number; from?: Position; to?: Position; avoidOverlap?: AvoidOverlap; topological?: Topological;
}): EditResult {
  const t = ctx.table(input.layerId);
  let dx: number, dy: number;
  if (input.from && input.to) {
    const [a, b] = ctx.projector.resolve([input.from, input.to]);
    dx = b![0] - a![0];
    dy = b![1] - a![1];
  } else if (input.dx !== undefined && input.dy !== undefined) {
    dx = input.dx;
    dy = input.dy;
  } else {
    throw new WorkbenchError('BAD_REQUEST', 'edit.move needs dx and dy, or from and to');
  }
  const fids = [...new Set(input.fids)];
  const geoms = fids.map((fid) => t.geometry(fid));
  return ctx.history.run('move', (tx) => {
    const refs = fids.map((f) => ({ layerId: input.layerId, fid: f }));
    fids.forEach((fid, i) => {
      const moved = geoms[i]!.map((p) => p.map((r) => r.map(([x, y]) => [x + dx, y + dy] as [number, number])));
      writeGeometry(ctx, tx, input.layerId, fid, moved, input.avoidOverlap, refs);
    });
    let n = 0;
    fids.forEach((fid, i) => { n += addTopologicalPoints(ctx, tx, input.layerId, fid, geoms[i]!, input.topological, refs); });
    const shared = sharedSuffix(n);
    const d = `${dx.toFixed(3)}, ${dy.toFixed(3)} m`;
    return fids.length === 1
      ? { zh: `移动 ${t.label(fids[0]!).zh}（${d}）${shared.zh}`, en: `Moved ${t.label(fids[0]!).en} by ${d}${shared.en}` }
      : { zh: `移动 ${t.layer.name} 的 ${fids.length} 个要素（${d}）${shared.zh}`, en: `Moved ${fids.length} features of ${t.layer.nameEn} by ${d}${shared.en}` };
  });
}
