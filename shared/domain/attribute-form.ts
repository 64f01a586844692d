// The attribute form of each layer kind: which fields, which are required, which pick from a code list (DLBM from
// the 三调 table, CZCSXM, town and village codes from the workspace's admin layers). Pure, so the renderer's form
// and main (before it writes) apply the same rules.
import { defaultFieldPolicy, type AttributeValue, type Attributes, type FieldPolicy, AREA_FIELDS, IDENTIFIER_FIELDS } from './attribute-policies.js';
import { CZCSXM_TABLE } from './dlbm-table.js';
import { DLBM_TABLE, dlbmEntry } from './dlbm.js';
import { LAYER_KINDS, type FieldDef, type LayerKindId } from './layer-kinds.js';
import { PROJECT_TYPES, PROJECT_TYPE_LABELS, SUBZONE_TYPES } from './consolidation.js';

export interface AdminUnit { code: string; name: string; parentCode: string | null }
/** Admin units of the open workspace (domains.adminUnits): the choices for town and village fields. */
export interface AdminUnits { counties: AdminUnit[]; towns: AdminUnit[]; villages: AdminUnit[] }

export interface CodeOption { code: string; name: string; level?: number }

export interface FormField extends FieldDef {
  /** Split/merge policy by default (docs/editing.md). */
  policy: FieldPolicy;
  isArea: boolean;
  isIdentifier: boolean;
  /** The field whose value names this code (DLBM → DLMC): the form fills it when a code is picked. */
  nameField?: string;
}

const NAME_FIELD: Record<string, string> = { DLBM: 'DLMC', ZLDWDM: 'ZLDWMC', XZQDM: 'XZQMC', QSDWDM: 'QSDWMC' };

/** The fields of a layer kind's form, in the national order, with their policies and domains. */
export function formFields(kind: LayerKindId): FormField[] {
  const names = new Set(LAYER_KINDS[kind].fields.map((f) => f.name));
  return LAYER_KINDS[kind].fields.map((f) => ({
    ...f,
    policy: defaultFieldPolicy(f),
    isArea: AREA_FIELDS.has(f.name),
    isIdentifier: IDENTIFIER_FIELDS.has(f.name),
    ...(NAME_FIELD[f.name] && names.has(NAME_FIELD[f.name]!) ? { nameField: NAME_FIELD[f.name] } : {}),
  }));
}

/** Valid DLBM values: second-level classes, the 三调 refinements (A) and adjustable classes (K), and 09. */
export const DLBM_OPTIONS: readonly CodeOption[] = DLBM_TABLE.filter((e) => e.level >= 2).map((e) => ({ code: e.code, name: e.name, level: e.level }));
const DLBM_CODES = new Set(DLBM_OPTIONS.map((o) => o.code));
const PROJECT_TYPE_OPTIONS: readonly CodeOption[] = PROJECT_TYPES.map((t) => ({ code: t, name: PROJECT_TYPE_LABELS[t].zh }));
const SUBZONE_TYPE_OPTIONS: readonly CodeOption[] = SUBZONE_TYPES.map((t) => ({ code: t.id, name: `（${t.part ?? '永久基本农田调整'}）` }));

/** The choices of a domain; town and village come from the workspace (null when it has no such layer). */
export function domainOptions(domain: NonNullable<FieldDef['domain']>, admin?: AdminUnits): readonly CodeOption[] | null {
  switch (domain) {
    case 'dlbm': return DLBM_OPTIONS;
    case 'czcsxm': return CZCSXM_TABLE;
    case 'town': return admin && admin.towns.length ? admin.towns : null;
    case 'village': return admin && admin.villages.length ? admin.villages : null;
    case 'xmlx': return PROJECT_TYPE_OPTIONS;
    case 'zqlx': return SUBZONE_TYPE_OPTIONS;
  }
}

export type AttributeIssueCode = 'required' | 'domain' | 'type' | 'unknown_field';
export interface AttributeIssue { field: string; code: AttributeIssueCode; zh: string; en: string }

const blank = (v: AttributeValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * Checks attributes against the kind's form: unknown fields, types, required fields (unless `partial`, for an update
 * that only sends what changed), and code domains. Returns every issue, empty when the attributes can be saved.
 */
export function checkAttributes(kind: LayerKindId, attributes: Attributes, opts: { admin?: AdminUnits; partial?: boolean } = {}): AttributeIssue[] {
  const issues: AttributeIssue[] = [];
  const fields = new Map(LAYER_KINDS[kind].fields.map((f) => [f.name, f]));
  for (const name of Object.keys(attributes)) {
    if (!fields.has(name)) issues.push({ field: name, code: 'unknown_field', zh: `${LAYER_KINDS[kind].zh}没有字段 ${name}`, en: `${LAYER_KINDS[kind].en} has no field ${name}` });
  }
  for (const f of fields.values()) {
    const present = Object.prototype.hasOwnProperty.call(attributes, f.name);
    const v = attributes[f.name];
    if (f.required && (present || !opts.partial) && blank(v)) {
      issues.push({ field: f.name, code: 'required', zh: `必填字段 ${f.name}（${f.zh}）为空`, en: `required field ${f.name} (${f.en}) is empty` });
      continue;
    }
    if (blank(v)) continue;
    if ((f.type === 'REAL' || f.type === 'INTEGER') && (typeof v !== 'number' || !Number.isFinite(v) || (f.type === 'INTEGER' && !Number.isInteger(v)))) {
      issues.push({ field: f.name, code: 'type', zh: `${f.name}（${f.zh}）应为${f.type === 'INTEGER' ? '整数' : '数值'}：${String(v)}`, en: `${f.name} (${f.en}) must be ${f.type === 'INTEGER' ? 'an integer' : 'a number'}: ${String(v)}` });
      continue;
    }
    if (f.domain) {
      const code = String(v);
      const ok = f.domain === 'dlbm' ? DLBM_CODES.has(code)
        : (domainOptions(f.domain, opts.admin)?.some((o) => o.code === code) ?? true);
      if (!ok) issues.push({ field: f.name, code: 'domain', zh: `${f.name}（${f.zh}）的代码 ${code} 不在代码表中`, en: `${f.name} (${f.en}): code ${code} is not in the code list` });
    }
  }
  return issues;
}

/**
 * Fills the name that goes with a code when the name is empty (DLMC from DLBM, ZLDWMC from the village, XZQMC from
 * the town): what the form shows after a pick, and what main stores when only the code was sent.
 */
export function deriveAttributes(kind: LayerKindId, attributes: Attributes, admin?: AdminUnits): Attributes {
  const out: Attributes = { ...attributes };
  const fields = new Map(LAYER_KINDS[kind].fields.map((f) => [f.name, f]));
  for (const [codeField, nameField] of Object.entries(NAME_FIELD)) {
    const f = fields.get(codeField);
    const code = out[codeField];
    if (!f || !fields.has(nameField) || blank(code) || !blank(out[nameField])) continue;
    let name: string | undefined;
    if (f.domain === 'dlbm') name = dlbmEntry(String(code))?.name;
    else if (f.domain === 'village') name = admin?.villages.find((u) => u.code === String(code))?.name;
    else if (f.domain === 'town') name = admin?.towns.find((u) => u.code === String(code))?.name;
    if (name !== undefined) out[nameField] = name;
  }
  return out;
}
