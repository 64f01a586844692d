import { describe, expect, it } from 'vitest';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
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

function host(calls: { method: string; input: unknown }[] = []) {
  const api = new Proxy({}, {
    get: (_t, method: string) => async (input: unknown) => {
      calls.push({ method, input });
      if (method === 'snap.trace') throw new Error('NO_PATH');
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
    geometries: () => new Map([[3, geometry]]),
    projector: () => (lon, lat) => [lon * 1000, lat * 1000],
    inverseProjector: () => (x, y) => [x / 1000, y / 1000],
  }, session);
}

describe('DeckEditingHost', () => {
  it('finds the feature whose hole holds a point', () => {
    const h = host();
    expect(h.featureWithHoleAt([5, 5])).toEqual({ layerId: 3, fid: 7 });
    expect(h.featureWithHoleAt([2, 2])).toBeNull();
    expect(h.featureWithHoleAt([20, 20])).toBeNull();
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

  it('picks nothing before the map is there, and passes previews on', () => {
    const h = host();
    expect(h.pickFeature({ x: 1, y: 1 }, 'edit')).toBeNull();
    expect(() => h.render(EMPTY_PREVIEW)).not.toThrow();
  });
});
