// Tracing along existing boundaries: the rings of the features near the two clicks become a planar graph (nodes
// are exact coordinates, so a boundary two parcels share is one edge), and the path is the shortest one along it
// (Dijkstra). A vertex of one feature lying on an edge of another (a T-junction) splits that edge, and two edges
// that cross (a village boundary across a parcel edge) are split at their crossing, so the trace can turn there.
// Pure and coordinate-exact: the path's vertices are the features' own vertices, bit for bit, except computed
// crossings, which lie on both edges to floating precision.
import { closestOnSegment, segmentIntersection, type XY } from './geometry.js';

export interface TraceRing { ref: number; xy: Float64Array }

interface Edge { to: number; length: number; refs: number[] }

/** Distance below which a vertex counts as lying on another feature's edge (metres). */
const ON_EDGE_EPS = 1e-6;

export class BoundaryGraph {
  readonly nodes: XY[] = [];
  private readonly index = new Map<string, number>();
  private readonly adj: Map<number, Edge>[] = [];

  static build(rings: readonly TraceRing[]): BoundaryGraph {
    const g = new BoundaryGraph();
    // Segments, deduplicated (a shared boundary appears once per neighbour).
    const segs: { a: XY; b: XY; refs: number[] }[] = [];
    const seen = new Map<string, number>();
    const vertices = new Map<string, XY>();
    for (const r of rings) {
      for (let i = 0; i + 3 < r.xy.length; i += 2) {
        const a: XY = [r.xy[i]!, r.xy[i + 1]!], b: XY = [r.xy[i + 2]!, r.xy[i + 3]!];
        if (a[0] === b[0] && a[1] === b[1]) continue;
        const ka = key(a), kb = key(b);
        vertices.set(ka, a);
        vertices.set(kb, b);
        const k = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        const at = seen.get(k);
        if (at !== undefined) { if (!segs[at]!.refs.includes(r.ref)) segs[at]!.refs.push(r.ref); continue; }
        seen.set(k, segs.length);
        segs.push({ a, b, refs: [r.ref] });
      }
    }
    // T-junctions: vertices lying on other segments split them (uniform grid over the segments).
    const splits = findSplits(segs, [...vertices.values()]);
    segs.forEach((s, i) => {
      const pts = [s.a, ...(splits.get(i) ?? []).sort((p, q) => p.t - q.t).map((p) => p.v), s.b];
      for (let j = 1; j < pts.length; j++) g.addEdge(pts[j - 1]!, pts[j]!, s.refs);
    });
    return g;
  }

  node(p: XY): number {
    const k = key(p);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push([p[0], p[1]]);
      this.index.set(k, i);
      this.adj.push(new Map());
    }
    return i;
  }

  find(p: XY): number | undefined {
    return this.index.get(key(p));
  }

  addEdge(a: XY, b: XY, refs: number[]): void {
    const i = this.node(a), j = this.node(b);
    if (i === j) return;
    const length = Math.hypot(a[0] - b[0], a[1] - b[1]);
    const existing = this.adj[i]!.get(j);
    if (existing) { for (const r of refs) if (!existing.refs.includes(r)) existing.refs.push(r); return; }
    this.adj[i]!.set(j, { to: j, length, refs: [...refs] });
    this.adj[j]!.set(i, { to: i, length, refs: [...refs] });
  }

  private removeEdge(i: number, j: number): void {
    this.adj[i]!.delete(j);
    this.adj[j]!.delete(i);
  }

  get edgeCount(): number {
    return this.adj.reduce((s, m) => s + m.size, 0) / 2;
  }

  /**
   * Makes p a node: an existing node, or a point on an edge within `tolerance` (the edge is split there; the point
   * is projected onto it when it is not already on it). Returns the node, or undefined when p is on no boundary.
   */
  attach(p: XY, tolerance: number): number | undefined {
    const existing = this.find(p);
    if (existing !== undefined) return existing;
    let best: { i: number; j: number; point: XY; d: number; refs: number[] } | null = null;
    this.adj.forEach((m, i) => {
      for (const e of m.values()) {
        if (e.to < i) continue;
        const c = closestOnSegment(p, this.nodes[i]!, this.nodes[e.to]!);
        if (c.distance <= tolerance && (!best || c.distance < best.d)) best = { i, j: e.to, point: c.distance <= ON_EDGE_EPS ? p : c.point, d: c.distance, refs: e.refs };
      }
    });
    if (!best) return undefined;
    const b = best as { i: number; j: number; point: XY; d: number; refs: number[] };
    const k = this.find(b.point);
    if (k !== undefined) return k;
    this.removeEdge(b.i, b.j);
    this.addEdge(this.nodes[b.i]!, b.point, b.refs);
    this.addEdge(b.point, this.nodes[b.j]!, b.refs);
    return this.find(b.point);
  }

  /** Shortest path between two nodes: the node coordinates in order, its length, and the refs of its edges. */
  shortestPath(from: number, to: number): { path: XY[]; length: number; refs: number[] } | null {
    const n = this.nodes.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const prevEdge: (Edge | null)[] = new Array(n).fill(null);
    const heap = new MinHeap();
    dist[from] = 0;
    heap.push(from, 0);
    while (heap.size) {
      const [u, d] = heap.pop();
      if (d > dist[u]!) continue;
      if (u === to) break;
      for (const e of this.adj[u]!.values()) {
        const nd = d + e.length;
        if (nd < dist[e.to]!) { dist[e.to] = nd; prev[e.to] = u; prevEdge[e.to] = e; heap.push(e.to, nd); }
      }
    }
    if (dist[to] === Infinity) return null;
    const path: XY[] = [];
    const refs = new Set<number>();
    for (let v = to; v !== -1; v = prev[v]!) {
      path.push(this.nodes[v]!);
      for (const r of prevEdge[v]?.refs ?? []) refs.add(r);
      if (v === from) break;
    }
    path.reverse();
    return { path, length: dist[to]!, refs: [...refs] };
  }
}

function key(p: XY): string {
  return `${p[0]},${p[1]}`;
}

function findSplits(segs: { a: XY; b: XY }[], vertices: XY[]): Map<number, { t: number; v: XY }[]> {
  const out = new Map<number, { t: number; v: XY }[]>();
  if (!segs.length) return out;
  let total = 0, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of segs) {
    total += Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1]);
    x0 = Math.min(x0, s.a[0], s.b[0]); x1 = Math.max(x1, s.a[0], s.b[0]);
    y0 = Math.min(y0, s.a[1], s.b[1]); y1 = Math.max(y1, s.a[1], s.b[1]);
  }
  // Cells about one segment long, but never more than 512 a side (long diagonal edges would fill too many).
  const cell = Math.max(total / segs.length, (x1 - x0) / 512, (y1 - y0) / 512, 1e-3);
  const grid = new Map<string, number[]>();
  segs.forEach((s, i) => {
    const x0 = Math.floor(Math.min(s.a[0], s.b[0]) / cell), x1 = Math.floor(Math.max(s.a[0], s.b[0]) / cell);
    const y0 = Math.floor(Math.min(s.a[1], s.b[1]) / cell), y1 = Math.floor(Math.max(s.a[1], s.b[1]) / cell);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
      const k = `${x},${y}`;
      const list = grid.get(k);
      if (list) list.push(i); else grid.set(k, [i]);
    }
  });
  const addSplit = (i: number, t: number, v: XY) => {
    const l = out.get(i);
    if (l) { if (!l.some((q) => q.v[0] === v[0] && q.v[1] === v[1])) l.push({ t, v }); } else out.set(i, [{ t, v }]);
  };
  // Proper crossings: each pair once (the pair meets in several cells only when both are long).
  const pairs = new Set<number>();
  for (const list of grid.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const i = Math.min(list[x]!, list[y]!), j = Math.max(list[x]!, list[y]!);
      const pk = i * segs.length + j;
      if (pairs.has(pk)) continue;
      pairs.add(pk);
      const s = segs[i]!, u = segs[j]!;
      const hit = segmentIntersection(s.a, s.b, u.a, u.b);
      if (hit && hit.t > 0 && hit.t < 1 && hit.u > 0 && hit.u < 1) {
        addSplit(i, hit.t, hit.point);
        addSplit(j, hit.u, hit.point);
      }
    }
  }
  for (const v of vertices) {
    const list = grid.get(`${Math.floor(v[0] / cell)},${Math.floor(v[1] / cell)}`);
    if (!list) continue;
    for (const i of list) {
      const s = segs[i]!;
      if ((s.a[0] === v[0] && s.a[1] === v[1]) || (s.b[0] === v[0] && s.b[1] === v[1])) continue;
      const c = closestOnSegment(v, s.a, s.b);
      if (c.t > 0 && c.t < 1 && c.distance <= ON_EDGE_EPS) addSplit(i, c.t, v);
    }
  }
  return out;
}

class MinHeap {
  private readonly items: number[] = [];
  private readonly keys: number[] = [];
  get size(): number { return this.items.length; }
  push(item: number, k: number): void {
    this.items.push(item); this.keys.push(k);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= this.keys[i]!) break;
      this.swap(i, p); i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.items[0]!, this.keys[0]!];
    const lastItem = this.items.pop()!, lastKey = this.keys.pop()!;
    if (this.items.length) {
      this.items[0] = lastItem; this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < this.items.length && this.keys[l]! < this.keys[m]!) m = l;
        if (r < this.items.length && this.keys[r]! < this.keys[m]!) m = r;
        if (m === i) break;
        this.swap(i, m); i = m;
      }
    }
    return top;
  }
  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j]!, this.items[i]!];
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
  }
}
