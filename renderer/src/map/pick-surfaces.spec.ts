import type { Deck, Layer, PickingInfo } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { asPickSurface, pickSurfaceFilter, withPickSurfaces, withSurfaceFallback } from './pick-surfaces.js';

const layer = (id: string, parent?: Layer) => {
  const l = { id, parent: parent ?? null } as unknown as Layer;
  Object.defineProperty(l, 'root', { get: () => (parent ? (parent as unknown as { root: Layer }).root ?? parent : l) });
  return l;
};

describe('pick surfaces', () => {
  const villages = asPickSurface(layer('fill:cjdcq'));
  const villageTile = layer('fill:cjdcq-tile-1', villages);
  const parcels = layer('fill:dltb');

  it('are left out of picking passes, not out of drawing, unless asked for', () => {
    expect(pickSurfaceFilter({ layer: villages, isPicking: true })).toBe(false);
    expect(pickSurfaceFilter({ layer: villageTile, isPicking: true })).toBe(false);
    expect(pickSurfaceFilter({ layer: parcels, isPicking: true })).toBe(true);
    expect(pickSurfaceFilter({ layer: villages, isPicking: false })).toBe(true);
    expect(withPickSurfaces(() => pickSurfaceFilter({ layer: villageTile, isPicking: true }))).toBe(true);
    // Only inside: a pick that throws does not leave them in.
    expect(() => withPickSurfaces(() => { throw new Error('x'); })).toThrow();
    expect(pickSurfaceFilter({ layer: villages, isPicking: true })).toBe(false);
  });

  it('are asked second, only where the first pass hit nothing', () => {
    const asked: unknown[] = [];
    const hit = { layer: villages, index: 3 } as unknown as PickingInfo;
    const deck = {
      props: { layers: [villages, parcels] },
      pickObject: (opts: { layerIds: string[] }) => {
        asked.push({ ...opts, included: pickSurfaceFilter({ layer: villages, isPicking: true }) });
        return hit;
      },
    } as unknown as Deck;
    const onParcel = { layer: parcels, index: 1 } as unknown as PickingInfo;
    expect(withSurfaceFallback(deck, onParcel, 5, 6)).toBe(onParcel);
    expect(asked).toEqual([]);
    const nothing = { layer: null, index: -1 } as unknown as PickingInfo;
    expect(withSurfaceFallback(deck, nothing, 5, 6)).toBe(hit);
    expect(asked).toEqual([{ x: 5, y: 6, radius: 0, layerIds: ['fill:cjdcq'], included: true }]);
  });
});
