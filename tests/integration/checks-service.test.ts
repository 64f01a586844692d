// The checks as the renderer reaches them through the Workbench service: a run started and awaited, its findings
// with drawable (triangulated) geometry, statistics read back from the saved run, and the indicator targets the
// statistics panel compares totals with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, parseOutput } from '../../shared/contract/contract.js';
import type { CheckRunInfo, FindingGeometry } from '../../shared/contract/schemas.js';
import { Workbench } from '../../main/core/service.js';
import { tempDir } from './helpers.js';
import { buildDistrictWorkspace } from './overlay-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
let workbench: Workbench;
let wsPath: string;

beforeAll(() => {
  tmp = tempDir('sanxian-checks-service-');
  wsPath = tmp.file('district.sqlite');
  buildDistrictWorkspace(wsPath).close();
  workbench = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
});

afterAll(async () => {
  await workbench.dispose();
  tmp.cleanup();
});

/** Twice the signed area of triangle or ring sums, in lon/lat degrees² (only compared with each other). */
function ringArea(p: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to - 1; i++) s += p[i * 2]! * p[i * 2 + 3]! - p[i * 2 + 2]! * p[i * 2 + 1]!;
  return s / 2;
}

function polygonAreaFromRings(g: FindingGeometry): number {
  let total = 0;
  for (let part = 0; part + 1 < g.partStarts.length; part++) {
    const [start, end] = [g.partStarts[part]!, g.partStarts[part + 1]!];
    const rings = [...g.ringStarts].filter((r) => r >= start && r < end);
    rings.forEach((r, i) => {
      const a = Math.abs(ringArea(g.positions, r, rings[i + 1] ?? end));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

function triangleArea(g: FindingGeometry): number {
  let total = 0;
  for (let t = 0; t < g.triangles.length; t += 3) {
    const [a, b, c] = [g.triangles[t]!, g.triangles[t + 1]!, g.triangles[t + 2]!];
    const p = g.positions;
    total += Math.abs((p[b * 2]! - p[a * 2]!) * (p[c * 2 + 1]! - p[a * 2 + 1]!) - (p[c * 2]! - p[a * 2]!) * (p[b * 2 + 1]! - p[a * 2 + 1]!)) / 2;
  }
  return total;
}

describe('checks through the service', () => {
  let runId: number;

  let finished: CheckRunInfo | undefined;

  beforeAll(async () => {
    await workbench.api['workspace.open']({ path: wsPath });
    const ended = new Promise<CheckRunInfo>((resolve) => {
      const off = workbench.on((event, payload) => {
        if (event === 'checks.finished') { off(); resolve(payload as CheckRunInfo); }
      });
    });
    runId = (await workbench.api['checks.run']({})).runId;
    finished = parseEvent('checks.finished', await ended);
  });

  it('announces the finished run with its totals, as saved', async () => {
    expect(finished).toMatchObject({ runId, status: 'done' });
    const saved = (await workbench.api['checks.runs']({})).find((r) => r.runId === runId);
    expect(saved).toEqual(finished);
  });

  it('announces a cancelled run as cancelled', async () => {
    const ended = new Promise<CheckRunInfo>((resolve) => {
      const off = workbench.on((event, payload) => {
        if (event === 'checks.finished') { off(); resolve(payload as CheckRunInfo); }
      });
    });
    const { jobId, runId: cancelledId } = await workbench.api['checks.run']({});
    await workbench.api['jobs.cancel']({ jobId });
    expect(await ended).toMatchObject({ runId: cancelledId, status: 'cancelled' });
  });

  it('returns findings with triangles that cover exactly the finding polygons', async () => {
    const page = parseOutput('checks.findings', await workbench.api['checks.findings']({ runId, limit: 100_000 }));
    expect(page.total).toBeGreaterThan(10);
    const g = page.geometry!;
    expect(g.triangles.length % 3).toBe(0);
    expect(Math.max(...g.triangles)).toBeLessThan(g.positions.length / 2);
    // Holes and multipolygons included: the triangles add up to the polygons' area.
    expect(triangleArea(g)).toBeCloseTo(polygonAreaFromRings(g), 12);
    expect(triangleArea(g)).toBeGreaterThan(0);
  });

  it('reads statistics back from the saved run, equal to computing them now', async () => {
    const saved = parseOutput('stats.get', await workbench.api['stats.get']({ by: 'town', runId }));
    const now = await workbench.api['stats.get']({ by: 'town' });
    expect(saved.rows.map((r) => r.code)).toEqual(now.rows.map((r) => r.code));
    expect(saved.total.landArea.m2).toBeCloseTo(now.total.landArea.m2, 6);
    for (const [line, area] of Object.entries(now.total.lines)) expect(saved.total.lines[line]!.m2).toBeCloseTo(area.m2, 6);
    await expect(workbench.api['stats.get']({ by: 'town', runId: 9999 })).rejects.toThrow();
  });

  it('keeps the indicator targets in the workspace across reopening', async () => {
    const empty = await workbench.api['targets.get']({});
    expect(Object.values(empty).every((v) => v === null)).toBe(true);
    const targets = { cultivatedMinHa: 150, farmlandTaskHa: 12.5, ecoRedlineMinHa: null, urbanBoundaryMaxHa: 40, intensityMax: 0.3 };
    await workbench.api['targets.set'](targets);
    await workbench.api['workspace.close']({});
    await workbench.api['workspace.open']({ path: wsPath });
    expect(await workbench.api['targets.get']({})).toEqual(targets);
  });
});
