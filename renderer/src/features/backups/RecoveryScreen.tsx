import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { BackupList } from './BackupList';
import { useBackups, type Backup } from './useBackups';
import './backups.css';

/** Shown instead of the app when the journal failed its start-up check: explain, then offer the newest good backup. */
export function RecoveryScreen({ message, path, onRecovered }: { message: string; path: string; onRecovered: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { list, checks, verify } = useBackups();
  const [newestGood, setNewestGood] = useState<Backup | null>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();

  // Check backups newest first until an intact one is found.
  useEffect(() => {
    if (!list.data) return;
    let cancelled = false;
    void (async () => {
      for (const backup of list.data ?? []) {
        const check = await verify(backup.name).catch(() => undefined);
        if (cancelled) return;
        if (check?.ok) return setNewestGood(backup);
      }
      if (!cancelled) setNewestGood(null);
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.data]);

  async function restore(backup: Backup) {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('backups:restore', { name: backup.name });
      setDone(true);
      onRecovered();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="recovery" role="main" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('backups.recoveryTitle')}</h1>
      <p className="lede">{t('backups.recoveryIntro')}</p>
      <p className="recovery__detail">{message}</p>
      <p className="recovery__path">{t('backups.journalFile', { path })}</p>
      <p>{t('backups.recoveryAdvice')}</p>
      <ErrorMessage error={list.error ?? error} />
      {done && (
        <p className="notice" role="status">
          {t('backups.recoveryDone')}
        </p>
      )}
      {newestGood && !done && (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void restore(newestGood)}>
          {busy ? t('backups.restoring') : t('backups.recoveryNewest', { when: formatDateTime(newestGood.created_at, i18n.language) })}
        </button>
      )}
      {newestGood === null && <p role="alert">{t('backups.recoveryNone', { path })}</p>}
      {list.data && list.data.length > 0 && !done && (
        <BackupList backups={list.data} checks={checks} onVerify={(name) => void verify(name)} onRestore={(backup) => void restore(backup)} busy={busy} />
      )}
    </div>
  );
}
