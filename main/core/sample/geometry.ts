// Planar geometry helpers for the sample generator: ring areas, point-in-polygon with a band index, segment
// buckets for distance queries, convex hulls, and WKB writing/reading. Coordinates are flat [x0, y0, x1, y1, ...]
// arrays in local metres; WKB output adds the workspace origin so the stored coordinates are EPSG:4528.

/** Signed area (positive = counter-clockwise) of an open ring given as flat coordinates. */
export function ringArea(c: ArrayLike<number>, start = 0, end = c.length): number {
  let s = 0;
  const n = end - start;
  if (n < 6) return 0;
  // Relative to the first vertex: keeps precision for far-from-origin coordinates.
  const x0 = c[start]!;
  const y0 = c[start + 1]!;
  let px = 0;
  let py = 0;
  for (let i = start + 2; i < end; i += 2) {
    const x = c[i]! - x0;
    const y = c[i + 1]! - y0;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s / 2;
}

/** Point-in-polygon (even–odd over all rings) accelerated by horizontal bands holding the edges that cross them. */
export class PolygonIndex {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  private readonly bandH: number;
  private readonly bands: Float64Array[];

  /** rings: open flat rings (first vertex not repeated). */
  constructor(readonly rings: Float64Array[], bandCount = 512) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        minX = Math.min(minX, r[i]!); maxX = Math.max(maxX, r[i]!);
        minY = Math.min(minY, r[i + 1]!); maxY = Math.max(maxY, r[i + 1]!);
      }
    }
    this.minX = minX; this.minY = minY; this.maxX = maxX; this.maxY = maxY;
    this.bandH = (maxY - minY) / bandCount || 1;
    const lists: number[][] = Array.from({ length: bandCount }, () => []);
    for (const r of rings) {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const x1 = r[2 * i]!, y1 = r[2 * i + 1]!, x2 = r[2 * j]!, y2 = r[2 * j + 1]!;
        const b0 = Math.max(0, Math.floor((Math.min(y1, y2) - minY) / this.bandH));
        const b1 = Math.min(bandCount - 1, Math.floor((Math.max(y1, y2) - minY) / this.bandH));
        for (let b = b0; b <= b1; b++) lists[b]!.push(x1, y1, x2, y2);
      }
    }
    this.bands = lists.map((l) => Float64Array.from(l));
  }

  contains(x: number, y: number): boolean {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return false;
    const b = Math.min(this.bands.length - 1, Math.floor((y - this.minY) / this.bandH));
    const e = this.bands[b]!;
    let inside = false;
    for (let i = 0; i < e.length; i += 4) {
      const y1 = e[i + 1]!, y2 = e[i + 3]!;
      if ((y1 > y) !== (y2 > y)) {
        const x1 = e[i]!, x2 = e[i + 2]!;
        if (x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      }
    }
    return inside;
  }

  /** All edges as flat [x1, y1, x2, y2, ...]. */
  edges(): Float64Array {
    const out: number[] = [];
    for (const r of this.rings) {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        out.push(r[2 * i]!, r[2 * i + 1]!, r[2 * j]!, r[2 * j + 1]!);
      }
    }
    return Float64Array.from(out);
  }
}

/** Squared distance from point p to segment ab. */
export function pointSegDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True if segments ab and cd properly or improperly intersect. */
export function segmentsIntersect(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  const on = (o: number, px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    o === 0 && Math.min(px, qx) <= rx && rx <= Math.max(px, qx) && Math.min(py, qy) <= ry && ry <= Math.max(py, qy);
  return on(o1, ax, ay, bx, by, cx, cy) || on(o2, ax, ay, bx, by, dx, dy) || on(o3, cx, cy, dx, dy, ax, ay) || on(o4, cx, cy, dx, dy, bx, by);
}

export function segSegDist2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(pointSegDist2(ax, ay, cx, cy, dx, dy), pointSegDist2(bx, by, cx, cy, dx, dy),
    pointSegDist2(cx, cy, ax, ay, bx, by), pointSegDist2(dx, dy, ax, ay, bx, by));
}

/** Uniform grid of segment buckets for "segments near here" queries. */
export class SegmentGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly segs: Float64Array;
  private readonly cols: number;
  /** Query stamp per segment, to report each segment once per query without allocating a set. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** segs: flat [x1, y1, x2, y2, ...]; cell: bucket size in metres. */
  constructor(segs: ArrayLike<number>, readonly cell: number, readonly originX = 0, readonly originY = 0) {
    this.segs = Float64Array.from(segs);
    this.cols = 1 << 20;
    this.seen = new Uint32Array(this.segs.length / 4);
    for (let s = 0; s < this.segs.length; s += 4) {
      const x1 = this.segs[s]!, y1 = this.segs[s + 1]!, x2 = this.segs[s + 2]!, y2 = this.segs[s + 3]!;
      const i0 = this.ix(Math.min(x1, x2)), i1 = this.ix(Math.max(x1, x2));
      const j0 = this.iy(Math.min(y1, y2)), j1 = this.iy(Math.max(y1, y2));
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const k = this.key(i, j);
          let l = this.cells.get(k);
          if (!l) this.cells.set(k, (l = []));
          l.push(s);
        }
      }
    }
  }

  private ix(x: number): number { return Math.floor((x - this.originX) / this.cell); }
  private iy(y: number): number { return Math.floor((y - this.originY) / this.cell); }
  private key(i: number, j: number): number { return (j + 4096) * this.cols + (i + 4096); }

  /** Calls fn(segmentOffset) once for each segment whose bucket meets the box. Not re-entrant. */
  query(x0: number, y0: number, x1: number, y1: number, fn: (s: number, segs: Float64Array) => void): void {
    const stamp = ++this.stamp;
    if (stamp === 0xffffffff) { this.seen.fill(0); this.stamp = 1; }
    for (let j = this.iy(y0); j <= this.iy(y1); j++) {
      for (let i = this.ix(x0); i <= this.ix(x1); i++) {
        const l = this.cells.get(this.key(i, j));
        if (!l) continue;
        for (let q = 0; q < l.length; q++) {
          const s = l[q]!;
          if (this.seen[s >> 2] === this.stamp) continue;
          this.seen[s >> 2] = this.stamp;
          fn(s, this.segs);
        }
      }
    }
  }

  /** Distance from a point to the nearest segment within maxDist (Infinity if none). */
  distance(x: number, y: number, maxDist: number): number {
    let best = maxDist * maxDist;
    let found = false;
    this.query(x - maxDist, y - maxDist, x + maxDist, y + maxDist, (s, g) => {
      const d = pointSegDist2(x, y, g[s]!, g[s + 1]!, g[s + 2]!, g[s + 3]!);
      if (d <= best) { best = d; found = true; }
    });
    return found ? Math.sqrt(best) : Infinity;
  }
}

/** Convex hull (Andrew's monotone chain) of flat points; returns an open counter-clockwise ring. */
export function convexHull(pts: ArrayLike<number>): Float64Array {
  const n = pts.length / 2;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => pts[2 * a]! - pts[2 * b]! || pts[2 * a + 1]! - pts[2 * b + 1]!);
  const h: number[] = [];
  const cross = (o: number, a: number, b: number) =>
    (pts[2 * a]! - pts[2 * o]!) * (pts[2 * b + 1]! - pts[2 * o + 1]!) - (pts[2 * a + 1]! - pts[2 * o + 1]!) * (pts[2 * b]! - pts[2 * o]!);
  for (const p of idx) {
    while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
    h.push(p);
  }
  const lower = h.length + 1;
  for (let k = n - 2; k >= 0; k--) {
    const p = idx[k]!;
    while (h.length >= lower && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
    h.push(p);
  }
  h.pop();
  const out = new Float64Array(h.length * 2);
  h.forEach((p, i) => { out[2 * i] = pts[2 * p]!; out[2 * i + 1] = pts[2 * p + 1]!; });
  return out;
}

/** Convex polygon buffered by r: hull of circles (`segs` points each) around the vertices. */
export function bufferConvex(ring: Float64Array, r: number, segs = 24): Float64Array {
  const pts = new Float64Array(ring.length * segs);
  let k = 0;
  for (let i = 0; i < ring.length; i += 2) {
    for (let s = 0; s < segs; s++) {
      const a = (2 * Math.PI * s) / segs;
      pts[k++] = ring[i]! + r * Math.cos(a);
      pts[k++] = ring[i + 1]! + r * Math.sin(a);
    }
  }
  return convexHull(pts);
}

/** Convex polygon (open, CCW) contains point (strictly inside or on the boundary). */
export function convexContains(ring: Float64Array, x: number, y: number): boolean {
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (orient(ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!, x, y) < 0) return false;
  }
  return true;
}

/**
 * Whether two convex polygons (open rings, any orientation) overlap with positive area: they are separated when
 * some edge normal gives projections that are disjoint or just touch (within eps metres).
 */
export function convexOverlap(a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-3): boolean {
  return !separatedBy(a, b, eps) && !separatedBy(b, a, eps);
}

function separatedBy(a: ArrayLike<number>, b: ArrayLike<number>, eps: number): boolean {
  const n = a.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const nx = a[2 * j + 1]! - a[2 * i + 1]!;
    const ny = -(a[2 * j]! - a[2 * i]!);
    const len = Math.hypot(nx, ny);
    if (len === 0) continue;
    let amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
    for (let k = 0; k < a.length; k += 2) {
      const p = (a[k]! * nx + a[k + 1]! * ny) / len;
      if (p < amin) amin = p;
      if (p > amax) amax = p;
    }
    for (let k = 0; k < b.length; k += 2) {
      const p = (b[k]! * nx + b[k + 1]! * ny) / len;
      if (p < bmin) bmin = p;
      if (p > bmax) bmax = p;
    }
    if (amax <= bmin + eps || bmax <= amin + eps) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// WKB

/** A polygon as rings (first = shell), each an open flat ring in local coordinates. */
export type Polygon = Float64Array[];

/** Writes a little-endian WKB MULTIPOLYGON, adding (ox, oy) to every coordinate and closing every ring. */
export function multiPolygonWkb(polys: readonly Polygon[], ox: number, oy: number): Buffer {
  let size = 9;
  for (const p of polys) {
    size += 9;
    for (const r of p) size += 4 + (r.length / 2 + 1) * 16;
  }
  const buf = Buffer.allocUnsafe(size);
  let o = 0;
  buf.writeUInt8(1, o); o += 1;
  buf.writeUInt32LE(6, o); o += 4;
  buf.writeUInt32LE(polys.length, o); o += 4;
  for (const p of polys) {
    buf.writeUInt8(1, o); o += 1;
    buf.writeUInt32LE(3, o); o += 4;
    buf.writeUInt32LE(p.length, o); o += 4;
    for (const r of p) {
      const n = r.length / 2;
      buf.writeUInt32LE(n + 1, o); o += 4;
      for (let i = 0; i < n; i++) {
        buf.writeDoubleLE(ox + r[2 * i]!, o); o += 8;
        buf.writeDoubleLE(oy + r[2 * i + 1]!, o); o += 8;
      }
      buf.writeDoubleLE(ox + r[0]!, o); o += 8;
      buf.writeDoubleLE(oy + r[1]!, o); o += 8;
    }
  }
  return buf;
}

/** WKB MULTIPOINT (used to hand point sets to SQL). */
export function multiPointWkb(pts: ArrayLike<number>, ox: number, oy: number): Buffer {
  const n = pts.length / 2;
  const buf = Buffer.allocUnsafe(9 + n * 21);
  let o = 0;
  buf.writeUInt8(1, o); o += 1;
  buf.writeUInt32LE(4, o); o += 4;
  buf.writeUInt32LE(n, o); o += 4;
  for (let i = 0; i < n; i++) {
    buf.writeUInt8(1, o); o += 1;
    buf.writeUInt32LE(1, o); o += 4;
    buf.writeDoubleLE(ox + pts[2 * i]!, o); o += 8;
    buf.writeDoubleLE(oy + pts[2 * i + 1]!, o); o += 8;
  }
  return buf;
}

/**
 * Reads the polygons of a WKB geometry (Polygon, MultiPolygon or GeometryCollection; other members are skipped).
 * Rings come back open and with (ox, oy) subtracted, i.e. in local coordinates.
 */
export function readPolygons(wkb: Uint8Array, ox: number, oy: number): Polygon[] {
  const dv = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  let o = 0;
  const out: Polygon[] = [];
  const readGeom = (): void => {
    const le = dv.getUint8(o) === 1; o += 1;
    const rawType = dv.getUint32(o, le); o += 4;
    const type = rawType % 1000;
    const dims = rawType >= 3000 ? 4 : rawType >= 1000 ? 3 : 2;
    const u32 = () => { const v = dv.getUint32(o, le); o += 4; return v; };
    const readRing = (): Float64Array => {
      const n = u32();
      const r = new Float64Array(Math.max(0, n - 1) * 2);
      for (let i = 0; i < n; i++) {
        const x = dv.getFloat64(o, le), y = dv.getFloat64(o + 8, le);
        o += 8 * dims;
        if (i < n - 1) { r[2 * i] = x - ox; r[2 * i + 1] = y - oy; }
      }
      return r;
    };
    switch (type) {
      case 1: o += 8 * dims; break;
      case 2: { const n = u32(); o += n * 8 * dims; break; }
      case 3: { const nr = u32(); const p: Polygon = []; for (let i = 0; i < nr; i++) p.push(readRing()); if (p.length) out.push(p); break; }
      case 4: case 5: case 6: case 7: { const n = u32(); for (let i = 0; i < n; i++) readGeom(); break; }
      default: throw new Error(`unsupported WKB type ${rawType}`);
    }
  };
  readGeom();
  return out;
}

/** Planar area of a polygon (shell minus holes). */
export function polygonArea(p: Polygon): number {
  let a = 0;
  p.forEach((r, i) => { a += i === 0 ? Math.abs(ringArea(r)) : -Math.abs(ringArea(r)); });
  return a;
}

/** A convex polygon as half-planes, for fast "how far outside" tests against many small cells. */
export class ConvexRegion {
  private readonly nx: Float64Array;
  private readonly ny: Float64Array;
  private readonly c: Float64Array;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;

  /** ring: open, counter-clockwise convex ring. */
  constructor(readonly ring: Float64Array) {
    const n = ring.length / 2;
    this.nx = new Float64Array(n); this.ny = new Float64Array(n); this.c = new Float64Array(n);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ex = ring[2 * j]! - ring[2 * i]!, ey = ring[2 * j + 1]! - ring[2 * i + 1]!;
      const len = Math.hypot(ex, ey) || 1;
      // Outward normal of a CCW ring: (ey, -ex).
      this.nx[i] = ey / len; this.ny[i] = -ex / len;
      this.c[i] = this.nx[i]! * ring[2 * i]! + this.ny[i]! * ring[2 * i + 1]!;
      minX = Math.min(minX, ring[2 * i]!); maxX = Math.max(maxX, ring[2 * i]!);
      minY = Math.min(minY, ring[2 * i + 1]!); maxY = Math.max(maxY, ring[2 * i + 1]!);
    }
    this.minX = minX; this.minY = minY; this.maxX = maxX; this.maxY = maxY;
  }

  /** Max over edges of the signed distance beyond the edge line: < 0 inside, and a lower bound of the distance outside. */
  violation(x: number, y: number): number {
    let v = -Infinity;
    for (let i = 0; i < this.c.length; i++) {
      const d = this.nx[i]! * x + this.ny[i]! * y - this.c[i]!;
      if (d > v) v = d;
    }
    return v;
  }

  /** Whether a convex ring overlaps the region with positive area (touching within eps does not count). */
  overlaps(r: Float64Array, eps = 0.01): boolean {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < r.length; i += 2) {
      x0 = Math.min(x0, r[i]!); x1 = Math.max(x1, r[i]!);
      y0 = Math.min(y0, r[i + 1]!); y1 = Math.max(y1, r[i + 1]!);
    }
    if (x1 < this.minX || x0 > this.maxX || y1 < this.minY || y0 > this.maxY) return false;
    const diam = Math.hypot(x1 - x0, y1 - y0);
    for (let i = 0; i < r.length; i += 2) {
      const v = this.violation(r[i]!, r[i + 1]!);
      if (v < -eps) return true;
      if (v > diam) return false;
    }
    return convexOverlap(r, this.ring, eps);
  }

  /** Whether every vertex of r lies inside the region. */
  containsRing(r: Float64Array): boolean {
    for (let i = 0; i < r.length; i += 2) if (this.violation(r[i]!, r[i + 1]!) > 0) return false;
    return true;
  }
}
