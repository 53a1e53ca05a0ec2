import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
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
  const job = useJobRunner();
  const [restoring, setRestoring] = useState<string>();

  async function run(kind: 'create' | 'restore', work: () => Promise<string | undefined>) {
    setBusy(kind);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice((await work()) ?? t('jobs.cancelled'));
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
      // A job: its steps and percentage, and Cancel until the backup starts to replace the journal.
      const when = formatDateTime(backup.created_at, i18n.language);
      setRestoring(when);
      const result = await job.run((report, signal) => runJob(client, 'backups:restore', { name: backup.name }, { signal, onStatus: report }));
      if (!result) return undefined;
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
        {busy === 'restore' && !job.view && <p className="notice">{t('backups.restoring')}</p>}
        {notice && <p className="notice">{notice}</p>}
      </div>
      {job.view && <JobProgress label={t('jobs.restore', { name: restoring ?? '' })} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
      <ErrorMessage error={list.error ?? error} />
      {list.data && list.data.length === 0 && <p className="empty-state">{t('backups.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <BackupList backups={list.data} checks={checks} onVerify={(name) => void verify(name).catch(setError)} onRestore={(backup) => void restore(backup)} busy={busy !== undefined} />
      )}
    </div>
  );
}
