import { describe, expect, it, vi } from 'vitest';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import { HighlightGeometries } from './highlight-geometries.js';

const geom = (layerId: number, fids: number[]) => ({ layerId, fids: Float64Array.from(fids) }) as unknown as LayerGeometry;
const layers = (revision: number) => [{ id: 1, revision }, { id: 2, revision: 5 }] as unknown as LayerInfo[];
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('HighlightGeometries', () => {
  it('uses whole layers as they are and asks main once for the highlighted features of a tiled layer, again after an edit', async () => {
    const fetch = vi.fn(async (layerId: number, fids: number[]) => geom(layerId, fids));
    const arrived = vi.fn();
    const h = new HighlightGeometries(fetch, arrived);
    const whole = new Map([[2, geom(2, [1, 2, 3])]]);
    const refs = [{ layerId: 1, fid: 9 }, { layerId: 1, fid: 4 }, { layerId: 2, fid: 3 }];

    let out = h.geometriesFor(refs, layers(10), whole);
    expect(out.get(2)).toBe(whole.get(2));
    expect(out.has(1)).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenLastCalledWith(1, [4, 9]);
    await tick();
    expect(arrived).toHaveBeenCalledTimes(1);
    out = h.geometriesFor(refs, layers(10), whole);
    expect([...out.get(1)!.fids]).toEqual([4, 9]);
    // Same features, same revision: nothing asked.
    h.geometriesFor([...refs].reverse(), layers(10), whole);
    expect(fetch).toHaveBeenCalledTimes(1);
    // An edit moved the revision: asked again; the held answer is used until the new one is there.
    out = h.geometriesFor(refs, layers(11), whole);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect([...out.get(1)!.fids]).toEqual([4, 9]);
  });

  it('keeps only the latest answer for a layer, and nothing after dispose', async () => {
    const answers: ((g: LayerGeometry) => void)[] = [];
    const fetch = vi.fn((_layerId: number, _fids: number[]) => new Promise<LayerGeometry>((r) => answers.push(r)));
    const arrived = vi.fn();
    const h = new HighlightGeometries(fetch, arrived);
    h.geometriesFor([{ layerId: 1, fid: 1 }], layers(1), new Map());
    h.geometriesFor([{ layerId: 1, fid: 2 }], layers(1), new Map());
    answers[0]!(geom(1, [1]));
    await tick();
    expect(arrived).not.toHaveBeenCalled();
    answers[1]!(geom(1, [2]));
    await tick();
    expect(arrived).toHaveBeenCalledTimes(1);
    expect([...h.geometriesFor([{ layerId: 1, fid: 2 }], layers(1), new Map()).get(1)!.fids]).toEqual([2]);
    h.geometriesFor([{ layerId: 1, fid: 3 }], layers(1), new Map());
    h.dispose();
    answers[2]!(geom(1, [3]));
    await tick();
    expect(arrived).toHaveBeenCalledTimes(1);
  });

  it('answers a preview update with the same highlight from its last answer until geometry arrives', async () => {
    const fetch = vi.fn(async (layerId: number, fids: number[]) => geom(layerId, fids));
    const h = new HighlightGeometries(fetch, () => {});
    const ls = layers(3), whole = new Map<number, LayerGeometry>();
    const first = h.geometriesFor([{ layerId: 1, fid: 7 }], ls, whole);
    // The next pointer move: a new array of the same features.
    expect(h.geometriesFor([{ layerId: 1, fid: 7 }], ls, whole)).toBe(first);
    await tick();
    const after = h.geometriesFor([{ layerId: 1, fid: 7 }], ls, whole);
    expect(after).not.toBe(first);
    expect([...after.get(1)!.fids]).toEqual([7]);
    // Another feature highlighted: asked for.
    h.geometriesFor([{ layerId: 1, fid: 8 }], ls, whole);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
