// `npm run bench`, overlay part: our check against the same overlay done by ogr2ogr (SQLite dialect) and by QGIS
// (qgis_process native:intersection), on the same workspace file, in the same run. Writes
// bench/results/overlay.json: times, ratios (reference time / ours), area agreement per pair, peak memory.
// docs/checks.md (Benchmarks) defines "the equivalent overlay" and how each figure is measured.
//
// Standalone: node scripts/bench-overlay.mjs [WS.sqlite]   (default: generates BENCH_OVERLAY_PARCELS, 200,000)
// Env: BENCH_OVERLAY_PARCELS (sample size), BENCH_OVERLAY_ROUNDS (timed rounds of ours and ogr2ogr, best kept; 3),
//      BENCH_OVERLAY_QGIS=0 (skip QGIS).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './setup.mjs';

const require = createRequire(import.meta.url);
const cli = path.join(root, 'bin', 'sanxian.cjs');
const QGIS = '/usr/bin/qgis_process.bin'; // the /usr/bin/qgis_process wrapper adds a flag that QGIS 3.22 rejects
const LINE_KINDS = ['eco_redline', 'permanent_farmland', 'urban_boundary'];
// The engine's line-conflict pairs, in its order (a ∩ b).
const CONFLICTS = [['eco_redline', 'permanent_farmland'], ['permanent_farmland', 'urban_boundary'], ['eco_redline', 'urban_boundary']];
const log = (m) => console.error(`[bench-overlay] ${m}`);

/** Runs a command under /usr/bin/time: wall seconds, peak RSS (MiB), CPU seconds; throws on failure. */
function timed(cmd, args, opts = {}) {
  const tfile = path.join(os.tmpdir(), `sanxian-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync('/usr/bin/time', ['-o', tfile, '-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  const t = existsSync(tfile) ? readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  rmSync(tfile, { force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  return { seconds: t[0], peakRssMiB: Math.round(t[1] / 1024), cpuSeconds: t[2] + t[3], stdout: r.stdout, stderr: r.stderr };
}

/** The workspace's layers by kind (sx_layers), with feature counts and one attribute column to carry along. */
function layersOf(ws) {
  const Database = require('better-sqlite3');
  const db = new Database(ws, { readonly: true });
  try {
    const rows = db.prepare('SELECT table_name t, kind FROM sx_layers ORDER BY sort_order, id').all();
    const byKind = {};
    for (const r of rows) {
      if (byKind[r.kind]) continue;
      const n = db.prepare(`SELECT COUNT(*) n FROM "${r.t}"`).get().n;
      const field = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE name NOT IN ('fid', 'geom') ORDER BY cid LIMIT 1`).get(r.t)?.name ?? null;
      byKind[r.kind] = { table: r.t, features: n, field };
    }
    return byKind;
  } finally {
    db.close();
  }
}

/** What our run saved: exact overlay areas by pair of tables, duration, findings. */
function savedRun(ws) {
  const Database = require('better-sqlite3');
  const db = new Database(ws, { readonly: true });
  try {
    const r = db.prepare('SELECT id, duration_ms d, stats_json s, totals_json t FROM sx_check_runs ORDER BY id DESC LIMIT 1').get();
    return { runId: r.id, durationMs: r.d, overlayAreas: JSON.parse(r.s ?? '{}').overlayAreas ?? {}, totals: JSON.parse(r.t ?? '{}') };
  } finally {
    db.close();
  }
}

/** Count and summed area of a result layer, computed by GDAL (SQLite dialect, SpatiaLite's ST_Area). */
function layerArea(file, layer) {
  const out = execFileSync('ogrinfo', ['-ro', '-q', file, '-dialect', 'SQLite', '-sql', `SELECT COUNT(*) n, SUM(ST_Area(geom)) a FROM "${layer}"`], { encoding: 'utf8' });
  const n = Number(/n \(Integer\) = (\d+)/.exec(out)?.[1] ?? 0);
  const a = Number(/a \(Real\) = ([-\d.e+]+)/.exec(out)?.[1] ?? 0);
  return { features: n, areaM2: a };
}

/**
 * ogr2ogr, SQLite dialect: ST_Intersection over a spatial-index join (the layer with fewer features drives, the
 * other is looked up in its R*Tree; ST_Intersects first, so SpatiaLite prepares the repeated driving geometry),
 * polygonal results only, written to a GeoPackage (no spatial index on the output).
 */
function ogrJob(ws, a, b, out) {
  const [drive, look] = a.features <= b.features ? [a, b] : [b, a];
  const sql = `SELECT * FROM (SELECT d.fid AS fid_${drive.table}, l.fid AS fid_${look.table},
      CollectionExtract(ST_Intersection(d.geom, l.geom), 3) AS geom
    FROM "${drive.table}" d JOIN "${look.table}" l ON l.ROWID IN (SELECT pkid FROM "idx_${look.table}_geom"
      WHERE xmin <= MbrMaxX(d.geom) AND xmax >= MbrMinX(d.geom) AND ymin <= MbrMaxY(d.geom) AND ymax >= MbrMinY(d.geom))
    WHERE ST_Intersects(d.geom, l.geom) LIMIT -1) WHERE geom IS NOT NULL`;
  return ['ogr2ogr', ['-f', 'GPKG', out, ws, '-dialect', 'SQLite', '-sql', sql, '-nln', 'x', '-nlt', 'MULTIPOLYGON', '-lco', 'SPATIAL_INDEX=NO', '-overwrite']];
}

/** QGIS native:intersection: the layer with fewer features as INPUT (measured faster), one attribute each. */
function qgisJob(ws, a, b, out) {
  const [inp, ovl] = a.features <= b.features ? [a, b] : [b, a];
  return [QGIS, ['run', 'native:intersection', `--INPUT=${ws}|layername=${inp.table}`, `--OVERLAY=${ws}|layername=${ovl.table}`,
    ...(inp.field ? [`--INPUT_FIELDS=${inp.field}`] : []), ...(ovl.field ? [`--OVERLAY_FIELDS=${ovl.field}`] : []), `--OUTPUT=${out}`]];
}

function runPairs(kind, pairs, ws, dir) {
  const out = [];
  for (const p of pairs) {
    const file = path.join(dir, `${kind}-${p.a.table}-${p.b.table}.gpkg`);
    rmSync(file, { force: true });
    const [cmd, args] = kind === 'qgis' ? qgisJob(ws, p.a, p.b, file) : ogrJob(ws, p.a, p.b, file);
    const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen' };
    const t = timed(cmd, args, { env });
    const area = layerArea(file, kind === 'qgis' ? path.basename(file, '.gpkg') : 'x');
    out.push({ pair: p.key, seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakRssMiB: t.peakRssMiB, ...area });
    rmSync(file, { force: true });
    log(`${kind} ${p.key}: ${t.seconds.toFixed(1)} s, ${area.features} polygons, ${area.areaM2.toFixed(3)} m²`);
  }
  return { pairs: out, seconds: out.reduce((s, x) => s + x.seconds, 0), cpuSeconds: out.reduce((s, x) => s + x.cpuSeconds, 0), peakRssMiB: Math.max(...out.map((x) => x.peakRssMiB)) };
}

/** The same ogr2ogr jobs two at a time (both cores), longest first: wall time of the batch. */
async function ogrParallel(pairs, ws, dir, longestFirst) {
  const order = [...pairs].sort((x, y) => (longestFirst[y.key] ?? 0) - (longestFirst[x.key] ?? 0));
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const p = order[next++];
      const file = path.join(dir, `par-${p.a.table}-${p.b.table}.gpkg`);
      const [cmd, args] = ogrJob(ws, p.a, p.b, file);
      await new Promise((resolve, reject) => spawn(cmd, args, { stdio: 'ignore' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`${cmd} exit ${c}`)))));
      rmSync(file, { force: true });
    }
  };
  await Promise.all([worker(), worker()]);
  return (performance.now() - t0) / 1000;
}

function ours(ws, copy, args) {
  copyFileSync(ws, copy);
  const t = timed(process.execPath, [cli, 'check', copy, ...args]);
  const saved = savedRun(copy);
  rmSync(copy, { force: true });
  for (const ext of ['-wal', '-shm']) rmSync(copy + ext, { force: true });
  return { seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakRssMiB: t.peakRssMiB, runDurationMs: saved.durationMs, overlayAreas: saved.overlayAreas, totals: saved.totals };
}

const rel = (a, b) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const min = (xs) => Math.min(...xs);

export async function overlayBench({ ws, tmp, rounds = Number(process.env.BENCH_OVERLAY_ROUNDS ?? 3), qgis = process.env.BENCH_OVERLAY_QGIS !== '0' }) {
  const layers = layersOf(ws);
  const lu = layers.landuse;
  if (!lu || LINE_KINDS.some((k) => !layers[k])) throw new Error('the workspace needs 三调 parcels and the three lines');
  const pair = (ka, kb) => ({ a: layers[ka], b: layers[kb], key: `${layers[ka].table}|${layers[kb].table}` });
  const pairs = [...CONFLICTS.map(([a, b]) => pair(a, b)), ...LINE_KINDS.map((k) => pair('landuse', k))];
  const dir = mkdtempSync(path.join(tmp, 'overlay-'));
  const copy = path.join(dir, 'ours.sqlite');
  const equivalent = ['--checks', 'line_conflicts,landuse_in_lines'];

  // Interleaved rounds: ours, then ogr2ogr; the best round of each is kept (the machine may be shared).
  // The load average before each timed run says how much of the machine others were using.
  const oursRuns = [], ogrRuns = [];
  for (let i = 0; i < rounds; i++) {
    const load = os.loadavg()[0];
    oursRuns.push({ ...ours(ws, copy, equivalent), load });
    log(`ours (equivalent) round ${i + 1}: ${oursRuns.at(-1).seconds.toFixed(1)} s (${oursRuns.at(-1).cpuSeconds.toFixed(1)} s CPU), peak ${oursRuns.at(-1).peakRssMiB} MiB, load ${load.toFixed(1)}`);
    const load2 = os.loadavg()[0];
    ogrRuns.push({ ...runPairs('ogr2ogr', pairs, ws, dir), load: load2 });
    log(`ogr2ogr round ${i + 1}: ${ogrRuns.at(-1).seconds.toFixed(1)} s, load ${load2.toFixed(1)}`);
  }
  const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const oursBest = best(oursRuns), ogrBest = best(ogrRuns);
  const ogrPar = await ogrParallel(pairs, ws, dir, Object.fromEntries(ogrBest.pairs.map((p) => [p.pair, p.seconds])));
  log(`ogr2ogr, two jobs at a time: ${ogrPar.toFixed(1)} s`);
  const qgisRun = qgis && existsSync(QGIS) ? runPairs('qgis', pairs, ws, dir) : null;
  if (qgisRun) log(`qgis: ${qgisRun.seconds.toFixed(1)} s`);
  const full = ours(ws, copy, []);
  log(`ours (full check): ${full.seconds.toFixed(1)} s, peak ${full.peakRssMiB} MiB`);
  // Our engine at the sample's own precision (1 µm) instead of the 1 mm grid: shows what the snapping accounts for.
  const micro = ours(ws, copy, [...equivalent, '--params', JSON.stringify({ gridSize: 1e-6 })]);
  log(`ours at a 1 µm grid: ${micro.seconds.toFixed(1)} s`);
  rmSync(dir, { recursive: true, force: true });

  const faster = qgisRun && qgisRun.seconds < ogrBest.seconds ? { tool: 'qgis', seconds: qgisRun.seconds } : { tool: 'ogr2ogr', seconds: ogrBest.seconds };
  const refArea = (run, key) => run?.pairs.find((p) => p.pair === key)?.areaM2 ?? null;
  const agreement = pairs.map((p) => {
    const o = oursBest.overlayAreas[p.key] ?? 0, m = micro.overlayAreas[p.key] ?? 0;
    const g = refArea(ogrBest, p.key), q = refArea(qgisRun, p.key);
    return {
      pair: p.key, oursM2: o, ogr2ogrM2: g, qgisM2: q,
      relVsOgr2ogr: g === null ? null : rel(o, g), relVsQgis: q === null ? null : rel(o, q),
      oursMicroGridM2: m, microGridRelVsOgr2ogr: g === null ? null : rel(m, g),
      ogr2ogrVsQgis: g === null || q === null ? null : rel(g, q),
    };
  });
  const maxRel = (k) => Math.max(...agreement.map((a) => a[k] ?? 0));
  const ratio = faster.seconds / oursBest.seconds;
  return {
    parcels: lu.features,
    layers: Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, { table: v.table, features: v.features }])),
    definition: 'the three line-vs-line intersections and the 三调 parcels intersected with each line (docs/checks.md, Benchmarks)',
    versions: {
      ogr2ogr: spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).stdout.trim(),
      qgis: qgisRun ? (/QGIS version\s+(\S+)/.exec(spawnSync(QGIS, ['--version'], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } }).stdout)?.[1] ?? null) : null,
    },
    ours: {
      equivalent: { command: `sanxian check WS ${equivalent.join(' ')}`, seconds: oursBest.seconds,
        rounds: oursRuns.map((r) => ({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, loadAvg1: r.load })),
        cpuSeconds: Math.min(...oursRuns.map((r) => r.cpuSeconds)), peakRssMiB: Math.max(...oursRuns.map((r) => r.peakRssMiB)), runDurationMs: oursBest.runDurationMs },
      full: { command: 'sanxian check WS', seconds: full.seconds, cpuSeconds: full.cpuSeconds, peakRssMiB: full.peakRssMiB, runDurationMs: full.runDurationMs },
      microGrid: { command: `sanxian check WS ${equivalent.join(' ')} --params '{"gridSize":1e-6}'`, seconds: micro.seconds, peakRssMiB: micro.peakRssMiB },
      peakMemoryNote: 'maximum resident set size of the sanxian process (/usr/bin/time %M); the worker threads share it',
    },
    ogr2ogr: { seconds: ogrBest.seconds, rounds: ogrRuns.map((r) => ({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, loadAvg1: r.load })),
      cpuSeconds: Math.min(...ogrRuns.map((r) => r.cpuSeconds)), pairs: ogrBest.pairs, peakRssMiB: ogrBest.peakRssMiB, twoAtATimeSeconds: ogrPar },
    qgis: qgisRun,
    ratios: {
      note: 'reference wall time / our wall time on the equivalent work (higher is better for us)',
      vsOgr2ogr: ogrBest.seconds / oursBest.seconds,
      vsQgis: qgisRun ? qgisRun.seconds / oursBest.seconds : null,
      vsFaster: ratio, faster: faster.tool,
      vsOgr2ogrTwoAtATime: ogrPar / oursBest.seconds,
      // CPU time is what a shared machine disturbs least: ogr2ogr's CPU seconds / ours (ours spread over two threads).
      cpuVsOgr2ogr: Math.min(...ogrRuns.map((r) => r.cpuSeconds)) / Math.min(...oursRuns.map((r) => r.cpuSeconds)),
      fullCheckVsFaster: faster.seconds / full.seconds,
    },
    agreement: {
      note: 'summed area of the intersection polygons per pair of layers; ours at the default 1 mm grid and at 1 µm',
      pairs: agreement,
      maxRelVsOgr2ogr: maxRel('relVsOgr2ogr'), maxRelVsQgis: qgisRun ? maxRel('relVsQgis') : null,
      maxRelMicroGridVsOgr2ogr: maxRel('microGridRelVsOgr2ogr'),
    },
    target: { ratio: 3, ratioMet: ratio >= 3, areaRel: 1e-6, areaMetAt1mm: maxRel('relVsOgr2ogr') <= 1e-6, areaMetAtMicroGrid: maxRel('microGridRelVsOgr2ogr') <= 1e-6 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { build, ensureNativeForNode, ensureNodeModules, ensureSystemPackages } = await import('./setup.mjs');
  ensureSystemPackages('bench');
  ensureNodeModules();
  ensureNativeForNode();
  build();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-'));
  try {
    let ws = process.argv[2];
    const n = Number(process.env.BENCH_OVERLAY_PARCELS ?? 200000);
    if (!ws) {
      ws = path.join(tmp, `sample-${n}.sqlite`);
      log(`generating a ${n}-parcel sample`);
      execFileSync(process.execPath, [cli, 'sample', ws, '--parcels', String(n), '--seed', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const results = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvg: os.loadavg() },
      at: new Date().toISOString(), workspaceMiB: statSync(ws).size / 2 ** 20, ...(await overlayBench({ ws, tmp })),
    };
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const file = path.join(root, 'bench', 'results', 'overlay.json');
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`wrote ${path.relative(root, file)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
