// Pure parts of land consolidation: rule evaluation (comparators, applicability, nothing to measure, ratios over
// zero), sub-zone type names, and roll-ups that add up exactly, tested against the 金坛 2016–2019 figures of the
// domain brief (占补 150 projects, 1.4554万亩 built, 1.1686万亩 new 耕地; 增减挂钩 337, 9,500.5亩, 9,144.71亩;
// 工矿复垦 101, 3,120.38亩, 2,805.12亩; total new 耕地 2.3636万亩).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES, INDICATOR_BY_ID, PROJECT_TYPES, evaluateRule, projectTypeOf, ratio, rollUp, subzoneType, toCentiM2,
  type ConsolidationRule, type ProjectFigures, type ProjectType,
} from '../../shared/domain/consolidation.js';
import { checkAttributes } from '../../shared/domain/attribute-form.js';
import { M2_PER_MU } from '../../shared/domain/units.js';

const base: ConsolidationRule = {
  id: 'r', indicator: 'cultivated_net_ratio', zh: '', en: '', comparator: '>=', threshold: 0.05, appliesTo: ['全域整治'], enabled: true, source: '',
};

describe('evaluateRule', () => {
  it('compares with each comparator at and around the threshold', () => {
    expect(evaluateRule(base, '全域整治', 0.05)).toBe('pass');
    expect(evaluateRule(base, '全域整治', 0.0499999)).toBe('fail');
    expect(evaluateRule({ ...base, comparator: '>' }, '全域整治', 0.05)).toBe('fail');
    expect(evaluateRule({ ...base, comparator: '<=' }, '全域整治', 0.05)).toBe('pass');
    expect(evaluateRule({ ...base, comparator: '<' }, '全域整治', 0.05)).toBe('fail');
    expect(evaluateRule({ ...base, comparator: '<' }, '全域整治', -1)).toBe('pass');
  });
  it('is not applicable when disabled, for another project type, or with nothing to measure', () => {
    expect(evaluateRule({ ...base, enabled: false }, '全域整治', 1)).toBe('na');
    expect(evaluateRule(base, '增减挂钩', 1)).toBe('na');
    expect(evaluateRule(base, '全域整治', null)).toBe('na');
    expect(evaluateRule(base, '全域整治', NaN)).toBe('na');
  });
  it('treats a ratio over zero as infinite', () => {
    expect(ratio(3, 0)).toBe(Infinity);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    // 建新区 without anything reclaimed: fails "≤ 100 %".
    expect(evaluateRule({ ...base, comparator: '<=', threshold: 1 }, '全域整治', ratio(1, 0))).toBe('fail');
  });
});

describe('the default rule table', () => {
  it('names existing indicators, says where each rule comes from, and covers the rules of the brief', () => {
    for (const r of DEFAULT_RULES) {
      expect(INDICATOR_BY_ID.has(r.indicator), r.id).toBe(true);
      expect(r.source.length, r.id).toBeGreaterThan(10);
      expect(r.appliesTo.length, r.id).toBeGreaterThan(0);
    }
    const byIndicator = (i: string) => DEFAULT_RULES.find((r) => r.indicator === i)!;
    expect(byIndicator('cultivated_net_ratio')).toMatchObject({ comparator: '>=', threshold: 0.05 });
    expect(byIndicator('pbf_net_ratio')).toMatchObject({ comparator: '>=', threshold: 0.05 });
    expect(byIndicator('pbf_in_urban')).toMatchObject({ comparator: '<=' });
    expect(byIndicator('linkage_ratio')).toMatchObject({ comparator: '<=', threshold: 1 });
    expect(byIndicator('construction_change')).toMatchObject({ comparator: '<=', threshold: 0 });
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULES.length);
  });
});

describe('names', () => {
  it('reads sub-zone types and their aliases, project types and their short names', () => {
    expect(subzoneType('拆旧区')).toMatchObject({ id: '建设用地整理-拆旧区', kind: 'demolish', part: '建设用地整理' });
    expect(subzoneType(' 永久基本农田调入 ')).toMatchObject({ role: 'pbf_in', part: null });
    expect(subzoneType('高标准农田建设')!.part).toBe('农用地整理');
    expect(subzoneType('别的')).toBeUndefined();
    expect(projectTypeOf('占补')).toBe('占补平衡');
    expect(projectTypeOf(null)).toBe('全域整治');
    expect(projectTypeOf('城乡建设用地增减挂钩')).toBe('增减挂钩');
  });
  it('the attribute form offers and checks the type lists', () => {
    expect(checkAttributes('project_subzone', { XMBH: 'x', ZQLX: '永久基本农田调出' })).toEqual([]);
    expect(checkAttributes('project_subzone', { XMBH: 'x', ZQLX: '乱填' }).map((i) => i.code)).toEqual(['domain']);
    expect(checkAttributes('project_area', { XMBH: 'x', XMMC: 'y', XMLX: '工矿复垦' })).toEqual([]);
  });
});

/** n projects whose values in 亩 (to 0.01 亩) add up to the given totals: hundredths spread evenly, the rest first. */
function spread(n: number, totalMu: number): number[] {
  const hundredths = Math.round(totalMu * 100);
  const each = Math.floor(hundredths / n);
  return Array.from({ length: n }, (_, i) => (each + (i < hundredths - each * n ? 1 : 0)) / 100);
}

function jintan(): ProjectFigures[] {
  const groups: [ProjectType, number, number, number][] = [['占补平衡', 150, 14_554, 11_686], ['增减挂钩', 337, 9_500.5, 9_144.71], ['工矿复垦', 101, 3_120.38, 2_805.12]];
  const towns = ['金城镇', '儒林镇', '朱林镇', '薛埠镇', '指前镇', '直溪镇', '尧塘街道', '西城街道', '东城街道', '茅山旅游度假区'];
  const out: ProjectFigures[] = [];
  for (const [type, n, built, gained] of groups) {
    const b = spread(n, built), g = spread(n, gained);
    for (let i = 0; i < n; i++) {
      const town = towns[(i * 7 + type.length) % towns.length]!;
      out.push({
        code: `${type}-${i}`, name: '', type, townCode: town, town, status: null, areaM2: b[i]! * M2_PER_MU, cultivatedGainM2: g[i]! * M2_PER_MU,
        cultivatedNetM2: g[i]! * M2_PER_MU, reclaimedM2: 0, newBuildM2: 0, pbfNetM2: 0, passed: 1, failed: i % 5 === 0 ? 1 : 0,
      });
    }
  }
  return out;
}

describe('roll-ups', () => {
  const projects = jintan();
  const mu = (m2: number) => (m2 / M2_PER_MU).toFixed(2);

  it('reproduce the 金坛 2016–2019 figures by type', () => {
    const r = rollUp(projects, 'type');
    const row = (t: ProjectType) => r.rows.find((x) => x.key === t)!;
    expect(r.rows.map((x) => x.key)).toEqual([...PROJECT_TYPES]);
    expect([row('占补平衡').count, mu(row('占补平衡').sums.areaM2), mu(row('占补平衡').sums.cultivatedGainM2)]).toEqual([150, '14554.00', '11686.00']);
    expect([row('增减挂钩').count, mu(row('增减挂钩').sums.areaM2), mu(row('增减挂钩').sums.cultivatedGainM2)]).toEqual([337, '9500.50', '9144.71']);
    expect([row('工矿复垦').count, mu(row('工矿复垦').sums.areaM2), mu(row('工矿复垦').sums.cultivatedGainM2)]).toEqual([101, '3120.38', '2805.12']);
    expect(row('全域整治').count).toBe(0);
    expect(r.total.count).toBe(588);
    // 1.1686 + 0.914471 + 0.280512 万亩 = 2.363583 → 2.3636万亩.
    expect(mu(r.total.sums.cultivatedGainM2)).toBe('23635.83');
    expect((r.total.sums.cultivatedGainM2 / M2_PER_MU / 10_000).toFixed(4)).toBe('2.3636');
    expect(r.total.failing).toBe(projects.filter((p) => p.failed > 0).length);
  });

  it('add up exactly in every grouping, whatever the order of the projects', () => {
    const shuffled = [...projects].reverse();
    const t1 = rollUp(projects, 'type'), t2 = rollUp(shuffled, 'town');
    for (const roll of [t1, t2]) {
      for (const m of ['areaM2', 'cultivatedGainM2'] as const) {
        expect(roll.rows.reduce((s, r) => s + toCentiM2(r.sums[m]), 0)).toBe(toCentiM2(roll.total.sums[m]));
      }
    }
    expect(t1.total.sums).toEqual(t2.total.sums);
    expect(t2.rows.length).toBe(10);
    // Each sum is an exact number of 0.01 m².
    for (const r of t2.rows) expect(Number.isInteger(toCentiM2(r.sums.areaM2)) && Math.abs(r.sums.areaM2 * 100 - toCentiM2(r.sums.areaM2)) < 1e-6).toBe(true);
  });
});
