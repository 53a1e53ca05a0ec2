import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useReflectionPages, VirtualReflectionList } from './ReflectionList';
import './reflections.css';

/** Every reflection of the inquiry, newest first, with its way of thinking and how much evidence it rests on, in a
 * virtualised list that loads page by page as it scrolls. */
export function ReflectionsScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const [unlinkedOnly, setUnlinkedOnly] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>();
  const list = useReflectionPages(projectId, unlinkedOnly);

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
      <ErrorMessage error={error} />
      <ErrorMessage error={list.error} onDismiss={list.reload} />
      <div className="reflections__filter">
        <input id="reflections-unlinked" type="checkbox" checked={unlinkedOnly} onChange={(e) => setUnlinkedOnly(e.target.checked)} />
        <label htmlFor="reflections-unlinked">{t('reflections.filterUnlinked')}</label>
      </div>
      {list.total === undefined ? (
        !list.error && <p aria-live="polite">{t('app.loading')}</p>
      ) : list.total === 0 ? (
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
      ) : (
        <>
          <p className="reflections__count" aria-live="polite">
            {t(unlinkedOnly ? 'reflections.countUnlinked' : 'reflections.count', { count: list.total })}
          </p>
          <VirtualReflectionList projectId={projectId} total={list.total} itemAt={list.itemAt} ensure={list.ensure} />
        </>
      )}
    </div>
  );
}
