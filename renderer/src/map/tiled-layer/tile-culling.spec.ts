import { describe, expect, it } from 'vitest';
import { WebMercatorViewport, type FilterContext, type Layer } from '@deck.gl/core';
import { boxesOverlap, pickBoxFilter, positionsBox, type LonLatBox } from './tile-culling.js';

const viewport = new WebMercatorViewport({ width: 800, height: 600, longitude: 119.5, latitude: 31.7, zoom: 14 });
const layerWith = (pickBox?: LonLatBox) => ({ props: { pickBox } }) as unknown as Layer;
const context = (pickBox: LonLatBox | undefined, isPicking: boolean, x = 400, y = 300): FilterContext =>
  ({ layer: layerWith(pickBox), viewport, isPicking, renderPass: isPicking ? 'picking:hover' : 'screen', cullRect: isPicking ? { x, y, width: 1, height: 1 } : undefined }) as FilterContext;

describe('tile culling', () => {
  it('boxes the positions of a tile', () => {
    expect(positionsBox(new Float64Array([119.5, 31.7, 119.6, 31.65, 119.55, 31.8]))).toEqual([119.5, 31.65, 119.6, 31.8]);
    // An empty tile overlaps nothing, so it is never drawn.
    expect(boxesOverlap(positionsBox(new Float64Array()), [-180, -90, 180, 90])).toBe(false);
  });

  it('picks only in the tiles whose box holds the pick point', () => {
    const [w, s] = viewport.unproject([390, 310]) as [number, number];
    const [e, n] = viewport.unproject([410, 290]) as [number, number];
    const around: LonLatBox = [w, s, e, n];
    expect(pickBoxFilter(context(around, true))).toBe(true);
    // The pick point just outside the box, on each side.
    expect(pickBoxFilter(context(around, true, 380, 300))).toBe(false);
    expect(pickBoxFilter(context(around, true, 420, 300))).toBe(false);
    expect(pickBoxFilter(context(around, true, 400, 280))).toBe(false);
    expect(pickBoxFilter(context(around, true, 400, 320))).toBe(false);
  });

  it('leaves drawing, and layers without a box, alone', () => {
    const far: LonLatBox = [100, 20, 100.1, 20.1];
    expect(pickBoxFilter(context(far, false))).toBe(true);
    expect(pickBoxFilter(context(undefined, true))).toBe(true);
    expect(pickBoxFilter(context(far, true))).toBe(false);
  });
});
