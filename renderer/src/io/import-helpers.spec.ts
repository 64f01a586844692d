import { describe, expect, it } from 'vitest';
import { defaultLayerExportPath, looksGarbled, normaliseSrs, parseTowgs84, primaryPath } from './import-helpers.js';

describe('import helpers', () => {
  it('opens the .shp of a shapefile dropped as its parts, or the data file', () => {
    expect(primaryPath(['/u/b1/DLTB.dbf', '/u/b1/DLTB.prj', '/u/b1/DLTB.shp', '/u/b1/DLTB.shx'])).toBe('/u/b1/DLTB.shp');
    expect(primaryPath(['a.cpg', 'x.GPKG'])).toBe('x.GPKG');
    expect(primaryPath(['a.dbf', 'a.shx'])).toBe('a.dbf');
    expect(primaryPath(['readme.pdf'])).toBeNull();
  });

  it('marks garbled text, parses Helmert parameters and EPSG codes, and proposes export paths', () => {
    expect(looksGarbled('\ufffd\ufffd村')).toBe(true);
    expect(looksGarbled('黄金村')).toBe(false);
    expect(looksGarbled(12)).toBe(false);
    expect(parseTowgs84('24, -123，-94 0.02,-0.25,-0.13,1.1')).toEqual([24, -123, -94, 0.02, -0.25, -0.13, 1.1]);
    expect(parseTowgs84('1,2')).toBeNull();
    expect(normaliseSrs(' epsg:4528 ')).toBe('EPSG:4528');
    expect(normaliseSrs('4549')).toBe('EPSG:4549');
    expect(normaliseSrs('CGCS2000')).toBeNull();
    expect(defaultLayerExportPath('/data/金坛.sqlite', 'dltb', 'shp')).toBe('/data/dltb.shp');
    expect(defaultLayerExportPath('C:\\gis\\ws.sqlite', 'czkfbj', 'kml', true)).toBe('C:\\gis\\czkfbj_所选.kml');
  });
});
