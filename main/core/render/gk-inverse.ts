// Gauss–Krüger (transverse Mercator on GRS80) → CGCS2000 lon/lat in plain JS, for drawing: Krüger's series to
// sixth order in n (Karney 2011), agreeing with PROJ to far below a millimetre within a zone. SpatiaLite's
// ST_Transform costs a PROJ call per geometry, which made reading a 500,000-parcel layer for the map take minutes;
// this is a few trigonometric calls per vertex.
import { GRS80, gaussKrugerFromSrid } from '../../../shared/domain/crs.js';

export interface GkInverse {
  /** Converts x, y (easting, northing) pairs in place into lon, lat pairs. */
  toLonLat(xy: Float64Array, from?: number, to?: number): void;
  /** One point. */
  lonLat(x: number, y: number): [number, number];
}

const n = GRS80.f / (2 - GRS80.f);
const n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
/** Rectifying radius. */
const A = (GRS80.a / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
const BETA = [
  n / 2 - (2 * n2) / 3 + (37 * n3) / 96 - n4 / 360 - (81 * n5) / 512 + (96199 * n6) / 604800,
  n2 / 48 + n3 / 15 - (437 * n4) / 1440 + (46 * n5) / 105 - (1118711 * n6) / 3870720,
  (17 * n3) / 480 - (37 * n4) / 840 - (209 * n5) / 4480 + (5569 * n6) / 90720,
  (4397 * n4) / 161280 - (11 * n5) / 504 - (830251 * n6) / 7257600,
  (4583 * n5) / 161280 - (108847 * n6) / 3991680,
  (20648693 * n6) / 638668800,
];
const DELTA = [
  2 * n - (2 * n2) / 3 - 2 * n3 + (116 * n4) / 45 + (26 * n5) / 45 - (2854 * n6) / 675,
  (7 * n2) / 3 - (8 * n3) / 5 - (227 * n4) / 45 + (2704 * n5) / 315 + (2323 * n6) / 945,
  (56 * n3) / 15 - (136 * n4) / 35 - (1262 * n5) / 105 + (73814 * n6) / 2835,
  (4279 * n4) / 630 - (332 * n5) / 35 - (399572 * n6) / 14175,
  (4174 * n5) / 315 - (144838 * n6) / 6237,
  (601676 * n6) / 22275,
];
const DEG = 180 / Math.PI;

export function gkInverse(srid: number): GkInverse {
  const gk = gaussKrugerFromSrid(srid);
  if (!gk) throw new Error(`EPSG:${srid} is not a CGCS2000 Gauss–Krüger CRS`);
  const x0 = gk.zonePrefix ? gk.zone * 1_000_000 + 500_000 : 500_000;
  const lon0 = gk.centralMeridian;
  // ξ' + iη' = ζ − Σ βj sin(2jζ) with ζ = ξ + iη, summed by Clenshaw's recurrence in complex arithmetic; the
  // latitude series the same way in real arithmetic: a handful of transcendental calls per point.
  const convert = (x: number, y: number, out: Float64Array | number[], at: number) => {
    const xi = y / A;
    const eta = (x - x0) / A;
    const s2 = Math.sin(2 * xi), c2 = Math.cos(2 * xi);
    const e2 = Math.exp(2 * eta);
    const sh2 = (e2 - 1 / e2) / 2, ch2 = (e2 + 1 / e2) / 2;
    // cos 2ζ = ar + i·ai, sin 2ζ = sr + i·si
    const ar = 2 * c2 * ch2, ai = -2 * s2 * sh2;
    let yr = 0, yi = 0, zr = 0, zi = 0;
    for (let k = 6; k >= 1; k--) {
      const nr = BETA[k - 1]! + ar * yr - ai * yi - zr;
      const ni = ar * yi + ai * yr - zi;
      zr = yr; zi = yi; yr = nr; yi = ni;
    }
    const sr = s2 * ch2, si = c2 * sh2;
    const xi1 = xi - (yr * sr - yi * si);
    const eta1 = eta - (yr * si + yi * sr);
    const e1 = Math.exp(eta1);
    const sh1 = (e1 - 1 / e1) / 2, ch1 = (e1 + 1 / e1) / 2;
    const chi = Math.asin(Math.sin(xi1) / ch1);
    const sc = Math.sin(2 * chi), cc2 = 2 * Math.cos(2 * chi);
    let b1 = 0, b2 = 0;
    for (let k = 6; k >= 1; k--) {
      const b = DELTA[k - 1]! + cc2 * b1 - b2;
      b2 = b1; b1 = b;
    }
    out[at] = lon0 + Math.atan2(sh1, Math.cos(xi1)) * DEG;
    out[at + 1] = (chi + b1 * sc) * DEG;
  };
  return {
    toLonLat(xy, from = 0, to = xy.length) {
      for (let i = from; i < to; i += 2) convert(xy[i]!, xy[i + 1]!, xy, i);
    },
    lonLat(x, y) {
      const out: [number, number] = [0, 0];
      convert(x, y, out, 0);
      return out;
    },
  };
}
