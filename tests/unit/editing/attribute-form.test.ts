// The attribute form per layer kind (shared/domain/attribute-form.ts): required fields, types, code domains.
import { describe, expect, it } from 'vitest';
import { checkAttributes, deriveAttributes, DLBM_OPTIONS, domainOptions, formFields, type AdminUnits } from '../../../shared/domain/attribute-form.js';

const admin: AdminUnits = {
  counties: [{ code: '320413', name: '金坛区', parentCode: null }],
  towns: [{ code: '320413104', name: '朱林镇', parentCode: '320413' }],
  villages: [{ code: '320413104201', name: '黄金村', parentCode: '320413104' }],
};

describe('attribute form', () => {
  it('lists the kind fields with policies, area and identifier flags, and the name field a code fills', () => {
    const fields = formFields('landuse');
    const dlbm = fields.find((f) => f.name === 'DLBM')!;
    expect(dlbm).toMatchObject({ required: true, domain: 'dlbm', nameField: 'DLMC', isArea: false });
    expect(fields.find((f) => f.name === 'TBMJ')).toMatchObject({ isArea: true, policy: { split: 'proportional', merge: 'sum' } });
    expect(fields.find((f) => f.name === 'BSM')!.isIdentifier).toBe(true);
    expect(fields.find((f) => f.name === 'ZLDWDM')).toMatchObject({ domain: 'village', nameField: 'ZLDWMC' });
  });

  it('offers the 三调 DLBM codes (second level, A and K refinements, 09) and the admin units as domains', () => {
    const codes = DLBM_OPTIONS.map((o) => o.code);
    expect(codes).toContain('0101');
    expect(codes).toContain('1104A');
    expect(codes).toContain('0201K');
    expect(codes).toContain('09');
    expect(codes).not.toContain('01');
    expect(domainOptions('village', admin)).toEqual(admin.villages);
    expect(domainOptions('town', { ...admin, towns: [] })).toBeNull();
  });

  it('enforces required fields (all on create, only those sent on update), types and domains', () => {
    expect(checkAttributes('landuse', { TBBH: '1', DLBM: '0101' }, { admin })).toEqual([]);
    expect(checkAttributes('landuse', { DLBM: '0101' }, { admin }).map((i) => [i.field, i.code])).toEqual([['TBBH', 'required']]);
    expect(checkAttributes('landuse', { DLBM: '0101' }, { admin, partial: true })).toEqual([]);
    expect(checkAttributes('landuse', { TBBH: ' ' }, { admin, partial: true }).map((i) => i.code)).toEqual(['required']);
    const issues = checkAttributes('landuse', { TBBH: '1', DLBM: '0199', TBMJ: 'big', SJNF: 2023.5, ZLDWDM: '999', NOPE: 1 }, { admin });
    expect(issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual(['DLBM:domain', 'NOPE:unknown_field', 'SJNF:type', 'TBMJ:type', 'ZLDWDM:domain'].sort());
    expect(issues.find((i) => i.field === 'DLBM')!.zh).toContain('0199');
    // Without a village layer the village code cannot be checked, so it is accepted.
    expect(checkAttributes('landuse', { TBBH: '1', DLBM: '0101', ZLDWDM: '999' })).toEqual([]);
  });

  it('derives names from codes without overwriting a name the user typed', () => {
    expect(deriveAttributes('landuse', { DLBM: '0702', ZLDWDM: '320413104201' }, admin)).toMatchObject({ DLMC: '农村宅基地', ZLDWMC: '黄金村' });
    expect(deriveAttributes('landuse', { DLBM: '0702', DLMC: '宅基地' }, admin).DLMC).toBe('宅基地');
    expect(deriveAttributes('project_area', { XZQDM: '320413104' }, admin).XZQMC).toBe('朱林镇');
  });
});
