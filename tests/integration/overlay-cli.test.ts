// The built CLI (`sanxian check`, `sanxian stats`) and the Workbench service running checks on worker threads,
// with progress and cancel, on a hand-made district and on the generated 金坛区 sample.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutput } from '../../shared/contract/contract.js';
import { Workbench } from '../../main/core/service.js';
import { createScheme } from '../../main/core/schemes/store.js';
import { tempDir } from './helpers.js';
import { buildDistrictWorkspace, buildLinesWorkspace } from './overlay-fixtures.js';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'sanxian.cjs');
let schemeA: string;
let tmp: ReturnType<typeof tempDir>;
let district: string;
let sample: string;
let sampleSummary: { conflicts: Record<string, { count: number; areaM2: number }> };

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'main', 'cli.cjs'))) throw new Error('run `npm run build` first (the CLI and the worker are bundled)');
  tmp = tempDir('sanxian-overlay-cli-');
  district = tmp.file('district.sqlite');
  const ws = buildDistrictWorkspace(district);
  schemeA = String(createScheme(ws.db, { fromId: 1, name: '方案A' }).id);
  ws.close();
  sample = tmp.file('sample.sqlite');
  const r = spawnSync(process.execPath, [cli, 'sample', sample, '--parcels', '4000', '--seed', '7'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  sampleSummary = JSON.parse(r.stdout);
});
afterAll(() => tmp.cleanup());

function sanxian(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, SANXIAN_STATE_DIR: tmp.file('state') } });
}

describe('sanxian check / stats', () => {
  it('runs the checks, prints a summary and writes the documented JSON and the XLSX', () => {
    const json = tmp.file('report.json'), xlsx = tmp.file('report.xlsx');
    const r = sanxian('check', district, '--json', json, '--xlsx', xlsx, '--scheme', '方案A');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/空隙\s+1\s+1\.0000 公顷\s+15\.00 亩/);
    expect(r.stdout).toMatch(/压盖（图层内重叠）\s+1\s+0\.2500 公顷\s+3\.75 亩/);
    expect(existsSync(xlsx)).toBe(true);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.run).toMatchObject({ scheme: schemeA, schemeName: '方案A' });
    for (const f of j.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['type', 'layers', 'featureIds', 'areaM2', 'areaHa', 'areaMu', 'town', 'village', 'wkt']));
      expect(f.layers.length).toBe(f.featureIds.length);
      expect(f.areaHa).toBeCloseTo(f.areaM2 / 10_000, 12);
      expect(f.areaMu).toBeCloseTo(f.areaM2 * 15 / 10_000, 9);
    }
    expect(j.totals.all.count).toBe(j.findings.length);
    expect(j.totals.construction_in_eco).toMatchObject({ count: 10, areaHa: expect.closeTo(10, 8) });
  });

  it('keeps GEOS / RTTOPO diagnostics off stderr: an invalid feature is a finding, not a native warning', () => {
    const lines = tmp.file('lines.sqlite');
    buildLinesWorkspace(lines).close();
    const json = tmp.file('lines.json');
    const r = sanxian('check', lines, '--json', json);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/GEOS|RTTOPO|Self-intersection/);
    expect(r.stderr).toMatch(/check 100%/); // progress still shows
    expect(r.stdout).toMatch(/几何无效\s+1/);
    expect(JSON.parse(readFileSync(json, 'utf8')).totals.invalid_geometry.count).toBe(1);
    // The diagnostics exist (the bow-tie is repaired by MakeValid) and can be shown for debugging.
    const raw = spawnSync(process.execPath, [cli, 'check', lines], { encoding: 'utf8', env: { ...process.env, SANXIAN_NATIVE_STDERR: '1' } });
    expect(raw.status).toBe(0);
    expect(raw.stderr).toMatch(/RTTOPO warning: Self-intersection/);
  });

  it('compares with the previous run of the same scheme', () => {
    const json = tmp.file('report2.json');
    expect(sanxian('check', district, '--scheme', '方案A', '--json', json).status).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.comparison).toMatchObject({ new: 0, resolved: 0, changed: 0, unchanged: j.findings.length });
    expect(j.comparison.previousRunId).toBe(j.run.runId - 1);
  });

  it('prints statistics by town and writes them as JSON', () => {
    const json = tmp.file('stats.json');
    const r = sanxian('stats', district, '--by', 'town', '--json', json);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/甲镇 .*国土 100\.0000 \(1500\.00\).*开发强度 30\.00%/);
    const s = parseOutput('stats.get', JSON.parse(readFileSync(json, 'utf8')));
    expect(s.rows.map((x) => x.name)).toEqual(['甲镇', '乙镇']);
    expect(s.total.landArea.ha).toBe(200);
  });

  it('fails clearly on bad arguments and missing layers', () => {
    const bad = sanxian('stats', district, '--by', 'province');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--by must be county, town or village/);
    const noVillage = tmp.file('novillage.sqlite');
    execFileSync('cp', [district, noVillage]);
    execFileSync('spatialite', [noVillage, "DELETE FROM sx_layers WHERE kind = 'village'"]);
    const r = sanxian('stats', noVillage, '--by', 'village');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no village layer/);
    expect(sanxian('check', district, '--checks', 'nonsense').stderr).toMatch(/unknown check "nonsense"/);
    expect(sanxian('check', district, '--pair', 'dltb:nope').stderr).toMatch(/nope/);
  });
});

describe('the generated 金坛区 sample', () => {
  it('finds exactly the conflicts the generator planted, in worker threads', async () => {
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state2') });
    try {
      wb.open(sample);
      const progress: number[] = [];
      wb.on((e, p) => { if (e === 'job.progress') progress.push((p as { fraction: number }).fraction); });
      const started = wb.startChecks({});
      const run = await started.done;
      expect(run.status).toBe('done');
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.at(-1)).toBe(1);
      const c = sampleSummary.conflicts;
      const t = run.totals;
      // The generator's own areas (from its parcels) agree with the overlays to well within 0.01 %.
      const close = (a: number | undefined, b: number) => expect(Math.abs((a ?? 0) - b) / b).toBeLessThan(1e-5);
      expect(t.conflict_eco_farmland!.count).toBe(c.ecoPbf!.count);
      close(t.conflict_eco_farmland!.areaM2, c.ecoPbf!.areaM2);
      expect(t.conflict_farmland_urban!.count).toBe(c.pbfUdb!.count);
      close(t.conflict_farmland_urban!.areaM2, c.pbfUdb!.areaM2);
      expect(t.conflict_eco_urban!.count).toBe(c.ecoUdb!.count);
      close(t.conflict_eco_urban!.areaM2, c.ecoUdb!.areaM2);
      close((t.farmland_not_cultivated?.areaM2 ?? 0) + (t.construction_in_farmland?.areaM2 ?? 0), c.pbfNotCultivated!.areaM2);
      expect((t.farmland_not_cultivated?.count ?? 0) + (t.construction_in_farmland?.count ?? 0)).toBe(c.pbfNotCultivated!.count);
      expect(t.overlap).toBeUndefined();
      expect(t.gap).toBeUndefined();
      // The statistics add up to the county, and the county to the district area.
      const page = await wb.api['checks.findings']({ runId: run.runId, types: ['conflict_eco_urban'] });
      expect(page.findings[0]!.town).toBeTruthy();
      parseOutput('checks.findings', page);
      const stats = await wb.api['stats.get']({ by: 'town' });
      const county = await wb.api['stats.get']({ by: 'county' });
      expect(stats.total.landArea.m2).toBeCloseTo(county.rows[0]!.landArea.m2, 3); // float summation order only
      expect(Object.values(stats.total.dlbm2).reduce((a, b) => a + b, 0)).toBeCloseTo(Object.values(county.total.dlbm2).reduce((a, b) => a + b, 0), 4);
    } finally {
      await wb.dispose();
    }
  });

  it('cancels a run through jobs.cancel and keeps nothing of it', async () => {
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state3') });
    try {
      wb.open(sample);
      const r = await wb.api['checks.run']({});
      let cancelled = false;
      wb.on((e, p) => {
        const pr = p as { jobId: string; fraction: number };
        if (e === 'job.progress' && pr.jobId === r.jobId && pr.fraction > 0 && pr.fraction < 1 && !cancelled) {
          cancelled = true;
          void wb.api['jobs.cancel']({ jobId: r.jobId });
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (!cancelled) { cancelled = true; await wb.api['jobs.cancel']({ jobId: r.jobId }); }
      let run = (await wb.api['checks.runs']({})).find((x) => x.runId === r.runId)!;
      for (let i = 0; i < 200 && run.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        run = (await wb.api['checks.runs']({})).find((x) => x.runId === r.runId)!;
      }
      expect(run.status).toBe('cancelled');
      expect(run.findingCount).toBe(0);
      const left = wb.requireWorkspace().db.prepare('SELECT COUNT(*) n FROM sx_findings WHERE run_id = ?').get(r.runId) as { n: number };
      expect(left.n).toBe(0);
    } finally {
      await wb.dispose();
    }
  });
});
