import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityType } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';

/**
 * Earlier versions of one record, each viewable and restorable. `field` names the snapshot column
 * to preview (a note's body, a turn's text). Restoring keeps the current version in the history too.
 */
export function HistoryPanel({
  entityType,
  id,
  field,
  onRestored,
}: {
  entityType: EntityType;
  id: string;
  field: string;
  onRestored: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const history = useQuery(() => (open ? client.call('history:list', { entity_type: entityType, id }) : Promise.resolve([])), [open, entityType, id]);

  const versions = (history.data ?? []).filter((revision) => revision.action === 'update');
  return (
    <details className="history" open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('history.title')}</summary>
      <ErrorMessage error={history.error ?? error} />
      {open && history.data && versions.length === 0 && <p>{t('history.none')}</p>}
      <ol className="history__list">
        {versions.map((revision) => {
          const snapshot = JSON.parse(revision.snapshot) as Record<string, unknown>;
          return (
            <li key={revision.id} className="history__item">
              <div className="history__meta">
                {t('history.version', { n: revision.revision, when: formatDateTime(revision.created_at, i18n.language) })}
                <button
                  type="button"
                  className="button button--small"
                  onClick={async () => {
                    try {
                      await client.call('history:restore', { revision_id: revision.id });
                      history.reload();
                      onRestored();
                    } catch (failure) {
                      setError(failure);
                    }
                  }}
                >
                  {t('history.restoreVersion')}
                </button>
              </div>
              <pre className="history__text">{String(snapshot[field] ?? '')}</pre>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
