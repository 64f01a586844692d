// Land-consolidation indicators and rules on hand-made projects whose answers are counted by hand from 1 ha cells
// (consolidation-fixtures.ts), the rule table as data (edited, validated, kept in the workspace), roll-ups that add
// up exactly, and the same check through the Workbench service (worker thread, contract validation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutput } from '../../shared/contract/contract.js';
import type { ProjectReport } from '../../shared/contract/consolidation.js';
import { DEFAULT_RULES, ROLLUP_MEASURES, toCentiM2 } from '../../shared/domain/consolidation.js';
import { checkProjectsHere } from '../../main/core/consolidation/projects.js';
import { readRules, resetRules, writeRules } from '../../main/core/consolidation/rules.js';
import { Workbench } from '../../main/core/service.js';
import { createScheme } from '../../main/core/schemes/store.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { buildConsolidationWorkspace, cellsM2, CODE_A, CODE_B, range } from './consolidation-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let ws: Workspace;
let A: ProjectReport, B: ProjectReport;

const REL = 1e-9;
const ind = (r: ProjectReport, id: string) => {
  const row = r.indicators.find((i) => i.id === id);
  if (!row) throw new Error(`no indicator ${id}`);
  return row;
};
const rule = (r: ProjectReport, id: string) => r.rules.find((x) => x.ruleId === id)!;
function close(actual: number | null, expected: number, what: string) {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(expected) * REL));
}

beforeAll(() => {
  tmp = tempDir('sanxian-consolidation-');
  file = tmp.file('projects.sqlite');
  ws = buildConsolidationWorkspace(file);
  const result = checkProjectsHere(ws);
  A = result.reports.find((r) => r.project.code === CODE_A)!;
  B = result.reports.find((r) => r.project.code === CODE_B)!;
});
afterAll(() => {
  ws.close();
  tmp.cleanup();
});

const aCells = range(0, 5, 0, 3);
const aCultivated = aCells.filter(([i, j]) => !['0,0', '1,0', '5,3', '2,2', '3,2'].includes(`${i},${j}`));

describe('project A (全域整治): every indicator from the hand count', () => {
  it('lists the project with its attributes', () => {
    expect(A.project).toMatchObject({ name: '甲镇全域整治项目', type: '全域整治', town: '甲镇', townCode: '320482100', status: '实施中', period: '2024—2026', investment: 1200, subzoneCount: 6 });
    close(A.project.areaM2, cellsM2(...aCells), 'project area');
  });

  it('耕地: original, gains by source, loss, net, ratio, after', () => {
    const c0 = cellsM2(...aCultivated);
    const gainDemolish = cellsM2([0, 0], [1, 0]), gainIndustrial = cellsM2([5, 3]), gainFarmland = cellsM2([2, 2], [3, 2]);
    const loss = cellsM2([4, 0]);
    const net = gainDemolish + gainIndustrial + gainFarmland - loss;
    close(ind(A, 'cultivated').before, c0, '原有耕地');
    close(ind(A, 'cultivated').after, c0 + net, '整治后耕地');
    close(ind(A, 'cultivated_gain_demolish').value, gainDemolish, '拆旧复垦');
    close(ind(A, 'cultivated_gain_industrial').value, gainIndustrial, '工矿复垦');
    close(ind(A, 'cultivated_gain_farmland').value, gainFarmland, '农用地整理');
    close(ind(A, 'cultivated_gain_other').value, 0, '其他');
    close(ind(A, 'cultivated_gain').value, gainDemolish + gainIndustrial + gainFarmland, '新增耕地（毛）');
    close(ind(A, 'cultivated_loss').value, loss, '减少耕地');
    close(ind(A, 'cultivated_net').value, net, '新增耕地（净）');
    close(ind(A, 'cultivated_net_ratio').value, net / c0, '比例');
    expect(net / c0).toBeCloseTo(4 / 19, 4);
  });

  it('永久基本农田: moved out and in, net, shares, grades', () => {
    const before = cellsM2(...range(0, 3, 3, 3));
    const out = cellsM2([3, 3]), moved = cellsM2([0, 0], [1, 0]);
    close(ind(A, 'pbf').before, before, '调整前');
    close(ind(A, 'pbf').after, before - out + moved, '调整后');
    close(ind(A, 'pbf_out').value, out, '调出');
    close(ind(A, 'pbf_in').value, moved, '调入');
    close(ind(A, 'pbf_net').value, moved - out, '净增');
    close(ind(A, 'pbf_net_ratio').value, (moved - out) / out, '净增比例');
    close(ind(A, 'pbf_out_share').value, out / before, '调出比例');
    close(ind(A, 'pbf_in_not_cultivated').value, 0, '调入非耕地');
    close(ind(A, 'pbf_in_urban').value, 0, '调入开发边界');
    expect(ind(A, 'pbf_out_grade').value).toBe(7);
    expect(ind(A, 'pbf_in_grade').value).toBe(6);
    expect(ind(A, 'pbf_grade_drop').value).toBe(-1);
  });

  it('建设用地 and 增减挂钩', () => {
    const before = cellsM2([0, 0], [1, 0], [5, 3]);
    close(ind(A, 'construction').before, before, '建设用地（前）');
    close(ind(A, 'construction').after, cellsM2([4, 0]), '建设用地（后）');
    close(ind(A, 'construction_change').value, cellsM2([4, 0]) - before, '建设用地变化');
    close(ind(A, 'demolish_area').value, cellsM2([0, 0], [1, 0]), '拆旧区');
    close(ind(A, 'demolish_reclaimed').value, cellsM2([0, 0], [1, 0]), '拆旧复垦');
    close(ind(A, 'new_build_area').value, cellsM2([4, 0]), '建新区');
    close(ind(A, 'linkage_ratio').value, cellsM2([4, 0]) / cellsM2([0, 0], [1, 0]), '建新/拆旧');
    close(ind(A, 'linkage_surplus').value, cellsM2([0, 0], [1, 0]) - cellsM2([4, 0]), '节余');
    // The 建新区 only touches the red line (x = 500) and the urban boundary is not construction land.
    for (const id of ['new_build_in_eco', 'new_build_in_pbf', 'subzones_outside', 'subzone_overlap', 'landuse_gap']) close(ind(A, id).value, 0, id);
    close(ind(A, 'eco_area').value, cellsM2([5, 0]), '区域内红线');
    close(ind(A, 'urban_area').value, cellsM2([0, 1]), '区域内开发边界');
  });

  it('fragmentation and settlements', () => {
    expect(ind(A, 'cultivated_patches')).toMatchObject({ before: 1, after: 1, value: 0 });
    close(ind(A, 'cultivated_mean_patch').before, cellsM2(...aCultivated), '平均块（前）');
    expect(ind(A, 'settlement_patches')).toMatchObject({ before: 1, after: 1 });
    close(ind(A, 'settlement').before, cellsM2([0, 0], [1, 0]), '宅基地（前）');
    close(ind(A, 'settlement').after, cellsM2([4, 0]), '宅基地（后）');
  });

  it('the four parts add up the works sub-zones', () => {
    const part = (p: string) => A.parts.find((x) => x.part === p)!;
    expect(part('农用地整理').count).toBe(1);
    close(part('农用地整理').areaM2, cellsM2(...range(2, 3, 1, 2)), '农用地整理规模');
    expect(part('建设用地整理').count).toBe(3);
    close(part('建设用地整理').areaM2, cellsM2([0, 0], [1, 0], [5, 3], [4, 0]), '建设用地整理规模');
    close(part('建设用地整理').cultivatedNetM2, cellsM2([0, 0], [1, 0], [5, 3]) - cellsM2([4, 0]), '建设用地整理耕地净增');
    expect(part('生态保护修复').count + part('公共空间治理').count).toBe(0);
  });

  it('rules: pass and fail with the value, the threshold and the deciding sub-zones', () => {
    const statuses = Object.fromEntries(A.rules.map((r) => [r.ruleId, r.status]));
    expect(statuses).toEqual({
      cultivated_gain_5pct: 'pass', cultivated_not_decreased: 'pass', pbf_net_5pct: 'pass', pbf_adjust_scale: 'fail',
      pbf_in_cultivated: 'pass', pbf_in_grade: 'pass', pbf_not_into_urban: 'pass', linkage_balance: 'pass',
      construction_not_increased: 'pass', subzones_in_project: 'pass', new_build_not_in_eco: 'pass', new_build_not_in_pbf: 'pass',
      subzones_no_overlap: 'pass',
    });
    expect(A.failed).toBe(1);
    expect(A.passed).toBe(12);
    const scale = rule(A, 'pbf_adjust_scale');
    expect(scale).toMatchObject({ comparator: '<=', threshold: 0.05, unit: 'ratio' });
    expect(scale.value).toBeCloseTo(0.25, 4);
    expect(scale.source).toMatch(/domain brief/);
    // The 调出 sub-zone (fid 5) and the 永久基本农田 feature it takes (fid 4) decide it.
    const sub = A.subzoneLayerId!;
    expect(scale.features).toEqual(expect.arrayContaining([{ layerId: sub, fid: 5 }]));
    expect(scale.features.some((f) => f.layerId !== sub && f.fid === 4)).toBe(true);
    expect(rule(A, 'linkage_balance').features.map((f) => f.fid).sort()).toEqual([1, 4]);
  });
});

describe('project B (增减挂钩): conflicts, applicability and fragmentation', () => {
  it('counts what the hand count says', () => {
    const c0 = cellsM2([10, 0], [12, 0], [11, 1], [13, 1], [12, 2], [13, 2]);
    const net = cellsM2([11, 0], [13, 0]) - cellsM2([11, 1]);
    close(ind(B, 'cultivated').before, c0, '原有耕地');
    close(ind(B, 'cultivated_net').value, net, '耕地净增');
    close(ind(B, 'construction_change').value, cellsM2([10, 1], [11, 1]) - cellsM2([13, 0]), '建设用地变化');
    close(ind(B, 'demolish_reclaimed').value, cellsM2([13, 0]), '拆旧复垦（区外拆旧区不计）');
    close(ind(B, 'new_build_area').value, cellsM2([10, 1], [11, 1]), '建新区');
    close(ind(B, 'linkage_ratio').value, cellsM2([10, 1], [11, 1]) / cellsM2([13, 0]), '建新/拆旧');
    close(ind(B, 'new_build_in_eco').value, cellsM2([10, 1]), '建新区占红线');
    close(ind(B, 'new_build_in_pbf').value, cellsM2([11, 1]), '建新区占永久基本农田');
    close(ind(B, 'subzones_outside').value, cellsM2([1400, 0, 1450, 100]), '区外子区');
    close(ind(B, 'subzone_overlap').value, cellsM2([1150, 0, 1200, 50]), '子区重叠');
    close(ind(B, 'pbf_in_not_cultivated').value, cellsM2([10, 2]), '调入非耕地');
    close(ind(B, 'pbf_in_urban').value, cellsM2([1000, 200, 1050, 300]), '调入开发边界内');
    expect(ind(B, 'pbf_in_grade').value).toBeNull();
    expect(ind(B, 'pbf_out_grade').value).toBe(8);
    close(ind(B, 'pbf_eco_conflict').before, 0, '农田∩红线（前）');
    close(ind(B, 'pbf_eco_conflict').after, cellsM2([10, 2]), '农田∩红线（后）');
    close(ind(B, 'pbf_urban_conflict').after, cellsM2([1000, 200, 1050, 300]), '农田∩边界（后）');
    close(ind(B, 'construction_in_eco').before, cellsM2([10, 2]), '红线内建设用地（前）');
    close(ind(B, 'construction_in_eco').after, cellsM2([10, 1], [10, 2]), '红线内建设用地（后）');
  });

  it('patches: corner contact does not connect, shared edges do', () => {
    // Before: (10,0) | (12,0) | (11,1) | (13,1)+(12,2)+(13,2), only corners between them.
    expect(ind(B, 'cultivated_patches')).toMatchObject({ before: 4, after: 1, value: -3 });
    close(ind(B, 'cultivated_mean_patch').before, cellsM2([10, 0], [12, 0], [11, 1], [13, 1], [12, 2], [13, 2]) / 4, '平均块（前）');
    expect(ind(B, 'settlement_patches')).toMatchObject({ before: 2, after: 1 });
  });

  it('rules: 增减挂钩 rules fail, 全域整治-only rules do not apply, no grade means not applicable', () => {
    const statuses = Object.fromEntries(B.rules.map((r) => [r.ruleId, r.status]));
    expect(statuses).toEqual({
      cultivated_gain_5pct: 'na', cultivated_not_decreased: 'pass', pbf_net_5pct: 'na', pbf_adjust_scale: 'na',
      pbf_in_cultivated: 'fail', pbf_in_grade: 'na', pbf_not_into_urban: 'fail', linkage_balance: 'fail',
      construction_not_increased: 'fail', subzones_in_project: 'fail', new_build_not_in_eco: 'fail', new_build_not_in_pbf: 'fail',
      subzones_no_overlap: 'fail',
    });
    expect(rule(B, 'pbf_net_5pct').reason).toMatch(/不适用于增减挂钩项目/);
    expect(rule(B, 'pbf_in_grade').reason).toMatch(/无可计量/);
    // Deciding features: the offending sub-zones only.
    expect(rule(B, 'new_build_not_in_eco').features.map((f) => f.fid)).toEqual([11]);
    expect(rule(B, 'subzones_in_project').features.map((f) => f.fid)).toEqual([10]);
    expect(rule(B, 'subzones_no_overlap').features.map((f) => f.fid)).toEqual([8]);
    expect(rule(B, 'pbf_not_into_urban').features.map((f) => f.fid)).toEqual([13]);
    expect(B.subzones.find((z) => z.fid === 9)).toMatchObject({ kind: 'demolish', part: '建设用地整理' });
  });
});

describe('roll-ups', () => {
  it('by town and by type add up exactly to the total', () => {
    const result = checkProjectsHere(ws);
    for (const by of ['town', 'type'] as const) {
      const r = result.rollups[by];
      for (const m of ROLLUP_MEASURES) {
        expect(r.rows.reduce((s, row) => s + toCentiM2(row.sums[m]!), 0), `${by} ${m}`).toBe(toCentiM2(r.total.sums[m]!));
      }
      expect(r.rows.reduce((s, row) => s + row.count, 0)).toBe(2);
    }
    expect(result.rollups.type.rows.map((r) => [r.key, r.count, r.failing])).toEqual([['全域整治', 1, 1], ['增减挂钩', 1, 1], ['工矿复垦', 0, 0], ['占补平衡', 0, 0]]);
    expect(result.rollups.town.rows.map((r) => r.name)).toEqual(['甲镇', '乙镇']);
    const gainA = cellsM2([0, 0], [1, 0], [5, 3], [2, 2], [3, 2]);
    expect(Math.abs(result.rollups.type.rows[0]!.sums.cultivatedGainM2! - gainA)).toBeLessThan(0.006);
    expect(result.rollups.town.total.sums).toEqual(result.rollups.type.total.sums);
  });
});

describe('the rule table is data', () => {
  it('edits a threshold and the verdict follows; validates; resets', () => {
    const rules = readRules(ws.db);
    expect(rules.map((r) => r.id)).toEqual(DEFAULT_RULES.map((r) => r.id));
    const stricter = rules.map((r) => (r.id === 'cultivated_gain_5pct' ? { ...r, threshold: 0.25, source: '本地要求 25%' } : r));
    writeRules(ws.db, stricter);
    let a = checkProjectsHere(ws, [CODE_A]).reports[0]!;
    expect(rule(a, 'cultivated_gain_5pct')).toMatchObject({ status: 'fail', threshold: 0.25, source: '本地要求 25%' });
    // A user rule on any indicator; applicability by project type.
    writeRules(ws.db, [...readRules(ws.db), { id: 'user_mean_patch', indicator: 'cultivated_mean_patch', zh: '耕地平均块不减小', en: 'mean patch not smaller', comparator: '>=', threshold: 0, appliesTo: ['全域整治'], enabled: true, source: '本地' }]);
    a = checkProjectsHere(ws, [CODE_A]).reports[0]!;
    expect(rule(a, 'user_mean_patch').status).toBe('pass');
    // Invalid tables are refused with a bilingual message naming the rule; nothing is written.
    const before = JSON.stringify(readRules(ws.db));
    expect(() => writeRules(ws.db, readRules(ws.db).filter((r) => r.id !== 'linkage_balance'))).toThrow(/linkage_balance.*不能删除.*cannot be deleted/);
    expect(() => writeRules(ws.db, readRules(ws.db).map((r) => (r.id === 'linkage_balance' ? { ...r, indicator: 'nope' } : r)))).toThrow(/没有指标 nope.*no indicator/);
    expect(JSON.stringify(readRules(ws.db))).toBe(before);
    // Kept in the workspace file.
    ws.close();
    ws = Workspace.open(file);
    expect(readRules(ws.db).find((r) => r.id === 'cultivated_gain_5pct')!.threshold).toBe(0.25);
    resetRules(ws.db);
    expect(readRules(ws.db)).toEqual(DEFAULT_RULES);
    expect(rule(checkProjectsHere(ws, [CODE_A]).reports[0]!, 'cultivated_gain_5pct').status).toBe('pass');
  });
});

describe('through the Workbench service', () => {
  it('checks in a worker, validates against the contract, edits rules, refuses an unknown project', async () => {
    const copy = tmp.file('service.sqlite');
    buildConsolidationWorkspace(copy).close();
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
    try {
      wb.open(copy);
      const list = parseOutput('projects.list', await wb.api['projects.list']({}));
      expect(list.projects.map((p) => [p.code, p.subzoneCount])).toEqual([[CODE_A, 6], [CODE_B, 7]]);
      const progress: number[] = [];
      const off = wb.on((e, p) => { if (e === 'job.progress') progress.push((p as { fraction: number }).fraction); });
      const result = parseOutput('projects.check', await wb.api['projects.check']({ codes: [CODE_B] }));
      off();
      expect(progress.length).toBeGreaterThan(2);
      expect(result.reports).toHaveLength(1);
      expect(result.reports[0]!.failed).toBe(8);
      close(result.reports[0]!.indicators.find((i) => i.id === 'new_build_in_eco')!.value, cellsM2([10, 1]), 'worker');
      await expect(wb.api['projects.check']({ codes: ['NOPE'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const rules = parseOutput('projects.setRules', await wb.api['projects.setRules']({ rules: (await wb.api['projects.rules']({})).map((r) => ({ ...r, enabled: r.id !== 'linkage_balance' })) }));
      expect(rules.find((r) => r.id === 'linkage_balance')!.enabled).toBe(false);
      const again = await wb.api['projects.check']({ codes: [CODE_B] });
      expect(again.reports[0]!.rules.find((r) => r.ruleId === 'linkage_balance')).toMatchObject({ status: 'na', reason: expect.stringMatching(/停用/) });
      expect((await wb.api['projects.resetRules']({})).every((r) => r.enabled)).toBe(true);
    } finally {
      await wb.dispose();
    }
  });
});

describe('migration 5', () => {
  it('adds XMLX and GDDB to project layers written before it (every scheme\'s table), and the rule table', () => {
    const old = tmp.file('v3.sqlite');
    const w = buildConsolidationWorkspace(old);
    // A draft with its own copy of the project areas (docs/schemes.md): its table needs the field too.
    const draft = createScheme(w.db, { fromId: 1, name: '草案' }).id;
    const copy = w.transaction(() => w.writableTable(w.layersOfKind('project_area')[0]!.id, draft));
    expect(copy).toBe('zz_xmq_fa2');
    // As version 4 wrote it: no XMLX, no GDDB, no rule table.
    w.db.exec(`ALTER TABLE zz_xmq DROP COLUMN XMLX; ALTER TABLE zz_xmq_fa2 DROP COLUMN XMLX; ALTER TABLE zz_zq DROP COLUMN GDDB;
      DROP TABLE sx_consolidation_rules; UPDATE sx_meta SET value = '4' WHERE key = 'schema_version'`);
    w.close();
    const again = Workspace.open(old);
    try {
      const cols = (t: string) => (again.db.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[]).map((c) => c.name);
      expect(cols('zz_xmq')).toContain('XMLX');
      expect(cols('zz_xmq_fa2')).toContain('XMLX');
      expect(cols('zz_zq')).toContain('GDDB');
      expect(readRules(again.db)).toEqual(DEFAULT_RULES);
      const r = checkProjectsHere(again).reports;
      // Without XMLX every project counts as 全域整治; without grades the grade rule does not apply.
      expect(r.map((x) => [x.project.typeRaw, x.project.type])).toEqual([[null, '全域整治'], [null, '全域整治']]);
      expect(r[0]!.rules.find((x) => x.ruleId === 'pbf_in_grade')!.status).toBe('na');
      writeRules(again.db, readRules(again.db));
    } finally {
      again.close();
    }
  });
});
