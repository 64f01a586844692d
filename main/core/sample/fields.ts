// Smooth scalar fields over the district that drive parcel density and land use: built-up bumps around town
// seats, the 茅山 hills in the west, and scattered hamlets (自然村) on the plain.
import { type Geography } from './district.js';
import { PolygonIndex, SegmentGrid, pointSegDist2 } from './geometry.js';
import { fbm, hashUnit, subSeed } from './prng.js';

const HAMLET_STEP = 1000;

export class Fields {
  readonly lakeIndex: PolygonIndex;
  readonly outlineIndex: PolygonIndex;
  readonly lakeEdges: SegmentGrid;
  private readonly ridge: Float64Array;
  private readonly hillSeed: number;
  private readonly urbanSeed: number;
  /** Hamlet centres on a jittered 1 km lattice: x, y, radius (NaN = no hamlet in that lattice cell). */
  private readonly hamlets = new Map<number, [number, number, number]>();
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;

  constructor(readonly geo: Geography, readonly seed: number) {
    this.lakeIndex = new PolygonIndex(geo.lake, 256);
    this.outlineIndex = new PolygonIndex([geo.outline], 1024);
    this.lakeEdges = new SegmentGrid(this.lakeIndex.edges(), 500);
    this.ridge = geo.ridge;
    this.hillSeed = subSeed(seed, 'hills');
    this.urbanSeed = subSeed(seed, 'urban');
    const o = this.outlineIndex;
    this.minX = o.minX; this.minY = o.minY; this.maxX = o.maxX; this.maxY = o.maxY;
    const hs = subSeed(seed, 'hamlets');
    const i0 = Math.floor(o.minX / HAMLET_STEP) - 1, i1 = Math.floor(o.maxX / HAMLET_STEP) + 1;
    const j0 = Math.floor(o.minY / HAMLET_STEP) - 1, j1 = Math.floor(o.maxY / HAMLET_STEP) + 1;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const x = (i + 0.15 + 0.7 * hashUnit(hs, i, j, 1)) * HAMLET_STEP;
        const y = (j + 0.15 + 0.7 * hashUnit(hs, i, j, 2)) * HAMLET_STEP;
        if (hashUnit(hs, i, j, 3) > 0.8) continue;
        if (this.hillRaw(x, y) > 0.55 || this.urbanMax(x, y) > 0.35) continue;
        if (this.lakeIndex.contains(x, y) || this.lakeEdges.distance(x, y, 300) < 300) continue;
        this.hamlets.set(this.hamletKey(i, j), [x, y, 90 + 80 * hashUnit(hs, i, j, 4)]);
      }
    }
  }

  private hamletKey(i: number, j: number): number {
    return (j + 10000) * 100000 + (i + 10000);
  }

  /** Hill score 0–1 (茅山 ridge in the west), without the town dip. */
  private hillRaw(x: number, y: number): number {
    const r = this.ridge;
    let d2 = Infinity;
    for (let s = 0; s < r.length; s += 4) d2 = Math.min(d2, pointSegDist2(x, y, r[s]!, r[s + 1]!, r[s + 2]!, r[s + 3]!));
    const base = Math.exp(-d2 / (2 * 5200 * 5200));
    const v = base + 0.22 * fbm(this.hillSeed, x, y, 3500, 3) * Math.min(1, base * 3);
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  hill(x: number, y: number): number {
    return this.hillRaw(x, y);
  }

  /** Normalised built-up bump 0–1 of the strongest town at (x, y), and that town's index. */
  urbanMax(x: number, y: number): number {
    let best = 0;
    for (const t of this.geo.towns) {
      const dx = x - t.x, dy = y - t.y;
      const s = t.def.urbanSigma;
      const v = (t.def.urbanA / 8) * Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
      if (v > best) best = v;
    }
    return best;
  }

  /** Built-up score used for land use: bump plus noise so the edge of town is ragged. */
  urban(x: number, y: number): number {
    return this.urbanMax(x, y) + 0.12 * fbm(this.urbanSeed, x, y, 1800, 3);
  }

  /** Hamlet score 0–1: 1 at a hamlet centre, falling off over its radius. */
  hamlet(x: number, y: number): number {
    const i0 = Math.floor(x / HAMLET_STEP), j0 = Math.floor(y / HAMLET_STEP);
    let best = 0;
    for (let j = j0 - 1; j <= j0 + 1; j++) {
      for (let i = i0 - 1; i <= i0 + 1; i++) {
        const h = this.hamlets.get(this.hamletKey(i, j));
        if (!h) continue;
        const dx = x - h[0], dy = y - h[1];
        const v = Math.exp(-(dx * dx + dy * dy) / (2 * h[2] * h[2]));
        if (v > best) best = v;
      }
    }
    return best;
  }

  /** Relative parcel density (1 on open farmland); at most DENSITY_CAP. */
  smoothDensity(x: number, y: number): number {
    let u = 1;
    for (const t of this.geo.towns) {
      const dx = x - t.x, dy = y - t.y;
      const s = t.def.urbanSigma * 1.25;
      u += t.def.urbanA * Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
    }
    return u * (1 - 0.5 * this.hillRaw(x, y));
  }

  density(x: number, y: number, smooth: number): number {
    const d = smooth * (1 + 1.2 * this.hamlet(x, y));
    return d > DENSITY_CAP ? DENSITY_CAP : d;
  }
}

export const DENSITY_CAP = 16;

/** Bilinear raster of a smooth field over a box, for fast repeated lookups. */
export class Raster {
  private readonly data: Float32Array;
  private readonly nx: number;
  private readonly ny: number;

  constructor(readonly x0: number, readonly y0: number, x1: number, y1: number, readonly step: number, f: (x: number, y: number) => number) {
    this.nx = Math.ceil((x1 - x0) / step) + 2;
    this.ny = Math.ceil((y1 - y0) / step) + 2;
    this.data = new Float32Array(this.nx * this.ny);
    for (let j = 0; j < this.ny; j++) for (let i = 0; i < this.nx; i++) this.data[j * this.nx + i] = f(x0 + i * step, y0 + j * step);
  }

  get(x: number, y: number): number {
    let fx = (x - this.x0) / this.step, fy = (y - this.y0) / this.step;
    fx = fx < 0 ? 0 : fx > this.nx - 1.001 ? this.nx - 1.001 : fx;
    fy = fy < 0 ? 0 : fy > this.ny - 1.001 ? this.ny - 1.001 : fy;
    const i = Math.floor(fx), j = Math.floor(fy);
    const tx = fx - i, ty = fy - j;
    const k = j * this.nx + i;
    const a = this.data[k]!, b = this.data[k + 1]!, c = this.data[k + this.nx]!, d = this.data[k + this.nx + 1]!;
    return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
  }
}
