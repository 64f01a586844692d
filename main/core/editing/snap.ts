// Snapping (snap.query): the nearest vertex within the tolerance, else the nearest intersection of two edges, else
// the nearest point on an edge, over the chosen layers. Candidates come from each layer's SpatiaLite R*Tree (one
// indexed lookup of the tolerance box); their rings are parsed once into flat Float64Arrays and kept in a bounded
// cache keyed by the layer's revision, so a mouse that hovers over the same parcels costs only arithmetic.
// Measured on 200,000 parcels (scripts/bench-snap.mjs): well under a millisecond per query, see docs/editing.md.
import type { Position, SnapExclude, SnapTarget } from '../../../shared/contract/editing.js';
import type { Stmt } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { quoteId } from './features.js';
import type { XY } from './geometry.js';

/** One ring of a cached feature: flat closed coordinates [x0, y0, …, x0, y0]. */
export interface FlatRing { part: number; ring: number; xy: Float64Array }
export interface FlatFeature { fid: number; rings: FlatRing[]; vertices: number }

/** Reads (Multi)Polygon WKB straight into flat rings (either byte order, 2D). */
export function flatRings(wkb: Uint8Array): FlatRing[] {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const out: FlatRing[] = [];
  let o = 0, part = -1;
  const geom = (): void => {
    const le = view.getUint8(o) === 1;
    const type = view.getUint32(o + 1, le) % 1000;
    o += 5;
    if (type === 3) {
      part++;
      const nr = view.getUint32(o, le); o += 4;
      for (let r = 0; r < nr; r++) {
        const n = view.getUint32(o, le); o += 4;
        const xy = new Float64Array(n * 2);
        for (let i = 0; i < n * 2; i++) { xy[i] = view.getFloat64(o, le); o += 8; }
        out.push({ part, ring: r, xy });
      }
    } else if (type === 6 || type === 7) {
      const n = view.getUint32(o, le); o += 4;
      for (let i = 0; i < n; i++) geom();
    } else {
      throw new Error(`unsupported WKB geometry type ${type}`);
    }
  };
  geom();
  return out;
}

/** Vertices kept in the cache over all layers; beyond it the least recently used features go. */
const CACHE_MAX_VERTICES = 4_000_000;

interface LayerCache { revision: number; features: Map<number, FlatFeature> }

export interface SnapQuery {
  position: Position;
  toleranceM: number;
  layerIds: number[];
  /** Which targets to consider (default all three). */
  kinds?: ('vertex' | 'intersection' | 'edge')[];
  /** Features, and vertices at exact positions (with the edges ending there), that are not targets. */
  exclude?: SnapExclude;
}

/** An exclusion resolved to workspace coordinates: fids per layer and exact points. */
export interface ResolvedExclude { fids: Map<number, Set<number>>; points: XY[] }

export function resolveExclude(ctx: EditContext, exclude: SnapExclude | undefined): ResolvedExclude {
  const fids = new Map<number, Set<number>>();
  for (const f of exclude?.features ?? []) {
    let set = fids.get(f.layerId);
    if (!set) fids.set(f.layerId, set = new Set());
    for (const fid of f.fids) set.add(fid);
  }
  const points = exclude?.positions?.length ? ctx.projector.resolve(exclude.positions) : [];
  return { fids, points };
}

/** Is (x, y) one of the excluded points (exactly)? */
function excludedPoint(points: readonly XY[], x: number, y: number): boolean {
  for (const p of points) if (p[0] === x && p[1] === y) return true;
  return false;
}

interface Hit { layerId: number; fid: number; part: number; ring: number; index: number; x: number; y: number; d: number }

export class SnapService {
  private readonly caches = new Map<number, LayerCache>();
  /** Per SQL table: a scheme's first edit of a shared layer moves it to its own table. */
  private readonly select = new Map<string, Stmt>();
  private readonly revisionOf: Stmt;
  private cachedVertices = 0;

  constructor(private readonly ctx: EditContext) {
    // Only the revision is needed per query (not the whole LayerInfo): less garbage on the mouse-move path.
    this.revisionOf = ctx.db.prepare<unknown[]>(`SELECT t.revision FROM sx_scheme_layers s JOIN sx_layer_tables t ON t.table_name = s.table_name
      WHERE s.scheme_id = ${Math.trunc(ctx.scheme)} AND s.layer_id = ?`).pluck();
  }

  /** Features of a layer near a workspace point (from the cache, loading what is missing). */
  featuresNear(layerId: number, bbox: [number, number, number, number], expand: number): FlatFeature[] {
    const revision = this.revisionOf.get(layerId) as number | undefined;
    if (revision === undefined) throw new WorkbenchError('UNKNOWN_LAYER', `No layer with id ${layerId} in this workspace`);
    let cache = this.caches.get(layerId);
    if (!cache || cache.revision !== revision) {
      if (cache) for (const f of cache.features.values()) this.cachedVertices -= f.vertices;
      this.caches.set(layerId, cache = { revision, features: new Map() });
    }
    const table = this.ctx.table(layerId).table;
    let stmt = this.select.get(table);
    if (!stmt) {
      stmt = this.ctx.db.prepare<unknown[]>(`SELECT AsBinary(geom) FROM ${quoteId(table)} WHERE fid = ?`).pluck();
      this.select.set(table, stmt);
    }
    const out: FlatFeature[] = [];
    for (const fid of this.ctx.candidates(layerId, bbox, expand)) {
      let f = cache.features.get(fid);
      if (f) {
        cache.features.delete(fid); // re-insert: most recently used last
      } else {
        const wkb = stmt.get(fid) as Buffer | null;
        const rings = wkb ? flatRings(wkb) : [];
        f = { fid, rings, vertices: rings.reduce((s, r) => s + r.xy.length / 2, 0) };
        this.cachedVertices += f.vertices;
      }
      cache.features.set(fid, f);
      out.push(f);
    }
    this.evict();
    return out;
  }

  private evict(): void {
    while (this.cachedVertices > CACHE_MAX_VERTICES) {
      const biggest = [...this.caches.values()].sort((a, b) => b.features.size - a.features.size)[0];
      const first = biggest?.features.entries().next();
      if (!biggest || !first || first.done) break;
      biggest.features.delete(first.value[0]);
      this.cachedVertices -= first.value[1].vertices;
    }
  }

  /** Drops cached features of a layer (after an edit; the revision check would catch it too). */
  invalidate(layerId: number): void {
    const c = this.caches.get(layerId);
    if (c) for (const f of c.features.values()) this.cachedVertices -= f.vertices;
    this.caches.delete(layerId);
  }

  query(q: SnapQuery): SnapTarget | null {
    const tol = q.toleranceM;
    if (!(tol >= 0)) throw new WorkbenchError('BAD_REQUEST', 'toleranceM must be ≥ 0');
    const p: XY = q.position.length >= 4 ? [q.position[2]!, q.position[3]!] : this.ctx.projector.project([[q.position[0]!, q.position[1]!]])[0]!;
    const kinds = new Set(q.kinds ?? ['vertex', 'intersection', 'edge']);
    const ex = resolveExclude(this.ctx, q.exclude);
    const xp = ex.points;
    const [px, py] = p;
    let vertex: Hit | null = null;
    let edge: Hit | null = null;
    const segs: { h: Hit; ax: number; ay: number; bx: number; by: number }[] = [];
    const tol2 = tol * tol;
    for (const layerId of q.layerIds) {
      const skip = ex.fids.get(layerId);
      for (const f of this.featuresNear(layerId, [px, py, px, py], tol)) {
        if (skip?.has(f.fid)) continue;
        for (const r of f.rings) {
          const xy = r.xy;
          const n = xy.length / 2 - 1;
          for (let i = 0; i < n; i++) {
            const ax = xy[i * 2]!, ay = xy[i * 2 + 1]!, bx = xy[i * 2 + 2]!, by = xy[i * 2 + 3]!;
            // Cheap box reject before any division.
            if (Math.min(ax, bx) - tol > px || Math.max(ax, bx) + tol < px || Math.min(ay, by) - tol > py || Math.max(ay, by) + tol < py) continue;
            // An excluded vertex is no target, nor is an edge ending there (it moves with the vertex).
            const aOut = xp.length > 0 && excludedPoint(xp, ax, ay);
            if (aOut || (xp.length > 0 && excludedPoint(xp, bx, by))) {
              if (!aOut) {
                const dv = Math.hypot(ax - px, ay - py);
                if (dv <= tol && (!vertex || dv < vertex.d)) vertex = { layerId, fid: f.fid, part: r.part, ring: r.ring, index: i, x: ax, y: ay, d: dv };
              }
              continue;
            }
            const dv2 = (ax - px) * (ax - px) + (ay - py) * (ay - py);
            if (dv2 <= tol2 && (!vertex || dv2 < vertex.d * vertex.d)) {
              vertex = { layerId, fid: f.fid, part: r.part, ring: r.ring, index: i, x: ax, y: ay, d: Math.sqrt(dv2) };
            }
            const dx = bx - ax, dy = by - ay;
            const len2 = dx * dx + dy * dy;
            let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            const cx = t === 0 ? ax : t === 1 ? bx : ax + t * dx, cy = t === 0 ? ay : t === 1 ? by : ay + t * dy;
            const de = Math.hypot(px - cx, py - cy);
            if (de <= tol) {
              const h = { layerId, fid: f.fid, part: r.part, ring: r.ring, index: i, x: cx, y: cy, d: de };
              segs.push({ h, ax, ay, bx, by });
              if (!edge || de < edge.d) edge = h;
            }
          }
        }
      }
    }
    let answer: { hit: Hit; kind: SnapTarget['kind']; other?: Hit } | null = null;
    if (vertex && kinds.has('vertex')) answer = { hit: vertex, kind: 'vertex' };
    if (!answer && kinds.has('intersection') && segs.length > 1) {
      let best: { hit: Hit; other: Hit } | null = null;
      for (let i = 0; i < segs.length; i++) {
        for (let j = i + 1; j < segs.length; j++) {
          const s = segs[i]!, u = segs[j]!;
          const x = intersect(s.ax, s.ay, s.bx, s.by, u.ax, u.ay, u.bx, u.by);
          if (!x) continue;
          const d = Math.hypot(x[0] - px, x[1] - py);
          if (d <= tol && (!best || d < best.hit.d)) best = { hit: { ...s.h, x: x[0], y: x[1], d }, other: u.h };
        }
      }
      if (best) answer = { hit: best.hit, kind: 'intersection', other: best.other };
    }
    if (!answer && edge && kinds.has('edge')) answer = { hit: edge, kind: 'edge' };
    if (!answer) return null;
    const { hit } = answer;
    const [position] = this.ctx.projector.positions([[hit.x, hit.y]]);
    return {
      position: position!, kind: answer.kind, layerId: hit.layerId, fid: hit.fid, part: hit.part, ring: hit.ring, index: hit.index, distanceM: hit.d,
      ...(answer.other ? { other: { layerId: answer.other.layerId, fid: answer.other.fid, part: answer.other.part, ring: answer.other.ring, index: answer.other.index } } : {}),
    };
  }
}

/**
 * Proper crossing of two segments (strictly inside both: a shared vertex is a vertex, not an intersection, and
 * collinear overlaps have no single point).
 */
function intersect(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): XY | null {
  const rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qx = cx - ax, qy = cy - ay;
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  if (t <= 0 || t >= 1 || u <= 0 || u >= 1) return null;
  return [ax + t * rx, ay + t * ry];
}
