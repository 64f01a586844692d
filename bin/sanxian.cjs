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
// report invalid geometry as findings and an import lists it by row. `check`, `stats`, `diff` and `import` therefore
// run in a child whose stderr is passed on without those lines (`serve` keeps its stderr as it is).
// SANXIAN_NATIVE_STDERR=1 shows them (debugging).
const NATIVE_PREFIXES = ['GEOS warning: ', 'GEOS error: ', 'RTTOPO warning: ', 'RTTOPO error: '];
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (['check', 'stats', 'diff', 'import'].includes(command) && !process.env.SANXIAN_STDERR_FILTERED && process.env.SANXIAN_NATIVE_STDERR !== '1') {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, SANXIAN_STDERR_FILTERED: '1' },
  });
  // Native messages may follow a progress line (rewritten with \r, no newline) on the same line: they are cut from
  // wherever they start to the end of their line (RTTOPO adds an empty line after its own).
  let pending = '';
  let dropBlank = false;
  const firstNative = (t) => Math.min(...NATIVE_PREFIXES.map((p) => { const i = t.indexOf(p); return i < 0 ? Infinity : i; }));
  // How much of the end of t could be the beginning of a native message still arriving.
  const partialNative = (t) => {
    let k = 0;
    for (const p of NATIVE_PREFIXES) for (let n = Math.min(p.length - 1, t.length); n > k; n--) if (t.endsWith(p.slice(0, n))) { k = n; break; }
    return k;
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    for (;;) {
      if (dropBlank && pending.length) {
        if (pending[0] === '\n') pending = pending.slice(1);
        dropBlank = false;
      }
      const i = firstNative(pending);
      if (i !== Infinity) {
        process.stderr.write(pending.slice(0, i));
        const nl = pending.indexOf('\n', i);
        if (nl < 0) { pending = pending.slice(i); return; } // wait for the end of the message
        pending = pending.slice(nl + 1);
        dropBlank = true;
        continue;
      }
      const keep = partialNative(pending);
      process.stderr.write(pending.slice(0, pending.length - keep));
      pending = pending.slice(pending.length - keep);
      return;
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
