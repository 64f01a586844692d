// Workspace layers → deck.gl layers. Data objects are cached per geometry (and per colour scheme) so re-rendering
// the map for a new selection or zoom level never makes deck.gl re-upload vertex buffers.
import type { Color, Layer } from '@deck.gl/core';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import { expandFeatureColorsToVertices, styleKeyColors } from './binary-polygon-fill/fill-colors.js';
import { buildFillLayer, fillLayerData, type FillData } from './binary-polygon-fill/fill-layer.js';
import { buildOutlineLayer, outlineLayerData, type OutlineData } from './binary-ring-outline/outline-layer.js';
import { labelData, labelMinZoom, type LabelDatum } from './feature-labels/label-data.js';
import { buildLabelLayer } from './feature-labels/label-layer.js';
import { deckOpacity } from './layer-opacity.js';
import { featureRings } from './selection-highlight/feature-rings.js';
import { buildSelectionLayer } from './selection-highlight/highlight-layer.js';
import { BENCH_GEOJSON, geoJsonBaselineLayer } from './bench/geojson-baseline.js';
import { TiledPolygonLayer } from './tiled-layer/tiled-layer.js';
import { asPickSurface } from './pick-surfaces.js';
import type { TileSource } from './tiled-layer/tile-source.js';

interface GeometryDerived {
  dlbmFill?: FillData;
  plainFill?: FillData;
  outline?: OutlineData;
  labels?: LabelDatum[];
}
const derived = new WeakMap<LayerGeometry, GeometryDerived>();

function derivedOf(geometry: LayerGeometry): GeometryDerived {
  let d = derived.get(geometry);
  if (!d) derived.set(geometry, (d = {}));
  return d;
}

/** 'dlbm' colours are per feature and need a per-vertex array; 'fixed' colours are one constant, no array at all. */
function fillDataFor(geometry: LayerGeometry, style: LayerInfo['style']): FillData {
  const d = derivedOf(geometry);
  if (style.mode === 'dlbm') {
    d.dlbmFill ??= fillLayerData(geometry, expandFeatureColorsToVertices(geometry, styleKeyColors(geometry.styleKeys, style)));
    return d.dlbmFill;
  }
  d.plainFill ??= fillLayerData(geometry, null);
  return d.plainFill;
}

export const fillLayerId = (layer: Pick<LayerInfo, 'table'>) => `fill:${layer.table}`;
export const outlineLayerId = (layer: Pick<LayerInfo, 'table'>) => `outline:${layer.table}`;
export const labelLayerId = (layer: Pick<LayerInfo, 'table'>) => `labels:${layer.table}`;

export interface MapLayerInput {
  layersTopFirst: readonly LayerInfo[];
  /** What is drawn of the whole layers (simplified for the zoom, see display-detail/). */
  geometries: ReadonlyMap<number, LayerGeometry>;
  /** Decides which layers are labelled (labelMinZoom); pass it rounded so panning does not rebuild layers. */
  zoom: number;
  selection: { layerId: number; fid: number } | null;
  /** Drawn above every workspace layer, below labels and the selection (check findings). */
  overlays?: readonly Layer[];
  /** Big layers drawn from tiles (docs/scale.md), by layer id; they have no entry in `geometries`. */
  tiled?: ReadonlyMap<number, TileSource>;
  /** The selected feature's geometry when its layer is tiled. */
  selectionGeometry?: LayerGeometry | null;
  /** Where the selection outline is read from when `geometries` are simplified for drawing (the exact ones). */
  selectionSource?: ReadonlyMap<number, LayerGeometry>;
  /** Layers whose features light up under the pointer (null: all; an editing tool narrows it, drawing tools to none). */
  hoverLayerIds?: ReadonlySet<number> | null;
  /** Label size in pixels (12 by default). */
  labelSizePx?: number;
  /**
   * Draw labels (default true). The map leaves them out of its first frame: text takes two more shader programs,
   * and in software WebGL each costs about as much as drawing the whole map (docs/scale.md).
   */
  withLabels?: boolean;
}

const LABEL_COLOR: Color = [40, 40, 40, 255];

export function buildMapLayers({
  layersTopFirst, geometries, zoom, selection, overlays = [], tiled, selectionGeometry, selectionSource = geometries, hoverLayerIds = null, labelSizePx,
  withLabels = true,
}: MapLayerInput): Layer[] {
  const pickSurfaces: Layer[] = [];
  const drawn: Layer[] = [];
  const labels: Layer[] = [];

  for (const layer of [...layersTopFirst].reverse()) {
    const source = tiled?.get(layer.id);
    if (source && layer.visible) {
      // Same ids as a whole layer's, so picking, hit tests and the e2e probes find it the same way.
      const fill = new TiledPolygonLayer({ id: fillLayerId(layer), source, layer, pickable: true });
      if (layer.style.fillOpacity * layer.opacity > 0) drawn.push(fill);
      else pickSurfaces.push(asPickSurface(fill));
      if (layer.style.labelField && withLabels) labels.push(new TiledPolygonLayer({ id: labelLayerId(layer), source, layer, part: 'labels', pickable: false }));
      continue;
    }
    const geometry = geometries.get(layer.id);
    if (!layer.visible || !geometry || geometry.partStarts.length < 2) continue;
    const { style } = layer;
    const fillOpacity = style.fillOpacity * layer.opacity;
    if (BENCH_GEOJSON && layer.kind === 'landuse') {
      drawn.push(geoJsonBaselineLayer(fillLayerId(layer), layer, geometry));
      continue;
    }
    const fill = buildFillLayer({
      id: fillLayerId(layer),
      data: fillDataFor(geometry, style),
      fillColor: [...style.fillColor, 255],
      opacity: deckOpacity(fillOpacity),
      pickable: true,
      hoverHighlight: hoverLayerIds === null || hoverLayerIds.has(layer.id),
    });
    // An unfilled layer (行政区 boundaries) would catch every click meant for the parcels below it if drawn in
    // place; drawn at the very bottom it is only hit where nothing filled lies, and it is invisible anyway (and
    // picked second, pick-surfaces.ts).
    if (fillOpacity > 0) drawn.push(fill);
    else pickSurfaces.push(asPickSurface(fill));

    if (style.lineWidthPx > 0) {
      derivedOf(geometry).outline ??= outlineLayerData(geometry);
      drawn.push(
        buildOutlineLayer({
          id: outlineLayerId(layer),
          data: derivedOf(geometry).outline!,
          color: [...style.lineColor, 255],
          widthPx: style.lineWidthPx,
          opacity: deckOpacity(layer.opacity),
        }),
      );
    }

    if (withLabels && style.labelField && zoom >= labelMinZoom(layer.extent, layer.featureCount)) {
      derivedOf(geometry).labels ??= labelData(geometry);
      const data = derivedOf(geometry).labels!;
      if (data.length > 0) labels.push(buildLabelLayer({ id: labelLayerId(layer), data, color: LABEL_COLOR, sizePx: labelSizePx }));
    }
  }

  const selected: Layer[] = [];
  if (selection) {
    const geometry = selectionSource.get(selection.layerId) ?? selectionGeometry ?? undefined;
    if (geometry) selected.push(buildSelectionLayer(featureRings(geometry, selection.fid)));
  }
  return [...pickSurfaces, ...drawn, ...overlays, ...labels, ...selected];
}
