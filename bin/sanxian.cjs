#!/usr/bin/env node
// The CLI is bundled to dist/main/cli.cjs by `npm run build` (npm start and npm test build it too).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('sanxian: not built yet; run `npm run build` (or `npm start`) first');
  process.exit(2);
}
require(cli);
