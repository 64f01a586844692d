import { describe, expect, it } from 'vitest';
import { dlbmColor } from '../../../../shared/domain/dlbm.js';
import { expandFeatureColorsToVertices, styleKeyColors } from './fill-colors.js';

// Two features: feature 0 has two parts (a triangle and a quad), feature 1 one triangle.
const geometry = {
  positions: new Float64Array(10 * 2),
  partStarts: new Uint32Array([0, 3, 7, 10]),
  partFeature: new Uint32Array([0, 0, 1]),
  featureStyle: new Uint16Array([1, 0]),
};

const style = {
  mode: 'dlbm' as const,
  fillColor: [1, 2, 3] as [number, number, number],
  lineColor: [0, 0, 0] as [number, number, number],
  lineWidthPx: 1,
  fillOpacity: 0.5,
};

describe('fill colours', () => {
  it('colours DLBM style keys with the 三调 colours', () => {
    expect(styleKeyColors(['0101', '0301'], style)).toEqual([dlbmColor('0101'), dlbmColor('0301')]);
    expect(dlbmColor('0101')).not.toEqual(dlbmColor('0301'));
  });

  it('paints every key with the fixed colour in fixed mode', () => {
    expect(styleKeyColors(['a', 'b'], { ...style, mode: 'fixed' })).toEqual([[1, 2, 3], [1, 2, 3]]);
  });

  it('expands per-feature colours to every vertex of every part of the feature', () => {
    const red = [255, 0, 0] as const;
    const blue = [0, 0, 255] as const;
    const out = expandFeatureColorsToVertices(geometry, [red, blue]);
    expect(out).toHaveLength(10 * 4);
    const vertex = (v: number) => Array.from(out.subarray(v * 4, v * 4 + 4));
    // feature 0 uses style key 1 (blue) on both of its parts, feature 1 style key 0 (red)
    for (const v of [0, 1, 2, 3, 4, 5, 6]) expect(vertex(v)).toEqual([0, 0, 255, 255]);
    for (const v of [7, 8, 9]) expect(vertex(v)).toEqual([255, 0, 0, 255]);
  });

  it('falls back to grey for a style key without a colour', () => {
    const out = expandFeatureColorsToVertices(geometry, []);
    expect(Array.from(out.subarray(0, 4))).toEqual([200, 200, 200, 255]);
  });
});
