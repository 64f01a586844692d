// Vertex editing: move, insert on an edge, delete; several at once (moving a selection of vertices is a list of
// moves); and topological editing, where the same operation is applied to every feature of the chosen layers that
// shares the vertex (or the edge, for an insert) within the tolerance, so neighbouring parcels stay glued. The
// whole thing is one step of the edit history however many features it touched.
import type { AvoidOverlap, EditResult, FeatureGeometry, Topological, VertexOp } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { writeGeometry } from './features-ops.js';
import { cloneMultiPolygon, type MultiPolygon, type XY } from './geometry.js';
import { addTopologicalPoints, sharedSuffix } from './topology.js';
import { dedupeRing, deleteVertex, edgesNear, insertVertex, moveVertex, verticesNear, VertexOpError } from './vertex-ops.js';

export function featureGeometry(ctx: EditContext, layerId: number, fid: number): FeatureGeometry {
  const mp = ctx.table(layerId).geometry(fid);
  const flat = mp.flat(2);
  const positions = ctx.projector.positions(flat);
  let i = 0;
  return { layerId, fid, parts: mp.map((p) => p.map((r) => r.map(() => positions[i++]!))) };
}

export function editVertices(ctx: EditContext, input: { layerId: number; fid: number; ops: VertexOp[]; topological?: Topological; avoidOverlap?: AvoidOverlap }): EditResult {
  const t = ctx.table(input.layerId);
  const label = t.label(input.fid);
  const key = (layerId: number, fid: number) => `${layerId}:${fid}`;
  const work = new Map<string, { layerId: number; fid: number; geom: MultiPolygon }>();
  const load = (layerId: number, fid: number) => {
    let w = work.get(key(layerId, fid));
    if (!w) work.set(key(layerId, fid), w = { layerId, fid, geom: cloneMultiPolygon(ctx.table(layerId).geometry(fid)) });
    return w;
  };
  const primary = load(input.layerId, input.fid);
  const resolved = ctx.projector.resolve(input.ops.flatMap((op) => (op.op === 'move' ? [op.to] : op.op === 'insert' ? [op.at] : [])));
  let k = 0;
  const topo = input.topological;

  /** Features of the topological layers near p (the primary included: its other parts may share the vertex). */
  const neighbours = (p: XY) => {
    if (!topo) return [];
    const tol = topo.toleranceM;
    const box: [number, number, number, number] = [p[0], p[1], p[0], p[1]];
    return [...new Set(topo.layerIds)].flatMap((layerId) => ctx.candidates(layerId, box, tol + 1e-6).map((fid) => load(layerId, fid)));
  };

  try {
    for (const op of input.ops) {
      const ring = primary.geom[op.part]?.[op.ring];
      if (!ring) throw new VertexOpError(`part ${op.part} ring ${op.ring} does not exist`);
      if (op.op === 'move') {
        const to = resolved[k++]!;
        if (op.index >= ring.length - 1) throw new VertexOpError(`vertex index ${op.index} is outside the ring`);
        const from: XY = [ring[op.index]![0], ring[op.index]![1]];
        moveVertex(ring, op.index, to);
        for (const w of neighbours(from)) {
          w.geom.forEach((p, pi) => p.forEach((r, ri) => {
            for (const vi of verticesNear(r, from, topo!.toleranceM)) {
              if (w === primary && pi === op.part && ri === op.ring) continue;
              moveVertex(r, vi, to);
            }
          }));
        }
      } else if (op.op === 'insert') {
        const at = resolved[k++]!;
        insertVertex(ring, op.index, at);
        for (const w of neighbours(at)) {
          w.geom.forEach((p, pi) => p.forEach((r, ri) => {
            if (w === primary && pi === op.part && ri === op.ring) return;
            if (verticesNear(r, at, topo!.toleranceM).length) return;
            // Highest index first, so earlier indices stay valid (a ring rarely passes twice, but it may).
            for (const ei of edgesNear(r, at, topo!.toleranceM).reverse()) insertVertex(r, ei + 1, at);
          }));
        }
      } else {
        if (op.index >= ring.length - 1) throw new VertexOpError(`vertex index ${op.index} is outside the ring`);
        const at: XY = [ring[op.index]![0], ring[op.index]![1]];
        deleteVertex(ring, op.index);
        for (const w of neighbours(at)) {
          w.geom.forEach((p, pi) => p.forEach((r, ri) => {
            if (w === primary && pi === op.part && ri === op.ring) return;
            for (const vi of verticesNear(r, at, topo!.toleranceM).reverse()) deleteVertex(r, vi);
          }));
        }
      }
    }
  } catch (e) {
    if (e instanceof VertexOpError) throw new WorkbenchError('BAD_REQUEST', `无法编辑 ${label.zh} 的顶点：${e.message} / Cannot edit the vertices of ${label.en}: ${e.message}`);
    throw e;
  }

  const original = new Map([...work.values()].map((w) => [key(w.layerId, w.fid), ctx.table(w.layerId).geometry(w.fid)]));
  return ctx.history.run(topo ? 'vertices.topological' : 'vertices', (tx) => {
    let others = 0;
    for (const w of work.values()) {
      const geom = w.geom.map((p) => p.map(dedupeRing));
      if (JSON.stringify(geom) === JSON.stringify(original.get(key(w.layerId, w.fid)))) continue;
      const isPrimary = w === primary;
      if (!isPrimary) others++;
      writeGeometry(ctx, tx, w.layerId, w.fid, geom, isPrimary ? input.avoidOverlap : undefined);
    }
    // A vertex moved onto a neighbour's edge (an edge snap) goes into that edge too: no T-junction.
    const inserted = addTopologicalPoints(ctx, tx, input.layerId, input.fid, original.get(key(input.layerId, input.fid))!, topo);
    const n = input.ops.length;
    const what = n === 1 ? { zh: { move: '移动', insert: '添加', delete: '删除' }[input.ops[0]!.op] + '顶点', en: { move: 'Moved a vertex', insert: 'Added a vertex', delete: 'Deleted a vertex' }[input.ops[0]!.op] }
      : { zh: `编辑 ${n} 个顶点`, en: `Edited ${n} vertices` };
    const shared = others ? { zh: `（共享顶点，另 ${others} 个要素随之修改）`, en: ` (shared: ${others} more feature${others > 1 ? 's' : ''} changed with it)` } : sharedSuffix(inserted);
    return { zh: `${what.zh}：${label.zh}${shared.zh}`, en: `${what.en} of ${label.en}${shared.en}` };
  });
}
