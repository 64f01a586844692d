// Import of the files planners receive, against fixtures GDAL writes: GBK and UTF-8 DBFs with and without .cpg,
// zone-prefixed and plain Gauss–Krüger .prj, other zones, Xian 1980, no .prj, GeoPackage, GeoJSON, KML, CSV, zip;
// and broken files, which must fail clearly and leave the workspace exactly as it was.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsFromWkt } from '../../main/core/io/crs-detect.js';
import { encodeText } from '../../main/core/io/encoding.js';
import { previewImport, runImport, type WorkspaceFacts } from '../../main/core/io/import.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import type { ImportOptions } from '../../shared/contract/io.js';
import { sha256, tempDir } from './helpers.js';
import { csvOf, emptyWorkspace, gdal, makeShapefile, PARCELS, shiftWkt } from './io-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
const facts: WorkspaceFacts = { srid: 4528, extent: [119.3, 31.5, 119.7, 31.9] };
const ctx = { isCancelled: () => false, progress: () => {} };

beforeAll(() => { tmp = tempDir('sanxian-import-'); });
afterAll(() => tmp.cleanup());

let n = 0;
function freshWorkspace(srid = 4528): string {
  return emptyWorkspace(tmp.file(`ws${++n}.sqlite`), srid);
}

function features(ws: string, table: string, cols: string[]): Record<string, unknown>[] {
  const w = Workspace.open(ws, { readonly: true });
  try {
    return w.db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')}, AsText(geom) wkt, ST_Area(geom) area, ST_IsValid(geom) valid FROM "${table}" ORDER BY fid`).all() as Record<string, unknown>[];
  } finally {
    w.close();
  }
}

/** The workspace file and its layer list, to prove a failed import changed nothing. */
function snapshot(ws: string): { hash: string; layers: string } {
  const w = Workspace.open(ws);
  const layers = JSON.stringify(w.layers().map((l) => [l.table, l.featureCount]));
  const tables = JSON.stringify(w.db.prepare("SELECT name FROM sqlite_master ORDER BY name").all());
  w.close(); // checkpoints the WAL: the hash covers everything committed
  return { hash: sha256(ws), layers: layers + tables };
}

function expectUnchanged(ws: string, run: () => unknown, code: string, message: RegExp): void {
  const before = snapshot(ws);
  let error: unknown;
  try { run(); } catch (e) { error = e; }
  expect(error, 'the import should have failed').toBeDefined();
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(message);
  expect(snapshot(ws)).toEqual(before);
}

describe('shapefiles', () => {
  it('imports a GBK shapefile with a zone-prefixed .prj as 三调 parcels: Chinese text, exact coordinates, valid geometry', () => {
    const shp = makeShapefile(tmp.dir, 'dltb_gbk', { srs: 'EPSG:4528', encoding: 'GBK' });
    const preview = previewImport({ path: shp }, facts);
    expect(preview.format).toBe('shapefile');
    expect(preview.encoding).toMatchObject({ encoding: 'gbk', source: 'cpg', suspicious: 0 });
    expect(preview.crs).toMatchObject({ status: 'known', srid: 4528, transform: 'none', axesSwapped: false });
    expect(preview.kind).toBe('landuse');
    expect(preview.fieldMap).toMatchObject({ DLBM: 'DLBM', DLMC: 'DLMC', TBMJ: 'TBMJ', ZLDWMC: 'ZLDWMC', TBBH: 'TBBH', SJNF: 'SJNF', BSM: null });
    expect(preview.sample.map((r) => r.values[1])).toEqual(['水田', '农村宅基地', '沟渠']);
    expect(preview.invalid).toEqual([]);
    expect(preview.extent![0]).toBeGreaterThan(119.4);

    const ws = freshWorkspace();
    const r = runImport(ws, { path: shp }, facts, ctx);
    expect(r.imported).toBe(3);
    expect(r.layer.kind).toBe('landuse');
    expect(r.layer.featureCount).toBe(3);
    const rows = features(ws, r.layer.table, ['DLBM', 'DLMC', 'TBMJ', 'ZLDWMC', 'SJNF']);
    expect(rows.map((x) => x.DLMC)).toEqual(['水田', '农村宅基地', '沟渠']);
    expect(rows.map((x) => x.ZLDWMC)).toEqual(['黄金村', '龙溪村', '红旗圩村']);
    expect(rows.map((x) => x.TBMJ)).toEqual([10000.25, 9600, 1234.5678]);
    expect(rows.map((x) => x.SJNF)).toEqual([2023, 2023, 2022]);
    expect(rows.every((x) => x.valid === 1)).toBe(true);
    // The parcel with a hole: 100 × 100 − 20 × 20.
    expect(rows[1]!.area).toBeCloseTo(9600, 9);
    // Exactly the vertices written (a shapefile stores outer rings clockwise, so the order may be reversed).
    const vertices = (wkt: string) => [...wkt.matchAll(/(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    PARCELS.forEach((p, i) => expect(vertices(String(rows[i]!.wkt))).toEqual(vertices(p.wkt)));
  });

  it('detects GBK when there is no .cpg, and UTF-8 when the DBF is UTF-8', () => {
    const gbk = makeShapefile(tmp.dir, 'nocpg_gbk', { srs: 'EPSG:4528', encoding: 'GBK' });
    rmSync(gbk.replace(/\.shp$/, '.cpg'));
    const p1 = previewImport({ path: gbk }, facts);
    expect(p1.encoding).toMatchObject({ encoding: 'gbk', source: 'detected', suspicious: 0 });
    expect(p1.sample[0]!.values[1]).toBe('水田');

    const utf = makeShapefile(tmp.dir, 'nocpg_utf8', { srs: 'EPSG:4528', encoding: 'UTF-8' });
    rmSync(utf.replace(/\.shp$/, '.cpg'));
    const p2 = previewImport({ path: utf }, facts);
    expect(p2.encoding).toMatchObject({ encoding: 'utf8', source: 'detected', suspicious: 0 });
    expect(p2.sample[1]!.values[1]).toBe('农村宅基地');

    const ws = freshWorkspace();
    expect(features(ws, runImport(ws, { path: gbk }, facts, ctx).layer.table, ['DLMC']).map((x) => x.DLMC)).toEqual(['水田', '农村宅基地', '沟渠']);
  });

  it('shows the wrong encoding in the preview (� and a warning) and refuses to import it, leaving the workspace unchanged', () => {
    const shp = makeShapefile(tmp.dir, 'wrong_enc', { srs: 'EPSG:4528', encoding: 'GBK' });
    const p = previewImport({ path: shp, encoding: 'utf8' }, facts);
    expect(p.encoding!.encoding).toBe('utf8');
    expect(p.encoding!.suspicious).toBeGreaterThan(0);
    expect(String(p.sample[0]!.values[1])).toContain('\ufffd');
    const ws = freshWorkspace();
    expectUnchanged(ws, () => runImport(ws, { path: shp, encoding: 'utf8' }, facts, ctx), 'ENCODING', /第 1 行字段 DLMC 不是有效的 UTF-8.*row 1, field DLMC is not valid UTF-8/);
    // UTF-8 read as GBK decodes without error (as mojibake): the preview says so.
    const utf = makeShapefile(tmp.dir, 'utf_as_gbk', { srs: 'EPSG:4528', encoding: 'UTF-8' });
    const p2 = previewImport({ path: utf, encoding: 'gbk' }, facts);
    expect(p2.encoding!.suspicious).toBeGreaterThan(0);
    expect(p2.warnings.join()).toMatch(/looks like UTF-8/);
  });

  it('lands a zone-40 file with and without the zone number on identical coordinates', () => {
    const rows = PARCELS.map((p) => ({ ...p, wkt: shiftWkt(p.wkt, -40_000_000) }));
    const plain = makeShapefile(tmp.dir, 'cm120', { srs: 'EPSG:4549', encoding: 'GBK', rows });
    const prefixed = makeShapefile(tmp.dir, 'zone40', { srs: 'EPSG:4528', encoding: 'GBK' });
    const p = previewImport({ path: plain }, facts);
    expect(p.crs).toMatchObject({ status: 'known', srid: 4549, transform: 'shift' });
    const ws = freshWorkspace();
    const a = runImport(ws, { path: prefixed }, facts, ctx);
    const b = runImport(ws, { path: plain }, facts, ctx);
    const w = Workspace.open(ws, { readonly: true });
    const wkb = (t: string) => w.db.prepare(`SELECT hex(AsBinary(geom)) h FROM "${t}" ORDER BY fid`).all();
    expect(wkb(b.layer.table)).toEqual(wkb(a.layer.table));
    w.close();
  });

  it('transforms another zone and a 6° zone into the workspace zone (as PROJ does, within a millimetre)', () => {
    // The same parcels written in zone 39 (EPSG:4527) and in 6° zone 20 (EPSG:4498) by ogr2ogr.
    const src = makeShapefile(tmp.dir, 'src40', { srs: 'EPSG:4528', encoding: 'GBK' });
    const z39 = tmp.file('z39.shp'), z20 = tmp.file('z20.shp');
    gdal('ogr2ogr', '-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4527', '-lco', 'ENCODING=GBK', z39, src);
    gdal('ogr2ogr', '-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4498', '-lco', 'ENCODING=GBK', z20, src);
    const ws = freshWorkspace();
    const base = runImport(ws, { path: src }, facts, ctx);
    for (const f of [z39, z20]) {
      const p = previewImport({ path: f }, facts);
      expect(p.crs.transform).toBe('project');
      const r = runImport(ws, { path: f }, facts, ctx);
      const w = Workspace.open(ws, { readonly: true });
      const d = w.db.prepare(`SELECT MAX(ST_HausdorffDistance(a.geom, b.geom)) d FROM "${base.layer.table}" a JOIN "${r.layer.table}" b ON a.fid = b.fid`).get() as { d: number };
      w.close();
      expect(d.d).toBeLessThan(0.001);
    }
  });

  it('guesses the CRS of a shapefile without .prj, says so, and imports only once the user confirms it', () => {
    const shp = makeShapefile(tmp.dir, 'noprj', { encoding: 'GBK' });
    rmSync(shp.replace(/\.shp$/, '.prj'), { force: true });
    const p = previewImport({ path: shp }, facts);
    expect(p.crs).toMatchObject({ status: 'guessed', srid: 4528 });
    expect(p.crs.reason).toMatch(/zone number 40/);
    expect(p.warnings.join()).toMatch(/CRS is a guess/);
    const ws = freshWorkspace();
    expectUnchanged(ws, () => runImport(ws, { path: shp }, facts, ctx), 'CRS_UNCONFIRMED', /--srs EPSG:4528/);
    expect(runImport(ws, { path: shp, srs: 'EPSG:4528' }, facts, ctx).imported).toBe(3);
  });

  it('guesses lon/lat and northing-first coordinates, and swaps the axes', () => {
    // A CSV of survey coordinates: X is the northing, Y the easting (as Chinese survey tables write them).
    const swapped = PARCELS.map((p) => ({ ...p, wkt: p.wkt.replace(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g, '$2 $1') }));
    const csv = tmp.file('xy_swapped.csv');
    writeFileSync(csv, csvOf(swapped));
    const p = previewImport({ path: csv }, facts);
    expect(p.crs).toMatchObject({ status: 'guessed', srid: 4528, axesSwapped: true });
    const ws = freshWorkspace();
    const r = runImport(ws, { path: csv, srs: 'EPSG:4528', swapAxes: true }, facts, ctx);
    const rows = features(ws, r.layer.table, ['DLMC']);
    expect(rows[0]!.wkt).toMatch(/^MULTIPOLYGON\(\(\(40450000 3510000,/);
    expect(rows[1]!.area).toBeCloseTo(9600, 6);
  });

  it('recognises Xian 1980 and Beijing 1954 and refuses them unless the Helmert parameters are given', () => {
    const shp = makeShapefile(tmp.dir, 'xian80', { srs: 'EPSG:2364', encoding: 'GBK' }); // Xian 1980 / 3-degree GK zone 40
    const p = previewImport({ path: shp }, facts);
    expect(p.crs.status).toBe('legacy');
    expect(p.crs.name).toMatch(/Xian 1980/);
    const ws = freshWorkspace();
    expectUnchanged(ws, () => runImport(ws, { path: shp }, facts, ctx), 'UNSUPPORTED_CRS', /西安 1980.*Xian 1980.*--towgs84/s);
    const bj = makeShapefile(tmp.dir, 'bj54', { srs: 'EPSG:2437', encoding: 'GBK', rows: PARCELS.map((x) => ({ ...x, wkt: shiftWkt(x.wkt, -40_000_000) })) });
    expect(previewImport({ path: bj }, facts).crs.name).toMatch(/Beijing 1954/);
    // With parameters (illustrative, not official) the file lands, shifted by the datum change (tens of metres).
    const r = runImport(ws, { path: shp, towgs84: [24, -123, -94, 0.02, -0.25, -0.13, 1.1] }, facts, ctx);
    const rows = features(ws, r.layer.table, ['DLMC']);
    expect(rows[0]!.area as number).toBeCloseTo(10050, -1);
  });

  it('refuses a shapefile without .shx, a truncated .shp and a .dbf of another file, leaving the workspace unchanged', () => {
    const ws = freshWorkspace();
    const noShx = makeShapefile(tmp.dir, 'noshx', { srs: 'EPSG:4528', encoding: 'GBK' });
    rmSync(noShx.replace(/\.shp$/, '.shx'));
    expectUnchanged(ws, () => runImport(ws, { path: noShx }, facts, ctx), 'BAD_FILE', /缺少 noshx\.shx.*noshx\.shx is missing/);
    expect(() => previewImport({ path: noShx }, facts)).toThrow(/\.shx is missing/);

    const cut = makeShapefile(tmp.dir, 'truncated', { srs: 'EPSG:4528', encoding: 'GBK' });
    truncateSync(cut, 300);
    expectUnchanged(ws, () => runImport(ws, { path: cut }, facts, ctx), 'BAD_FILE', /truncated/);

    const other = makeShapefile(tmp.dir, 'mixed', { srs: 'EPSG:4528', encoding: 'GBK', rows: PARCELS.slice(0, 2) });
    copyFileSync(tmp.file('dltb_gbk.dbf'), other.replace(/\.shp$/, '.dbf'));
    expectUnchanged(ws, () => runImport(ws, { path: other }, facts, ctx), 'BAD_FILE', /do not belong together/);
  });

  it('lists invalid geometries by row and refuses them, or repairs them with MakeValid and reports it', () => {
    const rows = [...PARCELS, { ...PARCELS[0]!, TBBH: '4', wkt: 'POLYGON((40450500 3510000,40450600 3510100,40450600 3510000,40450500 3510100,40450500 3510000))' }];
    const shp = makeShapefile(tmp.dir, 'bowtie', { srs: 'EPSG:4528', encoding: 'GBK', rows });
    const p = previewImport({ path: shp }, facts);
    expect(p.invalid).toEqual([{ row: 4, reason: expect.stringMatching(/Self-intersection/i) }]);
    const ws = freshWorkspace();
    expectUnchanged(ws, () => runImport(ws, { path: shp }, facts, ctx), 'INVALID_GEOMETRY', /第 4 行 \/ row 4: Self-intersection/i);
    const r = runImport(ws, { path: shp, repair: true }, facts, ctx);
    expect(r.repaired).toEqual([{ row: 4, reason: expect.stringMatching(/Self-intersection/i) }]);
    expect(r.imported).toBe(4);
    const out = features(ws, r.layer.table, ['TBBH']);
    expect(out.every((x) => x.valid === 1)).toBe(true);
    expect(out[3]!.area).toBeCloseTo(5000, 6); // the two triangles of the bow-tie
  });

  it('refuses lines and points with the rows named', () => {
    const ws = freshWorkspace();
    const lines = tmp.file('lines.csv');
    writeFileSync(lines, csvOf([{ wkt: 'LINESTRING(40450000 3510000,40450100 3510100)', MC: '道路' }, { wkt: PARCELS[0]!.wkt, MC: '地块' }]));
    expectUnchanged(ws, () => runImport(ws, { path: lines, srs: 'EPSG:4528' }, facts, ctx), 'UNSUPPORTED_GEOMETRY', /row 2: LINESTRING/);
  });

  it('imports a zipped shapefile', () => {
    makeShapefile(tmp.dir, 'zipped', { srs: 'EPSG:4528', encoding: 'GBK' });
    const files: Record<string, Uint8Array> = {};
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) files[`data/zipped.${ext}`] = readFileSync(tmp.file(`zipped.${ext}`));
    const zip = tmp.file('zipped.zip');
    writeFileSync(zip, zipSync(files));
    const p = previewImport({ path: zip }, facts);
    expect(p).toMatchObject({ format: 'shapefile', layers: ['data/zipped'], featureCount: 3 });
    const ws = freshWorkspace();
    const r = runImport(ws, { path: zip, name: '项目区' }, facts, ctx);
    expect(r.layer.name).toBe('项目区');
    expect(features(ws, r.layer.table, ['DLMC']).map((x) => x.DLMC)).toEqual(['水田', '农村宅基地', '沟渠']);
  });
});

describe('other formats', () => {
  it('imports a layer of a GeoPackage with several layers', () => {
    const src = makeShapefile(tmp.dir, 'for_gpkg', { srs: 'EPSG:4528', encoding: 'GBK' });
    const gpkg = tmp.file('two.gpkg');
    gdal('ogr2ogr', '-f', 'GPKG', gpkg, src, '-nln', 'first');
    gdal('ogr2ogr', '-f', 'GPKG', '-update', gpkg, src, '-nln', 'second', '-where', "DLBM = '0702'");
    const p = previewImport({ path: gpkg, layer: 'second' }, facts);
    expect(p).toMatchObject({ format: 'gpkg', layers: ['first', 'second'], layer: 'second', featureCount: 1, encoding: null });
    expect(p.crs).toMatchObject({ status: 'known', srid: 4528 });
    const ws = freshWorkspace();
    const r = runImport(ws, { path: gpkg, layer: 'second' }, facts, ctx);
    const rows = features(ws, r.layer.table, ['DLMC']);
    expect(rows.map((x) => x.DLMC)).toEqual(['农村宅基地']);
    expect(rows[0]!.area).toBeCloseTo(9600, 6);
  });

  it('imports GeoJSON (CRS84) and KML (lon/lat) within a millimetre of the same parcels in Gauss–Krüger', () => {
    const src = makeShapefile(tmp.dir, 'for_ll', { srs: 'EPSG:4528', encoding: 'GBK' });
    const geojson = tmp.file('parcels.geojson'), kml = tmp.file('parcels.kml');
    gdal('ogr2ogr', '-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '-lco', 'RFC7946=YES', '-lco', 'COORDINATE_PRECISION=12', geojson, src);
    gdal('ogr2ogr', '-f', 'KML', kml, src);
    const ws = freshWorkspace();
    const base = runImport(ws, { path: src }, facts, ctx);
    for (const f of [geojson, kml]) {
      const p = previewImport({ path: f }, facts);
      expect(p.crs.transform).toBe('project');
      expect(p.sample.some((r) => r.values.includes('农村宅基地'))).toBe(true);
      const r = runImport(ws, { path: f, kind: 'landuse' }, facts, ctx);
      const w = Workspace.open(ws, { readonly: true });
      const d = w.db.prepare(`SELECT MAX(ST_HausdorffDistance(a.geom, b.geom)) d, COUNT(*) n FROM "${base.layer.table}" a JOIN "${r.layer.table}" b ON a.fid = b.fid`).get() as { d: number; n: number };
      w.close();
      expect(d.n).toBe(3);
      expect(d.d).toBeLessThan(0.001);
    }
  });

  it('imports a GBK CSV with a WKT column, keeping the fields the kind does not have as extra columns', () => {
    const csv = tmp.file('gbk.csv');
    const text = csvOf(PARCELS, () => ({ 项目备注: '试点', LONGFIELDNAME: 7 }));
    writeFileSync(csv, encodeText(text, 'gbk'));
    const p = previewImport({ path: csv, srs: 'EPSG:4528' }, facts);
    expect(p.encoding).toMatchObject({ encoding: 'gbk', source: 'detected' });
    expect(p.fields.map((f) => [f.name, f.type])).toContainEqual(['项目备注', 'TEXT']);
    const ws = freshWorkspace();
    const r = runImport(ws, { path: csv, srs: 'EPSG:4528', kind: 'user', name: '草案', fieldMap: { MC: 'ZLDWMC' } } satisfies ImportOptions, facts, ctx);
    expect(r.extraFields).toEqual(expect.arrayContaining(['DLBM', 'DLMC', 'TBMJ', 'TBBH', 'SJNF', '项目备注', 'LONGFIELDNAME']));
    const rows = features(ws, r.layer.table, ['MC', '项目备注', 'LONGFIELDNAME', 'TBMJ']);
    expect(rows[2]).toMatchObject({ MC: '红旗圩村', 项目备注: '试点', LONGFIELDNAME: 7, TBMJ: 1234.5678 });
    // Clicking a feature shows the kept fields after the kind's own.
    const w = Workspace.open(ws, { readonly: true });
    const detail = w.feature(r.layer.id, 3);
    w.close();
    expect(Object.keys(detail.attributes).slice(0, 2)).toEqual(['MC', 'BZ']);
    expect(detail.attributes).toMatchObject({ MC: '红旗圩村', 项目备注: '试点', DLMC: '沟渠', TBMJ: 1234.5678 });
    expect(detail.area.planar.m2).toBeGreaterThan(0);
  });

  it('refuses values that do not fit the mapped field, naming row and field', () => {
    const csv = tmp.file('badnum.csv');
    writeFileSync(csv, csvOf(PARCELS.map((p, i) => ({ ...p, TBMJ: i === 1 ? '约九千' : p.TBMJ }))));
    const ws = freshWorkspace();
    expectUnchanged(ws, () => runImport(ws, { path: csv, srs: 'EPSG:4528' }, facts, ctx), 'BAD_VALUE', /row 3: TBMJ → TBMJ: “约九千”/);
  });
});

describe('CRS recognition of real .prj files', () => {
  it('recognises every flavour GDAL writes for CGCS2000 GK zones, WGS 84 and Web Mercator', () => {
    const cases: [string, number][] = [['EPSG:4528', 4528], ['EPSG:4549', 4549], ['EPSG:4513', 4513], ['EPSG:4533', 4533], ['EPSG:4534', 4534],
      ['EPSG:4554', 4554], ['EPSG:4491', 4491], ['EPSG:4501', 4501], ['EPSG:4502', 4502], ['EPSG:4512', 4512], ['EPSG:4490', 4490],
      ['EPSG:4326', 4326], ['EPSG:3857', 3857]];
    for (const [srs, srid] of cases) {
      for (const format of ['wkt_esri', 'wkt1', 'wkt2']) {
        const wkt = execFileSync('gdalsrsinfo', ['-o', format, srs], { encoding: 'utf8' });
        const crs = crsFromWkt(wkt, 'prj');
        expect([srs, format, crs.status, 'srid' in crs ? crs.srid : null]).toEqual([srs, format, 'known', srid]);
      }
    }
  });

  it('keeps the file path and row in what a bad zip says', () => {
    const bad = tmp.file('notzip.zip');
    writeFileSync(bad, 'not a zip');
    expect(() => previewImport({ path: bad }, facts)).toThrow(/notzip\.zip 不是有效的 zip 文件/);
    const file = tmp.file('renamed.txt');
    renameSync(bad, file);
    expect(() => previewImport({ path: path.join(tmp.dir, 'missing.shp') }, facts)).toThrow(/File not found/);
  });
});
