// Which CRS a file's coordinates are in: read from a .prj / GeoPackage / GeoJSON definition when there is one, guessed
// from the coordinate ranges when there is none, and the transform into the workspace's Gauss–Krüger CRS.
//
// Recognised: CGCS2000 geographic (EPSG:4490), every CGCS2000 Gauss–Krüger zone, 3° and 6°, with and without the
// zone number in the false easting (EPSG:4491–4554), WGS 84 (EPSG:4326, taken as CGCS2000: the two differ by
// centimetres, below 三调 precision) and Web Mercator (EPSG:3857). Xian 1980 and Beijing 1954 are recognised and
// refused: their coordinates are metres to a hundred metres off CGCS2000, and no offline grid exists; the user
// may supply the 7-parameter Helmert transformation (+towgs84) their bureau uses.
import proj4 from 'proj4';
import { CGCS2000_GEOGRAPHIC, gaussKrugerFromSrid, proj4Definition } from '../../../shared/domain/crs.js';

export const WGS84 = 4326;
export const WEB_MERCATOR = 3857;

export type LegacyDatum = 'xian1980' | 'beijing1954';

/** What we know of a source's CRS. */
export type SourceCrs =
  /** Read from the file (or given by the user): coordinates are in this CRS. */
  | { status: 'known'; srid: number | null; proj4: string; name: string; from: CrsSource }
  /** No definition in the file: a guess from the coordinate ranges, to be confirmed by the user. */
  | { status: 'guessed'; srid: number; proj4: string; name: string; reason: string; alternatives: number[] }
  /** Xian 1980 / Beijing 1954: refused unless the user supplies +towgs84. proj4 lacks the datum shift. */
  | { status: 'legacy'; datum: LegacyDatum; proj4: string; name: string; from: CrsSource }
  /** A definition we cannot use (other datum, other projection, unknown units). */
  | { status: 'unknown'; name: string; reason: string; from: CrsSource | 'none' };

export type CrsSource = 'prj' | 'gpkg' | 'geojson' | 'kml' | 'user';

export function describeSrid(srid: number): string {
  if (srid === CGCS2000_GEOGRAPHIC) return 'EPSG:4490 CGCS2000 经纬度 / geographic';
  if (srid === WGS84) return 'EPSG:4326 WGS 84 经纬度 / geographic';
  if (srid === WEB_MERCATOR) return 'EPSG:3857 Web Mercator';
  const gk = gaussKrugerFromSrid(srid);
  return gk ? `EPSG:${srid} ${gk.name}` : `EPSG:${srid}`;
}

export function isSupportedSrid(srid: number): boolean {
  return srid === CGCS2000_GEOGRAPHIC || srid === WGS84 || srid === WEB_MERCATOR || gaussKrugerFromSrid(srid) !== undefined;
}

export function proj4ForSrid(srid: number): string {
  if (srid === WEB_MERCATOR) return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  return proj4Definition(srid);
}

export function knownSrid(srid: number, from: CrsSource): SourceCrs {
  if (!isSupportedSrid(srid)) {
    const legacy = legacySrid(srid);
    if (legacy) return { status: 'legacy', datum: legacy, proj4: '', name: `EPSG:${srid} ${LEGACY_NAMES[legacy]}`, from };
    return { status: 'unknown', name: `EPSG:${srid}`, reason: `EPSG:${srid} 不是本工作台支持的坐标系 / is not a CRS this workbench supports`, from };
  }
  return { status: 'known', srid, proj4: proj4ForSrid(srid), name: describeSrid(srid), from };
}

const LEGACY_NAMES: Record<LegacyDatum, string> = { xian1980: '西安 1980 / Xian 1980', beijing1954: '北京 1954 / Beijing 1954' };
const LEGACY_ELLPS: Record<LegacyDatum, string> = { xian1980: '+a=6378140 +rf=298.257', beijing1954: '+ellps=krass' };

/** EPSG codes of Xian 1980 and Beijing 1954 (geographic, GK zones and CM variants). */
function legacySrid(srid: number): LegacyDatum | undefined {
  if (srid === 4610 || (srid >= 2327 && srid <= 2390)) return 'xian1980';
  if (srid === 4214 || (srid >= 2401 && srid <= 2442) || (srid >= 21413 && srid <= 21483)) return 'beijing1954';
  return undefined;
}

// ---- WKT ------------------------------------------------------------------------------------------------------------

interface WktNode { name: string; args: (string | number | WktNode)[] }

/** Parses WKT 1 (OGC or ESRI flavour) and WKT 2 into a tree; keywords upper-cased. */
export function parseWkt(text: string): WktNode {
  let at = 0;
  const s = text.trim();
  const ws = () => { while (at < s.length && /\s/.test(s[at]!)) at++; };
  const node = (): WktNode => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(at));
    if (!m) throw new Error(`WKT: expected a keyword at ${at}`);
    at += m[0].length;
    ws();
    const n: WktNode = { name: m[0].toUpperCase(), args: [] };
    if (s[at] !== '[' && s[at] !== '(') return n;
    const close = s[at] === '[' ? ']' : ')';
    at++;
    for (;;) {
      ws();
      const c = s[at];
      if (c === undefined) throw new Error('WKT: unexpected end');
      if (c === close) { at++; return n; }
      if (c === ',') { at++; continue; }
      if (c === '"') {
        let str = '';
        at++;
        for (;;) {
          if (at >= s.length) throw new Error('WKT: unterminated string');
          if (s[at] === '"') {
            if (s[at + 1] === '"') { str += '"'; at += 2; continue; }
            at++;
            break;
          }
          str += s[at++];
        }
        n.args.push(str);
        continue;
      }
      const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(at));
      if (num) { n.args.push(Number(num[0])); at += num[0].length; continue; }
      n.args.push(node());
    }
  };
  return node();
}

const children = (n: WktNode, name?: string) => n.args.filter((a): a is WktNode => typeof a === 'object' && (!name || a.name === name));
const child = (n: WktNode, ...names: string[]) => children(n).find((c) => names.includes(c.name));
function find(n: WktNode, ...names: string[]): WktNode | undefined {
  for (const c of children(n)) {
    if (names.includes(c.name)) return c;
    const d = find(c, ...names);
    if (d) return d;
  }
  return undefined;
}

function authorityCode(n: WktNode): number | undefined {
  const a = child(n, 'AUTHORITY', 'ID');
  if (!a || String(a.args[0]).toUpperCase() !== 'EPSG') return undefined;
  const code = Number(a.args[1]);
  return Number.isInteger(code) ? code : undefined;
}

const norm = (s: unknown) => String(s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

function datumOf(root: WktNode): { kind: 'cgcs2000' | 'wgs84' | LegacyDatum | 'other'; name: string } {
  const d = find(root, 'DATUM', 'GEODETICDATUM', 'TRF');
  const name = String(d?.args[0] ?? '');
  const n = norm(name);
  const e = find(root, 'SPHEROID', 'ELLIPSOID');
  const a = Number(e?.args[1]), rf = Number(e?.args[2]);
  if (n.includes('xian') || n.includes('1980') && Math.abs(a - 6378140) < 0.5) return { kind: 'xian1980', name };
  if (n.includes('beijing') || n.includes('1954') || Math.abs(a - 6378245) < 0.5) return { kind: 'beijing1954', name };
  if (n.includes('china2000') || n.includes('cgcs2000') || n.includes('chinageodeticcoordinatesystem2000')) return { kind: 'cgcs2000', name };
  if (n.includes('wgs1984') || n.includes('wgs84') || n.includes('worldgeodeticsystem1984')) return { kind: 'wgs84', name };
  if (Math.abs(a - 6378137) < 1e-3 && Math.abs(rf - 298.257222101) < 1e-6) return { kind: 'cgcs2000', name }; // GRS80
  if (Math.abs(a - 6378137) < 1e-3 && Math.abs(rf - 298.257223563) < 1e-6) return { kind: 'wgs84', name };
  return { kind: 'other', name };
}

function param(root: WktNode, ...names: string[]): number | undefined {
  const wanted = names.map(norm);
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    for (const c of children(n)) {
      if (c.name === 'PARAMETER' && wanted.includes(norm(c.args[0]))) return Number(c.args[1]);
      stack.push(c);
    }
  }
  return undefined;
}

/** Recognises a CRS from WKT (a .prj, a GeoPackage's gpkg_spatial_ref_sys definition). */
export function crsFromWkt(text: string, from: CrsSource): SourceCrs {
  let root: WktNode;
  try {
    root = parseWkt(text);
  } catch (e) {
    return { status: 'unknown', name: text.slice(0, 80), reason: `无法解析坐标系定义 / cannot parse the CRS definition: ${(e as Error).message}`, from };
  }
  if (root.name === 'COMPD_CS' || root.name === 'COMPOUNDCRS') root = children(root)[0] ?? root;
  const name = String(root.args[0] ?? root.name);
  const code = authorityCode(root);
  if (code !== undefined && (isSupportedSrid(code) || legacySrid(code))) {
    const k = knownSrid(code, from);
    if (k.status !== 'legacy') return k;
  }
  const datum = datumOf(root);
  const projected = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.name);
  const geographic = ['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS', 'GEODETICCRS'].includes(root.name);
  if (!projected && !geographic) return { status: 'unknown', name, reason: `不支持的坐标系类型 / unsupported CRS type ${root.name}`, from };

  if (geographic) {
    if (datum.kind === 'cgcs2000') return knownSrid(CGCS2000_GEOGRAPHIC, from);
    if (datum.kind === 'wgs84') return knownSrid(WGS84, from);
    if (datum.kind === 'xian1980' || datum.kind === 'beijing1954') {
      return { status: 'legacy', datum: datum.kind, proj4: `+proj=longlat ${LEGACY_ELLPS[datum.kind]} +no_defs`, name: `${name} (${LEGACY_NAMES[datum.kind]})`, from };
    }
    return { status: 'unknown', name, reason: `未知的大地基准 / unknown datum "${datum.name}"`, from };
  }

  const method = norm((child(root, 'PROJECTION') ?? find(root, 'METHOD', 'PROJECTION'))?.args[0]);
  const unit = child(root, 'UNIT', 'LENGTHUNIT') ?? find(child(root, 'CS') ?? root, 'LENGTHUNIT');
  const unitFactor = unit ? Number(unit.args[1]) : 1;
  // WKT 2 puts the length unit on each axis or parameter; only metres are accepted.
  const axisUnit = find(root, 'AXIS') ? find(find(root, 'AXIS')!, 'LENGTHUNIT') : undefined;
  const factor = axisUnit ? Number(axisUnit.args[1]) : unitFactor;
  if (Number.isFinite(factor) && Math.abs(factor - 1) > 1e-12) {
    return { status: 'unknown', name, reason: `坐标单位不是米 / the unit is not metres (factor ${factor})`, from };
  }
  if (method.includes('mercator') && !method.includes('transverse') && (method.includes('auxiliary') || method.includes('pseudo') || method.includes('popularvisualisation') || norm(name).includes('webmercator') || norm(name).includes('pseudomercator'))) {
    return knownSrid(WEB_MERCATOR, from);
  }
  const tm = method.includes('transversemercator') || method.includes('gausskruger') || method.includes('gaussian');
  if (!tm) return { status: 'unknown', name, reason: `不支持的投影 / unsupported projection "${method || '?'}"`, from };
  const cm = param(root, 'central_meridian', 'longitude of natural origin', 'longitude_of_center');
  const fe = param(root, 'false_easting', 'false easting') ?? 0;
  const fn = param(root, 'false_northing', 'false northing') ?? 0;
  const k = param(root, 'scale_factor', 'scale factor at natural origin') ?? 1;
  const lat0 = param(root, 'latitude_of_origin', 'latitude of natural origin') ?? 0;
  if (cm === undefined) return { status: 'unknown', name, reason: '投影缺少中央经线 / the projection has no central meridian', from };
  if (datum.kind === 'xian1980' || datum.kind === 'beijing1954') {
    return {
      status: 'legacy', datum: datum.kind, name: `${name} (${LEGACY_NAMES[datum.kind]})`, from,
      proj4: `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} ${LEGACY_ELLPS[datum.kind]} +units=m +no_defs`,
    };
  }
  if (datum.kind !== 'cgcs2000' && datum.kind !== 'wgs84') return { status: 'unknown', name, reason: `未知的大地基准 / unknown datum "${datum.name}"`, from };
  const srid = gaussKrugerSrid(cm, fe, fn, k, lat0, name);
  if (srid !== undefined) return knownSrid(srid, from);
  // A Transverse Mercator on CGCS2000 that is not an EPSG zone (a city grid): usable, transformed exactly by proj4.
  return {
    status: 'known', srid: null, name: `${name} (CGCS2000 TM, CM ${cm}°, FE ${fe})`, from,
    proj4: `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} +ellps=GRS80 +units=m +no_defs`,
  };
}

/** The EPSG code of a CGCS2000 GK zone with these parameters, if one exists. */
export function gaussKrugerSrid(cm: number, fe: number, fn = 0, k = 1, lat0 = 0, name = ''): number | undefined {
  if (fn !== 0 || Math.abs(k - 1) > 1e-12 || lat0 !== 0) return undefined;
  const threeDegreeName = /3[_\s-]?degree/i.test(name);
  if (fe === 500000) {
    const three = Number.isInteger(cm / 3) && cm / 3 >= 25 && cm / 3 <= 45 ? 4534 + cm / 3 - 25 : undefined;
    const six = Number.isInteger((cm + 3) / 6) && (cm + 3) / 6 >= 13 && (cm + 3) / 6 <= 23 ? 4502 + (cm + 3) / 6 - 13 : undefined;
    if (three !== undefined && six !== undefined) return threeDegreeName ? three : six;
    return three ?? six;
  }
  const zone = (fe - 500000) / 1e6;
  if (!Number.isInteger(zone)) return undefined;
  if (zone >= 25 && zone <= 45 && cm === zone * 3) return 4513 + zone - 25;
  if (zone >= 13 && zone <= 23 && cm === zone * 6 - 3) return 4491 + zone - 13;
  return undefined;
}

/** A user-given CRS: "EPSG:4528", "4528", or a proj4 string / WKT for a custom one. */
export function crsFromUser(text: string): SourceCrs {
  const t = text.trim();
  const m = /^(?:EPSG:)?(\d{4,5})$/i.exec(t);
  if (m) return knownSrid(Number(m[1]), 'user');
  if (t.startsWith('+proj')) return { status: 'known', srid: null, proj4: t, name: t, from: 'user' };
  return crsFromWkt(t, 'user');
}

// ---- Guessing from coordinates ---------------------------------------------------------------------------------------

const CHINA = { lon: [73, 136], lat: [3, 54] } as const;
/** Northings of China in any GK zone, with a margin. */
const NORTHING = [300_000, 6_100_000] as const;

export type Bbox = [number, number, number, number];

interface Candidate { srid: number; swapped: boolean; why: string }

function candidates(b: Bbox, workspaceSrid: number): Candidate[] {
  const out: Candidate[] = [];
  const [x0, y0, x1, y1] = b;
  const inRange = (v0: number, v1: number, r: readonly [number, number]) => v0 >= r[0] && v1 <= r[1];
  const tryAxes = (ax0: number, ax1: number, ay0: number, ay1: number, swapped: boolean) => {
    if (inRange(ax0, ax1, CHINA.lon) && inRange(ay0, ay1, CHINA.lat)) {
      out.push({ srid: CGCS2000_GEOGRAPHIC, swapped, why: '坐标在经纬度范围内 / coordinates are longitudes and latitudes' });
    }
    if (inRange(ay0, ay1, NORTHING)) {
      const zone = Math.floor(ax0 / 1e6);
      if (zone === Math.floor(ax1 / 1e6) && ax0 - zone * 1e6 > 100_000 && ax1 - zone * 1e6 < 900_000) {
        if (zone >= 25 && zone <= 45) out.push({ srid: 4513 + zone - 25, swapped, why: `东坐标带号 ${zone} / easting carries 3° zone number ${zone}` });
        if (zone >= 13 && zone <= 23) out.push({ srid: 4491 + zone - 13, swapped, why: `东坐标带号 ${zone} / easting carries 6° zone number ${zone}` });
      }
      if (ax0 > 100_000 && ax1 < 900_000) {
        // No zone number: the central meridian cannot be read from the coordinates; take the workspace's.
        const gk = gaussKrugerFromSrid(workspaceSrid);
        if (gk) {
          const srid = gk.zoneWidth === 3 ? 4534 + gk.zone - 25 : 4502 + gk.zone - 13;
          out.push({ srid, swapped, why: `东坐标无带号，假定与工作空间同一中央经线 ${gk.centralMeridian}°E / easting without zone number: central meridian ${gk.centralMeridian}°E assumed from the workspace` });
        }
      }
    }
    const R = 6378137;
    const lon0 = (ax0 / R) * (180 / Math.PI), lon1 = (ax1 / R) * (180 / Math.PI);
    const lat = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
    if (!swapped && inRange(lon0, lon1, CHINA.lon) && inRange(lat(ay0), lat(ay1), CHINA.lat) && ax0 > 1e6) {
      out.push({ srid: WEB_MERCATOR, swapped, why: '坐标在 Web Mercator 中国范围内 / coordinates fall in China in Web Mercator' });
    }
  };
  tryAxes(x0, x1, y0, y1, false);
  tryAxes(y0, y1, x0, x1, true);
  return out;
}

function lonLatCentre(srid: number, b: Bbox, swapped: boolean): [number, number] {
  const cx = swapped ? (b[1] + b[3]) / 2 : (b[0] + b[2]) / 2;
  const cy = swapped ? (b[0] + b[2]) / 2 : (b[1] + b[3]) / 2;
  if (srid === CGCS2000_GEOGRAPHIC) return [cx, cy];
  return proj4(proj4ForSrid(srid), proj4Definition(CGCS2000_GEOGRAPHIC), [cx, cy]) as [number, number];
}

/**
 * Guesses the CRS of coordinates with no definition. Among the plausible ones, the CRS that puts the data nearest the
 * workspace's extent (lon/lat) wins; the others are listed as alternatives.
 */
export function guessCrs(b: Bbox, workspaceSrid: number, workspaceExtent: Bbox | null): { crs: SourceCrs; swapped: boolean } {
  const cands = candidates(b, workspaceSrid);
  if (!cands.length) {
    return {
      crs: { status: 'unknown', name: '未知 / unknown', from: 'none',
        reason: `没有坐标系定义，坐标范围 (${b.map((v) => Math.round(v)).join(', ')}) 不像经纬度、高斯–克吕格或 Web Mercator / no CRS definition and the coordinate range fits no CRS we know` },
      swapped: false,
    };
  }
  const ref = workspaceExtent ? [(workspaceExtent[0] + workspaceExtent[2]) / 2, (workspaceExtent[1] + workspaceExtent[3]) / 2] : null;
  const scored = cands.map((c) => {
    const [lon, lat] = lonLatCentre(c.srid, b, c.swapped);
    return { c, d: ref ? Math.hypot(lon - ref[0]!, lat - ref[1]!) : 0 };
  }).sort((p, q) => p.d - q.d || Number(p.c.swapped) - Number(q.c.swapped));
  const best = scored[0]!.c;
  return {
    crs: {
      status: 'guessed', srid: best.srid, proj4: proj4ForSrid(best.srid), name: describeSrid(best.srid),
      reason: best.why + (best.swapped ? '；X 为北坐标、Y 为东坐标（已交换）/ X is the northing and Y the easting (swapped)' : ''),
      alternatives: [...new Set(scored.slice(1).map((s) => s.c.srid))].filter((s) => s !== best.srid),
    },
    swapped: best.swapped,
  };
}

/**
 * Whether coordinates in a known CRS come northing first (X = north, as in Chinese survey tables and in EPSG's own
 * axis order for GK and for 4490's lat/lon): true when only the swapped order fits the CRS's range.
 */
export function axesSwapped(srid: number | null, b: Bbox): boolean {
  if (srid === null || srid === WEB_MERCATOR) return false;
  const fits = (swapped: boolean) => candidates(b, srid).some((c) => c.swapped === swapped && sameFamily(c.srid, srid));
  return !fits(false) && fits(true);
}

function sameFamily(a: number, b: number): boolean {
  if (a === b) return true;
  const ga = gaussKrugerFromSrid(a), gb = gaussKrugerFromSrid(b);
  if (ga && gb) return ga.zonePrefix === gb.zonePrefix && (ga.zonePrefix ? ga.zone === gb.zone : true);
  return (a === CGCS2000_GEOGRAPHIC || a === WGS84) && (b === CGCS2000_GEOGRAPHIC || b === WGS84);
}

/** The same Gauss–Krüger zone with and without the zone number: a shift of the false easting, nothing else. */
export function isFalseEastingShift(a: number | null, b: number): boolean {
  if (a === null) return false;
  const ga = gaussKrugerFromSrid(a), gb = gaussKrugerFromSrid(b);
  return !!ga && !!gb && ga.centralMeridian === gb.centralMeridian;
}

// ---- The transform ----------------------------------------------------------------------------------------------------

/**
 * A function transforming flat xy arrays in place into the workspace CRS. Exact where it can be: the same CRS is the
 * identity, the same zone with and without the zone number differ by the false easting only (a pure shift, so a zone-40
 * file lands on identical coordinates whichever way it was written). Anything else goes through proj4.
 */
export function makeTransform(src: { srid: number | null; proj4: string; towgs84?: number[] }, dstSrid: number, swapped: boolean):
  ((xy: Float64Array) => void) | null {
  const swap = (xy: Float64Array) => {
    for (let i = 0; i < xy.length; i += 2) { const t = xy[i]!; xy[i] = xy[i + 1]!; xy[i + 1] = t; }
  };
  let core: ((xy: Float64Array) => void) | null = null;
  const sg = src.srid !== null ? gaussKrugerFromSrid(src.srid) : undefined;
  const dg = gaussKrugerFromSrid(dstSrid);
  if (!src.towgs84 && src.srid === dstSrid) {
    core = null;
  } else if (!src.towgs84 && sg && dg && sg.centralMeridian === dg.centralMeridian) {
    const x0 = (g: typeof sg) => (g.zonePrefix ? g.zone * 1_000_000 + 500_000 : 500_000);
    const dx = x0(dg) - x0(sg);
    core = dx === 0 ? null : (xy) => { for (let i = 0; i < xy.length; i += 2) xy[i] = xy[i]! + dx; };
  } else {
    let from = src.proj4;
    let to = proj4Definition(dstSrid);
    if (src.towgs84) {
      from = `${from.replace(/\s*\+towgs84=\S+/, '')} +towgs84=${src.towgs84.join(',')}`;
      // proj4 applies a datum shift only when both ends have datum parameters: CGCS2000 is geocentric (zero shift).
      to = `${to} +towgs84=0,0,0,0,0,0,0`;
    }
    const conv = proj4(from, to);
    const p = [0, 0];
    core = (xy) => {
      for (let i = 0; i < xy.length; i += 2) {
        p[0] = xy[i]!;
        p[1] = xy[i + 1]!;
        const r = conv.forward(p);
        xy[i] = r[0]!;
        xy[i + 1] = r[1]!;
      }
    };
  }
  if (!swapped) return core;
  if (!core) return swap;
  const c = core;
  return (xy) => { swap(xy); c(xy); };
}
