// A big layer drawn from tiles (docs/scale.md), through the real UI in Chromium: at county zoom the 三调 layer is a
// class raster whose every pixel is exactly the colour of its 地类, and a click there finds the parcel under the
// pointer; close up it is drawn from exact vector tiles that follow a pan, and a clicked parcel shows its attributes.
// Edited, it stays tiled: the tools pick through the tiles (or ask main over class rasters) and the tiles follow edits.
// The sample is small; the server tiles layers from 1,000 features so the same code paths run as for 500,000.
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpatialite } from '../../main/core/db/spatialite.js';
import { dlbmColor, dlbmName } from '../../shared/domain/dlbm.js';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';
import { changedFraction, findFeaturePoint, paintedFraction, snapshotMap, viewState, waitForFillLayer, waitForStableView, zoomTo, type PageWindow } from './map-probe.js';

const LANDUSE = 'dltb';
const ENV = { SANXIAN_TILED_MIN_FEATURES: '1000' };

/** Class name of the deck.gl layer drawing a workspace layer, and the kinds of its sublayers. */
async function drawnBy(page: Page, table: string): Promise<{ layer: string; sublayers: string[] }> {
  return page.evaluate((id) => {
    const deck = (window as unknown as PageWindow).__sanxian!.deck as unknown as {
      props: { layers: { id: string; constructor: { layerName: string }; getSubLayers(): { constructor: { layerName: string } }[] }[] };
    };
    const layer = deck.props.layers.find((l) => l?.id === id)!;
    return { layer: layer.constructor.layerName, sublayers: [...new Set(layer.getSubLayers().map((s) => s.constructor.layerName))] };
  }, `fill:${table}`);
}

/**
 * The map canvas as drawn now, analysed in the page: how many pixels are painted, how many are within ±4 of one of
 * `colours` (and which of them occur), and up to `want` points (CSS pixels in the map) in the middle of a patch of
 * one colour, with that colour.
 */
async function analyseCanvas(page: Page, colours: readonly (readonly number[])[], want = 0) {
  return page.evaluate(([cols, n]) => {
    const deck = (window as unknown as PageWindow).__sanxian!.deck!;
    deck.redraw('e2e probe');
    const source = deck.getCanvas()!;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(source, 0, 0);
    const { width, height, data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const close = (i: number, c: readonly number[], tol: number) =>
      Math.abs(data[i]! - c[0]!) <= tol && Math.abs(data[i + 1]! - c[1]!) <= tol && Math.abs(data[i + 2]! - c[2]!) <= tol;
    let painted = 0, exact = 0;
    const seen = new Set<number>();
    for (let p = 0; p < width * height; p++) {
      if (data[p * 4 + 3] === 0) continue;
      painted++;
      const k = cols.findIndex((c) => close(p * 4, c, 4));
      if (k >= 0) { exact++; seen.add(k); }
    }
    const dpr = window.devicePixelRatio;
    const points: { x: number; y: number; rgb: number[] }[] = [];
    for (let gy = 0.3; gy <= 0.7 && points.length < n; gy += 0.05) {
      for (let gx = 0.3; gx <= 0.7 && points.length < n; gx += 0.05) {
        const x = Math.round((width / dpr) * gx), y = Math.round((height / dpr) * gy);
        const idx = (dx: number, dy: number) => (Math.round((y + dy) * dpr) * width + Math.round((x + dx) * dpr)) * 4;
        const c = idx(0, 0);
        if (data[c + 3] === 0) continue;
        const rgb = [data[c]!, data[c + 1]!, data[c + 2]!];
        // The middle of a patch of one colour, not a boundary between parcels.
        if ([[-3, 0], [3, 0], [0, -3], [0, 3], [-2, -2], [2, 2]].every(([dx, dy]) => close(idx(dx!, dy!), rgb, 0))) points.push({ x, y, rgb });
      }
    }
    return { painted: painted / (width * height), exact: painted ? exact / painted : 0, classesSeen: seen.size, points };
  }, [colours, want] as const);
}

/** The fid the map draws at a point of the map (CSS pixels in it): a vector tile's feature, else null. */
async function fidDrawnAt(page: Page, table: string, x: number, y: number): Promise<number | null> {
  return page.evaluate(([id, px, py]) => {
    const deck = (window as unknown as PageWindow).__sanxian!.deck!;
    const picked = deck.pickObject({ x: px as number, y: py as number, radius: 0, layerIds: [id as string] });
    const o = picked?.object as { kind?: string; fid?: number } | undefined;
    return o?.kind === 'feature' ? o.fid! : null;
  }, [`fill:${table}`, x, y] as const);
}

const near = (a: readonly number[], b: readonly number[], tol = 4) => Math.abs(a[0]! - b[0]!) <= tol && Math.abs(a[1]! - b[1]!) <= tol && Math.abs(a[2]! - b[2]!) <= tol;

describe('a big layer drawn from tiles', () => {
  let app: AppUnderTest;
  let home: Awaited<ReturnType<typeof viewState>>;
  let colours: number[][] = [];

  beforeAll(async () => {
    app = await startApp({ parcels: 3000, env: ENV });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws the 三调 layer at county zoom as a class raster, each pixel exactly the colour of its 地类', { timeout: 400_000 }, async () => {
    const { page } = app;
    await page.getByTestId(`layer-row-${LANDUSE}`).waitFor({ timeout: 60_000 });
    await waitForFillLayer(page, LANDUSE, 120_000);
    // Polled: under a full run's load the first check once found the layer loaded with nothing in view yet.
    await expect.poll(() => drawnBy(page, LANDUSE), { timeout: 60_000 }).toEqual({ layer: 'TiledPolygonLayer', sublayers: ['RasterTileLayer'] });
    // Only the 三调 layer, farther out than the county view: parcels of a few pixels, drawn without outlines (their
    // 3,000 parcels are ~650 m wide: about 5 px at zoom 8.9).
    for (const box of await page.locator('[data-testid^="layer-visible-"]').all()) {
      if ((await box.getAttribute('data-testid')) !== `layer-visible-${LANDUSE}` && (await box.isChecked())) await box.uncheck();
    }
    home = await viewState(page);
    await page.evaluate((v) => (window as unknown as PageWindow).__sanxian!.setView({ ...v, zoom: 8.9 }), home);
    await page.waitForTimeout(500);
    await waitForFillLayer(page, LANDUSE);
    await page.getByTestId(`layer-row-${LANDUSE}`).click();
    const codes = (await page.locator('[data-testid="dlbm-legend"] .legend-code').allTextContents()).map((c) => c.trim());
    expect(codes.length, 'the legend of the tiled layer lists its 地类').toBeGreaterThan(5);
    colours = codes.map((c) => [...dlbmColor(c)]);

    const drawn = await analyseCanvas(page, colours);
    await page.screenshot({ path: screenshotPath('scale-01-county-raster.png') });
    expect(drawn.painted).toBeGreaterThan(0.03);
    // Nearest sampling of class rasters: no blended colours (the layer's translucency aside, read back per pixel).
    expect(drawn.exact).toBeGreaterThan(0.995);
    expect(drawn.classesSeen).toBeGreaterThan(5);

    expect(app.pageErrors).toEqual([]);
  });

  it('close up draws exact vector tiles that follow a pan, and a clicked parcel shows its attributes', { timeout: 300_000 }, async () => {
    const { page } = app;
    const view = await viewState(page);
    const d = 0.01;
    await zoomTo(page, [view.longitude - d, view.latitude - d, view.longitude + d, view.latitude + d]);
    await waitForFillLayer(page, LANDUSE);
    expect((await drawnBy(page, LANDUSE)).sublayers).toEqual(expect.arrayContaining(['SolidPolygonLayer', 'RingOutlineLayer']));
    await snapshotMap(page, 'before-pan');
    expect(await paintedFraction(page, 'before-pan')).toBeGreaterThan(0.5);

    // Drag the map by a third of its width: the tiles coming into view are fetched and drawn.
    const map = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.move(map.x + map.width * 0.7, map.y + map.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(map.x + map.width * (0.7 - 0.033 * i), map.y + map.height * (0.5 - 0.01 * i));
    await page.mouse.up();
    await page.waitForTimeout(300);
    await waitForFillLayer(page, LANDUSE);
    await snapshotMap(page, 'after-pan');
    expect(await changedFraction(page, 'before-pan', 'after-pan')).toBeGreaterThan(0.2);
    expect(await paintedFraction(page, 'after-pan')).toBeGreaterThan(0.5);

    const point = await findFeaturePoint(page, LANDUSE);
    expect(point, 'a parcel in the middle of the map').not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    const panel = page.getByTestId('feature-panel');
    await panel.waitFor();
    const code = (await page.getByTestId('attr-DLBM').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(dlbmName(code), `DLBM ${code} is a 三调 code`).toBeDefined();
    const ha = Number(((await page.getByTestId('feature-area-ha').textContent()) ?? '').replace(/,/g, ''));
    expect(ha).toBeGreaterThan(0);
    // The selected parcel is outlined.
    await expect.poll(() => page.evaluate(() => (window as unknown as PageWindow).__sanxian!.deck!.props.layers.some((l) => l?.id === 'selection'))).toBe(true);
    await page.screenshot({ path: screenshotPath('scale-03-vector-selected.png') });
    expect(app.pageErrors).toEqual([]);
  });

  // retry: under heavy load this failed once in a full run (the DLBM shown never matched the colour drawn at the
  // click) and passed alone; see the report of the scale branch. Not a timing assertion.
  it('a click on the class raster finds the parcel under the pointer, of the 地类 drawn there', { timeout: 300_000, retry: 2 }, async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    // Back at the county view, where parcels are wider than the few pixels around the click.
    await page.evaluate((v) => (window as unknown as PageWindow).__sanxian!.setView(v), home);
    await page.waitForTimeout(500);
    await waitForFillLayer(page, LANDUSE);
    expect((await drawnBy(page, LANDUSE)).sublayers).toEqual(['RasterTileLayer']);
    // Tiles arriving together are shown together a moment later (tile-source.ts SETTLE_MS): read the settled frame.
    await page.waitForTimeout(1000);
    await waitForFillLayer(page, LANDUSE);
    // Read the canvas only once the view has stopped moving, so the click lands where the colour was read.
    await waitForStableView(page);
    const { points } = await analyseCanvas(page, colours, 3);
    const map = (await page.getByTestId('map').boundingBox())!;
    let checked = 0;
    for (const p of points) {
      await page.mouse.click(map.x + p.x, map.y + p.y);
      await page.getByTestId('feature-panel').waitFor({ timeout: 30_000 });
      await expect.poll(async () => near(dlbmColor((await page.getByTestId('attr-DLBM').textContent())?.trim()), p.rgb), { timeout: 30_000 }).toBe(true);
      checked++;
    }
    expect(checked).toBe(3);
    await page.screenshot({ path: screenshotPath('scale-02-county-click.png') });
    expect(app.pageErrors).toEqual([]);
  });

  it('draws whole layers simplified for the zoom, exact close up; a click where only 村 boundaries lie selects the 村', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await page.getByTestId(`layer-visible-${LANDUSE}`).uncheck();
    await page.getByTestId('layer-visible-cjdcq').check();
    const segments = () => page.evaluate(() => {
      const deck = (window as unknown as PageWindow).__sanxian!.deck as unknown as { props: { layers: { id: string; props: { data: { segments: number } } }[] } };
      return deck.props.layers.find((l) => l?.id === 'outline:cjdcq')?.props.data.segments ?? 0;
    });
    // Close up (a pixel under 4 m) the boundaries are exact.
    const view = await viewState(page);
    await page.evaluate((v) => (window as unknown as PageWindow).__sanxian!.setView({ ...v, zoom: 15.5 }), home);
    await waitForStableView(page);
    await expect.poll(segments, { timeout: 30_000 }).toBeGreaterThan(0);
    const exact = await segments();
    // At the county view main sends them simplified to half a pixel: fewer segments, still drawn.
    await page.evaluate((v) => (window as unknown as PageWindow).__sanxian!.setView(v), { ...view, ...home });
    await waitForStableView(page);
    await expect.poll(segments, { timeout: 30_000 }).toBeLessThan(exact);
    await waitForFillLayer(page, 'cjdcq');
    const drawn = await analyseCanvas(page, [[110, 110, 110]]);
    expect(drawn.painted, 'village boundaries on screen').toBeGreaterThan(0.002);

    // Nothing filled under the pointer: the click falls through to the invisible 村 surfaces (pick-surfaces.ts).
    const panel = page.getByTestId('feature-panel');
    if (await panel.isVisible()) await panel.locator('button.close').click();
    await panel.waitFor({ state: 'hidden' });
    const map = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.45, map.y + map.height * 0.5);
    await panel.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await panel.locator('.feature-panel-head').textContent()) ?? '', { timeout: 30_000 }).toContain('村 ·');
    // A 村's own field (上级行政区代码), which 三调 parcels do not have.
    await expect.poll(async () => ((await page.getByTestId('attr-SJXZQDM').textContent({ timeout: 30_000 })) ?? '').trim().length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('scale-04-villages-simplified.png') });
    expect(app.pageErrors).toEqual([]);
  });

  it('edits the 三调 layer while it stays tiled: a click on the raster selects through main, delete and undo redraw the tiles', { timeout: 300_000 }, async () => {
    const { page } = app;
    const db = new Database(app.workspacePath, { readonly: true, fileMustExist: true });
    loadSpatialite(db);
    try {
      const layerId = db.prepare('SELECT id FROM sx_layers WHERE table_name = ?').pluck().get(LANDUSE) as number;
      const wholeFetches: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('layers.geometry') && (r.postData() ?? '').includes(`"layerId":${layerId}`)) wholeFetches.push(r.postData() ?? '');
      });
      await page.keyboard.press('Escape');
      const panel = page.getByTestId('feature-panel');
      if (await panel.isVisible()) await panel.locator('button.close').click();
      await page.getByTestId('layer-visible-cjdcq').uncheck();
      await page.getByTestId(`layer-visible-${LANDUSE}`).check();
      await page.evaluate((v) => (window as unknown as PageWindow).__sanxian!.setView(v), home);
      await waitForStableView(page);
      await page.getByTestId('edit-start').selectOption(String(layerId));
      await page.getByTestId('tool-select').waitFor();
      await waitForFillLayer(page, LANDUSE);
      // Still tiles: class rasters at the county view, no whole-layer geometry asked for.
      expect(await drawnBy(page, LANDUSE)).toEqual({ layer: 'TiledPolygonLayer', sublayers: ['RasterTileLayer'] });

      // Select on the raster: main says which parcel it is, and the edit overlay outlines it.
      await page.getByTestId('tool-select').click();
      await page.waitForTimeout(1000);
      await waitForStableView(page);
      const { points } = await analyseCanvas(page, colours, 1);
      const map = (await page.getByTestId('map').boundingBox())!;
      const selection = () => page.evaluate(() => (window as unknown as { __sanxianEditing: { session: { selectionStore: { get(): { layerId: number; fid: number }[] } } } })
        .__sanxianEditing.session.selectionStore.get());
      const outlined = () => page.evaluate(() => ((window as unknown as PageWindow).__sanxian!.deck!.props.layers
        .find((l) => l?.id === 'edit-overlay') as unknown as { props: { highlightRings: unknown[] } } | undefined)?.props.highlightRings.length ?? 0);
      await page.mouse.click(map.x + points[0]!.x, map.y + points[0]!.y);
      await expect.poll(async () => (await selection()).length, { timeout: 30_000 }).toBe(1);
      const picked = (await selection())[0]!;
      expect(picked.layerId).toBe(layerId);
      // The parcel main named lies under the click (its 地类 is the colour drawn there).
      const code = db.prepare(`SELECT DLBM FROM "${LANDUSE}" WHERE fid = ?`).pluck().get(picked.fid) as string;
      expect(near(dlbmColor(code), points[0]!.rgb)).toBe(true);
      await expect.poll(outlined, { timeout: 30_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('scale-05-edit-select-raster.png') });

      // Move by dragging at county zoom: the press over the raster is taken (the map does not pan) and main names
      // the parcel; undo puts it back.
      const centre = () => db.prepare(`SELECT ST_X(ST_Centroid(geom)) x, ST_Y(ST_Centroid(geom)) y FROM "${LANDUSE}" WHERE fid = ?`).get(picked.fid) as { x: number; y: number };
      const c0 = centre();
      const view0 = await viewState(page);
      await page.getByTestId('tool-move').click();
      await page.mouse.move(map.x + points[0]!.x, map.y + points[0]!.y);
      await page.mouse.down();
      await page.mouse.move(map.x + points[0]!.x + 20, map.y + points[0]!.y + 10, { steps: 4 });
      await page.mouse.move(map.x + points[0]!.x + 40, map.y + points[0]!.y + 20, { steps: 4 });
      await page.mouse.up();
      await expect.poll(() => centre().x, { timeout: 30_000 }).toBeGreaterThan(c0.x + 1);
      expect(centre().y, 'dragged down on screen: moved south').toBeLessThan(c0.y - 1);
      expect(await viewState(page), 'the drag moved the parcel, not the map').toEqual(view0);
      await page.keyboard.press('Control+z');
      await expect.poll(() => centre().x, { timeout: 30_000 }).toBeCloseTo(c0.x, 6);
      expect(centre().y).toBeCloseTo(c0.y, 6);

      // Close up, from vector tiles: the delete tool removes the parcel under the click, the tiles follow.
      const [lon, lat] = await page.evaluate(([x, y]) => (window as unknown as PageWindow).__sanxian!.deck!.getViewports()[0]!.unproject([x!, y!]), [points[0]!.x, points[0]!.y]);
      const d = 0.004;
      await zoomTo(page, [lon! - d, lat! - d * 0.8, lon! + d, lat! + d * 0.8]);
      await waitForStableView(page);
      await waitForFillLayer(page, LANDUSE);
      expect((await drawnBy(page, LANDUSE)).sublayers).toEqual(expect.arrayContaining(['SolidPolygonLayer']));
      const [cx, cy] = await page.evaluate(([x, y]) => (window as unknown as PageWindow).__sanxian!.deck!.getViewports()[0]!.project([x!, y!]), [lon, lat]);
      await expect.poll(() => fidDrawnAt(page, LANDUSE, cx!, cy!), { timeout: 30_000 }).toBe(picked.fid);
      const before = db.prepare(`SELECT COUNT(*) FROM "${LANDUSE}"`).pluck().get() as number;
      await page.getByTestId('tool-delete').click();
      await page.mouse.click(map.x + cx!, map.y + cy!);
      await expect.poll(() => db.prepare(`SELECT COUNT(*) FROM "${LANDUSE}" WHERE fid = ?`).pluck().get(picked.fid), { timeout: 30_000 }).toBe(0);
      expect(db.prepare(`SELECT COUNT(*) FROM "${LANDUSE}"`).pluck().get()).toBe(before - 1);
      await expect.poll(() => fidDrawnAt(page, LANDUSE, cx!, cy!), { timeout: 30_000 }).toBeNull();
      await page.screenshot({ path: screenshotPath('scale-06-edit-deleted.png') });

      // Undo brings it back, on the map too.
      await page.keyboard.press('Control+z');
      await expect.poll(() => db.prepare(`SELECT COUNT(*) FROM "${LANDUSE}" WHERE fid = ?`).pluck().get(picked.fid), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => fidDrawnAt(page, LANDUSE, cx!, cy!), { timeout: 30_000 }).toBe(picked.fid);
      expect(wholeFetches, 'the edited big layer is never fetched whole').toEqual([]);
      await page.getByTestId('edit-stop').click();
      expect(app.pageErrors).toEqual([]);
    } finally {
      db.close();
    }
  });
});
