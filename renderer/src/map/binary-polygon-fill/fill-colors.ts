// Fill colours as one RGBA per vertex, because deck.gl's SolidPolygonLayer reads binary colour attributes per vertex,
// not per polygon. Alpha stays 255: opacity is applied with the layer's `opacity` prop so dragging the opacity
// slider never rebuilds this array.
import { dlbmColor } from '../../../../shared/domain/dlbm.js';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';

export type Rgb = readonly [number, number, number];
type FillGeometry = Pick<LayerGeometry, 'positions' | 'partStarts' | 'partFeature' | 'featureStyle'>;

/** One colour per entry of styleKeys: the 三调 colour of the DLBM code in 'dlbm' mode, the fixed colour otherwise. */
export function styleKeyColors(styleKeys: readonly string[], style: LayerInfo['style']): Rgb[] {
  if (style.mode === 'dlbm') return styleKeys.map((key) => dlbmColor(key));
  return styleKeys.map(() => style.fillColor);
}

export function expandFeatureColorsToVertices(geometry: FillGeometry, keyColors: readonly Rgb[]): Uint8Array {
  const { positions, partStarts, partFeature, featureStyle } = geometry;
  const out = new Uint8Array((positions.length / 2) * 4);
  const fallback: Rgb = [200, 200, 200];
  const parts = partStarts.length - 1;
  for (let p = 0; p < parts; p++) {
    // Indices below are in range by construction (p < parts); the `!`s only silence noUncheckedIndexedAccess.
    const rgb = keyColors[featureStyle[partFeature[p]!]!] ?? fallback;
    for (let v = partStarts[p]!; v < partStarts[p + 1]!; v++) {
      const o = v * 4;
      out[o] = rgb[0];
      out[o + 1] = rgb[1];
      out[o + 2] = rgb[2];
      out[o + 3] = 255;
    }
  }
  return out;
}
