// What happens to each attribute when a feature is split into parts or several features are merged into one
// (docs/editing.md, "Attribute policies"). Pure: main applies it when it writes, the attribute form shows it.
//
// Split:  copy         every part gets the value
//         blank        every part gets null
//         proportional value × part area / original area, rounded to the original's decimals but at least 0.01
//                      (三调 areas are kept to 0.01 m²); the largest part takes the remainder, so the parts add
//                      up to the original exactly in those decimals
//         largest      the largest part (which keeps the fid) keeps the value, the others get null (identifiers)
// Merge:  copy         the value of the primary feature (the one whose fid survives)
//         blank        null
//         sum          sum of the non-null values (area fields)
//         largest      the value of the largest feature
//         weightedMean area-weighted mean of the non-null values (coefficients such as KCXS)
import { LAYER_KINDS, type FieldDef, type LayerKindId } from './layer-kinds.js';

export const SPLIT_POLICIES = ['copy', 'blank', 'proportional', 'largest'] as const;
export const MERGE_POLICIES = ['copy', 'blank', 'sum', 'largest', 'weightedMean'] as const;
export type SplitPolicy = (typeof SPLIT_POLICIES)[number];
export type MergePolicy = (typeof MERGE_POLICIES)[number];
export interface FieldPolicy { split: SplitPolicy; merge: MergePolicy }
export type AttributeValue = string | number | null;
export type Attributes = Record<string, AttributeValue>;

/** Fields that hold an area in m²: split in proportion, summed on merge. */
export const AREA_FIELDS = new Set(['TBMJ', 'MJ', 'JBNTMJ', 'TBDLMJ', 'KCMJ', 'DCMJ']);
/** Fields that identify one feature: a split leaves them on the largest part only, a merge keeps the largest's. */
export const IDENTIFIER_FIELDS = new Set(['BSM', 'TBBH', 'TBYBH', 'JBNTTBBH', 'HXBH', 'BJBH']);
/** Amounts that belong to the area they cover (investment of a project area). */
const AMOUNT_FIELDS = new Set(['TZZE']);
/** Rates and coefficients: copied on split, area-weighted on merge. */
const RATE_FIELDS = new Set(['KCXS']);

/** The default policy of one field, by what it holds. */
export function defaultFieldPolicy(field: Pick<FieldDef, 'name' | 'type'>): FieldPolicy {
  if (AREA_FIELDS.has(field.name) || AMOUNT_FIELDS.has(field.name)) return { split: 'proportional', merge: 'sum' };
  if (IDENTIFIER_FIELDS.has(field.name)) return { split: 'largest', merge: 'largest' };
  if (RATE_FIELDS.has(field.name)) return { split: 'copy', merge: 'weightedMean' };
  // Codes, names, classes, years: a part of a parcel is still that land use; the merged feature takes the
  // largest's (a merge of different DLBM is the user's decision, and the form shows the result).
  return { split: 'copy', merge: 'largest' };
}

/** Default policies for every field of a layer kind. */
export function defaultPolicies(kind: LayerKindId): Record<string, FieldPolicy> {
  const out: Record<string, FieldPolicy> = {};
  for (const f of LAYER_KINDS[kind].fields) out[f.name] = defaultFieldPolicy(f);
  return out;
}

/** Defaults overridden by the caller's choices (only fields of the kind; unknown names are reported). */
export function resolvePolicies(kind: LayerKindId, overrides: Record<string, Partial<FieldPolicy>> = {}): Record<string, FieldPolicy> {
  const policies = defaultPolicies(kind);
  for (const [name, p] of Object.entries(overrides)) {
    const current = policies[name];
    if (!current) throw new Error(`unknown field ${name} for layer kind ${kind}`);
    policies[name] = { split: p.split ?? current.split, merge: p.merge ?? current.merge };
  }
  return policies;
}

const isNumber = (v: AttributeValue): v is number => typeof v === 'number' && Number.isFinite(v);

/** Decimals a proportional share keeps: the value's own (as written), at least 2 (0.01 m²), at most 6. */
function decimalsOf(v: number): number {
  const s = String(v);
  const d = /e/i.test(s) ? 6 : (s.split('.')[1]?.length ?? 0);
  return Math.min(6, Math.max(2, d));
}

/**
 * Attributes of the parts of a split. `areas[i]` is part i's area; the largest part is the one that keeps the
 * feature's identity. Proportional values are rounded to the original's decimals (at least 0.01) and add up to the
 * original in those decimals (the largest takes the remainder).
 */
export function splitAttributes(original: Attributes, areas: readonly number[], policies: Record<string, FieldPolicy>): Attributes[] {
  if (areas.length === 0) return [];
  const total = areas.reduce((s, a) => s + a, 0);
  const largest = indexOfMax(areas);
  const parts: Attributes[] = areas.map(() => ({}));
  for (const [name, value] of Object.entries(original)) {
    const policy = policies[name]?.split ?? 'copy';
    if (policy === 'blank') {
      for (const p of parts) p[name] = null;
    } else if (policy === 'largest') {
      parts.forEach((p, i) => { p[name] = i === largest ? value : null; });
    } else if (policy === 'proportional' && isNumber(value) && total > 0) {
      // In integer units of the last decimal kept, so the remainder is exact and no part shows float noise.
      const scale = 10 ** decimalsOf(value);
      const units = Math.round(value * scale);
      let assigned = 0;
      parts.forEach((p, i) => {
        if (i === largest) return;
        const u = Math.round(units * (areas[i]! / total));
        p[name] = u / scale;
        assigned += u;
      });
      parts[largest]![name] = (units - assigned) / scale;
    } else {
      // copy, and proportional of a non-number (text in a numeric column, or null): nothing to divide.
      for (const p of parts) p[name] = value;
    }
  }
  return parts;
}

export interface MergeInput { attributes: Attributes; area: number }

/** Attributes of the feature a merge produces; `primary` is the index of the feature whose fid survives. */
export function mergeAttributes(inputs: readonly MergeInput[], primary: number, policies: Record<string, FieldPolicy>): Attributes {
  if (inputs.length === 0) return {};
  const largest = indexOfMax(inputs.map((i) => i.area));
  const names = new Set(inputs.flatMap((i) => Object.keys(i.attributes)));
  const out: Attributes = {};
  for (const name of names) {
    const policy = policies[name]?.merge ?? 'largest';
    const values = inputs.map((i) => i.attributes[name] ?? null);
    switch (policy) {
      case 'blank': out[name] = null; break;
      case 'copy': out[name] = values[primary] ?? null; break;
      case 'largest': out[name] = values[largest] ?? null; break;
      case 'sum': {
        const nums = values.filter(isNumber);
        out[name] = nums.length ? nums.reduce((s, v) => s + v, 0) : null;
        break;
      }
      case 'weightedMean': {
        let sw = 0, s = 0;
        values.forEach((v, i) => { if (isNumber(v)) { sw += inputs[i]!.area; s += v * inputs[i]!.area; } });
        out[name] = sw > 0 ? s / sw : null;
        break;
      }
    }
  }
  return out;
}

function indexOfMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
