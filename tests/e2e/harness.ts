// End-to-end harness: the built app (dist/) in browser mode, a throw-away copy of a sample workspace, and Debian's
// Chromium driven by playwright-core. Builds nothing: run `npm run build` first.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');
const CLI = path.join(ROOT, 'bin', 'sanxian.cjs');
const CHROMIUM = process.env.SANXIAN_E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface AppUnderTest {
  page: Page;
  /** The URL the server printed, token included. */
  url: string;
  workspacePath: string;
  /** Uncaught exceptions in the page; a test should normally expect none. */
  pageErrors: string[];
  close(): Promise<void>;
}

function assertBuilt() {
  for (const file of [path.join(ROOT, 'dist', 'main', 'cli.cjs'), path.join(ROOT, 'dist', 'renderer', 'index.html')]) {
    if (!existsSync(file)) throw new Error(`e2e: ${path.relative(ROOT, file)} is missing; run \`npm run build\` first`);
  }
}

/** A private copy, so a test that changes layer styles never touches the shared sample. */
async function prepareWorkspace(dir: string, parcels: number, env: Record<string, string> = {}): Promise<string> {
  const target = path.join(dir, 'e2e-workspace.sqlite');
  const source = process.env.SANXIAN_E2E_SAMPLE;
  if (source) {
    copyFileSync(source, target);
    return target;
  }
  await promisify(execFile)(process.execPath, [CLI, 'sample', target, '--parcels', String(parcels)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return target;
}

/** Starts `sanxian serve` and resolves with the URL it prints (the port is chosen by the OS). */
function startServer(workspacePath: string, env: Record<string, string> = {}): Promise<{ server: ChildProcess; url: string }> {
  // No --port: the server then takes a free port from the OS (this CLI rejects an explicit `--port 0`).
  const server = spawn(process.execPath, [CLI, 'serve', workspacePath, '--no-open'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error('timed out waiting for the server URL')), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      server.kill('SIGTERM');
      reject(new Error(`e2e: sanxian serve failed: ${e.message}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /https?:\/\/[^\s]+token=[^\s]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ server, url: match[0] });
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('error', fail);
    server.once('exit', (code) => fail(new Error(`exited with code ${code}`)));
  });
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }) {
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') console.warn(`[browser] ${m.text()}`);
  });
  await page.goto(url);
  return { page, pageErrors };
}

/**
 * SANXIAN_E2E_URL attaches to a server that is already running (debugging a renderer change against a live
 * backend); the workspace is then whatever that server has open, so tests may change it.
 */
async function attachToRunningServer(url: string, viewport: { width: number; height: number }): Promise<AppUnderTest> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const { page, pageErrors } = await openPage(browser, url, viewport);
  return { page, url, workspacePath: '(attached)', pageErrors, close: () => browser.close() };
}

export async function startApp(options: {
  parcels?: number;
  viewport?: { width: number; height: number };
  /** Environment of the server and of the sample generation (e.g. SANXIAN_TILED_MIN_FEATURES). */
  env?: Record<string, string>;
} = {}): Promise<AppUnderTest> {
  const viewport = options.viewport ?? { width: 1400, height: 860 };
  if (process.env.SANXIAN_E2E_URL) return attachToRunningServer(process.env.SANXIAN_E2E_URL, viewport);
  assertBuilt();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sanxian-e2e-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    const workspacePath = await prepareWorkspace(dir, options.parcels ?? 2000, options.env);
    const started = await startServer(workspacePath, options.env);
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const { page, pageErrors } = await openPage(browser, started.url, viewport);
    const [b, s] = [browser, server];
    return {
      page,
      url: started.url,
      workspacePath,
      pageErrors,
      async close() {
        await b.close().catch(() => {});
        await stopServer(s);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export function screenshotPath(name: string): string {
  return path.join(RESULTS_DIR, name);
}
