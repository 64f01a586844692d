// `sanxian`: the command-line host of the same core.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { areaFromM2, formatArea } from '../../shared/domain/units.js';
import { CHECK_IDS, type CheckId, type CheckParamsPatch, type StatsLevel } from '../../shared/contract/schemas.js';
import { exportRun } from '../core/overlay/export.js';
import { projectCheck } from './project-check.js';
import { FINDING_LABELS } from '../../shared/domain/findings.js';
import { toErrorPayload } from '../core/errors.js';
import { appVersion, bundledSamplePath, rendererDir } from '../core/paths.js';
import { generateSample } from '../core/sample/generate-sample.js';
import { Workbench } from '../core/service.js';
import { exportDiff } from '../core/schemes/diff-export.js';
import { findScheme } from '../core/schemes/store.js';
import { Workspace } from '../core/workspace/workspace.js';
import { LAYER_KIND_IDS, type LayerKindId } from '../../shared/domain/layer-kinds.js';
import type { ExportFormat, ImportOptions, TextEncoding } from '../../shared/contract/io.js';
import { exportTable, layerTable } from '../core/io/export.js';
import { startBrowserServer } from '../hosts/browser/server.js';

const USAGE = `三线工作台 Sanxian Workbench ${appVersion()}

Usage:
  sanxian sample OUT.sqlite [--parcels N] [--seed S]   build the synthetic 金坛区 sample workspace
  sanxian info WS.sqlite [--json]                      describe a workspace: CRS, layers, feature counts
  sanxian create WS.sqlite [--srid N] [--name NAME]    a new, empty workspace (default EPSG:4528, GK zone 40)
  sanxian serve [WS.sqlite] [--port P]                 browser mode on 127.0.0.1 (opens the sample if no WS)
  sanxian check WS.sqlite [--scheme ID|NAME] [--json OUT.json] [--xlsx OUT.xlsx] [--geojson OUT.geojson] [--gpkg OUT.gpkg]
                [--checks a,b,…] [--pair TABLE_A:TABLE_B]… [--params JSON]   run the overlay and QA checks, save the run
                                                     (docs/checks.md; --params e.g. '{"gridSize":0.0001}')
  sanxian stats WS.sqlite --by county|town|village [--json OUT.json]   statistics by 区县 / 镇街 / 村
  sanxian schemes WS.sqlite [--json]                   list the schemes (方案) of a workspace
  sanxian diff WS.sqlite --from A --to B [--json OUT.json] [--xlsx OUT.xlsx] [--gpkg OUT.gpkg]
                                                     compare two schemes (id or name): areas gained / lost by layer and
                                                     区县 / 镇街 / 村, change polygons (docs/schemes.md)
  sanxian project-check WS.sqlite [--project CODE]… [--json OUT.json] [--xlsx OUT.xlsx]
                                                     land-consolidation indicators and rule checks (docs/consolidation.md)
  sanxian import WS.sqlite FILE [--layer-kind KIND] [--name NAME] [--encoding gbk|gb18030|utf8] [--srs EPSG:N]
                [--source-layer NAME] [--map FIELD=SOURCE]… [--no-extra] [--repair] [--towgs84 dx,dy,dz[,rx,ry,rz,s]]
                                                     import a Shapefile (.shp or .zip), GeoPackage, GeoJSON, KML/KMZ or
                                                     CSV (WKT) as a new layer (docs/import-export.md)
  sanxian export WS.sqlite --layer TABLE OUT.(shp|gpkg|geojson|kml) [--encoding gbk|utf8] [--fids 1,2,…]
                                                     export a layer (Shapefile: GBK by default, .cpg and .prj written)
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

/** The worker pool's threads are unref'd (they must not keep a window's process alive): hold the CLI open instead. */
async function keepAlive<T>(p: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1 << 30);
  try {
    return await p();
  } finally {
    clearInterval(timer);
  }
}

async function check(args: string[], flags: Flags, pairs: string[]): Promise<void> {
  const file = args[0];
  if (!file) throw new Error('check: missing WS.sqlite');
  const checks = typeof flags.checks === 'string' ? flags.checks.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
  for (const c of checks ?? []) if (!(CHECK_IDS as readonly string[]).includes(c)) throw new Error(`--checks: unknown check "${c}" (known: ${CHECK_IDS.join(', ')})`);
  const layerPairs = pairs.map((p) => {
    const [a, b] = p.split(':');
    if (!a || !b) throw new Error(`--pair expects TABLE_A:TABLE_B, got "${p}"`);
    return [a, b] as [string, string];
  });
  let params: CheckParamsPatch | undefined;
  if (typeof flags.params === 'string') {
    try {
      params = JSON.parse(flags.params) as CheckParamsPatch;
    } catch (e) {
      throw new Error(`--params expects a JSON object of check parameters, e.g. '{"gridSize":0.0001}': ${(e as Error).message}`);
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new Error('--params expects a JSON object of check parameters');
  }
  const workbench = new Workbench({ host: 'cli', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  try {
    workbench.open(file);
    const ws = workbench.requireWorkspace();
    const scheme = typeof flags.scheme === 'string' ? findScheme(ws.db, flags.scheme).id : undefined;
    const started = workbench.startChecks({ scheme, checks: checks as CheckId[] | undefined, layerPairs, params });
    const print = progressPrinter('check');
    const off = workbench.on((event, payload) => {
      if (event === 'job.progress' && (payload as { jobId: string }).jobId === started.jobId) {
        const p = payload as { fraction: number; message: string };
        print(p.fraction, p.message);
      }
    });
    process.once('SIGINT', () => void workbench.api['jobs.cancel']({ jobId: started.jobId }));
    const run = await started.done;
    off();
    process.stderr.write('\n');
    console.log(`检查 run ${run.runId} (${run.scheme}): ${run.findingCount} 个问题 / findings, ${((run.durationMs ?? 0) / 1000).toFixed(1)} s`);
    for (const [type, t] of Object.entries(run.totals)) {
      const a = areaFromM2(t.areaM2);
      console.log(`  ${(FINDING_LABELS[type as keyof typeof FINDING_LABELS]?.zh ?? type).padEnd(18)} ${String(t.count).padStart(7)}  ${a.ha.toFixed(4).padStart(14)} 公顷 ${a.mu.toFixed(2).padStart(14)} 亩`);
    }
    for (const s of run.skipped) console.log(`  (${s.check}) ${s.reason}`);
    const outputs: [string, 'json' | 'xlsx' | 'geojson' | 'gpkg'][] = [];
    for (const f of ['json', 'xlsx', 'geojson', 'gpkg'] as const) if (typeof flags[f] === 'string') outputs.push([flags[f] as string, f]);
    for (const [out, format] of outputs) {
      const r = await exportRun(ws, run.runId, format, out);
      console.log(`  → ${r.path} (${r.count} findings)`);
    }
  } finally {
    await workbench.dispose();
  }
}

async function stats(args: string[], flags: Flags): Promise<void> {
  const file = args[0];
  if (!file) throw new Error('stats: missing WS.sqlite');
  const by = (flags.by ?? 'town') as StatsLevel;
  if (!['county', 'town', 'village'].includes(by)) throw new Error(`--by must be county, town or village, got "${String(flags.by)}"`);
  const workbench = new Workbench({ host: 'cli', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  try {
    workbench.open(file);
    const r = await workbench.api['stats.get']({ by });
    if (typeof flags.json === 'string') {
      writeFileSync(path.resolve(flags.json), JSON.stringify(r, null, 1));
      console.log(`→ ${path.resolve(flags.json)}`);
    }
    console.log('单位：公顷 (亩)');
    for (const row of [...r.rows, r.total]) {
      const lines = Object.entries(row.lines).map(([k, a]) => `${k} ${a.ha.toFixed(4)} (${a.mu.toFixed(2)})`).join('  ');
      console.log(`  ${row.code.padEnd(14)} ${row.name.padEnd(12)} 国土 ${row.landArea.ha.toFixed(4)} (${row.landArea.mu.toFixed(2)})  ${lines}  开发强度 ${row.intensity === null ? '-' : (row.intensity * 100).toFixed(2) + '%'}`);
    }
    for (const n of r.notes) console.log(`  ${n}`);
  } finally {
    await workbench.dispose();
  }
}

async function schemes(args: string[], flags: Flags): Promise<void> {
  const file = args[0];
  if (!file) throw new Error('schemes: missing WS.sqlite');
  const ws = Workspace.open(file, { readonly: true });
  try {
    const list = ws.info().schemes;
    if (flags.json) { console.log(JSON.stringify(list, null, 1)); return; }
    for (const s of list) {
      console.log(`  ${String(s.id).padStart(3)}  ${s.name}${s.isBaseline ? '（基线 / baseline）' : ''}${s.locked ? ' 🔒' : ''}  ${s.editCount} edits  ${s.note}`);
    }
  } finally {
    ws.close();
  }
}

async function diff(args: string[], flags: Flags): Promise<void> {
  const file = args[0];
  if (!file) throw new Error('diff: missing WS.sqlite');
  if (typeof flags.from !== 'string' || typeof flags.to !== 'string') throw new Error('diff: give --from A --to B (scheme id or name)');
  const workbench = new Workbench({ host: 'cli', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  try {
    workbench.open(file);
    const ws = workbench.requireWorkspace();
    const from = findScheme(ws.db, flags.from), to = findScheme(ws.db, flags.to);
    const print = progressPrinter('diff');
    const off = workbench.on((event, payload) => {
      if (event === 'job.progress') print((payload as { fraction: number }).fraction, (payload as { message: string }).message);
    });
    const data = await workbench.diffData({ from: from.id, to: to.id });
    off();
    const input = { data, from, to, srid: ws.srid };
    for (const [format, out] of [['json', flags.json], ['xlsx', flags.xlsx], ['gpkg', flags.gpkg]] as const) {
      if (typeof out !== 'string') continue;
      const r = await exportDiff(input, format, out);
      console.log(`→ ${r.path}`);
    }
    console.log(`方案对比 ${from.name} → ${to.name}（公顷 / 亩）`);
    for (const l of data.layers.filter((x) => !x.shared)) {
      const f = (m2: number) => formatArea(m2);
      console.log(`  ${l.name}: +${l.added.length} −${l.removed.length} ~${l.reshaped.length} 属性 ${l.reattributed.length}; 增加 ${f(l.gainedM2)} 减少 ${f(l.lostM2)} 净 ${f(l.gainedM2 - l.lostM2)}`);
    }
    if (data.layers.every((l) => l.shared)) console.log('  两个方案没有差别 / the two schemes do not differ');
  } finally {
    await workbench.dispose();
  }
}

function create(args: string[], flags: Flags): void {
  const file = args[0];
  if (!file) throw new Error('create: missing WS.sqlite');
  const srid = positiveInt(flags.srid, 'srid', 4528)!;
  const ws = Workspace.create(path.resolve(file), { name: typeof flags.name === 'string' ? flags.name : path.basename(file, path.extname(file)), srid });
  console.log(`${ws.path}: ${ws.info().crsName}`);
  ws.close();
}

function encodingFlag(v: string | boolean | undefined, allowed: readonly string[]): string | undefined {
  if (v === undefined) return undefined;
  const e = String(v).toLowerCase().replace('utf-8', 'utf8');
  if (!allowed.includes(e)) throw new Error(`--encoding must be ${allowed.join(' or ')}, got "${String(v)}"`);
  return e;
}

async function importCommand(args: string[], flags: Flags, maps: string[]): Promise<void> {
  const [file, source] = args;
  if (!file || !source) throw new Error('import: usage: sanxian import WS.sqlite FILE [options]');
  const kind = flags['layer-kind'] as string | undefined;
  if (kind !== undefined && !(LAYER_KIND_IDS as readonly string[]).includes(kind)) {
    throw new Error(`--layer-kind: unknown kind "${kind}" (known: ${LAYER_KIND_IDS.join(', ')})`);
  }
  const fieldMap: Record<string, string | null> = {};
  for (const m of maps) {
    const [target, src] = m.split('=');
    if (!target) throw new Error(`--map expects FIELD=SOURCE (or FIELD= for none), got "${m}"`);
    fieldMap[target] = src ? src : null;
  }
  let towgs84: number[] | undefined;
  if (typeof flags.towgs84 === 'string') {
    towgs84 = flags.towgs84.split(',').map(Number);
    if (![3, 7].includes(towgs84.length) || towgs84.some((v) => !Number.isFinite(v))) throw new Error('--towgs84 takes 3 or 7 numbers: dx,dy,dz[,rx,ry,rz,s]');
  }
  const options: ImportOptions = {
    path: path.resolve(source),
    ...(kind ? { kind: kind as LayerKindId } : {}),
    ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
    ...(flags.encoding !== undefined ? { encoding: encodingFlag(flags.encoding, ['gbk', 'gb18030', 'utf8']) as TextEncoding } : {}),
    ...(typeof flags.srs === 'string' ? { srs: flags.srs } : {}),
    ...(typeof flags['source-layer'] === 'string' ? { layer: flags['source-layer'] } : {}),
    ...(maps.length ? { fieldMap } : {}),
    ...(flags['no-extra'] ? { keepUnmapped: false } : {}),
    ...(flags.repair ? { repair: true } : {}),
    ...(towgs84 ? { towgs84 } : {}),
  };
  const workbench = new Workbench({ host: 'cli', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  try {
    workbench.open(file);
    const jobId = 'cli-import';
    const print = progressPrinter('import');
    const off = workbench.on((event, payload) => {
      if (event === 'job.progress' && (payload as { jobId: string }).jobId === jobId) {
        const p = payload as { fraction: number; message: string };
        print(p.fraction, p.message);
      }
    });
    process.once('SIGINT', () => void workbench.api['jobs.cancel']({ jobId }));
    const r = await workbench.importFile(options, jobId);
    off();
    process.stderr.write('\n');
    console.log(`导入 / imported ${r.imported} features → layer ${r.layer.table} (${r.layer.name}, ${r.layer.kind}) in ${(r.durationMs / 1000).toFixed(1)} s`);
    console.log(`  CRS: ${r.crs}${r.encoding ? `; encoding ${r.encoding}` : ''}`);
    if (r.extraFields.length) console.log(`  extra fields kept: ${r.extraFields.join(', ')}`);
    for (const x of r.repaired) console.log(`  repaired row ${x.row}: ${x.reason}`);
    for (const x of r.dropped) console.log(`  dropped row ${x.row}: ${x.reason}`);
    for (const w of r.warnings) console.log(`  ! ${w}`);
  } finally {
    await workbench.dispose();
  }
}

function exportCommand(args: string[], flags: Flags): void {
  const [file, out] = args;
  if (!file || !out || typeof flags.layer !== 'string') throw new Error('export: usage: sanxian export WS.sqlite --layer TABLE OUT.(shp|gpkg|geojson|kml)');
  const ext = path.extname(out).toLowerCase().slice(1);
  const format = (ext === 'json' ? 'geojson' : ext) as ExportFormat;
  if (!['shp', 'gpkg', 'geojson', 'kml'].includes(format)) throw new Error(`export: OUT must end in .shp, .gpkg, .geojson or .kml, got "${out}"`);
  const ws = Workspace.open(file, { readonly: true });
  try {
    const layer = ws.layers().find((l) => l.table === flags.layer || l.name === flags.layer);
    if (!layer) throw new Error(`export: no layer "${String(flags.layer)}" (layers: ${ws.layers().map((l) => l.table).join(', ')})`);
    const fids = typeof flags.fids === 'string' ? flags.fids.split(',').map((v) => Number(v)) : undefined;
    if (fids?.some((v) => !Number.isInteger(v))) throw new Error('--fids takes comma-separated feature ids');
    const r = exportTable(layerTable(ws, layer.id, fids), format, out, encodingFlag(flags.encoding, ['gbk', 'utf8']) as 'gbk' | 'utf8' | undefined);
    console.log(`导出 / exported ${r.count} features of ${layer.table} → ${r.files.join(', ')}`);
    for (const [from, to] of Object.entries(r.renamed)) console.log(`  field ${from} → ${to}`);
  } finally {
    ws.close();
  }
}

async function serve(args: string[], flags: Flags): Promise<void> {
  const workbench = new Workbench({ host: 'browser', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  if (args[0]) workbench.open(args[0]);
  const server = await startBrowserServer(workbench, { rendererDir: rendererDir(), port: flags.port === '0' ? 0 : (positiveInt(flags.port, 'port', 0) ?? 0) });
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
      scheme: { type: 'string' }, xlsx: { type: 'string' }, geojson: { type: 'string' }, gpkg: { type: 'string' },
      checks: { type: 'string' }, pair: { type: 'string', multiple: true }, by: { type: 'string' }, out: { type: 'string' },
      params: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, project: { type: 'string', multiple: true },
      'layer-kind': { type: 'string' }, name: { type: 'string' }, encoding: { type: 'string' }, srs: { type: 'string' },
      'source-layer': { type: 'string' }, map: { type: 'string', multiple: true }, 'no-extra': { type: 'boolean' },
      repair: { type: 'boolean' }, towgs84: { type: 'string' }, layer: { type: 'string' }, fids: { type: 'string' }, srid: { type: 'string' },
    },
  });
  const { pair, project, map, ...flagValues } = values;
  // --json is a flag for `info` and a file for `check` / `stats`.
  const jsonIdx = argv.indexOf('--json');
  const jsonFile = jsonIdx >= 0 && argv[jsonIdx + 1] && !argv[jsonIdx + 1]!.startsWith('--') && ['check', 'stats', 'diff', 'project-check'].includes(positionals[0] ?? '') ? argv[jsonIdx + 1] : undefined;
  const [command, ...rest] = positionals;
  if (values.version) { console.log(appVersion()); return 0; }
  if (values.help || !command) { console.log(USAGE); return command || values.help ? 0 : 1; }
  switch (command) {
    case 'sample': await sample(rest, flagValues); return 0;
    case 'info': info(rest, flagValues); return 0;
    case 'create': create(rest, flagValues); return 0;
    case 'serve': await serve(rest, flagValues); return -1;
    case 'check': await keepAlive(() => check(rest.filter((r) => r !== jsonFile), { ...flagValues, json: jsonFile }, pair ?? [])); return 0;
    case 'stats': await keepAlive(() => stats(rest.filter((r) => r !== jsonFile), { ...flagValues, json: jsonFile })); return 0;
    case 'schemes': await schemes(rest, flagValues); return 0;
    case 'diff': await keepAlive(() => diff(rest.filter((r) => r !== jsonFile), { ...flagValues, json: jsonFile })); return 0;
    case 'project-check': await keepAlive(() => projectCheck(rest.filter((r) => r !== jsonFile), { ...flagValues, json: jsonFile }, project ?? [])); return 0;
    case 'import': await keepAlive(() => importCommand(rest, flagValues, map ?? [])); return 0;
    case 'export': exportCommand(rest, flagValues); return 0;
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
