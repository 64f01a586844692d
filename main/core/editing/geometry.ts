// Exact coordinates for editing: a feature's geometry as nested arrays of [x, y] in the workspace CRS, read from and
// written back to WKB without any arithmetic, so a vertex nobody touched keeps its 64-bit value. GEOS (through
// SpatiaLite SQL) does every overlay; this module only carries coordinates and answers cheap metric questions.

export type XY = [number, number];
/** Closed ring: the first vertex repeated last. */
export type Ring = XY[];
/** Exterior ring first, then holes. */
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];

/** Reads 2D WKB (either byte order) of a Polygon or MultiPolygon; GeometryCollections contribute their polygons. */
export function readPolygons(wkb: Uint8Array): MultiPolygon {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const out: MultiPolygon = [];
  let o = 0;
  const geom = (): void => {
    const le = view.getUint8(o) === 1;
    o += 1;
    let type = view.getUint32(o, le);
    o += 4;
    let dims = 2;
    if (type > 3000) { type -= 3000; dims = 4; } else if (type > 1000) { type -= type > 2000 ? 2000 : 1000; dims = 3; }
    const u32 = () => { const v = view.getUint32(o, le); o += 4; return v; };
    const coords = (n: number): XY[] => {
      const pts: XY[] = new Array(n);
      for (let i = 0; i < n; i++) { pts[i] = [view.getFloat64(o, le), view.getFloat64(o + 8, le)]; o += 8 * dims; }
      return pts;
    };
    switch (type) {
      case 1: o += 8 * dims; return;
      case 2: { o += u32() * 8 * dims; return; }
      case 3: { const nr = u32(); const p: Polygon = []; for (let r = 0; r < nr; r++) p.push(coords(u32())); if (p.length) out.push(p); return; }
      case 4: case 5: case 6: case 7: { const n = u32(); for (let i = 0; i < n; i++) geom(); return; }
      default: throw new Error(`unsupported WKB geometry type ${type}`);
    }
  };
  geom();
  return out;
}

/** Reads the vertices of 2D WKB points, lines and (multi)polygons in order (for MultiPoint transforms). */
export function readPoints(wkb: Uint8Array): XY[] {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const out: XY[] = [];
  let o = 0;
  const geom = (): void => {
    const le = view.getUint8(o) === 1;
    const type = view.getUint32(o + 1, le) % 1000;
    o += 5;
    const u32 = () => { const v = view.getUint32(o, le); o += 4; return v; };
    const pts = (n: number) => { for (let i = 0; i < n; i++) { out.push([view.getFloat64(o, le), view.getFloat64(o + 8, le)]); o += 16; } };
    if (type === 1) pts(1);
    else if (type === 2) pts(u32());
    else if (type === 3) { const nr = u32(); for (let r = 0; r < nr; r++) pts(u32()); }
    else if (type >= 4 && type <= 7) { const n = u32(); for (let i = 0; i < n; i++) geom(); }
    else throw new Error(`unsupported WKB geometry type ${type}`);
  };
  geom();
  return out;
}

class WkbWriter {
  private readonly buf: Buffer;
  private o = 0;
  constructor(size: number) { this.buf = Buffer.alloc(size); }
  header(type: number): void { this.buf.writeUInt8(1, this.o); this.buf.writeUInt32LE(type, this.o + 1); this.o += 5; }
  u32(v: number): void { this.buf.writeUInt32LE(v, this.o); this.o += 4; }
  xy(p: XY): void { this.buf.writeDoubleLE(p[0], this.o); this.buf.writeDoubleLE(p[1], this.o + 8); this.o += 16; }
  done(): Buffer { return this.buf; }
}

/** Little-endian 2D WKB MultiPolygon. */
export function multiPolygonWkb(mp: MultiPolygon): Buffer {
  let size = 9;
  for (const p of mp) { size += 9; for (const r of p) size += 4 + r.length * 16; }
  const w = new WkbWriter(size);
  w.header(6);
  w.u32(mp.length);
  for (const p of mp) {
    w.header(3);
    w.u32(p.length);
    for (const r of p) { w.u32(r.length); for (const pt of r) w.xy(pt); }
  }
  return w.done();
}

export function lineStringWkb(points: readonly XY[]): Buffer {
  const w = new WkbWriter(9 + points.length * 16);
  w.header(2);
  w.u32(points.length);
  for (const p of points) w.xy(p);
  return w.done();
}

export function multiPointWkb(points: readonly XY[]): Buffer {
  const w = new WkbWriter(9 + points.length * 21);
  w.header(4);
  w.u32(points.length);
  for (const p of points) { w.header(1); w.xy(p); }
  return w.done();
}

export const samePoint = (a: XY, b: XY) => a[0] === b[0] && a[1] === b[1];

/**
 * Closes a ring (repeats the first vertex, bit-exact) and drops consecutive duplicates, e.g. two clicks that land
 * in the same millimetre cell. Returns the closed ring.
 */
export function closeRing(points: readonly XY[]): Ring {
  const out: Ring = [];
  for (const p of points) if (!out.length || !samePoint(out[out.length - 1]!, p)) out.push([p[0], p[1]]);
  if (out.length && !samePoint(out[0]!, out[out.length - 1]!)) out.push([out[0]![0], out[0]![1]]);
  return out;
}

/** Distinct vertices of a closed ring (without the closing repeat). */
export function ringVertexCount(r: Ring): number {
  return r.length - 1;
}

export function ringSignedArea(r: Ring): number {
  if (r.length < 4) return 0;
  const [x0, y0] = r[0]!;
  let s = 0;
  for (let i = 1; i < r.length - 2; i++) {
    const a = r[i]!, b = r[i + 1]!;
    s += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return s / 2;
}

export function polygonArea(p: Polygon): number {
  return p.reduce((s, r, i) => s + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(r)), 0);
}

export function multiPolygonArea(mp: MultiPolygon): number {
  return mp.reduce((s, p) => s + polygonArea(p), 0);
}

export function lineLength(points: readonly XY[]): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) s += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return s;
}

export function bboxOf(mp: MultiPolygon): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of mp) for (const [x, y] of p[0] ?? []) {
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Closest point to p on segment ab, with the parameter t ∈ [0, 1] and the distance. */
export function closestOnSegment(p: XY, a: XY, b: XY): { point: XY; t: number; distance: number } {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  // The ends are returned as the vertices themselves (not a + 1·d), so an end answer is bit-exact.
  const point: XY = t === 0 ? [a[0], a[1]] : t === 1 ? [b[0], b[1]] : [a[0] + t * dx, a[1] + t * dy];
  return { point, t, distance: Math.hypot(p[0] - point[0], p[1] - point[1]) };
}

/** Proper or touching intersection of segments ab and cd (null when parallel or apart), with both parameters. */
export function segmentIntersection(a: XY, b: XY, c: XY, d: XY): { point: XY; t: number; u: number } | null {
  const rx = b[0] - a[0], ry = b[1] - a[1], sx = d[0] - c[0], sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qx = c[0] - a[0], qy = c[1] - a[1];
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  const point: XY = t === 0 ? [a[0], a[1]] : t === 1 ? [b[0], b[1]] : u === 0 ? [c[0], c[1]] : u === 1 ? [d[0], d[1]] : [a[0] + t * rx, a[1] + t * ry];
  return { point, t, u };
}

export function cloneMultiPolygon(mp: MultiPolygon): MultiPolygon {
  return mp.map((p) => p.map((r) => r.map((v) => [v[0], v[1]] as XY)));
}

/** Mean width 2A/P of a polygon part: half the width of a strip; compares thin parts. */
export function meanWidth(p: Polygon): number {
  const perimeter = p.reduce((s, r) => s + lineLength(r), 0);
  return perimeter > 0 ? (2 * polygonArea(p)) / perimeter : 0;
}

/**
 * Drops the parts narrower than `minWidth` (mean width): numerical dust an overlay leaves along a boundary that
 * two features share up to rounding. With the grid size (1 mm) only dust goes; nothing a planner drew is that thin.
 */
export function dropSlivers(mp: MultiPolygon, minWidth: number): { kept: MultiPolygon; droppedArea: number; dropped: number } {
  const kept: MultiPolygon = [];
  let droppedArea = 0, dropped = 0;
  for (const p of mp) {
    if (meanWidth(p) < minWidth) { droppedArea += Math.max(0, polygonArea(p)); dropped++; } else kept.push(p);
  }
  return { kept, droppedArea, dropped };
}
