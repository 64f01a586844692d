// Fixtures for the import/export tests, made by GDAL (an independent writer): shapefiles with GBK or UTF-8 DBFs,
// zone-prefixed and plain Gauss–Krüger .prj files, GeoPackages, GeoJSON, KML, CSV; and broken ones.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Workspace } from '../../main/core/workspace/workspace.js';

export function gdal(tool: 'ogr2ogr' | 'ogrinfo', ...args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Parcels around 金坛 in EPSG:4528 (x with the zone number 40): squares, a parcel with a hole, Chinese names. */
export const PARCELS = [
  { DLBM: '0101', DLMC: '水田', TBMJ: 10000.25, ZLDWMC: '黄金村', TBBH: '1', SJNF: 2023,
    wkt: 'POLYGON((40450000 3510000,40450100 3510000,40450100 3510100.5,40450000 3510100.5,40450000 3510000))' },
  { DLBM: '0702', DLMC: '农村宅基地', TBMJ: 9600, ZLDWMC: '龙溪村', TBBH: '2', SJNF: 2023,
    wkt: 'POLYGON((40450100 3510000,40450200 3510000,40450200 3510100,40450100 3510100,40450100 3510000),(40450120 3510020,40450140 3510020,40450140 3510040,40450120 3510040,40450120 3510020))' },
  { DLBM: '1107', DLMC: '沟渠', TBMJ: 1234.5678, ZLDWMC: '红旗圩村', TBBH: '3', SJNF: 2022,
    wkt: 'MULTIPOLYGON(((40450300 3510000,40450350 3510000,40450350 3510020.123,40450300 3510000)),((40450400 3510000,40450450 3510000,40450450 3510050,40450400 3510050,40450400 3510000)))' },
];

/** Shifts x of every coordinate in WKT by dx (the zone number's 40,000,000 m) — exact for these values. */
export function shiftWkt(wkt: string, dx: number): string {
  return wkt.replace(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g, (_, x: string, y: string) => `${Number(x) + dx} ${y}`);
}

export function csvOf(rows: { wkt: string; [k: string]: unknown }[], extra: (r: Record<string, unknown>) => Record<string, unknown> = () => ({})): string {
  const all = rows.map((r) => ({ ...r, ...extra(r) }));
  const keys = Object.keys(all[0]!).filter((k) => k !== 'wkt');
  const esc = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  return [['WKT', ...keys].join(','), ...all.map((r) => [esc(r.wkt), ...keys.map((k) => esc(r[k]))].join(','))].join('\n') + '\n';
}

/** A shapefile written by ogr2ogr from WKT rows, with the attribute encoding and CRS asked for. */
export function makeShapefile(dir: string, name: string, opts: {
  rows?: { wkt: string; [k: string]: unknown }[]; srs?: string; encoding?: 'GBK' | 'UTF-8' | null; types?: string;
}): string {
  const csv = `${dir}/${name}.src.csv`;
  writeFileSync(csv, csvOf(opts.rows ?? PARCELS));
  // A .csvt fixes the field types (GDAL otherwise reads every CSV column as text).
  writeFileSync(`${dir}/${name}.src.csvt`, opts.types ?? '"WKT","String","String","Real","String","String","Integer"');
  const out = `${dir}/${name}.shp`;
  const args = ['-f', 'ESRI Shapefile', out, csv, '-oo', 'GEOM_POSSIBLE_NAMES=WKT', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-nlt', 'PROMOTE_TO_MULTI', '-nln', name];
  if (opts.srs) args.push('-a_srs', opts.srs);
  if (opts.encoding) args.push('-lco', `ENCODING=${opts.encoding}`);
  gdal('ogr2ogr', ...args);
  return out;
}

export function emptyWorkspace(file: string, srid = 4528): string {
  Workspace.create(file, { name: '导入测试', srid }).close();
  return file;
}

/** Area and a text field of each feature as GDAL reads the file (its SQLite dialect computes ST_Area). */
export function gdalAreas(file: string, layer: string, textField: string, geometryColumn = 'geometry'): Map<string, number> {
  const out = gdal('ogrinfo', '-q', '-dialect', 'SQLite', '-sql', `SELECT "${textField}" k, ST_Area("${geometryColumn}") a FROM "${layer}"`, file);
  const m = new Map<string, number>();
  for (const block of out.split('OGRFeature').slice(1)) {
    const k = /k \(\w+\) = (.*)/.exec(block)?.[1]?.trim();
    const a = /a \(Real\) = ([-\d.e+]+)/.exec(block)?.[1];
    if (k !== undefined && a !== undefined) m.set(k, Number(a));
  }
  return m;
}
