import { describe, expect, it } from 'vitest';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import type { LayerTiling, RasterTile } from '../../../../shared/contract/tiles.js';
import { tileBounds } from '../../../../shared/domain/tiles.js';
import { TileSource, type TileFetcher } from './tile-source.js';

const tiling = (revision: number, ready = true): LayerTiling => ({
  layerId: 7, table: 'dltb', revision, tiled: true, ready,
  plan: { rasterMinZoom: 9, rasterMaxZoom: 14, vectorZoom: 14, typicalWidthM: 50, latitude: 31.7 },
  classes: ['0101'], counts: [10],
});

function geometry(fids: number[]): LayerGeometry {
  return {
    layerId: 7, featureCount: fids.length, fids: Float64Array.from(fids), positions: new Float64Array(fids.length * 8),
    partStarts: Uint32Array.from([...fids.map((_, i) => i * 4), fids.length * 4]), partFeature: Uint32Array.from(fids.map((_, i) => i)),
    ringStarts: Uint32Array.from([...fids.map((_, i) => i * 4), fids.length * 4]), triangles: new Uint32Array(0),
    styleKeys: ['0101'], featureStyle: new Uint16Array(fids.length), labelPositions: new Float64Array(fids.length * 2), labels: [],
  };
}

/** A lon/lat box in the middle of a tile, touching no other. */
function middleOf(z: number, x: number, y: number): readonly [number, number, number, number] {
  const [w, s, e, n] = tileBounds(z, x, y);
  return [w + (e - w) * 0.4, s + (n - s) * 0.4, w + (e - w) * 0.6, s + (n - s) * 0.6];
}

/** A fetcher that answers when told to, and records what it was asked. */
function fakeFetcher(revisionOf: (key: string) => number) {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const later = <T,>(value: () => T) => new Promise<T>((resolve) => waiting.push(() => resolve(value())));
  const fetcher: TileFetcher = {
    raster: (z, x, y, known) => {
      calls.push(`r${z}/${x}/${y}${known !== undefined ? `?${known}` : ''}`);
      return later((): RasterTile => {
        const revision = revisionOf(`${z}/${x}/${y}`);
        return known === revision
          ? { z, x, y, revision, pixels: null, unchanged: true }
          : { z, x, y, revision, pixels: new Uint8Array(65536).fill(1), unchanged: false };
      });
    },
    vector: (z, x, y) => { calls.push(`v${z}/${x}/${y}`); return later(() => geometry([x * 1000 + y])); },
    big: (z) => { calls.push(`big${z}`); return later(() => geometry([])); },
    featureAt: async () => null,
  };
  const settle = async () => {
    while (waiting.length) {
      waiting.splice(0).forEach((f) => f());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { fetcher, calls, settle };
}

describe('tile source', () => {
  it('fetches each wanted raster tile once and holds it', async () => {
    const f = fakeFetcher(() => 5);
    const source = new TileSource(f.fetcher, tiling(5));
    const wanted = [[12, 1, 1], [12, 2, 1]] as const;
    expect(source.wantRaster(wanted)).toEqual([]);
    source.wantRaster(wanted);
    expect(f.calls.sort()).toEqual(['r12/1/1', 'r12/2/1']);
    expect(source.rasterLoaded(wanted)).toBe(false);
    await f.settle();
    expect(source.wantRaster(wanted)).toHaveLength(2);
    expect(source.rasterLoaded(wanted)).toBe(true);
    expect(f.calls).toHaveLength(2);
  });

  it('asks for the raster tiles of a view at once (sent together) and for vector tiles a few at a time', async () => {
    const f = fakeFetcher(() => 5);
    const source = new TileSource(f.fetcher, tiling(5));
    const rasters = Array.from({ length: 40 }, (_, i) => [12, i, 1] as const);
    source.wantRaster(rasters);
    source.wantVector(14, Array.from({ length: 10 }, (_, i) => [i, 1] as const));
    // 32 raster tiles in one go; the vector tiles (the big features among them) six at a time beside them.
    expect(f.calls.filter((c) => c.startsWith('r'))).toHaveLength(32);
    expect(f.calls.filter((c) => !c.startsWith('r'))).toHaveLength(6);
    await f.settle();
    expect(f.calls.filter((c) => c.startsWith('r'))).toHaveLength(40);
    expect(f.calls.filter((c) => !c.startsWith('r'))).toHaveLength(11);
    expect(source.rasterLoaded(rasters)).toBe(true);
  });

  it('after an edit keeps drawing its tiles and asks main only whether they changed', async () => {
    const revisions = new Map([['12/1/1', 5], ['12/2/1', 5]]);
    const f = fakeFetcher((k) => revisions.get(k)!);
    const source = new TileSource(f.fetcher, tiling(5));
    const wanted = [[12, 1, 1], [12, 2, 1]] as const;
    source.wantRaster(wanted);
    await f.settle();
    const before = source.wantRaster(wanted);
    // The edit touched tile 2/1 only.
    revisions.set('12/2/1', 9);
    f.calls.length = 0;
    source.update(tiling(9));
    expect(source.wantRaster(wanted)).toHaveLength(2); // still drawn meanwhile
    expect(source.rasterLoaded(wanted)).toBe(false);
    expect(f.calls.sort()).toEqual(['r12/1/1?5', 'r12/2/1?5']);
    await f.settle();
    const after = source.wantRaster(wanted);
    expect(source.rasterLoaded(wanted)).toBe(true);
    expect(after.find((e) => e.x === 1)).toBe(before.find((e) => e.x === 1)); // unchanged: same entry, same bytes
    expect(after.find((e) => e.x === 2)!.revision).toBe(9);
  });

  it('waits for a pyramid being rebuilt instead of fetching tiles that are about to change', () => {
    const f = fakeFetcher(() => 1);
    const source = new TileSource(f.fetcher, { ...tiling(3, false), classes: [] });
    source.wantRaster([[12, 1, 1]]);
    expect(f.calls).toEqual([]);
    expect(source.rasterLoaded([[12, 1, 1]])).toBe(false);
  });

  it('fetches vector tiles with the big features, and again after a new revision', async () => {
    const f = fakeFetcher(() => 1);
    const source = new TileSource(f.fetcher, tiling(5));
    source.wantVector(14, [[3, 4]]);
    await f.settle();
    expect(f.calls.sort()).toEqual(['big14', 'v14/3/4']);
    expect(source.vectorLoaded(14, [[3, 4]])).toBe(true);
    expect(source.geometryHolding(3004)).not.toBeNull();
    source.update(tiling(6));
    expect(source.vectorLoaded(14, [[3, 4]])).toBe(false);
    expect(source.wantVector(14, [[3, 4]])).toHaveLength(2);
    await f.settle();
    expect(source.vectorLoaded(14, [[3, 4]])).toBe(true);
  });

  it('after an edit with known boxes fetches again only the vector tiles the boxes touch (and the big features)', async () => {
    const f = fakeFetcher(() => 1);
    const source = new TileSource(f.fetcher, tiling(5));
    // Two neighbouring tiles at zoom 14 near Changzhou, and a box inside the first one.
    const z = 14, [x, y] = [13653, 6687];
    const e = tileBounds(z, x, y)[2];
    const inFirst = middleOf(z, x, y);
    const tiles = [[x, y], [x + 1, y]] as const;
    source.wantVector(z, tiles);
    await f.settle();
    f.calls.length = 0;
    source.update(tiling(9), { fromRevision: 5, boxes: [inFirst] });
    expect(source.vectorLoaded(z, tiles)).toBe(false);
    source.wantVector(z, tiles);
    expect(f.calls.sort()).toEqual([`big${z}`, `v${z}/${x}/${y}`]);
    await f.settle();
    expect(source.vectorLoaded(z, tiles)).toBe(true);
    // A box across their shared edge touches both; a change from another revision than the tiles' says nothing.
    f.calls.length = 0;
    source.update(tiling(12), { fromRevision: 9, boxes: [[e - 1e-6, inFirst[1], e + 1e-6, inFirst[3]]] });
    source.wantVector(z, tiles);
    expect(f.calls.sort()).toEqual([`big${z}`, `v${z}/${x}/${y}`, `v${z}/${x + 1}/${y}`]);
    await f.settle();
    f.calls.length = 0;
    source.update(tiling(15), { fromRevision: 3, boxes: [] });
    source.wantVector(z, tiles);
    expect(f.calls).toHaveLength(3);
  });

  it('after an edit asks at once for the touched vector tiles on screen, and says it follows the edit until they are here', async () => {
    const f = fakeFetcher(() => 1);
    const source = new TileSource(f.fetcher, tiling(5));
    const z = 14, [x, y] = [13653, 6687];
    source.wantVector(z, [[x, y], [x + 1, y]]);
    // A tile wanted long ago (off screen since) and touched too: left for when it is wanted again.
    const far = [x, y + 1] as const;
    source.wantVector(z, [far]);
    await f.settle();
    for (let i = 0; i < 5; i++) source.wantVector(z, [[x, y], [x + 1, y]]);
    f.calls.length = 0;
    expect(source.followingEdit).toBe(false);
    source.update(tiling(9), { fromRevision: 5, boxes: [middleOf(z, x, y), middleOf(z, ...far)] });
    // Asked for by the update itself, before the map's next frame asks.
    expect(f.calls.sort()).toEqual([`big${z}`, `v${z}/${x}/${y}`]);
    expect(source.followingEdit).toBe(true);
    await f.settle();
    expect(source.followingEdit).toBe(false);
    expect(source.vectorLoaded(z, [[x, y], [x + 1, y]])).toBe(true);
    expect(source.vectorLoaded(z, [far])).toBe(false);
  });

  it('stays within its memory budget, dropping tiles not wanted lately', async () => {
    const f = fakeFetcher(() => 1);
    const source = new TileSource(f.fetcher, tiling(5), 300_000); // room for about four raster tiles
    for (let x = 0; x < 12; x++) {
      source.wantRaster([[12, x, 0]]);
      await f.settle();
    }
    source.wantRaster([[12, 11, 0]]);
    expect(source.heldBytes).toBeLessThanOrEqual(300_000);
    expect(source.wantRaster([[12, 11, 0]])).toHaveLength(1); // the one wanted now stays
  });
});
