import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';
import './reflections.css';

/** Every reflection of the inquiry, newest first, with its way of thinking and how much evidence it rests on. */
export function ReflectionsScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const [unlinkedOnly, setUnlinkedOnly] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>();
  const list = useQuery(() => client.call('reflections:list', { project_id: projectId, unlinked_only: unlinkedOnly }), [projectId, unlinkedOnly]);

  const create = async () => {
    setCreating(true);
    setError(undefined);
    try {
      // A new reflection belongs to the latest open cycle, in its reflect phase; both can be changed.
      const cycles = await client.call('cycles:list', { project_id: projectId });
      const open = cycles.filter((cycle) => cycle.status === 'open' && cycle.parent_id === null).at(-1);
      const reflection = await client.call('reflections:create', { project_id: projectId, phase: 'reflect', cycle_id: open?.id ?? null });
      navigate(`/projects/${projectId}/reflections/${reflection.id}`);
    } catch (failure) {
      setError(failure);
      setCreating(false);
    }
  };

  const items = list.data ?? [];
  return (
    <div className="reflections">
      <header className="reflections__header">
        <div>
          <h1>{t('reflections.listTitle')}</h1>
          <p className="lede">{t('reflections.listIntro')}</p>
        </div>
        <button type="button" className="button button--primary" disabled={creating} onClick={create}>
          {creating ? t('reflections.creating') : t('reflections.newReflection')}
        </button>
      </header>
      <ErrorMessage error={error ?? list.error} />
      <div className="reflections__filter">
        <input id="reflections-unlinked" type="checkbox" checked={unlinkedOnly} onChange={(e) => setUnlinkedOnly(e.target.checked)} />
        <label htmlFor="reflections-unlinked">{t('reflections.filterUnlinked')}</label>
      </div>
      {list.data && items.length === 0 && (
        <div className="empty-state">
          {unlinkedOnly ? (
            <p>{t('reflections.allLinked')}</p>
          ) : (
            <>
              <h2>{t('reflections.emptyTitle')}</h2>
              <p>{t('reflections.emptyBody')}</p>
            </>
          )}
        </div>
      )}
      {items.length > 0 && (
        <ul className="reflection-list" aria-label={t('reflections.listLabel')}>
          {items.map((reflection) => (
            <li key={reflection.id} className="reflection-card">
              <div className="reflection-card__meta">
                <span className={`mode-badge mode-badge--${reflection.mode}`}>{t(`reflections.mode_${reflection.mode}`)}</span>
                <time dateTime={reflection.written_at} className="reflection-card__date">
                  {formatDate(reflection.written_at, i18n.language)}
                </time>
              </div>
              <h2 className="reflection-card__title">
                <Link href={`/projects/${projectId}/reflections/${reflection.id}`}>{reflection.title.trim() || t('reflections.untitled')}</Link>
              </h2>
              {reflection.body.trim() && <p className="reflection-card__excerpt">{plainExcerpt(reflection.body)}</p>}
              <p className={`reflection-card__evidence${reflection.link_count === 0 ? ' reflection-card__evidence--none' : ''}`}>
                {t('reflections.evidenceCount', { count: reflection.link_count })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The opening of a Markdown text as plain words for a list (markup characters dropped, lines joined). */
function plainExcerpt(markdown: string): string {
  return markdown
    .slice(0, 400)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 240);
}
