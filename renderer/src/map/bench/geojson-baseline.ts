// The benchmark's reference (`npm run bench`, scripts/bench-render.mjs; docs/scale.md): with `?bench=geojson` in the
// page address, the 三调 layer is drawn the plain way, as a deck.gl GeoJsonLayer of GeoJSON features built from the
// whole layer, and no layer is tiled; same data, same page, same machine. Not part of the app's behaviour otherwise.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Color, Layer } from '@deck.gl/core';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import { dlbmColor } from '../../../../shared/domain/dlbm.js';
import { deckOpacity } from '../layer-opacity.js';

export const BENCH_GEOJSON = typeof location !== 'undefined' && new URLSearchParams(location.search).get('bench') === 'geojson';

interface BaselineFeature {
  type: 'Feature';
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  properties: { fid: number; key: string };
}

const features = new WeakMap<LayerGeometry, BaselineFeature[]>();

/** The layer as GeoJSON features (what an app without binary buffers would hold). */
export function toGeoJsonFeatures(g: LayerGeometry): BaselineFeature[] {
  let out = features.get(g);
  if (out) return out;
  out = [];
  let part = 0;
  let ring = 0;
  for (let f = 0; f < g.fids.length; f++) {
    const polygons: number[][][][] = [];
    while (part < g.partFeature.length && g.partFeature[part] === f) {
      const end = g.partStarts[part + 1]!;
      const rings: number[][][] = [];
      while (ring < g.ringStarts.length - 1 && g.ringStarts[ring]! < end) {
        const coords: number[][] = [];
        for (let v = g.ringStarts[ring]!; v < g.ringStarts[ring + 1]!; v++) coords.push([g.positions[v * 2]!, g.positions[v * 2 + 1]!]);
        rings.push(coords);
        ring++;
      }
      polygons.push(rings);
      part++;
    }
    out.push({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: polygons }, properties: { fid: g.fids[f]!, key: g.styleKeys[g.featureStyle[f]!] ?? '' } });
  }
  features.set(g, out);
  return out;
}

export function geoJsonBaselineLayer(id: string, layer: LayerInfo, geometry: LayerGeometry): Layer {
  const { style } = layer;
  const fixed: Color = [...style.fillColor, 255];
  return new GeoJsonLayer<BaselineFeature['properties']>({
    id,
    data: toGeoJsonFeatures(geometry) as never,
    filled: true,
    stroked: style.lineWidthPx > 0,
    getFillColor: style.mode === 'dlbm' ? (f) => [...dlbmColor(f.properties.key), 255] : fixed,
    getLineColor: [...style.lineColor, 255],
    getLineWidth: style.lineWidthPx,
    lineWidthUnits: 'pixels',
    lineWidthMinPixels: Math.min(style.lineWidthPx, 0.5),
    opacity: deckOpacity(style.fillOpacity * layer.opacity),
    pickable: true,
    autoHighlight: true,
  });
}

/** The feature a pick on the baseline layer hit. */
export function baselineFid(object: unknown): number | null {
  const fid = (object as BaselineFeature | null)?.properties?.fid;
  return typeof fid === 'number' ? fid : null;
}
