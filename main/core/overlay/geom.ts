// Plain-JS geometry helpers for the overlay engine: WKB in and out (2D polygons and multipolygons, as SpatiaLite's
// AsBinary writes them), shoelace area, perimeter, an interior point, point-in-polygon, and the precision filter
// that drops hairline parts. GEOS does the overlays; these helpers only measure and sort its results, so the heavy
// work stays in SQL/GEOS and the bookkeeping stays cheap.

/** A ring is a flat [x0, y0, x1, y1, …] list, closed (first point repeated last). */
export type Ring = Float64Array;
/** A polygon: exterior ring first, then holes. */
export type Polygon = Ring[];

export interface PartMeasure {
  area: number;
  perimeter: number;
  /** Mean width 2A/P: half the width of a long thin strip, the radius of a disc; compares thin parts. */
  meanWidth: number;
  /** Polsby–Popper compactness 4πA/P²: 1 for a disc, → 0 for slivers. */
  thinness: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Parses 2D WKB of any geometry and returns its polygons (points and lines are dropped: they have no area).
 * Handles both byte orders, GeometryCollections, and Z/M variants by skipping the extra ordinates. Hot path (every
 * parcel, every line feature): little-endian 2D rings are copied in one block.
 */
export function parsePolygons(wkb: Uint8Array | null | undefined): Polygon[] {
  if (!wkb || wkb.byteLength < 5) return [];
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const out: Polygon[] = [];
  readGeometry(wkb, view, 0, out, 0);
  return out;
}

/**
 * parsePolygons then snapPolygons in one pass, without allocating the unsnapped rings (each is read into a reused
 * buffer and only its snapped copy is kept). The same result, bit for bit.
 */
export function parseSnapped(wkb: Uint8Array | null | undefined, size: number): Polygon[] {
  if (!wkb || wkb.byteLength < 5) return [];
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const out: Polygon[] = [];
  readGeometry(wkb, view, 0, out, size);
  return out;
}

let rawScratch = new Float64Array(256);

function readRing(wkb: Uint8Array, view: DataView, o: number, le: boolean, dims: number, n: number, into?: Float64Array): Ring {
  if (dims === 2 && le && LITTLE_ENDIAN_HOST) {
    // One block copy into a fresh (aligned) array.
    const r = into ?? new Float64Array(n * 2);
    new Uint8Array(r.buffer, 0, n * 16).set(wkb.subarray(o, o + n * 16));
    return r;
  }
  const r = into ?? new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    r[i * 2] = view.getFloat64(o, le);
    r[i * 2 + 1] = view.getFloat64(o + 8, le);
    o += 8 * dims;
  }
  return r;
}

/** Reads one geometry at offset o, appending its polygons to out (snapped when size > 0); returns the offset after it. */
function readGeometry(wkb: Uint8Array, view: DataView, o: number, out: Polygon[], size: number): number {
  const le = view.getUint8(o) === 1;
  o += 1;
  let type = view.getUint32(o, le);
  o += 4;
  let dims = 2;
  if (type > 3000) { type -= 3000; dims = 4; } else if (type > 2000) { type -= 2000; dims = 3; } else if (type > 1000) { type -= 1000; dims = 3; }
  if (type & 0x80000000) { dims = 3; type &= 0xffff; }
  switch (type) {
    case 1: return o + 8 * dims;
    case 2: { const n = view.getUint32(o, le); return o + 4 + n * 8 * dims; }
    case 3: {
      const nr = view.getUint32(o, le);
      o += 4;
      const p: Polygon = [];
      let collapsed = false;
      for (let i = 0; i < nr; i++) {
        const n = view.getUint32(o, le);
        o += 4;
        if (size > 0) {
          if (rawScratch.length < n * 2) rawScratch = new Float64Array(n * 4);
          const r = collapsed ? null : snapRing(readRing(wkb, view, o, le, dims, n, rawScratch), n, size);
          if (r) p.push(r);
          else if (i === 0) collapsed = true; // the exterior collapsed: the polygon goes
        } else p.push(readRing(wkb, view, o, le, dims, n));
        o += n * 8 * dims;
      }
      if (p.length) out.push(p);
      return o;
    }
    case 4: case 5: case 6: case 7: {
      const n = view.getUint32(o, le);
      o += 4;
      for (let i = 0; i < n; i++) o = readGeometry(wkb, view, o, out, size);
      return o;
    }
    default: throw new Error(`unsupported WKB geometry type ${type}`);
  }
}

/** C's rint() in the default rounding mode: to the nearest integer, ties to even. */
function rint(v: number): number {
  const r = Math.round(v); // ties towards +∞
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * SpatiaLite's ST_SnapToGrid(geom, size) on polygons, in JS and bit for bit: every coordinate becomes
 * rint(c / size) * size, repeated consecutive points are dropped, a ring left with fewer than 4 points is dropped, and
 * a polygon whose exterior ring is dropped goes with it (gaiaSnapToGrid, gg_relations_ext.c). Saves a round trip
 * through SQL for every parcel; tests compare it with ST_SnapToGrid on whole layers.
 */
export function snapPolygons(polys: Polygon[], size: number): Polygon[] {
  const out: Polygon[] = [];
  for (const p of polys) {
    const rings: Ring[] = [];
    for (let k = 0; k < p.length; k++) {
      const r = snapRing(p[k]!, p[k]!.length / 2, size);
      if (r) rings.push(r);
      else if (k === 0) break; // the exterior collapsed: the polygon goes
    }
    if (rings.length) out.push(rings);
  }
  return out;
}

/** One ring (its first n points) snapped as ST_SnapToGrid does, or null when it collapses below 4 points. */
function snapRing(r: Float64Array, n: number, size: number): Ring | null {
  if (snapScratch.length < n * 2 + 2) snapScratch = new Float64Array(n * 4 + 2);
  const s = snapScratch;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = rint(r[i * 2]! / size) * size + 0, y = rint(r[i * 2 + 1]! / size) * size + 0;
    if (m > 0 && s[m * 2 - 2] === x && s[m * 2 - 1] === y) continue;
    s[m * 2] = x; s[m * 2 + 1] = y; m++;
  }
  // (SpatiaLite "closes" a ring whose ends differ by repeating its last point; kept as is.)
  if (m > 0 && (s[0] !== s[m * 2 - 2] || s[1] !== s[m * 2 - 1])) { s[m * 2] = s[m * 2 - 2]!; s[m * 2 + 1] = s[m * 2 - 1]!; m++; }
  return m < 4 ? null : s.slice(0, m * 2);
}

let snapScratch = new Float64Array(256);

/** Writes polygons as a 2D little-endian WKB MultiPolygon (empty input → null). */
export function multiPolygonWkb(polys: Polygon[]): Buffer | null {
  if (!polys.length) return null;
  let size = 9;
  for (const p of polys) { size += 9; for (const r of p) size += 4 + r.length * 8; }
  const buf = Buffer.alloc(size);
  let o = 0;
  buf.writeUInt8(1, o); o += 1;
  buf.writeUInt32LE(6, o); o += 4;
  buf.writeUInt32LE(polys.length, o); o += 4;
  for (const p of polys) {
    buf.writeUInt8(1, o); o += 1;
    buf.writeUInt32LE(3, o); o += 4;
    buf.writeUInt32LE(p.length, o); o += 4;
    for (const r of p) {
      buf.writeUInt32LE(r.length / 2, o); o += 4;
      for (let i = 0; i < r.length; i++) { buf.writeDoubleLE(r[i]!, o); o += 8; }
    }
  }
  return buf;
}

/** Signed shoelace area of a closed ring (positive counter-clockwise), computed relative to its first vertex. */
export function ringSignedArea(r: Ring): number {
  const n = r.length / 2;
  if (n < 3) return 0;
  const x0 = r[0]!, y0 = r[1]!;
  let s = 0;
  for (let i = 1; i < n - 1; i++) {
    const ax = r[i * 2]! - x0, ay = r[i * 2 + 1]! - y0;
    const bx = r[i * 2 + 2]! - x0, by = r[i * 2 + 3]! - y0;
    s += ax * by - bx * ay;
  }
  return s / 2;
}

export function ringLength(r: Ring): number {
  let s = 0;
  for (let i = 2; i < r.length; i += 2) s += Math.hypot(r[i]! - r[i - 2]!, r[i + 1]! - r[i - 1]!);
  return s;
}

export function polygonArea(p: Polygon): number {
  let a = 0;
  p.forEach((r, i) => { const s = Math.abs(ringSignedArea(r)); a += i === 0 ? s : -s; });
  return a;
}

export function measurePart(p: Polygon): PartMeasure {
  const area = polygonArea(p);
  const perimeter = p.reduce((s, r) => s + ringLength(r), 0);
  return {
    area, perimeter,
    meanWidth: perimeter > 0 ? (2 * area) / perimeter : 0,
    thinness: perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0,
  };
}

export function totalArea(polys: Polygon[]): number {
  return polys.reduce((s, p) => s + polygonArea(p), 0);
}

export interface Tolerance {
  /** Parts narrower than this (mean width 2A/P, metres) are hairlines: numerical noise of shared boundaries. */
  hairlineWidth: number;
  /** Parts smaller than this (m²) do not count. */
  minArea: number;
}

/** Keeps the parts of an overlay result that count under the precision model; returns them and their area. */
export function significantParts(polys: Polygon[], tol: Tolerance): { parts: Polygon[]; area: number } {
  const parts: Polygon[] = [];
  let area = 0;
  for (const p of polys) {
    const m = measurePart(p);
    if (m.area <= 0 || m.meanWidth < tol.hairlineWidth || m.area < tol.minArea) continue;
    parts.push(p);
    area += m.area;
  }
  return { parts, area };
}

export function bboxOf(polys: Polygon[]): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of polys) {
    const r = p[0];
    if (!r) continue;
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i]!, y = r[i + 1]!;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return x0 === Infinity ? null : [x0, y0, x1, y1];
}

/**
 * A point inside the largest part (the scan-line method GEOS uses for InteriorPointArea): a horizontal line through
 * the middle of the part's extent, the midpoint of the widest interior interval it crosses.
 */
export function interiorPoint(polys: Polygon[]): [number, number] | null {
  let best: Polygon | undefined;
  let bestArea = -1;
  for (const p of polys) { const a = polygonArea(p); if (a > bestArea) { bestArea = a; best = p; } }
  if (!best || !best[0]) return null;
  const bb = bboxOf([best])!;
  // Avoid scanning exactly through a vertex: nudge the scan line off any vertex y.
  let y = (bb[1] + bb[3]) / 2;
  const ys = new Set<number>();
  for (const r of best) for (let i = 1; i < r.length; i += 2) ys.add(r[i]!);
  for (let k = 1; ys.has(y) && k < 50; k++) y = (bb[1] + bb[3]) / 2 + ((bb[3] - bb[1]) * k) / 1e4;
  const xs: number[] = [];
  for (const r of best) {
    for (let i = 2; i < r.length; i += 2) {
      const ax = r[i - 2]!, ay = r[i - 1]!, bx = r[i]!, by = r[i + 1]!;
      if ((ay <= y && by > y) || (by <= y && ay > y)) xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
    }
  }
  xs.sort((a, b) => a - b);
  let bx = NaN, bw = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > bw) { bw = w; bx = (xs[i]! + xs[i + 1]!) / 2; }
  }
  if (!(bw > 0)) { const r = best[0]; return [r[0]!, r[1]!]; }
  return [bx, y];
}

/** Even-odd point-in-polygon over all rings of all parts. */
export function containsPoint(polys: Polygon[], x: number, y: number): boolean {
  let inside = false;
  for (const p of polys) {
    for (const r of p) {
      for (let i = 2; i < r.length; i += 2) {
        const ax = r[i - 2]!, ay = r[i - 1]!, bx = r[i]!, by = r[i + 1]!;
        if ((ay > y) !== (by > y) && x < ax + ((y - ay) / (by - ay)) * (bx - ax)) inside = !inside;
      }
    }
  }
  return inside;
}

/** WKT of polygons (workspace CRS), millimetre precision: for the JSON report. */
export function polygonsWkt(polys: Polygon[], decimals = 3): string {
  if (!polys.length) return 'MULTIPOLYGON EMPTY';
  const ring = (r: Ring) => {
    const pts: string[] = [];
    for (let i = 0; i < r.length; i += 2) pts.push(`${r[i]!.toFixed(decimals)} ${r[i + 1]!.toFixed(decimals)}`);
    return `(${pts.join(',')})`;
  };
  return `MULTIPOLYGON(${polys.map((p) => `(${p.map(ring).join(',')})`).join(',')})`;
}
