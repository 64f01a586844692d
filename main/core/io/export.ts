// Exports of a layer (or the selected features) and of a check run's findings to the formats planners hand on:
// Shapefile (GBK or UTF-8 attributes with a .cpg, an ESRI .prj of the workspace's Gauss–Krüger CRS), GeoPackage,
// GeoJSON (RFC 7946: CRS84 lon/lat) and KML. Rows are streamed from the workspace by fid pages; every file is
// written beside its target under a temporary name and renamed into place at the end, so a failure leaves no
// half-written export.
import { closeSync, existsSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ExportResult } from '../../../shared/contract/io.js';
import { CGCS2000_GEOGRAPHIC, gaussKrugerFromSrid } from '../../../shared/domain/crs.js';
import { FINDING_LABELS } from '../../../shared/domain/findings.js';
import type { FieldType } from '../../../shared/domain/layer-kinds.js';
import type { FindingType } from '../../../shared/contract/schemas.js';
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { dbfFieldNames, dbfLayout, DbfWriter, type DbfOutField, type DbfValue } from './dbf.js';
import { EncodeError, type TextEncodingId } from './encoding.js';
import { readWkb, ringSignedArea, type Polygon } from './geometry.js';
import { ShpWriter } from './shapefile.js';

export interface ExportColumn { name: string; type: FieldType }

/** What every writer reads: columns, and rows with WKB in the workspace CRS and (when asked) in lon/lat. */
export interface ExportTable {
  name: string;
  srid: number;
  columns: ExportColumn[];
  count: number;
  rows(geometry: 'projected' | 'lonlat' | 'none'): Generator<{ values: DbfValue[]; wkb: Buffer | null }>;
  style?: { fill: [number, number, number]; line: [number, number, number]; opacity: number };
  labelField?: string;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

function declaredType(t: string): FieldType {
  const u = t.toUpperCase();
  if (/INT/.test(u)) return 'INTEGER';
  if (/REAL|FLOA|DOUB|NUMERIC/.test(u)) return 'REAL';
  return 'TEXT';
}

/** A layer's table as an export source: every attribute column (the kind's fields and any kept from an import). */
export function layerTable(ws: Workspace, layerId: number, fids?: number[]): ExportTable {
  const layer = ws.layer(layerId);
  const table = layer.table;
  const info = ws.db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as { name: string; type: string }[];
  const columns = info.filter((c) => c.name !== 'fid' && c.name !== 'geom').map((c) => ({ name: c.name, type: declaredType(c.type) }));
  const wanted = fids ? [...new Set(fids)].sort((a, b) => a - b) : null;
  if (wanted) {
    const have = ws.db.prepare(`SELECT COUNT(*) n FROM ${q(table)} WHERE fid IN (SELECT value FROM json_each(?))`).get(JSON.stringify(wanted)) as { n: number };
    if (have.n !== wanted.length) throw new WorkbenchError('UNKNOWN_FEATURE', `图层 ${layer.name} 中没有部分所选要素 / some selected features are not in layer ${layer.name}`);
  }
  const count = wanted ? wanted.length : (ws.db.prepare(`SELECT COUNT(*) n FROM ${q(table)}`).get() as { n: number }).n;
  return {
    name: layer.table, srid: ws.srid, columns, count,
    style: { fill: layer.style.fillColor, line: layer.style.lineColor, opacity: layer.style.fillOpacity },
    labelField: layer.style.labelField ?? columns.find((c) => /^(MC|XMMC|HXMC|XZQMC|ZLDWMC|TBBH)$/.test(c.name))?.name,
    *rows(geometry) {
      const g = geometry === 'projected' ? 'AsBinary(geom)' : geometry === 'lonlat' ? `AsBinary(ST_Transform(geom, ${CGCS2000_GEOGRAPHIC}))` : 'NULL';
      const cols = columns.map((c) => q(c.name)).join(', ');
      const filter = wanted ? 'AND fid IN (SELECT value FROM json_each(?))' : '';
      const stmt = ws.db.prepare(`SELECT fid, ${cols}${cols ? ',' : ''} ${g} g FROM ${q(table)} WHERE fid > ? ${filter} ORDER BY fid LIMIT 2000`).raw(true);
      let last = -Infinity;
      for (;;) {
        const page = (wanted ? stmt.all(last, JSON.stringify(wanted)) : stmt.all(last)) as unknown[][];
        if (!page.length) return;
        for (const r of page) yield { values: r.slice(1, columns.length + 1) as DbfValue[], wkb: r[columns.length + 1] as Buffer | null };
        last = page[page.length - 1]![0] as number;
      }
    },
  };
}

/** A saved check run's findings as an export source (docs/checks.md for the columns). */
export function findingsTable(ws: Workspace, runId: number): ExportTable {
  const run = ws.db.prepare('SELECT status FROM sx_check_runs WHERE id = ?').get(runId) as { status: string } | undefined;
  if (!run) throw new WorkbenchError('BAD_REQUEST', `没有检查 ${runId} / no check run ${runId}`);
  if (run.status !== 'done') throw new WorkbenchError('BAD_REQUEST', `检查 ${runId} 未完成（${run.status}）/ run ${runId} is ${run.status}`);
  const columns: ExportColumn[] = [
    { name: 'finding_id', type: 'INTEGER' }, { name: 'type', type: 'TEXT' }, { name: 'type_name', type: 'TEXT' }, { name: 'severity', type: 'TEXT' },
    { name: 'layers', type: 'TEXT' }, { name: 'feature_ids', type: 'TEXT' }, { name: 'area_m2', type: 'REAL' }, { name: 'area_ha', type: 'REAL' },
    { name: 'area_mu', type: 'REAL' }, { name: 'area_ell_m2', type: 'REAL' }, { name: 'town', type: 'TEXT' }, { name: 'village', type: 'TEXT' },
    { name: 'dlbm', type: 'TEXT' }, { name: 'detail', type: 'TEXT' },
  ];
  const count = (ws.db.prepare('SELECT COUNT(*) n FROM sx_findings WHERE run_id = ?').get(runId) as { n: number }).n;
  return {
    name: `findings_${runId}`, srid: ws.srid, columns, count, labelField: 'type_name',
    style: { fill: [230, 60, 60], line: [200, 0, 0], opacity: 0.4 },
    *rows(geometry) {
      const g = geometry === 'projected' ? 'AsBinary(geom)' : geometry === 'lonlat' ? `AsBinary(ST_Transform(geom, ${CGCS2000_GEOGRAPHIC}))` : 'NULL';
      const stmt = ws.db.prepare(`SELECT id, type, severity, layers_json, fids_json, area_m2, area_ell_m2, town, village, dlbm, detail, ${g} g
        FROM sx_findings WHERE run_id = ? AND id > ? ORDER BY id LIMIT 2000`);
      let last = -1;
      for (;;) {
        const page = stmt.all(runId, last) as { id: number; type: string; severity: string; layers_json: string; fids_json: string; area_m2: number;
          area_ell_m2: number; town: string | null; village: string | null; dlbm: string | null; detail: string; g: Buffer | null }[];
        if (!page.length) return;
        for (const r of page) {
          yield {
            values: [r.id, r.type, FINDING_LABELS[r.type as FindingType]?.zh ?? r.type, r.severity, r.layers_json, r.fids_json, r.area_m2,
              // m² → 平方米: GBK (CP936) has no superscript two, and findings go to GBK shapefiles too.
              r.area_m2 / 10_000, r.area_m2 / (10_000 / 15), r.area_ell_m2, r.town, r.village, r.dlbm, r.detail.replace(/m²/g, '平方米')],
            wkb: r.g,
          };
        }
        last = page[page.length - 1]!.id;
      }
    },
  };
}

// ---- Files ------------------------------------------------------------------------------------------------------------

/** Temporary siblings renamed into place together; removed on failure. */
class AtomicFiles {
  private readonly pairs: [string, string][] = [];
  tmp(target: string): string {
    const t = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    rmSync(t, { force: true });
    this.pairs.push([t, target]);
    return t;
  }
  commit(): string[] {
    for (const [t, target] of this.pairs) renameSync(t, target);
    return this.pairs.map(([, target]) => target);
  }
  abort(): void {
    for (const [t] of this.pairs) rmSync(t, { force: true });
  }
}

function checkTarget(target: string): string {
  const file = path.resolve(target);
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  return file;
}

export function exportTable(table: ExportTable, format: ExportFormat, target: string, encoding: 'gbk' | 'utf8' = 'gbk'): ExportResult {
  let file = checkTarget(target);
  const ext: Record<ExportFormat, string> = { shp: '.shp', gpkg: '.gpkg', geojson: '.geojson', kml: '.kml' };
  if (path.extname(file).toLowerCase() !== ext[format] && !(format === 'geojson' && /\.json$/i.test(file))) file += ext[format];
  const files = new AtomicFiles();
  try {
    let renamed: Record<string, string> = {};
    let count: number;
    if (format === 'shp') ({ count, renamed } = writeShapefile(table, file, encoding, files));
    else if (format === 'gpkg') count = writeGeoPackage(table, files.tmp(file));
    else if (format === 'geojson') count = writeGeoJson(table, files.tmp(file));
    else count = writeKml(table, files.tmp(file));
    return { path: file, files: files.commit(), count, renamed };
  } catch (e) {
    files.abort();
    if (e instanceof EncodeError) {
      throw new WorkbenchError('ENCODING', `${e.message}：请改用 UTF-8 导出 / choose UTF-8 for this export`, path.basename(file));
    }
    throw e;
  }
}

// ---- Shapefile ---------------------------------------------------------------------------------------------------------

/** The ESRI WKT of a CGCS2000 Gauss–Krüger CRS, as ArcGIS and GDAL write it in a .prj. */
export function esriPrj(srid: number): string {
  const gk = gaussKrugerFromSrid(srid);
  const geog = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  if (!gk) return geog;
  const name = gk.zoneWidth === 3
    ? (gk.zonePrefix ? `CGCS2000_3_Degree_GK_Zone_${gk.zone}` : `CGCS2000_3_Degree_GK_CM_${gk.centralMeridian}E`)
    : (gk.zonePrefix ? `CGCS2000_GK_Zone_${gk.zone}` : `CGCS2000_GK_CM_${gk.centralMeridian}E`);
  const fe = gk.zonePrefix ? gk.zone * 1_000_000 + 500_000 : 500_000;
  return `PROJCS["${name}",${geog},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],` +
    `PARAMETER["Central_Meridian",${gk.centralMeridian.toFixed(1)}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
}

function polygonsOf(wkb: Buffer | null): Polygon[] | null {
  if (!wkb) return null;
  const g = readWkb(wkb);
  return g.kind === 'polygons' ? g.polygons : null;
}

function writeShapefile(table: ExportTable, file: string, encoding: TextEncodingId, files: AtomicFiles): { count: number; renamed: Record<string, string> } {
  const stem = file.replace(/\.shp$/i, '');
  const names = dbfFieldNames(table.columns.map((c) => c.name), encoding);
  const renamed: Record<string, string> = {};
  table.columns.forEach((c, i) => { if (names[i] !== c.name) renamed[c.name] = names[i]!; });
  const fields: DbfOutField[] = table.columns.map((c) => ({ name: c.name, type: c.type }));
  // First pass: field widths from the data (text as long as its longest value in the chosen encoding).
  const layout = dbfLayout(fields, (function* () { for (const r of table.rows('none')) yield r.values; })(), encoding);
  const dbf = new DbfWriter(fields, names, layout, encoding);
  const shp = new ShpWriter(files.tmp(`${stem}.shp`), files.tmp(`${stem}.shx`));
  const dbfPath = files.tmp(`${stem}.dbf`);
  const fd = openSync(dbfPath, 'w');
  let count = 0;
  try {
    writeSync(fd, dbf.header(0));
    const chunk: Buffer[] = [];
    for (const r of table.rows('projected')) {
      shp.add(polygonsOf(r.wkb));
      chunk.push(dbf.record(r.values));
      count++;
      if (chunk.length >= 1000) { writeSync(fd, Buffer.concat(chunk)); chunk.length = 0; }
    }
    if (chunk.length) writeSync(fd, Buffer.concat(chunk));
    writeSync(fd, Buffer.from([0x1a]));
    writeSync(fd, dbf.header(count), 0, undefined, 0);
    shp.close();
  } catch (e) {
    shp.abort();
    throw e;
  } finally {
    closeSync(fd);
  }
  writeFileSync(files.tmp(`${stem}.prj`), esriPrj(table.srid));
  writeFileSync(files.tmp(`${stem}.cpg`), encoding === 'utf8' ? 'UTF-8' : 'GBK');
  return { count, renamed };
}

// ---- GeoPackage -------------------------------------------------------------------------------------------------------

function writeGeoPackage(table: ExportTable, file: string): number {
  const out = openDatabase(file);
  let count = 0;
  try {
    out.pragma('application_id = 1196444487'); // 'GPKG'
    out.pragma('user_version = 10200');
    out.prepare('SELECT gpkgCreateBaseTables()').get();
    out.prepare('SELECT gpkgInsertEpsgSRID(?)').get(BigInt(table.srid));
    const name = table.name;
    out.exec(`CREATE TABLE ${q(name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT${table.columns.map((c) => `, ${q(c.name)} ${c.type}`).join('')})`);
    out.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`)
      .run(name, name, '三线工作台导出 / exported by Sanxian Workbench', table.srid);
    out.prepare(`SELECT gpkgAddGeometryColumn(?, 'geom', 'MULTIPOLYGON', 0, 0, ?)`).get(name, BigInt(table.srid));
    const cols = table.columns.map((c) => q(c.name));
    const ins = out.prepare(`INSERT INTO ${q(name)} (${[...cols, 'geom'].join(', ')}) VALUES (${cols.map(() => '?').join(', ')}${cols.length ? ', ' : ''}AsGPB(GeomFromWKB(?, ${Math.trunc(table.srid)})))`);
    out.exec('BEGIN');
    for (const r of table.rows('projected')) {
      ins.run(...r.values, r.wkb);
      count++;
    }
    out.exec('COMMIT');
    const e = out.prepare(`SELECT MIN(ST_MinX(GeomFromGPB(geom))) x0, MIN(ST_MinY(GeomFromGPB(geom))) y0, MAX(ST_MaxX(GeomFromGPB(geom))) x1,
      MAX(ST_MaxY(GeomFromGPB(geom))) y1 FROM ${q(name)}`).get() as { x0: number | null; y0: number; x1: number; y1: number };
    out.prepare(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?`)
      .run(e.x0, e.y0, e.x1, e.y1, name);
  } finally {
    out.close();
  }
  return count;
}

// ---- GeoJSON ------------------------------------------------------------------------------------------------------------

function rfc7946(p: Polygon): number[][][] {
  // Exterior rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6); full double precision so areas round-trip.
  return p.map((ring, i) => {
    const ccw = ringSignedArea(ring) > 0;
    const pts: number[][] = [];
    for (let k = 0; k < ring.length; k += 2) pts.push([ring[k]!, ring[k + 1]!]);
    return ccw === (i === 0) ? pts : pts.reverse();
  });
}

function jsonValue(v: DbfValue): string | number | null {
  return typeof v === 'bigint' ? v.toString() : v;
}

function writeGeoJson(table: ExportTable, file: string): number {
  const fd = openSync(file, 'w');
  let count = 0;
  try {
    writeSync(fd, `{"type":"FeatureCollection","name":${JSON.stringify(table.name)},"features":[\n`);
    let buf: string[] = [];
    for (const r of table.rows('lonlat')) {
      const polys = polygonsOf(r.wkb);
      const properties: Record<string, unknown> = {};
      table.columns.forEach((c, i) => { properties[c.name] = jsonValue(r.values[i]!); });
      const geometry = polys?.length ? { type: 'MultiPolygon', coordinates: polys.map(rfc7946) } : null;
      buf.push(`${count ? ',\n' : ''}${JSON.stringify({ type: 'Feature', properties, geometry })}`);
      count++;
      if (buf.length >= 500) { writeSync(fd, buf.join('')); buf = []; }
    }
    writeSync(fd, buf.join(''));
    writeSync(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
  return count;
}

// ---- KML ----------------------------------------------------------------------------------------------------------------

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const kmlColor = (rgb: [number, number, number], alpha: number) =>
  [Math.round(alpha * 255), rgb[2], rgb[1], rgb[0]].map((v) => v.toString(16).padStart(2, '0')).join('');

function kmlRing(r: Float64Array): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += 2) parts.push(`${r[i]},${r[i + 1]}`);
  return `<LinearRing><coordinates>${parts.join(' ')}</coordinates></LinearRing>`;
}

function writeKml(table: ExportTable, file: string): number {
  const fd = openSync(file, 'w');
  let count = 0;
  try {
    const s = table.style ?? { fill: [120, 120, 230] as [number, number, number], line: [60, 60, 200] as [number, number, number], opacity: 0.3 };
    writeSync(fd, `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document><name>${xml(table.name)}</name>\n` +
      `<Style id="s"><LineStyle><color>${kmlColor(s.line, 1)}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColor(s.fill, s.opacity)}</color></PolyStyle></Style>\n` +
      `<Schema name="${xml(table.name)}" id="${xml(table.name)}">${table.columns.map((c) => `<SimpleField name="${xml(c.name)}" type="${c.type === 'TEXT' ? 'string' : c.type === 'INTEGER' ? 'int' : 'double'}"/>`).join('')}</Schema>\n<Folder><name>${xml(table.name)}</name>\n`);
    const label = table.labelField ? table.columns.findIndex((c) => c.name === table.labelField) : -1;
    let buf: string[] = [];
    for (const r of table.rows('lonlat')) {
      const polys = polygonsOf(r.wkb) ?? [];
      const data = table.columns.map((c, i) => (r.values[i] === null ? '' : `<SimpleData name="${xml(c.name)}">${xml(String(jsonValue(r.values[i]!)))}</SimpleData>`)).join('');
      const geoms = polys.map((p) => `<Polygon><outerBoundaryIs>${kmlRing(p[0]!)}</outerBoundaryIs>${p.slice(1).map((h) => `<innerBoundaryIs>${kmlRing(h)}</innerBoundaryIs>`).join('')}</Polygon>`);
      const geometry = geoms.length === 1 ? geoms[0] : geoms.length ? `<MultiGeometry>${geoms.join('')}</MultiGeometry>` : '';
      const name = label >= 0 && r.values[label] !== null ? `<name>${xml(String(jsonValue(r.values[label]!)))}</name>` : '';
      buf.push(`<Placemark>${name}<styleUrl>#s</styleUrl><ExtendedData><SchemaData schemaUrl="#${xml(table.name)}">${data}</SchemaData></ExtendedData>${geometry}</Placemark>\n`);
      count++;
      if (buf.length >= 500) { writeSync(fd, buf.join('')); buf = []; }
    }
    writeSync(fd, buf.join(''));
    writeSync(fd, '</Folder>\n</Document>\n</kml>\n');
  } finally {
    closeSync(fd);
  }
  return count;
}
