import proj4 from 'proj4';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../shared/domain/crs.js';

export type Projector = (lon: number, lat: number) => [number, number];
/** Gauss–Krüger easting/northing → lon/lat. */
export type InverseProjector = (x: number, y: number) => [number, number];

const cache = new Map<number, Projector | null>();
const inverseCache = new Map<number, InverseProjector | null>();

/** lon/lat → the workspace's Gauss–Krüger easting/northing; null for a CRS the workbench cannot project to. */
export function projectorFor(srid: number): Projector | null {
  if (!cache.has(srid)) {
    let projector: Projector | null = null;
    try {
      const converter = proj4(proj4Definition(CGCS2000_GEOGRAPHIC), proj4Definition(srid));
      projector = (lon, lat) => converter.forward([lon, lat]) as [number, number];
    } catch (e) {
      console.warn(`no projection for EPSG:${srid}`, e);
    }
    cache.set(srid, projector);
  }
  return cache.get(srid) ?? null;
}

/** The workspace's Gauss–Krüger easting/northing → lon/lat; null for a CRS the workbench cannot project from. */
export function inverseProjectorFor(srid: number): InverseProjector | null {
  if (!inverseCache.has(srid)) {
    let inverse: InverseProjector | null = null;
    try {
      const converter = proj4(proj4Definition(CGCS2000_GEOGRAPHIC), proj4Definition(srid));
      inverse = (x, y) => converter.inverse([x, y]) as [number, number];
    } catch (e) {
      console.warn(`no projection for EPSG:${srid}`, e);
    }
    inverseCache.set(srid, inverse);
  }
  return inverseCache.get(srid) ?? null;
}
