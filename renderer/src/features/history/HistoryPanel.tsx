import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import type { EntityType } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';

export type RestoreResult = Output<'history:restore'>;

/** Where a field note's earlier version keeps its tags and stakeholders (db/repositories/revisions.ts NOTE_SETS_KEY). */
const NOTE_SETS_KEY = 'tags_and_stakeholders';

/**
 * Earlier versions of one record, each viewable and restorable. `field` names the snapshot column
 * to preview (a note's body, a turn's text); a field note's versions also name their tags and stakeholders.
 * Restoring keeps the current version in the history too; `onRestored` gets the result, which says what a
 * note's restore left out (show it with RestoreNotice, outside the editor the restore remounts).
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
  onRestored: (result: RestoreResult) => void;
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
                      const result = await client.call('history:restore', { revision_id: revision.id });
                      history.reload();
                      onRestored(result);
                    } catch (failure) {
                      setError(failure);
                    }
                  }}
                >
                  {t('history.restoreVersion')}
                </button>
              </div>
              <pre className="history__text">{String(snapshot[field] ?? '')}</pre>
              {entityType === 'field_note' && <VersionSets projectId={String(snapshot.project_id)} sets={snapshot[NOTE_SETS_KEY]} />}
            </li>
          );
        })}
      </ol>
    </details>
  );
}

/** A note version's tags and stakeholders by name (pseudonym); those no longer live are counted, not named. */
function VersionSets({ projectId, sets }: { projectId: string; sets: unknown }) {
  const { t } = useTranslation();
  const client = useClient();
  const known = typeof sets === 'object' && sets !== null && !Array.isArray(sets);
  const names = useQuery(
    () =>
      known
        ? Promise.all([client.call('codes:list', { project_id: projectId }), client.call('stakeholders:list', { project_id: projectId })])
        : Promise.resolve(undefined),
    [known, projectId],
  );
  if (!known || !names.data) return null;
  const [codes, stakeholders] = names.data;
  const { code_ids: codeIds, stakeholder_ids: stakeholderIds } = sets as { code_ids?: unknown; stakeholder_ids?: unknown };
  const line = (ids: unknown, lookup: Map<string, string>) => {
    const list = Array.isArray(ids) ? ids.map(String) : [];
    const shown = list.map((item) => lookup.get(item)).filter((name): name is string => name !== undefined);
    const missing = list.length - shown.length;
    const text = shown.length > 0 ? shown.join(', ') : missing > 0 ? '' : t('history.versionNone');
    return missing > 0 ? `${text}${text ? ' ' : ''}${t('history.versionNotShown', { count: missing })}` : text;
  };
  return (
    <p className="history__sets">
      {t('history.versionTags', { names: line(codeIds, new Map(codes.map((code) => [code.id, code.name]))) })}
      <br />
      {t('history.versionStakeholders', { names: line(stakeholderIds, new Map(stakeholders.map((person) => [person.id, person.pseudonym]))) })}
    </p>
  );
}

/** What the last restore of an earlier version brought back, and what it left out (a note's tags and stakeholders). */
export function RestoreNotice({ result }: { result: RestoreResult | undefined }) {
  const { t } = useTranslation();
  if (!result) return null;
  const leftOut = result.left_out ?? [];
  return (
    <div role="status" className="notice">
      {leftOut.length === 0 ? (
        <p>{t('history.versionBack')}</p>
      ) : (
        <>
          <p>{t('history.leftOutIntro')}</p>
          <ul>
            {leftOut.map((item) => (
              <li key={`${item.kind}:${item.id}`}>{t(`history.leftOut_${item.kind}_${item.reason}`, { name: item.name ?? '' })}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
