// Parcel seeds and their Voronoi tessellation (d3-delaunay). Seeds come from an anisotropic, domain-warped lattice
// thinned by ordered dithering to the local density (small parcels in town, long fields on the plain, large forest
// parcels in the hills) plus a sparse lattice in the lake. Cells whose seed lies in the district outline are the
// district; every cell is kept as a ring of circumcentre indices with the neighbour across each edge, so unions
// (villages, towns, red lines) are edge cancellations with vertex-identical shared boundaries.
import { Delaunay } from 'd3-delaunay';
import { DENSITY_CAP, Raster, type Fields } from './fields.js';
import { ringArea, type Polygon } from './geometry.js';
import { bayerRank, fbm, hashUnit, subSeed } from './prng.js';

export interface Seeds {
  /** Flat local coordinates of every seed (district, margin and lake). */
  pts: Float64Array;
  /** 0 = land seed, 1 = lake seed. */
  kind: Uint8Array;
  /** Mean spacing (m) of land parcels on open farmland (density 1). */
  ruralSpacing: number;
}

export interface SeedOptions {
  parcels: number;
  seed: number;
  isCancelled?: () => boolean;
}

const ANISOTROPY = 2.4;
const GRID_ANGLE = 0.35;
const WARP_AMPLITUDE = 450;
const OVERSHOOT = 1.03;

function estimateMass(f: Fields, step: number): number {
  let mass = 0;
  for (let y = f.minY + step / 2; y < f.maxY; y += step) {
    for (let x = f.minX + step / 2; x < f.maxX; x += step) {
      if (!f.outlineIndex.contains(x, y) || f.lakeIndex.contains(x, y)) continue;
      mass += f.density(x, y, f.smoothDensity(x, y)) / DENSITY_CAP;
    }
  }
  return mass * step * step;
}

/** Generates seeds so that about `parcels` land seeds fall inside the outline (exactly that many after thinning). */
export function generateSeeds(f: Fields, opts: SeedOptions): Seeds {
  const mass = estimateMass(f, 150);
  let fineArea = mass / (opts.parcels * OVERSHOOT);
  const margin = 4000;
  const bx0 = f.minX - margin, by0 = f.minY - margin, bx1 = f.maxX + margin, by1 = f.maxY + margin;
  const smooth = new Raster(bx0, by0, bx1, by1, 100, (x, y) => f.smoothDensity(x, y));
  const warpSeedX = subSeed(opts.seed, 'warp-x'), warpSeedY = subSeed(opts.seed, 'warp-y');
  const warpX = new Raster(bx0, by0, bx1, by1, 200, (x, y) => WARP_AMPLITUDE * fbm(warpSeedX, x, y, 9000, 2));
  const warpY = new Raster(bx0, by0, bx1, by1, 200, (x, y) => WARP_AMPLITUDE * fbm(warpSeedY, x, y, 9000, 2));
  const jitterSeed = subSeed(opts.seed, 'jitter');
  const thinSeed = subSeed(opts.seed, 'thin');

  for (let attempt = 0; attempt < 4; attempt++) {
    const du = Math.sqrt(fineArea * ANISOTROPY), dv = Math.sqrt(fineArea / ANISOTROPY);
    const ruralSpacing = Math.sqrt(fineArea * DENSITY_CAP);
    // Mask of the area worth seeding: the outline dilated by a few rural spacings (cells there only bound the
    // district's cells; farther seeds would not change them).
    const g = Math.max(250, ruralSpacing * 2);
    const mnx = Math.ceil((bx1 - bx0) / g) + 1, mny = Math.ceil((by1 - by0) / g) + 1;
    const core = new Uint8Array(mnx * mny);
    for (let j = 0; j < mny; j++) for (let i = 0; i < mnx; i++) if (f.outlineIndex.contains(bx0 + (i + 0.5) * g, by0 + (j + 0.5) * g)) core[j * mnx + i] = 1;
    const dil = Math.ceil((4 * ruralSpacing * ANISOTROPY + WARP_AMPLITUDE) / g) + 1;
    const mask = new Uint8Array(mnx * mny);
    for (let j = 0; j < mny; j++) {
      for (let i = 0; i < mnx; i++) {
        if (!core[j * mnx + i]) continue;
        for (let jj = Math.max(0, j - dil); jj <= Math.min(mny - 1, j + dil); jj++) {
          for (let ii = Math.max(0, i - dil); ii <= Math.min(mnx - 1, i + dil); ii++) mask[jj * mnx + ii] = 1;
        }
      }
    }
    const cos = Math.cos(GRID_ANGLE), sin = Math.sin(GRID_ANGLE);
    const cx = (bx0 + bx1) / 2, cy = (by0 + by1) / 2;
    const half = Math.hypot(bx1 - bx0, by1 - by0) / 2;
    const iMax = Math.ceil(half / du), jMax = Math.ceil(half / dv);
    let xs = new Float64Array(1 << 16);
    let n = 0;
    let landInside = 0;
    const inside: number[] = [];
    const push = (x: number, y: number) => {
      if (n * 2 + 2 > xs.length) { const b = new Float64Array(xs.length * 2); b.set(xs); xs = b; }
      xs[2 * n] = x; xs[2 * n + 1] = y; n++;
    };
    const ranks: number[] = [];
    for (let j = -jMax; j <= jMax; j++) {
      if (opts.isCancelled?.() && (j & 63) === 0) throw cancelled();
      for (let i = -iMax; i <= iMax; i++) {
        const u = i * du, v = j * dv;
        const x0 = cx + u * cos - v * sin, y0 = cy + u * sin + v * cos;
        if (x0 < bx0 || x0 > bx1 || y0 < by0 || y0 > by1) continue;
        const mi = Math.floor((x0 - bx0) / g), mj = Math.floor((y0 - by0) / g);
        if (!mask[mj * mnx + mi]) continue;
        const x1 = x0 + warpX.get(x0, y0), y1 = y0 + warpY.get(x0, y0);
        const rho = f.density(x1, y1, smooth.get(x1, y1));
        if (bayerRank(i, j) + 0.5 >= (256 * rho) / DENSITY_CAP) continue;
        const k = Math.sqrt(DENSITY_CAP / rho);
        const ju = (hashUnit(jitterSeed, i, j, 1) - 0.5) * 0.6 * du * k;
        const jv = (hashUnit(jitterSeed, i, j, 2) - 0.5) * 0.6 * dv * k;
        const x = x1 + ju * cos - jv * sin, y = y1 + ju * sin + jv * cos;
        if (f.lakeIndex.contains(x, y)) continue;
        if (f.outlineIndex.contains(x, y)) {
          landInside++;
          inside.push(n);
          ranks.push(hashUnit(thinSeed, i, j));
        }
        push(x, y);
      }
    }
    if (landInside < opts.parcels && attempt < 3) {
      fineArea *= (landInside / opts.parcels) * 0.985;
      continue;
    }
    // Thin to exactly `parcels` land seeds inside the outline: drop those with the highest hash rank.
    const drop = new Uint8Array(n);
    if (landInside > opts.parcels) {
      const order = inside.map((_, k) => k).sort((a, b) => ranks[b]! - ranks[a]! || a - b);
      for (let k = 0; k < landInside - opts.parcels; k++) drop[inside[order[k]!]!] = 1;
    }
    // Lake seeds: a sparse jittered lattice, kept away from the shore so lake cells rarely reach land.
    const ls = Math.max(900, 4 * ruralSpacing);
    const lakeSeed = subSeed(opts.seed, 'lake-seeds');
    const lake: number[] = [];
    const li = f.lakeIndex;
    for (let j = Math.floor(li.minY / ls); j <= Math.ceil(li.maxY / ls); j++) {
      for (let i = Math.floor(li.minX / ls); i <= Math.ceil(li.maxX / ls); i++) {
        const x = (i + 0.2 + 0.6 * hashUnit(lakeSeed, i, j, 1)) * ls, y = (j + 0.2 + 0.6 * hashUnit(lakeSeed, i, j, 2)) * ls;
        if (!li.contains(x, y)) continue;
        if (f.lakeEdges.distance(x, y, Math.max(ls / 3, 2 * ruralSpacing)) < Infinity) continue;
        lake.push(x, y);
      }
    }
    const total = n - (landInside - Math.min(landInside, opts.parcels)) + lake.length / 2;
    const pts = new Float64Array(total * 2);
    const kind = new Uint8Array(total);
    let m = 0;
    for (let k = 0; k < n; k++) {
      if (drop[k]) continue;
      pts[2 * m] = xs[2 * k]!; pts[2 * m + 1] = xs[2 * k + 1]!; m++;
    }
    for (let k = 0; k < lake.length; k += 2) {
      pts[2 * m] = lake[k]!; pts[2 * m + 1] = lake[k + 1]!; kind[m] = 1; m++;
    }
    return { pts, kind, ruralSpacing };
  }
  throw new Error('seed generation did not converge');
}

export function cancelled(): Error {
  return Object.assign(new Error('已取消 / Cancelled'), { code: 'CANCELLED' });
}

/** The district's Voronoi cells as rings of circumcentre indices. */
export interface Tessellation {
  /** Seeds of the cells (flat local coordinates), cell k ↔ seed k. */
  seedX: Float64Array;
  seedY: Float64Array;
  /** 1 if the cell's seed is a lake seed. */
  lakeSeed: Uint8Array;
  /** Ring of cell k: vertices vtx[off[k] .. off[k+1]), neighbour cell across the edge starting there (-1 = outside). */
  off: Int32Array;
  vtx: Int32Array;
  nbr: Int32Array;
  /** Voronoi vertex coordinates (flat), indexed by vtx. */
  vx: Float64Array;
  area: Float64Array;
  count: number;
}

const next = (e: number) => (e % 3 === 2 ? e - 2 : e + 1);

/** Builds the tessellation of the seeds inside the outline (plus lake seeds), fixed to one hole-free piece. */
export function tessellate(seeds: Seeds, f: Fields, isCancelled?: () => boolean): Tessellation {
  const { pts, kind } = seeds;
  const np = kind.length;
  const delaunay = new Delaunay(pts);
  const { triangles, halfedges, inedges, hull } = delaunay;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    minX = Math.min(minX, pts[i]!); maxX = Math.max(maxX, pts[i]!);
    minY = Math.min(minY, pts[i + 1]!); maxY = Math.max(maxY, pts[i + 1]!);
  }
  const voronoi = delaunay.voronoi([minX - 1, minY - 1, maxX + 1, maxY + 1]);
  const circ = voronoi.circumcenters;
  if (isCancelled?.()) throw cancelled();

  // Which seeds are in: inside the outline, then the largest connected piece, then holes filled.
  const inside = new Uint8Array(np);
  for (let i = 0; i < np; i++) inside[i] = kind[i] === 1 || f.outlineIndex.contains(pts[2 * i]!, pts[2 * i + 1]!) ? 1 : 0;
  const onHull = new Uint8Array(np);
  for (const h of hull) onHull[h] = 1;
  for (let i = 0; i < np; i++) if (onHull[i] || inedges[i] === -1) inside[i] = 0;
  const forEachNeighbour = (i: number, fn: (j: number) => void) => {
    const e0 = inedges[i]!;
    if (e0 === -1) return;
    let e = e0;
    do {
      const o = next(e);
      fn(triangles[next(o)]!);
      e = halfedges[o]!;
    } while (e !== e0 && e !== -1);
    if (e === -1) {
      // Hull point: also the neighbour along the first incoming edge.
      fn(triangles[e0]!);
    }
  };
  const comp = new Int32Array(np).fill(-1);
  const stack = new Int32Array(np);
  let best = -1, bestSize = 0, nc = 0;
  for (let s = 0; s < np; s++) {
    if (!inside[s] || comp[s] !== -1) continue;
    let sp = 0, size = 0;
    stack[sp++] = s; comp[s] = nc;
    while (sp) {
      const i = stack[--sp]!;
      size++;
      forEachNeighbour(i, (j) => { if (inside[j] && comp[j] === -1) { comp[j] = nc; stack[sp++] = j; } });
    }
    if (size > bestSize) { bestSize = size; best = nc; }
    nc++;
  }
  for (let i = 0; i < np; i++) if (inside[i] && comp[i] !== best) inside[i] = 0;
  // Outside seeds not reachable from the hull through outside seeds are holes: fill them.
  const reach = new Uint8Array(np);
  let sp = 0;
  for (const h of hull) if (!inside[h] && !reach[h]) { reach[h] = 1; stack[sp++] = h; }
  while (sp) {
    const i = stack[--sp]!;
    forEachNeighbour(i, (j) => { if (!inside[j] && !reach[j]) { reach[j] = 1; stack[sp++] = j; } });
  }
  for (let i = 0; i < np; i++) if (!inside[i] && !reach[i] && !onHull[i] && inedges[i] !== -1) inside[i] = 1;
  if (isCancelled?.()) throw cancelled();

  const cellOf = new Int32Array(np).fill(-1);
  let count = 0;
  for (let i = 0; i < np; i++) if (inside[i]) cellOf[i] = count++;
  const off = new Int32Array(count + 1);
  let cap = count * 7;
  let vtx = new Int32Array(cap), nbrPoint = new Int32Array(cap);
  const seedX = new Float64Array(count), seedY = new Float64Array(count), lakeSeed = new Uint8Array(count);
  let m = 0;
  for (let i = 0; i < np; i++) {
    const k = cellOf[i]!;
    if (k < 0) continue;
    seedX[k] = pts[2 * i]!; seedY[k] = pts[2 * i + 1]!; lakeSeed[k] = kind[i]!;
    off[k] = m;
    const e0 = inedges[i]!;
    let e = e0;
    do {
      if (m + 1 >= cap) {
        cap *= 2;
        const a = new Int32Array(cap); a.set(vtx); vtx = a;
        const b = new Int32Array(cap); b.set(nbrPoint); nbrPoint = b;
      }
      const t = Math.floor(e / 3);
      const o = next(e);
      vtx[m] = t;
      nbrPoint[m] = triangles[next(o)]!;
      m++;
      e = halfedges[o]!;
      if (e === -1) throw new Error(`district cell ${i} is open (on the hull)`);
    } while (e !== e0);
  }
  off[count] = m;
  const nbr = new Int32Array(m);
  for (let q = 0; q < m; q++) nbr[q] = cellOf[nbrPoint[q]!]!;
  // Voronoi vertices: keep only those used, renumbered, so the big triangulation arrays can be dropped.
  const remap = new Int32Array(circ.length / 2).fill(-1);
  let nv = 0;
  for (let q = 0; q < m; q++) if (remap[vtx[q]!] === -1) remap[vtx[q]!] = nv++;
  const vx = new Float64Array(nv * 2);
  for (let t = 0; t < remap.length; t++) {
    const r = remap[t]!;
    if (r >= 0) { vx[2 * r] = circ[2 * t]!; vx[2 * r + 1] = circ[2 * t + 1]!; }
  }
  const vtxOut = new Int32Array(m);
  for (let q = 0; q < m; q++) vtxOut[q] = remap[vtx[q]!]!;
  const area = new Float64Array(count);
  const ring: number[] = [];
  for (let k = 0; k < count; k++) {
    ring.length = 0;
    for (let q = off[k]!; q < off[k + 1]!; q++) ring.push(vx[2 * vtxOut[q]!]!, vx[2 * vtxOut[q]! + 1]!);
    area[k] = ringArea(ring);
  }
  // d3-delaunay walks cells clockwise in y-up coordinates; we want counter-clockwise rings.
  let negative = 0;
  for (let k = 0; k < count; k++) if (area[k]! < 0) negative++;
  if (negative > count / 2) {
    for (let k = 0; k < count; k++) {
      const a = off[k]!, b = off[k + 1]!;
      // Reverse the vertex order; the neighbour of edge (v[q] → v[q+1]) becomes that of (v'[..]) accordingly.
      const vs = Array.from(vtxOut.subarray(a, b));
      const ns = Array.from(nbr.subarray(a, b));
      const len = b - a;
      for (let q = 0; q < len; q++) {
        vtxOut[a + q] = vs[(len - q) % len]!;
        nbr[a + q] = ns[(2 * len - q - 1) % len]!;
      }
      area[k] = -area[k]!;
    }
  }
  return { seedX, seedY, lakeSeed, off, vtx: vtxOut, nbr, vx, area, count };
}

/** The open ring of cell k as flat local coordinates (consecutive duplicate vertices removed). */
export function cellRing(t: Tessellation, k: number): Float64Array {
  const a = t.off[k]!, b = t.off[k + 1]!;
  const out = new Float64Array((b - a) * 2);
  let n = 0;
  for (let q = a; q < b; q++) {
    const v = t.vtx[q]!;
    const x = t.vx[2 * v]!, y = t.vx[2 * v + 1]!;
    if (n > 0 && out[2 * n - 2] === x && out[2 * n - 1] === y) continue;
    out[2 * n] = x; out[2 * n + 1] = y; n++;
  }
  if (n > 1 && out[0] === out[2 * n - 2] && out[1] === out[2 * n - 1]) n--;
  return n * 2 === out.length ? out : out.slice(0, n * 2);
}

/**
 * Unions cells by group (label[k] = group index, -1 = none) by cancelling shared edges. Returns, per group, its
 * polygons (shell + holes). Every Voronoi vertex has degree 3, so boundary rings never touch themselves.
 */
export function unionCells(t: Tessellation, label: Int32Array | Int16Array | Int8Array, groups: number): Polygon[][] {
  let es = new Int32Array(1 << 16), ee = new Int32Array(1 << 16), eg = new Int32Array(1 << 16);
  let ne = 0;
  for (let k = 0; k < t.count; k++) {
    const g = label[k]!;
    if (g < 0) continue;
    const a = t.off[k]!, b = t.off[k + 1]!;
    for (let q = a; q < b; q++) {
      const nk = t.nbr[q]!;
      if (nk >= 0 && label[nk] === g) continue;
      if (ne === es.length) {
        const grow = (x: Int32Array) => { const y = new Int32Array(x.length * 2); y.set(x); return y; };
        es = grow(es); ee = grow(ee); eg = grow(eg);
      }
      es[ne] = t.vtx[q]!;
      ee[ne] = t.vtx[q + 1 < b ? q + 1 : a]!;
      eg[ne] = g;
      ne++;
    }
  }
  const byStart = new Map<number, number>();
  for (let e = 0; e < ne; e++) {
    const key = es[e]! * groups + eg[e]!;
    if (byStart.has(key)) throw new Error('union: vertex with two outgoing boundary edges');
    byStart.set(key, e);
  }
  const used = new Uint8Array(ne);
  const shells: { g: number; ring: Float64Array; area: number }[] = [];
  const holes: { g: number; ring: Float64Array }[] = [];
  const buf: number[] = [];
  for (let e0 = 0; e0 < ne; e0++) {
    if (used[e0]) continue;
    const g = eg[e0]!;
    buf.length = 0;
    let e = e0;
    while (!used[e]) {
      used[e] = 1;
      const v = es[e]!;
      const x = t.vx[2 * v]!, y = t.vx[2 * v + 1]!;
      const n = buf.length;
      if (!(n >= 2 && buf[n - 2] === x && buf[n - 1] === y)) buf.push(x, y);
      const nx = byStart.get(ee[e]! * groups + g);
      if (nx === undefined) throw new Error('union: open boundary');
      e = nx;
    }
    if (e !== e0) throw new Error('union: ring did not close on its start');
    if (buf.length >= 4 && buf[0] === buf[buf.length - 2] && buf[1] === buf[buf.length - 1]) buf.length -= 2;
    const ring = Float64Array.from(buf);
    const area = ringArea(ring);
    if (area > 0) shells.push({ g, ring, area });
    else holes.push({ g, ring });
  }
  const out: Polygon[][] = Array.from({ length: groups }, () => []);
  const polyOf = new Map<(typeof shells)[number], Polygon>();
  // Largest shells first (stable), so output order is deterministic and meaningful.
  const order = shells.map((_, i) => i).sort((a, b) => shells[a]!.g - shells[b]!.g || shells[b]!.area - shells[a]!.area || a - b);
  for (const i of order) {
    const s = shells[i]!;
    const p: Polygon = [s.ring];
    polyOf.set(s, p);
    out[s.g]!.push(p);
  }
  for (const h of holes) {
    const x = h.ring[0]!, y = h.ring[1]!;
    let owner: (typeof shells)[number] | undefined;
    for (const i of order) {
      const s = shells[i]!;
      if (s.g !== h.g) continue;
      if (ringContains(s.ring, x, y) && (!owner || s.area < owner.area)) owner = s;
    }
    if (!owner) throw new Error('union: hole without a shell');
    polyOf.get(owner)!.push(h.ring);
  }
  return out;
}

export function ringContains(r: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = r[2 * i + 1]!, yj = r[2 * j + 1]!;
    if ((yi > y) !== (yj > y)) {
      const xi = r[2 * i]!, xj = r[2 * j]!;
      if (x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
    }
  }
  return inside;
}

/** Connected components of the cells for which member(k) holds; component id per cell (-1 elsewhere) and sizes. */
export function components(t: Tessellation, member: (k: number) => boolean): { comp: Int32Array; sizes: number[] } {
  const comp = new Int32Array(t.count).fill(-1);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let s = 0; s < t.count; s++) {
    if (comp[s] !== -1 || !member(s)) continue;
    const c = sizes.length;
    let size = 0;
    comp[s] = c;
    stack.push(s);
    while (stack.length) {
      const k = stack.pop()!;
      size++;
      for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
        const j = t.nbr[q]!;
        if (j >= 0 && comp[j] === -1 && member(j)) { comp[j] = c; stack.push(j); }
      }
    }
    sizes.push(size);
  }
  return { comp, sizes };
}
