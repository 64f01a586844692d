import { describe, expect, it } from 'vitest';
import { formFields } from '../../../../shared/domain/attribute-form.js';
import { attributesFromValues, formIssues, valuesFromAttributes, withDerivedNames } from './attribute-values.js';

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
});
