import { WebMercatorViewport } from '@deck.gl/core';
import type { Bbox } from '../../../shared/contract/schemas.js';

export interface CameraTarget {
  longitude: number;
  latitude: number;
  zoom: number;
}

export const MIN_ZOOM = 3;
export const MAX_ZOOM = 20;

/** Camera that shows bbox (lon/lat) in a width×height map; a degenerate bbox (one point) gets a close zoom. */
export function cameraForBbox(bbox: Bbox, width: number, height: number, padding = 40, maxZoom = 18): CameraTarget {
  const [minX, minY, maxX, maxY] = bbox;
  if (width <= 2 * padding || height <= 2 * padding || maxX - minX < 1e-9 || maxY - minY < 1e-9) {
    return { longitude: (minX + maxX) / 2, latitude: (minY + maxY) / 2, zoom: maxZoom };
  }
  const viewport = new WebMercatorViewport({ width, height });
  const { longitude, latitude, zoom } = viewport.fitBounds([[minX, minY], [maxX, maxY]], { padding, maxZoom });
  return { longitude, latitude, zoom: Math.max(MIN_ZOOM, zoom) };
}
