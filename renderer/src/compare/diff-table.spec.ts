import { describe, expect, it } from 'vitest';
import type { SchemeInfo } from '../../../shared/contract/schemas.js';
import type { SchemeChange, SchemeDiff, UnitDiff } from '../../../shared/contract/schemes.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { changesInUnit, defaultPair, sumRows, unionBbox, unitRows } from './diff-table.js';

const scheme = (id: number, parentId: number | null, isBaseline = false): SchemeInfo => ({
  id, name: `s${id}`, note: '', parentId, isBaseline, locked: false, origin: null, createdAt: '', createdBy: '', updatedAt: '', editCount: 0,
});

const unit = (level: UnitDiff['level'], code: string | null, layerId: number, gained: number, lost: number, before = 0): UnitDiff => ({
  level, code, name: code ?? '区域外', layerId, before: areaFromM2(before), after: areaFromM2(before + gained - lost),
  gained: areaFromM2(gained), lost: areaFromM2(lost), net: areaFromM2(gained - lost),
});

const change = (id: number, layerId: number, kind: SchemeChange['kind'], townCode: string | null, villageCode: string | null): SchemeChange => ({
  id, layerId, layerKey: `l${layerId}`, kind, area: areaFromM2(100), planarM2: 100, fids: [id], county: townCode ? '金坛区' : null,
  town: townCode, townCode, village: villageCode, villageCode, fields: [], bbox: [id, id, id + 1, id + 1],
});

describe('defaultPair', () => {
  const schemes = [scheme(1, null, true), scheme(2, 1), scheme(3, 2), scheme(4, 1)];
  it('compares a draft with its parent', () => {
    expect(defaultPair(schemes, schemes[2]!)).toEqual({ from: 2, to: 3 });
    expect(defaultPair(schemes, schemes[1]!)).toEqual({ from: 1, to: 2 });
  });
  it('on the baseline, compares it with the newest draft; a draft whose parent is gone with the baseline', () => {
    expect(defaultPair(schemes, schemes[0]!)).toEqual({ from: 1, to: 4 });
    expect(defaultPair(schemes, scheme(5, 9))).toEqual({ from: 1, to: 5 });
  });
  it('needs two schemes', () => {
    expect(defaultPair([schemes[0]!], schemes[0]!)).toBeNull();
  });
});

describe('unit rows', () => {
  const diff = {
    units: [
      unit('town', '320482102', 7, 10, 0), unit('town', null, 7, 1, 0), unit('town', '320482100', 9, 0, 5), unit('town', '320482100', 7, 3, 2),
      unit('village', '320482100201', 7, 3, 2), unit('county', '320482', 7, 14, 2),
    ],
  } as unknown as SchemeDiff;

  it('keeps one level, orders by unit code then by the layers’ order, with what lies outside every unit last', () => {
    const rows = unitRows(diff, 'town', [9, 7]);
    expect(rows.map((r) => [r.code, r.layerId])).toEqual([['320482100', 9], ['320482100', 7], ['320482102', 7], [null, 7]]);
    expect(unitRows(diff, 'town', [9, 7], new Set([7])).map((r) => r.layerId)).toEqual([7, 7, 7]);
  });

  it('sums rows in m²', () => {
    const t = sumRows(unitRows(diff, 'town', [7, 9]));
    expect(t.gainedM2).toBe(14);
    expect(t.lostM2).toBe(7);
    expect(t.netM2).toBe(7);
  });
});

describe('changes in a unit', () => {
  const changes = [change(1, 7, 'gained', '100', '100201'), change(2, 7, 'lost', '102', '102201'), change(3, 8, 'gained', '100', '100201'),
    change(4, 7, 'attributes', '100', '100201'), change(5, 7, 'lost', null, null)];
  it('finds the area changes of the row’s layer in its town, village or county', () => {
    expect(changesInUnit(changes, { level: 'town', code: '100', name: '', layerId: 7 }).map((c) => c.id)).toEqual([1]);
    expect(changesInUnit(changes, { level: 'village', code: '102201', name: '', layerId: 7 }).map((c) => c.id)).toEqual([2]);
    expect(changesInUnit(changes, { level: 'town', code: null, name: '', layerId: 7 }).map((c) => c.id)).toEqual([5]);
    expect(changesInUnit(changes, { level: 'county', code: '320482', name: '', layerId: 7 }).map((c) => c.id)).toEqual([1, 2]);
  });
  it('unites their bounds', () => {
    expect(unionBbox([[1, 1, 2, 2], null, [0, 1.5, 1.5, 3]])).toEqual([0, 1, 2, 3]);
    expect(unionBbox([null])).toBeNull();
  });
});
