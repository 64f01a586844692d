// Totals against the indicator targets the user enters (规划指标): 耕地保有量, 永久基本农田保护任务 and 生态保护红线
// are floors, 城镇开发边界规模 and 开发强度 are ceilings.
import type { StatsRow, Targets } from '../contract/schemas.js';

export type TargetKey = keyof Targets;

export interface TargetCheck {
  key: TargetKey;
  bound: 'min' | 'max';
  /** Hectares, or a 0–1 ratio for the intensity. */
  actual: number | null;
  target: number | null;
  /** actual − target (positive: above the target). */
  difference: number | null;
  /** null when no target was entered or there is nothing to compare. */
  met: boolean | null;
}

export const TARGET_KEYS: readonly { key: TargetKey; bound: 'min' | 'max'; unit: 'ha' | 'ratio'; zh: string }[] = [
  { key: 'cultivatedMinHa', bound: 'min', unit: 'ha', zh: '耕地保有量' },
  { key: 'farmlandTaskHa', bound: 'min', unit: 'ha', zh: '永久基本农田保护任务' },
  { key: 'ecoRedlineMinHa', bound: 'min', unit: 'ha', zh: '生态保护红线面积' },
  { key: 'urbanBoundaryMaxHa', bound: 'max', unit: 'ha', zh: '城镇开发边界规模' },
  { key: 'intensityMax', bound: 'max', unit: 'ratio', zh: '开发强度' },
];

const M2_PER_HA = 10_000;

function actualOf(key: TargetKey, total: StatsRow): number | null {
  switch (key) {
    case 'cultivatedMinHa':
      return total.dlbm1['01'] !== undefined ? total.dlbm1['01'] / M2_PER_HA : 0;
    case 'farmlandTaskHa':
      return total.lines.permanent_farmland?.ha ?? null;
    case 'ecoRedlineMinHa':
      return total.lines.eco_redline?.ha ?? null;
    case 'urbanBoundaryMaxHa':
      return total.lines.urban_boundary?.ha ?? null;
    case 'intensityMax':
      return total.intensity;
  }
}

export function checkTargets(total: StatsRow, targets: Targets): TargetCheck[] {
  return TARGET_KEYS.map(({ key, bound }) => {
    const actual = actualOf(key, total);
    const target = targets[key];
    if (actual === null || target === null) return { key, bound, actual, target, difference: null, met: null };
    const difference = actual - target;
    return { key, bound, actual, target, difference, met: bound === 'min' ? difference >= 0 : difference <= 0 };
  });
}
