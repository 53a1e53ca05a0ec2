import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={i18n.language}
        aria-label={t('app.language')}
        onChange={(event) => {
          const language = event.target.value as Language;
          void i18n.changeLanguage(language);
          rememberLanguage(globalThis.localStorage, language);
          document.documentElement.lang = language;
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code}>
            {language.label}
          </option>
        ))}
      </select>
    </label>
  );
}
