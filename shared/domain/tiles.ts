// The tile grid of big layers (docs/scale.md): Web Mercator tiles of 256 pixels, tile zoom t (the world is
// 256·2^t pixels wide, so a tile pixel is a screen pixel at deck.gl zoom t − 1, whose world is 512·2^z pixels).
// Low tile zooms are class rasters (the layer dissolved by style class at pixel resolution), the one vector zoom
// above them holds exact features, each in exactly one tile. Pure: used by main (building, serving) and the
// renderer (which tiles a viewport needs).

/** Layers with at least this many features are drawn from tiles (unless they are being edited). */
export const TILED_MIN_FEATURES = 20_000;
/** Raster levels are used while an average feature is narrower than this many pixels. */
export const RASTER_MAX_FEATURE_PX = 20;
export const TILE_SIZE = 256;
/** At most this many raster levels below the finest one (the coarsest is stretched below it). */
const MAX_RASTER_LEVELS = 7;
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;
const MAX_LAT = 85.0511287798066;

export interface TilePlan {
  /** Coarsest and finest raster tile zoom. */
  rasterMinZoom: number;
  rasterMaxZoom: number;
  /** Tile zoom of the exact vector tiles (the finest raster zoom: a vector tile then holds a few hundred features). */
  vectorZoom: number;
  /** Typical feature width in metres, from which the zooms were chosen. */
  typicalWidthM: number;
  /** Latitude the pixel sizes were computed at (the middle of the extent). */
  latitude: number;
}

export type TileKey = readonly [z: number, x: number, y: number];

/** lon → Web Mercator world x in [0, 1). */
export function worldX(lon: number): number {
  return (lon + 180) / 360;
}

/** lat → Web Mercator world y in [0, 1], north up (y grows southwards). */
export function worldY(lat: number): number {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return (1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2;
}

export function lonOfWorldX(x: number): number {
  return x * 360 - 180;
}

export function latOfWorldY(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** lon/lat bounds [west, south, east, north] of a tile. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  return [lonOfWorldX(x / n), latOfWorldY((y + 1) / n), lonOfWorldX((x + 1) / n), latOfWorldY(y / n)];
}

/** Ground metres per tile pixel at tile zoom t. */
export function metersPerTilePixel(latitude: number, t: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (TILE_SIZE * 2 ** t);
}

/** Average width in pixels of a feature at tile zoom t. */
export function featurePixels(plan: Pick<TilePlan, 'typicalWidthM' | 'latitude'>, t: number): number {
  return plan.typicalWidthM / metersPerTilePixel(plan.latitude, t);
}

/**
 * The zooms of a layer's pyramid: raster levels while an average feature is under RASTER_MAX_FEATURE_PX wide, from
 * the zoom at which the whole extent fits in about one tile; exact vector tiles of the finest raster zoom's grid.
 */
export function planTiles(extent: readonly [number, number, number, number], typicalWidthM: number): TilePlan {
  const [w, s, e, n] = extent;
  const latitude = (s + n) / 2;
  const width = Math.max(typicalWidthM, 0.01);
  const finest = Math.floor(Math.log2((RASTER_MAX_FEATURE_PX * EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (TILE_SIZE * width)));
  const rasterMaxZoom = Math.max(1, Math.min(20, finest));
  const span = Math.max(worldX(e) - worldX(w), worldY(s) - worldY(n), 1e-9);
  const fitZoom = Math.floor(Math.log2(1 / span));
  const rasterMinZoom = Math.max(0, Math.min(rasterMaxZoom, Math.max(fitZoom, rasterMaxZoom - MAX_RASTER_LEVELS + 1)));
  return { rasterMinZoom, rasterMaxZoom, vectorZoom: rasterMaxZoom, typicalWidthM: width, latitude };
}

export type Band = { kind: 'raster'; z: number } | { kind: 'vector'; z: number };

/**
 * What to draw at deck.gl zoom `viewZoom`: the raster level nearest to one tile pixel per screen pixel while
 * features are small, the vector level from half a zoom above the finest raster level on.
 */
export function bandAt(plan: TilePlan, viewZoom: number): Band {
  const t = viewZoom + 1;
  if (t < plan.rasterMaxZoom + 0.5) {
    return { kind: 'raster', z: Math.max(plan.rasterMinZoom, Math.min(plan.rasterMaxZoom, Math.round(t))) };
  }
  return { kind: 'vector', z: plan.vectorZoom };
}

/** Tiles at zoom z covering a lon/lat box, each index clamped to the grid. Margin is in tiles. */
export function tilesInBounds(z: number, bounds: readonly [number, number, number, number], margin = 0): [number, number, number, number] {
  const n = 2 ** z;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
  const [w, s, e, north] = bounds;
  return [
    clamp(Math.floor(worldX(w) * n - margin)), clamp(Math.floor(worldY(north) * n - margin)),
    clamp(Math.floor(worldX(e) * n + margin)), clamp(Math.floor(worldY(s) * n + margin)),
  ];
}

/**
 * The tile a feature belongs to at the vector zoom: the one holding the centre of its lon/lat box. Exactly one
 * tile, so a translucent fill is never drawn twice; a feature's content then lies within half a tile of its tile,
 * unless it is wider than a tile (see isBigFeature).
 */
export function tileOfBox(z: number, box: readonly [number, number, number, number]): [number, number] {
  const n = 2 ** z;
  const cx = (worldX(box[0]) + worldX(box[2])) / 2;
  const cy = (worldY(box[1]) + worldY(box[3])) / 2;
  return [Math.max(0, Math.min(n - 1, Math.floor(cx * n))), Math.max(0, Math.min(n - 1, Math.floor(cy * n)))];
}

/** Wider or taller than a tile of zoom z: such features are served apart (the layer's "big" tile), drawn always. */
export function isBigFeature(z: number, box: readonly [number, number, number, number]): boolean {
  const n = 2 ** z;
  return (worldX(box[2]) - worldX(box[0])) * n > 1 || (worldY(box[1]) - worldY(box[3])) * n > 1;
}
