// `npm run bench`: performance figures, written as JSON to bench/results/. Not a test: it measures and records.
// Foundation: sample generation (20k and 200k parcels) and open-to-first-frame of the 20k sample in Chromium.
// Overlay (scripts/bench-overlay.mjs): our check against ogr2ogr and QGIS on the 200k sample → overlay.json.
// Env: BENCH_SIZES (sample sizes, default 20000,200000), BENCH_OVERLAY_PARCELS (default 200000; 0 skips the overlay
// part), BENCH_OVERLAY_ROUNDS, BENCH_OVERLAY_QGIS=0.
// Import (scripts/bench-import.mjs): `sanxian import` of a 500,000-feature GBK shapefile against ogr2ogr into
// SpatiaLite → import.json. Env: BENCH_IMPORT_PARCELS (default 500000; 0 skips), BENCH_IMPORT_ROUNDS.
// Scale (scripts/bench-render.mjs, docs/scale.md): on 20k, 200k and 500k parcels, open to first frame, pan and zoom
// frame times against a plain GeoJsonLayer, pick latency, memory of both processes, check, import and sample times
// → render.json. Env: BENCH_RENDER=0 skips; BENCH_RENDER_SIZES (else BENCH_SIZES, else 20000,200000,500000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBench } from './bench-import.mjs';
import { overlayBench } from './bench-overlay.mjs';
import { renderBench } from './bench-render.mjs';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
import { build, ensureNativeForNode, ensureNodeModules, ensureSystemPackages, root } from './setup.mjs';

ensureSystemPackages('bench');
ensureNodeModules();
ensureNativeForNode();
build();

const sizes = (process.env.BENCH_SIZES ?? '20000,200000').split(',').map(Number);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-'));
const cli = path.join(root, 'bin', 'sanxian.cjs');
const results = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, at: new Date().toISOString(), sample: [], firstFrame: null };

for (const n of sizes) {
  const out = path.join(tmp, `sample-${n}.sqlite`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'sample', out, '--parcels', String(n), '--seed', '1'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`sample ${n} failed: ${r.stderr}`);
  const summary = JSON.parse(r.stdout);
  results.sample.push({ parcels: n, seconds: (performance.now() - t0) / 1000, fileMiB: statSync(out).size / 2 ** 20, peakRssMiB: summary.peakRssMiB ?? null });
  console.error(`sample ${n}: ${results.sample.at(-1).seconds.toFixed(1)} s`);
}

// Open-to-first-frame: browser mode on the 20k sample, measured by the renderer itself (window.__sanxian.firstFrameMs,
// from navigation start to the first frame with every visible layer drawn).
{
  const ws = path.join(tmp, 'sample-20000.sqlite');
  if (!sizes.includes(20000)) spawnSync(process.execPath, [cli, 'sample', ws, '--parcels', '20000'], { stdio: 'ignore' });
  const { chromium } = await import('playwright-core');
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const server = spawn(process.execPath, [cli, 'serve', ws, '--port', '0'], { env: { ...process.env, SANXIAN_STATE_DIR: path.join(tmp, `state-${i}`) } });
    const url = await new Promise((resolve, reject) => {
      let buf = '';
      server.stdout.on('data', (d) => { buf += d; const m = buf.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/); if (m) resolve(m[1]); });
      server.on('exit', (c) => reject(new Error(`server exited ${c}`)));
    });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => window.__sanxian?.firstFrameMs != null, null, { timeout: 120_000 });
    // Split the figure: when the last layer's geometry arrived (main's share) and when it was drawn (the renderer's).
    runs.push(await page.evaluate(() => ({
      firstFrameMs: window.__sanxian.firstFrameMs,
      geometryArrivedMs: Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/rpc/layers.geometry')).map((e) => e.responseEnd)),
    })));
    await browser.close();
    server.kill();
  }
  runs.sort((a, b) => a.firstFrameMs - b.firstFrameMs);
  const median = runs[1];
  results.firstFrame = {
    parcels: 20000, medianMs: median.firstFrameMs, geometryArrivedMs: median.geometryArrivedMs, runs,
    note: 'SwiftShader software WebGL on 2 cores shared with the server; navigation start to first frame with all visible layers drawn',
  };
  console.error(`first frame (20k): median ${median.firstFrameMs.toFixed(0)} ms (geometry arrived at ${median.geometryArrivedMs.toFixed(0)} ms)`);
}

mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const file = path.join(root, 'bench', 'results', 'foundation.json');
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`wrote ${path.relative(root, file)}`);

// Overlay: reuses the sample generated above when it has the size asked for.
const overlayParcels = Number(process.env.BENCH_OVERLAY_PARCELS ?? 200000);
if (overlayParcels > 0) {
  const ws = path.join(tmp, `sample-${overlayParcels}.sqlite`);
  if (!sizes.includes(overlayParcels)) {
    const r = spawnSync(process.execPath, [cli, 'sample', ws, '--parcels', String(overlayParcels), '--seed', '1'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`sample ${overlayParcels} failed`);
  }
  const overlay = {
    machine: { ...results.machine, loadAvg: os.loadavg() }, at: new Date().toISOString(), workspaceMiB: statSync(ws).size / 2 ** 20,
    ...(await overlayBench({ ws, tmp })),
  };
  const ofile = path.join(root, 'bench', 'results', 'overlay.json');
  writeFileSync(ofile, JSON.stringify(overlay, null, 2));
  console.log(`wrote ${path.relative(root, ofile)}: ours ${overlay.ours.equivalent.seconds.toFixed(1)} s, ` +
    `${overlay.ratios.vsFaster.toFixed(2)}× the faster reference (${overlay.ratios.faster})`);
}
// Import: a GBK shapefile of the sample's 三调 parcels, ours against ogr2ogr.
const importParcels = Number(process.env.BENCH_IMPORT_PARCELS ?? 500000);
if (importParcels > 0) {
  const sample = path.join(tmp, `sample-${importParcels}.sqlite`);
  if (!existsSync(sample)) {
    const r = spawnSync(process.execPath, [cli, 'sample', sample, '--parcels', String(importParcels), '--seed', '1'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`sample ${importParcels} failed`);
  }
  const imp = { machine: { ...results.machine, loadAvg: os.loadavg() }, at: new Date().toISOString(), ...(await importBench({ sample, tmp })) };
  const ifile = path.join(root, 'bench', 'results', 'import.json');
  writeFileSync(ifile, JSON.stringify(imp, null, 2));
  console.log(`wrote ${path.relative(root, ifile)}: ours ${imp.ours.best.seconds} s, ogr2ogr ${imp.ogr2ogr.best.seconds} s (${imp.ratio.toFixed(2)}×)`);
}
// Scale: the renderer and the size-dependent costs per sample size.
if (process.env.BENCH_RENDER !== '0') {
  const render = await renderBench();
  const rfile = path.join(root, 'bench', 'results', 'render.json');
  writeFileSync(rfile, JSON.stringify(render, null, 2) + '\n');
  rmSync(`${rfile}.tmp`, { force: true });
  console.log(`wrote ${path.relative(root, rfile)}`);
}
rmSync(tmp, { recursive: true, force: true });
