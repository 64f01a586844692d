// Builds main (esbuild → dist/main/*.cjs) and the renderer (vite → dist/renderer).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--main-only') ? 'main' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';

if (only !== 'renderer') {
  const entries = {
    cli: 'main/cli/sanxian.ts',
    worker: 'main/core/jobs/worker.ts',
    electron: 'main/hosts/electron/main.ts',
    preload: 'main/hosts/electron/preload.ts',
  };
  await Promise.all(Object.entries(entries).map(([name, entry]) => build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, 'dist', 'main', `${name}.cjs`),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true,
    external: ['better-sqlite3', 'electron'],
    logLevel: 'warning',
  })));
  console.log('built dist/main');
}

if (only !== 'main' && existsSync(path.join(root, 'renderer', 'vite.config.mts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.mts'), logLevel: 'warn' });
  console.log('built dist/renderer');
}
