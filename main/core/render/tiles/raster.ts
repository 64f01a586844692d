// Class rasters: a layer dissolved by style class at pixel resolution. A pixel takes the class of the feature that
// covers its centre (even-odd over all rings of the feature, so holes stay empty), so a feature that covers no pixel
// centre is dropped and colours stay exactly the class colours. A pixel also records whether it lies on a
// feature's edge (its neighbour belongs to another feature or to nothing), for outlines where features are a few
// pixels wide. One byte per pixel: class 1–127 in the low bits (0 = empty), the edge flag in the high bit.
import { TILE_SIZE } from '../../../../shared/domain/tiles.js';

export const EDGE_BIT = 0x80;
export const CLASS_MASK = 0x7f;
export const MAX_CLASSES = 127;

/**
 * A rectangle of pixels at one zoom, with a one-pixel margin all round (the margin is rasterized too, so edges are
 * right at the rectangle's border, but it is not part of the result).
 */
export class RasterWindow {
  readonly width: number;
  readonly height: number;
  readonly classes: Uint8Array;
  readonly ids: Int32Array;
  /** Pixel scale: world coordinate (0–1) × scale = pixel coordinate at this zoom. */
  readonly scale: number;

  /** px0, py0: the top-left pixel of the inner rectangle (zoom-z pixel coordinates); w × h its size. */
  constructor(readonly z: number, readonly px0: number, readonly py0: number, readonly w: number, readonly h: number) {
    this.width = w + 2;
    this.height = h + 2;
    this.classes = new Uint8Array(this.width * this.height);
    this.ids = new Int32Array(this.width * this.height);
    this.scale = TILE_SIZE * 2 ** z;
  }

  clear(): void {
    this.classes.fill(0);
    this.ids.fill(0);
  }

  /** Edge flags of the inner rectangle, from the feature ids (margin included as neighbours). */
  markEdges(): void {
    const { width, height, classes, ids } = this;
    for (let r = 1; r < height - 1; r++) {
      for (let c = 1; c < width - 1; c++) {
        const i = r * width + c;
        const id = ids[i]!;
        if (id === 0) continue;
        if (ids[i - 1] !== id || ids[i + 1] !== id || ids[i - width] !== id || ids[i + width] !== id) classes[i]! |= EDGE_BIT;
      }
    }
  }

  /** Copies the inner pixels that fall in tile (x, y) of this zoom into `out` (256×256); false when none do. */
  copyToTile(x: number, y: number, out: Uint8Array): boolean {
    const tx0 = x * TILE_SIZE, ty0 = y * TILE_SIZE;
    const c0 = Math.max(tx0, this.px0), c1 = Math.min(tx0 + TILE_SIZE, this.px0 + this.w);
    const r0 = Math.max(ty0, this.py0), r1 = Math.min(ty0 + TILE_SIZE, this.py0 + this.h);
    if (c0 >= c1 || r0 >= r1) return false;
    for (let r = r0; r < r1; r++) {
      const from = (r - this.py0 + 1) * this.width + (c0 - this.px0 + 1);
      out.set(this.classes.subarray(from, from + (c1 - c0)), (r - ty0) * TILE_SIZE + (c0 - tx0));
    }
    return true;
  }
}

// Scratch space for one feature's scanline crossings, reused across calls.
let crossings = new Float64Array(4096);
let rowCount = new Int32Array(1024);

/**
 * Fills the pixels of `win` whose centres lie inside the feature. `rings` hold world coordinates (x, y pairs in
 * 0–1, y southwards). Only rows rowFrom ≤ r < rowTo of the window (margin included, 0-based) are touched.
 */
export function rasterizeFeature(win: RasterWindow, rings: readonly Float64Array[], cls: number, id: number, rowFrom = 0, rowTo = win.height): void {
  const s = win.scale;
  // Window pixel (column c, row r) has its centre at (c + 0.5, r + 0.5) in window coordinates.
  const ox = win.px0 - 1, oy = win.py0 - 1;
  let yMin = Infinity, yMax = -Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i += 2) {
      const y = ring[i]! * s - oy;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  const first = Math.max(rowFrom, Math.ceil(yMin - 0.5));
  const last = Math.min(rowTo, Math.ceil(yMax - 0.5)); // exclusive
  if (first >= last) return;
  const rows = last - first;
  if (rowCount.length < rows + 1) rowCount = new Int32Array(Math.max(rows + 1, rowCount.length * 2));
  rowCount.fill(0, 0, rows + 1);
  // Pass 1: crossings per row (an edge crosses row r when its y-span holds the row's centre, half-open).
  for (const ring of rings) {
    for (let i = 0; i + 3 < ring.length; i += 2) {
      const ya = ring[i + 1]! * s - oy, yb = ring[i + 3]! * s - oy;
      if (ya === yb) continue;
      const lo = Math.max(first, Math.ceil(Math.min(ya, yb) - 0.5));
      const hi = Math.min(last, Math.ceil(Math.max(ya, yb) - 0.5));
      for (let r = lo; r < hi; r++) rowCount[r - first + 1]!++;
    }
  }
  for (let r = 1; r <= rows; r++) rowCount[r]! += rowCount[r - 1]!;
  const total = rowCount[rows]!;
  if (total === 0) return;
  if (crossings.length < total) crossings = new Float64Array(Math.max(total, crossings.length * 2));
  const fill = rowCount.slice(0, rows);
  // Pass 2: x of each crossing.
  for (const ring of rings) {
    for (let i = 0; i + 3 < ring.length; i += 2) {
      const xa = ring[i]! * s - ox, ya = ring[i + 1]! * s - oy;
      const xb = ring[i + 2]! * s - ox, yb = ring[i + 3]! * s - oy;
      if (ya === yb) continue;
      const lo = Math.max(first, Math.ceil(Math.min(ya, yb) - 0.5));
      const hi = Math.min(last, Math.ceil(Math.max(ya, yb) - 0.5));
      const dxdy = (xb - xa) / (yb - ya);
      for (let r = lo; r < hi; r++) crossings[fill[r - first]!++] = xa + (r + 0.5 - ya) * dxdy;
    }
  }
  // Pass 3: fill between pairs of sorted crossings, pixel centres in [x_a, x_b).
  const { width, classes, ids } = win;
  for (let r = 0; r < rows; r++) {
    const a = rowCount[r]!, b = rowCount[r + 1]!;
    // Insertion sort: a row of a parcel has two or four crossings.
    for (let i = a + 1; i < b; i++) {
      const v = crossings[i]!;
      let j = i - 1;
      while (j >= a && crossings[j]! > v) { crossings[j + 1] = crossings[j]!; j--; }
      crossings[j + 1] = v;
    }
    const rowBase = (r + first) * width;
    for (let i = a; i + 1 < b; i += 2) {
      const c0 = Math.max(0, Math.ceil(crossings[i]! - 0.5));
      const c1 = Math.min(width, Math.ceil(crossings[i + 1]! - 0.5));
      for (let c = c0; c < c1; c++) {
        classes[rowBase + c] = cls;
        ids[rowBase + c] = id;
      }
    }
  }
}

/** Number of non-empty pixels per class (index = class) of a tile's bytes. */
export function classHistogram(pixels: Uint8Array): Float64Array {
  const out = new Float64Array(MAX_CLASSES + 1);
  for (let i = 0; i < pixels.length; i++) out[pixels[i]! & CLASS_MASK]!++;
  return out;
}
