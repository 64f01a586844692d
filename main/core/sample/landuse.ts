// Land use (三调 DLBM) per parcel cell, from position: rivers and trunk roads along lines, built-up land around the
// town seats (with a street grid and industrial blocks), hamlets (农村宅基地) on the plain, forest and tea on the
// 茅山 hills, ponds (more near 长荡湖), farm roads and ditches on a field grid, and paddy everywhere else. Shares
// are set by area quantiles so the mix holds for any parcel count.
import type { Geography } from './district.js';
import { Raster, type Fields } from './fields.js';
import { SegmentGrid, convexContains, segSegDist2, segmentsIntersect } from './geometry.js';
import { fbm, hashUnit, pickWeighted, subSeed } from './prng.js';
import { cellRing, type Tessellation } from './tessellation.js';

export const LANDUSE_CODES = [
  '0101', '0102', '0103', '0201', '0202', '0301', '0305', '0307', '05H1', '0508', '0601', '0701', '0702',
  '08H1', '08H2', '0810', '1003', '1004', '1006', '1101', '1102', '1104', '1107', '1202',
] as const;
export type LandUseCode = (typeof LANDUSE_CODES)[number];
const C = Object.fromEntries(LANDUSE_CODES.map((c, i) => [c, i])) as Record<LandUseCode, number>;
export const LANDUSE_INDEX = C;

export const CZCSXM_CODES = ['', '201', '202', '203'] as const;

/** Lake relation per cell: 0 = dry, 1 = wholly in the lake, 2 = cut by the shore. */
export interface LakeRelation {
  rel: Uint8Array;
  /** Distance (m) from the cell to the lake, capped: Infinity beyond `maxDist`. 0 for rel 1 and 2. */
  dist: Float32Array;
}

export function lakeRelation(t: Tessellation, f: Fields, maxDist: number): LakeRelation {
  const rel = new Uint8Array(t.count);
  const dist = new Float32Array(t.count).fill(Infinity);
  const li = f.lakeIndex;
  const grid: SegmentGrid = f.lakeEdges;
  for (let k = 0; k < t.count; k++) {
    const a = t.off[k]!, b = t.off[k + 1]!;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let q = a; q < b; q++) {
      const v = t.vtx[q]!;
      const x = t.vx[2 * v]!, y = t.vx[2 * v + 1]!;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    if (x1 < li.minX - maxDist || x0 > li.maxX + maxDist || y1 < li.minY - maxDist || y0 > li.maxY + maxDist) continue;
    const ring = cellRing(t, k);
    const n = ring.length / 2;
    let crosses = false;
    let best = maxDist * maxDist;
    let near = false;
    grid.query(x0 - maxDist, y0 - maxDist, x1 + maxDist, y1 + maxDist, (s, g) => {
      if (crosses) return;
      const sx1 = g[s]!, sy1 = g[s + 1]!, sx2 = g[s + 2]!, sy2 = g[s + 3]!;
      if (convexContains(ring, sx1, sy1)) { crosses = true; return; }
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const ax = ring[2 * i]!, ay = ring[2 * i + 1]!, bx = ring[2 * j]!, by = ring[2 * j + 1]!;
        if (segmentsIntersect(ax, ay, bx, by, sx1, sy1, sx2, sy2)) { crosses = true; return; }
        const d = segSegDist2(ax, ay, bx, by, sx1, sy1, sx2, sy2);
        if (d < best) { best = d; near = true; }
      }
    });
    if (crosses) { rel[k] = 2; dist[k] = 0; continue; }
    if (li.contains(ring[0]!, ring[1]!)) { rel[k] = 1; dist[k] = 0; continue; }
    if (near) dist[k] = Math.sqrt(best);
  }
  return { rel, dist };
}

export interface LandUse {
  dl: Uint8Array;
  czcs: Uint8Array;
  /** 耕地坡度级别 1–5 (0 for other land). */
  slope: Uint8Array;
  hill: Float32Array;
}

/** Cells with the highest scores among candidates until their area reaches `target` (histogram threshold). */
function selectTop(cand: Uint8Array, score: Float32Array | Float64Array, area: Float64Array, target: number): Uint8Array {
  const out = new Uint8Array(cand.length);
  if (target <= 0) return out;
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < cand.length; k++) if (cand[k]) { lo = Math.min(lo, score[k]!); hi = Math.max(hi, score[k]!); }
  if (!(hi >= lo)) return out;
  const bins = 1 << 14;
  const w = (hi - lo) / bins || 1;
  const hist = new Float64Array(bins + 1);
  const bin = (s: number) => Math.min(bins, Math.floor((s - lo) / w));
  for (let k = 0; k < cand.length; k++) {
    if (!cand[k]) continue;
    const b = bin(score[k]!);
    hist[b] = hist[b]! + area[k]!;
  }
  let acc = 0, cut = 0;
  for (let b = bins; b >= 0; b--) {
    acc += hist[b]!;
    if (acc >= target) { cut = b; break; }
  }
  for (let k = 0; k < cand.length; k++) if (cand[k] && bin(score[k]!) >= cut) out[k] = 1;
  return out;
}

/** Distance from (x, y) to the nearest line of a rotated grid (spacing g, angle a) and that line's index. */
function gridLine(x: number, y: number, g: number, a: number): { d: number; id: number } {
  const u = x * Math.cos(a) + y * Math.sin(a), v = -x * Math.sin(a) + y * Math.cos(a);
  const iu = Math.round(u / g), iv = Math.round(v / g);
  const du = Math.abs(u - iu * g), dv = Math.abs(v - iv * g);
  return du < dv ? { d: du, id: iu * 2 } : { d: dv, id: iv * 2 + 1 };
}

export function assignLandUse(t: Tessellation, f: Fields, geo: Geography, town: Int8Array, lake: LakeRelation, ruralSpacing: number, seed: number): LandUse {
  const n = t.count;
  const dl = new Uint8Array(n).fill(255);
  const czcs = new Uint8Array(n);
  const slope = new Uint8Array(n);
  const hill = new Float32Array(n), urban = new Float32Array(n), hamlet = new Float32Array(n);
  const land = new Uint8Array(n);
  const s = new Float64Array(n);
  let landArea = 0;
  const rivers = new SegmentGrid(geo.rivers, 2000);
  const roads = new SegmentGrid(geo.highways, 2000);
  const typeSeed = subSeed(seed, 'lu-type'), pickSeed = subSeed(seed, 'lu-pick'), indSeed = subSeed(seed, 'lu-industry');
  const pondSeed = subSeed(seed, 'lu-pond'), orchardSeed = subSeed(seed, 'lu-orchard'), lineSeed = subSeed(seed, 'lu-lines');
  for (let k = 0; k < n; k++) {
    const x = t.seedX[k]!, y = t.seedY[k]!;
    hill[k] = f.hill(x, y);
    urban[k] = f.urban(x, y);
    hamlet[k] = f.hamlet(x, y);
    s[k] = Math.sqrt(t.area[k]!);
    if (lake.rel[k] === 1) { dl[k] = C['1102']; continue; }
    land[k] = 1;
    landArea += t.area[k]!;
  }
  const free = (k: number) => land[k] === 1 && dl[k] === 255;
  let used = 0;
  const set = (k: number, code: number) => { dl[k] = code; used += t.area[k]!; };

  // 1. Rivers (the canal corridor and a synthetic tributary) and trunk roads between the seats.
  for (let k = 0; k < n; k++) {
    if (!free(k)) continue;
    const x = t.seedX[k]!, y = t.seedY[k]!;
    const wr = Math.max(25, 0.55 * s[k]!);
    if (rivers.distance(x, y, wr) < wr) { set(k, C['1101']); continue; }
    const wh = Math.max(15, 0.5 * s[k]!);
    if (urban[k]! < 0.45 && hill[k]! < 0.7 && roads.distance(x, y, wh) < wh) set(k, C['1003']);
  }
  // 2. Built-up land around the seats: the top of the urban score, up to ~26 % construction land in all.
  const hamletShare = 0.05;
  // Each town builds up its own share of dry land, around its seat.
  const townLand = new Float64Array(geo.towns.length);
  for (let k = 0; k < n; k++) if (land[k]) townLand[town[k]!] = townLand[town[k]!]! + t.area[k]!;
  const cand = new Uint8Array(n);
  const built = new Uint8Array(n);
  geo.towns.forEach((tw, ti) => {
    for (let k = 0; k < n; k++) cand[k] = free(k) && town[k] === ti && hill[k]! < 0.75 ? 1 : 0;
    const sel = selectTop(cand, urban, t.area, tw.def.builtShare * townLand[ti]!);
    for (let k = 0; k < n; k++) if (sel[k]) built[k] = 1;
  });
  for (let k = 0; k < n; k++) {
    if (!built[k]) continue;
    const ti = town[k]!;
    const tw = geo.towns[ti]!;
    const x = t.seedX[k]!, y = t.seedY[k]!;
    const d = Math.hypot(x - tw.x, y - tw.y);
    const kind = tw.def.kind;
    czcs[k] = kind === 'city' || kind === 'zone' ? 1 : 2;
    const blockSize = Math.max(280, 1.5 * ruralSpacing);
    const street = gridLine(x - tw.x, y - tw.y, blockSize, tw.def.streetAngle);
    if (s[k]! < blockSize / 3 && street.d < 0.36 * s[k]!) { set(k, C['1004']); continue; }
    const ind = fbm(indSeed, x, y, 1600, 2);
    const u = hashUnit(pickSeed, k, 1);
    const industrial = kind === 'zone' ? ind > -0.35 && d > 500 : kind === 'city' ? ind > 0.3 && d > 1200 : ind > 0.25 && d > 450;
    if (industrial) { set(k, u < 0.9 ? C['0601'] : C['0508']); continue; }
    const core = d < tw.def.urbanSigma * 0.7;
    const codes = ['0701', '05H1', '08H1', '08H2', '0810', '0601'] as const;
    const w = core ? [46, 26, 6, 11, 8, 3] : [58, 13, 3, 7, 5, 14];
    set(k, C[codes[pickWeighted(w, u)]!]);
  }
  // 3. Hamlets: the cells nearest the hamlet centres, on the plain and the lower hills.
  for (let k = 0; k < n; k++) cand[k] = free(k) && hill[k]! < 0.8 ? 1 : 0;
  const hscore = new Float32Array(n);
  for (let k = 0; k < n; k++) hscore[k] = hamlet[k]! + 0.02 * hashUnit(pickSeed, k, 2);
  const hamlets = selectTop(cand, hscore, t.area, hamletShare * landArea);
  for (let k = 0; k < n; k++) if (hamlets[k]) { set(k, C['0702']); czcs[k] = 3; }
  // 4. Forest, then tea gardens, on the hills.
  for (let k = 0; k < n; k++) cand[k] = free(k) ? 1 : 0;
  const fscore = new Float32Array(n);
  for (let k = 0; k < n; k++) fscore[k] = hill[k]! + 0.22 * fbm(typeSeed, t.seedX[k]!, t.seedY[k]!, 1200, 3);
  const forest = selectTop(cand, fscore, t.area, 0.125 * landArea);
  for (let k = 0; k < n; k++) {
    if (!forest[k]) continue;
    const v = fbm(typeSeed + 7, t.seedX[k]!, t.seedY[k]!, 1500, 2);
    set(k, v < -0.3 ? C['0305'] : v > 0.35 ? C['0307'] : C['0301']);
  }
  // Tea (茅山 tea) on the middle slopes, in patches.
  for (let k = 0; k < n; k++) {
    cand[k] = free(k) && hill[k]! > 0.2 ? 1 : 0;
    fscore[k] = fbm(typeSeed + 3, t.seedX[k]!, t.seedY[k]!, 1500, 2) - 1.2 * Math.abs(hill[k]! - 0.5);
  }
  const tea = selectTop(cand, fscore, t.area, 0.035 * landArea);
  for (let k = 0; k < n; k++) if (tea[k]) set(k, C['0202']);
  // 5. Orchards and ponds on the plain (ponds crowd around the lake: aquaculture).
  for (let k = 0; k < n; k++) cand[k] = free(k) && hill[k]! < 0.5 ? 1 : 0;
  const oscore = new Float32Array(n);
  for (let k = 0; k < n; k++) oscore[k] = fbm(orchardSeed, t.seedX[k]!, t.seedY[k]!, 1200, 2) + 0.15 * hashUnit(pickSeed, k, 3);
  const orchard = selectTop(cand, oscore, t.area, 0.012 * landArea);
  for (let k = 0; k < n; k++) if (orchard[k]) set(k, C['0201']);
  for (let k = 0; k < n; k++) cand[k] = free(k) && hill[k]! < 0.5 ? 1 : 0;
  const pscore = new Float32Array(n);
  const li = f.lakeIndex;
  const lakeDist = new Raster(li.minX - 6000, li.minY - 6000, li.maxX + 6000, li.maxY + 6000, 200,
    (x, y) => Math.min(5000, f.lakeEdges.distance(x, y, 5000)));
  for (let k = 0; k < n; k++) {
    const dLake = lakeDist.get(t.seedX[k]!, t.seedY[k]!);
    pscore[k] = fbm(pondSeed, t.seedX[k]!, t.seedY[k]!, Math.max(600, 3 * ruralSpacing), 2) + 0.7 * Math.exp(-dLake / 2000) + 0.25 * hashUnit(pickSeed, k, 4);
  }
  const ponds = selectTop(cand, pscore, t.area, 0.045 * landArea);
  for (let k = 0; k < n; k++) if (ponds[k]) set(k, C['1104']);
  // 6. Farm roads and ditches on a field grid aligned with the parcels; some field-side facilities.
  const g = 9 * ruralSpacing;
  for (let k = 0; k < n; k++) {
    if (!free(k) || hill[k]! > 0.55) continue;
    const line = gridLine(t.seedX[k]!, t.seedY[k]!, g, 0.35);
    if (line.d > 0.4 * s[k]!) continue;
    const h = hashUnit(lineSeed, line.id, 0);
    if (h > 0.45) continue;
    set(k, h < 0.22 ? C['1006'] : C['1107']);
  }
  for (let k = 0; k < n; k++) cand[k] = free(k) && hill[k]! < 0.6 ? 1 : 0;
  const fac = new Float32Array(n);
  for (let k = 0; k < n; k++) fac[k] = 0.5 * hamlet[k]! + hashUnit(pickSeed, k, 5);
  const facilities = selectTop(cand, fac, t.area, 0.012 * landArea);
  for (let k = 0; k < n; k++) if (facilities[k]) set(k, C['1202']);
  // 7. Everything else is cultivated: paddy on the plain, dry land on the hill fringe, some irrigated land near towns.
  for (let k = 0; k < n; k++) {
    if (!free(k)) continue;
    const h = hill[k]!;
    const v = fbm(typeSeed + 13, t.seedX[k]!, t.seedY[k]!, 2500, 2);
    let code = C['0101'];
    if ((h > 0.3 && v > -0.1) || (h > 0.15 && v > 0.3) || v > 0.62) code = C['0103'];
    else if (urban[k]! > 0.12 && v < -0.35) code = C['0102'];
    set(k, code);
    slope[k] = h < 0.3 ? 1 : h < 0.5 ? 2 : h < 0.7 ? 3 : 4;
  }
  return { dl, czcs, slope, hill };
}
