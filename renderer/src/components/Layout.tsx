import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from './LanguageSwitch';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link href="/" className="wordmark" aria-label={t('app.home')}>
          <SpiralMark />
          <span>
            <span className="wordmark__name">{t('app.name')}</span>
            <span className="wordmark__tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <div className="app-header__tools">
          <Link href="/backups" className="app-header__link">
            {t('backups.link')}
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** The inquiry's spiral: plan → act → observe → reflect, and round again. */
function SpiralMark() {
  return (
    <svg className="wordmark__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path
        d="M16 16 m0 -2 a2 2 0 1 1 -2 2 a4 4 0 0 1 4 -4 a6 6 0 0 1 6 6 a8 8 0 0 1 -8 8 a10 10 0 0 1 -10 -10 a12 12 0 0 1 12 -12"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
    </svg>
  );
}
