import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { formatDate } from '../../format';
import './reflection-list.css';

export type ReflectionListItem = Output<'reflections:list'>['items'][number];
type Page = ReflectionListItem[];

const PAGE_SIZE = 100;

/**
 * Loads the pages of the reflections list as they scroll into view; starts again when the filter changes. The count
 * comes with the first page only (once per filter); a page whose predecessor is loaded is asked for by key (after
 * its last reflection: an index seek on the server however deep the list), otherwise by offset (a jump down).
 */
export function useReflectionPages(projectId: string, unlinkedOnly: boolean) {
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
        const result = await client.call('reflections:list', {
          project_id: projectId,
          ...(unlinkedOnly ? { unlinked_only: true } : {}),
          limit: PAGE_SIZE,
          ...(last ? { after: { written_at: last.written_at, id: last.id } } : page > 0 ? { offset: page * PAGE_SIZE } : {}),
          ...(withTotal ? {} : { with_total: false }),
        });
        if (current !== generation.current) return;
        loaded.current.set(page, result.items);
        setError(undefined);
        setState((before) => {
          const pages = new Map(before?.generation === current ? before.pages : []);
          pages.set(page, result.items);
          // Later pages come without the count: keep the one that came with the first page.
          const total = result.total ?? before?.total;
          return total === undefined ? before : { generation: current, total, pages };
        });
      } catch (failure) {
        if (current !== generation.current) return;
        requested.current.delete(page);
        setError(failure);
      }
    },
    [client, projectId, unlinkedOnly],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    loaded.current = new Map();
    void loadPage(0);
  }, [loadPage, reloads]);

  const [lastFilter, setLastFilter] = useState(unlinkedOnly);
  if (lastFilter !== unlinkedOnly) {
    // A different filter: show "loading" rather than the previous filter's reflections.
    setLastFilter(unlinkedOnly);
    setState(undefined);
  }

  const pages = state?.pages;
  const itemAt = useCallback((index: number): ReflectionListItem | undefined => pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (!pages?.has(page)) void loadPage(page);
      }
    },
    [pages, loadPage],
  );
  const reload = useCallback(() => setReloads((value) => value + 1), []);
  return { total: state?.total, error, itemAt, ensure, reload };
}

/** Every row has the same height (reflection-list.css: meta, title, two lines of preview, evidence), in rem. */
const ROW_HEIGHT_REM = 10.5;

function rowHeightPx(): number {
  const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Math.round(ROW_HEIGHT_REM * (Number.isFinite(rootSize) && rootSize > 0 ? rootSize : 16));
}

/** The reflections as a virtualised list of fixed-height rows: only those in view are in the page. */
export function VirtualReflectionList({
  projectId,
  total,
  itemAt,
  ensure,
}: {
  projectId: string;
  total: number;
  itemAt: (index: number) => ReflectionListItem | undefined;
  ensure: (first: number, last: number) => void;
}) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [rowHeight] = useState(rowHeightPx);
  useLayoutEffect(() => {
    const top = listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0;
    if (Math.abs(top - scrollMargin) > 1) setScrollMargin(top);
  });
  // Fixed row heights: nothing is measured while scrolling, and the positions of every row are computed once.
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useWindowVirtualizer({ count: total, estimateSize, overscan: 6, scrollMargin });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    ensure(first, last);
  }, [first, last, ensure]);

  return (
    <ul ref={listRef} className="reflection-rows" aria-label={t('reflections.listLabel')} style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const reflection = itemAt(item.index);
        return (
          <li
            key={item.key}
            data-index={item.index}
            className="reflection-row"
            aria-setsize={total}
            aria-posinset={item.index + 1}
            style={{ height: rowHeight, transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            {reflection ? <ReflectionRow projectId={projectId} reflection={reflection} /> : <p className="reflection-row__loading">{t('reflections.loadingRow')}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/** One row; memoised, so loading another page or scrolling does not render the rows already shown again. */
const ReflectionRow = memo(function ReflectionRow({ projectId, reflection }: { projectId: string; reflection: ReflectionListItem }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="reflection-card reflection-row__card">
      <div className="reflection-card__meta">
        <span className={`mode-badge mode-badge--${reflection.mode}`}>{t(`reflections.mode_${reflection.mode}`)}</span>
        <time dateTime={reflection.written_at} className="reflection-card__date">
          {formatDate(reflection.written_at, i18n.language)}
        </time>
      </div>
      <h2 className="reflection-card__title reflection-row__title">
        <Link href={`/projects/${projectId}/reflections/${reflection.id}`}>{reflection.title.trim() || t('reflections.untitled')}</Link>
      </h2>
      {reflection.preview && <p className="reflection-card__excerpt reflection-row__excerpt">{reflection.preview}</p>}
      <p className={`reflection-card__evidence${reflection.link_count === 0 ? ' reflection-card__evidence--none' : ''}`}>
        {t('reflections.evidenceCount', { count: reflection.link_count })}
      </p>
    </article>
  );
});
