import { describe, expect, it } from 'vitest';
import type { StatsRow } from '../../shared/contract/schemas.js';
import { checkTargets } from '../../shared/domain/targets.js';

const area = (ha: number) => ({ m2: ha * 1e4, ha, mu: ha * 15 });
const total: StatsRow = {
  level: 'county', code: '320482', name: '金坛区', parentCode: null, parentName: null,
  landArea: area(1000),
  lines: { eco_redline: area(80), permanent_farmland: area(400), urban_boundary: area(150) },
  lineShare: {}, dlbm1: { '01': 500 * 1e4, '07': 100 * 1e4 }, dlbm2: {},
  construction: area(250), intensity: 0.25,
};

describe('targets', () => {
  it('treats farmland, red line and cultivated land as floors, urban boundary and intensity as ceilings', () => {
    const r = checkTargets(total, { cultivatedMinHa: 500, farmlandTaskHa: 410, ecoRedlineMinHa: 75, urbanBoundaryMaxHa: 140, intensityMax: 0.3 });
    const by = Object.fromEntries(r.map((c) => [c.key, c]));
    expect(by.cultivatedMinHa).toMatchObject({ actual: 500, met: true, difference: 0 });
    expect(by.farmlandTaskHa).toMatchObject({ actual: 400, met: false, difference: -10 });
    expect(by.ecoRedlineMinHa).toMatchObject({ met: true, difference: 5 });
    expect(by.urbanBoundaryMaxHa).toMatchObject({ met: false, difference: 10 });
    expect(by.intensityMax!.met).toBe(true);
    expect(by.intensityMax!.difference).toBeCloseTo(-0.05, 12);
  });

  it('says nothing where no target was entered or the layer is missing', () => {
    const r = checkTargets({ ...total, lines: {} }, { cultivatedMinHa: null, farmlandTaskHa: 10, ecoRedlineMinHa: null, urbanBoundaryMaxHa: null, intensityMax: null });
    expect(r.every((c) => c.met === null)).toBe(true);
    expect(r.find((c) => c.key === 'farmlandTaskHa')!.actual).toBeNull();
  });
});
