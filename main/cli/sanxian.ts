// `sanxian`: the command-line host of the same core.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { formatArea } from '../../shared/domain/units.js';
import { toErrorPayload } from '../core/errors.js';
import { appVersion, bundledSamplePath, rendererDir } from '../core/paths.js';
import { generateSample } from '../core/sample/generate-sample.js';
import { Workbench } from '../core/service.js';
import { Workspace } from '../core/workspace/workspace.js';
import { startBrowserServer } from '../hosts/browser/server.js';

const USAGE = `三线工作台 Sanxian Workbench ${appVersion()}

Usage:
  sanxian sample OUT.sqlite [--parcels N] [--seed S]   build the synthetic 金坛区 sample workspace
  sanxian info WS.sqlite [--json]                      describe a workspace: CRS, layers, feature counts
  sanxian serve [WS.sqlite] [--port P]                 browser mode on 127.0.0.1 (opens the sample if no WS)
  sanxian --version | --help
`;

type Flags = Record<string, string | boolean | undefined>;

function progressPrinter(label: string) {
  let last = -1;
  return (fraction: number, message: string) => {
    const pct = Math.floor(fraction * 100);
    if (pct === last) return;
    last = pct;
    process.stderr.write(`\r${label} ${String(pct).padStart(3)}%  ${message.slice(0, 60).padEnd(60)}`);
    if (fraction >= 1) process.stderr.write('\n');
  };
}

function positiveInt(v: string | boolean | undefined, name: string, fallback?: number): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${String(v)}"`);
  return n;
}

async function sample(args: string[], flags: Flags): Promise<void> {
  const out = args[0];
  if (!out) throw new Error('sample: missing OUT.sqlite');
  let cancelled = false;
  process.once('SIGINT', () => { cancelled = true; });
  const summary = await generateSample(path.resolve(out), {
    parcels: positiveInt(flags.parcels, 'parcels'), seed: positiveInt(flags.seed, 'seed'),
  }, { onProgress: progressPrinter('sample'), isCancelled: () => cancelled });
  process.stderr.write('\n');
  console.log(JSON.stringify({ ...summary, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2));
}

function info(args: string[], flags: Flags): void {
  const file = args[0];
  if (!file) throw new Error('info: missing WS.sqlite');
  const ws = Workspace.open(file, { readonly: true });
  try {
    const i = ws.info();
    if (flags.json) {
      console.log(JSON.stringify(i, null, 2));
      return;
    }
    console.log(`${i.name}${i.synthetic ? '  [合成数据 synthetic]' : ''}\n${i.path}\n${i.crsName}, schema ${i.schemaVersion}, created ${i.createdAt}`);
    for (const l of i.layers) console.log(`  ${l.table.padEnd(16)} ${l.name.padEnd(14)} ${String(l.featureCount).padStart(8)} features`);
    for (const a of i.attribution) console.log(`  © ${a}`);
    const county = i.layers.find((l) => l.kind === 'county');
    if (county) {
      const r = ws.db.prepare(`SELECT SUM(ST_Area(geom)) a FROM "${county.table}"`).get() as { a: number };
      console.log(`  区县面积 / county area: ${formatArea(r.a)}`);
    }
  } finally {
    ws.close();
  }
}

async function serve(args: string[], flags: Flags): Promise<void> {
  const workbench = new Workbench({ host: 'browser', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  if (args[0]) workbench.open(args[0]);
  const server = await startBrowserServer(workbench, { rendererDir: rendererDir(), port: positiveInt(flags.port, 'port', 0) ?? 0 });
  workbench.on((event, payload) => {
    if (event === 'job.progress') {
      const p = payload as { fraction: number; message: string };
      progressPrinter('')(p.fraction, p.message);
    }
  });
  console.log(`三线工作台 browser mode: open ${server.url}`);
  const stop = async () => {
    await server.close();
    await workbench.dispose();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      parcels: { type: 'string' }, seed: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' }, 'no-open': { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) { console.log(appVersion()); return 0; }
  if (values.help || !command) { console.log(USAGE); return command || values.help ? 0 : 1; }
  switch (command) {
    case 'sample': await sample(rest, values); return 0;
    case 'info': info(rest, values); return 0;
    case 'serve': await serve(rest, values); return -1;
    default: console.error(`unknown command "${command}"\n\n${USAGE}`); return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
}, (e: unknown) => {
  const err = toErrorPayload(e);
  console.error(`sanxian: ${err.code === 'INTERNAL' ? '' : `[${err.code}] `}${err.message}`);
  process.exit(2);
});
