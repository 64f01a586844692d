// Pure helpers of the overlay engine: WKB, measures, the precision filter, interior points, ellipsoidal factors,
// parameters.
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { proj4Definition } from '../../shared/domain/crs.js';
import { ellipsoidalFactor } from '../../main/core/overlay/ellipsoid.js';
import { containsPoint, interiorPoint, measurePart, multiPolygonWkb, parsePolygons, polygonArea, polygonsWkt, significantParts, type Polygon } from '../../main/core/overlay/geom.js';
import { DEFAULT_PARAMS, landuseFragmentThreshold, resolveChecks, resolveParams } from '../../main/core/overlay/params.js';

const ring = (...pts: [number, number][]) => Float64Array.from(pts.flat());
const square = (x: number, y: number, s: number): Polygon => [ring([x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y])];

describe('WKB', () => {
  it('round-trips multipolygons with holes', () => {
    const p: Polygon = [ring([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]), ring([2, 2], [2, 8], [8, 8], [8, 2], [2, 2])];
    const back = parsePolygons(multiPolygonWkb([p, square(20, 0, 5)]));
    expect(back).toHaveLength(2);
    expect(polygonArea(back[0]!)).toBe(64);
    expect(polygonArea(back[1]!)).toBe(25);
    expect(multiPolygonWkb([])).toBeNull();
    expect(parsePolygons(null)).toEqual([]);
  });

  it('reads big-endian WKB and skips lines and points in collections', () => {
    const b = Buffer.alloc(1 + 4 + 4 + (1 + 4 + 4 + 4 + 4 * 16) + (1 + 4 + 16));
    let o = 0;
    b.writeUInt8(0, o); o += 1; b.writeUInt32BE(7, o); o += 4; b.writeUInt32BE(2, o); o += 4;
    b.writeUInt8(0, o); o += 1; b.writeUInt32BE(3, o); o += 4; b.writeUInt32BE(1, o); o += 4; b.writeUInt32BE(4, o); o += 4;
    for (const [x, y] of [[0, 0], [4, 0], [0, 4], [0, 0]]) { b.writeDoubleBE(x!, o); b.writeDoubleBE(y!, o + 8); o += 16; }
    b.writeUInt8(0, o); o += 1; b.writeUInt32BE(1, o); o += 4; b.writeDoubleBE(1, o); b.writeDoubleBE(1, o + 8);
    const polys = parsePolygons(b);
    expect(polys).toHaveLength(1);
    expect(polygonArea(polys[0]!)).toBe(8);
  });

  it('writes WKT at millimetre precision', () => {
    expect(polygonsWkt([square(1.23456, 2, 1)])).toBe('MULTIPOLYGON(((1.235 2.000,2.235 2.000,2.235 3.000,1.235 3.000,1.235 2.000)))');
    expect(polygonsWkt([])).toBe('MULTIPOLYGON EMPTY');
  });
});

describe('measures and the precision model', () => {
  it('measures thinness and mean width', () => {
    const strip = measurePart([ring([0, 0], [1000, 0], [1000, 0.001], [0, 0.001], [0, 0])]);
    expect(strip.area).toBeCloseTo(1, 9);
    expect(strip.meanWidth).toBeCloseTo(0.001, 6);
    const sq = measurePart(square(0, 0, 10));
    expect(sq.thinness).toBeCloseTo(Math.PI / 4, 12);
    expect(sq.meanWidth).toBe(5);
  });

  it('drops hairlines and tiny parts, keeps real overlaps whole', () => {
    const hairline = [ring([0, 0], [1000, 0], [1000, 0.001], [0, 0.001], [0, 0])];
    const real = square(0, 10, 2);
    const tol = { hairlineWidth: 0.05, minArea: 1 };
    const r = significantParts([hairline, real, square(50, 50, 0.5)], tol);
    expect(r.parts).toEqual([real]);
    expect(r.area).toBe(4);
    expect(significantParts([hairline], { hairlineWidth: 0, minArea: 0 }).area).toBeCloseTo(1, 9);
  });

  it('finds an interior point even in a U shape and in a polygon with a hole', () => {
    const u: Polygon = [ring([0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0])];
    const p = interiorPoint([u])!;
    expect(containsPoint([u], p[0], p[1])).toBe(true);
    const holed: Polygon = [ring([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]), ring([1, 1], [1, 9], [9, 9], [9, 1], [1, 1])];
    const q = interiorPoint([holed])!;
    expect(containsPoint([holed], q[0], q[1])).toBe(true);
    expect(containsPoint([holed], 5, 5)).toBe(false);
  });
});

describe('ellipsoidal areas from Gauss–Krüger', () => {
  it('scales planar areas by 1/k² of the transverse Mercator', () => {
    const f = ellipsoidalFactor(4528);
    expect(f(40_500_000, 3_500_000)).toBeCloseTo(1, 12); // on the central meridian k = 1
    // 50 km east: k ≈ 1 + E²/2R²; compare with the scale from proj4 (finite differences).
    const x = 40_550_000, y = 3_510_000, d = 1;
    const inv = (a: number, b: number) => proj4(proj4Definition(4528), proj4Definition(4490), [a, b]);
    const [lon, lat] = inv(x, y);
    const [lon2, lat2] = inv(x + d, y);
    const a = 6378137, e2 = (1 / 298.257222101) * (2 - 1 / 298.257222101);
    const phi = (lat! * Math.PI) / 180;
    const w = 1 - e2 * Math.sin(phi) ** 2;
    const nu = a / Math.sqrt(w), rho = (a * (1 - e2)) / w ** 1.5;
    const east = (((lon2! - lon!) * Math.PI) / 180) * nu * Math.cos(phi), north = (((lat2! - lat!) * Math.PI) / 180) * rho;
    const groundPerGrid = Math.hypot(east, north) / d;
    expect(f(x, y)).toBeCloseTo(groundPerGrid ** 2, 7);
    expect(ellipsoidalFactor(4326)(1, 2)).toBe(1);
  });
});

describe('parameters', () => {
  it('merges a partial patch over the documented defaults and rejects bad values', () => {
    expect(resolveParams(undefined)).toEqual(DEFAULT_PARAMS);
    expect(resolveParams({ hairlineWidth: 0.01 }).hairlineWidth).toBe(0.01);
    expect(() => resolveParams({ gridSize: 0 })).toThrow(/gridSize/);
    expect(resolveChecks(undefined)).toContain('line_conflicts');
    expect(resolveChecks(['gaps', 'gaps'])).toEqual(['gaps']);
  });

  it('uses the 三调 minimum mapping units by class', () => {
    expect(landuseFragmentThreshold('0702', DEFAULT_PARAMS)).toBe(200);
    expect(landuseFragmentThreshold('1202', DEFAULT_PARAMS)).toBe(200);
    expect(landuseFragmentThreshold('0101', DEFAULT_PARAMS)).toBe(400);
    expect(landuseFragmentThreshold('1104', DEFAULT_PARAMS)).toBe(400);
    expect(landuseFragmentThreshold('1204', DEFAULT_PARAMS)).toBe(600);
    expect(landuseFragmentThreshold(null, DEFAULT_PARAMS)).toBe(600);
  });
});
