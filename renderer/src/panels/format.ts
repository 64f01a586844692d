import type { Language } from '../i18n/index.js';

const localeOf = (lang: Language) => (lang === 'zh' ? 'zh-CN' : 'en-US');

export function formatFixed(value: number, decimals: number, lang: Language): string {
  return value.toLocaleString(localeOf(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Attribute values as stored: codes and years must not gain thousands separators, long fractions are trimmed. */
export function formatAttribute(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  return value;
}
