import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { QuickCapture } from '../notes/QuickCapture';
import { ProjectRoutes } from './ProjectRoutes';

const SECTIONS = ['timeline', 'search', 'notes', 'dialogues', 'stakeholders', 'reflections', 'codes', 'export', 'trash', 'settings', 'team'] as const;

/** An inquiry's frame: its title, the sections of the journal, and quick capture from anywhere. */
export function ProjectLayout({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [location] = useLocation();
  // Re-read on every move inside the inquiry, so a renamed title shows at once.
  const project = useQuery(() => client.call('projects:get', { id: projectId }), [projectId, location]);
  const base = `/projects/${projectId}`;

  if (project.error instanceof ApiCallError && project.error.code === 'not_found') {
    return (
      <div className="project">
        <Link href="/" className="back-link">
          ← {t('project.back')}
        </Link>
        <p role="alert">{t('project.notFound')}</p>
      </div>
    );
  }
  const current = (section: string) => (location.startsWith(`${base}/${section}`) ? 'page' : undefined);
  return (
    <div className="project-frame">
      <nav className="project-nav" aria-label={t('nav.label')}>
        <Link href="/" className="project-nav__back">
          ← {t('project.back')}
        </Link>
        <p className="project-nav__title">{project.data?.title ?? ''}</p>
        {project.data?.is_fictional === 1 && <p className="badge badge--fictional">{t('home.fictional')}</p>}
        <ul>
          <li>
            <Link href={base} aria-current={location === base ? 'page' : undefined}>
              {t('nav.overview')}
            </Link>
          </li>
          {SECTIONS.map((section) => (
            <li key={section}>
              <Link href={`${base}/${section}`} aria-current={current(section)}>
                {t(`nav.${section}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Below the navigation, and staying in view as a long page scrolls (the navigation itself scrolls away). */}
      <div className="project-capture">
        <QuickCapture projectId={projectId} />
      </div>
      <div className="project-content">
        <ErrorMessage error={project.error} onDismiss={project.reload} />
        <ProjectRoutes projectId={projectId} />
      </div>
    </div>
  );
}
