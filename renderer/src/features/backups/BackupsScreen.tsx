import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { BackupList } from './BackupList';
import { useBackups, type Backup } from './useBackups';
import './backups.css';

export function BackupsScreen() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { list, checks, verify } = useBackups();
  const [busy, setBusy] = useState<'create' | 'restore'>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function run(kind: 'create' | 'restore', work: () => Promise<string>) {
    setBusy(kind);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await work());
      list.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  }

  const create = () =>
    run('create', async () => {
      const backup = await client.call('backups:create', {});
      return t('backups.created', { name: backup.name });
    });
  const restore = (backup: Backup) =>
    run('restore', async () => {
      const result = await client.call('backups:restore', { name: backup.name });
      return t('backups.restored', { when: formatDateTime(backup.created_at, i18n.language), kept: result.kept_copy });
    });

  return (
    <div className="backups">
      <h1>{t('backups.title')}</h1>
      <p className="lede">{t('backups.intro')}</p>
      <button type="button" className="button button--primary" onClick={() => void create()} disabled={busy !== undefined}>
        {busy === 'create' ? t('backups.creating') : t('backups.create')}
      </button>
      <div aria-live="polite">
        {busy === 'restore' && <p className="notice">{t('backups.restoring')}</p>}
        {notice && <p className="notice">{notice}</p>}
      </div>
      <ErrorMessage error={list.error ?? error} />
      {list.data && list.data.length === 0 && <p className="empty-state">{t('backups.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <BackupList backups={list.data} checks={checks} onVerify={(name) => void verify(name).catch(setError)} onRestore={(backup) => void restore(backup)} busy={busy !== undefined} />
      )}
    </div>
  );
}
