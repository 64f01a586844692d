// Pure parts of import/export: CRS recognition and guessing, encodings, DBF names, field mapping, geometry readers.
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { axesSwapped, crsFromUser, crsFromWkt, gaussKrugerSrid, guessCrs, makeTransform } from '../../main/core/io/crs-detect.js';
import { dbfFieldNames } from '../../main/core/io/dbf.js';
import { detectEncoding, encodeText, encodingFromCpg, TextFieldDecoder } from '../../main/core/io/encoding.js';
import { esriPrj } from '../../main/core/io/export.js';
import { organizeRings, readWkb, readWkt, multiPolygonWkb } from '../../main/core/io/geometry.js';
import { parseCsv } from '../../main/core/io/sources.js';
import { proj4Definition } from '../../shared/domain/crs.js';
import { guessLayerKind, proposeFieldMap } from '../../shared/domain/field-mapping.js';

describe('CRS', () => {
  it('maps every CGCS2000 GK zone, with and without the zone number, from its parameters', () => {
    for (let zone = 25; zone <= 45; zone++) {
      expect(gaussKrugerSrid(zone * 3, zone * 1e6 + 500000)).toBe(4513 + zone - 25);
      expect(gaussKrugerSrid(zone * 3, 500000, 0, 1, 0, `CGCS2000_3_Degree_GK_CM_${zone * 3}E`)).toBe(4534 + zone - 25);
    }
    for (let zone = 13; zone <= 23; zone++) {
      expect(gaussKrugerSrid(zone * 6 - 3, zone * 1e6 + 500000)).toBe(4491 + zone - 13);
      expect(gaussKrugerSrid(zone * 6 - 3, 500000, 0, 1, 0, `CGCS2000_GK_CM_${zone * 6 - 3}E`)).toBe(4502 + zone - 13);
    }
    expect(gaussKrugerSrid(120, 500000, 0, 0.9996)).toBeUndefined();
  });

  it('reads back the .prj we write for every zone', () => {
    for (let srid = 4491; srid <= 4554; srid++) {
      const crs = crsFromWkt(esriPrj(srid), 'prj');
      expect(crs.status === 'known' ? crs.srid : null, `EPSG:${srid}`).toBe(srid);
    }
  });

  it('treats a CGCS2000 TM that is no EPSG zone as usable, and an unknown datum as unknown', () => {
    const city = crsFromWkt('PROJCS["city",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",50000.0],PARAMETER["False_Northing",-3000000.0],PARAMETER["Central_Meridian",119.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]', 'prj');
    expect(city).toMatchObject({ status: 'known', srid: null });
    expect(crsFromWkt('GEOGCS["x",DATUM["D_Tokyo",SPHEROID["Bessel_1841",6377397.155,299.1528128]]]', 'prj').status).toBe('unknown');
    expect(crsFromWkt('PROJCS["feet",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]],PROJECTION["Gauss_Kruger"],PARAMETER["Central_Meridian",120],UNIT["Foot_US",0.3048006096012192]]', 'prj'))
      .toMatchObject({ status: 'unknown', reason: expect.stringMatching(/not metres/) });
    expect(crsFromUser('EPSG:4528')).toMatchObject({ status: 'known', srid: 4528 });
    expect(crsFromUser('2364')).toMatchObject({ status: 'legacy', datum: 'xian1980' });
  });

  it('guesses from coordinate ranges: zone number, lon/lat, Web Mercator, and the workspace zone without a number', () => {
    const jintan: [number, number, number, number] = [119.3, 31.5, 119.7, 31.9];
    expect(guessCrs([40450000, 3510000, 40460000, 3520000], 4528, jintan).crs).toMatchObject({ status: 'guessed', srid: 4528 });
    expect(guessCrs([119.4, 31.6, 119.5, 31.7], 4528, jintan).crs).toMatchObject({ srid: 4490 });
    const [x0, y0] = proj4('EPSG:4326', 'EPSG:3857', [119.4, 31.6]);
    const [x1, y1] = proj4('EPSG:4326', 'EPSG:3857', [119.5, 31.7]);
    expect(guessCrs([x0!, y0!, x1!, y1!], 4528, jintan).crs).toMatchObject({ srid: 3857 });
    expect(guessCrs([450000, 3510000, 460000, 3520000], 4528, jintan).crs).toMatchObject({ srid: 4549, reason: expect.stringMatching(/120°E assumed/) });
    const swapped = guessCrs([3510000, 40450000, 3520000, 40460000], 4528, jintan);
    expect(swapped).toMatchObject({ swapped: true, crs: { srid: 4528 } });
    expect(guessCrs([1, 2, 3, 4e9], 4528, jintan).crs.status).toBe('unknown');
    expect(axesSwapped(4490, [31.6, 119.4, 31.7, 119.5])).toBe(true);
    expect(axesSwapped(4490, [119.4, 31.6, 119.5, 31.7])).toBe(false);
  });

  it('transforms exactly by a shift between the same zone with and without its number, and like proj4 otherwise', () => {
    const shift = makeTransform({ srid: 4549, proj4: proj4Definition(4549) }, 4528, false)!;
    const xy = new Float64Array([450123.456789, 3510000.25]);
    shift(xy);
    expect([...xy]).toEqual([40450123.456789, 3510000.25]);
    expect(makeTransform({ srid: 4528, proj4: '' }, 4528, false)).toBeNull();
    const z39 = makeTransform({ srid: 4527, proj4: proj4Definition(4527) }, 4528, false)!;
    const p = proj4(proj4Definition(4528), proj4Definition(4527), [40450000, 3510000]);
    const q = new Float64Array(p);
    z39(q);
    expect(q[0]).toBeCloseTo(40450000, 6);
    expect(q[1]).toBeCloseTo(3510000, 6);
  });
});

describe('encodings', () => {
  it('reads .cpg values', () => {
    expect(['UTF-8', 'utf8', '65001', 'GBK', 'CP936', '936', 'GB2312', 'GB18030', 'ISO-8859-1'].map(encodingFromCpg))
      .toEqual(['utf8', 'utf8', 'utf8', 'gbk', 'gbk', 'gbk', 'gbk', 'gb18030', null]);
  });

  it('detects GBK and UTF-8, round-trips GBK text, and never decodes invalid bytes silently', () => {
    const text = '三调地类图斑：水田、农村宅基地';
    const gbk = encodeText(text, 'gbk');
    expect(gbk.length).toBe(text.length * 2);
    expect(detectEncoding([gbk]).encoding).toBe('gbk');
    expect(detectEncoding([Buffer.from(text, 'utf8')]).encoding).toBe('utf8');
    expect(detectEncoding([Buffer.from('0101 DLTB', 'latin1')]).source).toBe('ascii');
    expect(new TextFieldDecoder('gbk').decode(gbk, 0, gbk.length)).toBe(text);
    expect(() => new TextFieldDecoder('utf8').decode(gbk, 0, gbk.length)).toThrow(/not valid UTF-8/);
    expect(new TextFieldDecoder('utf8', true).decode(gbk, 0, gbk.length)).toContain('\ufffd');
    expect(() => encodeText('😀', 'gbk')).toThrow(/cannot be written in GBK/);
  });

  it('cuts DBF field names to 10 bytes in the file encoding without collisions', () => {
    expect(dbfFieldNames(['DLBM', 'LONGFIELDNAME1', 'LONGFIELDNAME2', 'LONGFIELDN', '项目备注说明', 'dlbm'], 'gbk'))
      .toEqual(['DLBM', 'LONGFIELDN', 'LONGFIEL_1', 'LONGFIEL_2', '项目备注说', 'dlbm_1']);
    expect(dbfFieldNames(['项目备注说明'], 'utf8')).toEqual(['项目备']);
  });
});

describe('field mapping and layer kind', () => {
  it('proposes the 三调 mapping by name, label and alias, and guesses kinds', () => {
    const fields = [{ name: 'dlbm', type: 'TEXT' as const }, { name: '地类名称', type: 'TEXT' as const }, { name: '图斑面积', type: 'REAL' as const }, { name: 'X', type: 'TEXT' as const }];
    expect(proposeFieldMap('landuse', fields)).toMatchObject({ DLBM: 'dlbm', DLMC: '地类名称', TBMJ: '图斑面积', TBBH: null });
    expect(guessLayerKind([{ name: 'DLBM', type: 'TEXT' }, { name: 'TBMJ', type: 'REAL' }]).kind).toBe('landuse');
    expect(guessLayerKind([{ name: 'DLBM', type: 'TEXT' }, { name: 'TBMJ', type: 'REAL' }], 'YJJBNT.shp').kind).toBe('permanent_farmland');
    expect(guessLayerKind([{ name: 'HXMC', type: 'TEXT' }, { name: 'HXLX', type: 'TEXT' }]).kind).toBe('eco_redline');
    expect(guessLayerKind([{ name: 'XMBH', type: 'TEXT' }, { name: 'XMMC', type: 'TEXT' }, { name: 'TZZE', type: 'REAL' }]).kind).toBe('project_area');
    expect(guessLayerKind([{ name: 'NAME', type: 'TEXT' }], '城镇开发边界.shp').kind).toBe('urban_boundary');
    expect(guessLayerKind([{ name: 'NAME', type: 'TEXT' }], 'roads.shp').kind).toBe('user');
  });
});

describe('geometry readers', () => {
  it('groups shapefile rings into polygons with holes, whatever the order', () => {
    const sq = (x: number, y: number, s: number, cw: boolean) => {
      const r = [x, y, x + s, y, x + s, y + s, x, y + s, x, y];
      const ring = cw ? [x, y, x, y + s, x + s, y + s, x + s, y, x, y] : r;
      return Float64Array.from(ring);
    };
    // Two outers (clockwise), a hole in the second listed first, an island in the hole.
    const polys = organizeRings([sq(20, 20, 2, false), sq(0, 0, 10, true), sq(15, 15, 10, true), sq(20.5, 20.5, 1, true)]);
    expect(polys.map((p) => p.length).sort()).toEqual([1, 1, 2]);
  });

  it('reads WKT and WKB (Z dropped, EWKT prefix ignored) and names what is not a polygon', () => {
    const g = readWkt('SRID=4528;MULTIPOLYGON Z (((0 0 1,1 0 1,1 1 1,0 0 1)),((5 5 0,6 5 0,6 6 0,5 5 0)))');
    expect(g.kind).toBe('polygons');
    if (g.kind !== 'polygons') return;
    expect(g.polygons.length).toBe(2);
    const back = readWkb(multiPolygonWkb(g.polygons));
    expect(back).toEqual(g);
    expect(readWkt('LINESTRING(0 0,1 1)')).toEqual({ kind: 'unsupported', type: 'LINESTRING' });
    expect(readWkt('POLYGON EMPTY')).toEqual({ kind: 'empty' });
    expect(() => readWkt('POLYGON((0 0,1 0')).toThrow();
  });

  it('parses CSV with quotes, newlines in quotes, and tab or semicolon delimiters', () => {
    expect(parseCsv('a,b\n"x, ""y""","1\n2"\n')).toEqual([['a', 'b'], ['x, "y"', '1\n2']]);
    expect(parseCsv('a\tb\r\n1\t2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a;b\n1;2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });
});
