// Splits a check run into parts, runs them on the worker pool (both cores: the 三调 parcels are cut into fid ranges,
// the other work into independent parts), merges what they return and saves the run. Parts write their findings
// straight into the workspace; a failed or cancelled run leaves none behind.
import type { CheckId, CheckParamsPatch, CheckRunInfo, StatsLevel, StatsResult } from '../../../shared/contract/schemas.js';
import os from 'node:os';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { AdminLocator } from './admin.js';
import { emptyStats, unitLayer, type PartialStats, type PartParams, type PartResult, type PartSpec } from './engine.js';
import { layerByTable, LINE_KINDS, resolveRoles, type Roles } from './layers.js';
import { resolveChecks, resolveParams } from './params.js';
import { buildStats, mergeStats } from './stats.js';
import { createRun, finishRun, getRun } from './store.js';
import type { TypeTotal } from './sink.js';

export interface PartRunner {
  run(params: PartParams, onProgress: (fraction: number, message: string) => void): { result: Promise<PartResult>; cancel(): void };
}

export interface RunRequest {
  checks?: CheckId[];
  params?: CheckParamsPatch;
  layerPairs?: [string, string][];
  /** The scheme (方案) to check; the workspace's active scheme when absent. */
  scheme?: number;
}

export interface RunPlan {
  runId: number;
  scheme: number;
  checks: CheckId[];
  params: ReturnType<typeof resolveParams>;
  layerPairs: [string, string][];
  parts: { spec: PartSpec; weight: number }[];
  skipped: { check: string; reason: string }[];
}

export interface SavedStats {
  levels: Partial<Record<StatsLevel, StatsResult>>;
  byLine: Record<string, Record<string, number>>;
  /** Exact overlay areas by pair of layers, "tableA|tableB" → m² (PartResult.overlayAreas). */
  overlayAreas?: Record<string, number>;
}

const LEVELS: StatsLevel[] = ['village', 'town', 'county'];

/** As many parts at a time as the worker pool has threads. */
function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Splits the parcels into spatial tiles of similar size (recursive median cuts of their box centres, read from the
 * layer's R*Tree): enough parts to keep both workers busy to the end, each with a compact extent so that it prepares
 * only its share of the lines and admin units. Tiles are half-open boxes of centres, so every parcel is in one.
 */
function landuseTiles(ws: Workspace, table: string, count: number): { tile: [number, number, number, number]; n: number }[] {
  const parts = count <= 4000 ? 1 : Math.min(24, Math.max(4, Math.ceil(count / 12_000)));
  const BIG = 1e300;
  const whole: [number, number, number, number] = [-BIG, -BIG, BIG, BIG];
  // A sample of the centres is enough to place the cuts (every parcel still falls in exactly one tile).
  const step = Math.max(1, Math.floor(count / 25_000));
  const rows = ws.db.prepare(`SELECT (xmin + xmax) / 2 x, (ymin + ymax) / 2 y FROM "idx_${table}_geom" WHERE pkid % ${step} = 0`).raw().all() as [number, number][];
  if (parts === 1 || rows.length < parts * 2) return [{ tile: whole, n: count }];
  const xy = [Float64Array.from(rows, (r) => r[0]), Float64Array.from(rows, (r) => r[1])] as const;
  const out: { tile: [number, number, number, number]; n: number }[] = [];
  const split = (ids: Int32Array, box: [number, number, number, number], k: number) => {
    if (k <= 1 || ids.length < 2) { out.push({ tile: box, n: ids.length * step }); return; }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const i of ids) { const x = xy[0][i]!, y = xy[1][i]!; if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
    const axis = x1 - x0 >= y1 - y0 ? 0 : 1;
    const v = xy[axis];
    const sorted = Float64Array.from(ids, (i) => v[i]!).sort();
    const k1 = Math.floor(k / 2);
    const cut = sorted[Math.floor((ids.length * k1) / k)]!;
    const lo = ids.filter((i) => v[i]! < cut), hi = ids.filter((i) => v[i]! >= cut);
    if (!lo.length || !hi.length) { out.push({ tile: box, n: ids.length * step }); return; }
    const boxLo: [number, number, number, number] = [...box], boxHi: [number, number, number, number] = [...box];
    boxLo[axis + 2] = cut; boxHi[axis] = cut;
    split(lo, boxLo, k1);
    split(hi, boxHi, k - k1);
  };
  split(Int32Array.from(rows, (_, i) => i), whole, parts);
  return out;
}

export function planRun(ws: Workspace, req: RunRequest, opts: { persist?: boolean } = {}): RunPlan {
  const checks = resolveChecks(req.checks);
  const params = resolveParams(req.params);
  const scheme = req.scheme ?? ws.scheme;
  const roles = resolveRoles(ws.db, scheme);
  const layerPairs = (req.layerPairs ?? []).map(([a, b]) => {
    const la = layerByTable(roles, a), lb = layerByTable(roles, b);
    if (la.key === lb.key) throw new WorkbenchError('BAD_REQUEST', `图层对需要两个不同图层 / a layer pair needs two different layers (${a})`);
    return [la.key, lb.key] as [string, string];
  });
  const skipped: { check: string; reason: string }[] = [];
  const has = (c: CheckId) => checks.includes(c);
  const lines = LINE_KINDS.filter((k) => roles.all.some((l) => l.kind === k));
  if (has('line_conflicts') && lines.length < 2) skipped.push({ check: 'line_conflicts', reason: '三条控制线图层少于两个 / fewer than two control-line layers' });
  if (has('pair_conflicts') && !layerPairs.length) skipped.push({ check: 'pair_conflicts', reason: '未指定图层对 / no layer pairs given' });
  if (has('landuse_in_lines') && (!roles.landuse || !lines.length)) skipped.push({ check: 'landuse_in_lines', reason: '缺少三调图斑或控制线图层 / no 三调 parcels or no control lines' });
  if (has('stats') && !unitLayer(roles)) skipped.push({ check: 'stats', reason: '没有行政区图层 / no admin layer' });
  if (has('extent') && !(roles.county ?? roles.town ?? roles.village)) skipped.push({ check: 'extent', reason: '没有行政区图层 / no admin layer to define the extent' });

  const parts: { spec: PartSpec; weight: number }[] = [];
  const nonEmpty = roles.all.filter((l) => l.featureCount > 0);
  if (has('overlaps') || has('gaps')) {
    for (const l of [...nonEmpty].sort((a, b) => b.featureCount - a.featureCount)) parts.push({ spec: { kind: 'coverage', table: l.table }, weight: l.featureCount * 0.4 + 50 });
  }
  const lu = roles.landuse;
  if (lu && lu.featureCount > 0 && ['validity', 'slivers', 'fragments', 'landuse_in_lines', 'stats', 'extent'].some((c) => has(c as CheckId))) {
    // Parcels without a box in the R*Tree (no geometry) go with the first tile; usually there are none.
    const boxed = (ws.db.prepare(`SELECT COUNT(*) n FROM "idx_${lu.table}_geom"`).get() as { n: number }).n;
    landuseTiles(ws, lu.table, lu.featureCount).forEach(({ tile, n }, i) => {
      parts.push({ spec: { kind: 'landuse', tile, rest: i === 0 && boxed < lu.featureCount }, weight: Math.max(1, n) });
    });
  }
  const others = nonEmpty.filter((l) => l.kind !== 'landuse').map((l) => l.table);
  if (others.length && (has('validity') || has('slivers') || has('fragments'))) parts.push({ spec: { kind: 'shapes', tables: others }, weight: 100 });
  // (Weighed light on purpose: run first, its peak memory (all line features at once) would stay with its worker's
  // heap for the rest of the run; run last, it overlaps only the final parcel tiles.)
  if ((has('line_conflicts') && lines.length >= 2) || (has('pair_conflicts') && layerPairs.length)) parts.push({ spec: { kind: 'conflicts' }, weight: 500 });
  // Line statistics, one part per line (the 永久基本农田 of a county has tens of thousands of features), and the
  // extent check of the other layers.
  if (has('stats')) {
    for (const k of lines) {
      const n = roles.all.find((l) => l.kind === k)!.featureCount;
      parts.push({ spec: { kind: 'lines', line: k, extent: false }, weight: 200 + n * 0.5 });
    }
  }
  if (has('extent')) parts.push({ spec: { kind: 'lines', line: null, extent: true }, weight: 300 });
  // Biggest first, so the long parts start early and the short ones fill in.
  parts.sort((a, b) => b.weight - a.weight);

  const runId = opts.persist === false ? 0 : createRun(ws.db, {
    scheme: String(scheme), checks, params, layerPairs,
    layers: roles.all.map((l) => ({ table: l.key, kind: l.kind, name: l.name, featureCount: l.featureCount })),
  });
  return { runId, scheme, checks, params, layerPairs, parts, skipped };
}

interface Executed {
  totals: Record<string, TypeTotal>; stats: PartialStats; byLine: Record<string, Record<string, number>>; overlayAreas: Record<string, number>; notes: string[];
}

async function executeParts(ws: Workspace, plan: RunPlan, runner: PartRunner, onProgress: (f: number, m: string) => void,
  onCancelHandle: (cancel: () => void) => void, concurrency = defaultConcurrency()): Promise<Executed> {
  const fractions = plan.parts.map(() => 0);
  // Parts of this execution share per-thread sessions (engine.ts); nothing else does.
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const totalWeight = plan.parts.reduce((s, p) => s + p.weight, 0) || 1;
  const running: { result: Promise<PartResult>; cancel(): void }[] = [];
  let cancelled = false;
  onCancelHandle(() => { cancelled = true; running.forEach((r) => r.cancel()); });
  const start = (i: number, spec: PartSpec) => {
    const r = runner.run({ path: ws.path, runId: plan.runId, scheme: plan.scheme, plan: token, checks: plan.checks, params: plan.params, layerPairs: plan.layerPairs, spec }, (f, m) => {
      fractions[i] = f;
      onProgress(plan.parts.reduce((s, p, k) => s + p.weight * fractions[k]!, 0) / totalWeight, m);
    });
    running.push(r);
    if (cancelled) r.cancel();
    r.result.catch(() => {}); // settled below; a part cancelled while others are awaited must not be "unhandled"
    return r.result;
  };
  // The line statistics start when the coverage part of their line is done: it says which features overlap and
  // must be dissolved. The coordinator keeps as many parts running as the pool has workers and always starts the
  // heaviest ready part next, so that a long part never ends up alone at the end.
  const roles = resolveRoles(ws.db, plan.scheme);
  const coverageOf = (table: string | undefined) => plan.parts.findIndex((p) => p.spec.kind === 'coverage' && p.spec.table === table);
  const dependency = (spec: PartSpec): number => {
    if (spec.kind === 'lines' && spec.line) return coverageOf(roles.all.find((l) => l.kind === spec.line)?.table);
    return -1;
  };
  const deps = plan.parts.map((p) => dependency(p.spec));
  const outcome: (PartResult | undefined)[] = new Array(plan.parts.length);
  const results: Promise<PartResult>[] = [];
  const settledFlags: boolean[] = plan.parts.map(() => false);
  const startedFlags: boolean[] = plan.parts.map(() => false);
  const slots = Math.max(1, concurrency);
  let active = 0;
  await new Promise<void>((resolveAll) => {
    const pump = () => {
      if (settledFlags.every(Boolean)) { resolveAll(); return; }
      while (active < slots) {
        let best = -1;
        plan.parts.forEach((part, i) => {
          if (startedFlags[i] || (deps[i]! >= 0 && !settledFlags[deps[i]!])) return;
          if (best < 0 || part.weight > plan.parts[best]!.weight) best = i;
        });
        if (best < 0) return;
        if (cancelled) { plan.parts.forEach((_, k) => { if (!startedFlags[k]) { startedFlags[k] = true; settledFlags[k] = true; } }); if (settledFlags.every(Boolean)) resolveAll(); return; }
        const i = best;
        startedFlags[i] = true;
        active++;
        const part = plan.parts[i]!;
        const dep = deps[i]!;
        const got = dep >= 0 ? outcome[dep] : undefined;
        const spec: PartSpec = part.spec.kind === 'lines' ? { ...part.spec, overlapping: got?.overlapping } : part.spec;
        const r = start(i, spec);
        results.push(r);
        r.then((v) => { outcome[i] = v; }, () => {
          // One part failed (or was cancelled): stop the others, start nothing new.
          cancelled = true;
          running.forEach((x) => x.cancel());
        }).finally(() => { settledFlags[i] = true; active--; pump(); });
      }
    };
    pump();
  });
  const settled = await Promise.allSettled(results);
  const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  // Report the failure that stopped the run, not the cancellations it caused.
  const failed = rejected.find((s) => (s.reason as { code?: string }).code !== 'CANCELLED') ?? rejected[0];
  if (!failed && cancelled) throw Object.assign(new Error('已取消 / Cancelled'), { code: 'CANCELLED' });
  if (failed) {
    running.forEach((r) => r.cancel());
    throw failed.reason;
  }
  const out: Executed = { totals: {}, stats: emptyStats(), byLine: {}, overlayAreas: {}, notes: [] };
  for (const s of settled as PromiseFulfilledResult<PartResult>[]) {
    const r = s.value;
    for (const [k, t] of Object.entries(r.totals)) {
      const o = (out.totals[k] ??= { count: 0, areaM2: 0, areaEllipsoidalM2: 0 });
      o.count += t.count; o.areaM2 += t.areaM2; o.areaEllipsoidalM2 += t.areaEllipsoidalM2;
    }
    mergeStats(out.stats, r.stats);
    for (const [line, m] of Object.entries(r.byLine)) {
      const o = (out.byLine[line] ??= {});
      for (const [k, v] of Object.entries(m)) o[k] = (o[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(r.overlayAreas)) out.overlayAreas[k] = (out.overlayAreas[k] ?? 0) + v;
    out.notes.push(...r.notes);
  }
  return out;
}

function allLevels(ws: Workspace, roles: Roles, grid: number, stats: PartialStats): Partial<Record<StatsLevel, StatsResult>> {
  const unit = unitLayer(roles);
  if (!unit) return {};
  const admin = new AdminLocator(ws.db, roles, grid);
  const present = LINE_KINDS.filter((k) => roles.all.some((l) => l.kind === k));
  const out: Partial<Record<StatsLevel, StatsResult>> = {};
  for (const level of LEVELS.slice(LEVELS.indexOf(unit.level))) {
    if (level === 'town' && !roles.town && unit.level === 'village') continue;
    if (level === 'county' && !roles.county && unit.level !== 'county') continue;
    out[level] = buildStats(level, unit.level, admin, stats, present);
  }
  return out;
}

/** Runs a planned check to the end and saves it; rejects with CANCELLED when cancelled (the run is marked so). */
export async function executeRun(ws: Workspace, plan: RunPlan, runner: PartRunner, onProgress: (f: number, m: string) => void = () => {},
  onCancelHandle: (cancel: () => void) => void = () => {}): Promise<CheckRunInfo> {
  const t0 = performance.now();
  try {
    const ex = await executeParts(ws, plan, runner, onProgress, onCancelHandle);
    const roles = resolveRoles(ws.db, plan.scheme);
    const levels = plan.checks.includes('stats') ? allLevels(ws, roles, plan.params.gridSize, ex.stats) : {};
    const saved: SavedStats = { levels, byLine: ex.byLine, overlayAreas: ex.overlayAreas };
    const skipped = [...plan.skipped, ...[...new Set(ex.notes)].map((n) => ({ check: 'note', reason: n }))];
    finishRun(ws.db, plan.runId, { status: 'done', durationMs: performance.now() - t0, totals: ex.totals, stats: saved, skipped });
    return getRun(ws.db, plan.runId);
  } catch (e) {
    const cancelled = (e as { code?: string }).code === 'CANCELLED';
    try {
      finishRun(ws.db, plan.runId, { status: cancelled ? 'cancelled' : 'failed', durationMs: performance.now() - t0, skipped: plan.skipped,
        error: cancelled ? '已取消 / cancelled' : (e as Error).message });
    } catch { /* the workspace was closed under the run: nothing left to mark */ }
    throw e;
  }
}

/** Statistics on the current data, without saving a run. */
export async function computeStats(ws: Workspace, by: StatsLevel, runner: PartRunner, onProgress: (f: number, m: string) => void = () => {},
  onCancelHandle: (cancel: () => void) => void = () => {}): Promise<StatsResult> {
  const roles = resolveRoles(ws.db, ws.scheme);
  const unit = unitLayer(roles);
  const plan = planRun(ws, { checks: ['stats'] }, { persist: false });
  const ex = await executeParts(ws, plan, runner, onProgress, onCancelHandle);
  const admin = new AdminLocator(ws.db, roles, plan.params.gridSize);
  const present = LINE_KINDS.filter((k) => roles.all.some((l) => l.kind === k));
  return buildStats(by, unit?.level, admin, ex.stats, present);
}
