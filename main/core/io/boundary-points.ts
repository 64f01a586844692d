// Parcels given as tables of boundary points (界址点坐标表): one row per vertex, grouped into parcels by a parcel id
// column, into rings by a ring number (圈号) or by the ring closing on its first point, ordered by row (or by point
// number, 点号 J1, J2, … when the rows are not in that order). Two sources:
//   - a CSV with a parcel id column (地块编号 / DKBH / 宗地号 / ID / 编号 …), optional 圈号 and 点号, and X/Y;
//   - the 自然资源部 coordinate exchange TXT of 建设用地报批 / 勘测定界 (坐标交换格式): an [属性描述] section
//     (坐标系, 几度分带, 带号 …) and a [地块坐标] section where each parcel starts with
//     `界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,…,@` followed by `点号,圈号,X,Y` lines.
// Chinese survey tables write X = northing and Y = easting (often with the zone number in front); the coordinates
// are handed over as written (X first) and the import's range detection decides which axis is which and says so.
// The first ring of a parcel is its outer boundary, the others are holes (扣除内部面积); a ring that is not closed is
// closed. Attributes of a parcel come from its first row.
import path from 'node:path';
import type { FieldType } from '../../../shared/domain/layer-kinds.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { knownSrid, type Bbox, type SourceCrs } from './crs-detect.js';
import type { DbfValue } from './dbf.js';
import { closeRing, polygonsBbox, type Polygon, type RowGeometry } from './geometry.js';
import { SourceError, type SourceField } from './sources.js';

const base = (f: string) => path.basename(f);
/** Header text without units or notes in brackets: “X坐标(m)” → “X坐标”. */
const bare = (h: string) => h.replace(/[（(［[].*?[)）］\]]/g, '').trim();

const PARCEL_ID = /^(地块编号|地块号|地块代码|dkbh|宗地号|宗地编号|宗地代码|zdh|zddm|图斑编号|tbbh|编号|bh|id|parcel_?id|地块)$/i;
const RING = /^(圈号|地块圈号|环号|圈|qh|ring|ring_?no)$/i;
const POINT = /^(点号|界址点号|界址点|点名|jzdh|jzd|dh|point|point_?no|pt)$/i;
/** Eastings (written first) and northings (written second); X/Y are ambiguous: the ranges decide. */
const EAST = /^(东坐标|横坐标|easting|e|lon|lng|longitude|经度)$/i;
const NORTH = /^(北坐标|纵坐标|northing|n|lat|latitude|纬度)$/i;
const XCOL = /^(x|x坐标|x_?coord|坐标x)$/i;
const YCOL = /^(y|y坐标|y_?coord|坐标y)$/i;

export interface PointColumns { x: number; y: number; xName: string; yName: string; parcel: number; ring: number; point: number }

/** The coordinate columns of a CSV header (first, second), or null when it has none. */
export function coordinateColumns(header: string[]): { x: number; y: number } | null {
  const find = (re: RegExp) => header.findIndex((h) => re.test(bare(h)));
  const e = find(EAST), n = find(NORTH);
  if (e >= 0 && n >= 0) return { x: e, y: n };
  const x = find(XCOL), y = find(YCOL);
  if (x >= 0 && y >= 0) return { x, y };
  return null;
}

/** The columns of a boundary-point table, or an error when it has coordinates but no parcel id to group them by. */
export function pointColumns(file: string, header: string[]): PointColumns | null {
  const xy = coordinateColumns(header);
  if (!xy) return null;
  const find = (re: RegExp) => header.findIndex((h, k) => k !== xy.x && k !== xy.y && re.test(bare(h)));
  const parcel = find(PARCEL_ID);
  if (parcel < 0) {
    const found = header.map((h) => `“${h.trim()}”`).join('、');
    throw new SourceError(`${base(file)} 是点坐标表（${header[xy.x]!.trim()}、${header[xy.y]!.trim()}），但没有地块编号列：工作台的图层都是面图层，要把界址点连成地块，须有一列地块编号（地块编号、DKBH、宗地号、ID 或 编号），可选圈号和点号。文件中的列：${found} / ` +
      `${base(file)} is a table of point coordinates (${header[xy.x]!.trim()}, ${header[xy.y]!.trim()}) without a parcel id column: workbench layers are polygon layers, and joining boundary points into parcels needs a parcel id column (地块编号, DKBH, 宗地号, ID or 编号), optionally a ring number (圈号) and a point number (点号). Columns found: ${header.map((h) => h.trim()).join(', ')}`, file);
  }
  return { ...xy, xName: header[xy.x]!.trim(), yName: header[xy.y]!.trim(), parcel, ring: find(RING), point: find(POINT) };
}

/** One vertex as read: its line in the file, its parcel, ring and point number, and its coordinates as written. */
export interface Vertex { line: number; ring: string | null; point: string | null; x: number; y: number }

export interface Parcel {
  id: string;
  firstLine: number;
  lastLine: number;
  values: DbfValue[];
  vertices: Vertex[];
}

/** A parcel as an import row: the rows it came from and its polygon, or why it has none. */
export interface ParcelRow { row: number; lastRow: number; feature: string; values: DbfValue[]; geometry: RowGeometry }

const num = (p: string | null) => {
  const m = p === null ? null : /(\d+)(?!.*\d)/.exec(p);
  return m ? Number(m[1]) : null;
};

/** Rings of a parcel: a new ring where the ring number changes or where the ring has closed on its first point. */
function ringsOf(p: Parcel): Vertex[][] {
  const rings: Vertex[][] = [];
  let cur: Vertex[] = [];
  for (const v of p.vertices) {
    const first = cur[0];
    const changed = first !== undefined && v.ring !== cur[cur.length - 1]!.ring;
    const closed = first !== undefined && cur.length >= 4 && cur[cur.length - 1]!.x === first.x && cur[cur.length - 1]!.y === first.y;
    if (changed || closed) { rings.push(cur); cur = []; }
    cur.push(v);
  }
  if (cur.length) rings.push(cur);
  return rings.map(orderByPoint);
}

/** Point-number order when every vertex has a numbered point and the rows are not already in that order. */
function orderByPoint(ring: Vertex[]): Vertex[] {
  let body = ring;
  const last = ring[ring.length - 1]!, first = ring[0]!;
  const closing = ring.length > 3 && last.point !== null && last.point === first.point;
  if (closing) body = ring.slice(0, -1);
  const ns = body.map((v) => num(v.point));
  if (ns.some((n) => n === null) || new Set(ns).size !== ns.length) return ring;
  if (ns.every((n, i) => i === 0 || n! > ns[i - 1]!)) return ring;
  const sorted = body.map((v, i) => ({ v, n: ns[i]! })).sort((a, b) => a.n - b.n).map((x) => x.v);
  return closing ? [...sorted, sorted[0]!] : sorted;
}

/** The polygon of a parcel, or why it has none: too few points in a ring. */
export function parcelRow(p: Parcel): ParcelRow {
  const rings = ringsOf(p);
  const row = { row: p.firstLine, lastRow: p.lastLine, feature: p.id, values: p.values };
  const polygon: Polygon = [];
  for (let i = 0; i < rings.length; i++) {
    const r = rings[i]!;
    const distinct = new Set(r.map((v) => `${v.x},${v.y}`)).size;
    if (distinct < 3) {
      return { ...row, geometry: { kind: 'unsupported', type: `地块 ${p.id} 第 ${i + 1} 圈（第 ${r[0]!.line}–${r[r.length - 1]!.line} 行）只有 ${distinct} 个不同的点，不能成面 / parcel ${p.id}, ring ${i + 1} (lines ${r[0]!.line}–${r[r.length - 1]!.line}) has only ${distinct} distinct points: not an area` } };
    }
    const xy = new Float64Array(r.length * 2);
    r.forEach((v, k) => { xy[2 * k] = v.x; xy[2 * k + 1] = v.y; });
    polygon.push(closeRing(xy));
  }
  return { ...row, geometry: polygon.length ? { kind: 'polygons', polygons: [polygon] } : { kind: 'empty' } };
}

function coordinate(file: string, text: string | undefined, line: number, column: string): number {
  const t = (text ?? '').trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) {
    throw new SourceError(`${base(file)} 第 ${line} 行的 ${column} “${t}” 不是数字 / line ${line}: ${column} “${t}” is not a number`, `${base(file)} line ${line}`);
  }
  return v;
}

export interface ParcelTable { fields: SourceField[]; parcels: ParcelRow[]; bbox: Bbox | null; geometryType: string }

function finish(parcels: Parcel[], fields: SourceField[]): ParcelTable {
  const rows = parcels.map(parcelRow);
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const kinds = new Set<string>();
  for (const r of rows) {
    if (r.geometry.kind === 'polygons') { polygonsBbox(r.geometry.polygons, b); kinds.add('Polygon'); } else kinds.add('invalid');
  }
  return { fields, parcels: rows, bbox: Number.isFinite(b[0]) ? b : null, geometryType: kinds.has('Polygon') ? 'Polygon（界址点 / boundary points）' : 'none' };
}

/**
 * A CSV of boundary points as parcels. `types` are the column types inferred over all rows; the coordinate, ring
 * and point columns are not fields of the layer.
 */
export function parcelsFromCsv(file: string, header: string[], data: string[][], cols: PointColumns, types: (k: number) => FieldType): ParcelTable {
  const skip = new Set([cols.x, cols.y, cols.ring, cols.point].filter((k) => k >= 0));
  const keep = header.map((h, k) => ({ name: h.trim() || `field_${k + 1}`, k })).filter((c) => !skip.has(c.k));
  const fields: SourceField[] = keep.map((c) => ({ name: c.name, type: types(c.k) }));
  const byId = new Map<string, Parcel>();
  data.forEach((r, i) => {
    const line = i + 2;
    if (r.every((v) => v.trim() === '')) return;
    const id = (r[cols.parcel] ?? '').trim();
    if (!id) throw new SourceError(`${base(file)} 第 ${line} 行没有地块编号（${cols.xName}/${cols.yName} 所属地块未知）/ line ${line} has no parcel id: the parcel its point belongs to is unknown`, `${base(file)} line ${line}`);
    const x = coordinate(file, r[cols.x], line, cols.xName);
    const y = coordinate(file, r[cols.y], line, cols.yName);
    let p = byId.get(id);
    if (!p) {
      const values = keep.map((c, k) => {
        const v = (r[c.k] ?? '').trim();
        if (v === '') return null;
        return fields[k]!.type === 'TEXT' ? (r[c.k] ?? '') : Number(v);
      });
      p = { id, firstLine: line, lastLine: line, values, vertices: [] };
      byId.set(id, p);
    }
    p.lastLine = line;
    p.vertices.push({ line, ring: cols.ring >= 0 ? (r[cols.ring] ?? '').trim() : null, point: cols.point >= 0 ? (r[cols.point] ?? '').trim() : null, x, y });
  });
  const parcels = [...byId.values()];
  if (parcels.length > 1 && parcels.every((p) => p.vertices.length === 1)) {
    const col = header[cols.parcel]!.trim();
    throw new SourceError(`${base(file)} 的 “${col}” 列每行都不同，不是地块编号（一个地块的界址点应有相同的地块编号）/ column “${col}” of ${base(file)} differs on every row: it is not a parcel id (the boundary points of a parcel share its id)`, file);
  }
  return finish(parcels, fields);
}

// ---- 坐标交换格式 TXT -------------------------------------------------------------------------------------------------

/** Whether a text is the coordinate exchange format (it has a [地块坐标] section). */
export function isExchangeText(text: string): boolean {
  return /^\s*\[地块坐标\]\s*$/m.test(text);
}

const EXCHANGE_FIELDS: { name: string; type: FieldType }[] = [
  { name: '界址点数', type: 'INTEGER' }, { name: '地块面积', type: 'REAL' }, { name: '地块编号', type: 'TEXT' },
  { name: '地块名称', type: 'TEXT' }, { name: '图形属性', type: 'TEXT' }, { name: '图幅号', type: 'TEXT' }, { name: '地块用途', type: 'TEXT' },
];

export interface ExchangeFile extends ParcelTable { crs: SourceCrs | null; description: Record<string, string>; warnings: string[] }

/** The CRS the [属性描述] section names: CGCS2000 Gauss–Krüger by zone width and zone; Xian 1980 / Beijing 1954 are legacy. */
export function exchangeCrs(d: Record<string, string>, bbox: Bbox | null): SourceCrs | null {
  const name = d['坐标系'] ?? '';
  if (!name) return null;
  const width = Number(d['几度分带'] ?? '3');
  const zone = Number(d['带号'] ?? '');
  const from = 'txt' as const;
  const legacy = /西安|xian|1980/i.test(name) ? 'xian1980' as const : /北京|beijing|1954/i.test(name) ? 'beijing1954' as const : null;
  // The zone number in front of the easting (Y, written second) or not: read from the coordinates.
  const easting = bbox ? Math.max(Math.abs(bbox[0]), Math.abs(bbox[2]), Math.abs(bbox[1]), Math.abs(bbox[3])) : 0;
  const prefixed = easting >= 1e7;
  if (legacy) {
    // Refused unless the user gives the bureau's Helmert parameters; then projected with this definition.
    const cm = width === 6 ? zone * 6 - 3 : zone * 3;
    const ellps = legacy === 'xian1980' ? '+a=6378140 +rf=298.257' : '+ellps=krass';
    const proj4 = Number.isInteger(zone) && zone > 0
      ? `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${prefixed ? zone * 1_000_000 + 500_000 : 500_000} +y_0=0 ${ellps} +units=m +no_defs` : '';
    return { status: 'legacy', datum: legacy, proj4, name: `${name}（${legacy === 'xian1980' ? '西安 1980 / Xian 1980' : '北京 1954 / Beijing 1954'}）`, from };
  }
  if (!/2000|cgcs/i.test(name)) return { status: 'unknown', name, reason: `坐标系 “${name}” 不是 CGCS2000 / the CRS “${name}” is not CGCS2000`, from };
  if (/经纬|地理/.test(d['投影类型'] ?? '') || d['计量单位'] === '度') return knownSrid(CGCS2000_GEOGRAPHIC, from);
  if (!Number.isInteger(zone) || !zone) return null;
  let srid: number | undefined;
  if (width === 3 && zone >= 25 && zone <= 45) srid = prefixed ? 4513 + zone - 25 : 4534 + zone - 25;
  if (width === 6 && zone >= 13 && zone <= 23) srid = prefixed ? 4491 + zone - 13 : 4502 + zone - 13;
  if (srid === undefined) return { status: 'unknown', name: `${name} ${width}° 带 ${zone}`, reason: `${width}° 分带第 ${zone} 带不在中国范围内 / zone ${zone} of ${width}° zones is not a zone of China`, from };
  return knownSrid(srid, from);
}

/** Reads a 坐标交换格式 TXT (already decoded). */
export function parseExchangeText(file: string, text: string): ExchangeFile {
  const lines = text.split(/\r?\n/);
  const description: Record<string, string> = {};
  const parcels: Parcel[] = [];
  const warnings: string[] = [];
  const declared = new Map<Parcel, number>();
  let section = '';
  let cur: Parcel | null = null;
  let extra = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (!t) return;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) { section = sec[1]!.trim(); return; }
    if (section === '属性描述') {
      const eq = t.indexOf('=');
      if (eq > 0) description[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
      return;
    }
    if (section !== '地块坐标') return;
    const parts = t.split(',').map((s) => s.trim());
    if (parts[parts.length - 1] === '@') {
      const head = parts.slice(0, -1);
      extra = Math.max(extra, head.length - EXCHANGE_FIELDS.length);
      const id = head[2] || `${parcels.length + 1}`;
      const values: DbfValue[] = head.map((v, k) => {
        if (v === '') return null;
        const type = EXCHANGE_FIELDS[k]?.type ?? 'TEXT';
        if (type === 'TEXT') return v;
        const n = Number(v);
        if (!Number.isFinite(n)) {
          throw new SourceError(`${base(file)} 第 ${line} 行的${EXCHANGE_FIELDS[k]!.name} “${v}” 不是数字 / line ${line}: ${EXCHANGE_FIELDS[k]!.name} “${v}” is not a number`, `${base(file)} line ${line}`);
        }
        return type === 'INTEGER' && !Number.isInteger(n) ? null : n;
      });
      cur = { id, firstLine: line, lastLine: line, values, vertices: [] };
      parcels.push(cur);
      const n = Number(head[0]);
      if (Number.isInteger(n)) declared.set(cur, n);
      return;
    }
    if (!cur) {
      throw new SourceError(`${base(file)} 第 ${line} 行的坐标不属于任何地块（[地块坐标] 中每个地块以 “界址点数,地块面积,地块编号,…,@” 行开始）/ line ${line}: a coordinate before any parcel line (each parcel of [地块坐标] starts with a “count,area,id,…,@” line)`, `${base(file)} line ${line}`);
    }
    if (parts.length < 4) {
      throw new SourceError(`${base(file)} 第 ${line} 行应为 “点号,圈号,X,Y” / line ${line} should be “point,ring,X,Y”: ${t}`, `${base(file)} line ${line}`);
    }
    const p: Parcel = cur;
    p.lastLine = line;
    p.vertices.push({ line, point: parts[0] || null, ring: parts[1] ?? null, x: coordinate(file, parts[2], line, 'X'), y: coordinate(file, parts[3], line, 'Y') });
  });
  if (!parcels.length) throw new SourceError(`${base(file)} 的 [地块坐标] 中没有地块 / has no parcel in its [地块坐标] section`, file);
  for (const [p, n] of declared) {
    if (n !== p.vertices.length) {
      warnings.push(`地块 ${p.id}（第 ${p.firstLine} 行）声明 ${n} 个界址点，实有 ${p.vertices.length} 个 / parcel ${p.id} (line ${p.firstLine}) declares ${n} boundary points but has ${p.vertices.length}`);
    }
  }
  const fields: SourceField[] = [...EXCHANGE_FIELDS];
  for (let k = 0; k < extra; k++) fields.push({ name: `属性${EXCHANGE_FIELDS.length + k + 1}`, type: 'TEXT' });
  for (const p of parcels) while (p.values.length < fields.length) p.values.push(null);
  const table = finish(parcels, fields);
  return { ...table, crs: exchangeCrs(description, table.bbox), description, warnings };
}
