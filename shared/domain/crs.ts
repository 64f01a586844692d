// CGCS2000 coordinate reference systems. Workspaces store geometry in one projected Gauss–Krüger CRS; the map
// draws in lon/lat. EPSG defines GK systems with northing first (X = north, Y = east); we store and compute in
// the traditional GIS order (x = easting, y = northing), as SpatiaLite, GDAL (with OAMS_TRADITIONAL_GIS_ORDER)
// and QGIS do, and only swap when reading or writing text that says otherwise.

export const CGCS2000_GEOGRAPHIC = 4490;
export const GRS80 = { a: 6378137, f: 1 / 298.257222101 } as const;

export interface GaussKrugerCrs {
  srid: number;
  /** 3 or 6 degree zones. */
  zoneWidth: 3 | 6;
  zone: number;
  centralMeridian: number;
  /** True when the false easting carries the zone number (x_0 = zone·10⁶ + 500 000). */
  zonePrefix: boolean;
  name: string;
}

/**
 * EPSG:4491–4554, CGCS2000 Gauss–Krüger: 4491–4501 6° zones 13–23 with prefix, 4502–4512 the same by central
 * meridian without prefix, 4513–4533 3° zones 25–45 with prefix, 4534–4554 the same without.
 */
export function gaussKrugerFromSrid(srid: number): GaussKrugerCrs | undefined {
  if (srid >= 4491 && srid <= 4512) {
    const i = (srid - 4491) % 11;
    const zone = 13 + i;
    const prefix = srid <= 4501;
    const cm = zone * 6 - 3;
    return { srid, zoneWidth: 6, zone, centralMeridian: cm, zonePrefix: prefix,
      name: prefix ? `CGCS2000 / Gauss-Kruger zone ${zone}` : `CGCS2000 / Gauss-Kruger CM ${cm}E` };
  }
  if (srid >= 4513 && srid <= 4554) {
    const i = (srid - 4513) % 21;
    const zone = 25 + i;
    const prefix = srid <= 4533;
    const cm = zone * 3;
    return { srid, zoneWidth: 3, zone, centralMeridian: cm, zonePrefix: prefix,
      name: prefix ? `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}` : `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E` };
  }
  return undefined;
}

export function proj4Definition(srid: number): string {
  if (srid === CGCS2000_GEOGRAPHIC || srid === 4326) return '+proj=longlat +ellps=GRS80 +no_defs';
  const gk = gaussKrugerFromSrid(srid);
  if (!gk) throw new Error(`EPSG:${srid} is not a CGCS2000 CRS this workbench supports`);
  const x0 = gk.zonePrefix ? gk.zone * 1_000_000 + 500_000 : 500_000;
  return `+proj=tmerc +lat_0=0 +lon_0=${gk.centralMeridian} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

/** The 3° zone (with prefix) for a longitude, e.g. Changzhou 119.5°E → EPSG:4528 (zone 40, CM 120°E). */
export function threeDegreeSridForLongitude(lon: number, zonePrefix = true): number {
  const zone = Math.round(lon / 3);
  if (zone < 25 || zone > 45) throw new Error(`longitude ${lon} is outside China's 3° zones 25–45`);
  return (zonePrefix ? 4513 : 4534) + (zone - 25);
}
