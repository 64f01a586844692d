// Split and merge attribute policies (shared/domain/attribute-policies.ts): defaults by field, and what each policy
// does to the values.
import { describe, expect, it } from 'vitest';
import { defaultPolicies, mergeAttributes, resolvePolicies, splitAttributes } from '../../../shared/domain/attribute-policies.js';

describe('default policies per layer kind', () => {
  it('splits area fields in proportion and sums them on merge; identifiers stay with the largest; codes are copied', () => {
    const p = defaultPolicies('landuse');
    expect(p.TBMJ).toEqual({ split: 'proportional', merge: 'sum' });
    expect(p.TBDLMJ).toEqual({ split: 'proportional', merge: 'sum' });
    expect(p.BSM).toEqual({ split: 'largest', merge: 'largest' });
    expect(p.TBBH).toEqual({ split: 'largest', merge: 'largest' });
    expect(p.DLBM).toEqual({ split: 'copy', merge: 'largest' });
    expect(p.KCXS).toEqual({ split: 'copy', merge: 'weightedMean' });
    expect(defaultPolicies('permanent_farmland').JBNTMJ).toEqual({ split: 'proportional', merge: 'sum' });
    expect(defaultPolicies('eco_redline').MJ).toEqual({ split: 'proportional', merge: 'sum' });
    expect(defaultPolicies('project_area').TZZE).toEqual({ split: 'proportional', merge: 'sum' });
  });

  it('lets the caller override a field and refuses unknown fields', () => {
    const p = resolvePolicies('landuse', { TBMJ: { split: 'blank' }, BZ: { merge: 'blank' } });
    expect(p.TBMJ).toEqual({ split: 'blank', merge: 'sum' });
    expect(p.BZ).toEqual({ split: 'copy', merge: 'blank' });
    expect(() => resolvePolicies('landuse', { NOPE: { split: 'copy' } })).toThrow(/NOPE/);
  });
});

describe('split', () => {
  const policies = defaultPolicies('landuse');
  const original = { BSM: 'B1', TBBH: '17', DLBM: '0101', TBMJ: 1000.01, KCXS: 0.05, BZ: null };

  it('divides area fields by area to 0.01 m², and the parts add up to the original exactly in those decimals', () => {
    const areas = [1, 2, 3.3];
    const parts = splitAttributes(original, areas, policies);
    const cents = parts.map((p) => Math.round((p.TBMJ as number) * 100));
    // Two decimals, no float noise (what the form and the XLSX show), and the cents add up.
    parts.forEach((p, i) => expect(p.TBMJ).toBe(cents[i]! / 100));
    expect(cents.reduce((s, c) => s + c, 0)).toBe(100001);
    expect(parts[0]!.TBMJ as number).toBeCloseTo(1000.01 / 6.3, 2);
    // A value with more decimals keeps them (up to six).
    const fine = splitAttributes({ TBMJ: 1000.123456 }, [1, 2], policies);
    expect(fine[0]!.TBMJ).toBe(333.374485);
    expect(Math.round((fine[0]!.TBMJ as number) * 1e6) + Math.round((fine[1]!.TBMJ as number) * 1e6)).toBe(1000123456);
    expect(parts.map((p) => p.DLBM)).toEqual(['0101', '0101', '0101']);
    expect(parts.map((p) => p.KCXS)).toEqual([0.05, 0.05, 0.05]);
  });

  it('keeps identifiers on the largest part only; blank empties every part', () => {
    const parts = splitAttributes(original, [5, 9, 1], { ...policies, BZ: { split: 'blank', merge: 'blank' } });
    expect(parts.map((p) => p.BSM)).toEqual([null, 'B1', null]);
    expect(parts.map((p) => p.TBBH)).toEqual([null, '17', null]);
    expect(parts.map((p) => p.BZ)).toEqual([null, null, null]);
  });

  it('copies a non-numeric value of a proportional field rather than inventing a number', () => {
    const parts = splitAttributes({ TBMJ: null }, [1, 1], policies);
    expect(parts.map((p) => p.TBMJ)).toEqual([null, null]);
  });
});

describe('merge', () => {
  const policies = defaultPolicies('landuse');
  const inputs = [
    { attributes: { BSM: 'A', DLBM: '0101', TBMJ: 100, KCXS: 0.1, BZ: 'a' }, area: 100 },
    { attributes: { BSM: 'B', DLBM: '0103', TBMJ: 300, KCXS: 0.2, BZ: 'b' }, area: 300 },
    { attributes: { BSM: 'C', DLBM: '0101', TBMJ: null, KCXS: null, BZ: 'c' }, area: 50 },
  ];

  it('sums area fields, area-weights coefficients, takes codes and identifiers from the largest', () => {
    const m = mergeAttributes(inputs, 0, policies);
    expect(m.TBMJ).toBe(400);
    expect(m.KCXS).toBeCloseTo((0.1 * 100 + 0.2 * 300) / 400, 12);
    expect(m.BSM).toBe('B');
    expect(m.DLBM).toBe('0103');
  });

  it('copy takes the primary feature; blank empties; all-null sums stay null', () => {
    const m = mergeAttributes(inputs, 2, { ...policies, BZ: { split: 'copy', merge: 'copy' }, DLBM: { split: 'copy', merge: 'blank' } });
    expect(m.BZ).toBe('c');
    expect(m.DLBM).toBeNull();
    expect(mergeAttributes([{ attributes: { TBMJ: null }, area: 1 }, { attributes: { TBMJ: null }, area: 2 }], 0, policies).TBMJ).toBeNull();
  });
});
