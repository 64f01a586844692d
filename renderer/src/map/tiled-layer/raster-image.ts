// A class-raster tile (main/core/render/tiles/raster.ts: class in the low 7 bits, feature edge in the high bit) as
// RGBA pixels for a BitmapLayer drawn with nearest sampling, so every fill pixel is exactly its class's colour:
// the 三调 colour of its DLBM code, or the layer's one colour. Edges are blended towards the line colour by the
// line width (a 0.5 px line half way), where features are wide enough on screen for outlines to mean something;
// one-colour layers always outline where the class changes (the dissolved boundary of, say, 永久基本农田).
import type { LayerInfo } from '../../../../shared/contract/schemas.js';
import { dlbmColor } from '../../../../shared/domain/dlbm.js';

export const CLASS_MASK = 0x7f;
export const EDGE_BIT = 0x80;
export const RASTER_TILE_SIZE = 256;

export type Rgb = readonly [number, number, number];

export interface RasterStyle {
  style: LayerInfo['style'];
  /** Style key of class c at classes[c − 1]. */
  classes: readonly string[];
  /** Draw feature edges (features are wide enough at this zoom). */
  featureEdges: boolean;
}

/** Fill colour per class (index 0 unused). */
export function classColors(style: LayerInfo['style'], classes: readonly string[]): Rgb[] {
  return [[0, 0, 0], ...classes.map((key): Rgb => (style.mode === 'dlbm' ? dlbmColor(key) : style.fillColor))];
}

/** A stable key of everything the colours depend on, to cache images by. */
export function rasterStyleKey({ style, classes, featureEdges }: RasterStyle): string {
  return `${style.mode}|${style.fillColor.join(',')}|${style.lineColor.join(',')}|${style.lineWidthPx}|${style.fillOpacity}|${classes.length}|${featureEdges ? 1 : 0}`;
}

/**
 * RGBA of a tile. Fill pixels carry the fill opacity in their alpha (the layer's own opacity is the BitmapLayer's),
 * edge pixels are opaque: the same split as the vector path, where fills use fillOpacity and outlines do not.
 */
export function rasterToRgba(pixels: Uint8Array, { style, classes, featureEdges }: RasterStyle, size = RASTER_TILE_SIZE): Uint8ClampedArray<ArrayBuffer> {
  const colors = classColors(style, classes);
  const out = new Uint8ClampedArray(size * size * 4);
  const fillAlpha = Math.round(style.fillOpacity * 255);
  const line = style.lineColor;
  const lineMix = style.lineWidthPx > 0 ? Math.min(1, style.lineWidthPx) : 0;
  const outlineClasses = style.mode !== 'dlbm' && lineMix > 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      const v = pixels[i]!;
      const cls = v & CLASS_MASK;
      if (cls === 0) continue;
      const rgb = colors[cls] ?? [200, 200, 200];
      let edge = featureEdges && (v & EDGE_BIT) !== 0;
      if (!edge && outlineClasses) {
        // The dissolved outline: a neighbour in this tile of another class (or none).
        edge = (c > 0 && (pixels[i - 1]! & CLASS_MASK) !== cls) || (c < size - 1 && (pixels[i + 1]! & CLASS_MASK) !== cls) ||
          (r > 0 && (pixels[i - size]! & CLASS_MASK) !== cls) || (r < size - 1 && (pixels[i + size]! & CLASS_MASK) !== cls);
      }
      const o = i * 4;
      if (edge && lineMix > 0) {
        // Seen over the map, a fill of alpha a under a line of width w: blend both into one opaque-ish pixel.
        const a = fillAlpha / 255;
        const alpha = lineMix + a * (1 - lineMix);
        out[o] = (line[0] * lineMix + rgb[0] * a * (1 - lineMix)) / alpha;
        out[o + 1] = (line[1] * lineMix + rgb[1] * a * (1 - lineMix)) / alpha;
        out[o + 2] = (line[2] * lineMix + rgb[2] * a * (1 - lineMix)) / alpha;
        out[o + 3] = Math.round(alpha * 255);
      } else {
        out[o] = rgb[0];
        out[o + 1] = rgb[1];
        out[o + 2] = rgb[2];
        out[o + 3] = fillAlpha;
      }
    }
  }
  return out;
}
