// Default thresholds of the checks, with their reasons (docs/checks.md has the same table for planners).
import { CheckParamsSchema, CHECK_IDS, type CheckId, type CheckParams, type CheckParamsPatch } from '../../../shared/contract/schemas.js';
import { dlbmFirstLevel, isConstructionLand } from '../../../shared/domain/dlbm.js';
import { DEFAULT_PARAMS } from '../../../shared/domain/check-params.js';
import { WorkbenchError } from '../errors.js';

export { DEFAULT_PARAMS };

export function resolveParams(patch: CheckParamsPatch | undefined): CheckParams {
  const merged = { ...DEFAULT_PARAMS, ...(patch ?? {}) };
  const r = CheckParamsSchema.safeParse(merged);
  if (!r.success) throw new WorkbenchError('BAD_REQUEST', `invalid check parameters: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function resolveChecks(checks: CheckId[] | undefined): CheckId[] {
  return checks && checks.length ? [...new Set(checks)] : [...CHECK_IDS];
}

/** 三调 land classes for the minimum mapping unit: 建设用地 (and 设施农用地 1202), 农用地, other. */
export function landuseFragmentThreshold(dlbm: string | null, p: CheckParams): number {
  if (!dlbm) return p.landuseFragmentMinArea.other;
  if (isConstructionLand(dlbm) || dlbm.startsWith('1202')) return p.landuseFragmentMinArea.construction;
  const first = dlbmFirstLevel(dlbm);
  if (['01', '02', '03', '04'].includes(first) || ['1006', '1103', '1104', '1107'].includes(dlbm.slice(0, 4))) return p.landuseFragmentMinArea.agricultural;
  return p.landuseFragmentMinArea.other;
}
