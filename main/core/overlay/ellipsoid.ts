// Ellipsoidal (CGCS2000) areas from planar Gauss–Krüger areas. 国土调查 reports 图斑 areas on the ellipsoid; computing
// each one by reprojecting to lon/lat and integrating on the ellipsoid costs ~40 µs per parcel in SpatiaLite, too much
// for 200,000 parcels. A conformal projection scales areas by k² where k is the point scale factor, so
// A_ellipsoid = A_planar / k² at the part's centroid. For Gauss–Krüger (transverse Mercator, k0 = 1):
//   k = 1 + E²/(2R²) + E⁴/(24R⁴)   (Redfearn), E = easting − false easting, R² = ρν at the footpoint latitude.
// Over a part of size d the variation of 1/k² is ~2E·d/R² per metre; the centroid value is exact to second order,
// so the error is ≲1e-7 relative for parcels (ellipsoidalArea below is exact for features of any size).
import { GRS80, gaussKrugerFromSrid } from '../../../shared/domain/crs.js';

const E2 = GRS80.f * (2 - GRS80.f);
const M_PER_DEG_LAT = 110_946; // mean meridian degree near 32°N, only used to pick R² (insensitive)

export type EllipsoidalFactor = (x: number, y: number) => number;

/** Returns f(x, y) = 1/k² for the workspace CRS: multiply a planar area at (x, y) by it to get the ellipsoidal area. */
export function ellipsoidalFactor(srid: number): EllipsoidalFactor {
  const gk = gaussKrugerFromSrid(srid);
  if (!gk) return () => 1;
  const x0 = gk.zonePrefix ? gk.zone * 1_000_000 + 500_000 : 500_000;
  return (x, y) => {
    const phi = ((y / M_PER_DEG_LAT) * Math.PI) / 180;
    const s = Math.sin(phi);
    const w = 1 - E2 * s * s;
    const r2 = (GRS80.a * GRS80.a * (1 - E2)) / (w * w);
    const e = x - x0;
    const q = (e * e) / r2;
    const k = 1 + q / 2 + (q * q) / 24;
    return 1 / (k * k);
  };
}

/**
 * Exact ellipsoidal area of polygons drawn with straight edges in the Gauss–Krüger plane (as 图斑 are), for features
 * of any size: with q = E²/R², 1/k² = 1 − q + ⅔q² + O(q³), so A_ell = A − ∫E²dA / R² + ⅔∫E⁴dA / R⁴, and the moments
 * ∫Eⁿ dA are summed exactly over the edges (Green's theorem). R² is taken at the polygon's latitude; across a county
 * it changes the result by < 1e-9. Agrees with PROJ's equal-area projections of the densified polygon to ~1e-9
 * (tests/integration/ellipsoid-area.test.ts); SpatiaLite's ST_Area(…, 1) joins vertices by geodesics and differs by
 * up to ~1e-5.
 */
export function ellipsoidalArea(polygons: readonly (readonly ArrayLike<number>[])[], srid: number): number {
  const gk = gaussKrugerFromSrid(srid);
  let area = 0, m2 = 0, m4 = 0, ySum = 0, yCount = 0;
  const x0 = gk ? (gk.zonePrefix ? gk.zone * 1_000_000 + 500_000 : 500_000) : 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      let a = 0, s2 = 0, s4 = 0;
      for (let k = 0; k + 3 < ring.length; k += 2) {
        const e1 = ring[k]! - x0, y1 = ring[k + 1]!, e2 = ring[k + 2]! - x0, y2 = ring[k + 3]!;
        const dy = y2 - y1;
        a += (e1 + e2) * dy / 2;
        // ∫∫Eⁿ dA = ∮ Eⁿ⁺¹/(n+1) dy; along the edge ∫₀¹ (e1 + t(e2−e1))ᵐ dt = Σₖ e1ᵏ e2ᵐ⁻ᵏ / (m+1).
        const p = [1, e1, e1 * e1, e1 ** 3, e1 ** 4, e1 ** 5];
        const q = [1, e2, e2 * e2, e2 ** 3, e2 ** 4, e2 ** 5];
        let sum3 = 0, sum5 = 0;
        for (let j = 0; j <= 3; j++) sum3 += p[j]! * q[3 - j]!;
        for (let j = 0; j <= 5; j++) sum5 += p[j]! * q[5 - j]!;
        s2 += (dy * sum3) / 4 / 3;
        s4 += (dy * sum5) / 6 / 5;
        ySum += y1;
        yCount++;
      }
      // Rings may come either way round: the outer ring adds, holes subtract.
      const sign = Math.sign(a) * (i === 0 ? 1 : -1);
      area += sign * a;
      m2 += sign * s2;
      m4 += sign * s4;
    });
  }
  if (!gk || yCount === 0) return Math.abs(area);
  const phi = ((ySum / yCount / M_PER_DEG_LAT) * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = 1 - E2 * s * s;
  const r2 = (GRS80.a * GRS80.a * (1 - E2)) / (w * w);
  return area - m2 / r2 + ((2 / 3) * m4) / (r2 * r2);
}
