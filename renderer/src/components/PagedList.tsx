import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Long lists (notes, dialogues, reflections) at any size: pages loaded as they scroll into view, drawn as a
 * virtualised list of fixed-height rows.
 */

/** What a list asks its channel for one page: by key after the previous page's last item, or by offset. */
export interface PageRequest<Item> {
  page: number;
  /** The last item of the page before, when that page is loaded (an index seek on the server however deep). */
  after: Item | undefined;
  /** Where the page starts, for a jump down the list whose previous page is not loaded. */
  offset: number;
  /** The count comes with the first page only (once per filter). */
  withTotal: boolean;
}

export type FetchPage<Item> = (request: PageRequest<Item>) => Promise<{ total?: number; items: Item[] }>;

export interface PagedList<Item> {
  total: number | undefined;
  error: unknown;
  itemAt: (index: number) => Item | undefined;
  /** Loads the pages holding rows first…last, if not loaded or on their way. */
  ensure: (first: number, last: number) => void;
  reload: () => void;
}

/**
 * The pages of a list, loaded on demand. Starts again whenever `fetchPage` changes (a new filter or project) or
 * on reload(); answers that arrive for an earlier start are dropped. `resetKey` names the filter: when it changes,
 * the list shows "loading" instead of the previous filter's items.
 */
export function usePagedList<Item>(fetchPage: FetchPage<Item>, pageSize: number, resetKey: string): PagedList<Item> {
  const [state, setState] = useState<{ generation: number; total: number; pages: Map<number, Item[]> }>();
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  /** The pages of the current generation as soon as they arrive (state follows on the next render). */
  const loaded = useRef(new Map<number, Item[]>());
  const [reloads, setReloads] = useState(0);

  const loadPage = useCallback(
    async (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const current = generation.current;
      const previous = page > 0 ? loaded.current.get(page - 1) : undefined;
      const after = previous?.length === pageSize ? previous[pageSize - 1] : undefined;
      try {
        const result = await fetchPage({ page, after, offset: page * pageSize, withTotal: page === 0 });
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
    [fetchPage, pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    loaded.current = new Map();
    void loadPage(0);
  }, [loadPage, reloads]);

  const [lastResetKey, setLastResetKey] = useState(resetKey);
  if (lastResetKey !== resetKey) {
    setLastResetKey(resetKey);
    setState(undefined);
  }

  const pages = state?.pages;
  const itemAt = useCallback((index: number): Item | undefined => pages?.get(Math.floor(index / pageSize))?.[index % pageSize], [pages, pageSize]);
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++) {
        if (!pages?.has(page)) void loadPage(page);
      }
    },
    [pages, pageSize, loadPage],
  );
  const reload = useCallback(() => setReloads((value) => value + 1), []);
  return { total: state?.total, error, itemAt, ensure, reload };
}

function remToPx(rem: number): number {
  const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Math.round(rem * (Number.isFinite(rootSize) && rootSize > 0 ? rootSize : 16));
}

export interface VirtualRowsProps<Item> {
  total: number;
  itemAt: (index: number) => Item | undefined;
  ensure: (first: number, last: number) => void;
  /** Every row's height, which the list's CSS keeps fixed. */
  rowHeightRem: number;
  /** An ordered list (<ol>) or not (<ul>). */
  ordered?: boolean;
  label: string;
  className: string;
  rowClassName: string;
  loadingClassName: string;
  loadingText: string;
  /** One row's content; a memoised component, so loading a page does not render the rows shown again. */
  renderRow: (item: Item) => ReactNode;
}

/** Rows drawn beyond each edge of the window, so a fast scroll shows rows, not gaps, before the next render. */
const OVERSCAN = 6;

/**
 * Lists up to this long are drawn whole: the page's find (Ctrl+F) and a screen reader's list of links then see every
 * row, and drawing thirty rows costs nothing. Only longer lists are cut to the window.
 */
export const DRAWN_WHOLE_UP_TO = 30;

/** The rows [first, last] that cross the window (plus the overscan), from the scroll position and the fixed height. */
export function rowsInView(total: number, rowHeight: number, listTop: number, scrollY: number, viewHeight: number): { first: number; last: number } {
  if (total <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  if (total <= DRAWN_WHOLE_UP_TO) return { first: 0, last: total - 1 };
  const top = scrollY - listTop;
  const first = Math.min(Math.max(Math.floor(top / rowHeight) - OVERSCAN, 0), total - 1);
  const last = Math.min(Math.max(Math.ceil((top + viewHeight) / rowHeight) - 1 + OVERSCAN, first), total - 1);
  return { first, last };
}

/**
 * Rows of one fixed height in the window's scroll: only those in view (and a few around) are in the page, each
 * with its place among all of them (aria-setsize/posinset). The rows in view follow from the scroll position and
 * the height alone: nothing is measured, and no position is computed for the rows out of view (a general
 * virtualiser lays out every row first, ≈ 18 ms for 100,000 notes at each load).
 */
export function VirtualRows<Item>(props: VirtualRowsProps<Item>) {
  const { total, itemAt, ensure, rowHeightRem, label, className, rowClassName, loadingClassName, loadingText, renderRow } = props;
  const listRef = useRef<HTMLUListElement & HTMLOListElement>(null);
  const [rowHeight] = useState(() => remToPx(rowHeightRem));
  const [range, setRange] = useState(() => rowsInView(total, rowHeight, 0, 0, typeof window === 'undefined' ? 0 : window.innerHeight));
  useLayoutEffect(() => {
    const update = () => {
      const list = listRef.current;
      if (!list) return;
      // The list's top in the document (what is above it can change height), then the rows that cross the window.
      const listTop = list.getBoundingClientRect().top + window.scrollY;
      const next = rowsInView(total, rowHeight, listTop, window.scrollY, window.innerHeight);
      setRange((before) => (before.first === next.first && before.last === next.last ? before : next));
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    // What is above the list can grow or shrink without a scroll (a form's suggestions closing, a message shown),
    // which moves the list under the window: the page's height changes with it.
    const resized = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update);
    resized?.observe(document.body);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      resized?.disconnect();
    };
  }, [total, rowHeight]);
  const first = Math.min(range.first, Math.max(total - 1, 0));
  const last = Math.min(range.last, total - 1);
  useEffect(() => {
    if (last >= first) ensure(first, last);
  }, [first, last, ensure]);

  const List = props.ordered ? 'ol' : 'ul';
  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) {
    const item = itemAt(index);
    rows.push(
      <li
        key={index}
        data-index={index}
        className={rowClassName}
        aria-setsize={total}
        aria-posinset={index + 1}
        style={{ height: rowHeight, transform: `translateY(${index * rowHeight}px)` }}
      >
        {item !== undefined ? renderRow(item) : <p className={loadingClassName}>{loadingText}</p>}
      </li>,
    );
  }
  return (
    <List ref={listRef} className={className} aria-label={label} style={{ height: total * rowHeight }}>
      {rows}
    </List>
  );
}
