import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { ConnectionFields, connectionInput, emptyConnection, type Connection } from './ConnectionFields';
import './team.css';

/** Joins an inquiry that lives on the team server into this journal (the start page's "Join a team inquiry"). */
export function JoinTeam({ onJoined }: { onJoined: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const job = useJobRunner();
  const [connection, setConnection] = useState<Connection>(emptyConnection);
  const [inquiry, setInquiry] = useState('');
  const [error, setError] = useState<unknown>();
  const [joined, setJoined] = useState<{ id: string; title: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setJoined(undefined);
    try {
      const input = { inquiry_id: inquiry.trim(), ...connectionInput(connection) };
      let result = await job.run((report, signal) => runJob(client, 'team:join', input, { onStatus: report, signal }));
      // A first join has nothing here to trash; should it ever ask, joining is the person's own request.
      if (result?.status === 'needs_confirmation') {
        result = await job.run((report, signal) => runJob(client, 'team:join', { ...input, allow_mass_trash: true }, { onStatus: report, signal }));
      }
      if (!result) return;
      const project = await client.call('projects:get', { id: result.project_id });
      setJoined({ id: project.id, title: project.title });
      setConnection(emptyConnection);
      onJoined();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card team-join" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('team.joinTitle')}</h2>
      <p>{t('team.joinIntro')}</p>
      <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
        <div className="field">
          <label htmlFor={`${id}-inquiry`}>{t('team.inquiryId')}</label>
          <input id={`${id}-inquiry`} required spellCheck={false} autoComplete="off" value={inquiry} onChange={(event) => setInquiry(event.target.value)} />
        </div>
        <ConnectionFields value={connection} onChange={setConnection} />
        <ErrorMessage error={error} />
        {job.view && <JobProgress label={t('team.joining')} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
        <button type="submit" className="button button--primary" disabled={job.view !== undefined}>
          {t('team.join')}
        </button>
      </form>
      {joined && (
        <p role="status" className="notice">
          <Link href={`/projects/${joined.id}/team`}>{t('team.joined', { title: joined.title })}</Link>
        </p>
      )}
    </section>
  );
}
