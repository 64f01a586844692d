// Tiles of big layers on real SpatiaLite (docs/scale.md): the sample comes with its pyramids; the class rasters keep
// every class's area (dissolving by class neither loses nor invents area beyond the pixel); an edit redraws exactly
// the tiles it touched, into what a full rebuild would draw; a scheme's fresh copy of a table takes its source's
// tiles; vector tiles hold every feature exactly once; a click on a raster finds the parcel under it.
import { copyFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/spatialite.js';
import { Editor } from '../../main/core/editing/editor.js';
import { parsePolygonWkb } from '../../main/core/render/layer-geometry.js';
import { buildPyramid, readTileSet, typicalWidthM, type TileSet } from '../../main/core/render/tiles/pyramid.js';
import { CLASS_MASK, EDGE_BIT } from '../../main/core/render/tiles/raster.js';
import { TileService } from '../../main/core/render/tiles/tile-service.js';
import { vectorTileFids } from '../../main/core/render/tiles/vector-tile.js';
import { generateSample } from '../../main/core/sample/generate-sample.js';
import { createScheme } from '../../main/core/schemes/store.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { TILE_SIZE, planTiles, tilesInBounds, worldX, worldY } from '../../shared/domain/tiles.js';
import { tempDir } from './helpers.js';

const PARCELS = 2000;
let tmp: ReturnType<typeof tempDir>;
let sample: string;

beforeAll(async () => {
  tmp = tempDir('sanxian-tiles-');
  sample = tmp.file('sample.sqlite');
  // Small sample, tiled anyway: the threshold is lowered for this process.
  process.env.SANXIAN_TILED_MIN_FEATURES = '400';
  await generateSample(sample, { parcels: PARCELS, seed: 3 });
});

afterAll(() => {
  delete process.env.SANXIAN_TILED_MIN_FEATURES;
  tmp.cleanup();
});

/** A private copy of the sample, opened for writing. */
function openCopy(name: string): Workspace {
  const file = tmp.file(name);
  copyFileSync(sample, file);
  return Workspace.open(file);
}

interface Pixel { key: string; edge: boolean }
/** Every stored tile, decoded to class keys (class numbers may differ between two builds; keys may not). */
function tiles(db: Db, set: TileSet): Map<string, { revision: number; pixels: Uint8Array }> {
  const out = new Map<string, { revision: number; pixels: Uint8Array }>();
  for (const r of db.prepare('SELECT z, x, y, revision, data FROM sx_tiles WHERE table_name = ?').all(set.table) as
    { z: number; x: number; y: number; revision: number; data: Buffer }[]) {
    out.set(`${r.z}/${r.x}/${r.y}`, { revision: r.revision, pixels: new Uint8Array(inflateRawSync(r.data)) });
  }
  return out;
}
function pixelAt(set: TileSet, pixels: Uint8Array | undefined, i: number): Pixel {
  const v = pixels?.[i] ?? 0;
  return { key: (v & CLASS_MASK) === 0 ? '(none)' : set.classes[(v & CLASS_MASK) - 1]!, edge: (v & EDGE_BIT) !== 0 };
}
/** Positions where two pyramids draw something different, by tile. */
function differences(a: { set: TileSet; tiles: ReturnType<typeof tiles> }, b: { set: TileSet; tiles: ReturnType<typeof tiles> }): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of new Set([...a.tiles.keys(), ...b.tiles.keys()])) {
    const pa = a.tiles.get(key)?.pixels, pb = b.tiles.get(key)?.pixels;
    let n = 0;
    for (let i = 0; i < TILE_SIZE * TILE_SIZE; i++) {
      const x = pixelAt(a.set, pa, i), y = pixelAt(b.set, pb, i);
      if (x.key !== y.key || x.edge !== y.edge) n++;
    }
    if (n) out.set(key, n);
  }
  return out;
}

describe('tile pyramids', () => {
  it('are built with the sample, for the layers big enough to be tiled', () => {
    const ws = Workspace.open(sample, { readonly: true });
    try {
      const dltb = ws.layers().find((l) => l.table === 'dltb')!;
      const set = readTileSet(ws.db, 'dltb');
      expect(set?.revision).toBe(dltb.revision);
      expect(set?.styleField).toBe('DLBM');
      // The legend's counts are the parcels' counts per 地类.
      const byCode = new Map((ws.db.prepare('SELECT DLBM k, COUNT(*) n FROM dltb GROUP BY DLBM').all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
      expect(new Map(set!.classes.map((k, i) => [k, set!.counts[i]]))).toEqual(byCode);
      // Small layers are not tiled.
      expect(readTileSet(ws.db, 'xzq_town')).toBeNull();
    } finally {
      ws.close();
    }
  });

  it('keep the area of every 地类: pixels counted against the parcels, in the raster plane, within half a pixel of boundary', () => {
    const ws = Workspace.open(sample, { readonly: true });
    try {
      const set = readTileSet(ws.db, 'dltb')!;
      const stored = tiles(ws.db, set);
      for (const z of [set.plan.rasterMaxZoom, set.plan.rasterMinZoom + 1]) {
        const scale = TILE_SIZE * 2 ** z;
        // The parcels in the same plane: lon/lat from SpatiaLite's own ST_Transform, Web Mercator pixels at zoom z.
        const truth = new Map<string, { area: number; perimeter: number }>();
        for (const r of ws.db.prepare('SELECT DLBM k, AsBinary(ST_Transform(geom, 4490)) g FROM dltb').iterate() as Iterable<{ k: string; g: Buffer }>) {
          const t = truth.get(r.k) ?? { area: 0, perimeter: 0 };
          for (const p of parsePolygonWkb(r.g)) {
            p.rings.forEach((ring, i) => {
              let a = 0;
              for (let j = 0; j + 3 < ring.length; j += 2) {
                const x0 = worldX(ring[j]!) * scale, y0 = worldY(ring[j + 1]!) * scale;
                const x1 = worldX(ring[j + 2]!) * scale, y1 = worldY(ring[j + 3]!) * scale;
                a += x0 * y1 - x1 * y0;
                t.perimeter += Math.hypot(x1 - x0, y1 - y0);
              }
              t.area += (i === 0 ? 1 : -1) * Math.abs(a / 2);
            });
          }
          truth.set(r.k, t);
        }
        const counted = new Map<string, number>();
        for (const [key, tile] of stored) {
          if (!key.startsWith(`${z}/`)) continue;
          for (let i = 0; i < tile.pixels.length; i++) {
            const cls = tile.pixels[i]! & CLASS_MASK;
            if (cls) counted.set(set.classes[cls - 1]!, (counted.get(set.classes[cls - 1]!) ?? 0) + 1);
          }
        }
        let total = 0, totalCounted = 0;
        for (const [k, t] of truth) {
          const c = counted.get(k) ?? 0;
          // Each boundary pixel is at worst half in, half out.
          expect(Math.abs(c - t.area), `${k} at zoom ${z}: ${c} px against ${t.area.toFixed(1)}`).toBeLessThanOrEqual(t.perimeter / 2 + 1);
          total += t.area;
          totalCounted += c;
        }
        expect([...counted.keys()].every((k) => truth.has(k))).toBe(true); // no class invented
        // Over the whole layer, boundary errors cancel: within 0.5 %.
        expect(Math.abs(totalCounted - total) / total).toBeLessThan(0.005);
      }
    } finally {
      ws.close();
    }
  });

  it('follow an edit in its transaction: only the touched tiles change, into what a rebuild draws; undo restores them', () => {
    const ws = openCopy('edit.sqlite');
    try {
      const layer = ws.layers().find((l) => l.table === 'dltb')!;
      const before = readTileSet(ws.db, 'dltb')!;
      const beforeTiles = tiles(ws.db, before);
      // A parcel in the middle of the county.
      const fid = ws.db.prepare(`SELECT fid FROM dltb ORDER BY abs(MbrMinX(geom) - (SELECT AVG(MbrMinX(geom)) FROM dltb)) +
        abs(MbrMinY(geom) - (SELECT AVG(MbrMinY(geom)) FROM dltb)) LIMIT 1`).pluck().get() as number;
      const box = ws.db.prepare('SELECT MbrMinX(g) w, MbrMinY(g) s, MbrMaxX(g) e, MbrMaxY(g) n FROM (SELECT ST_Transform(geom, 4490) g FROM dltb WHERE fid = ?)')
        .get(fid) as { w: number; s: number; e: number; n: number };
      const editor = new Editor(ws);
      editor.delete({ layerId: layer.id, fids: [fid] });

      const after = readTileSet(ws.db, 'dltb')!;
      expect(after.revision).toBe(ws.layer(layer.id).revision);
      expect(after.revision).not.toBe(before.revision);
      const afterTiles = tiles(ws.db, after);
      const changed = [...afterTiles].filter(([k, t]) => beforeTiles.get(k)?.revision !== t.revision).map(([k]) => k);
      expect(changed.length).toBeGreaterThan(0);
      // Every redrawn tile meets the deleted parcel's box (widened by a pixel of its zoom); every other one is untouched.
      for (const key of [...afterTiles.keys(), ...beforeTiles.keys()]) {
        const [z, x, y] = key.split('/').map(Number) as [number, number, number];
        const pad = 360 / (TILE_SIZE * 2 ** z) * 2;
        const [x0, y0, x1, y1] = tilesInBounds(z, [box.w - pad, box.s - pad, box.e + pad, box.n + pad]);
        const meets = x >= x0 && x <= x1 && y >= y0 && y <= y1;
        if (!meets) {
          expect(afterTiles.get(key)?.revision, `tile ${key} away from the edit`).toBe(beforeTiles.get(key)?.revision);
          expect(Buffer.from(afterTiles.get(key)!.pixels).equals(Buffer.from(beforeTiles.get(key)!.pixels))).toBe(true);
        }
      }
      // The parcel's own pixels changed at the finest level (it is gone).
      expect(differences({ set: before, tiles: beforeTiles }, { set: after, tiles: afterTiles }).size).toBeGreaterThan(0);
      // A full rebuild of the edited table draws exactly the same.
      const copy = tmp.file('rebuilt.sqlite');
      ws.checkpoint();
      copyFileSync(ws.path, copy);
      const db = openDatabase(copy);
      try {
        buildPyramid(db, layer.id, ws.scheme);
        const rebuilt = readTileSet(db, 'dltb')!;
        expect(differences({ set: after, tiles: afterTiles }, { set: rebuilt, tiles: tiles(db, rebuilt) })).toEqual(new Map());
        expect(new Map(rebuilt.classes.map((k, i) => [k, rebuilt.counts[i]]))).toEqual(new Map(after.classes.map((k, i) => [k, after.counts[i]])));
      } finally {
        db.close();
      }
      // Undo: the pixels are the original ones again.
      editor.undo();
      const undone = readTileSet(ws.db, 'dltb')!;
      expect(undone.revision).toBe(ws.layer(layer.id).revision);
      expect(differences({ set: before, tiles: beforeTiles }, { set: undone, tiles: tiles(ws.db, undone) })).toEqual(new Map());
    } finally {
      ws.close();
    }
  });

  it('are left to a rebuild after an edit over a large area, and the rebuild brings them up to date', () => {
    const ws = openCopy('big-edit.sqlite');
    try {
      const layer = ws.layers().find((l) => l.table === 'dltb')!;
      const fids = ws.db.prepare('SELECT fid FROM dltb WHERE fid % 7 = 0').pluck().all() as number[];
      new Editor(ws).delete({ layerId: layer.id, fids });
      expect(readTileSet(ws.db, 'dltb')).toBeNull();
      const built = buildPyramid(ws.db, layer.id, ws.scheme);
      expect(built.written).toBe(true);
      expect(readTileSet(ws.db, 'dltb')!.revision).toBe(ws.layer(layer.id).revision);
    } finally {
      ws.close();
    }
  });

  it("give a scheme's fresh copy of a table its source's tiles, and leave the baseline's alone", () => {
    const ws = openCopy('scheme.sqlite');
    try {
      const layer = ws.layers().find((l) => l.table === 'dltb')!;
      const base = readTileSet(ws.db, 'dltb')!;
      const baseTiles = tiles(ws.db, base);
      const draft = createScheme(ws.db, { fromId: ws.scheme, name: '调整方案' });
      ws.setScheme(draft.id);
      const fid = ws.db.prepare('SELECT MIN(fid) FROM dltb').pluck().get() as number;
      new Editor(ws, draft.id).delete({ layerId: layer.id, fids: [fid] });
      const table = ws.layer(layer.id).table;
      expect(table).not.toBe('dltb');
      const own = readTileSet(ws.db, table)!;
      expect(own.revision).toBe(ws.layer(layer.id).revision);
      // The draft's tiles: the baseline's, except around the deleted parcel.
      const diff = differences({ set: base, tiles: baseTiles }, { set: own, tiles: tiles(ws.db, own) });
      expect(diff.size).toBeGreaterThan(0);
      expect(diff.size).toBeLessThan(baseTiles.size / 4);
      const stillBase = readTileSet(ws.db, 'dltb')!;
      expect(stillBase.revision).toBe(base.revision);
      expect(differences({ set: base, tiles: baseTiles }, { set: stillBase, tiles: tiles(ws.db, stillBase) })).toEqual(new Map());
    } finally {
      ws.close();
    }
  });
});

describe('vector tiles', () => {
  it('hold every feature exactly once, wide ones in the big tile', () => {
    const ws = Workspace.open(sample, { readonly: true });
    try {
      // The 三调 parcels, and the villages (of which several are wider than a tile).
      for (const table of ['dltb', 'cjdcq']) {
        const layer = ws.layers().find((l) => l.table === table)!;
        const z = readTileSet(ws.db, table)?.plan.vectorZoom ?? planTiles(layer.extent!, typicalWidthM(ws.db, table, layer.featureCount)).vectorZoom + 4;
        const seen = new Map<number, number>();
        const count = (fids: number[]) => fids.forEach((f) => seen.set(f, (seen.get(f) ?? 0) + 1));
        const lat = Math.max(Math.abs(layer.extent![1]), Math.abs(layer.extent![3]));
        const big = vectorTileFids(ws.db, table, { z, big: true }, lat);
        if (table === 'cjdcq') expect(big.length).toBeGreaterThan(0);
        count(big);
        const [x0, y0, x1, y1] = tilesInBounds(z, layer.extent!, 1);
        for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) count(vectorTileFids(ws.db, table, { z, x, y }, lat));
        const all = ws.db.prepare(`SELECT fid FROM "${table}" WHERE geom IS NOT NULL`).pluck().all() as number[];
        expect(seen.size).toBe(all.length);
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      }
    } finally {
      ws.close();
    }
  });
});

describe('the tile service', () => {
  it('plans tiled and whole layers, and finds the parcel under a point', async () => {
    const ws = openCopy('service.sqlite');
    const service = new TileService({ workspace: () => ws, buildJob: async () => { throw new Error('no builds here'); }, emit: () => {} });
    try {
      const dltb = ws.layers().find((l) => l.table === 'dltb')!;
      const town = ws.layers().find((l) => l.table === 'xzq_town')!;
      const plan = service.plan(dltb.id);
      expect(plan).toMatchObject({ tiled: true, ready: true, table: 'dltb', revision: dltb.revision });
      expect(service.plan(town.id)).toMatchObject({ tiled: false });
      const points = ws.db.prepare(`SELECT fid, DLBM k, X(p) lon, Y(p) lat FROM (SELECT fid, DLBM, ST_Transform(ST_PointOnSurface(geom), 4490) p FROM dltb
        WHERE fid % 97 = 0)`).all() as { fid: number; k: string; lon: number; lat: number }[];
      for (const p of points) expect(service.featureAt({ layerId: dltb.id, lon: p.lon, lat: p.lat })).toEqual({ fid: p.fid, styleKey: p.k });
      // A raster tile in the middle of the layer has the parcels' classes.
      const z = plan.plan!.rasterMaxZoom;
      const p = points[0]!;
      const tile = service.raster({ layerId: dltb.id, z, x: Math.floor(worldX(p.lon) * 2 ** z), y: Math.floor(worldY(p.lat) * 2 ** z) });
      expect(tile.pixels).not.toBeNull();
      const px = Math.floor(worldX(p.lon) * TILE_SIZE * 2 ** z) % TILE_SIZE, py = Math.floor(worldY(p.lat) * TILE_SIZE * 2 ** z) % TILE_SIZE;
      expect(plan.classes[(tile.pixels![py * TILE_SIZE + px]! & CLASS_MASK) - 1]).toBe(p.k);
      // Asking with the revision held: unchanged, no bytes.
      expect(service.raster({ layerId: dltb.id, z, x: tile.x, y: tile.y, known: tile.revision })).toMatchObject({ unchanged: true, pixels: null });
    } finally {
      await service.close();
      ws.close();
    }
  });
});
