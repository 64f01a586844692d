// Tiles of big layers (docs/scale.md), the pure parts: the tile grid, the choice of raster and vector zooms, which
// tile a feature belongs to, the class rasterizer, and the Gauss–Krüger inverse used to draw.
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { gkInverse } from '../../main/core/render/gk-inverse.js';
import { EDGE_BIT, RasterWindow, classHistogram, rasterizeFeature } from '../../main/core/render/tiles/raster.js';
import { proj4Definition } from '../../shared/domain/crs.js';
import {
  RASTER_MAX_FEATURE_PX, TILE_SIZE, bandAt, featurePixels, isBigFeature, latOfWorldY, lonOfWorldX, planTiles, tileBounds,
  tileOfBox, tilesInBounds, worldX, worldY,
} from '../../shared/domain/tiles.js';

// 金坛区, roughly.
const COUNTY: [number, number, number, number] = [119.27, 31.46, 119.72, 31.91];

describe('tile grid', () => {
  it('maps lon/lat to Web Mercator world coordinates and back', () => {
    for (const [lon, lat] of [[119.5, 31.7], [-70, -45], [0, 0], [179.9, 80]] as const) {
      expect(lonOfWorldX(worldX(lon))).toBeCloseTo(lon, 10);
      expect(latOfWorldY(worldY(lat))).toBeCloseTo(lat, 10);
    }
    expect(worldY(0)).toBeCloseTo(0.5, 12);
    expect(worldY(60)).toBeLessThan(worldY(30)); // north is up, y grows southwards
  });

  it('finds the tiles of a box, and tile bounds contain what they index', () => {
    const z = 12;
    const [x0, y0, x1, y1] = tilesInBounds(z, COUNTY);
    expect(x1).toBeGreaterThanOrEqual(x0);
    const [w, s, e, n] = tileBounds(z, x0, y0);
    expect(w).toBeLessThanOrEqual(COUNTY[0]);
    expect(e).toBeGreaterThan(COUNTY[0]);
    expect(n).toBeGreaterThanOrEqual(COUNTY[3]);
    expect(s).toBeLessThan(COUNTY[3]);
    const [, , e1, n1] = tileBounds(z, x1, y1);
    expect(e1).toBeGreaterThanOrEqual(COUNTY[2]);
    expect(n1).toBeGreaterThan(COUNTY[1]);
    // Neighbouring tiles share their edge exactly.
    expect(tileBounds(z, x0 + 1, y0)[0]).toBe(tileBounds(z, x0, y0)[2]);
  });

  it('puts every feature in exactly one tile, the one holding the centre of its box', () => {
    const z = 15;
    const n = 2 ** z;
    // A parcel straddling a tile corner belongs to the tile its centre falls in, and only to it.
    const [w, , , north] = tileBounds(z, 27_237, 13_330);
    const d = 0.0004;
    const box: [number, number, number, number] = [w - d, north - d * 1.5, w + d * 2, north + d];
    const [tx, ty] = tileOfBox(z, box);
    const cx = (worldX(box[0]) + worldX(box[2])) / 2, cy = (worldY(box[1]) + worldY(box[3])) / 2;
    expect(tx).toBe(Math.floor(cx * n));
    expect(ty).toBe(Math.floor(cy * n));
    expect(tx).toBe(27_237); // centre east of the corner
    expect(ty).toBe(13_330); // and south of it
  });

  it('sends features wider or taller than a tile to the big tile', () => {
    const z = 15;
    const [w, s, e, n] = tileBounds(z, 27_237, 13_330);
    expect(isBigFeature(z, [w, s, e, n])).toBe(false);
    expect(isBigFeature(z, [w, s, e + (e - w) * 0.01, n])).toBe(true);
    expect(isBigFeature(z, [w, s - (n - s) * 0.01, e, n])).toBe(true);
  });
});

describe('levels of detail', () => {
  it('keeps raster levels while an average feature is narrower than the threshold', () => {
    for (const width of [250, 80, 50, 20]) {
      const plan = planTiles(COUNTY, width);
      expect(featurePixels(plan, plan.rasterMaxZoom)).toBeLessThan(RASTER_MAX_FEATURE_PX);
      expect(featurePixels(plan, plan.rasterMaxZoom + 1)).toBeGreaterThanOrEqual(RASTER_MAX_FEATURE_PX);
      expect(plan.vectorZoom).toBe(plan.rasterMaxZoom);
      expect(plan.rasterMinZoom).toBeLessThanOrEqual(plan.rasterMaxZoom);
      // At most seven levels; the coarsest holds the county in a tile or two each way unless that cap stops it.
      expect(plan.rasterMaxZoom - plan.rasterMinZoom).toBeLessThanOrEqual(6);
      const [x0, y0, x1, y1] = tilesInBounds(plan.rasterMinZoom, COUNTY);
      if (plan.rasterMaxZoom - plan.rasterMinZoom < 6) {
        expect(x1 - x0).toBeLessThanOrEqual(1);
        expect(y1 - y0).toBeLessThanOrEqual(1);
      }
    }
    // Smaller features: finer raster levels.
    expect(planTiles(COUNTY, 50).rasterMaxZoom).toBeGreaterThan(planTiles(COUNTY, 250).rasterMaxZoom);
  });

  it('draws the raster level nearest to one tile pixel per screen pixel, then vector tiles', () => {
    const plan = planTiles(COUNTY, 50);
    const t = plan.rasterMaxZoom;
    // deck.gl zoom z shows tile zoom z + 1 at one tile pixel per screen pixel.
    expect(bandAt(plan, t - 3 - 1)).toEqual({ kind: 'raster', z: t - 3 });
    expect(bandAt(plan, t - 3 - 1 + 0.4)).toEqual({ kind: 'raster', z: t - 3 });
    expect(bandAt(plan, t - 3 - 1 + 0.6)).toEqual({ kind: 'raster', z: t - 2 });
    expect(bandAt(plan, t - 1 + 0.49)).toEqual({ kind: 'raster', z: t });
    expect(bandAt(plan, t - 1 + 0.5)).toEqual({ kind: 'vector', z: plan.vectorZoom });
    expect(bandAt(plan, 19)).toEqual({ kind: 'vector', z: plan.vectorZoom });
    // Far out, the coarsest level is stretched rather than nothing drawn.
    expect(bandAt(plan, 2)).toEqual({ kind: 'raster', z: plan.rasterMinZoom });
  });
});

describe('class rasters', () => {
  /** A window of the given size whose pixel (0, 0) is the window's top-left, at zoom z. */
  const windowAt = (z: number, w: number, h: number) => new RasterWindow(z, 1000, 2000, w, h);
  /** World coordinates of a pixel position of that window. */
  const at = (win: RasterWindow, px: number, py: number) => [(win.px0 + px) / win.scale, (win.py0 + py) / win.scale];
  const ring = (win: RasterWindow, pts: [number, number][]) => Float64Array.from([...pts, pts[0]!].flatMap(([x, y]) => at(win, x, y)));
  const inner = (win: RasterWindow) => {
    const out = new Uint8Array(win.w * win.h);
    for (let r = 0; r < win.h; r++) out.set(win.classes.subarray((r + 1) * win.width + 1, (r + 1) * win.width + 1 + win.w), r * win.w);
    return out;
  };

  it('fills exactly the pixels whose centres are inside, with holes left empty', () => {
    const win = windowAt(14, 40, 40);
    // A 20 × 10 pixel rectangle from (5.2, 7.7): centres x 5.5…24.5 and y 8.5…17.5 are inside.
    rasterizeFeature(win, [ring(win, [[5.2, 7.7], [25.2, 7.7], [25.2, 17.7], [5.2, 17.7]])], 3, 1);
    expect(classHistogram(inner(win))[3]).toBe(20 * 10);
    // A hole of 4 × 4 pixels.
    const win2 = windowAt(14, 40, 40);
    rasterizeFeature(win2, [ring(win2, [[0, 0], [30, 0], [30, 30], [0, 30]]), ring(win2, [[10, 10], [14, 10], [14, 14], [10, 14]])], 5, 1);
    expect(classHistogram(inner(win2))[5]).toBe(30 * 30 - 16);
    expect(win2.classes[(12 + 1) * win2.width + 12 + 1]).toBe(0);
  });

  it('drops a feature that covers no pixel centre, and a triangle covers about its area', () => {
    const win = windowAt(14, 40, 40);
    rasterizeFeature(win, [ring(win, [[3.6, 3.6], [4.4, 3.6], [4.4, 4.4], [3.6, 4.4]])], 2, 1);
    expect(classHistogram(inner(win))[2]).toBe(0);
    const tri = windowAt(14, 200, 200);
    rasterizeFeature(tri, [ring(tri, [[10, 10], [190, 30], [60, 180]])], 7, 1);
    const area = Math.abs((190 - 10) * (180 - 10) - (60 - 10) * (30 - 10)) / 2;
    expect(Math.abs(classHistogram(inner(tri))[7]! - area)).toBeLessThan(0.02 * area);
  });

  it('marks feature edges, including between two features of one class', () => {
    const win = windowAt(14, 20, 10);
    rasterizeFeature(win, [ring(win, [[0, 0], [10, 0], [10, 10], [0, 10]])], 1, 1);
    rasterizeFeature(win, [ring(win, [[10, 0], [20, 0], [20, 10], [10, 10]])], 1, 2);
    win.markEdges();
    const px = (c: number, r: number) => win.classes[(r + 1) * win.width + c + 1]!;
    expect(px(9, 5) & EDGE_BIT).toBe(EDGE_BIT);
    expect(px(10, 5) & EDGE_BIT).toBe(EDGE_BIT);
    expect(px(5, 5) & EDGE_BIT).toBe(0);
    expect(px(5, 5) & 0x7f).toBe(1);
  });

  it('copies a window into the tiles it covers', () => {
    const z = 14;
    // A window straddling the corner of four tiles.
    const win = new RasterWindow(z, 3 * TILE_SIZE - 5, 7 * TILE_SIZE - 5, 10, 10);
    rasterizeFeature(win, [Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1, 0, 0])], 4, 1); // the whole world
    const tile = new Uint8Array(TILE_SIZE * TILE_SIZE);
    expect(win.copyToTile(3, 7, tile)).toBe(true);
    expect(classHistogram(tile)[4]).toBe(25);
    expect(tile[0]).toBe(4);
    expect(win.copyToTile(5, 7, new Uint8Array(TILE_SIZE * TILE_SIZE))).toBe(false);
  });
});

describe('Gauss–Krüger inverse', () => {
  it('agrees with proj4 to far below a millimetre across a 3° zone', () => {
    for (const srid of [4528, 4549, 4495]) {
      const inv = gkInverse(srid);
      const conv = proj4(proj4Definition(srid), proj4Definition(4490));
      const def = proj4Definition(srid);
      const x0 = Number(/x_0=(\d+)/.exec(def)![1]);
      let max = 0;
      for (let i = 0; i < 2000; i++) {
        const x = x0 + ((i % 40) - 20) * 8000, y = 2_000_000 + Math.floor(i / 40) * 80_000;
        const [lon, lat] = inv.lonLat(x, y);
        const [lon2, lat2] = conv.forward([x, y]) as [number, number];
        max = Math.max(max, Math.abs(lon - lon2), Math.abs(lat - lat2));
      }
      expect(max).toBeLessThan(1e-10); // 0.01 mm
    }
  });
});
