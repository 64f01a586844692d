// Schemes (方案) through the real UI in browser mode: make a draft in the scheme menu and switch to it, delete two
// 城镇开发边界 features in it with the editing tools, compare it with the baseline in the swipe view (A left of the
// divider, B right of it, checked on screen pixels), read the change table (the town rows' lost area is the deleted
// features' own ellipsoidal area, computed here with SpatiaLite), step through the changes with the keyboard,
// export the XLSX report; switch back to the baseline and find the features there; lock it and find the edit tools
// off. Then the meeting-room mode: a PDF of one page per town, rendered with poppler and looked at, and a PNG; and
// last a merge of the draft into a new one, its changes exported as a package (read by GDAL) and imported as a draft.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpatialite } from '../../main/core/db/spatialite.js';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';
import { type PageWindow, waitForFillLayer } from './map-probe.js';

type LonLat = [number, number];
type Bbox = [number, number, number, number];

interface Target {
  fid: number;
  townCode: string;
  townName: string;
  /** Ellipsoidal area (CGCS2000), m². */
  areaM2: number;
  /** A point inside the feature, far from its edges (lon/lat). */
  inside: LonLat;
  bbox: Bbox;
}

interface MapsWindow {
  __sanxianMaps?: Record<string, PageWindow['__sanxian']>;
}

const parseNumber = (text: string | null) => Number((text ?? '').replace(/[,+]/g, '').trim());

function openDb(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  loadSpatialite(db);
  return db;
}

/** The table holding a layer's features in a scheme (tables are per scheme since drafts). */
function tableOf(db: Database.Database, scheme: number, kind: string): string {
  return db.prepare(`SELECT sl.table_name FROM sx_scheme_layers sl JOIN sx_layers l ON l.id = sl.layer_id WHERE sl.scheme_id = ? AND l.kind = ?`)
    .pluck().get(scheme, kind) as string;
}

/**
 * Two 城镇开发边界 features, each inside one town, overlapping no other feature of the layer (so deleting one loses
 * exactly its own area), in two different towns, the largest such.
 */
function pickTargets(db: Database.Database): Target[] {
  const czkfbj = tableOf(db, 1, 'urban_boundary');
  const town = tableOf(db, 1, 'town');
  const rows = db.prepare(`SELECT c.fid, t.XZQDM code, t.XZQMC name, ST_Area(ST_Transform(c.geom, 4490), 1) area,
      AsBinary(ST_Transform(ST_PointOnSurface(ST_Buffer(c.geom, -30)), 4490)) inside,
      MbrMinX(ST_Transform(c.geom, 4490)) x0, MbrMinY(ST_Transform(c.geom, 4490)) y0, MbrMaxX(ST_Transform(c.geom, 4490)) x1, MbrMaxY(ST_Transform(c.geom, 4490)) y1
    FROM "${czkfbj}" c JOIN "${town}" t ON ST_Within(c.geom, t.geom)
    WHERE NOT EXISTS (SELECT 1 FROM "${czkfbj}" o WHERE o.fid <> c.fid AND ST_Intersects(o.geom, c.geom))
      AND ST_Area(c.geom) > 200000
    ORDER BY ST_Area(c.geom) DESC`).all() as { fid: number; code: string; name: string; area: number; inside: Buffer; x0: number; y0: number; x1: number; y1: number }[];
  const out: Target[] = [];
  for (const r of rows) {
    if (out.some((t) => t.townCode === r.code)) continue;
    out.push({
      fid: r.fid, townCode: r.code, townName: r.name, areaM2: r.area, bbox: [r.x0, r.y0, r.x1, r.y1],
      // A WKB point: byte order, type, x, y.
      inside: [r.inside.readDoubleLE(5), r.inside.readDoubleLE(13)],
    });
    if (out.length === 2) break;
  }
  if (out.length < 2) throw new Error('the sample has no two isolated 城镇开发边界 features in two towns');
  return out;
}

/** Page coordinates of a lon/lat on a named map (main map by default), as deck.gl projects it now. */
async function screenOf(page: Page, p: LonLat, map = 'main', testId = 'map'): Promise<[number, number]> {
  const [x, y] = await page.evaluate(([pos, name]) => {
    const w = window as unknown as PageWindow & MapsWindow & { __sanxian: { deck: { getViewports(): { project(p: number[]): number[] }[] } } };
    const hook = (name === 'main' ? w.__sanxian : w.__sanxianMaps![name as string]) as unknown as { deck: { getViewports(): { project(p: number[]): number[] }[] } };
    return hook.deck.getViewports()[0]!.project(pos as number[]);
  }, [p, map] as const);
  const box = (await page.getByTestId(testId).boundingBox())!;
  return [box.x + x!, box.y + y!];
}

async function zoomAround(page: Page, [lon, lat]: LonLat, d: number) {
  await page.evaluate((b) => (window as unknown as PageWindow).__sanxian!.zoomTo(b as Bbox), [lon - d, lat - d * 0.8, lon + d, lat + d * 0.8]);
  await page.waitForFunction(
    ([x, y]) => {
      const v = (window as unknown as PageWindow).__sanxian!.viewState;
      return Math.abs(v.longitude - x!) < 1e-6 && Math.abs(v.latitude - y!) < 1e-6;
    },
    [lon, lat],
    { timeout: 30_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The layer a named map would pick at a page point ('fill:<table>'), or null. */
async function pickedLayer(page: Page, [px, py]: [number, number], map = 'main', testId = 'map'): Promise<string | null> {
  const box = (await page.getByTestId(testId).boundingBox())!;
  return page.evaluate(([x, y, name]) => {
    const w = window as unknown as PageWindow & MapsWindow;
    const deck = (name === 'main' ? w.__sanxian : w.__sanxianMaps![name as string])!.deck!;
    return deck.pickObject({ x: x as number, y: y as number, radius: 0 })?.layer?.id ?? null;
  }, [px - box.x, py - box.y, map] as const);
}

/** RGB of page pixels as the screen shows them (the compositor applies the swipe's clip-path). */
async function screenPixel(page: Page, [x, y]: [number, number]): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x) - 2, y: Math.round(y) - 2, width: 5, height: 5 } });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(Math.floor(img.width / 2), Math.floor(img.height / 2), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, png.toString('base64'));
}

const colourDistance = (a: number[], b: number[]) => Math.abs(a[0]! - b[0]!) + Math.abs(a[1]! - b[1]!) + Math.abs(a[2]! - b[2]!);

/** Binary PPM (P6) as poppler writes it: size and the share of pixels that are not (near) white. */
function ppmStats(file: string, region?: { x0: number; y0: number; x1: number; y1: number }): { width: number; height: number; nonWhite: number; reddish: number } {
  const b = readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(b.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = b.subarray(header[0].length);
  const r = region ?? { x0: 0, y0: 0, x1: 1, y1: 1 };
  let n = 0, nonWhite = 0, reddish = 0;
  for (let y = Math.floor(r.y0 * height); y < Math.floor(r.y1 * height); y++) {
    for (let x = Math.floor(r.x0 * width); x < Math.floor(r.x1 * width); x++) {
      const i = (y * width + x) * 3;
      const [R, G, B] = [data[i]!, data[i + 1]!, data[i + 2]!];
      n++;
      if (R + G + B < 735) nonWhite++;
      if (R > 170 && G < 110 && B < 110) reddish++;
    }
  }
  return { width, height, nonWhite: nonWhite / n, reddish: reddish / n };
}

describe('schemes and compare in the UI', () => {
  let app: AppUnderTest;
  let db: Database.Database;
  let targets: Target[];
  let urbanLayerId: number;
  let out: string;

  beforeAll(async () => {
    app = await startApp({ parcels: 2000, viewport: { width: 1500, height: 920 } });
    await app.page.getByTestId('layer-row-dltb').waitFor({ timeout: 60_000 });
    await waitForFillLayer(app.page, 'dltb');
    db = openDb(app.workspacePath);
    targets = pickTargets(db);
    urbanLayerId = db.prepare("SELECT id FROM sx_layers WHERE kind = 'urban_boundary'").pluck().get() as number;
    out = mkdtempSync(path.join(os.tmpdir(), 'sanxian-schemes-e2e-'));
  });

  afterAll(async () => {
    db?.close();
    await app?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('makes a draft in the scheme menu and switches to it', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('scheme-current').textContent()).toBe('现状');
    await page.getByTestId('scheme-button').click();
    await page.getByTestId('scheme-new').click();
    await page.getByTestId('scheme-form-name').fill('城镇开发边界调整一');
    await page.getByTestId('scheme-form-note').fill('删除两处城镇开发边界');
    await page.getByTestId('scheme-form-submit').click();
    await page.getByTestId('scheme-form').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('scheme-current').textContent(), { timeout: 30_000 }).toBe('城镇开发边界调整一');
    const draft = db.prepare('SELECT id, name, note, parent_id FROM sx_schemes WHERE id <> 1').get() as { id: number; name: string; note: string; parent_id: number };
    expect(draft).toMatchObject({ id: 2, name: '城镇开发边界调整一', note: '删除两处城镇开发边界', parent_id: 1 });
    // A new draft copies nothing: it reads the baseline's tables.
    expect(tableOf(db, 2, 'urban_boundary')).toBe(tableOf(db, 1, 'urban_boundary'));
  });

  it('deletes two 城镇开发边界 features in the draft with the delete tool; the baseline keeps them', async () => {
    const { page } = app;
    const baselineTable = tableOf(db, 1, 'urban_boundary');
    const before = db.prepare(`SELECT count(*) FROM "${baselineTable}"`).pluck().get() as number;
    await page.getByTestId('edit-start').selectOption(String(urbanLayerId));
    await page.getByTestId('tool-delete').click();
    for (const target of targets) {
      await zoomAround(page, target.inside, 0.01);
      const at = await screenOf(page, target.inside);
      await page.mouse.move(at[0], at[1], { steps: 3 });
      await page.mouse.click(at[0], at[1]);
      await expect.poll(() => db.prepare(`SELECT count(*) FROM "${tableOf(db, 2, 'urban_boundary')}" WHERE fid = ?`).pluck().get(target.fid), { timeout: 30_000 }).toBe(0);
    }
    await page.screenshot({ path: screenshotPath('schemes-01-draft-edited.png') });
    await page.getByTestId('edit-stop').click();
    // The draft has its own copy now; the baseline's table is untouched.
    expect(tableOf(db, 2, 'urban_boundary')).not.toBe(baselineTable);
    expect(db.prepare(`SELECT count(*) FROM "${baselineTable}"`).pluck().get()).toBe(before);
    expect(db.prepare(`SELECT count(*) FROM "${tableOf(db, 2, 'urban_boundary')}"`).pluck().get()).toBe(before - 2);
  });

  it('compares the draft with the baseline in the swipe view: the baseline left of the divider, the draft right of it', async () => {
    const { page } = app;
    await page.getByTestId('open-compare').click();
    await page.getByTestId('compare-tab').waitFor();
    await expect.poll(() => page.getByTestId('compare-from').inputValue()).toBe('1');
    expect(await page.getByTestId('compare-to').inputValue()).toBe('2');
    await page.getByTestId('compare-maps').waitFor();
    expect(await page.getByTestId('compare-maps').getAttribute('data-view')).toBe('swipe');
    await expect.poll(() => page.getByTestId('unit-row').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The change hatching and the 三调 parcels off: what remains differs between the two schemes only.
    await page.getByTestId('compare-show-changes').uncheck();
    await page.getByTestId('layer-visible-dltb').uncheck();

    const [first] = targets;
    await zoomAround(page, first!.inside, 0.006);
    const baselineTable = tableOf(db, 1, 'urban_boundary');
    const draftTable = tableOf(db, 2, 'urban_boundary');
    // The two maps under the swipe: A (the baseline) still has the feature, B (the draft) has not.
    await page.waitForFunction((id) => {
      const m = (window as unknown as MapsWindow).__sanxianMaps!;
      return m['compare-a']?.deck?.props.layers.some((l) => l?.id === id && l.isLoaded);
    }, `fill:${baselineTable}`, { timeout: 60_000 });
    const point = await screenOf(page, first!.inside, 'compare-a', 'map-compare-a');
    expect(await pickedLayer(page, point, 'compare-a', 'map-compare-a')).toBe(`fill:${baselineTable}`);
    expect(await pickedLayer(page, point, 'compare-b', 'map-compare-b')).not.toBe(`fill:${draftTable}`);

    // On screen: with the divider right of the point the baseline shows there, left of it the draft.
    const divider = page.getByTestId('swipe-divider');
    const mapBox = (await page.getByTestId('compare-maps').boundingBox())!;
    const dragTo = async (x: number) => {
      const box = (await divider.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, mapBox.y + mapBox.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(x, mapBox.y + mapBox.height * 0.3, { steps: 5 });
      await page.mouse.up();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    };
    await dragTo(point[0] + 120);
    await page.waitForTimeout(300);
    const left = await screenPixel(page, point);
    await page.screenshot({ path: screenshotPath('schemes-02-swipe-baseline.png') });
    await dragTo(point[0] - 120);
    await page.waitForTimeout(300);
    const right = await screenPixel(page, point);
    await page.screenshot({ path: screenshotPath('schemes-03-swipe-draft.png') });
    expect(colourDistance(left, right)).toBeGreaterThan(40);
    // And each side is its own scheme's map: the composite equals A left of the divider and B right of it.
    const samples = await page.evaluate(([x, y]) => {
      const m = (window as unknown as MapsWindow).__sanxianMaps!;
      const read = (name: string) => {
        const deck = m[name]!.deck!;
        deck.redraw('e2e');
        const canvas = deck.getCanvas()!;
        const c = document.createElement('canvas');
        c.width = canvas.width;
        c.height = canvas.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(canvas, 0, 0);
        const ratio = canvas.width / canvas.clientWidth;
        const d = ctx.getImageData(Math.round((x as number) * ratio), Math.round((y as number) * ratio), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!, d[3]!];
      };
      return { a: read('compare-a'), b: read('compare-b') };
    }, [point[0] - mapBox.x, point[1] - mapBox.y] as const);
    expect(colourDistance(samples.a, samples.b)).toBeGreaterThan(40);
    await page.getByTestId('compare-show-changes').check();
    await page.getByTestId('layer-visible-dltb').check();
    await dragTo(mapBox.x + mapBox.width / 2);
  });

  it('reads the change table: each town row loses the deleted feature’s own area, in 公顷 and 亩', async () => {
    const { page } = app;
    await page.getByTestId('compare-level-town').click();
    for (const target of targets) {
      const row = page.locator(`[data-testid="unit-row"][data-code="${target.townCode}"][data-layer-id="${urbanLayerId}"]`);
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
      expect(await row.getAttribute('data-unit')).toBe(target.townName);
      const ha = parseNumber(await row.getByTestId('unit-lost-ha').textContent());
      const mu = parseNumber(await row.getByTestId('unit-lost-mu').textContent());
      // SpatiaLite's geodesic area of the feature (its vertices on the ellipsoid; ours follows the straight
      // Gauss–Krüger edges on the 1 mm grid): within 0.002 %, plus the display rounding (4 decimals of 公顷, 2 of 亩).
      const expectedHa = target.areaM2 / 10_000;
      expect(Math.abs(ha - expectedHa)).toBeLessThan(0.00005 + 2e-5 * expectedHa);
      expect(Math.abs(mu - expectedHa * 15)).toBeLessThan(0.005 + 15 * 2e-5 * expectedHa);
      // 亩 is 公顷 × 15, each rounded on its own.
      expect(Math.abs(mu - ha * 15)).toBeLessThan(0.005 + 15 * 0.00005 + 1e-9);
      expect(parseNumber(await row.getByTestId('unit-gained-ha').textContent())).toBe(0);
      const beforeHa = parseNumber(await row.getByTestId('unit-before-ha').textContent());
      const afterHa = parseNumber(await row.getByTestId('unit-after-ha').textContent());
      expect(Math.abs(beforeHa - afterHa - ha)).toBeLessThan(0.00025);
      expect(parseNumber(await row.getByTestId('unit-net-ha').textContent())).toBeCloseTo(-ha, 3);
    }
    const card = page.locator('[data-testid="layer-diff"][data-layer-key="czkfbj"]');
    expect(await card.getByTestId('layer-diff-removed').textContent()).toBe('−2');
    expect(await card.getByTestId('layer-diff-added').textContent()).toBe('+0');

    // A row click shows its change on the map.
    await page.locator(`[data-testid="unit-row"][data-code="${targets[0]!.townCode}"][data-layer-id="${urbanLayerId}"]`).click();
    await page.waitForTimeout(2500);
    await page.screenshot({ path: screenshotPath('schemes-04-change-table.png') });
    const second = targets[1]!;
    await page.locator(`[data-testid="unit-row"][data-code="${second.townCode}"][data-layer-id="${urbanLayerId}"]`).click();
    await expect.poll(async () => {
      const v = await page.evaluate(() => (window as unknown as PageWindow).__sanxian!.viewState);
      const [x0, y0, x1, y1] = second.bbox;
      return { inside: v.longitude > x0 && v.longitude < x1 && v.latitude > y0 && v.latitude < y1, v: [v.longitude, v.latitude, v.zoom], bbox: second.bbox };
    }, { timeout: 30_000 }).toMatchObject({ inside: true });
  });

  it('steps through the changes with the keyboard, largest first, the map following', async () => {
    const { page } = app;
    await page.getByTestId('compare-sub-changes').click();
    const list = page.getByTestId('change-list');
    await list.waitFor();
    expect(await page.getByTestId('change-row').count()).toBe(2);
    const areas = await page.getByTestId('change-area-ha').allTextContents();
    expect(parseNumber(areas[0]!)).toBeGreaterThanOrEqual(parseNumber(areas[1]!));
    await list.focus();
    const selected = () => page.locator('[data-testid="change-row"][aria-selected="true"]').getAttribute('data-id');
    const ids = await page.getByTestId('change-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    // Home goes to the largest, J / ↓ to the next, K / ↑ back.
    await page.keyboard.press('Home');
    await expect.poll(selected).toBe(ids[0]);
    await page.keyboard.press('j');
    await expect.poll(selected).toBe(ids[1]);
    // The map went to the second change: the smaller of the two deleted features.
    const smaller = targets[0]!.areaM2 < targets[1]!.areaM2 ? targets[0]! : targets[1]!;
    await expect.poll(async () => {
      const v = await page.evaluate(() => (window as unknown as PageWindow).__sanxian!.viewState);
      const [x0, y0, x1, y1] = smaller.bbox;
      return v.longitude > x0 && v.longitude < x1 && v.latitude > y0 && v.latitude < y1;
    }, { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(ids[0]);
    await page.keyboard.press('k');
    await expect.poll(selected).toBe(ids[0]);
    await page.waitForTimeout(800);
    await page.screenshot({ path: screenshotPath('schemes-05-change-list.png') });
  });

  it('exports the comparison as an XLSX report', async () => {
    const { page } = app;
    await page.getByTestId('compare-export').click();
    const file = path.join(out, '对比.xlsx');
    await page.getByTestId('compare-export-path').fill(file);
    await page.getByTestId('compare-export-submit').click();
    await page.getByTestId('compare-export-done').waitFor({ timeout: 60_000 });
    expect(existsSync(file)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    for (const target of targets) expect(cells).toContain(target.townName);
    await page.keyboard.press('Escape');
    await page.getByTestId('compare-export-dialog').waitFor({ state: 'detached' });
  });

  it('switches back to the baseline, where the deleted features are still drawn', async () => {
    const { page } = app;
    // Leave the compare view: the map of the scheme in use comes back.
    await page.getByTestId('open-compare').click();
    await page.getByTestId('map').waitFor();
    const [first] = targets;
    const draftTable = tableOf(db, 2, 'urban_boundary');
    await waitForFillLayer(page, draftTable);
    await zoomAround(page, first!.inside, 0.006);
    expect(await pickedLayer(page, await screenOf(page, first!.inside))).not.toBe(`fill:${draftTable}`);

    await page.getByTestId('scheme-button').click();
    await page.getByTestId('scheme-item-1').click();
    await expect.poll(() => page.getByTestId('scheme-current').textContent(), { timeout: 30_000 }).toBe('现状');
    const baselineTable = tableOf(db, 1, 'urban_boundary');
    await waitForFillLayer(page, baselineTable);
    for (const target of targets) {
      await zoomAround(page, target.inside, 0.006);
      expect(await pickedLayer(page, await screenOf(page, target.inside))).toBe(`fill:${baselineTable}`);
    }
  });

  it('locks the baseline: the edit tools are off and say why', async () => {
    const { page } = app;
    await page.getByTestId('scheme-button').click();
    expect(await page.getByTestId('scheme-delete').isDisabled()).toBe(true);
    await page.getByTestId('scheme-lock').click();
    await page.getByTestId('scheme-locked').waitFor({ timeout: 30_000 });
    expect(db.prepare('SELECT locked FROM sx_schemes WHERE id = 1').pluck().get()).toBe(1);
    expect(await page.getByTestId('edit-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('edit-locked').textContent()).toContain('已锁定');
    await page.screenshot({ path: screenshotPath('schemes-06-locked.png') });
  });

  it('meeting-room mode: the swipe with the change list, a PDF of one page per town, and a PNG', async () => {
    const { page } = app;
    // Software WebGL draws the two full-window maps slowly: no waiting for animation frames after these clicks.
    await page.getByTestId('open-meeting').click({ noWaitAfter: true });
    await page.getByTestId('meeting').waitFor({ timeout: 60_000 });
    // No editing chrome, no panels.
    expect(await page.getByTestId('edit-toolbar').count()).toBe(0);
    expect(await page.getByTestId('bottom-panel').count()).toBe(0);
    await page.getByTestId('meeting-legend').waitFor();
    await expect.poll(() => page.getByTestId('change-row').count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId('change-row').first().click({ noWaitAfter: true, timeout: 60_000 });
    await page.waitForTimeout(2500);
    await page.screenshot({ path: screenshotPath('schemes-07-meeting.png') });

    // A PDF: one page per town with a change (the two features lie in two towns).
    await page.getByTestId('meeting-export-pdf').click({ noWaitAfter: true, timeout: 60_000 });
    expect(await page.getByTestId('meeting-pages-town').isChecked()).toBe(true);
    const pdf = path.join(out, '会议.pdf');
    await page.getByTestId('meeting-export-path').fill(pdf);
    await page.getByTestId('meeting-export-submit').click({ noWaitAfter: true, timeout: 60_000 });
    await page.getByTestId('meeting-export-done').waitFor({ timeout: 180_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('meeting-export-dialog').waitFor({ state: 'detached' });
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+2\n/);
    execFileSync('pdftoppm', ['-r', '40', pdf, path.join(out, 'page')]);
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, path.join(out, 'look')]);
    const pages = readdirSync(out).filter((n) => /^page-\d+\.ppm$/.test(n)).sort();
    expect(pages).toHaveLength(2);
    readdirSync(out).filter((n) => /^look-\d+\.png$/.test(n)).sort()
      .forEach((n, i) => copyFileSync(path.join(out, n), screenshotPath(`schemes-08-pdf-page-${i + 1}.png`)));
    // The map frame (left of the legend, below the title): drawn, not blank, with the lost area hatched red.
    const frame = { x0: 60 / 1684, y0: 160 / 1190, x1: 1270 / 1684, y1: 1100 / 1190 };
    const stats = pages.map((p) => ppmStats(path.join(out, p)));
    const maps = pages.map((p) => ppmStats(path.join(out, p), frame));
    for (const [i, st] of stats.entries()) {
      // A4 landscape.
      expect(st.width / st.height).toBeCloseTo(1684 / 1190, 2);
      expect(st.nonWhite).toBeGreaterThan(0.3);
      expect(maps[i]!.nonWhite).toBeGreaterThan(0.8);
      expect(maps[i]!.reddish).toBeGreaterThan(0.01);
    }
    // Two towns, two different views.
    expect(readFileSync(path.join(out, pages[0]!)).equals(readFileSync(path.join(out, pages[1]!)))).toBe(false);

    // The current view as a PNG, drawn like a page.
    await page.getByTestId('meeting-export-png').click({ noWaitAfter: true, timeout: 60_000 });
    const png = path.join(out, '当前视图.png');
    await page.getByTestId('meeting-export-path').fill(png);
    await page.getByTestId('meeting-export-submit').click({ noWaitAfter: true, timeout: 60_000 });
    await page.getByTestId('meeting-export-done').waitFor({ timeout: 120_000 });
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1684, 1190]);
    await page.keyboard.press('Escape');
    await page.getByTestId('meeting-export-dialog').waitFor({ state: 'detached' });

    // Esc leaves the mode; the map of the scheme in use comes back.
    await page.keyboard.press('Escape');
    await page.getByTestId('meeting').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('scheme-button').waitFor();
    expect(app.pageErrors).toEqual([]);
  });

  it('merges the draft into a new one, exports its changes as a package and imports that as a draft', async () => {
    const { page } = app;
    const baselineCount = db.prepare(`SELECT count(*) FROM "${tableOf(db, 1, 'urban_boundary')}"`).pluck().get() as number;
    // A new draft of the (locked) baseline.
    await page.getByTestId('scheme-button').click({ noWaitAfter: true });
    await page.getByTestId('scheme-new').click({ noWaitAfter: true });
    await page.getByTestId('scheme-form-name').fill('合并稿');
    await page.getByTestId('scheme-form-submit').click({ noWaitAfter: true });
    await expect.poll(() => page.getByTestId('scheme-current').textContent(), { timeout: 60_000 }).toBe('合并稿');
    const mergedId = db.prepare("SELECT id FROM sx_schemes WHERE name = '合并稿'").pluck().get() as number;

    await page.getByTestId('scheme-button').click({ noWaitAfter: true });
    await page.getByTestId('scheme-merge').click({ noWaitAfter: true });
    await page.getByTestId('merge-from').selectOption('2');
    await expect.poll(() => page.getByTestId('merge-item').count(), { timeout: 60_000 }).toBe(2);
    const keys = await page.getByTestId('merge-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-key'), i.getAttribute('data-conflict')]));
    expect(keys.sort()).toEqual(targets.map((t) => [`${urbanLayerId}:${t.fid}`, 'false']).sort());
    await page.getByTestId('merge-apply').click({ noWaitAfter: true });
    await page.getByTestId('merge-done').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });
    expect(db.prepare(`SELECT count(*) FROM "${tableOf(db, mergedId, 'urban_boundary')}"`).pluck().get()).toBe(baselineCount - 2);
    expect(db.prepare(`SELECT count(*) FROM "${tableOf(db, 1, 'urban_boundary')}"`).pluck().get()).toBe(baselineCount);

    // Its changes as a package, imported back as a draft.
    await page.getByTestId('scheme-button').click({ noWaitAfter: true });
    await page.getByTestId('scheme-export').click({ noWaitAfter: true });
    expect(await page.getByTestId('scheme-export-changes').isChecked()).toBe(true);
    const gpkg = path.join(out, '合并稿-修改.gpkg');
    await page.getByTestId('scheme-export-path').fill(gpkg);
    await page.getByTestId('scheme-export-submit').click({ noWaitAfter: true });
    await page.getByTestId('scheme-export-done').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    // GDAL reads the package: the layer of the changes, and the ids removed recorded.
    expect(execFileSync('ogrinfo', ['-ro', '-q', gpkg], { encoding: 'utf8' })).toMatch(/czkfbj/);
    const removed = execFileSync('ogrinfo', ['-ro', '-q', '-sql', "SELECT fid FROM sanxian_features WHERE state = 'removed'", gpkg], { encoding: 'utf8' });
    for (const t of targets) expect(removed).toMatch(new RegExp(`fid \\(Integer(64)?\\) = ${t.fid}\\b`));

    await page.getByTestId('scheme-button').click({ noWaitAfter: true });
    await page.getByTestId('scheme-import').click({ noWaitAfter: true });
    await page.getByTestId('scheme-import-path').fill(gpkg);
    await page.getByTestId('scheme-import-name').fill('导入稿');
    await page.getByTestId('scheme-import-submit').click({ noWaitAfter: true });
    await page.getByTestId('scheme-import-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('scheme-import-switch').click({ noWaitAfter: true });
    await expect.poll(() => page.getByTestId('scheme-current').textContent(), { timeout: 60_000 }).toBe('导入稿');
    const importedId = db.prepare("SELECT id FROM sx_schemes WHERE name = '导入稿'").pluck().get() as number;
    expect(db.prepare(`SELECT count(*) FROM "${tableOf(db, importedId, 'urban_boundary')}"`).pluck().get()).toBe(baselineCount - 2);
    expect(app.pageErrors).toEqual([]);
  });
});
