import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { EventType } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';

/** "Prompted these reflections": every event shows the reflections that cite it, with the quoted passage. */
export function Backlinks({ projectId, targetType, targetId }: { projectId: string; targetType: EventType; targetId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const backlinks = useQuery(() => client.call('links:backlinks', { target_type: targetType, target_id: targetId }), [targetType, targetId]);
  const items = backlinks.data ?? [];
  return (
    <section className="backlinks" aria-label={t('reflections.backlinksHeading')}>
      <h3 className="backlinks__heading">{t('reflections.backlinksHeading')}</h3>
      <ErrorMessage error={backlinks.error} />
      {items.length === 0 ? (
        <p className="backlinks__empty">{t('reflections.backlinksEmpty')}</p>
      ) : (
        <ul className="backlinks__list">
          {items.map(({ link, reflection }) => (
            <li key={link.id} className="backlink">
              <Link href={`/projects/${projectId}/reflections/${reflection.id}`} className="backlink__title">
                {reflection.title || t('reflections.untitled')}
              </Link>
              <span className={`mode-badge mode-badge--${reflection.mode}`}>{t(`reflections.mode_${reflection.mode}`)}</span>
              <span className="backlink__date">{formatDate(reflection.written_at, i18n.language)}</span>
              {link.excerpt_text && <blockquote className="backlink__excerpt">{link.excerpt_text}</blockquote>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** How many live reflections cite an event: the delete button warns with it. */
export function useCitationCount(targetType: EventType, targetId: string): number {
  const client = useClient();
  const backlinks = useQuery(() => client.call('links:backlinks', { target_type: targetType, target_id: targetId }), [targetType, targetId]);
  return backlinks.data?.length ?? 0;
}
