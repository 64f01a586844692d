import { describe, expect, it } from 'vitest';
import type { UnitExtent } from '../../../shared/contract/present.js';
import type { SchemeChange, SchemeDiff, UnitDiff } from '../../../shared/contract/schemes.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { changePages, townPages, type PageText } from './pages.js';

const text: PageText = {
  layerName: (id) => `L${id}`, kind: (k) => k, ha: (v) => `${v.toFixed(2)}ha`, mu: (v) => `${v.toFixed(1)}mu`, change: 'C', gainedShort: '+', lostShort: '-',
};
const unit = (code: string | null, layerId: number, gained: number, lost: number): UnitDiff => ({
  level: 'town', code, name: `T${code}`, layerId, before: areaFromM2(0), after: areaFromM2(0), gained: areaFromM2(gained), lost: areaFromM2(lost), net: areaFromM2(gained - lost),
});
const extents: UnitExtent[] = [{ code: '2', name: '乙镇', bbox: [2, 2, 3, 3] }, { code: '1', name: '甲镇', bbox: [1, 1, 2, 2] }];

describe('town pages', () => {
  it('gives each town with a change of a shown layer one page, at the town, in code order', () => {
    const diff = { units: [unit('2', 7, 10_000, 0), unit('1', 7, 0, 5_000), unit('1', 8, 20_000, 0), unit(null, 7, 1, 0), unit('3', 7, 1, 0),
      { ...unit('1', 7, 1, 1), level: 'village' }] } as unknown as SchemeDiff;
    const pages = townPages(diff, extents, new Set([7, 8]), text);
    expect(pages.map((p) => p.bbox)).toEqual([[1, 1, 2, 2], [2, 2, 3, 3]]);
    expect(pages[0]!.subtitle).toBe('甲镇 · L7 +0.00ha -0.50ha；L8 +2.00ha -0.00ha');
    expect(townPages(diff, extents, new Set([8]), text).map((p) => p.subtitle)).toEqual(['甲镇 · L8 +2.00ha -0.00ha']);
  });
});

describe('change pages', () => {
  it('takes the largest changes first, each zoomed with its surroundings', () => {
    const change = (id: number, m2: number): SchemeChange => ({
      id, layerId: 7, layerKey: 'czkfbj', kind: 'gained', area: areaFromM2(m2), planarM2: m2, fids: [id], county: null, town: '甲镇', townCode: '1',
      village: null, villageCode: null, fields: [], bbox: [120, 31, 120.001, 31.001],
    });
    const pages = changePages([change(1, 30_000), change(2, 20_000), change(3, 10_000)], 2, text);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.subtitle).toBe('C 1/2：gained · L7 · 3.00ha（45.0mu） · 甲镇');
    const [x0, y0, x1, y1] = pages[0]!.bbox;
    expect(x0).toBeLessThan(120);
    expect(x1).toBeGreaterThan(120.001);
    expect(y1 - y0).toBeGreaterThan(0.001);
  });
});
