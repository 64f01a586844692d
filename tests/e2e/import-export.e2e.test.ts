// Import and export through the real UI in browser mode: a GBK shapefile through the dialog (the preview shows the
// Chinese text; switching the encoding to UTF-8 shows the problem, switching back fixes it), the new layer on the
// map and zoomed to; shapefile parts dropped on the window (uploaded, then imported); a layer exported as a
// Shapefile and read back with ogrinfo; the map's multi-selection exported as 所选 (n); every invalid parcel of a
// boundary-point table listed in the preview and saved as CSV; 检查全部 on a file bigger than the preview checks.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { gdal, makeShapefile, PARCELS } from '../integration/io-fixtures.js';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';
import { waitForFillLayer, type PageWindow } from './map-probe.js';

describe('import and export from the UI', () => {
  let app: AppUnderTest;
  let dir: string;

  beforeAll(async () => {
    app = await startApp({ parcels: 2000 });
    await app.page.getByTestId('layer-row-dltb').waitFor({ timeout: 60_000 });
    dir = path.dirname(app.workspacePath);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('previews a GBK shapefile, shows what a wrong encoding does, imports it and zooms to it', async () => {
    const { page } = app;
    const shp = makeShapefile(dir, '三调图斑_导入', { srs: 'EPSG:4528', encoding: 'GBK' });
    await page.getByTestId('layer-import').click();
    const dialog = page.getByTestId('import-dialog');
    await page.getByTestId('import-path').fill(shp);
    await page.getByTestId('import-preview').click();
    const sample = page.getByTestId('import-sample');
    await sample.filter({ hasText: '农村宅基地' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('import-encoding').inputValue()).resolves.toBe('gbk');
    await expect(page.getByTestId('import-crs').textContent()).resolves.toMatch(/已识别.*EPSG:4528/);
    await expect(page.getByTestId('import-kind').inputValue()).resolves.toBe('landuse');
    await expect(page.getByTestId('import-map-DLMC').inputValue()).resolves.toBe('DLMC');
    await page.screenshot({ path: screenshotPath('40-import-preview-gbk.png') });

    // Read as UTF-8 the names are broken: marked in red, with a warning, and nothing reads 农村宅基地 any more.
    await page.getByTestId('import-encoding').selectOption('utf8');
    await page.getByTestId('import-mojibake').waitFor({ timeout: 30_000 });
    await expect(sample.locator('td.garbled').count()).resolves.toBeGreaterThan(0);
    await expect(sample.textContent()).resolves.not.toContain('农村宅基地');
    await page.screenshot({ path: screenshotPath('41-import-preview-utf8-mojibake.png') });

    await page.getByTestId('import-encoding').selectOption('gbk');
    await sample.filter({ hasText: '农村宅基地' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-sample"] td.garbled').length === 0);
    await expect(page.getByTestId('import-mojibake').count()).resolves.toBe(0);

    await page.getByTestId('import-name').fill('导入的三调图斑');
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-done').textContent({ timeout: 60_000 })).resolves.toMatch(/已导入 3 个要素到图层“导入的三调图斑”/);
    await page.getByTestId('import-close').click();
    await expect(dialog.count()).resolves.toBe(0);

    await page.getByTestId('layer-row-dltb_2').waitFor({ timeout: 30_000 });
    await waitForFillLayer(page, 'dltb_2');
    // Zoomed to the new layer: the view centre is on the three parcels (about 119.48°E, 31.71°N).
    await page.waitForFunction(() => {
      const v = (window as unknown as PageWindow).__sanxian?.viewState;
      return v !== undefined && v.zoom > 14;
    }, undefined, { timeout: 10_000 });
    const view = await page.evaluate(() => (window as unknown as PageWindow).__sanxian!.viewState);
    expect(view.longitude).toBeGreaterThan(119.47);
    expect(view.longitude).toBeLessThan(119.49);
    await page.screenshot({ path: screenshotPath('42-import-on-map.png') });
    expect(app.pageErrors).toEqual([]);
  });

  it('imports shapefile parts dropped on the window', async () => {
    const { page } = app;
    const rows = PARCELS.map((p, i) => ({ wkt: p.wkt.replace(/3510/g, '3512'), BJBH: `B${i + 1}`, KFBJLX: i ? '弹性发展区' : '集中建设区', MJ: 100 }));
    makeShapefile(dir, 'kfbj_draft', { srs: 'EPSG:4528', encoding: 'GBK', rows, types: '"WKT","String","String","Real"' });
    const files = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => ({ name: `kfbj_draft.${ext}`, bytes: [...readFileSync(path.join(dir, `kfbj_draft.${ext}`))] }));
    await page.evaluate((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files);
    await page.getByTestId('import-sample').filter({ hasText: '集中建设区' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('import-path').inputValue()).resolves.toMatch(/kfbj_draft\.shp$/);
    await expect(page.getByTestId('import-kind').inputValue()).resolves.toBe('urban_boundary');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-close').click();
    await page.getByTestId('layer-row-czkfbj_2').waitFor({ timeout: 30_000 });
    await waitForFillLayer(page, 'czkfbj_2');
    expect(app.pageErrors).toEqual([]);
  });

  it('exports a layer as a GBK shapefile that ogrinfo reads', async () => {
    const { page } = app;
    await page.getByTestId('layer-export-dltb_2').click();
    await page.getByTestId('export-layer-format-shp').check();
    await page.getByTestId('export-layer-encoding-gbk').check();
    const out = path.join(dir, '导出_三调.shp');
    await page.getByTestId('export-layer-path').fill(out);
    await page.getByTestId('export-layer-submit').click();
    await expect(page.getByTestId('export-layer-done').textContent({ timeout: 30_000 })).resolves.toMatch(/已导出 3 个要素/);
    await page.screenshot({ path: screenshotPath('43-export-layer.png') });
    const info = gdal('ogrinfo', '-q', out, '导出_三调');
    expect(info).toMatch(/DLMC \(String\) = 农村宅基地/);
    expect(info).toMatch(/ZLDWMC \(String\) = 红旗圩村/);
    expect(gdal('ogrinfo', '-so', out, '导出_三调')).toMatch(/3-degree Gauss-Kruger zone 40/);
    expect(readFileSync(path.join(dir, '导出_三调.cpg'), 'latin1')).toBe('GBK');
    expect(app.pageErrors).toEqual([]);
  });

  it('exports the whole selection made with the select tool (click, shift-click) as 所选 (2)', async () => {
    const { page } = app;
    // The previous test leaves its export dialog open.
    const closeExport = () => page.getByTestId('export-layer-dialog').getByRole('button', { name: '关闭', exact: true }).last().click();
    if (await page.getByTestId('export-layer-dialog').count()) await closeExport();
    const w = Workspace.open(app.workspacePath, { readonly: true });
    const layerId = w.layers().find((l) => l.table === 'dltb_2')!.id;
    w.close();
    // Inside parcel 1 (TBBH 1) and inside the second part of parcel 3 (TBBH 3), EPSG:4528 → lon/lat.
    const gk = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
    const ll = (x: number, y: number) => proj4(gk, 'EPSG:4326', [x, y]) as [number, number];
    // The last import zoomed elsewhere: back to the three parcels.
    const [sw, ne] = [ll(40449980, 3509980), ll(40450470, 3510120)];
    await page.evaluate((b) => (window as unknown as PageWindow).__sanxian!.zoomTo(b as [number, number, number, number]), [sw[0], sw[1], ne[0], ne[1]]);
    await page.waitForFunction((lon) => Math.abs((window as unknown as PageWindow).__sanxian!.viewState.longitude - lon) < 1e-5, (sw[0] + ne[0]) / 2, { timeout: 30_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.getByTestId('edit-start').selectOption(String(layerId));
    await page.getByTestId('tool-select').click();
    const [ax, ay] = await screenOf(page, ll(40450050, 3510050));
    const [bx, by] = await screenOf(page, ll(40450425, 3510025));
    await page.mouse.click(ax, ay);
    await page.keyboard.down('Shift');
    await page.mouse.click(bx, by);
    await page.keyboard.up('Shift');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sanxianEditing: { session: { selection(): unknown[] } } }).__sanxianEditing.session.selection().length)).toBe(2);

    await page.getByTestId('layer-export-dltb_2').click();
    const selected = page.getByTestId('export-layer-selection');
    await expect(selected.isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('export-layer-dialog').textContent()).resolves.toMatch(/全部（3）.*所选（2）/);
    await selected.check();
    await expect(page.getByTestId('export-layer-path').inputValue()).resolves.toMatch(/dltb_2_所选\.shp$/);
    const out = path.join(dir, '所选图斑.geojson');
    await page.getByTestId('export-layer-format-geojson').check();
    await page.getByTestId('export-layer-path').fill(out);
    await page.screenshot({ path: screenshotPath('44-export-selection.png') });
    await page.getByTestId('export-layer-submit').click();
    await expect(page.getByTestId('export-layer-done').textContent({ timeout: 30_000 })).resolves.toMatch(/已导出 2 个要素/);
    const back = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { TBBH: string } }[] };
    expect(back.features.map((f) => f.properties.TBBH).sort()).toEqual(['1', '3']);
    await closeExport();
    await expect(page.getByTestId('export-layer-dialog').count()).resolves.toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('lists every invalid parcel of a boundary-point table (not just the first ones) and saves the list as CSV', async () => {
    const { page } = app;
    // 40 self-intersecting parcels (bow ties) and one square, X = northing, Y = easting with the zone number.
    const lines = ['地块编号,点号,X,Y'];
    for (let k = 0; k < 40; k++) {
      const x0 = 40_451_000 + k * 20, y0 = 3_512_000;
      lines.push(`BT-${k + 1},J1,${y0},${x0}`, `BT-${k + 1},J2,${y0 + 10},${x0 + 10}`, `BT-${k + 1},J3,${y0},${x0 + 10}`, `BT-${k + 1},J4,${y0 + 10},${x0}`);
    }
    lines.push('OK-1,J1,3512100,40451000', 'OK-1,J2,3512100,40451010', 'OK-1,J3,3512110,40451010', 'OK-1,J4,3512110,40451000');
    const csv = path.join(dir, '界址点_自交.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    await page.getByTestId('layer-import').click();
    await page.getByTestId('import-path').fill(csv);
    await page.getByTestId('import-preview').click();
    await expect(page.getByTestId('import-problems-total').textContent({ timeout: 30_000 })).resolves.toBe('共 40 个问题');
    const rows = page.getByTestId('import-problem-row');
    await expect(rows.count()).resolves.toBe(40);
    // The last one is there too (scroll to it), with its rows, its parcel id and GEOS's reason.
    await rows.nth(39).scrollIntoViewIfNeeded();
    await expect(rows.nth(39).textContent()).resolves.toMatch(/^158–161BT-40Self-intersection/);
    await expect(page.getByTestId('import-warnings').textContent()).resolves.toContain('“X” 列作北坐标（纵），“Y” 列作东坐标（横）');
    await page.screenshot({ path: screenshotPath('45-import-problem-list.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-problems-save').click()]);
    expect(download.suggestedFilename()).toBe('界址点_自交_问题.csv');
    const saved = path.join(dir, 'problems.csv');
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    const out = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(out).toHaveLength(41);
    expect(out[1]).toMatch(/^无效几何,2,5,BT-1,Self-intersection/);
    expect(out[40]).toMatch(/^无效几何,158,161,BT-40,Self-intersection/);
    await page.getByTestId('import-dialog').getByRole('button', { name: '取消', exact: true }).click();
    expect(app.pageErrors).toEqual([]);
  });

  it('checks every feature on request when the file is bigger than the preview checks, and lists what it finds', async () => {
    const { page } = app;
    const lines = ['WKT,MC'];
    for (let i = 0; i < 20_010; i++) {
      const x = 40_452_000 + (i % 100) * 10, y = 3_512_000 + Math.floor(i / 100) * 10;
      lines.push(i === 20_005
        ? `"POLYGON((${x} ${y},${x + 10} ${y + 10},${x + 10} ${y},${x} ${y + 10},${x} ${y}))",坏`
        : `"POLYGON((${x} ${y},${x + 10} ${y},${x + 10} ${y + 10},${x} ${y + 10},${x} ${y}))",好`);
    }
    const csv = path.join(dir, 'many.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    await page.getByTestId('layer-import').click();
    await page.getByTestId('import-path').fill(csv);
    await page.getByTestId('import-preview').click();
    const checkAll = page.getByTestId('import-check-all');
    await expect(checkAll.textContent({ timeout: 60_000 })).resolves.toBe('检查全部 20010 个要素');
    await expect(page.getByTestId('import-problems').count()).resolves.toBe(0);
    await checkAll.click();
    await expect(page.getByTestId('import-problems-total').textContent({ timeout: 60_000 })).resolves.toBe('共 1 个问题');
    await expect(page.getByTestId('import-problem-row').textContent()).resolves.toMatch(/^20007Self-intersection/);
    await expect(page.getByTestId('import-check-all').count()).resolves.toBe(0);
    await page.getByTestId('import-dialog').getByRole('button', { name: '取消', exact: true }).click();
    expect(app.pageErrors).toEqual([]);
  });
});

/** Page coordinates of a lon/lat on the map, as deck.gl projects it now. */
async function screenOf(page: Page, p: [number, number]): Promise<[number, number]> {
  const [x, y] = await page.evaluate((pos) => {
    const vp = (window as unknown as { __sanxian: { deck: { getViewports(): { project(p: number[]): number[] }[] } } }).__sanxian.deck.getViewports()[0]!;
    return vp.project(pos);
  }, p);
  const box = (await page.getByTestId('map').boundingBox())!;
  return [box.x + x!, box.y + y!];
}
