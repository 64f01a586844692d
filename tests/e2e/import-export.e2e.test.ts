// Import and export through the real UI in browser mode: a GBK shapefile through the dialog (the preview shows the
// Chinese text; switching the encoding to UTF-8 shows the problem, switching back fixes it), the new layer on the
// map and zoomed to; shapefile parts dropped on the window (uploaded, then imported); a layer exported as a
// Shapefile and read back with ogrinfo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
