import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { LanguageSwitch } from './LanguageSwitch';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  useFocusAfterNavigation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        {/* Named by what it shows (WCAG 2.5.3: the name holds the visible label), then where it leads. */}
        <Link href="/" className="wordmark">
          <SpiralMark />
          <span>
            <span className="wordmark__name">{t('app.name')}</span>
            <span className="wordmark__tagline">{t('app.tagline')}</span>
            <span className="visually-hidden">{` (${t('app.home')})`}</span>
          </span>
        </Link>
        <div className="app-header__tools">
          <Link href="/backups" className="app-header__link">
            {t('backups.link')}
          </Link>
          <Link href="/encryption" className="app-header__link">
            {t('journalKeys.link')}
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

/**
 * When a move to another screen leaves focus nowhere (the link or button that had it is gone, as after a
 * delete), focus goes to the new screen's title (or its main region), so keyboard and screen-reader users
 * carry on from the top of what they now see. A screen that places focus itself (a turn, a search box) keeps it.
 */
function useFocusAfterNavigation() {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      const main = document.getElementById('main');
      const heading = main?.querySelector<HTMLElement>('h1');
      if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      (heading ?? main)?.focus({ preventScroll: true });
    }, 0);
    return () => clearTimeout(timer);
  }, [location]);
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
