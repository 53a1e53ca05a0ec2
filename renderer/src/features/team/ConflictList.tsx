import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';

type Conflict = Output<'team:conflicts'>[number];
type Version = Conflict['head'];
type Keep = Input<'team:resolve'>['keep'];

/** Columns that every edit changes or that never differ in a way a person decides on. */
const BOOKKEEPING = new Set(['id', 'project_id', 'revision', 'created_at', 'updated_at', 'recorded_at', 'deleted_at']);

/** The fields where two versions differ, in the row's own order; text fields first is what people compare. */
function differingFields(head: Version, other: Version): string[] {
  const names = new Set([...Object.keys(head.row ?? {}), ...Object.keys(other.row ?? {})]);
  return [...names].filter((name) => !BOOKKEEPING.has(name) && JSON.stringify(head.row?.[name] ?? null) !== JSON.stringify(other.row?.[name] ?? null));
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** Every record two members changed from the same version, with both versions side by side to keep one or merge. */
export function ConflictList({ projectId, version, onResolved }: { projectId: string; version: number; onResolved: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const conflicts = useQuery(() => client.call('team:conflicts', { project_id: projectId }), [projectId, version]);
  const [resolved, setResolved] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const done = () => {
    setResolved(true);
    conflicts.reload();
    onResolved();
    // The card that had focus is gone: the list's heading takes it, with the status line saying what happened.
    headingRef.current?.focus();
  };

  return (
    <section className="card team__conflicts" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {t('team.conflictsTitle')}
      </h2>
      <p>{t('team.conflictsIntro')}</p>
      <ErrorMessage error={conflicts.error} onDismiss={conflicts.reload} />
      <p role="status" className="team__resolved">
        {resolved ? t('team.resolved') : ''}
      </p>
      {conflicts.data && conflicts.data.length === 0 && <p className="empty-state">{t('team.conflictsNone')}</p>}
      {conflicts.data && conflicts.data.length > 0 && (
        <ul className="team__conflict-list">
          {conflicts.data.map((conflict) => (
            <li key={`${conflict.table_name}/${conflict.row_key}`}>
              <ConflictCard projectId={projectId} conflict={conflict} onResolved={done} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictCard({ projectId, conflict, onResolved }: { projectId: string; conflict: Conflict; onResolved: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [merging, setMerging] = useState<string>();
  const kind = conflict.entity_type ? t(`history.type_${conflict.entity_type}` as never, { defaultValue: conflict.entity_type }) : conflict.table_name;

  async function resolve(keep: Keep) {
    setError(undefined);
    try {
      await client.call('team:resolve', { project_id: projectId, table_name: conflict.table_name as Input<'team:resolve'>['table_name'], row_key: conflict.row_key, keep });
      onResolved();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <article className="team__conflict" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('team.conflictLabel', { kind, label: conflict.label || conflict.row_key })}</h3>
      {conflict.others.map((other) => {
        const fields = differingFields(conflict.head, other);
        return (
          <div key={other.hash} className="team__pair">
            <div className="team__versions">
              <VersionColumn title={t('team.shownVersion')} version={conflict.head} fields={fields} />
              <VersionColumn title={t('team.otherVersion')} version={other} fields={fields} />
            </div>
            <div className="team__buttons">
              <button type="button" className="button" onClick={() => void resolve('head')}>
                {t('team.keepShown')}
              </button>
              <button type="button" className="button" onClick={() => void resolve(other.hash)}>
                {t('team.keepOther')}
              </button>
              {conflict.head.row && other.row && (
                <button type="button" className="button" aria-expanded={merging === other.hash} onClick={() => setMerging(merging === other.hash ? undefined : other.hash)}>
                  {t('team.merge')}
                </button>
              )}
            </div>
            {merging === other.hash && conflict.head.row && other.row && (
              <MergeForm head={conflict.head.row} other={other.row} fields={fields} onSave={(merged) => void resolve({ merged })} />
            )}
          </div>
        );
      })}
      <ErrorMessage error={error} />
    </article>
  );
}

function VersionColumn({ title, version, fields }: { title: string; version: Version; fields: string[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="team__version" aria-label={title}>
      <h4>{title}</h4>
      <p className="team__muted">
        {version.author ? t('team.versionBy', { author: version.author }) : t('team.versionByUnknown')}
        {version.committed_at ? ` · ${formatDateTime(version.committed_at, i18n.language)}` : ''}
      </p>
      {!version.row ? (
        <p>{t('team.deletedVersion')}</p>
      ) : (
        <dl className="team__fields">
          {fields.map((field) => (
            <div key={field}>
              <dt>{fieldName(t, field)}</dt>
              <dd className="team__value">{show(version.row?.[field])}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function fieldName(t: (key: never, options?: { defaultValue: string }) => string, field: string): string {
  return t(`team.field_${field}` as never, { defaultValue: field.replace(/_/g, ' ') });
}

/** One editable text per differing text field, prefilled with both versions; the rest as the shown version has it. */
function MergeForm({ head, other, fields, onSave }: { head: Record<string, unknown>; other: Record<string, unknown>; fields: string[]; onSave: (merged: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const textFields = fields.filter((field) => typeof head[field] === 'string' || typeof other[field] === 'string');
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(textFields.map((field) => [field, [head[field], other[field]].filter((value) => typeof value === 'string' && value !== '').join('\n\n')])),
  );
  const firstRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  return (
    <form
      className="team__merge"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ ...head, ...texts });
      }}
    >
      <h4 id={`${id}-title`}>{t('team.mergeTitle')}</h4>
      {textFields.map((field, index) => (
        <div className="field" key={field}>
          <label htmlFor={`${id}-${field}`}>{t('team.mergeField', { field: fieldName(t, field) })}</label>
          <textarea
            id={`${id}-${field}`}
            ref={index === 0 ? firstRef : undefined}
            rows={8}
            value={texts[field] ?? ''}
            onChange={(event) => setTexts({ ...texts, [field]: event.target.value })}
          />
        </div>
      ))}
      <button type="submit" className="button button--primary">
        {t('team.mergeSave')}
      </button>
    </form>
  );
}
