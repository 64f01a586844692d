// The fixed geography of the synthetic 金坛区: the real NBS codes and names, plausible town seats, a synthetic
// district outline around the real district, the real 长荡湖 shore (GSHHG), a river line (WDBII canal) and the
// hills of 茅山 in the west. Everything is projected once to EPSG:4528 and then shifted to local metres.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import proj4 from 'proj4';
import { proj4Definition } from '../../../shared/domain/crs.js';
import { fbm, subSeed } from './prng.js';

export const SRID = 4528;
export const COUNTY_CODE = '320413';
export const COUNTY_NAME = '金坛区';
/** Local origin: stored coordinates are ORIGIN + local metres (easting carries the zone prefix 40). */
export const ORIGIN_X = 40_400_000;
export const ORIGIN_Y = 3_460_000;

export type TownKind = 'city' | 'zone' | 'town' | 'resort';

export interface TownDef {
  code: string;
  name: string;
  lon: number;
  lat: number;
  kind: TownKind;
  /** Additive weight (m) in the town assignment: bigger towns reach further. */
  weight: number;
  /** Built-up bump: amplitude (relative parcel density) and radius (m). */
  urbanA: number;
  urbanSigma: number;
  /** Street-grid angle (radians) of the town's built-up area. */
  streetAngle: number;
  /** Share of the town's dry land that is built up (城镇/建制镇 land, not hamlets or trunk roads). */
  builtShare: number;
}

/** Seats are plausible, not surveyed; 儒林 is moved off the GSHHG shore. */
export const TOWNS: readonly TownDef[] = [
  { code: '320413001', name: '西城街道', lon: 119.560, lat: 31.742, kind: 'city', weight: -1500, urbanA: 8, urbanSigma: 1700, streetAngle: 0.12, builtShare: 0.75 },
  { code: '320413100', name: '金城镇', lon: 119.622, lat: 31.772, kind: 'city', weight: 2600, urbanA: 7, urbanSigma: 1800, streetAngle: 0.30, builtShare: 0.34 },
  { code: '320413104', name: '儒林镇', lon: 119.462, lat: 31.668, kind: 'town', weight: -200, urbanA: 5, urbanSigma: 800, streetAngle: -0.2, builtShare: 0.08 },
  { code: '320413106', name: '直溪镇', lon: 119.478, lat: 31.862, kind: 'town', weight: 2500, urbanA: 5, urbanSigma: 850, streetAngle: 0.05, builtShare: 0.09 },
  { code: '320413108', name: '朱林镇', lon: 119.398, lat: 31.803, kind: 'town', weight: 2200, urbanA: 5, urbanSigma: 800, streetAngle: 0.4, builtShare: 0.085 },
  { code: '320413109', name: '薛埠镇', lon: 119.332, lat: 31.702, kind: 'town', weight: 3500, urbanA: 5, urbanSigma: 800, streetAngle: -0.35, builtShare: 0.065 },
  { code: '320413112', name: '指前镇', lon: 119.635, lat: 31.605, kind: 'town', weight: 600, urbanA: 5, urbanSigma: 800, streetAngle: 0.25, builtShare: 0.075 },
  { code: '320413400', name: '经济开发区', lon: 119.670, lat: 31.740, kind: 'zone', weight: 600, urbanA: 6, urbanSigma: 2000, streetAngle: 0.0, builtShare: 0.62 },
  { code: '320413401', name: '茅山旅游度假区', lon: 119.318, lat: 31.772, kind: 'resort', weight: 800, urbanA: 2.5, urbanSigma: 600, streetAngle: 0.5, builtShare: 0.06 },
  { code: '320413402', name: '华罗庚高新区', lon: 119.583, lat: 31.692, kind: 'zone', weight: -300, urbanA: 5, urbanSigma: 1700, streetAngle: -0.1, builtShare: 0.45 },
];

/** Synthetic district outline (lon, lat), clockwise from the north-west; perturbed by noise later. */
const OUTLINE_LONLAT: readonly [number, number][] = [
  [119.306, 31.844], [119.347, 31.872], [119.401, 31.879], [119.455, 31.888], [119.509, 31.883], [119.558, 31.873],
  [119.599, 31.860], [119.635, 31.840], [119.671, 31.807], [119.696, 31.770], [119.700, 31.733], [119.684, 31.691],
  [119.690, 31.650], [119.675, 31.600], [119.645, 31.545], [119.608, 31.493], [119.565, 31.478], [119.515, 31.476],
  [119.462, 31.493], [119.444, 31.540], [119.435, 31.598], [119.405, 31.626], [119.365, 31.644], [119.329, 31.663],
  [119.306, 31.700], [119.295, 31.747], [119.297, 31.798],
]

/** 茅山 ridge (lon, lat): hills fall off with distance from it. */
const RIDGE_LONLAT: readonly [number, number][] = [
  [119.285, 31.900], [119.300, 31.820], [119.315, 31.760], [119.335, 31.690], [119.365, 31.645], [119.400, 31.610],
];

/** 通济河-like synthetic river from the hills to the city (lon, lat). */
const RIVER2_LONLAT: readonly [number, number][] = [
  [119.352, 31.722], [119.385, 31.738], [119.425, 31.735], [119.468, 31.744], [119.512, 31.739], [119.552, 31.737],
];

/** Trunk roads between seats (indices into TOWNS), drawn as 公路用地 parcels. */
export const HIGHWAYS: readonly [number, number][] = [
  [0, 1], [0, 9], [1, 7], [9, 7], [0, 4], [4, 3], [3, 1], [4, 5], [5, 8], [9, 2], [7, 6], [2, 5],
];

/** The three villages of the 全域土地综合整治 pilot in 朱林镇. */
export const PILOT = {
  townCode: '320413108',
  villageCodes: ['320413108214', '320413108215', '320413108206'] as const, // 黄金村, 龙溪村, 红旗圩村
  xmbh: '320413-QYZZ-2023-01',
  xmmc: '金坛区朱林镇全域土地综合整治试点项目',
};

export interface VillageDef { code: string; nbsName: string; name: string; townCode: string; community: boolean }

/** NBS names end in 村委会/居委会; text uses the plain name (黄金村, 河滨社区, 方麓茶场). */
export function plainVillageName(nbs: string): string {
  if (nbs.endsWith('村委会')) {
    const base = nbs.slice(0, -3);
    return /[村场圩]$/.test(base) ? base : `${base}村`;
  }
  if (nbs.endsWith('社区居委会')) return nbs.slice(0, -3);
  if (nbs.endsWith('居委会')) return `${nbs.slice(0, -3)}社区`;
  return nbs;
}

function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim())
    .map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));
}

export function loadVillages(dataDir: string): VillageDef[] {
  const rows = readCsv(path.join(dataDir, 'admin_codes', 'changzhou_villages_nbs2023.csv'));
  const towns = new Set(TOWNS.map((t) => t.code));
  const out: VillageDef[] = [];
  for (const [code, name, streetCode] of rows) {
    if (!code || !name || !streetCode || !towns.has(streetCode)) continue;
    out.push({ code, nbsName: name, name: plainVillageName(name), townCode: streetCode, community: name.endsWith('居委会') });
  }
  return out;
}

/** Checks the hard-coded towns against the NBS list (names must match the codes). */
export function checkTowns(dataDir: string): void {
  const rows = readCsv(path.join(dataDir, 'admin_codes', 'changzhou_towns_streets_nbs2023.csv'));
  const byCode = new Map(rows.map((r) => [r[0], r[1]]));
  for (const t of TOWNS) {
    if (byCode.get(t.code) !== t.name) throw new Error(`town ${t.code} ${t.name} does not match the NBS list (${byCode.get(t.code)})`);
  }
}

export class Projector {
  private readonly conv = proj4('+proj=longlat +ellps=GRS80 +no_defs', proj4Definition(SRID));

  /** lon/lat → local metres. */
  toLocal(lon: number, lat: number): [number, number] {
    const [x, y] = this.conv.forward([lon, lat]) as [number, number];
    return [x - ORIGIN_X, y - ORIGIN_Y];
  }

  /** Closed or open lon/lat ring → open local ring. */
  ring(lonlat: readonly (readonly number[])[]): Float64Array {
    const closed = lonlat.length > 1 && lonlat[0]![0] === lonlat[lonlat.length - 1]![0] && lonlat[0]![1] === lonlat[lonlat.length - 1]![1];
    return this.points(closed ? lonlat.slice(0, -1) : lonlat);
  }

  /** lon/lat points → flat local coordinates. */
  points(pts: readonly (readonly number[])[]): Float64Array {
    const out = new Float64Array(pts.length * 2);
    pts.forEach((p, i) => {
      const [x, y] = this.toLocal(p[0]!, p[1]!);
      out[2 * i] = x;
      out[2 * i + 1] = y;
    });
    return out;
  }
}

export interface Geography {
  towns: { def: TownDef; x: number; y: number }[];
  /** District outline, open ring, local metres, counter-clockwise. */
  outline: Float64Array;
  /** 长荡湖: shell then islands (holes), open rings, local metres. */
  lake: Float64Array[];
  /** Flat segment lists [x1, y1, x2, y2, ...]. */
  ridge: Float64Array;
  rivers: Float64Array;
  highways: Float64Array;
}

function polylineSegments(pts: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 < pts.length; i += 2) out.push(pts[i]!, pts[i + 1]!, pts[i + 2]!, pts[i + 3]!);
  return out;
}

/** Subdivides the outline into ~1.2 km steps and displaces each vertex along the normal by smooth noise. */
function perturbOutline(ring: Float64Array, seed: number): Float64Array {
  const out: number[] = [];
  const n = ring.length / 2;
  const s = subSeed(seed, 'outline');
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const x1 = ring[2 * i]!, y1 = ring[2 * i + 1]!, x2 = ring[2 * j]!, y2 = ring[2 * j + 1]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    const steps = Math.max(1, Math.round(len / 1200));
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      const x = x1 + (x2 - x1) * t, y = y1 + (y2 - y1) * t;
      const nx = (y2 - y1) / len, ny = -(x2 - x1) / len;
      const d = k === 0 ? 0 : 900 * fbm(s, x, y, 7000, 3);
      out.push(x + nx * d, y + ny * d);
    }
  }
  return Float64Array.from(out);
}

export function loadGeography(dataDir: string, seed: number, proj = new Projector()): Geography {
  const towns = TOWNS.map((def) => {
    const [x, y] = proj.toLocal(def.lon, def.lat);
    return { def, x, y };
  });
  let outline = perturbOutline(proj.ring(OUTLINE_LONLAT), seed);
  if (ringAreaSigned(outline) < 0) outline = reverseRing(outline);

  const lakes = JSON.parse(readFileSync(path.join(dataDir, 'water', 'changzhou_lakes_gshhg_wgs84.geojson'), 'utf8')) as {
    features: { properties: { name_zh: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
  };
  const f = lakes.features.find((x) => x.properties.name_zh.startsWith('长荡湖'));
  if (!f) throw new Error('长荡湖 not found in changzhou_lakes_gshhg_wgs84.geojson');
  const rings = (f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as number[][][][])[0]! : (f.geometry.coordinates as number[][][]));
  const lake = rings.map((r) => proj.ring(r));

  const canals = JSON.parse(readFileSync(path.join(dataDir, 'water', 'changzhou_canals_rivers_wdbii_wgs84.geojson'), 'utf8')) as {
    features: { properties: { class: string }; geometry: { type: string; coordinates: number[][] } }[];
  };
  const rivers: number[] = [];
  for (const c of canals.features) {
    if (c.geometry.type !== 'LineString') continue;
    const inside = c.geometry.coordinates.filter((p) => p[0]! > 119.2 && p[0]! < 119.8 && p[1]! > 31.45 && p[1]! < 31.95);
    if (inside.length < 10) continue;
    // The 丹金溧漕河 corridor through the city (a WDBII minor canal): keep the stretch inside the box.
    rivers.push(...polylineSegments(proj.points(inside)));
  }
  rivers.push(...polylineSegments(proj.points(RIVER2_LONLAT)));

  const highways: number[] = [];
  for (const [a, b] of HIGHWAYS) highways.push(towns[a]!.x, towns[a]!.y, towns[b]!.x, towns[b]!.y);
  const ridge = polylineSegments(proj.points(RIDGE_LONLAT));
  return { towns, outline, lake, ridge: Float64Array.from(ridge), rivers: Float64Array.from(rivers), highways: Float64Array.from(highways) };
}

function ringAreaSigned(r: Float64Array): number {
  let s = 0;
  const n = r.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += r[2 * i]! * r[2 * j + 1]! - r[2 * j]! * r[2 * i + 1]!;
  }
  return s / 2;
}

function reverseRing(r: Float64Array): Float64Array {
  const n = r.length / 2;
  const out = new Float64Array(r.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = r[2 * (n - 1 - i)]!;
    out[2 * i + 1] = r[2 * (n - 1 - i) + 1]!;
  }
  return out;
}
