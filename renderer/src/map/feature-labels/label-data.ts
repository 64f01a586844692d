import type { Bbox, LayerGeometry } from '../../../../shared/contract/schemas.js';
import { metersPerPixel } from '../scale-bar.js';

export interface LabelDatum {
  position: [number, number];
  text: string;
}

/** Non-empty labels only, as plain objects: TextLayer lays out characters per object anyway. */
export function labelData(geometry: Pick<LayerGeometry, 'labels' | 'labelPositions'>): LabelDatum[] {
  const out: LabelDatum[] = [];
  const { labels, labelPositions } = geometry;
  for (let i = 0; i < labels.length; i++) {
    const text = labels[i];
    if (!text) continue;
    const x = labelPositions[i * 2];
    const y = labelPositions[i * 2 + 1];
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    out.push({ position: [x, y], text });
  }
  return out;
}

/** Layers with many features never label below this zoom, whatever their size. */
export const DENSE_LAYER_FEATURES = 2000;
export const DENSE_LABEL_MIN_ZOOM = 15;
/** Labels appear once an average feature is about this wide on screen, so they mostly fit inside it. */
export const LABEL_TARGET_PX = 80;

const M_PER_DEGREE_LAT = 110_574;
const M_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/**
 * The zoom from which a layer's labels are readable rather than a pile of text: deck.gl has no label collision
 * here, so estimate the typical feature width from the layer's extent and count (√(area / n)) and wait until that
 * width reaches LABEL_TARGET_PX. 10 towns label at county zoom, 131 villages two levels later, 三调 parcels last.
 */
export function labelMinZoom(extent: Bbox | null, featureCount: number): number {
  if (!extent || featureCount <= 0) return Infinity;
  const [minX, minY, maxX, maxY] = extent;
  const lat = (minY + maxY) / 2;
  const cos = Math.cos((lat * Math.PI) / 180);
  const areaM2 = Math.max((maxX - minX) * M_PER_DEGREE_LON_AT_EQUATOR * cos * (maxY - minY) * M_PER_DEGREE_LAT, 1);
  const typicalWidthM = Math.sqrt(areaM2 / featureCount);
  // metersPerPixel(lat, z) halves with every zoom level: solve typicalWidthM / mpp(z) = LABEL_TARGET_PX for z.
  const zoom = Math.log2((metersPerPixel(lat, 0) * LABEL_TARGET_PX) / typicalWidthM);
  return featureCount > DENSE_LAYER_FEATURES ? Math.max(zoom, DENSE_LABEL_MIN_ZOOM) : zoom;
}
