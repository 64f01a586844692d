import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { gaussKrugerFromSrid, proj4Definition, threeDegreeSridForLongitude } from '../../shared/domain/crs.js';
import { dlbmColor, dlbmFirstLevel, dlbmName, isConstructionLand, isCultivated, DLBM_TABLE } from '../../shared/domain/dlbm.js';
import { LAYER_KINDS } from '../../shared/domain/layer-kinds.js';
import { areaFromM2, formatArea } from '../../shared/domain/units.js';

describe('areas', () => {
  it('converts m² to 公顷 and 亩 with 1 ha = 15 亩', () => {
    expect(areaFromM2(10_000)).toEqual({ m2: 10_000, ha: 1, mu: 15 });
    expect(areaFromM2(666.6666666666666).mu).toBeCloseTo(1, 12);
    expect(formatArea(1_279_000_000 * 1)).toBe('127,900.0000 公顷（1,918,500.00 亩）');
    expect(formatArea(12_345.678, 'en')).toBe('1.2346 ha (18.52 mu)');
  });
});

describe('CGCS2000 Gauss–Krüger', () => {
  it('knows both zone conventions for Changzhou', () => {
    expect(gaussKrugerFromSrid(4528)).toMatchObject({ zone: 40, centralMeridian: 120, zonePrefix: true, zoneWidth: 3 });
    expect(gaussKrugerFromSrid(4549)).toMatchObject({ zone: 40, centralMeridian: 120, zonePrefix: false });
    expect(gaussKrugerFromSrid(4491)).toMatchObject({ zoneWidth: 6, zone: 13, centralMeridian: 75 });
    expect(gaussKrugerFromSrid(4512)).toMatchObject({ zoneWidth: 6, zone: 23, centralMeridian: 135, zonePrefix: false });
    expect(gaussKrugerFromSrid(4326)).toBeUndefined();
    expect(threeDegreeSridForLongitude(119.5)).toBe(4528);
    expect(threeDegreeSridForLongitude(119.5, false)).toBe(4549);
  });

  it('projects 金坛 with the zone prefix in the easting only for the prefixed CRS', () => {
    const [x1, y1] = proj4(proj4Definition(4490), proj4Definition(4528), [119.5, 31.7]);
    const [x2, y2] = proj4(proj4Definition(4490), proj4Definition(4549), [119.5, 31.7]);
    // Same point as SpatiaLite/PROJ computes: POINT(40452599.970338 3508695.858078).
    expect(x1).toBeCloseTo(40_452_599.970338, 3);
    expect(y1).toBeCloseTo(3_508_695.858078, 3);
    expect(x2).toBeCloseTo(x1! - 40_000_000, 6);
    expect(y2).toBeCloseTo(y1!, 6);
  });
});

describe('三调 land-use codes', () => {
  it('names, classes and colours codes as the standard does', () => {
    expect(dlbmName('0101')).toBe('水田');
    expect(dlbmFirstLevel('08H2A')).toBe('08');
    expect(isCultivated('0103')).toBe(true);
    expect(isConstructionLand('0702')).toBe(true);
    expect(isConstructionLand('1006')).toBe(false);
    expect(isConstructionLand('0603')).toBe(false);
    expect(isConstructionLand('1109')).toBe(true);
    expect(dlbmColor('0101')).toEqual([248, 208, 114]);
    expect(dlbmColor('1104A')).toEqual(dlbmColor('1104'));
    expect(DLBM_TABLE.filter((e) => e.level === 1)).toHaveLength(13);
  });

  it('gives every layer kind required Chinese-labelled fields and a style', () => {
    for (const kind of Object.values(LAYER_KINDS)) {
      expect(kind.zh).toMatch(/[\u4e00-\u9fff]/);
      for (const f of kind.fields) expect(f.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(kind.style.fillOpacity).toBeGreaterThanOrEqual(0);
    }
    expect(LAYER_KINDS.landuse.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['DLBM', 'DLMC', 'TBMJ', 'TBBH', 'ZLDWDM', 'QSDWDM']));
  });
});
