// `npm start`: installs what is missing, builds, makes sure the bundled sample exists, then starts the Electron
// window, or browser mode on 127.0.0.1 where the Electron binary cannot be had (or with --browser).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, ensureNativeForNode, ensureNodeModules, ensureSystemPackages, root } from './setup.mjs';

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.SANXIAN_BROWSER === '1';
const workspaceArg = args.find((a) => !a.startsWith('--'));
const samplePath = path.join(root, 'resources', 'sample', 'jintan-sample.sqlite');

ensureSystemPackages('runtime');
ensureNodeModules();
ensureNativeForNode();
build();

if (!existsSync(samplePath)) {
  console.error('[start] generating the bundled sample workspace (金坛区, 20,000 parcels)…');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'sanxian.cjs'), 'sample', samplePath], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron executable, downloading it if this machine can; undefined when it cannot be had. */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const ready = () => {
    try {
      const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8');
      const exe = path.join(dir, 'dist', rel);
      return existsSync(exe) ? exe : undefined;
    } catch {
      return undefined;
    }
  };
  if (ready()) return ready();
  if (!existsSync(path.join(dir, 'install.js'))) return undefined;
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return r.status === 0 ? ready() : undefined;
}

/** better-sqlite3 built for Electron's ABI, kept beside the Node build so tests and CLI keep working. */
function ensureNativeForElectron(version) {
  const out = path.join(root, '.cache', 'native', `electron-${version}`);
  if (existsSync(path.join(out, 'better_sqlite3.node'))) return;
  const work = path.join(root, '.cache', 'native', `build-${version}`);
  mkdirSync(work, { recursive: true });
  const require = createRequire(import.meta.url);
  cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (s) => !s.includes(`${path.sep}build${path.sep}`) });
  console.error(`[start] building better-sqlite3 for Electron ${version}…`);
  const r = spawnSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--runtime=electron',
    '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } });
  if (r.status !== 0) throw new Error('could not build better-sqlite3 for Electron');
  mkdirSync(out, { recursive: true });
  cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), path.join(out, 'better_sqlite3.node'));
}

const exe = forceBrowser ? undefined : electronBinary();
if (exe) {
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  ensureNativeForElectron(version);
  const child = spawn(exe, [path.join(root, 'dist', 'main', 'electron.cjs'), ...(workspaceArg ? [workspaceArg] : [])], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceBrowser) console.error('Electron binary not available on this machine: starting browser mode instead (open the URL below in Chromium).');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'sanxian.cjs'), 'serve', ...(workspaceArg ? [workspaceArg] : []),
    ...(process.env.PORT ? ['--port', process.env.PORT] : [])], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  process.on('SIGINT', () => child.kill('SIGINT'));
}
