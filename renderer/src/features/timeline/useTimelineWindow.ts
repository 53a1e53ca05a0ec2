import { useEffect, useRef, useState } from 'react';
import type { Input, Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';

type WindowInput = Input<'timeline:window'>;
type WindowOutput = Output<'timeline:window'>;

/** How long the view has to rest before the events in it are fetched again (pans and zooms come in bursts). */
export const WINDOW_DEBOUNCE_MS = 140;

/**
 * The events in the visible window, fetched at once for the first view, then again (debounced) whenever the
 * window, the filters or the lanes change. The previous result stays on screen while the next one loads; late
 * answers to older requests are dropped.
 */
export function useTimelineWindow(request: WindowInput | undefined) {
  const client = useClient();
  const [state, setState] = useState<{ data?: WindowOutput; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const [reloads, setReloads] = useState(0);
  const key = request ? JSON.stringify(request) : '';
  /** Whether a window has been asked for yet: the first one has no burst to wait out (issue 14: it waited 140 ms). */
  const asked = useRef(false);

  useEffect(() => {
    if (!key) return;
    const current = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    const fetchWindow = () =>
      client.call('timeline:window', JSON.parse(key) as WindowInput).then(
        (data) => {
          if (current === generation.current) setState({ data, loading: false });
        },
        (error: unknown) => {
          if (current === generation.current) setState((previous) => ({ ...previous, error, loading: false }));
        },
      );
    if (!asked.current) {
      // Sent now, not from a zero timer: a timer waits behind the tasks already queued (the other lists' answers
      // and their renders), which held the first window back by a render or two on the large inquiry.
      asked.current = true;
      void fetchWindow();
      return;
    }
    const timer = setTimeout(fetchWindow, WINDOW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, key, reloads]);

  return { ...state, reload: () => setReloads((value) => value + 1) };
}
