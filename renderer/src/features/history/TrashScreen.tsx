import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { apiText } from '../../i18n/apiMessage';

type TrashItem = Output<'trash:list'>[number];

/** Everything deleted in this inquiry; one delete (a dialogue with its turns) restores as one. */
export function TrashScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const trash = useQuery(() => client.call('trash:list', { project_id: projectId }), [projectId]);
  const [error, setError] = useState<unknown>();
  const [restored, setRestored] = useState<string>();
  const groups = groupItems(trash.data ?? []);

  async function restore(item: TrashItem) {
    setError(undefined);
    setRestored(undefined);
    try {
      await client.call('trash:restore', { id: item.id });
      setRestored(item.label || t(`history.type_${item.entity_type}`));
      trash.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  // A conflict here is not a clash of edits: the item waits for something else in the trash (a phase entry for its
  // cycle, an attachment for its note), and the message says which to restore first.
  const waiting = error instanceof ApiCallError && error.code === 'conflict' ? (error.ref ? apiText(t, error.ref, error.message) : error.message) : undefined;

  return (
    <div className="trash">
      <h1>{t('history.trashTitle')}</h1>
      <p className="lede">{t('history.trashIntro')}</p>
      <ErrorMessage error={trash.error ?? (waiting ? undefined : error)} />
      {waiting && (
        <div className="error-message" role="alert">
          <p className="error-message__summary">{waiting}</p>
        </div>
      )}
      {restored && (
        <p role="status" className="notice">
          {t('history.restored', { label: restored })}
        </p>
      )}
      {trash.data && groups.length === 0 && <p className="empty-state">{t('history.trashEmpty')}</p>}
      <ul className="trash-list" aria-label={t('history.trashTitle')}>
        {groups.map(([head, ...rest]) => (
          <li key={head!.group_id} className="trash-item">
            <div>
              <span className="trash-item__type">{t(`history.type_${head!.entity_type}`)}</span>{' '}
              <strong>{head!.label || '—'}</strong>
              {rest.length > 0 && <span className="trash-item__more"> {t('history.withMore', { count: rest.length })}</span>}
              <div className="trash-item__date">{t('history.deletedAt', { when: formatDateTime(head!.deleted_at, i18n.language) })}</div>
            </div>
            <button type="button" className="button" onClick={() => void restore(head!)}>
              {t('history.restore')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Groups items deleted together; the first of each group is the one the user deleted. */
function groupItems(items: TrashItem[]): TrashItem[][] {
  const groups = new Map<string, TrashItem[]>();
  for (const item of items) groups.set(item.group_id, [...(groups.get(item.group_id) ?? []), item]);
  return [...groups.values()].map((group) => [...group].sort((a, b) => rank(a) - rank(b)));
}

function rank(item: TrashItem): number {
  return item.entity_type === 'turn' ? 1 : 0;
}
