import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';

/** The inquiry at a glance: its question; cycles and recent activity follow. */
export function OverviewScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const project = useQuery(() => client.call('projects:get', { id: projectId }), [projectId]);
  if (!project.data) return null;
  return (
    <div className="overview">
      <header className="project__header">
        <h1>{project.data.title}</h1>
        <h2 className="eyebrow">{t('project.concern')}</h2>
        <p className="lede">{project.data.concern || t('project.noConcern')}</p>
      </header>
      <section aria-labelledby="cycles-heading" className="card">
        <h2 id="cycles-heading">{t('project.cyclesHeading')}</h2>
        <p>{t('project.cyclesEmpty')}</p>
      </section>
    </div>
  );
}
