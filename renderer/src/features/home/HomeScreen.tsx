import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate, formatRelative } from '../../format';
import { ImportBundle } from '../exchange/ImportBundle';
import { ImportQdpx } from '../exchange/ImportQdpx';
import { JoinTeam } from '../team/JoinTeam';

type Project = Output<'projects:get'>;

export function HomeScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const projects = useQuery(() => client.call('projects:list', {}), []);

  return (
    <div className="home">
      <section className="home__intro" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lede">{t('home.intro')}</p>
      </section>
      <ErrorMessage error={projects.error} onDismiss={projects.reload} />
      {projects.loading && !projects.data ? (
        <p aria-live="polite">{t('app.loading')}</p>
      ) : projects.data && projects.data.length > 0 ? (
        <ProjectList projects={projects.data} />
      ) : (
        !projects.error && (
          <div className="empty-state">
            <h2>{t('home.emptyTitle')}</h2>
            <p>{t('home.emptyBody')}</p>
            <DemoOffer />
          </div>
        )
      )}
      <CreateProjectForm onCreated={projects.reload} />
      <ImportBundle onImported={projects.reload} />
      <ImportQdpx projects={projects.data ?? []} onImported={projects.reload} />
      <JoinTeam onJoined={projects.reload} />
    </div>
  );
}

function ProjectList({ projects }: { projects: Project[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="project-list" aria-label={t('home.listLabel')}>
      {projects.map((project) => (
        <li key={project.id} className="project-card">
          <Link href={`/projects/${project.id}`} className="project-card__link">
            <h2 className="project-card__title">{project.title}</h2>
          </Link>
          {project.concern && <p className="project-card__concern">{project.concern}</p>}
          <p className="project-card__meta">
            <span className={`badge badge--${project.status}`}>{t(`home.status_${project.status}`)}</span>
            {project.is_fictional === 1 && <span className="badge badge--fictional">{t('home.fictional')}</span>}
            {project.started_on && <span>{t('home.startedOn', { date: formatDate(project.started_on, i18n.language) })}</span>}
            <span>{t('home.updated', { when: formatRelative(project.updated_at, i18n.language) })}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** First start: an example inquiry to look around in, clearly marked as fictional. */
function DemoOffer() {
  const { t } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function explore() {
    setBusy(true);
    setError(undefined);
    try {
      const project = await client.call('demo:create', {});
      navigate(`/projects/${project.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <div className="demo-offer">
      <p id="demo-offer-text">{t('home.demoOffer')}</p>
      <button type="button" className="button" onClick={explore} disabled={busy} aria-describedby="demo-offer-text">
        {busy ? t('home.demoCreating') : t('home.demoExplore')}
      </button>
      <p className="visually-hidden" role="status">
        {busy ? t('home.demoCreating') : ''}
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}

function CreateProjectForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [concern, setConcern] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const project = await client.call('projects:create', { title, concern });
      setTitle('');
      setConcern('');
      onCreated();
      navigate(`/projects/${project.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card create-project" onSubmit={submit} aria-labelledby="create-heading">
      <h2 id="create-heading">{t('create.heading')}</h2>
      <div className="field">
        <label htmlFor="project-title">{t('create.title')}</label>
        <input
          id="project-title"
          name="title"
          value={title}
          required
          maxLength={500}
          placeholder={t('create.titlePlaceholder')}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="project-concern">{t('create.concern')}</label>
        <textarea
          id="project-concern"
          name="concern"
          rows={3}
          value={concern}
          placeholder={t('create.concernPlaceholder')}
          onChange={(event) => setConcern(event.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('create.creating') : t('create.submit')}
      </button>
    </form>
  );
}
