import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiCallError } from '../api/client';
import { useClient } from '../api/ClientContext';
import { useQuery } from '../api/useQuery';
import { ErrorMessage } from '../components/ErrorMessage';

export function ProjectScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const project = useQuery(() => client.call('projects:get', { id }), [id]);

  if (project.error instanceof ApiCallError && project.error.code === 'not_found') {
    return (
      <div className="project">
        <BackLink />
        <p role="alert">{t('project.notFound')}</p>
      </div>
    );
  }
  return (
    <div className="project">
      <BackLink />
      <ErrorMessage error={project.error} onDismiss={project.reload} />
      {project.data && (
        <>
          <header className="project__header">
            <h1>{project.data.title}</h1>
            <h2 className="eyebrow">{t('project.concern')}</h2>
            <p className="lede">{project.data.concern || t('project.noConcern')}</p>
          </header>
          <section aria-labelledby="cycles-heading" className="card">
            <h2 id="cycles-heading">{t('project.cyclesHeading')}</h2>
            <p className="empty-state__text">{t('project.cyclesEmpty')}</p>
          </section>
        </>
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link href="/" className="back-link">
      ← {t('project.back')}
    </Link>
  );
}
