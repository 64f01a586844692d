// Figures the editing UI prints: lengths in 米 / 千米, areas in m² with 公顷 and 亩 beside (1 公顷 = 15 亩, rounded only
// here, for display).
import { formatArea } from '../../../../shared/domain/units.js';
import type { Language } from '../../i18n/index.js';

const locale = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en-US');

export function formatLength(m: number, lang: Language): string {
  const fmt = (n: number, d: number) => n.toLocaleString(locale(lang), { minimumFractionDigits: d, maximumFractionDigits: d });
  if (m >= 10_000) return lang === 'zh' ? `${fmt(m / 1000, 3)} 千米` : `${fmt(m / 1000, 3)} km`;
  return lang === 'zh' ? `${fmt(m, 2)} 米` : `${fmt(m, 2)} m`;
}

export function formatAreaM2(m2: number, lang: Language): string {
  const sq = m2.toLocaleString(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return lang === 'zh' ? `${sq} 平方米 · ${formatArea(m2, 'zh')}` : `${sq} m² · ${formatArea(m2, 'en')}`;
}

/** m² rounded for a sentence (warnings). */
export function roundM2(m2: number): string {
  return m2 >= 100 ? m2.toFixed(0) : m2.toFixed(2);
}
