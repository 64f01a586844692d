// The attribute form's values: what the inputs hold (strings) ↔ what main stores (string, number or null), the name
// that goes with a picked code, and which fields still block saving. Pure, so it is specced without a DOM.
import type { AdminUnits, FormField } from '../../../../shared/domain/attribute-form.js';
import { checkAttributes, deriveAttributes } from '../../../../shared/domain/attribute-form.js';
import type { Attributes } from '../../../../shared/domain/attribute-policies.js';
import type { LayerKindId } from '../../../../shared/domain/layer-kinds.js';

export type FormValues = Record<string, string>;

export function valuesFromAttributes(fields: readonly FormField[], attrs: Attributes): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = attrs[f.name];
    out[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/**
 * The values several features have in common: a field on which they all agree shows that value, one on which they
 * differ shows nothing and is listed in `mixed` (the form says 〈多个值 / mixed〉 there and leaves it alone unless the
 * user types into it).
 */
export function commonValues(fields: readonly FormField[], attrsList: readonly Attributes[]): { values: FormValues; mixed: Set<string> } {
  const lists = attrsList.map((a) => valuesFromAttributes(fields, a));
  const values: FormValues = {};
  const mixed = new Set<string>();
  for (const f of fields) {
    const first = lists[0]?.[f.name] ?? '';
    if (lists.every((l) => l[f.name] === first)) values[f.name] = first;
    else {
      values[f.name] = '';
      mixed.add(f.name);
    }
  }
  return { values, mixed };
}

/** The fields whose input differs from what the form opened with: the only ones an update writes. */
export function changedFields(fields: readonly FormField[], initial: FormValues, values: FormValues): Set<string> {
  return new Set(fields.filter((f) => (values[f.name] ?? '') !== (initial[f.name] ?? '')).map((f) => f.name));
}

/** Inputs → attributes: numbers parsed (a number field with text stays text, so the check names it), blanks dropped. */
export function attributesFromValues(fields: readonly FormField[], values: FormValues, only?: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  for (const f of fields) {
    if (only && !only.has(f.name)) continue;
    const raw = (values[f.name] ?? '').trim();
    if (raw === '') {
      if (only) out[f.name] = null;
      continue;
    }
    if (f.type === 'REAL' || f.type === 'INTEGER') {
      const n = Number(raw);
      out[f.name] = Number.isFinite(n) ? n : raw;
    } else out[f.name] = raw;
  }
  return out;
}

/**
 * A code was picked: fill the name beside it (DLMC from DLBM, ZLDWMC from ZLDWDM, XZQMC from XZQDM, the last also
 * from the counties and towns when the field has no code list of its own, as in 城镇开发边界).
 */
export function withDerivedNames(kind: LayerKindId, fields: readonly FormField[], values: FormValues, changed: string, admin?: AdminUnits): FormValues {
  const field = fields.find((f) => f.name === changed);
  if (!field?.nameField) return values;
  const code = values[changed]?.trim() ?? '';
  const next = { ...values, [field.nameField]: '' };
  if (!code) return next;
  const derived = deriveAttributes(kind, { [changed]: code }, admin);
  let name = derived[field.nameField];
  if ((name === undefined || name === null) && changed === 'XZQDM' && admin) {
    name = [...admin.counties, ...admin.towns].find((u) => u.code === code)?.name;
  }
  next[field.nameField] = name === undefined || name === null ? values[field.nameField] ?? '' : String(name);
  return next;
}

/** Problems that block saving: the shared checks (required, types, code lists), plus the fields main said are missing. */
export function formIssues(kind: LayerKindId, attrs: Attributes, opts: { admin?: AdminUnits; partial: boolean; mustFill?: readonly string[] }) {
  const issues = checkAttributes(kind, attrs, { admin: opts.admin, partial: opts.partial });
  for (const name of opts.mustFill ?? []) {
    const v = attrs[name];
    if ((v === null || v === undefined || v === '') && !issues.some((i) => i.field === name)) {
      issues.push({ field: name, code: 'required', zh: `必填字段 ${name} 为空`, en: `required field ${name} is empty` });
    }
  }
  return issues;
}
