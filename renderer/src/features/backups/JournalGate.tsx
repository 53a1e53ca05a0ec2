import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SetupScreen, UnlockScreen } from '../journal-keys/KeyScreens';
import { ConfirmRecoveryKey, PendingRecoveryKey } from '../journal-keys/RecoveryKeyPanel';
import { apiMessageText } from '../../i18n/apiMessage';
import { RecoveryScreen } from './RecoveryScreen';

/**
 * Shows the app only when the journal is open and passed its start-up check; otherwise the recovery screen, the
 * unlock screen (encrypted and locked), the set-up screen (no journal yet), or the recovery key that was never
 * confirmed as written down.
 */
export function JournalGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const client = useClient();
  const status = useQuery(() => client.call('journal:status', {}), []);
  if (status.error) return <ErrorMessage error={status.error} onDismiss={status.reload} />;
  if (!status.data) return <p aria-live="polite">{t('app.loading')}</p>;
  if (status.data.state === 'damaged') {
    return <RecoveryScreen message={apiMessageText(t, status.data)} path={status.data.path} onRecovered={() => setTimeout(status.reload, 800)} />;
  }
  if (status.data.state === 'locked') return <UnlockScreen status={status.data} onUnlocked={status.reload} />;
  if (status.data.state === 'needs_setup') return <SetupScreen status={status.data} onDone={status.reload} />;
  if (status.data.recovery_pending) {
    return status.data.recovery_unseen ? <PendingRecoveryKey onDone={status.reload} /> : <ConfirmRecoveryKey onDone={status.reload} />;
  }
  return <>{children}</>;
}
