import { memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { usePagedList, VirtualRows, type FetchPage } from '../../components/PagedList';
import { formatDateTime } from '../../format';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';
import { PhaseBadge } from './CycleAndPhase';
import { NOTES_CHANGED_EVENT, plainFirstLine, shortcutLabel } from './noteHelpers';
import './notes.css';
import { viewMemory } from '../../components/viewMemory';

type NoteSummary = Output<'notes:list'>['items'][number];

const PAGE_SIZE = 100;
const ALL = '';
const OUTSIDE = 'outside';

/** The inquiry's field notes, newest first, in a virtualised list that stays smooth with thousands. */
export function NotesScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, setLocation] = useLocation();
  const [filter, setFilter] = useState(() => viewMemory.getItem(`withness.notes.filter.${projectId}`) ?? ALL);
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const notes = useNotePages(projectId, filter);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();

  useEffect(() => {
    viewMemory.setItem(`withness.notes.filter.${projectId}`, filter);
  }, [projectId, filter]);

  async function createNote() {
    setCreating(true);
    setCreateError(undefined);
    try {
      const defaults = await client.call('notes:captureDefaults', { project_id: projectId });
      const cycleId = filter === ALL ? defaults.cycle_id : filter === OUTSIDE ? null : filter;
      const note = await client.call('notes:create', {
        project_id: projectId,
        place: defaults.place,
        cycle_id: cycleId,
        phase: cycleId === defaults.cycle_id ? defaults.phase : null,
      });
      setLocation(`/projects/${projectId}/notes/${note.id}`);
    } catch (failure) {
      setCreateError(failure);
      setCreating(false);
    }
  }

  const numbers = cycleNumbers(cycles.data ?? []);
  const cycleNames = new Map((cycles.data ?? []).map((cycle) => [cycle.id, cycleName(t, cycle, numbers)]));
  const filtered = filter !== ALL;
  return (
    <div className="notes">
      <header className="notes__header">
        <h1>{t('notes.title')}</h1>
        <p className="lede">{t('notes.intro')}</p>
      </header>
      <div className="notes__toolbar">
        <div className="notes__filter">
          <label htmlFor="notes-filter">{t('notes.filterCycle')}</label>
          <select id="notes-filter" value={filter} onChange={(event) => setFilter(event.target.value)}>
            <option value={ALL}>{t('notes.allCycles')}</option>
            <option value={OUTSIDE}>{t('notes.outsideCycles')}</option>
            {(cycles.data ?? []).map((cycle) => (
              <option key={cycle.id} value={cycle.id}>
                {cycle.parent_id ? '\u2003' : ''}
                {cycleName(t, cycle, numbers)}
              </option>
            ))}
          </select>
        </div>
        <div className="notes__actions">
          {notes.total !== undefined && (
            <p className="notes__count" aria-live="polite">
              {t('notes.count', { count: notes.total })}
            </p>
          )}
          <button type="button" className="button button--primary" onClick={() => void createNote()} disabled={creating}>
            {creating ? t('notes.creating') : t('notes.newNote')}
          </button>
        </div>
      </div>
      <ErrorMessage error={createError} />
      <ErrorMessage error={notes.error ?? cycles.error} onDismiss={notes.reload} />
      {notes.total === undefined && !notes.error ? (
        <p aria-live="polite">{t('app.loading')}</p>
      ) : notes.total === 0 ? (
        filtered ? (
          <p className="empty-state">{t('notes.emptyFiltered')}</p>
        ) : (
          <div className="empty-state">
            <h2>{t('notes.emptyTitle')}</h2>
            <p>{t('notes.emptyBody', { shortcut: shortcutLabel() })}</p>
          </div>
        )
      ) : notes.total !== undefined ? (
        <VirtualNoteList projectId={projectId} total={notes.total} itemAt={notes.itemAt} ensure={notes.ensure} cycleNames={cycleNames} />
      ) : null}
    </div>
  );
}

/**
 * The list's pages as they scroll into view; starts again when the filter changes or a note changes. A page whose
 * predecessor is loaded is asked for by key, otherwise by offset (a jump down the list).
 */
function useNotePages(projectId: string, filter: string) {
  const client = useClient();
  const fetchPage = useCallback<FetchPage<NoteSummary>>(
    ({ after, offset, withTotal }) =>
      client.call('notes:list', {
        project_id: projectId,
        ...(filter === ALL ? {} : { cycle_id: filter === OUTSIDE ? null : filter }),
        limit: PAGE_SIZE,
        ...(after ? { offset: 0, after: { occurred_at: after.occurred_at, id: after.id } } : { offset }),
        ...(withTotal ? {} : { with_total: false }),
      }),
    [client, projectId, filter],
  );
  const list = usePagedList(fetchPage, PAGE_SIZE, filter);
  const { reload } = list;
  useEffect(() => {
    window.addEventListener(NOTES_CHANGED_EVENT, reload);
    return () => window.removeEventListener(NOTES_CHANGED_EVENT, reload);
  }, [reload]);
  return list;
}

function VirtualNoteList({
  projectId,
  total,
  itemAt,
  ensure,
  cycleNames,
}: {
  projectId: string;
  total: number;
  itemAt: (index: number) => NoteSummary | undefined;
  ensure: (first: number, last: number) => void;
  cycleNames: Map<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <VirtualRows
      total={total}
      itemAt={itemAt}
      ensure={ensure}
      // notes.css: one line each for title, first line and details.
      rowHeightRem={7.5}
      label={t('notes.listLabel')}
      className="note-list"
      rowClassName="note-row"
      loadingClassName="note-row__loading"
      loadingText={t('notes.loadingRow')}
      renderRow={(note) => <NoteRow projectId={projectId} note={note} cycle={note.cycle_id ? cycleNames.get(note.cycle_id) : undefined} />}
    />
  );
}

/** One row; memoised, so loading another page or scrolling does not render the rows already shown again. */
const NoteRow = memo(function NoteRow({ projectId, note, cycle }: { projectId: string; note: NoteSummary; cycle: string | undefined }) {
  const { t, i18n } = useTranslation();
  const firstLine = plainFirstLine(note.first_line);
  const heading = note.title.trim() || firstLine || t('notes.untitled');
  const snippet = note.title.trim() ? firstLine : '';
  return (
    <article className="note-row__card">
      <h2 className="note-row__title">
        <Link href={`/projects/${projectId}/notes/${note.id}`}>{heading}</Link>
      </h2>
      {snippet ? <p className="note-row__snippet">{snippet}</p> : !note.title.trim() && !firstLine && <p className="note-row__snippet note-row__snippet--empty">{t('notes.nothingWritten')}</p>}
      <p className="note-row__meta">
        <time dateTime={note.occurred_at}>{formatDateTime(note.occurred_at, i18n.language)}</time>
        {note.place && <span>{note.place}</span>}
        {cycle && <span>{cycle}</span>}
        {note.phase && <PhaseBadge phase={note.phase} />}
        {note.stakeholder_count > 0 && <span>{t('notes.stakeholderCount', { count: note.stakeholder_count })}</span>}
        {note.attachment_count > 0 && <span>{t('notes.attachmentCount', { count: note.attachment_count })}</span>}
      </p>
    </article>
  );
});
