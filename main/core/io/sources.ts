// Opens the files planners exchange as one kind of source: fields, a feature count, the raw coordinate extent, the
// CRS as the file declares it, the text encoding where the format has one, and the rows (attributes + polygons in
// the file's own coordinates). Shapefiles (also zipped), GeoPackages (any layer), GeoJSON, KML/KMZ, CSV with WKT.
import Database from 'better-sqlite3';
import { parseSync } from '@loaders.gl/core';
import { KMLLoader } from '@loaders.gl/kml';
import { unzipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FieldType } from '../../../shared/domain/layer-kinds.js';
import { BufferSource, FileSource, type ByteSource } from './bytes.js';
import { crsFromWkt, knownSrid, WGS84, type Bbox, type SourceCrs } from './crs-detect.js';
import { DbfReader, DbfError, type DbfValue } from './dbf.js';
import {
  DecodeError, detectEncoding, encodingFromCpg, encodingLabel, TextFieldDecoder, type EncodingDecision, type TextEncodingId,
} from './encoding.js';
import { polygonsBbox, readGeoJsonGeometry, readWkb, readWkt, type RowGeometry } from './geometry.js';
import { ShapefileError, ShpReader, shapeTypeName } from './shapefile.js';

export type SourceFormat = 'shapefile' | 'gpkg' | 'geojson' | 'kml' | 'csv';

export interface SourceField { name: string; type: FieldType }
export interface SourceRow { row: number; values: DbfValue[]; geometry: RowGeometry }

export interface ImportSource {
  format: SourceFormat;
  file: string;
  /** Layers in the file (GeoPackage tables, shapefiles in a zip); `layer` is the one opened. */
  layers: string[];
  layer: string;
  fields: SourceField[];
  count: number;
  /** Extent of the coordinates as stored (file CRS, file axis order); null when the file has no geometry. */
  bbox: Bbox | null;
  crs: SourceCrs;
  /** Text encoding of attribute text (shapefile DBF, CSV); null where the format fixes UTF-8 or stores text typed. */
  encoding: EncodingDecision | null;
  /** What detection alone says, shown next to a user's choice so the user sees when they contradict. */
  detected: { encoding: TextEncodingId; source: 'detected' | 'ascii'; invalid?: boolean } | null;
  geometryType: string;
  rows(): Generator<SourceRow>;
  close(): void;
}

export interface OpenOptions {
  layer?: string;
  encoding?: TextEncodingId;
  /** Show undecodable text as U+FFFD instead of failing (the preview); imports are never lenient. */
  lenient?: boolean;
}

/** A failure the user must hear about, already phrased (Chinese first, then English), with the file and row. */
export class SourceError extends Error {
  constructor(message: string, readonly subject?: string, readonly code: 'BAD_FILE' | 'ENCODING' | 'NOT_FOUND' = 'BAD_FILE') {
    super(message);
  }
}

const base = (f: string) => path.basename(f);

export function openSource(file: string, opts: OpenOptions = {}): ImportSource {
  if (!existsSync(file)) throw new SourceError(`文件不存在 / File not found: ${file}`, file, 'NOT_FOUND');
  if (statSync(file).isDirectory()) {
    const shp = readdirSync(file).filter((f) => /\.shp$/i.test(f));
    if (shp.length === 1) return openSource(path.join(file, shp[0]!), opts);
    throw new SourceError(`${base(file)} 是文件夹，请选择其中的文件 / is a folder: choose a file in it`, file);
  }
  const ext = path.extname(file).toLowerCase();
  try {
    switch (ext) {
      case '.shp': case '.dbf': case '.shx': return openShapefile(file, loadShapefileParts(file), opts);
      case '.zip': return openZip(file, opts);
      case '.gpkg': return openGpkg(file, opts);
      case '.geojson': case '.json': return openGeoJson(file, readFileSync(file), opts);
      case '.kml': return openKml(file, readFileSync(file), opts);
      case '.kmz': return openKmz(file, opts);
      case '.csv': case '.txt': case '.tsv': return openCsv(file, readFileSync(file), opts);
      default:
        throw new SourceError(`不支持的文件类型 “${ext}” / Unsupported file type “${ext}”: use .shp (or a .zip of one), .gpkg, .geojson, .kml/.kmz or .csv`, file);
    }
  } catch (e) {
    if (e instanceof SourceError) throw e;
    if (e instanceof ShapefileError || e instanceof DbfError) throw new SourceError(`${base(file)}: ${e.message}`, file);
    throw new SourceError(`${base(file)} 无法读取 / cannot be read: ${(e as Error).message}`, file);
  }
}

// ---- Shapefile --------------------------------------------------------------------------------------------------------

interface ShapefileParts { name: string; shp?: ByteSource; shx?: Buffer; dbf?: ByteSource; prj?: string; cpg?: string }

function loadShapefileParts(file: string): ShapefileParts {
  const dir = path.dirname(file);
  const stem = path.basename(file, path.extname(file));
  const siblings = readdirSync(dir);
  const find = (ext: string) => {
    const f = siblings.find((s) => s.toLowerCase() === `${stem}${ext}`.toLowerCase());
    return f ? path.join(dir, f) : undefined;
  };
  const read = (ext: string) => { const f = find(ext); return f ? readFileSync(f) : undefined; };
  // The .shp and .dbf can be hundreds of MB: read by blocks as the import moves on, not held whole.
  const source = (ext: string) => { const f = find(ext); return f ? new FileSource(f) : undefined; };
  return { name: stem, shp: source('.shp'), shx: read('.shx'), dbf: source('.dbf'), prj: read('.prj')?.toString('utf8'), cpg: read('.cpg')?.toString('latin1') };
}

function openShapefile(file: string, parts: ShapefileParts, opts: OpenOptions, layers: string[] = [parts.name]): ImportSource {
  try {
    return openShapefileParts(file, parts, opts, layers);
  } catch (e) {
    parts.shp?.close();
    parts.dbf?.close();
    throw e;
  }
}

function openShapefileParts(file: string, parts: ShapefileParts, opts: OpenOptions, layers: string[]): ImportSource {
  const name = parts.name;
  if (!parts.shp) throw new SourceError(`缺少 ${name}.shp / ${name}.shp is missing (a shapefile needs .shp, .shx and .dbf)`, file);
  if (!parts.shx) throw new SourceError(`缺少 ${name}.shx 索引文件 / ${name}.shx is missing: a shapefile needs its .shx index (copy it along with the .shp and .dbf)`, file);
  if (!parts.dbf) throw new SourceError(`缺少 ${name}.dbf 属性文件 / ${name}.dbf is missing: a shapefile needs its .dbf attribute table`, file);
  const shp = new ShpReader(parts.shp, parts.shx);
  const dbfProbe = new DbfReader(parts.dbf, 'utf8');
  const detected = dbfProbe.detect();
  const cpg = parts.cpg !== undefined ? encodingFromCpg(parts.cpg) : null;
  let decision: EncodingDecision;
  if (opts.encoding) decision = { encoding: opts.encoding, source: 'user' };
  else if (cpg) decision = { encoding: cpg, source: 'cpg', note: `.cpg: ${parts.cpg!.trim()}` };
  else if (detected.source === 'ascii') decision = { encoding: detected.ldid ?? 'gbk', source: 'ascii', note: '属性只有 ASCII 字符 / attributes are plain ASCII' };
  else if (detected.ldid && (detected.ldid !== 'utf8' || !detected.invalid)) decision = { encoding: detected.ldid, source: 'ldid' };
  else decision = { encoding: detected.encoding, source: 'detected' };
  const dbf = new DbfReader(parts.dbf, decision.encoding, opts.lenient);
  if (dbf.count !== shp.count) {
    throw new SourceError(`${name}.dbf 有 ${dbf.count} 条记录而 ${name}.shx 有 ${shp.count} 个要素，文件不匹配 / ${name}.dbf has ${dbf.count} records but ${name}.shx indexes ${shp.count} shapes: the files do not belong together`, file);
  }
  const crs: SourceCrs = parts.prj !== undefined && parts.prj.trim()
    ? crsFromWkt(parts.prj, 'prj')
    : { status: 'unknown', name: '无 .prj / no .prj', reason: `缺少 ${name}.prj / ${name}.prj is missing`, from: 'none' };
  const count = dbf.count;
  return {
    format: 'shapefile', file, layers, layer: name,
    fields: dbf.fields.map((f) => ({ name: f.name, type: f.type })),
    count, bbox: count ? shp.bbox : null, crs, encoding: decision,
    detected: { encoding: detected.encoding, source: detected.source, invalid: detected.invalid },
    geometryType: shapeTypeName(shp.shapeType),
    *rows() {
      for (let i = 0; i < count; i++) {
        if (dbf.deleted(i)) continue;
        let values: DbfValue[];
        try {
          values = dbf.record(i);
        } catch (e) {
          if (e instanceof DecodeError) throw decodeFailure(file, i + 1, e);
          throw e;
        }
        yield { row: i + 1, values, geometry: shp.geometry(i) };
      }
    },
    close() {
      parts.shp!.close();
      parts.dbf!.close();
    },
  };
}

export function decodeFailure(file: string, row: number, e: DecodeError): SourceError {
  return new SourceError(
    `${base(file)} 第 ${row} 行${e.field ? `字段 ${e.field} ` : ''}不是有效的 ${encodingLabel(e.encoding)} 文本，请换一种编码 / row ${row}${e.field ? `, field ${e.field}` : ''} is not valid ${encodingLabel(e.encoding)} text (${e.message}): choose another encoding`,
    `${base(file)} row ${row}`, 'ENCODING');
}

function openZip(file: string, opts: OpenOptions): ImportSource {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(readFileSync(file)));
  } catch (e) {
    throw new SourceError(`${base(file)} 不是有效的 zip 文件 / is not a valid zip file: ${(e as Error).message}`, file);
  }
  const names = Object.keys(entries).filter((n) => !n.endsWith('/') && !/(^|\/)__MACOSX\//.test(n));
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (!shps.length) {
    const inner = names.find((n) => /\.(gpkg|geojson|json|kml|csv)$/i.test(n));
    throw new SourceError(`${base(file)} 中没有 shapefile${inner ? `（含 ${inner}，请先解压）` : ''} / the zip holds no shapefile${inner ? ` (it holds ${inner}: unzip it first)` : ''}`, file);
  }
  const layerOf = (n: string) => n.replace(/\.shp$/i, '');
  const layers = shps.map(layerOf);
  const chosen = opts.layer ?? layers[0]!;
  if (!layers.includes(chosen)) throw new SourceError(`${base(file)} 中没有图层 ${chosen} / the zip has no layer ${chosen} (it has ${layers.join(', ')})`, file);
  const part = (ext: string) => {
    const n = names.find((x) => x.toLowerCase() === `${chosen}${ext}`.toLowerCase());
    return n ? Buffer.from(entries[n]!) : undefined;
  };
  const wrap = (b: Buffer | undefined) => (b ? new BufferSource(b) : undefined);
  const parts: ShapefileParts = {
    name: path.basename(chosen), shp: wrap(part('.shp')), shx: part('.shx'), dbf: wrap(part('.dbf')),
    prj: part('.prj')?.toString('utf8'), cpg: part('.cpg')?.toString('latin1'),
  };
  const src = openShapefile(file, parts, opts, layers);
  return { ...src, layer: chosen };
}

// ---- GeoPackage ------------------------------------------------------------------------------------------------------

/** The WKB inside a GeoPackage geometry blob (GP header, optional envelope); null for an empty geometry. */
export function gpkgWkbOffset(blob: Uint8Array): number | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return 0; // not a GP blob: plain WKB (SpatiaLite writes this in some tools)
  const flags = blob[3]!;
  if (flags & 0x10) return null;
  const env = (flags >> 1) & 0x07;
  const envSize = [0, 32, 48, 48, 64][env] ?? 0;
  return 8 + envSize;
}

function sqliteType(decl: string): FieldType | null {
  const t = decl.toUpperCase();
  if (/INT|BOOLEAN/.test(t)) return 'INTEGER';
  if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(t)) return 'REAL';
  if (/BLOB/.test(t)) return null;
  return 'TEXT';
}

function openGpkg(file: string, opts: OpenOptions): ImportSource {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new SourceError(`${base(file)} 无法打开 / cannot be opened: ${(e as Error).message}`, file);
  }
  try {
    const hasContents = db.prepare("SELECT 1 FROM sqlite_master WHERE name='gpkg_geometry_columns'").get();
    if (!hasContents) throw new SourceError(`${base(file)} 不是 GeoPackage（没有 gpkg_geometry_columns 表）/ is not a GeoPackage (no gpkg_geometry_columns table)`, file);
    const cols = db.prepare(`SELECT g.table_name t, g.column_name c, g.geometry_type_name gt, g.srs_id s FROM gpkg_geometry_columns g
      JOIN gpkg_contents c ON c.table_name = g.table_name WHERE c.data_type = 'features' ORDER BY g.table_name`).all() as { t: string; c: string; gt: string; s: number }[];
    if (!cols.length) throw new SourceError(`${base(file)} 中没有要素图层 / the GeoPackage has no feature layer`, file);
    const layers = cols.map((c) => c.t);
    const chosen = cols.find((c) => c.t === (opts.layer ?? layers[0]));
    if (!chosen) throw new SourceError(`${base(file)} 中没有图层 ${opts.layer} / the GeoPackage has no layer ${opts.layer} (it has ${layers.join(', ')})`, file);
    const info = db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(chosen.t) as { name: string; type: string; pk: number }[];
    const fields: SourceField[] = [];
    for (const c of info) {
      if (c.pk || c.name === chosen.c) continue;
      const t = sqliteType(c.type);
      if (t) fields.push({ name: c.name, type: t });
    }
    const srs = db.prepare('SELECT organization o, organization_coordsys_id id, definition d FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(chosen.s) as
      { o: string; id: number; d: string } | undefined;
    let crs: SourceCrs;
    if (!srs || chosen.s === 0 || chosen.s === -1) crs = { status: 'unknown', name: `srs_id ${chosen.s}`, reason: 'GeoPackage 图层未定义坐标系 / the layer has no CRS', from: 'gpkg' };
    else if (srs.o?.toUpperCase() === 'EPSG') {
      crs = knownSrid(srs.id, 'gpkg');
      if (crs.status !== 'known' && srs.d && srs.d !== 'undefined') {
        const fromDef = crsFromWkt(srs.d, 'gpkg');
        if (fromDef.status === 'known' || fromDef.status === 'legacy') crs = fromDef;
      }
    } else crs = crsFromWkt(srs.d, 'gpkg');
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const count = (db.prepare(`SELECT COUNT(*) n FROM ${q(chosen.t)}`).get() as { n: number }).n;
    const ext = db.prepare('SELECT min_x a, min_y b, max_x c, max_y d FROM gpkg_contents WHERE table_name = ?').get(chosen.t) as
      { a: number | null; b: number | null; c: number | null; d: number | null };
    let bbox: Bbox | null = ext.a !== null && ext.b !== null && ext.c !== null && ext.d !== null ? [ext.a, ext.b, ext.c, ext.d] : null;
    const select = `SELECT ${[...fields.map((f) => q(f.name)), q(chosen.c)].join(', ')} FROM ${q(chosen.t)} ORDER BY rowid`;
    const rowsOf = function* (): Generator<SourceRow> {
      const stmt = db.prepare(select).raw(true);
      let row = 0;
      for (const r of stmt.iterate() as Iterable<unknown[]>) {
        row++;
        const blob = r[fields.length] as Uint8Array | null;
        const values = r.slice(0, fields.length).map((v) => (v instanceof Uint8Array ? null : v)) as DbfValue[];
        let geometry: RowGeometry;
        if (!blob) geometry = { kind: 'empty' };
        else {
          const off = gpkgWkbOffset(blob);
          geometry = off === null ? { kind: 'empty' } : readWkb(blob, off);
        }
        yield { row, values, geometry };
      }
    };
    if (!bbox && count) {
      const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
      for (const r of rowsOf()) if (r.geometry.kind === 'polygons') polygonsBbox(r.geometry.polygons, b);
      bbox = Number.isFinite(b[0]) ? b : null;
    }
    return {
      format: 'gpkg', file, layers, layer: chosen.t, fields, count, bbox, crs, encoding: null, detected: null,
      geometryType: chosen.gt, rows: rowsOf, close: () => db.close(),
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

// ---- GeoJSON / KML -----------------------------------------------------------------------------------------------------

interface Feature { properties?: Record<string, unknown> | null; geometry?: Parameters<typeof readGeoJsonGeometry>[0] }

function inferFields(features: Feature[]): SourceField[] {
  const types = new Map<string, FieldType | 'null'>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const prev = types.get(k) ?? 'null';
      let t: FieldType | 'null';
      if (v === null || v === undefined || v === '') t = 'null';
      else if (typeof v === 'number') t = Number.isInteger(v) ? 'INTEGER' : 'REAL';
      else if (typeof v === 'boolean') t = 'INTEGER';
      else t = 'TEXT';
      const merged = prev === 'null' ? t : t === 'null' ? prev : prev === t ? t
        : (prev === 'TEXT' || t === 'TEXT') ? 'TEXT' : 'REAL';
      types.set(k, merged);
    }
  }
  return [...types].map(([name, t]) => ({ name, type: t === 'null' ? 'TEXT' : t }));
}

function propertyValue(v: unknown, type: FieldType): DbfValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  if (type !== 'TEXT' && v === '') return null;
  return String(v);
}

function featureSource(format: 'geojson' | 'kml', file: string, features: Feature[], crs: SourceCrs, encoding: EncodingDecision | null,
  detected: ImportSource['detected']): ImportSource {
  const fields = inferFields(features);
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const geoms = features.map((f) => readGeoJsonGeometry(f.geometry ?? null));
  const types = new Set<string>();
  for (const g of geoms) {
    if (g.kind === 'polygons') { polygonsBbox(g.polygons, b); types.add('Polygon'); } else if (g.kind === 'unsupported') types.add(g.type);
  }
  return {
    format, file, layers: [path.basename(file)], layer: path.basename(file), fields, count: features.length,
    bbox: Number.isFinite(b[0]) ? b : null, crs, encoding, detected, geometryType: [...types].join(', ') || 'none',
    *rows() {
      for (let i = 0; i < features.length; i++) {
        const p = features[i]!.properties ?? {};
        yield { row: i + 1, values: fields.map((f) => propertyValue(p[f.name], f.type)), geometry: geoms[i]! };
      }
    },
    close() {},
  };
}

/** Text of a file that should be UTF-8, honouring a user's choice and falling back to GBK when it is not UTF-8. */
function decodeWhole(file: string, bytes: Buffer, opts: OpenOptions): { text: string; encoding: EncodingDecision; detected: NonNullable<ImportSource['detected']> } {
  let body = bytes;
  let bom = false;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) { body = body.subarray(3); bom = true; }
  const detected = bom ? { encoding: 'utf8' as const, source: 'detected' as const } : detectEncoding([body]);
  const encoding: EncodingDecision = opts.encoding ? { encoding: opts.encoding, source: 'user' }
    : bom ? { encoding: 'utf8', source: 'detected', note: 'UTF-8 BOM' }
      : { encoding: detected.encoding, source: detected.source };
  try {
    const text = new TextFieldDecoder(encoding.encoding, opts.lenient).decode(body, 0, body.length);
    return { text, encoding, detected };
  } catch (e) {
    if (e instanceof DecodeError) {
      // Find the line for the message.
      const line = locateInvalidLine(body, encoding.encoding);
      throw new SourceError(`${base(file)} 第 ${line} 行不是有效的 ${encodingLabel(encoding.encoding)} 文本，请换一种编码 / line ${line} is not valid ${encodingLabel(encoding.encoding)} text: choose another encoding`,
        `${base(file)} line ${line}`, 'ENCODING');
    }
    throw e;
  }
}

function locateInvalidLine(body: Buffer, encoding: TextEncodingId): number {
  const dec = new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding, { fatal: true });
  let line = 1, start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      try { dec.decode(body.subarray(start, i)); } catch { return line; }
      line++;
      start = i + 1;
    }
  }
  return line;
}

function geoJsonCrs(doc: { crs?: { properties?: { name?: string } } }): SourceCrs {
  const name = doc.crs?.properties?.name;
  if (!name) return { ...knownSrid(WGS84, 'geojson'), name: 'CRS84 (RFC 7946) 经纬度 / lon/lat' } as SourceCrs;
  if (/CRS84$/i.test(name)) return knownSrid(WGS84, 'geojson');
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (m) return knownSrid(Number(m[1]), 'geojson');
  return { status: 'unknown', name, reason: `GeoJSON 的坐标系 “${name}” 无法识别 / unknown GeoJSON crs “${name}”`, from: 'geojson' };
}

function openGeoJson(file: string, bytes: Buffer, opts: OpenOptions): ImportSource {
  const { text, encoding, detected } = decodeWhole(file, bytes, opts);
  let doc: { type?: string; features?: Feature[]; geometry?: unknown; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${base(file)} 不是有效的 JSON / is not valid JSON: ${(e as Error).message}`, file);
  }
  let features: Feature[];
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features;
  else if (doc.type === 'Feature') features = [doc as Feature];
  else if (doc.type && ['Polygon', 'MultiPolygon', 'GeometryCollection'].includes(doc.type)) features = [{ properties: {}, geometry: doc as Feature['geometry'] }];
  else throw new SourceError(`${base(file)} 不是 GeoJSON 要素集合 / is not a GeoJSON FeatureCollection`, file);
  return featureSource('geojson', file, features, geoJsonCrs(doc), encoding, detected);
}

function openKml(file: string, bytes: Buffer, opts: OpenOptions): ImportSource {
  const { text, encoding, detected } = decodeWhole(file, bytes, opts);
  let table: { features?: Feature[] };
  try {
    table = parseSync(text, KMLLoader, { kml: { shape: 'geojson-table' } } as never) as { features?: Feature[] };
  } catch (e) {
    throw new SourceError(`${base(file)} 不是有效的 KML / is not valid KML: ${(e as Error).message}`, file);
  }
  if (!/<kml[\s>]/i.test(text.slice(0, 2000))) throw new SourceError(`${base(file)} 不是 KML 文件（没有 <kml> 元素）/ is not a KML file (no <kml> element)`, file);
  const features = (table.features ?? []).map((f) => ({ ...f, properties: kmlProperties(f.properties ?? {}) }));
  // KML data are text (togeojson does not read <Schema> types): numbers are recognised as in a CSV.
  const keys = new Set(features.flatMap((f) => Object.keys(f.properties)));
  for (const k of keys) {
    const values = features.map((f) => f.properties[k]).filter((v): v is string => typeof v === 'string');
    const t = textColumnType(values);
    if (t === 'TEXT') continue;
    for (const f of features) {
      const v = f.properties[k];
      if (typeof v === 'string') f.properties[k] = v.trim() === '' ? null : Number(v);
    }
  }
  // KML coordinates are always WGS 84 lon/lat (OGC 07-147r2).
  return featureSource('kml', file, features, { ...knownSrid(WGS84, 'kml') } as SourceCrs, encoding, detected);
}

/** togeojson adds styling keys; keep the data (name, description, ExtendedData). */
function kmlProperties(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (/^(styleUrl|styleHash|styleMapHash|stroke|stroke-opacity|stroke-width|fill|fill-opacity|icon|visibility|timespan|timestamp)$/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

function openKmz(file: string, opts: OpenOptions): ImportSource {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(readFileSync(file)));
  } catch (e) {
    throw new SourceError(`${base(file)} 不是有效的 KMZ / is not a valid KMZ (zip) file: ${(e as Error).message}`, file);
  }
  const kml = Object.keys(entries).find((n) => /(^|\/)doc\.kml$/i.test(n)) ?? Object.keys(entries).find((n) => /\.kml$/i.test(n));
  if (!kml) throw new SourceError(`${base(file)} 中没有 KML / the KMZ holds no .kml`, file);
  const src = openKml(file, Buffer.from(entries[kml]!), opts);
  return src;
}

// ---- CSV -----------------------------------------------------------------------------------------------------------

const GEOM_COLUMNS = /^(wkt|geom|geometry|the_geom|shape|几何|图形|坐标串)$/i;
const XY_COLUMNS = /^(x|y|lon|lat|lng|longitude|latitude|经度|纬度|东坐标|北坐标|x坐标|y坐标)$/i;

/** RFC 4180 CSV (quotes, doubled quotes, newlines in quotes); delimiter comma, tab or semicolon (sniffed). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const delim = [',', '\t', ';'].map((d) => [d, outside.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === delim) { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The type text values hold: codes with leading zeros and 16+ digit identifiers stay text. */
function textValueType(v: string): FieldType {
  if (/^[-+]?0\d/.test(v) || /^[-+]?\d{16,}$/.test(v)) return 'TEXT';
  if (/^[-+]?\d{1,15}$/.test(v)) return 'INTEGER';
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? 'REAL' : 'TEXT';
}

/** The type of a column of text values (empty values do not count). */
function textColumnType(values: Iterable<string>): FieldType {
  let t = 'null' as FieldType | 'null';
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    const vt = textValueType(v);
    t = t === 'null' ? vt : t === vt ? t : (t === 'TEXT' || vt === 'TEXT') ? 'TEXT' : 'REAL';
    if (t === 'TEXT') break;
  }
  return t === 'null' ? 'TEXT' : t;
}

function openCsv(file: string, bytes: Buffer, opts: OpenOptions): ImportSource {
  const { text, encoding, detected } = decodeWhole(file, bytes, opts);
  const table = parseCsv(text);
  const header = table[0];
  if (!header) throw new SourceError(`${base(file)} 是空文件 / is empty`, file);
  const data = table.slice(1);
  let g = header.findIndex((h) => GEOM_COLUMNS.test(h.trim()));
  if (g < 0) g = header.findIndex((_, k) => data.slice(0, 20).some((r) => /^\s*(SRID=\d+;)?\s*(MULTI)?POLYGON/i.test(r[k] ?? '')));
  if (g < 0) {
    const xy = header.filter((h) => XY_COLUMNS.test(h.trim()));
    if (xy.length >= 2) {
      throw new SourceError(`${base(file)} 只有点坐标列（${xy.join('、')}）：工作台的图层都是面图层，请提供含 WKT 面几何的列 / has point coordinate columns (${xy.join(', ')}) only: workbench layers are polygon layers; provide a column of polygon WKT`, file);
    }
    throw new SourceError(`${base(file)} 中没有几何列（WKT / geometry）/ has no geometry column: name a column WKT (or geometry) holding POLYGON / MULTIPOLYGON text`, file);
  }
  const cols = header.map((h, k) => ({ name: h.trim() || `field_${k + 1}`, k })).filter((c) => c.k !== g);
  const types = cols.map((c) => textColumnType(data.map((r) => r[c.k] ?? '')));
  const fields: SourceField[] = cols.map((c, i) => ({ name: c.name, type: types[i]! }));
  const geoms: RowGeometry[] = data.map((r, i) => {
    try {
      return readWkt(r[g] ?? '');
    } catch (e) {
      throw new SourceError(`${base(file)} 第 ${i + 2} 行的 WKT 无效 / line ${i + 2}: invalid WKT: ${(e as Error).message}`, `${base(file)} line ${i + 2}`);
    }
  });
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const kinds = new Set<string>();
  for (const geom of geoms) {
    if (geom.kind === 'polygons') { polygonsBbox(geom.polygons, b); kinds.add('Polygon'); } else if (geom.kind === 'unsupported') kinds.add(geom.type);
  }
  return {
    format: 'csv', file, layers: [path.basename(file)], layer: path.basename(file), fields, count: data.length,
    bbox: Number.isFinite(b[0]) ? b : null,
    crs: { status: 'unknown', name: '无 / none', reason: 'CSV 没有坐标系定义 / CSV carries no CRS', from: 'none' },
    encoding, detected, geometryType: [...kinds].join(', ') || 'none',
    *rows() {
      for (let i = 0; i < data.length; i++) {
        const r = data[i]!;
        const values = cols.map((c, k) => {
          const v = (r[c.k] ?? '').trim();
          if (v === '') return null;
          return fields[k]!.type === 'TEXT' ? (r[c.k] ?? '') : Number(v);
        });
        // Row numbers count the header line, as a spreadsheet shows them.
        yield { row: i + 2, values, geometry: geoms[i]! };
      }
    },
    close() {},
  };
}
