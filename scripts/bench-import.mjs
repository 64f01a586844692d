// `npm run bench`, import part: `sanxian import` of a 500,000-feature GBK shapefile (the sample's 三调 parcels written
// by ogr2ogr with ENCODING=GBK) against `ogr2ogr -f SQLite -dsco SPATIALITE=YES` on the same file, in the same run,
// alternating, best of BENCH_IMPORT_ROUNDS each. Both produce a SpatiaLite table with a spatial index; ours also checks
// every geometry's validity (GEOS) and writes the layer registry, all in one transaction. Also checks that both read
// the same features: count, total area, and the GBK text (地类名称) decoded alike. Writes bench/results/import.json.
//
// Standalone: node scripts/bench-import.mjs [SAMPLE.sqlite]   (default: generates BENCH_IMPORT_PARCELS, 500,000)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './setup.mjs';

const require = createRequire(import.meta.url);
const cli = path.join(root, 'bin', 'sanxian.cjs');
const log = (m) => console.error(`[bench-import] ${m}`);

/** Runs a command under /usr/bin/time: wall seconds, peak RSS (MiB), CPU seconds; throws on failure. */
function timed(cmd, args) {
  const tfile = path.join(os.tmpdir(), `sanxian-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync('/usr/bin/time', ['-o', tfile, '-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const t = existsSync(tfile) ? readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  rmSync(tfile, { force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  return { seconds: t[0], peakRssMiB: Math.round(t[1] / 1024), cpuSeconds: Math.round((t[2] + t[3]) * 100) / 100, stdout: r.stdout };
}

/** Count, total planar area and the number of 水田 parcels, read with SpatiaLite. */
function summary(file, table, geom) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    db.loadExtension('mod_spatialite');
    return db.prepare(`SELECT COUNT(*) n, SUM(ST_Area("${geom}")) area, SUM(dlmc = '水田') paddy, COUNT(DISTINCT dlmc) classes FROM "${table}"`).get();
  } finally {
    db.close();
  }
}

function rmSqlite(f) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(f + s, { force: true });
}

export async function importBench({ sample, tmp, rounds = Number(process.env.BENCH_IMPORT_ROUNDS ?? 2) }) {
  const shp = path.join(tmp, 'dltb_gbk.shp');
  if (!existsSync(shp)) {
    log('writing the GBK shapefile with ogr2ogr');
    const r = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', shp, sample, 'dltb', '-nln', 'dltb_gbk'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ogr2ogr export failed: ${r.stderr}`);
  }
  const sizes = Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [e, statSync(shp.replace(/\.shp$/, `.${e}`)).size]));
  const ours = [], ogr = [];
  const oursWs = path.join(tmp, 'import-ours.sqlite'), ogrDb = path.join(tmp, 'import-ogr.sqlite');
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first so neither always has the warmer page cache.
    const order = i % 2 === 0 ? ['ours', 'ogr'] : ['ogr', 'ours'];
    for (const who of order) {
      if (who === 'ours') {
        rmSqlite(oursWs);
        spawnSync(process.execPath, [cli, 'create', oursWs, '--srid', '4528'], { stdio: 'ignore' });
        const t = timed(process.execPath, [cli, 'import', oursWs, shp]);
        ours.push({ seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakRssMiB: t.peakRssMiB });
        log(`ours round ${i + 1}: ${t.seconds} s`);
      } else {
        rmSqlite(ogrDb);
        const t = timed('ogr2ogr', ['-f', 'SQLite', '-dsco', 'SPATIALITE=YES', ogrDb, shp]);
        ogr.push({ seconds: t.seconds, cpuSeconds: t.cpuSeconds, peakRssMiB: t.peakRssMiB });
        log(`ogr2ogr round ${i + 1}: ${t.seconds} s`);
      }
    }
  }
  const a = summary(oursWs, 'dltb', 'geom');
  const b = summary(ogrDb, 'dltb_gbk', 'GEOMETRY');
  const best = (list) => list.reduce((x, y) => (y.seconds < x.seconds ? y : x));
  const result = {
    shapefile: { features: b.n, bytes: sizes, encoding: 'GBK (.cpg)', crs: 'EPSG:4528 (.prj written by GDAL)' },
    ours: { best: best(ours), rounds: ours, command: 'sanxian import WS.sqlite dltb_gbk.shp (validity of every geometry checked, one transaction)' },
    ogr2ogr: { best: best(ogr), rounds: ogr, command: 'ogr2ogr -f SQLite -dsco SPATIALITE=YES OUT.sqlite dltb_gbk.shp' },
    ratio: best(ogr).seconds / best(ours).seconds,
    agreement: {
      count: [a.n, b.n], areaM2: [a.area, b.area], areaRelDiff: Math.abs(a.area - b.area) / b.area,
      paddyParcels: [a.paddy, b.paddy], dlmcClasses: [a.classes, b.classes],
    },
  };
  if (a.n !== b.n || a.paddy !== b.paddy || result.agreement.areaRelDiff > 1e-9) {
    throw new Error(`the two imports disagree: ${JSON.stringify(result.agreement)}`);
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sanxian-bench-import-'));
  try {
    let sample = process.argv[2];
    if (!sample) {
      const n = Number(process.env.BENCH_IMPORT_PARCELS ?? 500000);
      sample = path.join(tmp, `sample-${n}.sqlite`);
      log(`generating the ${n}-parcel sample`);
      const r = spawnSync(process.execPath, [cli, 'sample', sample, '--parcels', String(n), '--seed', '1'], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error('sample generation failed');
    }
    const out = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvg: os.loadavg() },
      at: new Date().toISOString(), ...(await importBench({ sample, tmp })),
    };
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const file = path.join(root, 'bench', 'results', 'import.json');
    writeFileSync(file, JSON.stringify(out, null, 2));
    console.log(`wrote ${path.relative(root, file)}: ours ${out.ours.best.seconds} s, ogr2ogr ${out.ogr2ogr.best.seconds} s (${out.ratio.toFixed(2)}×)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
