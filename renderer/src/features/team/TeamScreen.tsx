import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { formatDateTime } from '../../format';
import { apiText } from '../../i18n/apiMessage';
import { ConflictList } from './ConflictList';
import { ConnectionFields, connectionInput, emptyConnection, type Connection } from './ConnectionFields';
import './team.css';

type Status = Output<'team:status'>;
type SyncResult = Output<'team:syncNow'>;

/** How often the screen re-reads the status, so a sync started by the timer or a save shows up. */
const STATUS_REFRESH_MS = 5000;

/** An inquiry's team sync: its id for the administrator, the connection, status, Sync now, members and conflicts. */
export function TeamScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const status = useQuery(() => client.call('team:status', { project_id: projectId }), [projectId]);
  const [conflictsVersion, setConflictsVersion] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => status.reload(), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [status.reload]);

  const refresh = () => {
    status.reload();
    setConflictsVersion((value) => value + 1);
  };

  return (
    <div className="team">
      <h1>{t('team.title')}</h1>
      <p className="lede">{t('team.intro')}</p>
      <InquiryId projectId={projectId} />
      <ErrorMessage error={status.error} onDismiss={status.reload} />
      {status.data && !status.data.linked && <ConnectForm projectId={projectId} lasting={status.data.password_lasting} onLinked={refresh} />}
      {status.data?.linked && (
        <>
          <StatusPanel status={status.data} />
          {!status.data.password_known && <PasswordForm projectId={projectId} lasting={status.data.password_lasting} onSaved={refresh} />}
          <SyncPanel projectId={projectId} canSync={status.data.password_known} onSynced={refresh} />
          <ConflictList projectId={projectId} version={conflictsVersion} onResolved={refresh} />
          {status.data.password_known && <Members projectId={projectId} />}
          <Unlink projectId={projectId} onUnlinked={refresh} />
        </>
      )}
    </div>
  );
}

function InquiryId({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(projectId);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <section className="card team__inquiry" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('team.inquiryIdTitle')}</h2>
      <p id={`${id}-hint`}>{t('team.inquiryIdHint')}</p>
      <div className="team__id-row">
        <code className="team__id" aria-describedby={`${id}-hint`}>
          {projectId}
        </code>
        <button type="button" className="button" onClick={() => void copy()}>
          {t('team.copy')}
        </button>
      </div>
      <p role="status" className="team__copied">
        {copied === 'yes' ? t('team.copied') : copied === 'failed' ? t('team.copyFailed') : ''}
      </p>
    </section>
  );
}

function ConnectForm({ projectId, lasting, onLinked }: { projectId: string; lasting: boolean; onLinked: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [connection, setConnection] = useState<Connection>(emptyConnection);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await client.call('team:link', { project_id: projectId, ...connectionInput(connection) });
      onLinked();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('team.connectTitle')}</h2>
      <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
        <ConnectionFields value={connection} onChange={setConnection} lasting={lasting} />
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('team.connecting') : t('team.connect')}
        </button>
      </form>
    </section>
  );
}

function StatusPanel({ status }: { status: Status }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const problem = status.problem
    ? status.problem.message_id
      ? apiText(t, { id: status.problem.message_id, ...(status.problem.params ? { params: status.problem.params as never } : {}) }, status.problem.message)
      : status.problem.message
    : undefined;
  return (
    <section className="card team__status" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('team.statusTitle')}</h2>
      <p>{t('team.linkedAs', { server: status.server_url ?? '', member: status.member ?? '' })}</p>
      <dl className="team__facts">
        <div>
          <dt>{t('team.lastSync')}</dt>
          <dd data-testid="team-last-sync">{status.last_sync_at ? formatDateTime(status.last_sync_at, i18n.language) : t('team.never')}</dd>
        </div>
        <div>
          <dt>{t('team.pending')}</dt>
          <dd data-testid="team-pending">{status.pending}</dd>
        </div>
        <div>
          <dt>{t('team.conflictsCount')}</dt>
          <dd data-testid="team-conflicts">{status.conflicts}</dd>
        </div>
      </dl>
      <p className={`team__activity team__activity--${status.activity}`} role="status" aria-live="polite">
        {t(`team.activity_${status.activity}`)} {status.activity === 'error' || status.activity === 'offline' ? problem : ''}
      </p>
      {status.activity === 'idle' && status.last_error && (
        <p className="team__last-error">
          {t('team.lastError')}:{' '}
          {status.last_error_ref ? apiText(t, { id: status.last_error_ref.message_id, ...(status.last_error_ref.params ? { params: status.last_error_ref.params as never } : {}) }, status.last_error) : status.last_error}
        </p>
      )}
    </section>
  );
}

function PasswordForm({ projectId, lasting, onSaved }: { projectId: string; lasting: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await client.call('team:password', { project_id: projectId, password });
      setPassword('');
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>{t('team.passwordNeeded')}</p>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('team.password')}</label>
        <input id={`${id}-password`} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="field__hint">
          {lasting ? t('team.passwordLasting') : t('team.passwordSession')}
        </p>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={busy}>
        {t('team.usePassword')}
      </button>
    </form>
  );
}

function SyncPanel({ projectId, canSync, onSynced }: { projectId: string; canSync: boolean; onSynced: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const job = useJobRunner();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<SyncResult>();
  const [declined, setDeclined] = useState(false);
  const askRef = useRef<HTMLDivElement>(null);

  async function sync(allowMassTrash: boolean) {
    setError(undefined);
    setResult(undefined);
    setDeclined(false);
    try {
      const done = await job.run((report, signal) =>
        runJob(client, 'team:syncNow', { project_id: projectId, ...(allowMassTrash ? { allow_mass_trash: true } : {}) }, { onStatus: report, signal }),
      );
      if (done) setResult(done);
    } catch (failure) {
      setError(failure);
    } finally {
      onSynced();
    }
  }

  const asking = result?.status === 'needs_confirmation';
  useEffect(() => {
    if (asking) askRef.current?.focus();
  }, [asking]);

  return (
    <section className="team__sync" aria-label={t('team.syncNow')}>
      <button type="button" className="button button--primary" onClick={() => void sync(false)} disabled={!canSync || job.view !== undefined}>
        {t('team.syncNow')}
      </button>
      {job.view && <JobProgress label={t('team.syncing')} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
      <ErrorMessage error={error} />
      {result?.status === 'ok' && (
        <p role="status" className="notice">
          {result.conflicts > 0 ? t('team.syncedConflicts', { count: result.conflicts, pushed: result.pushed, pulled: result.pulled }) : t('team.synced', { pushed: result.pushed, pulled: result.pulled })}
        </p>
      )}
      {asking && (
        <div className="card team__ask" role="alertdialog" aria-labelledby="team-mass-trash" tabIndex={-1} ref={askRef}>
          <p id="team-mass-trash">{t('team.massTrash', { count: result.mass_trash?.count ?? 0, live: result.mass_trash?.live ?? 0 })}</p>
          <div className="team__buttons">
            <button type="button" className="button button--primary" onClick={() => void sync(true)}>
              {t('team.massTrashYes')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setResult(undefined);
                setDeclined(true);
              }}
            >
              {t('team.massTrashNo')}
            </button>
          </div>
        </div>
      )}
      {declined && (
        <p role="status" className="notice">
          {t('team.massTrashDeclined')}
        </p>
      )}
    </section>
  );
}

function Members({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const members = useQuery(() => client.call('team:members', { project_id: projectId }), [projectId]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('team.membersTitle')}</h2>
      <ErrorMessage error={members.error} onDismiss={members.reload} />
      {members.data && members.data.length === 0 && <p>{t('team.membersEmpty')}</p>}
      {members.data && members.data.length > 0 && (
        <ul className="team__members">
          {members.data.map((member) => (
            <li key={member.member}>
              <strong>{member.member}</strong>
              {member.added_at && <span className="team__muted"> · {t('team.addedOn', { date: formatDateTime(member.added_at, i18n.language) })}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Unlink({ projectId, onUnlinked }: { projectId: string; onUnlinked: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  async function unlink() {
    setError(undefined);
    try {
      await client.call('team:unlink', { project_id: projectId });
      setAsking(false);
      onUnlinked();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <section className="team__unlink">
      {!asking ? (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          {t('team.unlink')}
        </button>
      ) : (
        <div className="card" role="group" aria-labelledby="team-unlink-question">
          <p id="team-unlink-question">{t('team.unlinkConfirm')}</p>
          <div className="team__buttons">
            <button type="button" className="button" ref={confirmRef} onClick={() => void unlink()}>
              {t('team.unlinkYes')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t('team.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
