import type { Deck } from '@deck.gl/core';
import { describe, expect, it, vi } from 'vitest';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../../api/client.js';
import { defaultSettings } from '../settings.js';
import { EMPTY_PREVIEW } from '../types.js';
import { DeckEditingHost, type SessionPort } from './deck-host.js';

/** A layer with one feature (fid 7): a 10×10 square with a 2×2 hole, in lon/lat. */
const geometry: LayerGeometry = {
  layerId: 3,
  featureCount: 1,
  fids: Float64Array.from([7]),
  positions: Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 0, 0, 4, 4, 6, 4, 6, 6, 4, 6, 4, 4]),
  partStarts: Uint32Array.from([0, 10]),
  partFeature: Uint32Array.from([0]),
  ringStarts: Uint32Array.from([0, 5, 10]),
  triangles: new Uint32Array(0),
  styleKeys: [''],
  featureStyle: Uint16Array.from([0]),
  labelPositions: Float64Array.from([5, 5]),
  labels: [],
};

function host(calls: { method: string; input: unknown }[] = [], held: ReadonlyMap<number, LayerGeometry> = new Map([[3, geometry]])) {
  const api = new Proxy({}, {
    get: (_t, method: string) => async (input: unknown) => {
      calls.push({ method, input });
      if (method === 'snap.trace') throw new Error('NO_PATH');
      if (method === 'edit.featureWithHoleAt') return { fid: 42 };
      return { snapped: null };
    },
  });
  const settings = { ...defaultSettings(), layerId: 3, snap: { ...defaultSettings().snap, layerIds: [3, 12] }, avoidOverlapLayerIds: [1] };
  const session: SessionPort = {
    settings: () => settings, selection: () => [], setSelection: () => {}, render: () => {}, setStatus: () => {}, notify: () => {},
    setCursor: () => {}, commit: async () => null,
  };
  return new DeckEditingHost({
    client: { api, on: () => () => {} } as unknown as WorkbenchClient,
    deck: () => undefined,
    layers: () => [],
    geometries: () => held,
    projector: () => (lon, lat) => [lon * 1000, lat * 1000],
    inverseProjector: () => (x, y) => [x / 1000, y / 1000],
  }, session);
}

describe('DeckEditingHost', () => {
  it('finds the feature whose hole holds a point in the geometry it holds, and asks main for a layer drawn from tiles', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const h = host(calls);
    expect(await h.featureWithHoleAt([5, 5])).toEqual({ layerId: 3, fid: 7 });
    expect(await h.featureWithHoleAt([2, 2])).toBeNull();
    expect(await h.featureWithHoleAt([20, 20])).toBeNull();
    expect(calls).toEqual([]);
    const tiled = host(calls, new Map());
    expect(await tiled.featureWithHoleAt([5, 5])).toEqual({ layerId: 3, fid: 42 });
    expect(calls).toEqual([{ method: 'edit.featureWithHoleAt', input: { layerId: 3, position: [5, 5] } }]);
  });

  it('measures exact vertices by their own x, y and free ones through the projection', () => {
    const h = host();
    expect(h.planar([1, 2, 500, 600])).toEqual([500, 600]);
    expect(h.planar([1, 2])).toEqual([1000, 2000]);
    expect(h.fromPlanar([1000, 2000])).toEqual([1, 2]);
  });

  it('asks main with the session\'s snap layers and kinds, validates against the protected layers, and turns a failed trace into none', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const h = host(calls);
    await h.snap([120, 31], 5);
    await h.snap([120, 31], 5, { features: [{ layerId: 3, fids: [9] }] });
    await h.validate({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] });
    expect(await h.trace([0, 0, 1, 1], [1, 1, 2, 2])).toBeNull();
    expect(calls[0]).toEqual({ method: 'snap.query', input: { position: [120, 31], toleranceM: 5, layerIds: [3, 12], kinds: ['vertex', 'intersection', 'edge'] } });
    expect(calls[1]).toMatchObject({ method: 'snap.query', input: { exclude: { features: [{ layerId: 3, fids: [9] }] } } });
    expect(calls[2]).toMatchObject({ method: 'edit.validate', input: { layerId: 3, protectedLayerIds: [1] } });
  });

  it('picks nothing before the map is there, and passes previews on', async () => {
    const h = host();
    expect(await h.pickFeature({ x: 1, y: 1 }, 'edit')).toBeNull();
    expect(h.pickDrawnFeature({ x: 1, y: 1 }, 'edit')).toBeNull();
    expect(() => h.render(EMPTY_PREVIEW)).not.toThrow();
  });

  it('picks a feature drawn whole by its part, from a vector tile by its fid, and over a class raster asks main', async () => {
    const layers = [{ id: 3, table: 'yjjbnt', visible: true }, { id: 5, table: 'dltb', visible: true }] as unknown as LayerInfo[];
    let picks: unknown[] = [];
    const deck = { isInitialized: true, pickMultipleObjects: () => picks } as unknown as Deck;
    const settings = { ...defaultSettings(), layerId: 3 };
    const session = { settings: () => settings } as unknown as SessionPort;
    const make = (held: ReadonlyMap<number, LayerGeometry>) => new DeckEditingHost({
      client: {} as WorkbenchClient, deck: () => deck, layers: () => layers, geometries: () => held, projector: () => null, inverseProjector: () => null,
    }, session);
    const whole = make(new Map([[3, geometry]]));
    picks = [{ layer: { id: 'fill:yjjbnt' }, index: 0, object: null }];
    expect(await whole.pickFeature({ x: 1, y: 1 }, 'edit')).toEqual({ layerId: 3, fid: 7 });
    expect(whole.pickDrawnFeature({ x: 1, y: 1 }, 'edit')).toEqual({ layerId: 3, fid: 7 });
    // The edited layer drawn from tiles: a vector tile names the feature; a class raster resolves through main.
    const tiled = make(new Map());
    picks = [{ layer: { id: 'fill:yjjbnt' }, index: 4, object: { kind: 'feature', layerId: 3, fid: 11 } }];
    expect(await tiled.pickFeature({ x: 1, y: 1 }, 'edit')).toEqual({ layerId: 3, fid: 11 });
    const resolve = vi.fn(async () => ({ layerId: 3, fid: 12 }));
    picks = [{ layer: { id: 'fill:yjjbnt' }, index: 0, object: { kind: 'class', layerId: 3, styleKey: '0101', lon: 0, lat: 0, resolve } }];
    expect(resolve).not.toHaveBeenCalled();
    expect(await tiled.pickFeature({ x: 1, y: 1 }, 'edit')).toEqual({ layerId: 3, fid: 12 });
    // A press must know at once that something is drawn there; which feature follows.
    const drawn = tiled.pickDrawnFeature({ x: 1, y: 1 }, 'edit');
    expect(drawn).toBeInstanceOf(Promise);
    expect(await drawn).toEqual({ layerId: 3, fid: 12 });
    // Other layers' picks are not the edited layer's, and the other way round.
    picks = [{ layer: { id: 'fill:dltb' }, index: 0, object: { kind: 'feature', layerId: 5, fid: 99 } }];
    expect(await tiled.pickFeature({ x: 1, y: 1 }, 'edit')).toBeNull();
    expect(await tiled.pickFeature({ x: 1, y: 1 }, 'other')).toEqual({ layerId: 5, fid: 99 });
  });
});
