// `npm test`: installs what the tests need (runtime + Chromium, GDAL and SpatiaLite tools as independent references),
// builds, then runs unit, integration and end-to-end tests, failing on the first level that fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build, ensureNativeForNode, ensureNodeModules, ensureSystemPackages, root } from './setup.mjs';

ensureSystemPackages('test');
ensureNodeModules();
ensureNativeForNode();
build();

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
// Static checks first: types (shared/ alone, without Node or DOM libs) and the layering lint.
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
for (const args of [[tsc, '-p', 'tsconfig.json'], [tsc, '-p', 'shared/tsconfig.json'], [tsc, '-p', 'renderer/tsconfig.json'],
  [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']]) {
  if (!existsSync(path.join(root, args[2] ?? ''))) continue;
  console.error(`\n=== ${path.basename(args[0])} ${args.slice(1).join(' ')} ===`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const reports = path.join(root, '.cache', 'vitest');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let status = 0;
for (const project of ['unit', 'integration', 'e2e']) {
  console.error(`\n=== ${project} tests ===`);
  const report = path.join(reports, `${project}.json`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    { cwd: root, stdio: 'inherit', env: { ...process.env, SANXIAN_STATE_DIR: path.join(root, '.cache', 'test-state') } });
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  }
  if (r.status !== 0) { status = r.status ?? 1; break; }
}
// One plain closing line for CI, summed over the three levels.
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status);
