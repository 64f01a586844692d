// A big layer drawn from tiles (docs/scale.md): below the layer's vector zoom, one BitmapLayer per class-raster tile
// (nearest sampling: every pixel is exactly a class colour); from there on, the exact features of the vector tiles
// in view, with the same fill, outline and label layers as a whole layer. The tiles wanted follow the viewport; the
// layer redraws itself as they arrive. `part: 'labels'` draws only the labels (the map puts them above overlays).
import { CompositeLayer, type Color, type DefaultProps, type FilterContext, type Layer, type LayerContext, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import type { Texture } from '@luma.gl/core';
import { BitmapLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import { TILE_SIZE, bandAt, tileBounds, tilesInBounds, worldX, worldY, type Band, type TileKey } from '../../../../shared/domain/tiles.js';
import type { FeatureRef } from '../../state/feature-cache.js';
import { expandFeatureColorsToVertices, styleKeyColors } from '../binary-polygon-fill/fill-colors.js';
import { fillLayerData, type FillData } from '../binary-polygon-fill/fill-layer.js';
import { outlineLayerData, outlinePlacement, RingOutlineLayer, type OutlineData } from '../binary-ring-outline/outline-layer.js';
import { labelData, labelMinZoom, type LabelDatum } from '../feature-labels/label-data.js';
import { LABEL_FONT_FAMILY } from '../feature-labels/label-layer.js';
import { deckOpacity } from '../layer-opacity.js';
import { fidOfPart } from '../selection-highlight/feature-rings.js';
import { CLASS_MASK } from './raster-image.js';
import { boxesOverlap, pickBoxFilter, positionsBox, type LonLatBox } from './tile-culling.js';
import type { RasterEntry, TileSource } from './tile-source.js';

/** What a pick on a tiled layer yields: the feature (vector tiles), or the class and a way to ask main (rasters). */
export type TiledPick =
  | { kind: 'feature'; layerId: number; fid: number }
  | { kind: 'class'; layerId: number; styleKey: string; lon: number; lat: number; resolve: () => Promise<FeatureRef | null> };

export function isTiledPick(o: unknown): o is TiledPick {
  return typeof o === 'object' && o !== null && 'kind' in o && ((o as TiledPick).kind === 'feature' || (o as TiledPick).kind === 'class');
}

export interface TiledPolygonLayerProps {
  source: TileSource;
  layer: LayerInfo;
  part?: 'polygons' | 'labels';
}

interface Derived { fill?: FillData; fillStyle?: string; outline?: OutlineData; labels?: LabelDatum[]; box?: LonLatBox }
const derived = new WeakMap<LayerGeometry, Derived>();
function derivedOf(g: LayerGeometry): Derived {
  let d = derived.get(g);
  if (!d) derived.set(g, (d = {}));
  return d;
}

const NEAREST = { minFilter: 'nearest', magFilter: 'nearest', mipmapFilter: 'none' } as const;
const NEAREST_SAMPLER = { ...NEAREST, addressModeU: 'clamp-to-edge', addressModeV: 'clamp-to-edge' } as const;

/** A BitmapLayer whose empty (transparent) pixels neither draw nor pick: clicks there reach the layers below. */
export class RasterTileLayer extends BitmapLayer<{ tile: RasterEntry }> {
  static layerName = 'RasterTileLayer';
  getShaders() {
    const shaders = super.getShaders();
    return { ...shaders, inject: { ...shaders.inject, 'fs:DECKGL_FILTER_COLOR': 'if (color.a == 0.0) discard;' } };
  }
}
const LABEL_COLOR: Color = [40, 40, 40, 255];

const defaultProps: DefaultProps<TiledPolygonLayerProps> = {
  source: { type: 'object', value: null as unknown as TileSource, compare: false },
  layer: { type: 'object', value: null as unknown as LayerInfo, compare: true },
  part: 'polygons',
};

interface State {
  version: number;
  /** Textures of the raster images drawn last, made here without mipmaps (nearest sampling needs none). */
  textures?: Map<ImageData, Texture>;
  unsubscribe?: () => void;
  band?: Band;
  wanted?: TileKey[];
  loaded: boolean;
  [key: string]: unknown;
}

export class TiledPolygonLayer extends CompositeLayer<TiledPolygonLayerProps> {
  static layerName = 'TiledPolygonLayer';
  static defaultProps = defaultProps;
  declare state: State;

  initializeState(_context: LayerContext): void {
    this.state = { version: 0, loaded: false };
    this.subscribe();
  }

  private subscribe(): void {
    this.state.unsubscribe?.();
    this.state.unsubscribe = this.props.source.subscribe(() => this.setState({ version: this.state.version + 1 }));
  }

  updateState({ props, oldProps }: UpdateParameters<this>): void {
    if (props.source !== oldProps.source) this.subscribe();
  }

  finalizeState(context: LayerContext): void {
    this.state.unsubscribe?.();
    for (const t of this.state.textures?.values() ?? []) t.destroy();
    this.state.textures = new Map();
    super.finalizeState(context);
  }

  shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return changeFlags.somethingChanged;
  }

  get isLoaded(): boolean {
    return super.isLoaded && this.state?.loaded === true;
  }

  renderLayers(): Layer[] {
    const { source, part } = this.props;
    const plan = source.state.plan;
    const viewport = this.context.viewport;
    if (!plan) return [];
    const bounds = viewport.getBounds() as [number, number, number, number];
    const band = bandAt(plan, viewport.zoom);
    if (band.kind === 'raster') {
      if (part === 'labels') {
        this.state.loaded = true;
        return [];
      }
      return this.rasterLayers(band.z, bounds);
    }
    if (this.state.textures?.size) {
      for (const t of this.state.textures.values()) t.destroy();
      this.state.textures = new Map();
    }
    return this.vectorLayers(band.z, bounds, part === 'labels');
  }

  private rasterLayers(z: number, bounds: [number, number, number, number]): Layer[] {
    const { source, layer } = this.props;
    const [x0, y0, x1, y1] = tilesInBounds(z, bounds);
    const wanted: TileKey[] = [];
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) wanted.push([z, x, y]);
    const entries = source.wantRaster(wanted);
    this.state.loaded = source.rasterLoaded(wanted);
    const style = { style: layer.style, classes: source.state.classes, featureEdges: source.featureEdgesAt(z) };
    const opacity = deckOpacity(layer.opacity);
    const out: Layer[] = [];
    // One texture per image and Deck (a texture belongs to its device), one mip level: deck.gl's own would build a
    // mipmap chain per tile, and its first use waits for a GPU round trip.
    const before = this.state.textures ?? new Map<ImageData, Texture>();
    const textures = new Map<ImageData, Texture>();
    for (const e of entries) {
      const image = source.imageOf(e, style);
      if (!image) continue;
      let texture = before.get(image);
      if (!texture) {
        texture = this.context.device.createTexture({
          data: image, width: image.width, height: image.height, format: 'rgba8unorm', mipLevels: 1, sampler: NEAREST_SAMPLER,
        });
      }
      textures.set(image, texture);
      out.push(new RasterTileLayer(this.getSubLayerProps({
        id: `r${e.z}-${e.x}-${e.y}`,
        image: texture,
        bounds: tileBounds(e.z, e.x, e.y),
        pickBox: tileBounds(e.z, e.x, e.y),
        opacity,
        textureParameters: NEAREST,
        pickable: this.props.pickable,
        autoHighlight: false,
        tile: e,
      })));
    }
    for (const [image, t] of before) if (!textures.has(image)) t.destroy();
    this.state.textures = textures;
    return out;
  }

  private vectorLayers(z: number, bounds: [number, number, number, number], labelsOnly: boolean): Layer[] {
    const { source, layer } = this.props;
    // A feature lies within half a tile of the tile holding its box centre.
    const [x0, y0, x1, y1] = tilesInBounds(z, bounds, 0.5);
    const tiles: [number, number][] = [];
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) tiles.push([x, y]);
    const entries = source.wantVector(z, tiles);
    this.state.loaded = source.vectorLoaded(z, tiles);
    const { style } = layer;
    const out: Layer[] = [];
    if (labelsOnly) {
      if (!style.labelField || this.context.viewport.zoom < labelMinZoom(layer.extent, layer.featureCount)) return [];
      for (const e of entries) {
        const d = derivedOf(e.geometry);
        d.labels ??= labelData(e.geometry);
        if (!d.labels.length) continue;
        d.box ??= positionsBox(e.geometry.positions);
        out.push(new TextLayer<LabelDatum>(this.getSubLayerProps({
          id: `l-${e.key}`,
          data: d.labels,
          visible: this.props.visible && boxesOverlap(d.box, bounds),
          getPosition: (d: LabelDatum) => d.position,
          getText: (d: LabelDatum) => d.text,
          getColor: LABEL_COLOR,
          getSize: 12,
          sizeUnits: 'pixels',
          fontFamily: LABEL_FONT_FAMILY,
          characterSet: 'auto',
          fontWeight: 500,
          fontSettings: { sdf: false, fontSize: 64, buffer: 4 },
          background: true,
          getBackgroundColor: [255, 255, 255, 190],
          backgroundPadding: [3, 1],
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
          pickable: false,
        })));
      }
      return out;
    }
    const fillColor: Color = [...style.fillColor, 255];
    const styleKey = `${style.mode}|${style.fillColor.join(',')}`;
    for (const e of entries) {
      const g = e.geometry;
      if (g.partStarts.length < 2) continue;
      const d = derivedOf(g);
      // Margin tiles whose features stay off screen are kept, not drawn (tile-culling.ts).
      d.box ??= positionsBox(g.positions);
      const visible = this.props.visible && boxesOverlap(d.box, bounds);
      if (d.fillStyle !== styleKey) {
        d.fill = style.mode === 'dlbm'
          ? fillLayerData(g, expandFeatureColorsToVertices(g, styleKeyColors(g.styleKeys, style)))
          : fillLayerData(g, null);
        d.fillStyle = styleKey;
      }
      out.push(new SolidPolygonLayer(this.getSubLayerProps({
        id: `f-${e.key}`,
        data: d.fill!,
        visible,
        pickBox: d.box,
        _normalize: false,
        filled: true,
        extruded: false,
        getFillColor: fillColor,
        opacity: deckOpacity(style.fillOpacity * layer.opacity),
        pickable: this.props.pickable,
        autoHighlight: this.props.pickable,
        highlightColor: [255, 255, 255, 110],
        updateTriggers: { getFillColor: fillColor.join(',') },
        tile: e,
      })));
      if (style.lineWidthPx > 0) {
        d.outline ??= outlineLayerData(g);
        const color: Color = [...style.lineColor, 255];
        out.push(new RingOutlineLayer(this.getSubLayerProps({
          id: `o-${e.key}`,
          data: d.outline,
          visible,
          color,
          widthPx: style.lineWidthPx,
          opacity: deckOpacity(layer.opacity),
          pickable: false,
          ...outlinePlacement(d.outline),
        })));
      }
    }
    return out;
  }

  /** In a pick, only the tiles whose box holds the pick rectangle are drawn (tile-culling.ts). */
  filterSubLayer(context: FilterContext): boolean {
    return pickBoxFilter(context);
  }

  getPickingInfo({ info, sourceLayer }: { info: PickingInfo; sourceLayer?: Layer | null }): PickingInfo {
    const tile = (sourceLayer?.props as { tile?: RasterEntry | { kind: 'vector'; geometry: LayerGeometry } } | undefined)?.tile;
    const layerId = this.props.layer.id;
    if (!tile) return info;
    if (tile.kind === 'vector') {
      const fid = info.index >= 0 ? fidOfPart(tile.geometry, info.index) : null;
      info.object = fid === null ? null : ({ kind: 'feature', layerId, fid } satisfies TiledPick);
      return info;
    }
    const [lon, lat] = info.coordinate ?? [];
    if (lon === undefined || lat === undefined || !tile.pixels) {
      info.object = null;
      return info;
    }
    const scale = TILE_SIZE * 2 ** tile.z;
    const px = Math.floor(worldX(lon) * scale) - tile.x * TILE_SIZE;
    const py = Math.floor(worldY(lat) * scale) - tile.y * TILE_SIZE;
    const cls = px >= 0 && px < TILE_SIZE && py >= 0 && py < TILE_SIZE ? tile.pixels[py * TILE_SIZE + px]! & CLASS_MASK : 0;
    const source = this.props.source;
    info.object = cls === 0 ? null : ({
      kind: 'class', layerId, styleKey: source.state.classes[cls - 1] ?? '', lon, lat, resolve: () => source.featureAt(lon, lat),
    } satisfies TiledPick);
    return info;
  }
}
