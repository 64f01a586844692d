// Exact planar relations between two valid polygons, in plain JS: is a parcel disjoint from a line feature (at most
// touching it), wholly covered by it, does it wholly contain it, or do the two really overlap in part? Only the last
// case needs GEOS to clip. On real data most pairs are one of the first three (a parcel deep inside a 城镇开发边界,
// a 永久基本农田 feature copied from a parcel and that parcel's neighbours, which merely share its edges), so the
// overlay engine settles them here without converting anything to GEOS.
//
// The predicates are exact: orientation is computed in floating point with Shewchuk's error bound and, when the
// bound cannot decide, again with BigInt on the exact binary values of the coordinates. So the answers are the
// mathematically true relations of the stored (snapped) coordinates, the same ones GEOS's exact predicates give.
//
// Method: the boundaries are split where they touch (a vertex of one on an edge of the other, shared collinear
// stretches); a proper crossing of two edges means a partial overlap at once. Every remaining piece of boundary lies
// wholly inside, wholly outside, or along the other boundary (in the same or the opposite direction, rings being
// oriented with the interior on the left). Then
//   interiors disjoint  ⟺ no piece of either boundary inside the other and no shared stretch in the same direction;
//   P ⊆ L              ⟺ no piece of ∂P outside L, no piece of ∂L inside P, no shared stretch in opposite directions;
// and symmetrically for L ⊆ P. A piece is placed by an exact ray-crossing test of a point on it that is not on the
// other boundary, or, when both its ends touch the other boundary, by the angular order of the edges around an end.
import type { Polygon, Ring } from './geom.js';
import { polygonArea, ringSignedArea } from './geom.js';

// ---- Exact orientation -------------------------------------------------------------------------------------------

const EPS = 2 ** -53;
const CCW_ERRBOUND = (3 + 16 * EPS) * EPS;

/** Decomposes a finite double into an integer mantissa and a power of two: x = m · 2^e. */
function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  while (!Number.isInteger(x)) { x *= 2; e--; }
  // Large integers: strip trailing factors of two so that exponents stay small.
  while (Math.abs(x) >= 2 ** 53 && x % 2 === 0) { x /= 2; e++; }
  return [BigInt(x), e];
}

function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(decompose);
  const e = Math.min(...parts.map((p) => p[1]));
  const [AX, AY, BX, BY, CX, CY] = parts.map(([m, k]) => m << BigInt(k - e));
  const det = (AX! - CX!) * (BY! - CY!) - (AY! - CY!) * (BX! - CX!);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** Sign of the turn a → b → c: 1 counter-clockwise (c left of ab), −1 clockwise, 0 collinear. Exact. */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detleft = (ax - cx) * (by - cy);
  const detright = (ay - cy) * (bx - cx);
  const det = detleft - detright;
  let detsum: number;
  if (detleft > 0) {
    if (detright <= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    detsum = detleft + detright;
  } else if (detleft < 0) {
    if (detright >= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    detsum = -detleft - detright;
  } else {
    return det > 0 ? 1 : det < 0 ? -1 : 0;
  }
  const bound = CCW_ERRBOUND * detsum;
  if (det >= bound || -det >= bound) return det > 0 ? 1 : -1;
  return orientExact(ax, ay, bx, by, cx, cy);
}

// ---- Validity of the common case ---------------------------------------------------------------------------------

/**
 * True when the geometry is certainly valid for GEOS: one polygon, one closed ring of finite coordinates with at
 * least three distinct vertices, that never touches itself (no two edges meet except consecutive ones at their
 * common vertex, and those do not fold back). Exact. False means "ask GEOS" (holes, several parts, big rings, or
 * really invalid), so the answer combined with GEOS is always GEOS's answer.
 */
export function simpleValid(polys: Polygon[], maxVertices = 256): boolean {
  if (polys.length !== 1 || polys[0]!.length !== 1) return false;
  const r = polys[0]![0]!;
  const m = r.length / 2;
  if (m < 4 || m > maxVertices + 1 || r[0] !== r[r.length - 2] || r[1] !== r[r.length - 1]) return false;
  // Distinct consecutive vertices (repeated points are valid for GEOS).
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < m - 1; i++) {
    const x = r[i * 2]!, y = r[i * 2 + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (xs.length && xs[xs.length - 1] === x && ys[ys.length - 1] === y) continue;
    xs.push(x); ys.push(y);
  }
  while (xs.length > 1 && xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1]) { xs.pop(); ys.pop(); }
  const n = xs.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const ax = xs[i]!, ay = ys[i]!, bx = xs[(i + 1) % n]!, by = ys[(i + 1) % n]!;
    // The next edge b → c must not fold back onto a → b.
    const cx = xs[(i + 2) % n]!, cy = ys[(i + 2) % n]!;
    if (orient(ax, ay, bx, by, cx, cy) === 0 && (Math.sign(bx - ax) !== Math.sign(cx - bx) || Math.sign(by - ay) !== Math.sign(cy - by))) {
      return false; // collinear and turning back (the signs of differences are exact)
    }
    const ex0 = Math.min(ax, bx), ex1 = Math.max(ax, bx), ey0 = Math.min(ay, by), ey1 = Math.max(ay, by);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing vertex
      const px = xs[j]!, py = ys[j]!, qx = xs[(j + 1) % n]!, qy = ys[(j + 1) % n]!;
      if (Math.max(px, qx) < ex0 || Math.min(px, qx) > ex1 || Math.max(py, qy) < ey0 || Math.min(py, qy) > ey1) continue;
      const o1 = orient(ax, ay, bx, by, px, py), o2 = orient(ax, ay, bx, by, qx, qy);
      if (o1 * o2 > 0) continue;
      const o3 = orient(px, py, qx, qy, ax, ay), o4 = orient(px, py, qx, qy, bx, by);
      if (o3 * o4 > 0) continue;
      if (o1 !== 0 || o2 !== 0) return false; // the segments meet (cross or touch)
      // Collinear: they meet when their extents overlap.
      if (within(px, py, ax, ay, bx, by) || within(qx, qy, ax, ay, bx, by) || within(ax, ay, px, py, qx, qy)) return false;
    }
  }
  return true;
}

// ---- Shapes and a grid index of boxes ----------------------------------------------------------------------------

/** Boxes [x0, y0, x1, y1] of items in a uniform grid; a box query returns each item meeting the box once. */
export class BoxGrid {
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  private readonly stamp: Uint32Array;
  private mark = 0;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cs: number;

  constructor(readonly x0: number, readonly y0: number, x1: number, y1: number, readonly boxes: Float64Array) {
    const n = boxes.length / 4;
    let mw = 0;
    for (let i = 0; i < n; i++) mw += Math.max(boxes[i * 4 + 2]! - boxes[i * 4]!, boxes[i * 4 + 3]! - boxes[i * 4 + 1]!);
    mw = n ? mw / n : 1;
    const w = Math.max(x1 - x0, 1e-9), h = Math.max(y1 - y0, 1e-9);
    // About one item per cell, cells no smaller than a typical item, at most 2^22 cells.
    let cs = Math.max(Math.sqrt((w * h) / Math.max(1, n)), mw, 1e-9);
    while ((Math.floor(w / cs) + 1) * (Math.floor(h / cs) + 1) > 1 << 22) cs *= 1.5;
    this.cs = cs;
    this.nx = Math.floor(w / cs) + 1;
    this.ny = Math.floor(h / cs) + 1;
    const counts = new Int32Array(this.nx * this.ny + 1);
    for (let i = 0; i < n; i++) this.each(i, (c) => { counts[c + 1]!++; });
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1]! += counts[c]!;
    this.cellStart = counts;
    this.cellItems = new Int32Array(counts[this.nx * this.ny]!);
    const fill = counts.slice(0, this.nx * this.ny);
    for (let i = 0; i < n; i++) this.each(i, (c) => { this.cellItems[fill[c]!++] = i; });
    this.stamp = new Uint32Array(n);
  }

  private col(x: number): number { return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.cs))); }
  private row(y: number): number { return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.cs))); }

  private each(i: number, f: (cell: number) => void): void {
    const b = this.boxes;
    const c0 = this.col(b[i * 4]!), c1 = this.col(b[i * 4 + 2]!), r0 = this.row(b[i * 4 + 1]!), r1 = this.row(b[i * 4 + 3]!);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) f(r * this.nx + c);
  }

  /** Items whose box meets [qx0, qy0, qx1, qy1] (closed boxes), each once, into out; returns how many. */
  query(qx0: number, qy0: number, qx1: number, qy1: number, out: number[]): number {
    out.length = 0;
    if (qx1 < this.x0 || qy1 < this.y0) return 0;
    if (++this.mark === 0xffffffff) { this.stamp.fill(0); this.mark = 1; }
    const m = this.mark, b = this.boxes;
    const c0 = this.col(qx0), c1 = this.col(qx1), r0 = this.row(qy0), r1 = this.row(qy1);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.nx + c;
        for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
          const i = this.cellItems[k]!;
          if (this.stamp[i] === m) continue;
          this.stamp[i] = m;
          if (b[i * 4]! <= qx1 && b[i * 4 + 2]! >= qx0 && b[i * 4 + 1]! <= qy1 && b[i * 4 + 3]! >= qy0) out.push(i);
        }
      }
    }
    return out.length;
  }
}

/** Edge ids along a ray (locate is not re-entrant, so one scratch list serves all shapes). */
const rayScratch: number[] = [];

/** Shapes with more edges than this get an edge index (for ray tests and edge lookups). */
const INDEX_EDGES = 96;

/**
 * A valid polygon or multipolygon prepared for the exact relations: rings oriented with the interior on the left
 * (shells counter-clockwise, holes clockwise), zero-length edges dropped, edges numbered, an edge index when big.
 */
export class Shape {
  /** Edge e runs from (ex[2e], ex[2e+1]) to (ex[2e+2], ex[2e+3]) … stored as start and end coordinates. */
  readonly e: Float64Array;
  readonly edges: number;
  readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number;
  readonly area: number;
  readonly index?: BoxGrid;

  /** `area`: the polygons' area when the caller has it already. */
  constructor(readonly polys: Polygon[], area?: number) {
    let n = 0;
    for (const p of polys) for (const r of p) n += Math.max(0, r.length / 2 - 1);
    const e = new Float64Array(n * 4);
    let k = 0;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of polys) {
      p.forEach((r: Ring, ri) => {
        const ccw = ringSignedArea(r) > 0;
        const reverse = ri === 0 ? !ccw : ccw;
        const m = r.length / 2;
        for (let j = 0; j + 1 < m; j++) {
          const a = reverse ? m - 1 - j : j, b = reverse ? m - 2 - j : j + 1;
          const ax = r[a * 2]!, ay = r[a * 2 + 1]!, bx = r[b * 2]!, by = r[b * 2 + 1]!;
          if (ax === bx && ay === by) continue;
          e[k++] = ax; e[k++] = ay; e[k++] = bx; e[k++] = by;
          if (ax < x0) x0 = ax; if (ax > x1) x1 = ax; if (ay < y0) y0 = ay; if (ay > y1) y1 = ay;
        }
      });
    }
    this.e = k === e.length ? e : e.slice(0, k);
    this.edges = k / 4;
    this.x0 = x0; this.y0 = y0; this.x1 = x1; this.y1 = y1;
    this.area = area ?? polys.reduce((s, p) => s + polygonArea(p), 0);
    if (this.edges > INDEX_EDGES) {
      const boxes = new Float64Array(this.edges * 4);
      for (let i = 0; i < this.edges; i++) {
        const ax = this.e[i * 4]!, ay = this.e[i * 4 + 1]!, bx = this.e[i * 4 + 2]!, by = this.e[i * 4 + 3]!;
        boxes[i * 4] = Math.min(ax, bx); boxes[i * 4 + 1] = Math.min(ay, by); boxes[i * 4 + 2] = Math.max(ax, bx); boxes[i * 4 + 3] = Math.max(ay, by);
      }
      this.index = new BoxGrid(x0, y0, x1, y1, boxes);
    }
  }

  /** Edges whose box meets the box, into out. */
  edgesNear(qx0: number, qy0: number, qx1: number, qy1: number, out: number[]): number {
    if (this.index) return this.index.query(qx0, qy0, qx1, qy1, out);
    out.length = 0;
    const e = this.e;
    for (let i = 0; i < this.edges; i++) {
      const ax = e[i * 4]!, ay = e[i * 4 + 1]!, bx = e[i * 4 + 2]!, by = e[i * 4 + 3]!;
      if ((ax < bx ? ax : bx) <= qx1 && (ax > bx ? ax : bx) >= qx0 && (ay < by ? ay : by) <= qy1 && (ay > by ? ay : by) >= qy0) out.push(i);
    }
    return out.length;
  }

  /** Exact point in polygon: 1 inside, −1 outside, 0 on the boundary. */
  locate(qx: number, qy: number): number {
    if (qx < this.x0 || qx > this.x1 || qy < this.y0 || qy > this.y1) return -1;
    const ids = rayScratch;
    this.edgesNear(qx, qy, this.x1, qy, ids);
    const e = this.e;
    let inside = false;
    for (const i of ids) {
      const cx = e[i * 4]!, cy = e[i * 4 + 1]!, dx = e[i * 4 + 2]!, dy = e[i * 4 + 3]!;
      if (cx === qx && cy === qy) return 0;
      if (cy === dy) {
        if (cy === qy && qx >= Math.min(cx, dx) && qx <= Math.max(cx, dx)) return 0;
        continue;
      }
      if ((cy > qy) !== (dy > qy)) {
        const o = orient(cx, cy, dx, dy, qx, qy);
        if (o === 0) return 0;
        if (dy > cy ? o > 0 : o < 0) inside = !inside;
      }
    }
    return inside ? 1 : -1;
  }
}

// ---- Relations ----------------------------------------------------------------------------------------------------

export const enum Rel {
  /** Interiors do not meet (at most shared boundary): no area in common. */
  Disjoint = 0,
  /** P lies wholly in L: the common area is P. */
  Covered = 1,
  /** L lies wholly in P: the common area is L. */
  Contains = 2,
  /** A real partial overlap: clip with GEOS. */
  Partial = 3,
}

/** Closed-segment test for a point already known to be collinear with a–b. */
function within(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  return (ax < bx ? ax <= px && px <= bx : bx <= px && px <= ax) && (ay < by ? ay <= py && py <= by : by <= py && py <= ay);
}

interface Split { x: number; y: number }

/**
 * Where the boundary of a shape touches the other one: split points per edge, collinear edges, touching vertices.
 * Few per pair, so flat lists searched linearly (no Map churn on the hot path).
 */
class Contacts {
  /** [edge, x, y] triples, [edge, other] pairs, touched start / end edges; lists reused, counts reset. */
  private sp: number[] = []; private nsp = 0;
  private col: number[] = []; private ncol = 0;
  private st: number[] = []; private nst = 0;
  private en: number[] = []; private nen = 0;
  clear(): void { this.nsp = 0; this.ncol = 0; this.nst = 0; this.nen = 0; }
  touchStart(edge: number): void { this.st[this.nst++] = edge; }
  touchEnd(edge: number): void { this.en[this.nen++] = edge; }
  split(edge: number, x: number, y: number): void { const k = this.nsp; this.sp[k] = edge; this.sp[k + 1] = x; this.sp[k + 2] = y; this.nsp += 3; }
  colin(edge: number, other: number): void { const k = this.ncol; this.col[k] = edge; this.col[k + 1] = other; this.ncol += 2; }
  startTouches(edge: number): boolean { for (let k = 0; k < this.nst; k++) if (this.st[k] === edge) return true; return false; }
  endTouches(edge: number): boolean { for (let k = 0; k < this.nen; k++) if (this.en[k] === edge) return true; return false; }
  /** Split points of an edge, or undefined. */
  splitsOf(edge: number): Split[] | undefined {
    let out: Split[] | undefined;
    for (let k = 0; k < this.nsp; k += 3) if (this.sp[k] === edge) (out ??= []).push({ x: this.sp[k + 1]!, y: this.sp[k + 2]! });
    return out;
  }
  /** Edges of the other shape collinear with this edge, or undefined. */
  collinearOf(edge: number): number[] | undefined {
    let out: number[] | undefined;
    for (let k = 0; k < this.ncol; k += 2) if (this.col[k] === edge) (out ??= []).push(this.col[k + 1]!);
    return out;
  }
}

/** Sides of pieces of boundary of one shape relative to the other, as bits. */
const IN = 1, OUT = 2, SAME = 4, OPP = 8, UNKNOWN = 16;

/**
 * Which side of `other` the open segment from (sx, sy) towards (tx, ty) starts on, when (sx, sy) lies on the
 * boundary of `other` and the segment runs along none of its edges: the angular order of the edges of `other`
 * around the point decides (interior on the left of every edge).
 */
function wedge(other: Shape, near: number[], sx: number, sy: number, tx: number, ty: number): number {
  const rays: { x: number; y: number; out: boolean }[] = [];
  const e = other.e;
  for (const i of near) {
    const cx = e[i * 4]!, cy = e[i * 4 + 1]!, dx = e[i * 4 + 2]!, dy = e[i * 4 + 3]!;
    if (cx === sx && cy === sy) rays.push({ x: dx, y: dy, out: true });
    else if (dx === sx && dy === sy) rays.push({ x: cx, y: cy, out: false });
    else if (orient(cx, cy, dx, dy, sx, sy) === 0 && within(sx, sy, cx, cy, dx, dy)) {
      rays.push({ x: dx, y: dy, out: true }, { x: cx, y: cy, out: false });
    }
  }
  if (!rays.length) return UNKNOWN;
  const half = (x: number, y: number) => (y > sy || (y === sy && x > sx) ? 0 : 1);
  // a strictly before b in counter-clockwise order from the +x direction; equal directions are neither.
  const before = (ax: number, ay: number, bx: number, by: number) => {
    const ha = half(ax, ay), hb = half(bx, by);
    return ha !== hb ? ha < hb : orient(sx, sy, ax, ay, bx, by) > 0;
  };
  let pred: (typeof rays)[number] | undefined, last: (typeof rays)[number] | undefined;
  for (const r of rays) {
    if (!before(r.x, r.y, tx, ty) && !before(tx, ty, r.x, r.y)) return UNKNOWN; // along an edge
    if (before(r.x, r.y, tx, ty) && (!pred || before(pred.x, pred.y, r.x, r.y))) pred = r;
    if (!last || before(last.x, last.y, r.x, r.y)) last = r;
  }
  const p = pred ?? last!;
  return p.out ? IN : OUT;
}

const placed = (where: number): number => (where > 0 ? IN : where < 0 ? OUT : UNKNOWN);

/** Stop walking once the answer cannot change: a piece could not be placed, or pieces lie both inside and outside. */
const settled = (mask: number) => (mask & UNKNOWN) !== 0 || (mask & (IN | OUT)) === (IN | OUT);

/**
 * The side of `b` one piece of boundary from (sx, sy) to (tx, ty) lies on (part of edge i); sTouch / tTouch: its
 * ends lie on ∂b; prev: the side of the previous piece when the boundary runs on without touching ∂b.
 */
function piece(b: Shape, c: Contacts, bNear: number[], prev: number, i: number, sx: number, sy: number, tx: number, ty: number,
  sTouch: boolean, tTouch: boolean): number {
  const col = c.collinearOf(i);
  if (col) {
    const be = b.e;
    for (const j of col) {
      const cx = be[j * 4]!, cy = be[j * 4 + 1]!, dx = be[j * 4 + 2]!, dy = be[j * 4 + 3]!;
      if (within(sx, sy, cx, cy, dx, dy) && within(tx, ty, cx, cy, dx, dy)) {
        return (cx !== dx ? (tx > sx) === (dx > cx) : (ty > sy) === (dy > cy)) ? SAME : OPP;
      }
    }
  }
  if (!sTouch && (prev === IN || prev === OUT)) return prev;
  if (!sTouch) return placed(b.locate(sx, sy));
  if (!tTouch) return placed(b.locate(tx, ty));
  return wedge(b, bNear, sx, sy, tx, ty);
}

/**
 * Walks the edges of `a` (all of them, or those given), split at their contacts with `b`, and returns the sides of
 * the pieces as bits (starting from `mask`).
 */
function sides(a: Shape, b: Shape, edgeIds: number[] | null, c: Contacts, bNear: number[], mask: number): number {
  const e = a.e;
  let prev = 0;
  let prevEnd = -1;
  const n = edgeIds ? edgeIds.length : a.edges;
  for (let q = 0; q < n; q++) {
    const i = edgeIds ? edgeIds[q]! : q;
    const ax = e[i * 4]!, ay = e[i * 4 + 1]!, bx = e[i * 4 + 2]!, by = e[i * 4 + 3]!;
    // A run continues while the boundary does not touch `b`: consecutive edges share their vertex.
    if (!(prevEnd === i - 1 && e[(i - 1) * 4 + 2] === ax && e[(i - 1) * 4 + 3] === ay)) prev = 0;
    prevEnd = i;
    const sp = c.splitsOf(i);
    const s0 = c.startTouches(i), t1 = c.endTouches(i);
    if (!sp) {
      const side = piece(b, c, bNear, prev, i, ax, ay, bx, by, s0, t1);
      mask |= side;
      if (settled(mask)) return mask;
      prev = t1 ? 0 : side;
      continue;
    }
    const byX = ax !== bx, asc = byX ? bx > ax : by > ay;
    sp.sort((p, r) => (byX ? p.x - r.x : p.y - r.y) * (asc ? 1 : -1));
    const pts: Split[] = [{ x: ax, y: ay }];
    for (const p of sp) { const l = pts[pts.length - 1]!; if (p.x !== l.x || p.y !== l.y) pts.push(p); }
    const l = pts[pts.length - 1]!;
    if (l.x !== bx || l.y !== by) pts.push({ x: bx, y: by });
    for (let k = 0; k + 1 < pts.length; k++) {
      const s = pts[k]!, t = pts[k + 1]!;
      // Interior split points are on ∂b; the edge's own ends as found.
      const tTouch = k + 2 < pts.length || t1;
      const side = piece(b, c, bNear, prev, i, s.x, s.y, t.x, t.y, k > 0 || s0, tTouch);
      mask |= side;
      if (settled(mask)) return mask;
      prev = tTouch ? 0 : side;
    }
  }
  return mask;
}

/** Whether every directed edge of P is one of L (same count of edges; both oriented interior-left). */
function sameEdges(P: Shape, L: Shape): boolean {
  const pe = P.e, le = L.e;
  outer: for (let i = 0; i < P.edges; i++) {
    const ax = pe[i * 4]!, ay = pe[i * 4 + 1]!, bx = pe[i * 4 + 2]!, by = pe[i * 4 + 3]!;
    for (let j = 0; j < L.edges; j++) {
      if (le[j * 4] === ax && le[j * 4 + 1] === ay && le[j * 4 + 2] === bx && le[j * 4 + 3] === by) continue outer;
    }
    return false;
  }
  return true;
}

export interface RelateScratch { pc: Contacts; lc: Contacts; candL: number[]; candP: number[]; tmp: number[] }

export function relateScratch(): RelateScratch {
  return { pc: new Contacts(), lc: new Contacts(), candL: [], candP: [], tmp: [] };
}

/**
 * The relation of P to L (both valid). Exact; Partial also when a degenerate configuration could not be placed,
 * so that GEOS decides — never a wrong shortcut.
 */
export function relate(P: Shape, L: Shape, s: RelateScratch = relateScratch()): Rel {
  if (P.x1 < L.x0 || P.x0 > L.x1 || P.y1 < L.y0 || P.y0 > L.y1 || !P.edges || !L.edges) return Rel.Disjoint;
  // The usual 永久基本农田 feature is a copy of its parcel: the same directed edges make the same polygon.
  if (P.edges === L.edges && P.edges <= 64 && P.x0 === L.x0 && P.y0 === L.y0 && P.x1 === L.x1 && P.y1 === L.y1 && sameEdges(P, L)) return Rel.Covered;
  const bx0 = Math.max(P.x0, L.x0), by0 = Math.max(P.y0, L.y0), bx1 = Math.min(P.x1, L.x1), by1 = Math.min(P.y1, L.y1);
  // Edges of L near P: without any, P's box lies wholly inside or wholly outside L.
  const candL = s.candL;
  L.edgesNear(P.x0, P.y0, P.x1, P.y1, candL);
  if (!candL.length) return L.locate(P.e[0]!, P.e[1]!) > 0 ? Rel.Covered : Rel.Disjoint;
  const candP = s.candP;
  P.edgesNear(bx0, by0, bx1, by1, candP);
  const pc = s.pc, lc = s.lc;
  pc.clear(); lc.clear();
  const pe = P.e, le = L.e;
  // Big against big: look up the edges of P near each edge of L in P's index instead of testing all pairs.
  const byIndex = !!P.index && candL.length * candP.length > 4096;
  const near = byIndex ? s.tmp : candP;
  for (const j of candL) {
    const cx = le[j * 4]!, cy = le[j * 4 + 1]!, dx = le[j * 4 + 2]!, dy = le[j * 4 + 3]!;
    const fx0 = cx < dx ? cx : dx, fx1 = cx < dx ? dx : cx, fy0 = cy < dy ? cy : dy, fy1 = cy < dy ? dy : cy;
    if (byIndex) P.edgesNear(fx0, fy0, fx1, fy1, near);
    for (const i of near) {
      const ax = pe[i * 4]!, ay = pe[i * 4 + 1]!, bx = pe[i * 4 + 2]!, by = pe[i * 4 + 3]!;
      if ((ax < bx ? ax : bx) > fx1 || (ax > bx ? ax : bx) < fx0 || (ay < by ? ay : by) > fy1 || (ay > by ? ay : by) < fy0) continue;
      const oc = orient(ax, ay, bx, by, cx, cy), od = orient(ax, ay, bx, by, dx, dy);
      if (oc * od > 0) continue;
      const oa = orient(cx, cy, dx, dy, ax, ay), ob = orient(cx, cy, dx, dy, bx, by);
      if (oa * ob > 0) continue;
      if (oc * od < 0 && oa * ob < 0) return Rel.Partial; // proper crossing
      if (oc === 0 && within(cx, cy, ax, ay, bx, by)) {
        lc.touchStart(j);
        if ((cx !== ax || cy !== ay) && (cx !== bx || cy !== by)) pc.split(i, cx, cy);
        if (cx === ax && cy === ay) pc.touchStart(i);
        if (cx === bx && cy === by) pc.touchEnd(i);
      }
      if (od === 0 && within(dx, dy, ax, ay, bx, by)) {
        lc.touchEnd(j);
        if ((dx !== ax || dy !== ay) && (dx !== bx || dy !== by)) pc.split(i, dx, dy);
        if (dx === ax && dy === ay) pc.touchStart(i);
        if (dx === bx && dy === by) pc.touchEnd(i);
      }
      if (oa === 0 && within(ax, ay, cx, cy, dx, dy)) {
        pc.touchStart(i);
        if ((ax !== cx || ay !== cy) && (ax !== dx || ay !== dy)) lc.split(j, ax, ay);
      }
      if (ob === 0 && within(bx, by, cx, cy, dx, dy)) {
        pc.touchEnd(i);
        if ((bx !== cx || by !== cy) && (bx !== dx || by !== dy)) lc.split(j, bx, by);
      }
      if (oc === 0 && od === 0) { pc.colin(i, j); lc.colin(j, i); }
    }
  }
  // Every contact is seen from both edges that meet at a touching vertex (both are near the contact), so the touch
  // flags are complete. Edges of P outside L's box lie outside L.
  const pm = sides(P, L, null, pc, candL, P.x0 >= L.x0 && P.x1 <= L.x1 && P.y0 >= L.y0 && P.y1 <= L.y1 ? 0 : OUT);
  if (settled(pm)) return Rel.Partial;
  // The edges of L near P (the others lie outside P).
  const lOutside = !(L.x0 >= P.x0 && L.x1 <= P.x1 && L.y0 >= P.y0 && L.y1 <= P.y1);
  const pNear = s.tmp;
  P.edgesNear(L.x0, L.y0, L.x1, L.y1, pNear);
  const lm = sides(L, P, lOutside ? candL.sort((a, b) => a - b) : null, lc, pNear, lOutside ? OUT : 0);
  if (lm & UNKNOWN) return Rel.Partial;
  const pIn = (pm & IN) !== 0, pOut = (pm & OUT) !== 0, pSame = (pm & SAME) !== 0, pOpp = (pm & OPP) !== 0;
  const lIn = (lm & IN) !== 0, lOut = (lm & OUT) !== 0;
  if (!pIn && !lIn && !pSame) return Rel.Disjoint;
  if (!pOut && !lIn && !pOpp) return Rel.Covered;
  if (!lOut && !pIn && !pOpp) return Rel.Contains;
  return Rel.Partial;
}
