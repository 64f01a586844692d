// Ellipsoidal (CGCS2000) areas from planar Gauss–Krüger areas. 国土调查 reports 图斑 areas on the ellipsoid; computing
// each one by reprojecting to lon/lat and integrating on the ellipsoid costs ~40 µs per parcel in SpatiaLite, too much
// for 200,000 parcels. A conformal projection scales areas by k² where k is the point scale factor, so
// A_ellipsoid = A_planar / k² at the part's centroid. For Gauss–Krüger (transverse Mercator, k0 = 1):
//   k = 1 + E²/(2R²) + E⁴/(24R⁴)   (Redfearn), E = easting − false easting, R² = ρν at the footpoint latitude.
// Over a part of size d the variation of 1/k² is ~2E·d/R² per metre; the centroid value is exact to second order,
// so the error is ≲1e-7 relative for parcels and towns (tested against SpatiaLite's ST_Area(ST_Transform(g, 4490), 1)).
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
