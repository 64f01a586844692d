// Tiles of big layers (issue #8, docs/scale.md): the map draws a layer of tens of thousands of features or more from
// class rasters at low zoom and exact vector tiles at high zoom instead of the whole layer's geometry. Every method
// takes an optional scheme (the active one when absent), so compare views can draw two schemes of a layer.
import { z } from 'zod';
import { LayerGeometry } from './schemas.js';

const int = z.number().int();
const scheme = z.number().int().positive().optional();
const layerId = int;
const tileZ = int.min(0).max(24);
const tileXY = int.min(0);
/** Raster tiles per tiles.rasters call (64 KiB each). */
export const RASTER_BATCH_MAX = 64;

export const TilePlanSchema = z.object({
  rasterMinZoom: int,
  rasterMaxZoom: int,
  vectorZoom: int,
  typicalWidthM: z.number(),
  latitude: z.number(),
});

/** How a layer is drawn: whole (small layers) or from tiles, and the state of its raster pyramid. */
export const LayerTiling = z.object({
  layerId: int,
  /** The table (in the scheme asked for) and its content revision. */
  table: z.string(),
  revision: int,
  /** False: small enough to draw whole (layers.geometry). */
  tiled: z.boolean(),
  /** The raster levels show this revision (false while they are being built; vector tiles are always current). */
  ready: z.boolean(),
  plan: TilePlanSchema.nullable(),
  /** Style key (DLBM code, or '' for a one-colour layer) of raster class c at classes[c − 1]. */
  classes: z.array(z.string()),
  /** Number of features of each class (the legend of a tiled layer). */
  counts: z.array(z.number().int()),
});
export type LayerTiling = z.infer<typeof LayerTiling>;

export const RasterTile = z.object({
  z: int, x: int, y: int,
  /** Revision at which this tile was last drawn (an edit redraws only the tiles it touches). */
  revision: int,
  /** 256×256 bytes, row by row from the north-west: class in the low 7 bits (0 = nothing), feature edge in the high bit. */
  pixels: z.instanceof(Uint8Array).nullable(),
  /** The caller's copy (revision `known`) is still right; pixels are left out. */
  unchanged: z.boolean(),
});
export type RasterTile = z.infer<typeof RasterTile>;

export const tileMethods = {
  /** Whether and how a layer is tiled, with its raster classes; starts building a missing or stale pyramid. */
  'tiles.plan': { input: z.object({ layerId, scheme }).strict(), output: LayerTiling },
  /**
   * Raster tiles of a layer, in the order asked (null pixels: nothing there). `known`: the revision the caller holds,
   * to skip unchanged bytes. Asked for together: the tiles of a view cost one round trip, not one each.
   */
  'tiles.rasters': {
    input: z.object({
      layerId, scheme,
      tiles: z.array(z.object({ z: tileZ, x: tileXY, y: tileXY, known: int.optional() }).strict()).min(1).max(RASTER_BATCH_MAX),
    }).strict(),
    output: z.array(RasterTile),
  },
  /**
   * One vector tile of the layer's vector zoom (exact features whose box centre is in the tile), or with `big` the
   * features wider than a tile of that zoom, drawn wherever vector tiles are.
   */
  'tiles.vector': {
    input: z.object({ layerId, scheme, z: tileZ, x: tileXY.optional(), y: tileXY.optional(), big: z.boolean().optional() }).strict()
      .refine((v) => v.big === true || (v.x !== undefined && v.y !== undefined), 'give x and y, or big'),
    output: LayerGeometry,
  },
  /** The feature under a lon/lat point (the top one, highest fid), for clicks where the map shows class rasters. */
  'tiles.featureAt': {
    input: z.object({ layerId, scheme, lon: z.number().finite(), lat: z.number().finite() }).strict(),
    output: z.object({ fid: int, styleKey: z.string() }).nullable(),
  },
  /** One feature's geometry (same layout as layers.geometry), for the selection outline on a tiled layer. */
  'tiles.feature': { input: z.object({ layerId, scheme, fid: int }).strict(), output: LayerGeometry },
} as const;

export const tileEvents = {
  /** A layer's raster pyramid has been (re)built for this revision: drawn maps fetch their tiles again. */
  'tiles.ready': z.object({ layerId: int, table: z.string(), revision: int }),
} as const;
