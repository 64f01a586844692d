// Parts and rings: add a part to a feature, cut a hole, fill (remove) a hole or turn it into a new feature.
// Where the result is a simple append or removal the untouched rings are copied verbatim (no overlay), so a hole
// added to a parcel does not renumber or re-round anything else; GEOS decides only validity, and the union when a
// new part overlaps the old ones.
import type { AvoidOverlap, EditResult, Position, Topological } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import { fillAreaFields, prepareAttributes } from './attributes.js';
import type { EditContext } from './context.js';
import type { Attributes } from './features.js';
import { applyAvoidOverlap, requireValid, writeGeometry } from './features-ops.js';
import { cloneMultiPolygon, multiPolygonWkb, readPolygons, type MultiPolygon, type Polygon, type XY } from './geometry.js';
import { addTopologicalPoints, sharedSuffix } from './topology.js';

export function addPart(ctx: EditContext, input: { layerId: number; fid: number; rings: Position[][]; avoidOverlap?: AvoidOverlap; topological?: Topological }): EditResult {
  const t = ctx.table(input.layerId);
  const label = t.label(input.fid);
  const current = t.geometry(input.fid);
  const part: Polygon = input.rings.map((r) => ctx.ring(r));
  return ctx.history.run('addPart', (tx) => {
    let partWkb = multiPolygonWkb([part]);
    requireValid(ctx, partWkb, { zh: `${label.zh} 的新部件`, en: `the new part of ${label.en}` });
    partWkb = applyAvoidOverlap(ctx, tx, partWkb, input.avoidOverlap, [{ layerId: input.layerId, fid: input.fid }], { zh: `${label.zh} 的新部件`, en: `the new part of ${label.en}` });
    const currentWkb = multiPolygonWkb(current);
    let result;
    if (ctx.geos.overlapArea(currentWkb, partWkb) > 0 || ctx.geos.validity(multiPolygonWkb([...current, ...readPolygons(partWkb)])).valid === false) {
      // Overlapping or touching along an edge: a multipolygon of the two would be invalid, so they are united.
      result = ctx.geos.union(currentWkb, partWkb);
      tx.warn({ code: 'parts_merged', zh: '新部件与原有部件相交或相邻，已合并为一体', en: 'The new part overlaps or touches an existing part and was merged with it', layerId: input.layerId, fid: input.fid });
    } else {
      result = multiPolygonWkb([...current, ...readPolygons(partWkb)]);
    }
    if (!result) throw new WorkbenchError('EMPTY_RESULT', `${label.zh} 添加部件后为空 / ${label.en} is empty after adding the part`);
    writeGeometry(ctx, tx, input.layerId, input.fid, readPolygons(result));
    const shared = sharedSuffix(addTopologicalPoints(ctx, tx, input.layerId, input.fid, current, input.topological));
    return { zh: `为 ${label.zh} 添加部件${shared.zh}`, en: `Added a part to ${label.en}${shared.en}` };
  });
}

export function addHole(ctx: EditContext, input: { layerId: number; fid: number; ring: Position[] }): EditResult {
  const t = ctx.table(input.layerId);
  const label = t.label(input.fid);
  const current = t.geometry(input.fid);
  const hole = ctx.ring(input.ring);
  const holeWkb = multiPolygonWkb([[hole]]);
  requireValid(ctx, holeWkb, { zh: `${label.zh} 的洞`, en: `the hole in ${label.en}` });
  return ctx.history.run('addHole', (tx) => {
    // The hole must lie inside one part (QGIS "add ring"); then it is simply appended to that part's rings.
    const partIndex = current.findIndex((p) => ctx.geos.within(holeWkb, multiPolygonWkb([[p[0]!]])));
    if (partIndex < 0) {
      throw new WorkbenchError('BAD_REQUEST', `洞必须完全位于 ${label.zh} 的一个部件之内 / The hole must lie inside one part of ${label.en}`);
    }
    const appended = cloneMultiPolygon(current);
    appended[partIndex]!.push(hole);
    let geom = appended;
    if (!ctx.geos.validity(multiPolygonWkb(appended)).valid) {
      // It overlaps an existing hole or touches the part's edge: let GEOS cut it instead (holes merge).
      const cut = ctx.geos.difference(multiPolygonWkb(current), holeWkb);
      if (!cut) throw new WorkbenchError('EMPTY_RESULT', `${label.zh} 挖洞后为空 / ${label.en} is empty after cutting the hole`);
      geom = readPolygons(cut);
    }
    writeGeometry(ctx, tx, input.layerId, input.fid, geom);
    return { zh: `在 ${label.zh} 中挖洞`, en: `Cut a hole in ${label.en}` };
  });
}

/** [part, ring] of the hole (ring ≥ 1) of the geometry that contains the point, or null. */
function holeAt(ctx: EditContext, geometry: MultiPolygon, p: XY): [number, number] | null {
  for (let i = 0; i < geometry.length; i++) {
    for (let j = 1; j < geometry[i]!.length; j++) {
      if (ctx.geos.containsPoint(multiPolygonWkb([[geometry[i]![j]!]]), p)) return [i, j];
    }
  }
  return null;
}

/**
 * The feature of the layer one of whose holes contains the position (where the fill-ring tool was clicked), or null.
 * Asked of main so that a big layer drawn from tiles needs no geometry of its own in the renderer.
 */
export function featureWithHoleAt(ctx: EditContext, input: { layerId: number; position: Position }): { fid: number } | null {
  const [p] = ctx.projector.resolve([input.position]);
  const t = ctx.table(input.layerId);
  for (const fid of ctx.candidates(input.layerId, [p![0], p![1], p![0], p![1]]).sort((a, b) => a - b)) {
    if (holeAt(ctx, t.geometry(fid), p!)) return { fid };
  }
  return null;
}

/**
 * Fills a hole: removes it (mode 'remove'), or keeps it and creates a new feature with its shape (mode 'newFeature',
 * QGIS "fill ring"), in the same layer or another one. The hole is given by part and ring (≥ 1), or by a position
 * inside it.
 */
export function fillRing(ctx: EditContext, input: { layerId: number; fid: number; part?: number; ring?: number; at?: Position;
  mode?: 'remove' | 'newFeature'; newFeature?: { layerId?: number; attributes?: Attributes } }): EditResult {
  const t = ctx.table(input.layerId);
  const label = t.label(input.fid);
  const current = t.geometry(input.fid);
  let pi = input.part, ri = input.ring;
  if (input.at) {
    const [p] = ctx.projector.resolve([input.at]);
    const at = holeAt(ctx, current, p!);
    if (at) [pi, ri] = at;
  }
  const hole = pi !== undefined && ri !== undefined && ri >= 1 ? current[pi]?.[ri] : undefined;
  if (!hole) throw new WorkbenchError('BAD_REQUEST', `${label.zh} 在该处没有洞 / ${label.en} has no hole there`);
  const mode = input.mode ?? 'remove';
  return ctx.history.run('fillRing', (tx) => {
    if (mode === 'remove') {
      const geom = cloneMultiPolygon(current);
      geom[pi!]!.splice(ri!, 1);
      writeGeometry(ctx, tx, input.layerId, input.fid, geom);
      return { zh: `填充 ${label.zh} 的洞`, en: `Filled a hole of ${label.en}` };
    }
    const target = input.newFeature?.layerId ?? input.layerId;
    const layer = ctx.layer(target);
    const what = { zh: `填充洞的新${layer.name}要素`, en: `the new ${layer.nameEn} feature filling the hole` };
    const attrs = prepareAttributes(ctx.ws, layer, input.newFeature?.attributes ?? {}, { what: what.zh, whatEn: what.en });
    // The hole's ring verbatim: the new feature and the holed one share that boundary vertex for vertex.
    const wkb = multiPolygonWkb([[hole.map((v) => [v[0], v[1]])]]);
    requireValid(ctx, wkb, what);
    const fid = tx.create(target, fillAreaFields(ctx.db, ctx.ws.srid, layer, attrs, wkb), wkb);
    const l = ctx.table(target).label(fid);
    return { zh: `以 ${label.zh} 的洞新建 ${l.zh}`, en: `Created ${l.en} filling a hole of ${label.en}` };
  });
}
