// Checks through the real UI in browser mode: run the overlay checks with progress and cancel, read the findings
// (the same ones the CLI reports), filter them, step through them with the keyboard while the map follows, export
// the XLSX report, and compare the statistics with targets entered by the user.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, screenshotPath, startApp, type AppUnderTest } from './harness.js';
import { changedFraction, findFeaturePoint, hasDeckLayer, snapshotMap, viewState, waitForFillLayer, waitForStableView, zoomTo } from './map-probe.js';

const CLI = path.join(ROOT, 'bin', 'sanxian.cjs');
const parseNumber = (text: string | null) => Number((text ?? '').replace(/,/g, '').trim());

interface CliFinding { type: string; areaHa: number; town: string | null }

/** The CLI's answer on a copy of the same workspace, taken before the UI touches it. */
function cliFindings(workspacePath: string): CliFinding[] {
  const copy = `${workspacePath}.cli.sqlite`;
  copyFileSync(workspacePath, copy);
  const out = `${workspacePath}.cli.json`;
  execFileSync(process.execPath, [CLI, 'check', copy, '--json', out], { stdio: 'ignore', timeout: 180_000 });
  return (JSON.parse(readFileSync(out, 'utf8')) as { findings: CliFinding[] }).findings;
}

async function rowIds(page: Page): Promise<number[]> {
  return page.getByTestId('finding-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-finding-id'))));
}

/**
 * The camera once the zoom transition (300 ms) has run and finished: two reads 500 ms apart agree. Software WebGL
 * can take a few hundred ms per frame, so shorter gaps can fall between two frames of a running transition.
 */
async function settledView(page: Page) {
  await page.waitForTimeout(800);
  let last = await viewState(page);
  for (;;) {
    await page.waitForTimeout(500);
    const now = await viewState(page);
    if (now.longitude === last.longitude && now.latitude === last.latitude && now.zoom === last.zoom) return now;
    last = now;
  }
}

async function selectedRowId(page: Page): Promise<number | null> {
  const row = page.locator('[data-testid="finding-row"][aria-selected="true"]');
  return (await row.count()) ? Number(await row.getAttribute('data-finding-id')) : null;
}

describe('checks, findings and statistics in the UI', () => {
  let app: AppUnderTest;
  let expected: CliFinding[];

  beforeAll(async () => {
    app = await startApp({ parcels: 2000 });
    await app.page.getByTestId('layer-row-dltb').waitFor({ timeout: 60_000 });
    expected = cliFindings(app.workspacePath);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs the checks with progress and lists every finding the CLI reports, largest first', async () => {
    const { page } = app;
    await page.getByTestId('open-checks').click();
    await expect(page.getByTestId('findings-tab').textContent()).resolves.toContain('尚未运行检查');

    await page.getByTestId('check-run').click();
    await page.getByTestId('finding-row').first().waitFor({ timeout: 120_000 });
    // The run is saved and offered in the run picker; the first run has nothing to compare with.
    await expect(page.getByTestId('check-compare').textContent()).resolves.toContain('首次检查');
    await expect(page.getByTestId('findings-shown').textContent()).resolves.toBe(`显示 ${expected.length} / ${expected.length} 项`);

    // Every type with the CLI's count; the three planted kinds of line conflict are all there.
    const byType = new Map<string, number>();
    for (const f of expected) byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
    for (const type of ['conflict_eco_farmland', 'conflict_farmland_urban', 'conflict_eco_urban']) expect(byType.get(type)).toBeGreaterThan(0);
    for (const [type, count] of byType) {
      await expect(page.getByTestId(`type-filter-${type}`).locator('.type-count').textContent()).resolves.toBe(String(count));
    }

    // Rows are sorted by area, largest first (the visible window of a virtualised table).
    const areas = await page.getByTestId('finding-area-ha').evaluateAll((cells) => cells.map((c) => Number(c.textContent!.replace(/,/g, ''))));
    expect(areas.length).toBeGreaterThan(5);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    expect(areas[0]).toBeCloseTo(Math.max(...expected.map((f) => f.areaHa)), 4);
  });

  it('filters by type and town, draws the findings hatched and zooms to the one clicked', async () => {
    const { page } = app;
    await waitForFillLayer(page, 'dltb');
    expect(await hasDeckLayer(page, 'findings:fill')).toBe(true);

    const conflicts = expected.filter((f) => f.type === 'conflict_eco_farmland');
    await page.getByTestId('type-filter-conflict_eco_farmland').click();
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(conflicts.length);
    await expect(page.getByTestId('findings-shown').textContent()).resolves.toBe(`显示 ${conflicts.length} / ${expected.length} 项`);

    await snapshotMap(page, 'before-select');
    const before = await viewState(page);
    await page.getByTestId('finding-row').first().click();
    await expect.poll(async () => (await viewState(page)).zoom, { timeout: 10_000 }).toBeGreaterThan(before.zoom + 1);
    expect(await hasDeckLayer(page, 'findings:selected')).toBe(true);
    const detailHa = parseNumber((await page.getByTestId('finding-detail-area').textContent())!.split('公顷')[0]!);
    expect(detailHa).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await snapshotMap(page, 'selected');
    expect(await changedFraction(page, 'before-select', 'selected')).toBeGreaterThan(0.2);
    await page.screenshot({ path: screenshotPath('05-checks-finding-selected.png') });

    // Back to every type, narrowed to one town: every row lies in it.
    await page.getByTestId('type-filter-conflict_eco_farmland').click();
    const town = expected.find((f) => f.town)!.town!;
    await page.getByTestId('town-filter').selectOption(town);
    const inTown = expected.filter((f) => f.town === town).length;
    await expect(page.getByTestId('findings-shown').textContent()).resolves.toBe(`显示 ${inTown} / ${expected.length} 项`);
    const towns = await page.locator('[data-testid="finding-row"] .c-place:nth-of-type(5)').allTextContents();
    expect(new Set(towns)).toEqual(new Set([town]));
    await page.getByTestId('town-filter').selectOption('');
  });

  it('steps through the findings with the keyboard', async () => {
    const { page } = app;
    const ids = await rowIds(page);
    await page.getByTestId('finding-row').nth(0).click();
    expect(await selectedRowId(page)).toBe(ids[0]);
    const table = page.getByTestId('finding-table');
    await table.press('ArrowDown');
    expect(await selectedRowId(page)).toBe(ids[1]);
    const atSecond = await settledView(page);
    await table.press('j');
    expect(await selectedRowId(page)).toBe(ids[2]);
    const atThird = await settledView(page);
    await table.press('k');
    expect(await selectedRowId(page)).toBe(ids[1]);
    // Each step moves the map to the finding: back on the second one, the camera is where it was.
    const back = await settledView(page);
    expect(atThird).not.toEqual(atSecond);
    expect(back.longitude).toBeCloseTo(atSecond.longitude, 9);
    expect(back.latitude).toBeCloseTo(atSecond.latitude, 9);
    // End jumps to the last (smallest) finding, scrolled into view.
    await table.press('End');
    const selectedIndex = page.locator('[data-testid="finding-row"][aria-selected="true"] .c-index');
    await expect.poll(() => selectedIndex.textContent()).toBe(String(expected.length));
    await expect(selectedIndex.isVisible()).resolves.toBe(true);
  });

  it('exports the run as an XLSX report next to the workspace', async () => {
    const { page } = app;
    await page.getByTestId('check-export').click();
    const target = (await page.getByTestId('export-path').inputValue()).trim();
    expect(path.dirname(target)).toBe(path.dirname(app.workspacePath));
    expect(target.endsWith('.xlsx')).toBe(true);
    await page.getByTestId('export-submit').click();
    await expect(page.getByTestId('export-done').textContent({ timeout: 60_000 })).resolves.toContain(`${expected.length}`);
    expect(existsSync(target)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(target);
    const names = book.worksheets.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    // The findings sheet holds one row per finding below its header.
    const counts = book.worksheets.map((s) => s.actualRowCount);
    expect(counts.some((n) => n >= expected.length + 1)).toBe(true);
    await page.getByTestId('export-dialog').getByText('关闭').click();
  });

  it('cancels a run in progress, and the cancelled run is kept as such', async () => {
    const { page } = app;
    await page.getByTestId('check-run').click();
    // Dispatched at once: a real click waits for the button to stop moving while the progress row lays itself out,
    // and on a quiet machine the run could finish meanwhile (seen once: the run picker overlapped the button).
    await page.getByTestId('check-cancel').dispatchEvent('click');
    await page.getByTestId('check-run').waitFor({ timeout: 60_000 });
    const options = await page.getByTestId('check-run-select').locator('option').allTextContents();
    expect(options.some((o) => o.includes('已取消'))).toBe(true);
    // The findings shown are still those of the finished run.
    await expect(page.getByTestId('findings-shown').textContent()).resolves.toBe(`显示 ${expected.length} / ${expected.length} 项`);
  });

  it('runs the 选址 pre-check on a 永久基本农田 feature and offers reserve plots to replace it', async () => {
    const { page } = app;
    await page.getByTestId('panel-close').click();
    const view = await viewState(page);
    const d = 0.05;
    await zoomTo(page, [view.longitude - d, view.latitude - d, view.longitude + d, view.latitude + d]);
    await waitForFillLayer(page, 'yjjbnt');
    await waitForStableView(page);
    const point = await findFeaturePoint(page, 'yjjbnt');
    expect(point, 'a 永久基本农田 feature on top in the middle of the map').not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    await page.getByTestId('feature-panel').waitFor();
    const featureHa = parseNumber(await page.getByTestId('feature-area-ha').textContent({ timeout: 30_000 }));

    await page.getByTestId('site-check').click();
    const report = page.getByTestId('site-report');
    await report.getByTestId('site-verdict').waitFor({ timeout: 60_000 });
    // The site is the farmland feature itself: all of it is farmland to replace (both ellipsoidal, 1e-6 apart).
    const farmlandHa = parseNumber((await report.getByTestId('site-farmland').textContent())!.split('公顷')[0]!);
    expect(Math.abs(farmlandHa - featureHa)).toBeLessThanOrEqual(Math.max(1e-4, featureHa * 2e-6));
    await expect(report.getByTestId('site-verdict').textContent()).resolves.toContain('占用永久基本农田');
    const candidates = report.getByTestId('site-candidates').locator('tbody tr');
    expect(await candidates.count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('07-site-report.png') });

    // A candidate opens as the selected feature of the reserve layer.
    await candidates.first().click();
    await page.getByTestId('site-report').getByText('关闭').click();
    await expect.poll(() => page.getByTestId('feature-panel').textContent()).toContain('永久基本农田储备区');
  });

  it('shows statistics by town from the run and compares the totals with the targets entered', async () => {
    const { page } = app;
    await page.getByTestId('open-stats').click();
    await expect.poll(() => page.getByTestId('stats-source').textContent(), { timeout: 60_000 }).toMatch(/取自第 \d+ 次检查/);
    const rows = await page.getByTestId('stats-row').count();
    expect(rows).toBeGreaterThan(3); // 金坛区 has more than three towns
    const farmlandHa = parseNumber(await page.getByTestId('stats-total-permanent_farmland').evaluate((td) => td.firstChild!.textContent));
    const urbanHa = parseNumber(await page.getByTestId('stats-total-urban_boundary').evaluate((td) => td.firstChild!.textContent));
    expect(farmlandHa).toBeGreaterThan(0);

    await page.getByTestId('targets-edit').click();
    await page.getByTestId('target-farmlandTaskHa').fill(String(Math.ceil(farmlandHa + 100)));
    await page.getByTestId('target-urbanBoundaryMaxHa').fill(String(Math.ceil(urbanHa + 100)));
    await page.getByTestId('targets-save').click();
    await expect(page.getByTestId('target-result-farmlandTaskHa').textContent()).resolves.toContain('未达标');
    await expect(page.getByTestId('target-result-urbanBoundaryMaxHa').textContent()).resolves.toContain('达标');
    await page.screenshot({ path: screenshotPath('06-statistics-targets.png') });

    // Targets are kept in the workspace: a reload shows them again.
    await page.reload();
    await page.getByTestId('open-stats').click();
    await expect(page.getByTestId('target-result-farmlandTaskHa').textContent({ timeout: 60_000 })).resolves.toContain('未达标');

    // Recomputing on the current data gives the same totals as the run.
    await page.getByTestId('stats-recompute').click();
    await expect.poll(() => page.getByTestId('stats-source').textContent(), { timeout: 60_000 }).toBe('按当前数据计算');
    const again = parseNumber(await page.getByTestId('stats-total-permanent_farmland').evaluate((td) => td.firstChild!.textContent));
    expect(again).toBe(farmlandHa);
    expect(app.pageErrors).toEqual([]);
  });

  it('runs with a chosen layer pair and thresholds, which are saved with the run', async () => {
    const { page } = app;
    await page.getByTestId('panel-tab-checks').click();
    await page.getByTestId('check-options').click();
    const dialog = page.getByTestId('run-options');
    await dialog.getByTestId('run-pair-a').selectOption('zz_xmq');
    await dialog.getByTestId('run-pair-b').selectOption('yjjbnt');
    await dialog.getByTestId('run-pair-add').click();
    await expect(dialog.getByTestId('run-pairs').textContent()).resolves.toContain('×');
    // Only the conflicts, with a minimum conflict area above the smallest line conflict the CLI found.
    for (const id of ['validity', 'overlaps', 'gaps', 'slivers', 'fragments', 'extent', 'landuse_in_lines', 'stats']) {
      await dialog.getByTestId(`run-check-${id}`).uncheck();
    }
    const lineConflicts = expected.filter((f) => f.type.startsWith('conflict_')).map((f) => f.areaHa * 10_000).sort((x, y) => x - y);
    const threshold = Math.round((lineConflicts[0]! + lineConflicts[1]!) / 2);
    await dialog.getByTestId('run-param-minConflictArea').fill(String(threshold));
    await dialog.getByTestId('run-options-run').click();

    await expect.poll(() => page.getByTestId('type-filter-conflict_pair').count(), { timeout: 120_000 }).toBe(1);
    expect(Number(await page.getByTestId('type-filter-conflict_pair').locator('.type-count').textContent())).toBeGreaterThan(0);
    // No land-use findings this time, and the smallest line conflict is below the threshold.
    expect(await page.getByTestId('type-filter-cultivated_in_urban').count()).toBe(0);
    const lineTypes = ['conflict_eco_farmland', 'conflict_farmland_urban', 'conflict_eco_urban'];
    let shownLine = 0;
    for (const type of lineTypes) {
      const item = page.getByTestId(`type-filter-${type}`);
      if (await item.count()) shownLine += Number(await item.locator('.type-count').textContent());
    }
    expect(shownLine).toBe(lineConflicts.filter((a) => a >= threshold).length);
    // Against the previous finished run, the land-use findings are gone.
    await expect(page.getByTestId('check-compare').textContent()).resolves.toMatch(/已解决 [1-9]/);
    await page.screenshot({ path: screenshotPath('08-run-with-pair.png') });
  });
});
