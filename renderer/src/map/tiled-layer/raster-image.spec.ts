import { describe, expect, it } from 'vitest';
import { dlbmColor } from '../../../../shared/domain/dlbm.js';
import { EDGE_BIT, rasterStyleKey, rasterToRgba } from './raster-image.js';

const style = {
  mode: 'dlbm' as const,
  fillColor: [200, 200, 200] as [number, number, number],
  lineColor: [120, 120, 120] as [number, number, number],
  lineWidthPx: 0.5,
  fillOpacity: 0.85,
};

/** A 4×4 tile: class 1 on the left half, class 2 on the right, one edge pixel, one empty pixel. */
function tile(): Uint8Array {
  const p = new Uint8Array(16);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) p[r * 4 + c] = c < 2 ? 1 : 2;
  p[5] = 1 | EDGE_BIT;
  p[15] = 0;
  return p;
}
const px = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('class raster colours', () => {
  it('paints each class in exactly its 三调 colour with the fill opacity, and nothing where there is no feature', () => {
    const rgba = rasterToRgba(tile(), { style, classes: ['0101', '0301'], featureEdges: false }, 4);
    const alpha = Math.round(0.85 * 255);
    expect(px(rgba, 0)).toEqual([...dlbmColor('0101'), alpha]);
    expect(px(rgba, 3)).toEqual([...dlbmColor('0301'), alpha]);
    // Edges are not drawn where features are too small on screen: the edge pixel keeps its class colour.
    expect(px(rgba, 5)).toEqual([...dlbmColor('0101'), alpha]);
    expect(px(rgba, 15)).toEqual([0, 0, 0, 0]);
  });

  it('blends edge pixels towards the line colour by the line width', () => {
    const rgba = rasterToRgba(tile(), { style, classes: ['0101', '0301'], featureEdges: true }, 4);
    const [r, g, b, a] = px(rgba, 5);
    const fill = dlbmColor('0101');
    // Half a pixel of grey over the fill: between both, more opaque than the fill alone.
    expect(r).toBeGreaterThan(Math.min(fill[0], 120) - 1);
    expect(r).toBeLessThan(Math.max(fill[0], 120) + 1);
    expect(g).toBeLessThan(Math.max(fill[1], 120) + 1);
    expect(b).toBeGreaterThanOrEqual(Math.min(fill[2], 120) - 1);
    expect(a).toBeGreaterThan(Math.round(0.85 * 255));
  });

  it('outlines a one-colour layer where its class changes, in the line colour', () => {
    const fixed = { ...style, mode: 'fixed' as const, fillColor: [250, 210, 60] as [number, number, number], lineColor: [230, 160, 0] as [number, number, number], lineWidthPx: 2, fillOpacity: 0.45 };
    const p = new Uint8Array(16);
    for (let i = 0; i < 16; i++) p[i] = i % 4 < 3 ? 1 : 0; // three columns of farmland, one empty
    const rgba = rasterToRgba(p, { style: fixed, classes: [''], featureEdges: false }, 4);
    expect(px(rgba, 2)).toEqual([230, 160, 0, 255]); // next to the empty column: the outline
    expect(px(rgba, 1)).toEqual([250, 210, 60, Math.round(0.45 * 255)]);
    expect(px(rgba, 3)).toEqual([0, 0, 0, 0]);
  });

  it('keys cached images by everything the colours depend on', () => {
    const a = rasterStyleKey({ style, classes: ['0101'], featureEdges: false });
    expect(rasterStyleKey({ style: { ...style, fillOpacity: 0.5 }, classes: ['0101'], featureEdges: false })).not.toBe(a);
    expect(rasterStyleKey({ style, classes: ['0101'], featureEdges: true })).not.toBe(a);
    expect(rasterStyleKey({ style, classes: ['0101', '0102'], featureEdges: false })).not.toBe(a);
    expect(rasterStyleKey({ style, classes: ['0101'], featureEdges: false })).toBe(a);
  });
});
