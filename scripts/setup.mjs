// Brings a fresh Debian/Ubuntu checkout to a runnable state: system packages (where root can apt-get them),
// npm packages, the native SQLite module built for the runtime about to start, and the build.
// Used by `npm start` (runtime) and `npm test` (runtime + test references).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SPATIALITE_PATHS = ['/usr/lib/x86_64-linux-gnu/mod_spatialite.so', '/usr/lib/aarch64-linux-gnu/mod_spatialite.so',
  '/opt/homebrew/lib/mod_spatialite.dylib', '/usr/local/lib/mod_spatialite.dylib'];

/** Debian package → file that proves it is installed. */
const RUNTIME_PACKAGES = { 'libsqlite3-mod-spatialite': () => SPATIALITE_PATHS.some(existsSync) || !!process.env.SANXIAN_SPATIALITE };
const TEST_PACKAGES = {
  chromium: () => existsSync('/usr/bin/chromium'),
  'gdal-bin': () => existsSync('/usr/bin/ogr2ogr'),
  'spatialite-bin': () => existsSync('/usr/bin/spatialite'),
  'fonts-noto-cjk': () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  'poppler-utils': () => existsSync('/usr/bin/pdftoppm'),
};

/**
 * Used only by `npm run bench` (never by the app or `npm test`): the reference tools the overlay benchmark compares
 * with — GDAL's ogr2ogr and QGIS's qgis_process (Debian's QGIS 3.22) — and GNU time for peak memory.
 */
const BENCH_PACKAGES = {
  'gdal-bin': () => existsSync('/usr/bin/ogr2ogr'),
  qgis: () => existsSync('/usr/bin/qgis_process.bin'),
  time: () => existsSync('/usr/bin/time'),
};

const log = (m) => console.error(`[setup] ${m}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** which: 'runtime' (npm start), 'test' (npm test: + test references), 'bench' (npm run bench: + ogr2ogr, QGIS). */
export function ensureSystemPackages(which) {
  const wanted = { ...RUNTIME_PACKAGES, ...(which === 'test' || which === 'bench' ? TEST_PACKAGES : {}), ...(which === 'bench' ? BENCH_PACKAGES : {}) };
  const missing = Object.entries(wanted).filter(([, ok]) => !ok()).map(([p]) => p);
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install ${missing.join(' ')}` +
      (process.platform === 'darwin' ? ' (macOS: brew install libspatialite)' : ''));
    if (missing.includes('libsqlite3-mod-spatialite')) process.exit(1);
    return;
  }
  log(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(stamp) || (existsSync(lock) && readFileSync(lock, 'utf8').length > 0 &&
    JSON.parse(readFileSync(lock, 'utf8')).packages?.['node_modules/better-sqlite3']?.version !==
      JSON.parse(readFileSync(stamp, 'utf8')).packages?.['node_modules/better-sqlite3']?.version);
  if (!stale) return;
  log('npm ci');
  run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

/** better-sqlite3 must be compiled for Node here (tests, CLI, browser mode). Rebuild from source if it does not load. */
export function ensureNativeForNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, encoding: 'utf8' });
  if (probe.status === 0) return;
  log('better-sqlite3 is not built for this Node; rebuilding from source');
  run('npm', ['rebuild', 'better-sqlite3', '--build-from-source']);
}

export function build() {
  run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
}

export function sh(cmd) {
  return execSync(cmd, { cwd: root, encoding: 'utf8' }).trim();
}
