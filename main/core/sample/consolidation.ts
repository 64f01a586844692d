// The 全域土地综合整治 pilot of 朱林镇 (villages 黄金村, 龙溪村, 红旗圩村): the project area is the union of the three
// villages; sub-zones are groups of its parcels: remote hamlet plots to be reclaimed (拆旧区 → 0101), a block next
// to the town seat for the resettlement housing (建新区, smaller than what is reclaimed), the remotest industrial
// block to be reclaimed (工矿废弃地复垦 → 0101), the pond and ditch network to be restored (生态保护修复) and the
// remaining farmland of each village (农用地整理, 高标准农田). The 永久基本农田 adjustment (docs/consolidation.md):
// the remotest 一般耕地 (耕地 the draft leaves out of 永久基本农田) is moved in (调入), and 永久基本农田 next to the
// resettlement block is moved out (调出), at most 1/1.1 of what comes in and 4.5 % of the project's 永久基本农田. No two
// sub-zones overlap.
import { PILOT, TOWNS, type Geography } from './district.js';
import type { AdminLayout } from './admin-layout.js';
import { LANDUSE_CODES, type LakeRelation, type LandUse } from './landuse.js';
import { components, type Tessellation } from './tessellation.js';

export type SubzoneType = '农用地整理' | '建设用地整理-拆旧区' | '建设用地整理-建新区' | '工矿废弃地复垦' | '生态保护修复' | '永久基本农田调出' | '永久基本农田调入';

export interface Subzone { type: SubzoneType; name: string; ghdlbm: string; cells: number[] }

export interface Pilot {
  /** 1 = the cell is in the project area. */
  inProject: Uint8Array;
  villageIndices: number[];
  subzones: Subzone[];
  /** 耕地 cells the draft must leave out of 永久基本农田 (一般耕地 the project moves in). */
  generalFarmland: number[];
}

const AGRICULTURAL = new Set(['0101', '0102', '0103', '0201', '1006', '1107', '1104', '1202']);
const BUILT = new Set(['05H1', '0508', '0601', '0701', '0702', '08H1', '08H2', '0810', '1003', '1004']);

export function inPilot(admin: AdminLayout): { inProject: Uint8Array; villageIndices: number[] } {
  const villageIndices = PILOT.villageCodes.map((c) => admin.villages.findIndex((v) => v.code === c));
  if (villageIndices.some((v) => v < 0)) throw new Error('pilot villages missing from the layout');
  const set = new Set(villageIndices);
  const inProject = new Uint8Array(admin.village.length);
  for (let k = 0; k < inProject.length; k++) if (set.has(admin.village[k]!)) inProject[k] = 1;
  return { inProject, villageIndices };
}

/**
 * `nearUrban(k)`: the cell may touch a 城镇开发边界 draft (nothing is moved into 永久基本农田 there).
 */
export function planPilot(t: Tessellation, geo: Geography, admin: AdminLayout, lu: LandUse, lake: LakeRelation, pbf: Uint8Array,
  nearUrban: (k: number) => boolean = () => false): Pilot {
  const { inProject, villageIndices } = inPilot(admin);
  const code = (k: number) => LANDUSE_CODES[lu.dl[k]!]!;
  const seat = geo.towns[TOWNS.findIndex((x) => x.code === PILOT.townCode)]!;
  const dist = (k: number) => Math.hypot(t.seedX[k]! - seat.x, t.seedY[k]! - seat.y);
  const used = new Uint8Array(t.count);
  const subzones: Subzone[] = [];
  const vname = (k: number) => admin.villages[admin.village[k]!]!.name;
  const ok = (k: number) => inProject[k] === 1 && lake.rel[k] === 0;

  // 拆旧区: hamlet plots farthest from the seat, up to six groups.
  const hamlet = components(t, (k) => ok(k) && code(k) === '0702');
  const groups = new Map<number, number[]>();
  for (let k = 0; k < t.count; k++) {
    const c = hamlet.comp[k]!;
    if (c < 0) continue;
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(k);
  }
  // 建新区 candidates (needed first: enough hamlets are reclaimed for the smallest of them to fit within 70 %).
  const eligible = (k: number) => ok(k) && !BUILT.has(code(k)) && !pbf[k] && code(k) !== '1101';
  const byDist = Array.from({ length: t.count }, (_, k) => k).filter(eligible).sort((a, b) => dist(a) - dist(b) || a - b);
  const smallestNear = Math.min(...byDist.slice(0, 50).map((k) => t.area[k]!));
  const sorted = [...groups.values()].sort((a, b) => dist(b[0]!) - dist(a[0]!) || a[0]! - b[0]!);
  const far: number[][] = [];
  let reclaimed = 0;
  for (const cells of sorted) {
    if (far.length >= 6 && 0.7 * reclaimed >= smallestNear) break;
    far.push(cells);
    for (const k of cells) reclaimed += t.area[k]!;
  }
  reclaimed = 0;
  const perVillage = new Map<string, number>();
  for (const cells of far) {
    const v = vname(cells[0]!);
    const i = (perVillage.get(v) ?? 0) + 1;
    perVillage.set(v, i);
    subzones.push({ type: '建设用地整理-拆旧区', name: `${v}拆旧地块${String(i).padStart(2, '0')}`, ghdlbm: '0101', cells });
    for (const k of cells) { used[k] = 1; reclaimed += t.area[k]!; }
  }

  // 建新区: a compact block of non-built, non-PBF parcels nearest the seat, at most 70 % of the reclaimed area.
  const target = 0.7 * reclaimed;
  const block: number[] = [];
  let area = 0;
  const first = byDist.slice(0, 50).find((k) => t.area[k]! <= target);
  if (first !== undefined) {
    const inBlock = new Uint8Array(t.count);
    const frontier = new Set<number>([first]);
    while (frontier.size && area < target) {
      // Grow by the frontier parcel nearest the seat.
      let best = -1;
      for (const k of frontier) if (best < 0 || dist(k) < dist(best) || (dist(k) === dist(best) && k < best)) best = k;
      frontier.delete(best);
      if (area + t.area[best]! > target) continue;
      inBlock[best] = 1;
      block.push(best);
      area += t.area[best]!;
      for (let q = t.off[best]!; q < t.off[best + 1]!; q++) {
        const j = t.nbr[q]!;
        if (j >= 0 && !inBlock[j] && eligible(j)) frontier.add(j);
      }
    }
  }
  if (block.length) {
    subzones.push({ type: '建设用地整理-建新区', name: `${TOWNS.find((x) => x.code === PILOT.townCode)!.name}集镇安置建新区`, ghdlbm: '0702', cells: block });
    for (const k of block) used[k] = 1;
  }

  // 工矿废弃地复垦: the industrial block farthest from the seat (none in samples too coarse to have one).
  const industry = components(t, (k) => ok(k) && !used[k] && (['0601', '0602'] as string[]).includes(code(k)));
  let farC = -1, farD = -1;
  for (let k = 0; k < t.count; k++) {
    const c = industry.comp[k]!;
    if (c >= 0 && dist(k) > farD) { farD = dist(k); farC = c; }
  }
  if (farC >= 0) {
    const cells: number[] = [];
    for (let k = 0; k < t.count; k++) if (industry.comp[k] === farC) cells.push(k);
    subzones.push({ type: '工矿废弃地复垦', name: `${vname(cells[0]!)}废弃工矿地复垦区`, ghdlbm: '0101', cells });
    for (const k of cells) used[k] = 1;
  }

  // The 永久基本农田 adjustment. 调出: 永久基本农田 nearest the resettlement block, up to 4.5 % of the project's
  // 永久基本农田 (the default rule caps it at 5 %). 调入: 一般耕地 brought in, at least 1.1 × what goes out (the default
  // rule wants ≥ 5 % more): the draft lines protect every 耕地 parcel outside the other two lines, so the pilot's
  // remotest 耕地 clear of the 城镇开发边界 is left out of them (`generalFarmland`, taken out by the caller).
  let pbfArea = 0;
  for (let k = 0; k < t.count; k++) if (ok(k) && pbf[k]) pbfArea += t.area[k]!;
  const cellsBy = (pred: (k: number) => boolean, order: (a: number, b: number) => number) =>
    Array.from({ length: t.count }, (_, i) => i).filter(pred).sort((a, b) => order(a, b) || a - b);
  const moveOut: number[] = [];
  let outArea = 0;
  for (const k of cellsBy((i) => ok(i) && pbf[i] === 1 && !used[i], (a, b) => dist(a) - dist(b)).slice(0, 30)) {
    if (outArea + t.area[k]! > 0.045 * pbfArea) continue;
    moveOut.push(k);
    outArea += t.area[k]!;
    if (moveOut.length >= 8) break;
  }
  for (const k of moveOut) used[k] = 1;
  const moveIn: number[] = [];
  let inArea = 0;
  for (const k of cellsBy((i) => ok(i) && pbf[i] === 1 && !used[i] && code(i).startsWith('01') && !nearUrban(i), (a, b) => dist(b) - dist(a))) {
    if (inArea >= Math.max(1.1 * outArea, 0.01 * pbfArea)) break;
    moveIn.push(k);
    inArea += t.area[k]!;
  }
  if (moveIn.length) {
    subzones.push({ type: '永久基本农田调入', name: '一般耕地划入永久基本农田', ghdlbm: '0101', cells: moveIn });
    for (const k of moveIn) used[k] = 1;
  }
  if (moveOut.length) subzones.push({ type: '永久基本农田调出', name: '集镇安置区周边永久基本农田调出', ghdlbm: '0101', cells: moveOut });

  // 生态保护修复: the largest connected group of ponds, ditches and streams.
  const water = components(t, (k) => ok(k) && !used[k] && ['1104', '1107', '1101'].includes(code(k)));
  let bestC = -1;
  water.sizes.forEach((s, c) => { if (bestC < 0 || s > water.sizes[bestC]!) bestC = c; });
  if (bestC >= 0) {
    const cells: number[] = [];
    for (let k = 0; k < t.count; k++) if (water.comp[k] === bestC) cells.push(k);
    subzones.push({ type: '生态保护修复', name: `${vname(cells[0]!)}坑塘水系生态修复区`, ghdlbm: '1104', cells });
    for (const k of cells) used[k] = 1;
  } else {
    // No water in the project (coarse samples): a shelter belt on the parcel farthest from the seat instead.
    const cand = Array.from({ length: t.count }, (_, k) => k).filter((k) => ok(k) && !used[k] && !BUILT.has(code(k)) && !pbf[k]);
    const pool = cand.length ? cand : Array.from({ length: t.count }, (_, k) => k).filter((k) => ok(k) && !used[k] && !BUILT.has(code(k)));
    const k = pool.sort((a, b) => dist(b) - dist(a) || a - b)[0];
    if (k !== undefined) {
      subzones.push({ type: '生态保护修复', name: `${vname(k)}生态防护林带修复区`, ghdlbm: '0301', cells: [k] });
      used[k] = 1;
    }
  }

  // 农用地整理: the remaining farmland of each village.
  for (const vi of villageIndices) {
    const cells: number[] = [];
    for (let k = 0; k < t.count; k++) if (ok(k) && !used[k] && admin.village[k] === vi && AGRICULTURAL.has(code(k))) cells.push(k);
    if (!cells.length) continue;
    subzones.push({ type: '农用地整理', name: `${admin.villages[vi]!.name}高标准农田建设区`, ghdlbm: '0101', cells });
    for (const k of cells) used[k] = 1;
  }
  return { inProject, villageIndices, subzones, generalFarmland: moveIn };
}
