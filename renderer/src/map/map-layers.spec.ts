import { describe, expect, it } from 'vitest';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import { buildMapLayers, fillLayerId } from './map-layers.js';

function layer(id: number, table: string): LayerInfo {
  return {
    id, table, key: table, kind: 'landuse', name: table, nameEn: table, geometryType: 'MULTIPOLYGON', featureCount: 1, revision: 1, extent: null, visible: true,
    opacity: 1, sortOrder: id, style: { mode: 'fixed', fillColor: [10, 20, 30], lineColor: [0, 0, 0], lineWidthPx: 1, fillOpacity: 0.5 },
    synthetic: true, attribution: null,
  };
}

const square = (layerId: number): LayerGeometry => ({
  layerId, featureCount: 1, fids: Float64Array.from([1]), positions: Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1, 0, 0]),
  partStarts: Uint32Array.from([0, 5]), partFeature: Uint32Array.from([0]), ringStarts: Uint32Array.from([0, 5]),
  triangles: Uint32Array.from([0, 1, 2, 0, 2, 3]), styleKeys: [''], featureStyle: Uint16Array.from([0]), labelPositions: Float64Array.from([0.5, 0.5]), labels: [],
});

describe('buildMapLayers', () => {
  const layers = [layer(1, 'a'), layer(2, 'b')];
  const geometries = new Map([[1, square(1)], [2, square(2)]]);
  const autoHighlight = (hoverLayerIds: ReadonlySet<number> | null) => {
    const built = buildMapLayers({ layersTopFirst: layers, geometries, zoom: 10, selection: null, hoverLayerIds });
    return layers.map((l) => built.find((b) => b.id === fillLayerId(l))!.props.autoHighlight);
  };

  it('highlights the feature under the pointer on every layer, only on the tool\'s layers, or nowhere while drawing', () => {
    expect(autoHighlight(null)).toEqual([true, true]);
    expect(autoHighlight(new Set([2]))).toEqual([false, true]);
    expect(autoHighlight(new Set())).toEqual([false, false]);
    // Picking stays on either way (the tools pick through deck.gl).
    const built = buildMapLayers({ layersTopFirst: layers, geometries, zoom: 10, selection: null, hoverLayerIds: new Set() });
    expect(built.find((b) => b.id === 'fill:a')!.props.pickable).toBe(true);
  });
});
