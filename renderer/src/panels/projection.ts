import proj4 from 'proj4';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../shared/domain/crs.js';

export type Projector = (lon: number, lat: number) => [number, number];

const cache = new Map<number, Projector | null>();

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
