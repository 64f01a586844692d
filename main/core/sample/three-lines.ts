// Synthetic drafts of the three control lines (三条控制线), decided on the cells before anything is written:
// - 生态保护红线: the forest of the western hills (cell unions, split by zone and town) plus 长荡湖 with a shore
//   buffer (built later in SQL);
// - 城镇开发边界: a smooth blob per town (convex hull of its built-up core, buffered);
// - 永久基本农田: every 耕地 parcel outside both, i.e. a 图斑-level layer (but the 一般耕地 the consolidation pilot
//   moves in, consolidation.ts).
// A handful of deliberate conflicts are planted for the checks to find, and listed in the summary.
import { TOWNS, type Geography } from './district.js';
import { ConvexRegion, bufferConvex, convexHull } from './geometry.js';
import type { LakeRelation, LandUse } from './landuse.js';
import { LANDUSE_CODES, LANDUSE_INDEX } from './landuse.js';
import { cellRing, components, type Tessellation } from './tessellation.js';

/** Width of the 长荡湖 wetland red line beyond the shore (m). */
export const LAKE_BUFFER = 250;

export interface EcoZone { key: string; name: string; hxlx: string; code: string }

export const ECO_ZONES: readonly EcoZone[] = [
  { key: 'maoshan', name: '茅山水源涵养生态保护红线', hxlx: '生态功能极重要区', code: 'MS' },
  { key: 'fangshan', name: '薛埠方山水土保持生态保护红线', hxlx: '生态环境极脆弱区', code: 'FS' },
  { key: 'changdang', name: '长荡湖重要湿地', hxlx: '生态功能极重要区', code: 'CDH' },
];

export interface EcoGroup { zone: number; townIndex: number }

export interface UdbBlob { townIndex: number; ring: Float64Array; conflict: boolean }

export interface ThreeLines {
  /** Hill red-line group per cell (-1 = none). */
  ecoLabel: Int32Array;
  ecoGroups: EcoGroup[];
  blobs: UdbBlob[];
  /** 1 = the cell is a 永久基本农田 parcel. */
  pbf: Uint8Array;
  planted: {
    ecoPbf: number[];
    pbfUdb: number[];
    pbfNotCultivated: number[];
    /** Town whose boundary reaches into the red line. */
    ecoUdbTown: number;
  };
}

const isForest = (c: string) => c.startsWith('03');
const isCultivated = (c: string) => c.startsWith('01');
const BUILT = new Set(['05H1', '0508', '0601', '0701', '08H1', '08H2', '0810', '1004']);

export function planThreeLines(t: Tessellation, geo: Geography, town: Int8Array, lu: LandUse, lake: LakeRelation,
  excluded: (k: number) => boolean, ruralSpacing: number): ThreeLines {
  const n = t.count;
  const code = (k: number) => LANDUSE_CODES[lu.dl[k]!]!;
  const dry = (k: number) => lake.rel[k] === 0 && !(lake.dist[k]! <= LAKE_BUFFER + 10);

  // --- 生态保护红线 in the hills: forest components of at least ~40 ha, labelled by zone and town.
  const hillForest = (k: number) => isForest(code(k)) && lu.hill[k]! >= 0.86 && lake.rel[k] === 0;
  const { comp, sizes } = components(t, hillForest);
  const compArea = new Float64Array(sizes.length);
  for (let k = 0; k < n; k++) if (comp[k]! >= 0) compArea[comp[k]!] = compArea[comp[k]!]! + t.area[k]!;
  const minArea = Math.max(400_000, 6 * ruralSpacing * ruralSpacing);
  const splitY = geo.towns[TOWNS.findIndex((x) => x.name === '茅山旅游度假区')]!.y - 2500;
  const ecoLabel = new Int32Array(n).fill(-1);
  const groupIndex = new Map<number, number>();
  const ecoGroups: EcoGroup[] = [];
  const groupOf = (zone: number, ti: number) => {
    const key = zone * 100 + ti;
    let g = groupIndex.get(key);
    if (g === undefined) { g = ecoGroups.length; groupIndex.set(key, g); ecoGroups.push({ zone, townIndex: ti }); }
    return g;
  };
  for (let k = 0; k < n; k++) {
    if (comp[k]! < 0 || compArea[comp[k]!]! < minArea) continue;
    ecoLabel[k] = groupOf(t.seedY[k]! >= splitY ? 0 : 1, town[k]!);
  }
  // Deterministic group order: by zone, then town.
  const order = ecoGroups.map((_, i) => i).sort((a, b) => ecoGroups[a]!.zone - ecoGroups[b]!.zone || ecoGroups[a]!.townIndex - ecoGroups[b]!.townIndex);
  const renum = new Int32Array(order.length);
  order.forEach((g, i) => { renum[g] = i; });
  const sortedGroups = order.map((g) => ecoGroups[g]!);
  for (let k = 0; k < n; k++) if (ecoLabel[k]! >= 0) ecoLabel[k] = renum[ecoLabel[k]!]!;

  // --- 城镇开发边界: hull of each town's built-up core (connected to the seat), buffered.
  const built = (k: number) => BUILT.has(code(k));
  const blobs: UdbBlob[] = [];
  const inCore = new Uint8Array(n);
  geo.towns.forEach((tw, ti) => {
    let start = -1, bd = Infinity;
    for (let k = 0; k < n; k++) {
      if (town[k] !== ti || !built(k)) continue;
      const d = Math.hypot(t.seedX[k]! - tw.x, t.seedY[k]! - tw.y);
      if (d < bd) { bd = d; start = k; }
    }
    if (start < 0) return;
    const stack = [start];
    inCore[start] = 1;
    const pts: number[] = [];
    while (stack.length) {
      const k = stack.pop()!;
      const r = cellRing(t, k);
      for (let i = 0; i < r.length; i++) pts.push(r[i]!);
      for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
        const j = t.nbr[q]!;
        if (j >= 0 && !inCore[j] && town[j] === ti && built(j)) { inCore[j] = 1; stack.push(j); }
      }
    }
    const buffer = tw.def.kind === 'city' || tw.def.kind === 'zone' ? 400 : tw.def.kind === 'town' ? 250 : 150;
    blobs.push({ townIndex: ti, ring: bufferConvex(convexHull(pts), buffer), conflict: false });
  });
  // Planted ECO∩UDB: the (non-city) boundary nearest the hill red line is stretched to take in a disc around the
  // nearest interior red-line parcel, so it reaches into the red line.
  let ecoUdbTown = -1;
  {
    let best = Infinity, target = -1, blobIndex = -1;
    blobs.forEach((b, bi) => {
      const kind = geo.towns[b.townIndex]!.def.kind;
      if (kind === 'city' || kind === 'zone') return;
      const region = new ConvexRegion(b.ring);
      for (let k = 0; k < n; k++) {
        if (ecoLabel[k]! < 0) continue;
        let interior = true;
        for (let q = t.off[k]!; q < t.off[k + 1]!; q++) { const j = t.nbr[q]!; if (j < 0 || ecoLabel[j]! < 0) { interior = false; break; } }
        if (!interior) continue;
        const d = region.violation(t.seedX[k]!, t.seedY[k]!);
        if (d < best) { best = d; target = k; blobIndex = bi; }
      }
    });
    if (target >= 0) {
      const b = blobs[blobIndex]!;
      const r = Math.max(200, 0.7 * Math.sqrt(t.area[target]!));
      const pts = Array.from(b.ring);
      for (let s = 0; s < 32; s++) {
        const a = (2 * Math.PI * s) / 32;
        pts.push(t.seedX[target]! + r * Math.cos(a), t.seedY[target]! + r * Math.sin(a));
      }
      b.ring = convexHull(pts);
      b.conflict = true;
      ecoUdbTown = b.townIndex;
    }
  }

  // --- 永久基本农田: 耕地 outside the red lines (and the lake shore zone) and outside every boundary blob.
  const regions = blobs.map((b) => new ConvexRegion(b.ring));
  const blobHits = (k: number, mode: 'overlap' | 'inside'): number => {
    const r = cellRing(t, k);
    for (let b = 0; b < regions.length; b++) {
      if (mode === 'overlap' ? regions[b]!.overlaps(r) : regions[b]!.containsRing(r)) return b;
    }
    return -1;
  };
  // Planted ECO∩PBF: parcels enclosed by the red line (most neighbours in it, clear of every boundary blob), taken
  // into it and kept as PBF. 耕地 first; where the red line has no farmland along it (coarse samples, high hills),
  // hill parcels next to it become 旱地 (0103) first.
  const ecoPbf: number[] = [];
  {
    const relabel = new Set(['0103', '0202', '0201', '0307', '0305', '0301', '1202']);
    const cand: { k: number; score: number; g: number }[] = [];
    for (let k = 0; k < n; k++) {
      const c = code(k);
      if (ecoLabel[k]! >= 0 || !(isCultivated(c) || relabel.has(c)) || !dry(k) || excluded(k) || t.area[k]! < 1500) continue;
      let inEco = 0, total = 0, g = -1;
      for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
        const j = t.nbr[q]!;
        total++;
        if (j >= 0 && ecoLabel[j]! >= 0 && town[j] === town[k]) { inEco++; g = ecoLabel[j]!; }
      }
      if (inEco < 2 || regions.some((r) => r.overlaps(cellRing(t, k)))) continue;
      cand.push({ k, score: (isCultivated(c) ? 10 : 0) + inEco / total, g });
    }
    cand.sort((a, b) => b.score - a.score || b.k - a.k);
    for (const c of cand.slice(0, 3)) {
      if (!isCultivated(code(c.k))) {
        lu.dl[c.k] = LANDUSE_INDEX['0103'];
        lu.slope[c.k] = lu.hill[c.k]! < 0.5 ? 2 : lu.hill[c.k]! < 0.7 ? 3 : 4;
        lu.czcs[c.k] = 0;
      }
      ecoLabel[c.k] = c.g;
      ecoPbf.push(c.k);
    }
  }

  const pbf = new Uint8Array(n);
  const overlapsBlob = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    if (!isCultivated(code(k)) || lake.rel[k] !== 0) continue;
    if (blobHits(k, 'overlap') >= 0) { overlapsBlob[k] = 1; continue; }
    if (ecoLabel[k]! >= 0 || !dry(k)) continue;
    pbf[k] = 1;
  }
  for (const k of ecoPbf) pbf[k] = 1;

  // Planted PBF∩UDB: 耕地 parcels wholly inside a (non-conflict) boundary kept as PBF, from different towns.
  const pbfUdb: number[] = [];
  {
    const cand: { k: number; town: number }[] = [];
    for (let k = 0; k < n; k++) {
      if (!overlapsBlob[k] || ecoLabel[k]! >= 0 || !dry(k) || excluded(k) || t.area[k]! < 1500) continue;
      const b = blobHits(k, 'inside');
      if (b >= 0 && !blobs[b]!.conflict) cand.push({ k, town: town[k]! });
    }
    const usedTowns = new Set<number>();
    for (const c of cand) if (pbfUdb.length < 3 && !usedTowns.has(c.town)) { pbfUdb.push(c.k); usedTowns.add(c.town); }
    for (const c of cand) if (pbfUdb.length < 3 && !pbfUdb.includes(c.k)) pbfUdb.push(c.k);
    for (const k of pbfUdb) pbf[k] = 1;
  }

  // Planted 划定不实: a few non-cultivated parcels (orchard, pond, homestead, farm facility) next to PBF, put in it.
  const pbfNotCultivated: number[] = [];
  for (const c of ['0201', '1104', '0702', '1202']) {
    let pick = -1, bestNb = 1;
    for (let k = 0; k < n; k++) {
      if (code(k) !== c || ecoLabel[k]! >= 0 || !dry(k) || excluded(k) || t.area[k]! < 1200 || pbf[k]) continue;
      let nb = 0;
      for (let q = t.off[k]!; q < t.off[k + 1]!; q++) { const j = t.nbr[q]!; if (j >= 0 && pbf[j]) nb++; }
      if (nb > bestNb && blobHits(k, 'overlap') < 0) { bestNb = nb; pick = k; }
    }
    if (pick >= 0) pbfNotCultivated.push(pick);
  }
  for (const k of pbfNotCultivated) pbf[k] = 1;
  return { ecoLabel, ecoGroups: sortedGroups, blobs, pbf, planted: { ecoPbf, pbfUdb, pbfNotCultivated, ecoUdbTown } };
}
