#!/usr/bin/env node
// The CLI is bundled to dist/main/cli.cjs by `npm run build` (npm start and npm test build it too).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('sanxian: not built yet; run `npm run build` (or `npm start`) first');
  process.exit(2);
}

// SpatiaLite's GEOS and RTTOPO print diagnostics straight to stderr from native code ("RTTOPO warning: Self-
// intersection at or near point …" when an invalid feature is repaired), which only confuses users: the checks
// report invalid geometry as findings. `check` and `stats` therefore run in a child whose stderr is passed on
// without those lines (`serve` keeps its stderr as it is). SANXIAN_NATIVE_STDERR=1 shows them (debugging).
const NATIVE_PREFIXES = ['GEOS warning: ', 'GEOS error: ', 'RTTOPO warning: ', 'RTTOPO error: '];
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (['check', 'stats'].includes(command) && !process.env.SANXIAN_STDERR_FILTERED && process.env.SANXIAN_NATIVE_STDERR !== '1') {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, SANXIAN_STDERR_FILTERED: '1' },
  });
  const native = (line) => NATIVE_PREFIXES.some((p) => line.startsWith(p));
  const maybeNative = (s) => s.length > 0 && NATIVE_PREFIXES.some((p) => p.startsWith(s) || s.startsWith(p));
  let pending = '';
  let dropBlank = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      // Progress lines are rewritten with \r: look at what follows the last one.
      const tail = line.slice(line.lastIndexOf('\r') + 1);
      if (native(tail)) { process.stderr.write(line.slice(0, line.length - tail.length)); dropBlank = true; continue; }
      if (dropBlank && line === '') { dropBlank = false; continue; }
      dropBlank = false;
      process.stderr.write(`${line}\n`);
    }
    // An unfinished line (progress) goes on at once, unless it may be the start of a native message.
    const tail = pending.slice(pending.lastIndexOf('\r') + 1);
    const keep = maybeNative(tail) ? tail.length : 0;
    if (pending.length > keep) {
      process.stderr.write(pending.slice(0, pending.length - keep));
      pending = pending.slice(pending.length - keep);
    }
  });
  child.stderr.on('end', () => { if (pending) process.stderr.write(pending); });
  // Ctrl-C in a terminal reaches the child too (same process group): it cancels the run and exits, and so do we.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)));
} else {
  require(cli);
}
