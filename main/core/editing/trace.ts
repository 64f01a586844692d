// snap.trace: the path along existing boundaries (a village boundary, a parcel edge, several parcels' shared edges)
// between two points on them, the shortest way round. The graph is built from the features near the two points
// (their whole rings, so the way round one parcel is always there) in the chosen layers.
import type { FeatureRef, Position, SnapExclude, TraceResult } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import type { XY } from './geometry.js';
import { resolveExclude, type SnapService } from './snap.js';
import { BoundaryGraph, type TraceRing } from './trace-graph.js';

/** Beyond this many boundary segments the trace is refused (zoom in, or pick fewer layers). */
const MAX_SEGMENTS = 400_000;

export function trace(ctx: EditContext, snap: SnapService, input: { from: Position; to: Position; layerIds: number[]; toleranceM?: number; exclude?: SnapExclude }): TraceResult {
  const tol = input.toleranceM ?? 0.01;
  const [a, b] = input.from.length >= 4 && input.to.length >= 4
    ? [[input.from[2]!, input.from[3]!] as XY, [input.to[2]!, input.to[3]!] as XY]
    : (ctx.projector.project([[input.from[0]!, input.from[1]!], [input.to[0]!, input.to[1]!]]).map((p, i) => {
      const q = i === 0 ? input.from : input.to;
      return q.length >= 4 ? [q[2]!, q[3]!] as XY : p;
    }) as [XY, XY]);
  const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const margin = Math.max(0.5 * d, 20);
  const box: [number, number, number, number] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
  const rings: TraceRing[] = [];
  const refs: FeatureRef[] = [];
  let segments = 0;
  // Excluded features are left out of the graph (excluded positions only concern snapping).
  const ex = resolveExclude(ctx, input.exclude);
  for (const layerId of new Set(input.layerIds)) {
    const skip = ex.fids.get(layerId);
    for (const f of snap.featuresNear(layerId, box, margin)) {
      if (skip?.has(f.fid)) continue;
      const ref = refs.length;
      refs.push({ layerId, fid: f.fid });
      for (const r of f.rings) { rings.push({ ref, xy: r.xy }); segments += r.xy.length / 2 - 1; }
      if (segments > MAX_SEGMENTS) {
        throw new WorkbenchError('NO_PATH', `追踪范围内边界过多（> ${MAX_SEGMENTS} 段），请放大或减少图层 / Too many boundary segments to trace (> ${MAX_SEGMENTS}); zoom in or pick fewer layers`);
      }
    }
  }
  const graph = BoundaryGraph.build(rings);
  const from = graph.attach(a, tol);
  const to = graph.attach(b, tol);
  if (from === undefined || to === undefined) {
    throw new WorkbenchError('NO_PATH', `${from === undefined ? '起点' : '终点'}不在所选图层的边界上 / The ${from === undefined ? 'start' : 'end'} point is not on a boundary of the chosen layers`);
  }
  const found = graph.shortestPath(from, to);
  if (!found) throw new WorkbenchError('NO_PATH', '两点之间没有相连的边界 / No connected boundary between the two points');
  return {
    path: ctx.projector.positions(found.path),
    lengthM: found.length,
    features: found.refs.map((r) => refs[r]!),
  };
}
