// Check runs and findings in the workspace (tables sx_check_runs and sx_findings, migration 2): reading them back,
// filtering, geometry for drawing, and comparing a run with the previous one.
import type { CheckParams, CheckRunInfo, Finding, FindingsPage, FindingType, RunComparison, StatsResult } from '../../../shared/contract/schemas.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { drawablePolygons } from './drawable.js';

interface RunRow {
  id: number; scheme: string; status: string; started_at: string; finished_at: string | null; duration_ms: number | null;
  checks_json: string; params_json: string; layer_pairs_json: string; totals_json: string; skipped_json: string;
  finding_count: number; error: string | null; stats_json: string | null;
}

export interface FindingRow {
  id: number; run_id: number; type: string; severity: string; layers_json: string; fids_json: string; area_m2: number; area_ell_m2: number;
  town: string | null; town_code: string | null; village: string | null; village_code: string | null; dlbm: string | null;
  detail: string; suggestion: string | null; fingerprint: string; minx: number | null; miny: number | null; maxx: number | null; maxy: number | null;
}

export function createRun(db: Db, r: { scheme: string; checks: string[]; params: CheckParams; layerPairs: [string, string][]; layers: unknown }): number {
  const info = db.prepare(`INSERT INTO sx_check_runs (scheme, status, started_at, checks_json, params_json, layer_pairs_json, layers_json)
    VALUES (?, 'running', ?, ?, ?, ?, ?)`).run(r.scheme, new Date().toISOString(), JSON.stringify(r.checks), JSON.stringify(r.params),
    JSON.stringify(r.layerPairs), JSON.stringify(r.layers));
  return Number(info.lastInsertRowid);
}

export function finishRun(db: Db, runId: number, r: { status: 'done' | 'failed' | 'cancelled'; durationMs: number; totals?: unknown; stats?: unknown; skipped?: unknown; error?: string | null }): void {
  db.transaction(() => {
    if (r.status !== 'done') db.prepare('DELETE FROM sx_findings WHERE run_id = ?').run(runId);
    const count = (db.prepare('SELECT COUNT(*) n FROM sx_findings WHERE run_id = ?').get(runId) as { n: number }).n;
    db.prepare(`UPDATE sx_check_runs SET status = ?, finished_at = ?, duration_ms = ?, totals_json = ?, stats_json = ?, skipped_json = ?,
      finding_count = ?, error = ? WHERE id = ?`).run(r.status, new Date().toISOString(), r.durationMs, JSON.stringify(r.totals ?? {}),
      r.stats === undefined ? null : JSON.stringify(r.stats), JSON.stringify(r.skipped ?? []), count, r.error ?? null, runId);
  })();
}

function toRunInfo(r: RunRow): CheckRunInfo {
  return {
    runId: r.id, scheme: r.scheme, status: r.status as CheckRunInfo['status'], startedAt: r.started_at, finishedAt: r.finished_at,
    durationMs: r.duration_ms, checks: JSON.parse(r.checks_json), params: JSON.parse(r.params_json), layerPairs: JSON.parse(r.layer_pairs_json),
    findingCount: r.finding_count, totals: JSON.parse(r.totals_json), skipped: JSON.parse(r.skipped_json), error: r.error,
  };
}

export function listRuns(db: Db, scheme?: string): CheckRunInfo[] {
  const rows = (scheme ? db.prepare('SELECT * FROM sx_check_runs WHERE scheme = ? ORDER BY id DESC').all(scheme)
    : db.prepare('SELECT * FROM sx_check_runs ORDER BY id DESC').all()) as RunRow[];
  return rows.map(toRunInfo);
}

export function getRun(db: Db, runId: number): CheckRunInfo {
  const r = db.prepare('SELECT * FROM sx_check_runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!r) throw new WorkbenchError('BAD_REQUEST', `没有检查记录 / no check run ${runId}`);
  return toRunInfo(r);
}

/**
 * What a run saved beside its findings: statistics at every admin level, parcels inside each line by DLBM, and the
 * exact overlay areas by pair of layers (runs saved before they were recorded have none).
 */
export function runSavedStats(db: Db, runId: number): {
  levels: Partial<Record<string, StatsResult>>; byLine: Record<string, Record<string, number>>; overlayAreas?: Record<string, number>;
} | null {
  const r = db.prepare('SELECT stats_json FROM sx_check_runs WHERE id = ?').get(runId) as { stats_json: string | null } | undefined;
  return r?.stats_json ? JSON.parse(r.stats_json) : null;
}

export function toFinding(r: FindingRow, lonlatBbox: [number, number, number, number] | null): Finding {
  return {
    id: r.id, runId: r.run_id, type: r.type as FindingType, severity: r.severity as Finding['severity'],
    layers: JSON.parse(r.layers_json), featureIds: JSON.parse(r.fids_json),
    area: { planar: areaFromM2(r.area_m2), ellipsoidal: areaFromM2(r.area_ell_m2) },
    town: r.town, townCode: r.town_code, village: r.village, villageCode: r.village_code, dlbm: r.dlbm,
    detail: r.detail, suggestion: r.suggestion, bbox: lonlatBbox,
  };
}

export interface FindingFilter {
  runId: number; types?: string[]; layer?: string; town?: string; village?: string; minAreaM2?: number;
  bbox?: [number, number, number, number]; offset?: number; limit?: number; withGeometry?: boolean;
}

function whereOf(db: Db, srid: number, f: FindingFilter): { sql: string; args: unknown[] } {
  const w = ['run_id = ?'];
  const args: unknown[] = [f.runId];
  if (f.types?.length) { w.push(`type IN (${f.types.map(() => '?').join(',')})`); args.push(...f.types); }
  if (f.layer) { w.push('EXISTS (SELECT 1 FROM json_each(layers_json) WHERE value = ?)'); args.push(f.layer); }
  if (f.town) { w.push('(town = ? OR town_code = ?)'); args.push(f.town, f.town); }
  if (f.village) { w.push('(village = ? OR village_code = ?)'); args.push(f.village, f.village); }
  if (f.minAreaM2 !== undefined) { w.push('area_m2 >= ?'); args.push(f.minAreaM2); }
  if (f.bbox) {
    const b = db.prepare(`SELECT MbrMinX(t) a, MbrMinY(t) b, MbrMaxX(t) c, MbrMaxY(t) d FROM (SELECT ST_Transform(BuildMbr(?, ?, ?, ?, ${CGCS2000_GEOGRAPHIC}), ${srid}) t)`)
      .get(...f.bbox) as { a: number; b: number; c: number; d: number };
    w.push('maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?');
    args.push(b.a, b.c, b.b, b.d);
  }
  return { sql: w.join(' AND '), args };
}

export function queryFindings(db: Db, srid: number, f: FindingFilter): FindingsPage {
  getRun(db, f.runId);
  const { sql, args } = whereOf(db, srid, f);
  const total = (db.prepare(`SELECT COUNT(*) n FROM sx_findings WHERE ${sql}`).get(...args) as { n: number }).n;
  const limit = f.limit ?? 1000, offset = f.offset ?? 0;
  const rows = db.prepare(`SELECT f.*, AsBinary(ST_Transform(f.geom, ${CGCS2000_GEOGRAPHIC})) ll FROM sx_findings f WHERE ${sql}
    ORDER BY area_m2 DESC, id LIMIT ? OFFSET ?`).all(...args, limit, offset) as (FindingRow & { ll: Buffer | null })[];
  const { geometry, bboxes } = drawablePolygons(rows, f.withGeometry !== false);
  const findings: Finding[] = rows.map((r, i) => toFinding(r, bboxes[i]!));
  return { runId: f.runId, total, findings, geometry };
}

/** Matches findings by fingerprint (type, layers, feature ids, DLBM; gaps by location); areas differing by more
 *  than 0.01 m² (or 1e-6 relative) are "changed". */
export function compareRuns(db: Db, runId: number, previousRunId?: number): RunComparison {
  const run = getRun(db, runId);
  const prev = previousRunId ?? (db.prepare(`SELECT id FROM sx_check_runs WHERE scheme = ? AND id < ? AND status = 'done' ORDER BY id DESC LIMIT 1`)
    .get(run.scheme, runId) as { id: number } | undefined)?.id;
  const empty = { runId, previousRunId: prev ?? null, new: [] as number[], resolved: [] as RunComparison['resolved'], changed: [] as RunComparison['changed'], unchanged: 0, byType: {} as RunComparison['byType'] };
  const load = (id: number) => db.prepare('SELECT id, type, layers_json, fids_json, area_m2, fingerprint FROM sx_findings WHERE run_id = ?').all(id) as
    { id: number; type: string; layers_json: string; fids_json: string; area_m2: number; fingerprint: string }[];
  const cur = load(runId);
  const bump = (type: string, k: 'new' | 'resolved' | 'changed' | 'unchanged') => {
    const t = (empty.byType[type] ??= { new: 0, resolved: 0, changed: 0, unchanged: 0 });
    t[k]++;
  };
  if (prev === undefined) {
    for (const c of cur) { empty.new.push(c.id); bump(c.type, 'new'); }
    return empty;
  }
  getRun(db, prev);
  const old = new Map<string, { id: number; type: string; layers_json: string; fids_json: string; area_m2: number }[]>();
  for (const o of load(prev)) { const l = old.get(o.fingerprint) ?? []; l.push(o); old.set(o.fingerprint, l); }
  for (const c of cur) {
    const match = old.get(c.fingerprint)?.shift();
    if (!match) { empty.new.push(c.id); bump(c.type, 'new'); continue; }
    if (Math.abs(match.area_m2 - c.area_m2) > Math.max(0.01, 1e-6 * Math.abs(match.area_m2))) {
      empty.changed.push({ id: c.id, previousId: match.id, areaM2: c.area_m2, previousAreaM2: match.area_m2 });
      bump(c.type, 'changed');
    } else { empty.unchanged++; bump(c.type, 'unchanged'); }
  }
  for (const list of old.values()) for (const o of list) {
    empty.resolved.push({ id: o.id, type: o.type as FindingType, layers: JSON.parse(o.layers_json), featureIds: JSON.parse(o.fids_json), areaM2: o.area_m2 });
    bump(o.type, 'resolved');
  }
  return empty;
}
