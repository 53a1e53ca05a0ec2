import type { i18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import type { Client } from './api/client';
import { ClientProvider } from './api/ClientContext';
import { DraftsReady } from './components/draftStore';
import { Layout } from './components/Layout';
import { BackupsScreen } from './features/backups/BackupsScreen';
import { JournalGate } from './features/backups/JournalGate';
import { HomeScreen } from './features/home/HomeScreen';
import { SecurityScreen } from './features/journal-keys/SecurityScreen';
import { ProjectLayout } from './features/project/ProjectLayout';

export function App({ client, i18n }: { client: Client; i18n: i18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={client}>
        <Router hook={useHashLocation}>
          <Layout>
            <JournalGate>
            <DraftsReady client={client} loading={<DraftsLoading />}>
            <Switch>
              <Route path="/backups">
                <BackupsScreen />
              </Route>
              <Route path="/encryption">
                <SecurityScreen />
              </Route>
              <Route path="/projects/:projectId/*?">{(params) => <ProjectLayout key={params.projectId} projectId={params.projectId} />}</Route>
              <Route>
                <HomeScreen />
              </Route>
            </Switch>
            </DraftsReady>
            </JournalGate>
          </Layout>
        </Router>
      </ClientProvider>
    </I18nextProvider>
  );
}

function DraftsLoading() {
  const { t } = useTranslation();
  return <p aria-live="polite">{t('app.loading')}</p>;
}
