import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.js';
import type { Notice } from '../types.js';
import { roundM2 } from './format.js';

/** A notice in the current language: an i18n key with values, or main's bilingual text. */
export function useNoticeText(notice: Notice | null): string {
  const { t, i18n } = useTranslation();
  if (!notice) return '';
  const lang = currentLanguage(i18n.language);
  if (notice.key) {
    const values = Object.fromEntries(Object.entries(notice.values ?? {}).map(([k, v]) => [k, k === 'areaM2' && typeof v === 'number' ? roundM2(v) : v]));
    return t(notice.key, values);
  }
  if (typeof notice.text === 'string') return notice.text;
  return notice.text ? notice.text[lang] : '';
}
