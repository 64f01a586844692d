import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zh } from './zh.js';

export type Language = 'zh' | 'en';
const STORAGE_KEY = 'sanxian.lang';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function initI18n() {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng,
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
  return i18next;
}

export function setLanguage(lng: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode or disabled storage: the switch still works for this session.
  }
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
  void i18next.changeLanguage(lng);
}

export function currentLanguage(lng: string | undefined): Language {
  return lng === 'en' ? 'en' : 'zh';
}
