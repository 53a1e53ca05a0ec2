import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { formatDate } from '../../format';
import './reflections.css';

/** How many unlinked reflections the overview names; the rest are counted and found on the Reflections screen. */
const SHOWN = 10;

/** For the project overview: reflections that do not rest on any evidence yet (the newest few, and how many in all). Nothing when all are linked. */
export function UnlinkedReflections({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const list = useQuery(() => client.call('reflections:list', { project_id: projectId, unlinked_only: true, limit: SHOWN }), [projectId]);
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? items.length;
  if (items.length === 0) return null;
  return (
    <section className="unlinked card" aria-labelledby="unlinked-reflections-heading">
      <h2 id="unlinked-reflections-heading">{t('reflections.unlinkedHeading')}</h2>
      <p className="unlinked__intro">{t('reflections.unlinkedIntro', { count: total })}</p>
      <ul className="unlinked__list">
        {items.map((reflection) => (
          <li key={reflection.id} className="unlinked__item">
            <Link href={`/projects/${projectId}/reflections/${reflection.id}`}>{reflection.title.trim() || t('reflections.untitled')}</Link>
            <time dateTime={reflection.written_at} className="unlinked__date">
              {formatDate(reflection.written_at, i18n.language)}
            </time>
          </li>
        ))}
      </ul>
      {total > items.length && (
        <p className="unlinked__more">
          <Link href={`/projects/${projectId}/reflections`}>{t('reflections.unlinkedMore', { count: total - items.length })}</Link>
        </p>
      )}
    </section>
  );
}
