// The map of the sample workspace in browser mode: layers draw, toggle and persist, a 三调 parcel can be clicked and
// read, and the UI switches to English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlbmName } from '../../shared/domain/dlbm.js';
import { LAYER_KINDS } from '../../shared/domain/layer-kinds.js';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';
import {
  changedFraction, findFeaturePoint, hasDeckLayer, type PageWindow, paintedFraction, snapshotMap, viewState, waitForFillLayer, zoomTo,
} from './map-probe.js';

const LANDUSE = LAYER_KINDS.landuse.table; // dltb

/** Each test states the visibility it needs, so one failure (or a reused workspace) does not cascade. */
async function ensureVisible(page: Page, table: string) {
  const checkbox = page.getByTestId(`layer-visible-${table}`);
  if (!(await checkbox.isChecked())) await checkbox.check();
}

/** "1,234.5678" → 1234.5678 (both zh-CN and en-US group with commas). */
const parseNumber = (text: string | null) => Number((text ?? '').replace(/,/g, '').trim());

describe('map of the sample workspace', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp({ parcels: 2000 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the sample and draws its layers', async () => {
    const { page } = app;
    await page.getByTestId(`layer-row-${LANDUSE}`).waitFor({ timeout: 60_000 });
    await ensureVisible(page, LANDUSE);
    await waitForFillLayer(page, LANDUSE);
    // The benchmark's open-to-first-frame figure: recorded once every visible layer is drawn.
    const firstFrameMs = await page.evaluate(() => (window as unknown as PageWindow).__sanxian?.firstFrameMs);
    expect(firstFrameMs).toBeGreaterThan(0);
    await expect(page.getByTestId('synthetic-badge').textContent()).resolves.toBe('合成数据');
    await expect(page.getByTestId('workspace-crs').textContent()).resolves.toMatch(/EPSG:45\d\d/);
    await snapshotMap(page, 'initial');
    expect(await paintedFraction(page, 'initial')).toBeGreaterThan(0.2);
    await page.screenshot({ path: screenshotPath('01-sample-map.png') });
  });

  it('turns the 三调 layer off and on, and remembers it', async () => {
    const { page } = app;
    const checkbox = page.getByTestId(`layer-visible-${LANDUSE}`);
    await snapshotMap(page, 'landuse-on');

    await checkbox.uncheck();
    await expect.poll(() => hasDeckLayer(page, `fill:${LANDUSE}`)).toBe(false);
    await snapshotMap(page, 'landuse-off');
    await page.screenshot({ path: screenshotPath('02-landuse-off.png') });
    // The parcels cover the whole county; other layers only parts of it, so much of the map changes colour.
    expect(await changedFraction(page, 'landuse-on', 'landuse-off')).toBeGreaterThan(0.1);

    // Visibility is stored in the workspace: a reload shows the layer still off.
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByTestId(`layer-row-${LANDUSE}`).waitFor();
    await expect(checkbox.isChecked()).resolves.toBe(false);

    // The reload cleared the page's snapshots: compare off and on again within the reloaded page.
    await waitForFillLayer(page, LAYER_KINDS.county.table);
    await snapshotMap(page, 'reloaded-off');
    await checkbox.check();
    await waitForFillLayer(page, LANDUSE);
    await snapshotMap(page, 'landuse-on-again');
    expect(await changedFraction(page, 'reloaded-off', 'landuse-on-again')).toBeGreaterThan(0.1);
  });

  it('shows a clicked 三调 parcel with its 地类 and area', async () => {
    const { page } = app;
    await ensureVisible(page, LANDUSE);
    // Zoom to the middle of the county so parcels are large enough to hit.
    const view = await viewState(page);
    const d = 0.012;
    await zoomTo(page, [view.longitude - d, view.latitude - d, view.longitude + d, view.latitude + d]);
    await waitForFillLayer(page, LANDUSE);

    const panel = page.getByTestId('feature-panel');
    // On a loaded machine a click is now and then lost before it reaches the map (seen in CI only, not reproduced
    // alone): a user clicks again, and so does the test, at most three times, finding the point afresh each time.
    for (let attempt = 0; attempt < 3 && !(await panel.isVisible()); attempt++) {
      const point = await findFeaturePoint(page, LANDUSE);
      expect(point, 'a 三调 parcel on top somewhere in the middle of the map').not.toBeNull();
      await page.mouse.click(point!.x, point!.y);
      await panel.waitFor({ timeout: 10_000 }).catch(() => {});
    }
    await panel.waitFor();
    const code = (await page.getByTestId('attr-DLBM').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(dlbmName(code), `DLBM ${code} is a 三调 code`).toBeDefined();
    await expect(page.getByTestId('attr-DLBM-name').textContent()).resolves.toBe(dlbmName(code));

    const ha = parseNumber(await page.getByTestId('feature-area-ha').textContent());
    const mu = parseNumber(await page.getByTestId('feature-area-mu').textContent());
    expect(ha).toBeGreaterThan(0);
    // 1 公顷 = 15 亩; ha is shown to 4 decimals and mu to 2, so allow the rounding of both.
    expect(Math.abs(ha * 15 - mu)).toBeLessThanOrEqual(0.005 + 15 * 0.00005 + 1e-9);
    await page.screenshot({ path: screenshotPath('03-parcel-selected.png') });
  });

  it('switches to English and back', async () => {
    const { page } = app;
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.layer-panel .panel-title').textContent()).toBe('Layers');
    await expect(page.getByTestId(`layer-row-${LANDUSE}`).textContent()).resolves.not.toContain('三调地类图斑');
    await expect(page.getByTestId('feature-panel').textContent()).resolves.toContain('Ellipsoidal area');
    await expect(page.getByTestId('feature-panel').textContent()).resolves.toContain(
      LAYER_KINDS.landuse.fields.find((f) => f.name === 'DLBM')!.en,
    );
    await page.screenshot({ path: screenshotPath('04-english.png') });

    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.locator('.layer-panel .panel-title').textContent(), { timeout: 30_000 }).toBe('Layers');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.layer-panel .panel-title').textContent()).toBe('图层');
    expect(app.pageErrors).toEqual([]);
  });
});
