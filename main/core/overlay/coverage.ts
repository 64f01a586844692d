// Coverage validation by segment matching (the idea of GEOS's CoverageValidator): in a layer that tiles an area,
// every edge segment of a polygon is shared, in the opposite direction, by exactly one neighbour. Segments are
// keyed on the precision grid; polygons all of whose segments match cannot overlap anything, so only the others
// ("flagged") go to GEOS for the overlap test, and the unmatched segments alone outline the layer's footprint and
// its gaps. On a clean 200,000-parcel layer this replaces ~600,000 pairwise GEOS tests by one pass in JS.
// Memory is bounded: the layer is processed in vertical stripes (a segment belongs to the stripe of its smaller
// endpoint), each stripe with its own hash table.
import type { Db } from '../db/spatialite.js';
import { parseSnapped, ringSignedArea } from './geom.js';

export interface CoverageResult {
  flagged: Set<number>;
  /** Unmatched segments as [x1, y1, x2, y2, …] in workspace coordinates (snapped). */
  unmatched: Float64Array;
  segments: number;
}

const MAX_SEGMENTS_PER_STRIPE = 2_000_000;

class SegmentTable {
  private keys: Int32Array;
  private fid: Int32Array;
  private state: Int8Array; // 0 empty, ±1 one segment with that direction, 2 matched, 3 conflicting
  private mask: number;
  size = 0;

  constructor(capacityPow2: number) {
    const n = 1 << capacityPow2;
    this.keys = new Int32Array(n * 4);
    this.fid = new Int32Array(n);
    this.state = new Int8Array(n);
    this.mask = n - 1;
  }

  private static hash(a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0xc2b2ae3d) ^ Math.imul(c, 0x27d4eb2f) ^ Math.imul(d, 0x165667b1);
    h ^= h >>> 13;
    return Math.imul(h, 0x5bd1e995) ^ (h >>> 16);
  }

  /** Adds a segment of polygon fid; polygons whose segments cannot be a clean shared edge go into flagged. */
  add(a: number, b: number, c: number, d: number, dir: 1 | -1, fid: number, flagged: Set<number>): void {
    if ((this.size + 1) * 2 > this.mask) this.grow();
    let i = SegmentTable.hash(a, b, c, d) & this.mask;
    for (;;) {
      const s = this.state[i]!;
      if (s === 0) {
        const k = i * 4;
        this.keys[k] = a; this.keys[k + 1] = b; this.keys[k + 2] = c; this.keys[k + 3] = d;
        this.fid[i] = fid;
        this.state[i] = dir;
        this.size++;
        return;
      }
      const k = i * 4;
      if (this.keys[k] === a && this.keys[k + 1] === b && this.keys[k + 2] === c && this.keys[k + 3] === d) {
        if ((s === 1 || s === -1) && s === -dir && this.fid[i] !== fid) { this.state[i] = 2; this.fid[i] = fid; return; }
        // Same direction, the same polygon twice, or a third polygon on a shared segment: overlap candidates.
        if (s === 1 || s === -1) flagged.add(this.fid[i]!);
        flagged.add(fid);
        this.state[i] = 3;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, fid, state } = this;
    const n = (this.mask + 1) * 2;
    this.keys = new Int32Array(n * 4);
    this.fid = new Int32Array(n);
    this.state = new Int8Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < state.length; i++) {
      if (state[i] === 0) continue;
      let j = SegmentTable.hash(keys[i * 4]!, keys[i * 4 + 1]!, keys[i * 4 + 2]!, keys[i * 4 + 3]!) & this.mask;
      while (this.state[j] !== 0) j = (j + 1) & this.mask;
      this.keys.set(keys.subarray(i * 4, i * 4 + 4), j * 4);
      this.fid[j] = fid[i]!;
      this.state[j] = state[i]!;
      this.size++;
    }
  }

  /** Unmatched segments: their polygons are flagged and the segments returned. */
  unmatched(flagged: Set<number>, out: number[]): void {
    for (let i = 0; i < this.state.length; i++) {
      const s = this.state[i]!;
      if (s === 1 || s === -1) {
        flagged.add(this.fid[i]!);
        out.push(this.keys[i * 4]!, this.keys[i * 4 + 1]!, this.keys[i * 4 + 2]!, this.keys[i * 4 + 3]!);
      }
    }
  }
}

export function matchSegments(db: Db, table: string, grid: number, isCancelled: () => boolean): CoverageResult {
  const ext = db.prepare(`SELECT MIN(MbrMinX(geom)) x0, MIN(MbrMinY(geom)) y0, MAX(MbrMaxX(geom)) x1, MAX(MbrMaxY(geom)) y1,
    SUM(ST_NPoints(geom)) n FROM "${table}" WHERE geom IS NOT NULL`).get() as { x0: number | null; y0: number; x1: number; y1: number; n: number };
  const flagged = new Set<number>();
  if (ext.x0 === null) return { flagged, unmatched: new Float64Array(0), segments: 0 };
  // Integer grid coordinates relative to the layer's corner; a county at 1 mm fits easily in 31 bits.
  const ox = Math.floor(ext.x0) - 1, oy = Math.floor(ext.y0) - 1;
  const spanX = (ext.x1 - ox) / grid, spanY = (ext.y1 - oy) / grid;
  if (spanX > 2 ** 31 - 2 || spanY > 2 ** 31 - 2) throw new Error(`layer ${table} is too large for coverage matching at grid ${grid}`);
  const stripes = Math.max(1, Math.ceil(ext.n / MAX_SEGMENTS_PER_STRIPE));
  const width = (ext.x1 - ext.x0) / stripes;
  const unmatchedInt: number[] = [];
  let segments = 0;
  for (let s = 0; s < stripes; s++) {
    const sx0 = ext.x0 + s * width - (s === 0 ? 1 : 0);
    const sx1 = s === stripes - 1 ? ext.x1 + 1 : ext.x0 + (s + 1) * width;
    const qx0 = Math.round((sx0 - ox) / grid), qx1 = Math.round((sx1 - ox) / grid);
    const table_ = new SegmentTable(Math.max(10, Math.ceil(Math.log2(Math.min(ext.n, MAX_SEGMENTS_PER_STRIPE) * 2 + 1))));
    // Snapped in JS (exactly ST_SnapToGrid).
    const stmt = db.prepare(`SELECT fid, AsBinary(geom) wkb FROM "${table}" WHERE geom IS NOT NULL
      AND ROWID IN (SELECT pkid FROM "idx_${table}_geom" WHERE xmin <= ? AND xmax >= ?)`);
    let n = 0;
    for (const row of stmt.iterate(sx1, sx0) as Iterable<{ fid: number; wkb: Buffer | null }>) {
      if ((++n & 4095) === 0 && isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
      const polys = parseSnapped(row.wkb, grid);
      for (const poly of polys) {
        poly.forEach((ring, ri) => {
          const ccw = ringSignedArea(ring) > 0;
          // Exterior rings counter-clockwise, holes clockwise: shared edges then run in opposite directions.
          const reverse = ri === 0 ? !ccw : ccw;
          const m = ring.length / 2;
          for (let k = 0; k + 1 < m; k++) {
            const i = reverse ? m - 1 - k : k, j = reverse ? m - 2 - k : k + 1;
            const ax = Math.round((ring[i * 2]! - ox) / grid), ay = Math.round((ring[i * 2 + 1]! - oy) / grid);
            const bx = Math.round((ring[j * 2]! - ox) / grid), by = Math.round((ring[j * 2 + 1]! - oy) / grid);
            if (ax === bx && ay === by) continue;
            const fwd = ax < bx || (ax === bx && ay < by);
            const sx = fwd ? ax : bx;
            if (sx < qx0 || sx >= qx1) continue;
            segments++;
            if (fwd) table_.add(ax, ay, bx, by, 1, row.fid, flagged);
            else table_.add(bx, by, ax, ay, -1, row.fid, flagged);
          }
        });
      }
    }
    table_.unmatched(flagged, unmatchedInt);
  }
  const unmatched = new Float64Array(unmatchedInt.length);
  for (let i = 0; i < unmatchedInt.length; i += 2) {
    unmatched[i] = unmatchedInt[i]! * grid + ox;
    unmatched[i + 1] = unmatchedInt[i + 1]! * grid + oy;
  }
  return { flagged, unmatched, segments };
}

/** WKB MultiLineString of segments [x1, y1, x2, y2, …]. */
export function segmentsWkb(seg: Float64Array): Buffer {
  const n = seg.length / 4;
  const buf = Buffer.alloc(9 + n * (9 + 32));
  let o = 0;
  buf.writeUInt8(1, o); o += 1;
  buf.writeUInt32LE(5, o); o += 4;
  buf.writeUInt32LE(n, o); o += 4;
  for (let i = 0; i < n; i++) {
    buf.writeUInt8(1, o); o += 1;
    buf.writeUInt32LE(2, o); o += 4;
    buf.writeUInt32LE(2, o); o += 4;
    for (let k = 0; k < 4; k++) { buf.writeDoubleLE(seg[i * 4 + k]!, o); o += 8; }
  }
  return buf;
}
