import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, detectTransport } from './api/client';
import { App } from './App';
import { createI18n, preferredLanguage } from './i18n';
import { da } from './i18n/da/index';
import { en } from './i18n/en/index';
import './styles/tokens.css';
import './styles/app.css';

const language = preferredLanguage(globalThis.localStorage, navigator.language);
document.documentElement.lang = language;
const root = createRoot(document.getElementById('root')!);
const transport = detectTransport();

if (transport) {
  root.render(
    <StrictMode>
      <App client={createClient(transport)} i18n={createI18n(language)} />
    </StrictMode>,
  );
} else {
  // Browser mode opened without its access token: say how to get in, in the user's language.
  const messages = language === 'da' ? da : en;
  root.render(
    <main className="app-main">
      <h1>{messages.app.name}</h1>
      <p role="alert">{messages.errors.noToken}</p>
    </main>,
  );
}
