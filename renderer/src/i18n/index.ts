import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { da as daLocale, enGB } from 'date-fns/locale';
import type { Locale } from 'date-fns';
import { da } from './da/index';
import { en } from './en/index';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'da', label: 'Dansk' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'withness.language';

export function preferredLanguage(storage: Pick<Storage, 'getItem'> | undefined, navigatorLanguage: string | undefined): Language {
  const stored = storage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'da') return stored;
  return navigatorLanguage?.toLowerCase().startsWith('da') ? 'da' : 'en';
}

export function rememberLanguage(storage: Pick<Storage, 'setItem'> | undefined, language: Language): void {
  storage?.setItem(STORAGE_KEY, language);
}

/** One formatter per language: making an Intl.NumberFormat costs far more than using one, and screens format hundreds. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function formatValue(value: unknown, _format?: string, language?: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const locale = language === 'da' ? 'da-DK' : 'en-GB';
    let format = numberFormats.get(locale);
    if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
    return format.format(value);
  }
  // Anything else passes through untouched; i18next itself handles a missing value (undefined).
  return value as string;
}

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, da: { translation: da } },
    // Every number in the text is written the reader's way: 231,200 in English, 231.200 in Danish.
    interpolation: { escapeValue: false, alwaysFormat: true, format: formatValue },
    initAsync: false,
  });
  return instance;
}

export function dateLocale(language: string): Locale {
  return language.startsWith('da') ? daLocale : enGB;
}
