import { describe, expect, it } from 'vitest';
import { formFields } from '../../../../shared/domain/attribute-form.js';
import { attributesFromValues, changedFields, commonValues, formIssues, valuesFromAttributes, withDerivedNames } from './attribute-values.js';

const admin = {
  counties: [{ code: '320413', name: '金坛区', parentCode: null }],
  towns: [{ code: '320413100', name: '金城镇', parentCode: '320413' }],
  villages: [{ code: '320413100001', name: '东门村', parentCode: '320413100' }],
};

describe('attribute form values', () => {
  const dltb = formFields('landuse');
  const czkfbj = formFields('urban_boundary');

  it('turns inputs into attributes: numbers parsed, blanks left out (or nulled in an update)', () => {
    const attrs = attributesFromValues(dltb, { TBBH: ' 12 ', DLBM: '0101', TBMJ: '1234.5', SJNF: '2023', BZ: '' });
    expect(attrs).toEqual({ TBBH: '12', DLBM: '0101', TBMJ: 1234.5, SJNF: 2023 });
    expect(attributesFromValues(dltb, { BZ: '' }, new Set(['BZ']))).toEqual({ BZ: null });
    expect(valuesFromAttributes(dltb, { TBMJ: 5, DLBM: null }).TBMJ).toBe('5');
  });

  it('fills the name of a picked code', () => {
    expect(withDerivedNames('landuse', dltb, { DLBM: '0101', DLMC: '' }, 'DLBM').DLMC).toBe('水田');
    expect(withDerivedNames('landuse', dltb, { ZLDWDM: '320413100001' }, 'ZLDWDM', admin).ZLDWMC).toBe('东门村');
    expect(withDerivedNames('urban_boundary', czkfbj, { XZQDM: '320413' }, 'XZQDM', admin).XZQMC).toBe('金坛区');
    expect(withDerivedNames('landuse', dltb, { DLBM: '', DLMC: '水田' }, 'DLBM').DLMC).toBe('');
  });

  it('lists what blocks saving: required fields, code lists, numbers', () => {
    const issues = formIssues('landuse', { DLBM: '9999', TBMJ: 'abc' as unknown as number }, { partial: false });
    expect(issues.map((i) => [i.field, i.code])).toEqual([['TBBH', 'required'], ['DLBM', 'domain'], ['TBMJ', 'type']]);
    expect(formIssues('urban_boundary', { XZQDM: '320413', XZQMC: '金坛区' }, { partial: false })).toEqual([]);
    expect(formIssues('landuse', {}, { partial: true, mustFill: ['TBBH'] }).map((i) => i.field)).toEqual(['TBBH']);
  });

  it('shows what several features share and marks the rest mixed; only changed fields are written', () => {
    const a = { TBBH: '1', DLBM: '0101', DLMC: '水田', ZLDWDM: '320413100001', TBMJ: 10 };
    const b = { TBBH: '2', DLBM: '0101', DLMC: '水田', ZLDWDM: '320413100001', TBMJ: 20 };
    const { values, mixed } = commonValues(dltb, [a, b]);
    expect(values.DLBM).toBe('0101');
    expect(values.ZLDWDM).toBe('320413100001');
    // Different values are not shown as the first feature's.
    expect(values.TBBH).toBe('');
    expect(values.TBMJ).toBe('');
    expect([...mixed].sort()).toEqual(['TBBH', 'TBMJ']);
    // Picking another code changes it and its name, nothing else: the mixed fields are not touched.
    const edited = withDerivedNames('landuse', dltb, { ...values, DLBM: '0201' }, 'DLBM');
    const changed = changedFields(dltb, values, edited);
    expect([...changed].sort()).toEqual(['DLBM', 'DLMC']);
    expect(attributesFromValues(dltb, edited, changed)).toEqual({ DLBM: '0201', DLMC: '果园' });
    // Typing into a mixed field writes it to all; a field typed into and cleared again is not written.
    expect(attributesFromValues(dltb, { ...values, TBBH: '7' }, changedFields(dltb, values, { ...values, TBBH: '7' }))).toEqual({ TBBH: '7' });
    expect(changedFields(dltb, values, { ...values, TBBH: '' }).size).toBe(0);
    // One feature: nothing is mixed.
    expect(commonValues(dltb, [a]).mixed.size).toBe(0);
  });
});
