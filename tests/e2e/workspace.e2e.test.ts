// Opening files through the real UI in browser mode: a file that is not a workspace and a missing file are refused
// with a clear message, the bad file is left byte for byte as it was, and the open workspace stays open.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening workspaces from the UI', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp({ parcels: 2000 });
    await app.page.getByTestId('layer-row-dltb').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await app?.close();
  });

  async function openPath(file: string) {
    const { page } = app;
    await page.getByTestId('menu-open').click();
    await page.getByTestId('open-path').fill(file);
    await page.getByTestId('open-dialog').getByRole('button', { name: '打开' }).click();
  }

  it('refuses a file that is not a workspace and leaves it untouched', async () => {
    const { page } = app;
    const notes = path.join(path.dirname(app.workspacePath), 'notes.sqlite');
    writeFileSync(notes, '这不是数据库 / not a database\n'.repeat(50));
    const before = sha(notes);
    const title = await page.getByTestId('workspace-title').textContent();

    await openPath(notes);
    await expect(page.getByTestId('error-message').textContent({ timeout: 30_000 })).resolves.toContain('不是三线工作台工作空间');
    await page.screenshot({ path: screenshotPath('09-open-not-a-workspace.png') });
    expect(sha(notes)).toBe(before);
    // Escape closes the message and leaves the path dialog open to correct the path; a second one closes it.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('open-path').inputValue()).resolves.toBe(notes);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('open-dialog').count()).resolves.toBe(0);
    // The workspace that was open is still the one shown.
    await expect(page.getByTestId('workspace-title').textContent()).resolves.toBe(title);
  });

  it('names a missing file in the message', async () => {
    const { page } = app;
    const missing = path.join(path.dirname(app.workspacePath), '不存在的工作空间.sqlite');
    await openPath(missing);
    await expect(page.getByTestId('error-code').textContent({ timeout: 30_000 })).resolves.toBe('NOT_FOUND');
    await expect(page.locator('.modal').last().textContent()).resolves.toContain('不存在的工作空间.sqlite');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(app.pageErrors).toEqual([]);
  });
});
