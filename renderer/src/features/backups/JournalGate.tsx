import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RecoveryScreen } from './RecoveryScreen';

/** Shows the app only when the journal passed its start-up check; otherwise the recovery screen. */
export function JournalGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const client = useClient();
  const status = useQuery(() => client.call('journal:status', {}), []);
  if (status.error) return <ErrorMessage error={status.error} onDismiss={status.reload} />;
  if (!status.data) return <p aria-live="polite">{t('app.loading')}</p>;
  if (status.data.state === 'damaged') {
    return <RecoveryScreen message={status.data.message} path={status.data.path} onRecovered={() => setTimeout(status.reload, 800)} />;
  }
  return <>{children}</>;
}
