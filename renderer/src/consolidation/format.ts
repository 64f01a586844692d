// How indicator values read in the project card: areas in 公顷 with 亩 beside (4 and 2 decimals, rounded
// separately), ratios in %, counts, grades; ∞ for a ratio over zero, — for nothing to measure.
import type { IndicatorRow } from '../../../shared/contract/consolidation.js';
import type { Language } from '../i18n/index.js';
import { formatFixed } from '../panels/format.js';

export type Unit = IndicatorRow['unit'];

export interface Shown {
  main: string;
  /** 亩 for areas. */
  mu: string | null;
}

export function showValue(unit: Unit, value: number | null, lang: Language, unbounded = false): Shown {
  if (unbounded) return { main: '∞', mu: null };
  if (value === null) return { main: '—', mu: null };
  switch (unit) {
    case 'm2': return { main: formatFixed(value / 10_000, 4, lang), mu: formatFixed(value / (10_000 / 15), 2, lang) };
    case 'ratio': return { main: `${formatFixed(value * 100, 2, lang)}%`, mu: null };
    case 'count': return { main: formatFixed(value, 0, lang), mu: null };
    case 'grade': return { main: formatFixed(value, 2, lang), mu: null };
  }
}

/** A threshold as the rule table reads it: ratios in %, areas in m². */
export function showThreshold(unit: Unit, threshold: number, lang: Language): string {
  if (unit === 'ratio') return `${formatFixed(threshold * 100, threshold * 100 === Math.round(threshold * 100) ? 0 : 2, lang)}%`;
  if (unit === 'm2') return `${threshold} m²`;
  return String(threshold);
}

export const COMPARATOR_SYMBOL = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' } as const;

/** The threshold the editor shows (percent for ratios) and back. */
export function thresholdToInput(unit: Unit, threshold: number): string {
  return unit === 'ratio' ? String(Math.round(threshold * 100 * 1e6) / 1e6) : String(threshold);
}
export function thresholdFromInput(unit: Unit, text: string): number | null {
  const v = Number(text.trim().replace(/%$/, ''));
  if (!text.trim() || !Number.isFinite(v)) return null;
  return unit === 'ratio' ? v / 100 : v;
}
