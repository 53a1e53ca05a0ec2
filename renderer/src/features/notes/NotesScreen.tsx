import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';
import { PhaseBadge } from './CycleAndPhase';
import { NOTES_CHANGED_EVENT, plainFirstLine, shortcutLabel } from './noteHelpers';
import './notes.css';

type NoteSummary = Output<'notes:list'>['items'][number];

const PAGE_SIZE = 100;
const ALL = '';
const OUTSIDE = 'outside';

/** The inquiry's field notes, newest first, in a virtualised list that stays smooth with thousands. */
export function NotesScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, setLocation] = useLocation();
  const [filter, setFilter] = useState(() => sessionStorage.getItem(`withness.notes.filter.${projectId}`) ?? ALL);
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const notes = useNotePages(projectId, filter);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();

  useEffect(() => {
    sessionStorage.setItem(`withness.notes.filter.${projectId}`, filter);
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

type Page = NoteSummary[];

/**
 * Loads the pages of the list as they scroll into view; reloads when the filter or a note changes. The count comes
 * with the first page only (once per filter); a page whose predecessor is loaded is asked for by key (after its
 * last note: an index seek on the server however deep the list), otherwise by offset (a jump down the list).
 */
function useNotePages(projectId: string, filter: string) {
  const client = useClient();
  const [state, setState] = useState<{ generation: number; total: number; pages: Map<number, Page> }>();
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  /** The pages of the current generation as soon as they arrive (state follows on the next render). */
  const loaded = useRef(new Map<number, Page>());
  const [reloads, setReloads] = useState(0);

  const loadPage = useCallback(
    async (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const current = generation.current;
      const previous = page > 0 ? loaded.current.get(page - 1) : undefined;
      const last = previous?.length === PAGE_SIZE ? previous[PAGE_SIZE - 1] : undefined;
      const withTotal = page === 0;
      try {
        const result = await client.call('notes:list', {
          project_id: projectId,
          ...(filter === ALL ? {} : { cycle_id: filter === OUTSIDE ? null : filter }),
          limit: PAGE_SIZE,
          ...(last ? { offset: 0, after: { occurred_at: last.occurred_at, id: last.id } } : { offset: page * PAGE_SIZE }),
          ...(withTotal ? {} : { with_total: false }),
        });
        if (current !== generation.current) return;
        loaded.current.set(page, result.items);
        setError(undefined);
        setState((before) => {
          const pages = new Map(before?.generation === current ? before.pages : []);
          pages.set(page, result.items);
          // Later pages come without the count: keep the one that came with the first page (or, while a reload's
          // first page is on its way, the count from before).
          const total = result.total ?? before?.total;
          return total === undefined ? before : { generation: current, total, pages };
        });
      } catch (failure) {
        if (current !== generation.current) return;
        requested.current.delete(page);
        setError(failure);
      }
    },
    [client, projectId, filter],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    loaded.current = new Map();
    void loadPage(0);
  }, [loadPage, reloads]);

  const [lastFilter, setLastFilter] = useState(filter);
  if (lastFilter !== filter) {
    // A different filter: show "loading" rather than the previous filter's notes.
    setLastFilter(filter);
    setState(undefined);
  }

  useEffect(() => {
    const onChanged = () => setReloads((value) => value + 1);
    window.addEventListener(NOTES_CHANGED_EVENT, onChanged);
    return () => window.removeEventListener(NOTES_CHANGED_EVENT, onChanged);
  }, []);

  const pages = state?.pages;
  const itemAt = useCallback((index: number): NoteSummary | undefined => pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (!pages?.has(page)) void loadPage(page);
      }
    },
    [pages, loadPage],
  );
  return { total: state?.total, error, itemAt, ensure, reload: () => setReloads((value) => value + 1) };
}

/** Every row has the same height (notes.css: one line each for title, first line and details), in rem. */
const ROW_HEIGHT_REM = 7.5;

function rowHeightPx(): number {
  const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Math.round(ROW_HEIGHT_REM * (Number.isFinite(rootSize) && rootSize > 0 ? rootSize : 16));
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
  const listRef = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [rowHeight] = useState(rowHeightPx);
  useLayoutEffect(() => {
    const top = listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0;
    if (Math.abs(top - scrollMargin) > 1) setScrollMargin(top);
  });
  // Fixed row heights: nothing is measured while scrolling, and the positions of 100,000 rows are computed once
  // (a measured row or a new getItemKey would make the virtualizer recompute all of them).
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useWindowVirtualizer({ count: total, estimateSize, overscan: 6, scrollMargin });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    ensure(first, last);
  }, [first, last, ensure]);

  return (
    <ul ref={listRef} className="note-list" aria-label={t('notes.listLabel')} style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const note = itemAt(item.index);
        return (
          <li
            key={item.key}
            data-index={item.index}
            className="note-row"
            aria-setsize={total}
            aria-posinset={item.index + 1}
            style={{ height: rowHeight, transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            {note ? (
              <NoteRow projectId={projectId} note={note} cycle={note.cycle_id ? cycleNames.get(note.cycle_id) : undefined} />
            ) : (
              <p className="note-row__loading">{t('notes.loadingRow')}</p>
            )}
          </li>
        );
      })}
    </ul>
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
