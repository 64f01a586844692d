// `npm run bench`, scale part (issue #8, docs/scale.md): on samples of 20k, 200k and 500k parcels, in Chromium with
// software WebGL (SwiftShader), the time from opening to the first frame, frame times while panning and zooming
// (scripted), pick latency and the memory of both processes; the same for a plain deck.gl GeoJsonLayer of the same
// 三调 layer in the same page (`?bench=geojson`); and per size the sample generation, the full check and the scheme
// package import. Writes bench/results/render.json.
//
// Standalone: node scripts/bench-render.mjs
// Env: BENCH_RENDER_SIZES or BENCH_SIZES (default 20000,200000,500000), BENCH_FRAMES (frames per scripted move, 24),
//      BENCH_OPENS (cold opens per config for the first-frame median, 3; the GeoJsonLayer reference opens once),
//      BENCH_REF_ZOOMS (zoom steps above the county for the GeoJsonLayer reference, default 0,2,4; "0" at 500k, where
//      each of its frames takes minutes), BENCH_RENDER_MERGE=1 (keep what render.json holds that this run does not
//      measure: other sizes, other configs and parts of a size),
//      BENCH_RENDER_CONFIGS (default tiles-all,tiles-dltb,geojson-dltb), BENCH_RENDER_CHECK=0, BENCH_RENDER_IMPORT=0,
//      SANXIAN_GPU_COMPOSITING=1 (Chromium composites through SwiftShader too: slower, docs/scale.md).
// Samples are cached in .cache/bench/sample-N.sqlite (with sample-N.json: how long generating it took), since the
// 500k one takes minutes; delete them to measure generation again.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
import { root } from './setup.mjs';

const require = createRequire(import.meta.url);
const cli = path.join(root, 'bin', 'sanxian.cjs');
const cacheDir = path.join(root, '.cache', 'bench');
const log = (m) => console.error(`[bench-render] ${new Date().toISOString().slice(11, 19)} ${m}`);
const BENCH_CHROMIUM_ARGS = [...CHROMIUM_ARGS, '--enable-precise-memory-info'];
const VIEWPORT = { width: 1440, height: 900 };
const MiB = 2 ** 20;

/** Runs a command under /usr/bin/time: wall seconds, peak RSS (MiB). */
function timed(cmd, args, opts = {}) {
  const tfile = path.join(os.tmpdir(), `sanxian-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync('/usr/bin/time', ['-o', tfile, '-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  const t = existsSync(tfile) ? readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  rmSync(tfile, { force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  return { seconds: t[0], peakRssMiB: Math.round(t[1] / 1024), stdout: r.stdout };
}

/** The cached sample of n parcels, generated (and timed) when missing. */
function ensureSample(n) {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `sample-${n}.sqlite`);
  const meta = path.join(cacheDir, `sample-${n}.json`);
  if (!existsSync(file) || !existsSync(meta)) {
    log(`generating a ${n}-parcel sample (cached in ${path.relative(root, cacheDir)})`);
    rmSync(file, { force: true });
    const t = timed(process.execPath, [cli, 'sample', file, '--parcels', String(n), '--seed', '1']);
    const summary = JSON.parse(t.stdout);
    writeFileSync(meta, JSON.stringify({ parcels: summary.parcels, seconds: t.seconds, peakRssMiB: t.peakRssMiB, fileMiB: statSync(file).size / MiB, at: new Date().toISOString(), loadAvg: os.loadavg() }, null, 2));
  }
  return { file, generation: JSON.parse(readFileSync(meta, 'utf8')) };
}

function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMiB: 0, peakMiB: 0 };
  }
}

/** CPU seconds a process has used so far (user + system). */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** Chromium's processes (below this one): renderer(s) and the GPU process (SwiftShader draws there). */
function chromiumMemory(rootPid) {
  const out = { rendererMiB: 0, gpuMiB: 0, rendererCpuS: 0, gpuCpuS: 0 };
  const children = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const walk = (pid) => {
    for (const c of children(pid)) {
      let cmd = '';
      try { cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8'); } catch { /* gone */ }
      if (cmd.includes('--type=renderer')) { out.rendererMiB += procStatus(c).rssMiB; out.rendererCpuS += cpuSeconds(c); }
      else if (cmd.includes('--type=gpu-process')) { out.gpuMiB += procStatus(c).rssMiB; out.gpuCpuS += cpuSeconds(c); }
      walk(c);
    }
  };
  walk(rootPid);
  return out;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
};

/** A copy of the sample with only the 三调 layer visible (config *-dltb), or as it is. */
function prepareCopy(sample, dir, onlyLandUse) {
  const ws = path.join(dir, 'bench.sqlite');
  copyFileSync(sample, ws);
  if (onlyLandUse) {
    const Database = require('better-sqlite3');
    const db = new Database(ws);
    db.prepare(`UPDATE sx_layers SET visible = CASE WHEN kind = 'landuse' THEN 1 ELSE 0 END`).run();
    db.close();
  }
  return ws;
}

async function startServer(ws, stateDir) {
  const server = spawn(process.execPath, [cli, 'serve', ws, '--no-open'], { env: { ...process.env, SANXIAN_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('server did not print its URL')), 120_000);
    const on = (d) => { buf += d; const m = buf.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/); if (m) { clearTimeout(timer); resolve(m[1]); } };
    server.stdout.on('data', on);
    server.stderr.on('data', on);
    server.on('exit', (c) => reject(new Error(`server exited ${c}: ${buf.slice(-1000)}`)));
  });
  return { server, url };
}

/**
 * Waits (at most 30 s) until the processor is quiet: at least 85 % idle over a second. A browser or check that
 * just ended is still exiting, and on 2 cores that alone moves a first frame by half a second.
 */
async function quiet() {
  const idle = () => { const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number); return [f[3] + f[4], f.reduce((a, b) => a + b, 0)]; };
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const [i0, t0] = idle();
    await new Promise((r) => setTimeout(r, 1000));
    const [i1, t1] = idle();
    if ((i1 - i0) / Math.max(1, t1 - t0) >= 0.85) return;
  }
}

/** A fresh copy of the sample served by its own server, and a fresh browser (cold shader cache) with a blank page. */
async function coldSetup(sample, config) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-render-'));
  const ws = prepareCopy(sample, dir, config.endsWith('-dltb'));
  const { server, url } = await startServer(ws, path.join(dir, 'state'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BENCH_CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: VIEWPORT });
  const close = async () => {
    await browser.close().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  };
  /** Navigates once the processor is quiet; the first frame's time (ms from navigation start). */
  const open = async () => {
    await quiet();
    await page.goto(config.startsWith('geojson') ? `${url}&bench=geojson` : url);
    await page.waitForFunction(() => window.__sanxian?.firstFrameMs != null, null, { timeout: 30 * 60_000, polling: 250 });
    return page.evaluate(() => window.__sanxian.firstFrameMs);
  };
  return { page, server, open, close };
}

/** One more cold open, for the first-frame median. */
async function coldOpen(sample, config) {
  const setup = await coldSetup(sample, config);
  try {
    return await setup.open();
  } finally {
    await setup.close();
  }
}

/**
 * One page: open → first frame; then at four zooms (the county, 2, 4 and 5 levels closer; the reference at the first
 * three) a scripted pan, and a scripted zoom in; pick latency at each; memory after each part.
 */
async function browserRun(sample, config, frames, opens) {
  const firstFrames = [];
  for (let i = 1; i < opens; i++) firstFrames.push(await coldOpen(sample, config));
  const geojson = config.startsWith('geojson');
  const { page, server, open, close } = await coldSetup(sample, config);
  const result = { config, errors: [] };
  try {
    page.on('pageerror', (e) => result.errors.push(e.message));
    const cdp = await page.context().newCDPSession(page);
    const memory = async (label) => {
      const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
      const chrome = chromiumMemory(process.pid);
      const main = procStatus(server.pid);
      return { label, mainRssMiB: main.rssMiB, mainPeakMiB: main.peakMiB, rendererJsHeapMiB: m.JSHeapUsedSize / MiB, rendererRssMiB: chrome.rendererMiB, gpuRssMiB: chrome.gpuMiB };
    };
    const t0 = Date.now();
    firstFrames.push(await open());
    // The median of the cold opens (one open varies by ±0.4 s on these machines); CDP metrics only from here on.
    result.firstFrameRunsMs = firstFrames;
    result.firstFrameMs = stats(firstFrames).median;
    await cdp.send('Performance.enable');
    // Where the time went: CPU seconds of each process until the first frame (on 2 cores shared with other work,
    // these say more than the wall time; SwiftShader's shader compiles and drawing are the GPU process's).
    {
      const c = chromiumMemory(process.pid);
      result.cpuSecondsAtFirstFrame = { server: cpuSeconds(server.pid), renderer: c.rendererCpuS, gpu: c.gpuCpuS };
    }
    await page.waitForFunction(() => window.__sanxian?.labelsFrameMs != null, null, { timeout: 10 * 60_000, polling: 250 }).catch(() => {});
    result.labelsFrameMs = await page.evaluate(() => window.__sanxian.labelsFrameMs ?? null);
    result.geometryArrivedMs = await page.evaluate(() => Math.max(0, ...performance.getEntriesByType('resource')
      .filter((e) => /\/api\/rpc\/(layers\.geometry|tiles\.)/.test(e.name)).map((e) => e.responseEnd)));
    log(`${config}: first frame ${Math.round(result.firstFrameMs)} ms (median of ${firstFrames.map(Math.round).join(', ')}; last open's wall ${Date.now() - t0} ms)`);
    result.memory = [await memory('first frame')];
    const home = await page.evaluate(() => { const v = window.__sanxian.viewState; return { longitude: v.longitude, latitude: v.latitude, zoom: v.zoom }; });
    result.home = home;
    // Loaded: every layer's data in view, and the simplified geometry for the zoom arrived (it follows a zoom change).
    const loaded = () => page.waitForFunction(() => window.__sanxian.detailRequestsInFlight === 0 && window.__sanxian.deck.props.layers.every((l) => !l || l.isLoaded), null, { timeout: 10 * 60_000, polling: 200 });
    const setView = async (v) => {
      await page.evaluate((vv) => window.__sanxian.setView(vv), v);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    };
    /** Moves the camera once per animation frame through `views`; frame times are the gaps between drawn frames. */
    const scripted = (views) => page.evaluate(async (vs) => {
      const hook = window.__sanxian;
      const start = hook.frames.length ? hook.frames[hook.frames.length - 1] : 0;
      const began = performance.now();
      for (const v of vs) {
        hook.setView(v);
        await new Promise((r) => requestAnimationFrame(() => r()));
        // A very slow reference: after 2 minutes and 3 frames drawn (2 frame times) there is enough to tell.
        if (performance.now() - began > 120_000 && hook.frames.filter((t) => t > start).length >= 3) break;
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const drawn = hook.frames.filter((t) => t > start);
      const gaps = [];
      for (let i = 1; i < drawn.length; i++) gaps.push(drawn[i] - drawn[i - 1]);
      return { gaps, seconds: (performance.now() - began) / 1000 };
    }, views);
    const measure = { page, home, frames, loaded, setView, scripted };
    result.pan = [];
    result.picks = [];
    // The plain GeoJsonLayer reference takes minutes per frame at 500k: BENCH_REF_ZOOMS (e.g. "0") limits its zooms.
    // Ours also 5 levels up, where the 三调 layer is drawn from its exact vector tiles (at +4 it is still rasters).
    const zooms = geojson ? (process.env.BENCH_REF_ZOOMS ?? '0,2,4').split(',').map(Number) : [0, 2, 4, 5];
    for (const dz of zooms) {
      const z = home.zoom + dz;
      const { start, ...pan } = await timedPan(measure, z);
      result.pan.push(pan);
      log(`${config}: pan at zoom ${z.toFixed(1)}: median frame ${pan.frameMs?.median.toFixed(0)} ms (${pan.frameMs?.n} frames)`);
      await setView(start);
      await loaded();
      result.picks.push({ zoom: z, ...(await timedPicks(page)) });
      result.memory.push(await memory(`after panning at zoom ${z.toFixed(1)}`));
    }
    // Zoom in from the county to 4 levels closer, and back out (skipped for a reference limited by BENCH_REF_ZOOMS).
    if (!(geojson && process.env.BENCH_REF_ZOOMS)) {
      const steps = Array.from({ length: frames }, (_, i) => ({ ...home, zoom: home.zoom + (4 * i) / (frames - 1) }));
      await setView(home);
      await loaded();
      const run = await scripted([...steps, ...[...steps].reverse()]);
      const s = stats(run.gaps);
      result.zoom = { fromZoom: home.zoom, toZoom: home.zoom + 4, frameMs: s, fps: s ? 1000 / s.median : null, seconds: run.seconds };
      log(`${config}: zoom in and out: median frame ${s?.median.toFixed(0)} ms`);
    }
    // Editing 永久基本农田 (the biggest 三线 layer) in the app as it is: it stays tiled (docs/scale.md).
    if (config === 'tiles-all' && process.env.BENCH_RENDER_EDIT !== '0') {
      try {
        result.edit = await editPart(measure);
        log(`${config}: edit 永久基本农田: ready ${result.edit.readyMs} ms, delete shown ${result.edit.delete?.shownMs} ms, undo shown ${result.edit.undo?.shownMs} ms`);
      } catch (e) {
        result.edit = { failed: String(e.message ?? e) };
      }
      result.memory.push(await memory('after editing'));
    }
    result.memory.push(await memory('end'));
  } finally {
    await close();
  }
  return result;
}

// Pixels → degrees at a zoom: deck.gl's world is 512·2^z pixels wide.
const degPerPx = (z) => 360 / (512 * 2 ** z);

/** A scripted pan at zoom z from the home view, its path's tiles (or geometry) loaded first so it times drawing. */
async function timedPan({ home, frames, loaded, setView, scripted }, z) {
  const path = Array.from({ length: frames }, (_, i) => ({ longitude: home.longitude + i * 6 * degPerPx(z), latitude: home.latitude - i * 3 * degPerPx(z), zoom: z }));
  for (const v of [path[0], path[path.length - 1]]) {
    await setView(v);
    await loaded();
  }
  const run = await scripted(path);
  const s = stats(run.gaps);
  return { zoom: z, frameMs: s, fps: s ? 1000 / s.median : null, seconds: run.seconds, start: path[0] };
}

/**
 * Picks as a click resolves them (over class rasters that includes asking main which parcel is there): five after
 * a first one that compiles the picking shaders, within 2 minutes.
 */
async function timedPicks(page) {
  const ms = [];
  let hits = 0;
  const pickStart = Date.now();
  for (let i = 0; i < 6 && Date.now() - pickStart < 120_000; i++) {
    const x = Math.round(VIEWPORT.width * (0.35 + 0.04 * i)), y = Math.round(VIEWPORT.height * (0.4 + 0.025 * i));
    const r = await page.evaluate(async ([px, py]) => { const t = performance.now(); const f = await window.__sanxian.pickAt(px, py); return { ms: performance.now() - t, hit: f !== null }; }, [x, y]);
    if (i > 0) ms.push(r.ms);
    if (r.hit) hits++;
  }
  return { ms: stats(ms), hits };
}

const EDITED_LAYER = { table: 'yjjbnt', label: '永久基本农田' };

/**
 * Editing a big layer: time from choosing it to the toolbar and its tiles drawn; a scripted pan at the county view
 * and 5 levels closer, and picks, while it is edited; a feature deleted with the delete tool close up (click → gone
 * from the map: main's edit, the tiles patched in its transaction, fetched again and drawn) and the undo (Ctrl+Z →
 * back on the map).
 */
async function editPart(measure) {
  const { page, home, loaded, setView } = measure;
  const out = { layer: EDITED_LAYER.table };
  const close = { ...home, zoom: home.zoom + 5 };
  await setView(close);
  await loaded();
  let t = Date.now();
  await page.getByTestId('edit-start').selectOption({ label: EDITED_LAYER.label });
  await page.getByTestId('tool-select').waitFor({ timeout: 10 * 60_000 });
  await loaded();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  out.readyMs = Date.now() - t;
  out.pan = [];
  for (const dz of [0, 5]) {
    const { start: _, ...pan } = await timedPan(measure, home.zoom + dz);
    out.pan.push(pan);
  }
  await setView(close);
  await loaded();
  out.picks = (await timedPicks(page)).ms;
  // A feature of the edited layer drawn in the middle part of the map, as the editing tools pick it.
  const target = await page.evaluate(() => {
    const host = window.__sanxianEditing.session.host;
    const canvas = window.__sanxian.deck.getCanvas();
    for (let gy = 0.35; gy <= 0.65; gy += 0.05) {
      for (let gx = 0.35; gx <= 0.65; gx += 0.05) {
        const x = Math.round(canvas.clientWidth * gx), y = Math.round(canvas.clientHeight * gy);
        // A feature drawn as one (a vector tile), not a class raster (whose feature main would name later).
        const ref = host.pickDrawnFeature({ x, y }, 'edit');
        if (typeof ref?.fid === 'number') return { x, y, fid: ref.fid };
      }
    }
    return null;
  });
  if (!target) return { ...out, note: 'no feature of the edited layer in view close up' };
  const box = await page.getByTestId('map').boundingBox();
  const drawnIs = (want) => page.waitForFunction(([x, y, fid, present]) => {
    const ref = window.__sanxianEditing.session.host.pickDrawnFeature({ x, y }, 'edit');
    return (ref?.fid === fid) === present;
  }, [target.x, target.y, target.fid, want], { timeout: 120_000, polling: 'raf' });
  await page.getByTestId('tool-delete').click();
  t = Date.now();
  await page.mouse.click(box.x + target.x, box.y + target.y);
  await drawnIs(false);
  out.delete = { fid: target.fid, shownMs: Date.now() - t };
  t = Date.now();
  await page.keyboard.press('Control+z');
  await drawnIs(true);
  out.undo = { shownMs: Date.now() - t };
  await page.getByTestId('edit-stop').click();
  return out;
}

/** The full check (`sanxian check`) on a copy: wall time and peak memory. */
function checkRun(sample) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-check-'));
  try {
    const ws = path.join(dir, 'ws.sqlite');
    copyFileSync(sample, ws);
    const t = timed(process.execPath, [cli, 'check', ws, '--json', path.join(dir, 'run.json')]);
    return { seconds: t.seconds, peakRssMiB: t.peakRssMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Import: the baseline exported as a whole scheme package (GeoPackage) and imported back as a draft. */
const IMPORT_ROUNDS = 3;

async function importRun(sample) {
  const bundle = path.join(root, '.cache', 'bench-render', 'schemes.cjs');
  await esbuild({
    stdin: { contents: `export { exportPackage, importPackage } from './main/core/schemes/package.ts'; export { Workspace } from './main/core/workspace/workspace.ts';`, resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' },
    outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], logLevel: 'warning',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-import-'));
  const script = path.join(dir, 'run.cjs');
  // The package as exported (the comparison alone, nothing to write) and with 1 % of the 三调 parcels
  // re-attributed, as a consultant would in QGIS (the draft then copies the layer and records each change for undo);
  // each imported IMPORT_ROUNDS times as a new draft, the median kept.
  writeFileSync(script, `const { exportPackage, importPackage, Workspace } = require(${JSON.stringify(bundle)});
    const Database = require(${JSON.stringify(path.join(root, 'node_modules', 'better-sqlite3'))});
    const ws = Workspace.open(process.argv[2]);
    let t = performance.now();
    exportPackage(ws, ws.scheme, process.argv[3]);
    const exportSeconds = (performance.now() - t) / 1000;
    const rounds = (name) => Array.from({ length: ${IMPORT_ROUNDS} }, (_, i) => {
      const t = performance.now();
      importPackage(ws, process.argv[3], { name: name + ' ' + (i + 1) });
      return (performance.now() - t) / 1000;
    });
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const importRuns = rounds('bench import');
    const pkg = new Database(process.argv[3]);
    const changedFeatures = pkg.prepare("UPDATE dltb SET BZ = 'bench' WHERE fid % 100 = 0").run().changes;
    pkg.close();
    const importChangedRuns = rounds('bench import, 1 % changed');
    console.log(JSON.stringify({ exportSeconds, importSeconds: median(importRuns), importChangedSeconds: median(importChangedRuns), changedFeatures, importRuns, importChangedRuns }));
    ws.close();`);
  try {
    const ws = path.join(dir, 'ws.sqlite');
    copyFileSync(sample, ws);
    const t = timed(process.execPath, [script, ws, path.join(dir, 'package.gpkg')], { cwd: root });
    return { ...JSON.parse(t.stdout.trim().split('\n').pop()), peakRssMiB: t.peakRssMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Growth between sizes: exponent k in cost ∝ n^k (1 = linear). */
function growth(points) {
  const ok = points.filter((p) => p.value > 0);
  const out = [];
  for (let i = 1; i < ok.length; i++) {
    out.push({ from: ok[i - 1].n, to: ok[i].n, ratio: ok[i].value / ok[i - 1].value, exponent: Math.log(ok[i].value / ok[i - 1].value) / Math.log(ok[i].n / ok[i - 1].n) });
  }
  return out;
}

export async function renderBench(opts = {}) {
  const sizes = opts.sizes ?? (process.env.BENCH_RENDER_SIZES ?? process.env.BENCH_SIZES ?? '20000,200000,500000').split(',').map(Number);
  const frames = Number(process.env.BENCH_FRAMES ?? 24);
  const opens = Number(process.env.BENCH_OPENS ?? 3);
  // BENCH_RENDER_CONFIGS= (empty) runs no browser: only the check, package and sample parts.
  const configs = (process.env.BENCH_RENDER_CONFIGS ?? 'tiles-all,tiles-dltb,geojson-dltb').split(',').filter(Boolean);
  const unknown = configs.filter((c) => !['tiles-all', 'tiles-dltb', 'geojson-dltb'].includes(c));
  if (unknown.length) throw new Error(`BENCH_RENDER_CONFIGS: unknown ${unknown.join(', ')} (tiles-all, tiles-dltb, geojson-dltb)`);
  const file = path.join(root, 'bench', 'results', 'render.json');
  // BENCH_RENDER_MERGE=1: keep what an earlier run measured and this one does not (each size and run has its date).
  const earlier = process.env.BENCH_RENDER_MERGE === '1' && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const results = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvgAtStart: os.loadavg() },
    at: new Date().toISOString(),
    method: {
      browser: `Debian Chromium, SwiftShader (software WebGL), software compositing (as Chromium falls back to without a GPU; scripts/chromium-args.mjs)${process.env.SANXIAN_GPU_COMPOSITING === '1' ? ' — NOT this run: SANXIAN_GPU_COMPOSITING=1, compositing through SwiftShader' : ''}, fresh profile per open (cold shader cache), viewport 1440×900`,
      firstFrame: `navigation start to the first frame with every visible layer drawn (window.__sanxian.firstFrameMs), median of ${opens} cold opens (firstFrameRunsMs; one for the GeoJsonLayer reference), each once the processor is quiet (85 % idle over a second, at most 30 s wait); the page load itself is part of it. Labels join in the frames after it (labelsFrameMs). cpuSecondsAtFirstFrame: CPU used by then by the server, the renderer and the GPU process (SwiftShader), of the last open`,
      frames: `${frames} camera moves, one per animation frame; frame time = gap between frames deck.gl drew (onAfterRender); tiles/geometry for the path loaded first`,
      picks: 'window.__sanxian.pickAt: deck.gl pick plus, over class rasters, the tiles.featureAt round trip to main; first pick (shader compile) left out',
      import: `scheme package of the workspace exported (exportSeconds), imported back as it is (importSeconds: the comparison alone) and again with every 100th 三调 parcel re-attributed in the package (importChangedSeconds: comparison, the draft's copy of the layer, each change recorded for undo); each the median of ${IMPORT_ROUNDS} imports as new drafts (importRuns, importChangedRuns); one Node process, peakRssMiB its peak`,
      edit: 'tiles-all only: 永久基本农田 chosen in the edit toolbar 5 levels closer than the county view → toolbar and its tiles drawn (readyMs); scripted pans at the county view and +5 and picks while it is edited; a feature deleted with the delete tool (click → gone from the map, shownMs) and Ctrl+Z (→ back, shownMs)',
      memory: 'main: RSS and peak RSS (VmHWM) of the server process (its worker threads included); renderer: JS heap (CDP) and RSS of the renderer and GPU processes',
      configs: { 'tiles-all': 'the app as it is: every layer of the sample visible, big ones from tiles', 'tiles-dltb': 'only the 三调 layer visible, from tiles', 'geojson-dltb': 'only the 三调 layer visible, as a plain deck.gl GeoJsonLayer of the whole layer (?bench=geojson)' },
    },
    sizes: [],
  };
  for (const n of sizes) {
    const { file, generation } = ensureSample(n);
    const entry = { parcels: n, at: new Date().toISOString(), loadAvg: os.loadavg(), sample: generation, runs: {} };
    for (const config of configs) {
      log(`${n} parcels, ${config}`);
      try {
        entry.runs[config] = { at: new Date().toISOString(), ...(await browserRun(file, config, frames, config.startsWith('geojson') ? 1 : opens)) };
      } catch (e) {
        log(`${config} failed: ${e.message}`);
        entry.runs[config] = { config, failed: String(e.message ?? e) };
      }
    }
    if (process.env.BENCH_RENDER_CHECK !== '0') {
      log(`${n} parcels: full check`);
      try { entry.check = checkRun(file); } catch (e) { entry.check = { failed: String(e.message ?? e) }; }
    }
    if (process.env.BENCH_RENDER_IMPORT !== '0') {
      log(`${n} parcels: scheme package export and import`);
      try { entry.import = await importRun(file); } catch (e) { entry.import = { failed: String(e.message ?? e) }; }
    }
    // BENCH_RENDER_MERGE=1 with fewer configs or parts: this size's other runs are kept from the earlier result.
    const before = earlier?.sizes?.find((e) => e.parcels === n);
    if (before) {
      for (const [config, run] of Object.entries(before.runs ?? {})) if (!entry.runs[config]) entry.runs[config] = { ...run, at: run.at ?? before.at };
      entry.check ??= before.check;
      entry.import ??= before.import;
    }
    const ours = entry.runs['tiles-dltb'], ref = entry.runs['geojson-dltb'];
    if (ours?.pan && ref?.pan) {
      entry.panSpeedup = ours.pan.map((p) => {
        const r = ref.pan.find((q) => q.zoom === p.zoom);
        return { zoom: p.zoom, ours: p.fps, geojson: r?.fps ?? null, ratio: p.fps && r?.fps ? p.fps / r.fps : null };
      });
    }
    results.sizes.push(entry);
    writeFileSync(path.join(root, 'bench', 'results', 'render.json.tmp'), JSON.stringify(results, null, 2));
  }
  if (earlier) {
    for (const e of earlier.sizes ?? []) if (!results.sizes.some((x) => x.parcels === e.parcels)) results.sizes.push({ ...e, machine: e.machine ?? earlier.machine });
    results.sizes.sort((a, b) => a.parcels - b.parcels);
  }
  const series = (get) => results.sizes.map((e) => ({ n: e.parcels, value: get(e) ?? 0 }));
  results.growth = {
    firstFrameMs: growth(series((e) => e.runs['tiles-all']?.firstFrameMs)),
    panFrameMsCounty: growth(series((e) => e.runs['tiles-all']?.pan?.[0]?.frameMs?.median)),
    mainPeakMiB: growth(series((e) => e.runs['tiles-all']?.memory?.at(-1)?.mainPeakMiB)),
    rendererJsHeapMiB: growth(series((e) => e.runs['tiles-all']?.memory?.at(-1)?.rendererJsHeapMiB)),
    sampleSeconds: growth(series((e) => e.sample?.seconds)),
    checkSeconds: growth(series((e) => e.check?.seconds)),
    importSeconds: growth(series((e) => e.import?.importSeconds)),
    importChangedSeconds: growth(series((e) => e.import?.importChangedSeconds)),
    editReadyMs: growth(series((e) => e.runs['tiles-all']?.edit?.readyMs)),
  };
  results.machine.loadAvgAtEnd = os.loadavg();
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await renderBench();
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  const file = path.join(root, 'bench', 'results', 'render.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  rmSync(`${file}.tmp`, { force: true });
  console.log(`wrote ${path.relative(root, file)}`);
}
