// Outlines reuse the fill's vertex buffer: every ring is a closed run of vertices, so a binary PathLayer over
// ringStarts draws them without copying coordinates.
import { PathLayer } from '@deck.gl/layers';
import type { Color } from '@deck.gl/core';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';

export interface OutlineData {
  length: number;
  startIndices: Uint32Array;
  attributes: { getPath: { value: Float64Array; size: 2 } };
}

export function outlineLayerData(geometry: Pick<LayerGeometry, 'positions' | 'ringStarts'>): OutlineData {
  return {
    length: geometry.ringStarts.length - 1,
    startIndices: geometry.ringStarts,
    attributes: { getPath: { value: geometry.positions, size: 2 } },
  };
}

export interface OutlineLayerOptions {
  id: string;
  data: OutlineData;
  color: Color;
  widthPx: number;
  opacity: number;
}

export function buildOutlineLayer({ id, data, color, widthPx, opacity }: OutlineLayerOptions) {
  return new PathLayer({
    id,
    data,
    // Rings are already closed (last vertex = first), so treat them as open paths and skip deck's normalisation.
    _pathType: 'open',
    getColor: color,
    getWidth: widthPx,
    widthUnits: 'pixels',
    // Sub-pixel widths (三调 uses 0.5 px) would vanish; keep them faintly visible.
    widthMinPixels: Math.min(widthPx, 0.5),
    jointRounded: false,
    capRounded: false,
    opacity,
    pickable: false,
    updateTriggers: { getColor: color.join(','), getWidth: widthPx },
  });
}
