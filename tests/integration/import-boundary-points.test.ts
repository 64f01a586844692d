// Parcels exchanged as tables of boundary points (界址点坐标表): a CSV with a parcel id, ring and point numbers and
// X (northing) / Y (easting, with or without the zone number), and the 自然资源部 坐标交换格式 TXT of 建设用地报批.
// Hand-made fixtures around 金坛 (3° zone 40); the expected polygons are written out by hand as WKT and compared with
// SpatiaLite's ST_Equals, so nothing expected is computed by the code under test.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeText } from '../../main/core/io/encoding.js';
import { previewImport, runImport, type WorkspaceFacts } from '../../main/core/io/import.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { sha256, tempDir } from './helpers.js';
import { emptyWorkspace, gdal } from './io-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
const facts: WorkspaceFacts = { srid: 4528, extent: [119.3, 31.5, 119.7, 31.9] };
const ctx = { isCancelled: () => false, progress: () => {} };
beforeAll(() => { tmp = tempDir('sanxian-jzd-'); });
afterAll(() => tmp.cleanup());
let n = 0;
const freshWorkspace = () => emptyWorkspace(tmp.file(`ws${++n}.sqlite`));

/** X = northing, Y = easting with the zone number 40, as survey tables write them. */
const N = 3_510_000, E = 40_450_000;
/** DK-1: a 100 m square with a 20 m hole (ring 2); DK-2: its eastern neighbour, ring not closed in the file. */
const DK1 = `POLYGON((${E} ${N},${E + 100} ${N},${E + 100} ${N + 100},${E} ${N + 100},${E} ${N}),(${E + 20} ${N + 20},${E + 20} ${N + 40},${E + 40} ${N + 40},${E + 40} ${N + 20},${E + 20} ${N + 20}))`;
const DK2 = `POLYGON((${E + 100} ${N},${E + 200} ${N},${E + 200} ${N + 100},${E + 100} ${N + 100},${E + 100} ${N}))`;
/** DK-3: rows out of order, put right by the point numbers J1…J4. */
const DK3 = `POLYGON((${E + 300} ${N},${E + 350} ${N},${E + 350} ${N + 50},${E + 300} ${N + 50},${E + 300} ${N}))`;

function pointsCsv(dx = 0): string {
  const y = (v: number) => String(v - dx);
  return [
    '地块编号,地块名称,圈号,点号,X坐标,Y坐标,用途',
    `DK-1,一号地块,1,J1,${N},${y(E)},工业`,
    `DK-1,,1,J2,${N},${y(E + 100)},`,
    `DK-1,,1,J3,${N + 100},${y(E + 100)},`,
    `DK-1,,1,J4,${N + 100},${y(E)},`,
    `DK-1,,1,J1,${N},${y(E)},`,
    `DK-1,,2,J5,${N + 20},${y(E + 20)},`,
    `DK-1,,2,J6,${N + 40},${y(E + 20)},`,
    `DK-1,,2,J7,${N + 40},${y(E + 40)},`,
    `DK-1,,2,J8,${N + 20},${y(E + 40)},`,
    `DK-2,二号地块,1,1,${N},${y(E + 100)},仓储`,
    `DK-2,二号地块,1,2,${N},${y(E + 200)},仓储`,
    `DK-2,二号地块,1,3,${N + 100},${y(E + 200)},仓储`,
    `DK-2,二号地块,1,4,${N + 100},${y(E + 100)},仓储`,
    `DK-3,三号地块,1,J3,${N + 50},${y(E + 350)},道路`,
    `DK-3,三号地块,1,J1,${N},${y(E + 300)},道路`,
    `DK-3,三号地块,1,J4,${N + 50},${y(E + 300)},道路`,
    `DK-3,三号地块,1,J2,${N},${y(E + 350)},道路`,
  ].join('\r\n') + '\r\n';
}

function layerRows(ws: string, table: string, cols: string[]): Record<string, unknown>[] {
  const w = Workspace.open(ws, { readonly: true });
  try {
    return w.db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')}, ST_Area(geom) area, ST_IsValid(geom) valid, AsText(geom) wkt FROM "${table}" ORDER BY fid`).all() as Record<string, unknown>[];
  } finally {
    w.close();
  }
}

function equalsWkt(ws: string, table: string, fid: number, wkt: string): boolean {
  const w = Workspace.open(ws, { readonly: true });
  try {
    return (w.db.prepare(`SELECT ST_Equals(geom, GeomFromText(?, 4528)) e FROM "${table}" WHERE fid = ?`).get(wkt, fid) as { e: number }).e === 1;
  } finally {
    w.close();
  }
}

describe('CSV of boundary points (界址点坐标表)', () => {
  it('groups rows by parcel id and ring into polygons with holes; X is taken as the northing, the zone is guessed from Y', () => {
    const csv = tmp.file('界址点.csv');
    writeFileSync(csv, encodeText(pointsCsv(), 'gbk'));
    const p = previewImport({ path: csv }, facts);
    expect(p.format).toBe('csv');
    expect(p.featureCount).toBe(3);
    expect(p.fields.map((f) => f.name)).toEqual(['地块编号', '地块名称', '用途']);
    expect(p.sample.map((r) => [r.row, r.values[0], r.values[1]])).toEqual([[2, 'DK-1', '一号地块'], [11, 'DK-2', '二号地块'], [15, 'DK-3', '三号地块']]);
    expect(p.crs).toMatchObject({ status: 'guessed', srid: 4528, axesSwapped: true });
    expect(p.warnings.join('\n')).toContain('“X坐标” 列作北坐标（纵），“Y坐标” 列作东坐标（横）');
    expect(p.invalid).toEqual([]);

    const ws = freshWorkspace();
    expect(() => runImport(ws, { path: csv }, facts, ctx)).toThrow(/--srs EPSG:4528/);
    const r = runImport(ws, { path: csv, srs: 'EPSG:4528', name: '界址点' }, facts, ctx);
    expect(r.imported).toBe(3);
    // 地块名称 is the user layer's name (MC); the other columns are kept as extra columns.
    expect(r.extraFields).toEqual(['地块编号', '用途']);
    const rows = layerRows(ws, r.layer.table, ['地块编号', 'MC', '用途']);
    expect(rows.map((x) => [x.地块编号, x.MC, x.用途])).toEqual([['DK-1', '一号地块', '工业'], ['DK-2', '二号地块', '仓储'], ['DK-3', '三号地块', '道路']]);
    expect(rows.map((x) => x.valid)).toEqual([1, 1, 1]);
    expect(rows.map((x) => x.area)).toEqual([9600, 10000, 2500]);
    expect(equalsWkt(ws, r.layer.table, 1, DK1)).toBe(true);
    expect(equalsWkt(ws, r.layer.table, 2, DK2)).toBe(true);
    expect(equalsWkt(ws, r.layer.table, 3, DK3)).toBe(true);
  });

  it('reads eastings without the zone number as the workspace zone and lands on the same coordinates', () => {
    const csv = tmp.file('plain.csv');
    writeFileSync(csv, pointsCsv(40_000_000));
    const p = previewImport({ path: csv }, facts);
    expect(p.crs).toMatchObject({ status: 'guessed', srid: 4549, axesSwapped: true, transform: 'shift' });
    const ws = freshWorkspace();
    const r = runImport(ws, { path: csv, srs: 'EPSG:4549' }, facts, ctx);
    expect(equalsWkt(ws, r.layer.table, 1, DK1)).toBe(true);
    expect(equalsWkt(ws, r.layer.table, 3, DK3)).toBe(true);
  });

  it('refuses x/y without a parcel id column, naming the columns found, and leaves the workspace unchanged', () => {
    const csv = tmp.file('points.csv');
    writeFileSync(csv, `点号,X,Y,备注\nJ1,${N},${E}\nJ2,${N},${E + 100}\nJ3,${N + 100},${E + 100}\n`);
    const ws = freshWorkspace();
    const before = sha256(ws);
    expect(() => previewImport({ path: csv }, facts)).toThrow(/没有地块编号列.*“点号”、“X”、“Y”、“备注”.*needs a parcel id column.*Columns found: 点号, X, Y, 备注/s);
    expect(() => runImport(ws, { path: csv, srs: 'EPSG:4528' }, facts, ctx)).toThrow(/parcel id/);
    expect(sha256(ws)).toBe(before);
    // An id that differs on every row numbers the points, not the parcels.
    const ids = tmp.file('point-ids.csv');
    writeFileSync(ids, `ID,X,Y\n1,${N},${E}\n2,${N},${E + 100}\n3,${N + 100},${E + 100}\n`);
    expect(() => previewImport({ path: ids }, facts)).toThrow(/“ID” 列每行都不同，不是地块编号.*differs on every row: it is not a parcel id/s);
  });

  it('lists an invalid parcel by id and rows with GEOS\'s reason, and refuses it unless repaired', () => {
    const csv = tmp.file('bowtie.csv');
    writeFileSync(csv, pointsCsv() + [
      `DK-4,四号地块,1,J1,${N + 200},${E}`, `DK-4,,1,J2,${N + 300},${E + 100}`, `DK-4,,1,J3,${N + 200},${E + 100}`, `DK-4,,1,J4,${N + 300},${E}`,
    ].join('\n') + '\n');
    const p = previewImport({ path: csv, srs: 'EPSG:4528' }, facts);
    expect(p.invalid).toHaveLength(1);
    expect(p.invalid[0]).toMatchObject({ row: 19, lastRow: 22, feature: 'DK-4' });
    expect(p.invalid[0]!.reason).toMatch(/self-intersection/i);
    const ws = freshWorkspace();
    expect(() => runImport(ws, { path: csv, srs: 'EPSG:4528' }, facts, ctx)).toThrow(/地块 DK-4 第 19–22 行.*parcel DK-4 rows 19–22: .*Self-intersection/i);
    const r = runImport(ws, { path: csv, srs: 'EPSG:4528', repair: true }, facts, ctx);
    expect(r.repaired).toMatchObject([{ row: 19, feature: 'DK-4' }]);
  });
});

/** The 坐标交换格式 of 建设用地报批: [属性描述] names the CRS and zone, [地块坐标] lists parcels and their points. */
function exchangeTxt(crs = '2000国家大地坐标系', declared = 10): string {
  return [
    '[属性描述]', '格式版本号=1.01', '数据产生单位=金坛区自然资源和规划局', '数据产生日期=2025-6-15', `坐标系=${crs}`, '几度分带=3',
    '投影类型=高斯克吕格', '计量单位=米', '带号=40', '精度=0.01', '转换参数=,,,,,,',
    '[地块坐标]',
    `${declared},0.96,1,一号地块,面,,工业用地,,@`,
    `J1,1,${N},${E}`, `J2,1,${N},${E + 100}`, `J3,1,${N + 100},${E + 100}`, `J4,1,${N + 100},${E}`, `J1,1,${N},${E}`,
    `J5,2,${N + 20},${E + 20}`, `J6,2,${N + 40},${E + 20}`, `J7,2,${N + 40},${E + 40}`, `J8,2,${N + 20},${E + 40}`, `J5,2,${N + 20},${E + 20}`,
    '5,1.0,2,二号地块,面,,仓储用地,,@',
    `J1,1,${N},${E + 100}`, `J2,1,${N},${E + 200}`, `J3,1,${N + 100},${E + 200}`, `J4,1,${N + 100},${E + 100}`, `J1,1,${N},${E + 100}`,
  ].join('\r\n') + '\r\n';
}

describe('坐标交换格式 TXT (建设用地报批)', () => {
  it('reads the CRS from [属性描述] (CGCS2000, 3° zone 40, zone number in Y) and imports each parcel with its hole', () => {
    const txt = tmp.file('报批坐标.txt');
    writeFileSync(txt, encodeText(exchangeTxt(), 'gbk'));
    const p = previewImport({ path: txt }, facts);
    expect(p.crs).toMatchObject({ status: 'known', srid: 4528, from: 'txt', axesSwapped: true, transform: 'none' });
    expect(p.fields.map((f) => f.name).slice(0, 7)).toEqual(['界址点数', '地块面积', '地块编号', '地块名称', '图形属性', '图幅号', '地块用途']);
    expect(p.sample.map((r) => [r.row, r.values[2], r.values[3], r.values[6]])).toEqual([[13, '1', '一号地块', '工业用地'], [24, '2', '二号地块', '仓储用地']]);
    expect(p.invalid).toEqual([]);
    expect(p.warnings.join('\n')).not.toMatch(/declares/);
    const ws = freshWorkspace();
    const r = runImport(ws, { path: txt }, facts, ctx);
    expect(r.imported).toBe(2);
    expect(p.kind).toBe('user');
    expect(p.fieldMap.MC).toBe('地块名称');
    const rows = layerRows(ws, r.layer.table, ['地块编号', 'MC', '地块用途', '地块面积']);
    expect(rows.map((x) => [x.地块编号, x.MC, x.地块用途, x.地块面积])).toEqual([['1', '一号地块', '工业用地', 0.96], ['2', '二号地块', '仓储用地', 1]]);
    expect(equalsWkt(ws, r.layer.table, 1, DK1)).toBe(true);
    expect(equalsWkt(ws, r.layer.table, 2, DK2)).toBe(true);
  });

  it('warns when a parcel declares another number of points than it has; refuses Xian 1980 without Helmert parameters', () => {
    const txt = tmp.file('count.txt');
    writeFileSync(txt, exchangeTxt('2000国家大地坐标系', 12));
    expect(previewImport({ path: txt }, facts).warnings.join('\n')).toMatch(/地块 1（第 13 行）声明 12 个界址点，实有 10 个/);
    const xian = tmp.file('xian.txt');
    writeFileSync(xian, exchangeTxt('1980西安坐标系'));
    const p = previewImport({ path: xian }, facts);
    expect(p.crs.status).toBe('legacy');
    const ws = freshWorkspace();
    expect(() => runImport(ws, { path: xian }, facts, ctx)).toThrow(/西安 1980/);
  });
});

describe('problem lists name the feature when the file has ids', () => {
  it('GeoJSON feature ids and GeoPackage fids (written by GDAL)', () => {
    const ring = (x: number, bow: boolean) => {
      const [a, b] = [119.48 + x, 31.7];
      return bow ? [[a, b], [a + 0.001, b + 0.001], [a + 0.001, b], [a, b + 0.001], [a, b]] : [[a, b], [a + 0.001, b], [a + 0.001, b + 0.001], [a, b + 0.001], [a, b]];
    };
    const doc = { type: 'FeatureCollection', features: [101, 102, 103].map((id, i) => ({
      type: 'Feature', id, properties: { MC: `地块${i + 1}` }, geometry: { type: 'Polygon', coordinates: [ring(i * 0.002, i === 1)] },
    })) };
    const json = tmp.file('ids.geojson');
    writeFileSync(json, JSON.stringify(doc));
    const p = previewImport({ path: json }, facts);
    expect(p.invalid).toMatchObject([{ row: 2, feature: '102' }]);
    const gpkg = tmp.file('ids.gpkg');
    gdal('ogr2ogr', '-f', 'GPKG', gpkg, json, '-preserve_fid', '-nln', 'ids');
    const g = previewImport({ path: gpkg }, facts);
    expect(g.invalid).toMatchObject([{ row: 2, feature: '102' }]);
    expect(g.invalid[0]!.reason).toMatch(/self-intersection/i);
  });
});

describe('checking every row', () => {
  it('the preview checks the first 20,000 features, or all of them when asked, and lists an invalid one far down', () => {
    const lines = ['WKT,MC'];
    for (let i = 0; i < 20_010; i++) {
      const x = E + (i % 100) * 10, y = N + Math.floor(i / 100) * 10;
      lines.push(i === 20_005
        ? `"POLYGON((${x} ${y},${x + 10} ${y + 10},${x + 10} ${y},${x} ${y + 10},${x} ${y}))",坏`
        : `"POLYGON((${x} ${y},${x + 10} ${y},${x + 10} ${y + 10},${x} ${y + 10},${x} ${y}))",好`);
    }
    const csv = tmp.file('many.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const first = previewImport({ path: csv, srs: 'EPSG:4528' }, facts);
    expect(first).toMatchObject({ featureCount: 20_010, checkedRows: 20_000, invalid: [] });
    const all = previewImport({ path: csv, srs: 'EPSG:4528', checkAll: true }, facts);
    expect(all.checkedRows).toBe(20_010);
    expect(all.invalid).toMatchObject([{ row: 20_007 }]);
    expect(all.invalid[0]!.reason).toMatch(/self-intersection/i);
  });
});
