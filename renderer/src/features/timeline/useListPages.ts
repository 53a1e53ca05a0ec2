import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Input, Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';

type WindowInput = Input<'timeline:window'>;
type WindowOutput = Output<'timeline:window'>;
type Cursor = NonNullable<WindowOutput['next']>;

interface More {
  /** The first page these pages follow; pages of an older first page are let go. */
  base: WindowOutput | undefined;
  events: WindowOutput['events'];
  next: Cursor | null;
  loading: boolean;
  error?: unknown;
}

/**
 * The list view's events page by page: the first page comes from the window request (useTimelineWindow), later
 * pages are asked for with the cursor the previous page returned (keyset paging, so each page costs the same
 * wherever it lies). A new first page (another window, other filters) starts over; late answers are dropped.
 */
export function useListPages(request: WindowInput | undefined, first: WindowOutput | undefined) {
  const client = useClient();
  const [more, setMore] = useState<More>({ base: undefined, events: [], next: null, loading: false });
  const firstRef = useRef(first);
  const busy = useRef(false);
  firstRef.current = first;
  const current = more.base === first ? more : { base: first, events: [], next: first?.next ?? null, loading: false, error: undefined };

  // A new first page: whatever was loading for the previous one no longer counts.
  useEffect(() => {
    busy.current = false;
  }, [first]);

  const key = request ? JSON.stringify(request) : '';
  const loadMore = useCallback(() => {
    const base = firstRef.current;
    const after = current.next;
    if (!key || !base || !after || busy.current) return;
    busy.current = true;
    setMore({ ...current, base, loading: true, error: undefined });
    client.call('timeline:window', { ...(JSON.parse(key) as WindowInput), after }).then(
      (page) => {
        if (firstRef.current !== base) return;
        busy.current = false;
        setMore((previous) => ({ base, events: [...(previous.base === base ? previous.events : []), ...page.events], next: page.next, loading: false }));
      },
      (error: unknown) => {
        if (firstRef.current !== base) return;
        busy.current = false;
        setMore((previous) => ({ ...previous, base, loading: false, error }));
      },
    );
  }, [client, key, current]);

  const extra = current.events;
  const events = useMemo(() => (first ? (extra.length > 0 ? [...first.events, ...extra] : first.events) : []), [first, extra]);
  return { events, hasMore: current.next !== null, loading: current.loading, error: current.error, loadMore };
}
