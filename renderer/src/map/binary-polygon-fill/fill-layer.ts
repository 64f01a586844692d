// Polygon fills straight from the binary geometry: main has already triangulated, so deck.gl gets the triangle
// indices and the part offsets and does no tessellation of its own (_normalize: false).
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Color } from '@deck.gl/core';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';

export interface FillData {
  length: number;
  startIndices: Uint32Array;
  attributes: {
    getPolygon: { value: Float64Array; size: 2 };
    indices: Uint32Array;
    getFillColor?: { value: Uint8Array; size: 4; normalized: true };
  };
}

/** Build once per (geometry, colours); deck.gl re-uploads buffers when this object's identity changes. */
export function fillLayerData(geometry: LayerGeometry, vertexColors: Uint8Array | null): FillData {
  return {
    length: geometry.partStarts.length - 1,
    startIndices: geometry.partStarts,
    attributes: {
      getPolygon: { value: geometry.positions, size: 2 },
      indices: geometry.triangles,
      // normalized: 0–255 bytes read as 0–1 colour channels.
      ...(vertexColors ? { getFillColor: { value: vertexColors, size: 4, normalized: true } } : {}),
    },
  };
}

export interface FillLayerOptions {
  id: string;
  data: FillData;
  /** Used when data carries no per-vertex colours ('fixed' style). */
  fillColor: Color;
  opacity: number;
  pickable: boolean;
  /** Light up the feature under the pointer (default: when pickable). Off while an editing tool draws. */
  hoverHighlight?: boolean;
}

/**
 * A fill that is never seen (opacity 0: 行政区 and 村 layers show only their outlines) but answers clicks: drawn in
 * the picking pass only. In software WebGL each county-sized fill costs ~0.1–0.2 s a frame even when transparent.
 */
class PickOnlyPolygonLayer<D> extends SolidPolygonLayer<D> {
  static override layerName = 'PickOnlyPolygonLayer';

  override draw(opts: Parameters<SolidPolygonLayer<D>['draw']>[0]): void {
    // deck.gl passes the pass's shader module props to draw() (Layer._drawLayer); its types only name `uniforms`.
    const picking = (opts as { shaderModuleProps?: { picking?: { isActive?: unknown } } }).shaderModuleProps?.picking;
    if (picking?.isActive) super.draw(opts);
  }
}

export function buildFillLayer({ id, data, fillColor, opacity, pickable, hoverHighlight = pickable }: FillLayerOptions) {
  const Fill = opacity === 0 ? PickOnlyPolygonLayer : SolidPolygonLayer;
  return new Fill({
    id,
    data,
    _normalize: false,
    filled: true,
    extruded: false,
    getFillColor: fillColor,
    opacity,
    pickable,
    autoHighlight: pickable && hoverHighlight,
    highlightColor: [255, 255, 255, 110],
    updateTriggers: { getFillColor: fillColor.join(',') },
  });
}
