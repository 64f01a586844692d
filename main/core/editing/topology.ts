// Topological editing's "add vertices to neighbours" (QGIS: topological editing adds topological points): a new
// vertex that lies on an edge of a neighbour (a snap to the neighbour's edge, a split line's crossing) is inserted
// into that edge, bit for bit, in the same step. Without it the two features meet in a T-junction: no gap, but
// boundaries that do not share vertices, which coverage checks and later topological edits cannot match.
import type { Topological } from '../../../shared/contract/editing.js';
import type { EditContext } from './context.js';
import { requireValid } from './features-ops.js';
import type { EditTx } from './history.js';
import { multiPolygonWkb, type MultiPolygon, type XY } from './geometry.js';
import { edgesNear, insertVertex, verticesNear } from './vertex-ops.js';

/** A point computed on an edge (a ⋅ (1 − t) + b ⋅ t) lies on it to about 1e-8 m at Gauss–Krüger magnitudes. */
export const ON_EDGE_M = 1e-6;

/** Vertices of `after` that `before` does not have (exact coordinates), each once. */
export function newVertices(after: MultiPolygon, before: MultiPolygon | null): XY[] {
  const old = new Set<string>();
  if (before) for (const p of before) for (const r of p) for (const v of r) old.add(`${v[0]},${v[1]}`);
  const seen = new Set<string>();
  const out: XY[] = [];
  for (const p of after) for (const r of p) for (const v of r) {
    const k = `${v[0]},${v[1]}`;
    if (old.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push([v[0], v[1]]);
  }
  return out;
}

/**
 * Inserts each point into the edges of the features of the topological layers it lies on (within the tolerance,
 * at least ON_EDGE_M), except the features in `skip` ("layerId:fid"). A feature that already has the point as a
 * vertex is left alone. Every changed neighbour is checked (valid) and written through the edit. Returns the
 * neighbours changed.
 */
export function insertIntoNeighbours(ctx: EditContext, tx: EditTx, points: readonly XY[], topo: Topological, skip: ReadonlySet<string>): { layerId: number; fid: number }[] {
  if (!points.length) return [];
  const tol = Math.max(topo.toleranceM, ON_EDGE_M);
  const read = new Map<string, { layerId: number; fid: number; geom: MultiPolygon; changed: boolean }>();
  for (const v of points) {
    for (const layerId of new Set(topo.layerIds)) {
      for (const fid of ctx.candidates(layerId, [v[0], v[1], v[0], v[1]], tol)) {
        const key = `${layerId}:${fid}`;
        if (skip.has(key)) continue;
        let w = read.get(key);
        if (!w) read.set(key, w = { layerId, fid, geom: ctx.table(layerId).geometry(fid), changed: false });
        for (const p of w.geom) for (const r of p) {
          if (verticesNear(r, v, 0).length) continue;
          // Highest index first, so earlier indices stay valid (a ring rarely passes twice, but it may).
          for (const ei of edgesNear(r, v, tol).reverse()) {
            insertVertex(r, ei + 1, v);
            w.changed = true;
          }
        }
      }
    }
  }
  const changed = [...read.values()].filter((w) => w.changed);
  for (const w of changed) {
    const wkb = multiPolygonWkb(w.geom);
    requireValid(ctx, wkb, ctx.table(w.layerId).label(w.fid));
    tx.updateGeometry(w.layerId, w.fid, wkb);
  }
  return changed.map(({ layerId, fid }) => ({ layerId, fid }));
}

/**
 * After a feature's geometry was written: its vertices that are new (not in `before`) go into the neighbours'
 * edges they lie on. `skip` adds features never to touch (the other pieces of a split, the features moved along).
 * Returns how many neighbours changed (0 without topological editing).
 */
export function addTopologicalPoints(ctx: EditContext, tx: EditTx, layerId: number, fid: number, before: MultiPolygon | null,
  topo: Topological | undefined, skip: readonly { layerId: number; fid: number }[] = []): number {
  if (!topo) return 0;
  const after = ctx.table(layerId).geometry(fid);
  const keys = new Set([`${layerId}:${fid}`, ...skip.map((s) => `${s.layerId}:${s.fid}`)]);
  return insertIntoNeighbours(ctx, tx, newVertices(after, before), topo, keys).length;
}

/** The words a summary gets when neighbours received shared vertices. */
export function sharedSuffix(n: number): { zh: string; en: string } {
  return n > 0
    ? { zh: `（另在 ${n} 个相邻要素中插入共享节点）`, en: ` (shared vertices added to ${n} neighbouring feature${n > 1 ? 's' : ''})` }
    : { zh: '', en: '' };
}
