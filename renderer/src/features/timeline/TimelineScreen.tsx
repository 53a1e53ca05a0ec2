import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Input, Output } from '../../../../electron/api/contract';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate, formatDateTime } from '../../format';
import { cycleNumbers as numberCycles } from '../cycles/cycleNames';
import { eventHref } from '../events/eventHref';
import { DetailsPanel } from './DetailsPanel';
import { FilterBar } from './FilterBar';
import { gutterFor, TimelineChart } from './TimelineChart';
import { TimelineList } from './TimelineList';
import { centreOn, contains, fitView, maxSpan, panView, zoomView, type View } from './timelineMath';
import { activeFilterCount, eventKey, toSelected, type LaneMode, type Selected, type TimelineEvent, type TimelineFilters } from './timelineTypes';
import { useListPages } from './useListPages';
import { useTimelineWindow } from './useTimelineWindow';
import './timeline.css';
import { viewMemory } from '../../components/viewMemory';

/** More than this many events in view are drawn as density bars instead of one mark each. */
export const DRAW_LIMIT = 2000;
/** The list view fetches the window's events in pages of this many, the next page as the list scrolls near its end. */
export const LIST_PAGE = 200;
/** A selection further into the window than this many events is not paged up to (the list stays where it is). */
const LIST_SEEK_LIMIT = 5000;
const FALLBACK_WIDTH = 960;
/** Stable empties while the lists load, so the (memoised) filter bar is not drawn again for nothing. */
const NO_STAKEHOLDERS: Output<'stakeholders:list'> = [];
const NO_CODES: Output<'codes:list'> = [];

type Mode = 'chart' | 'list';

interface Stored {
  view?: View;
  filters?: TimelineFilters;
  laneMode?: LaneMode;
  mode?: Mode;
  selected?: Selected | null;
}

function storageKey(projectId: string) {
  return `withness.timeline.${projectId}`;
}

function readStored(projectId: string): Stored {
  try {
    const raw = viewMemory.getItem(storageKey(projectId));
    return raw ? (JSON.parse(raw) as Stored) : {};
  } catch {
    return {};
  }
}

/** The filters as the API wants them: empty lists and blank text left out. */
function cleanFilters(filters: TimelineFilters): TimelineFilters {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '') out[key] = value;
  }
  return out as TimelineFilters;
}

/**
 * The width available to the picture, following the window's size (the element can appear later); undefined until
 * the element has been measured, so the first window is not asked for at a guessed width and then again (debounced)
 * at the real one — on the large inquiry that second request held the first sight back by 140 ms and more.
 */
function useWidth(): [number | undefined, (element: HTMLElement | null) => void] {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState<number>();
  useLayoutEffect(() => {
    if (!element) return;
    const measure = () => setWidth(element.clientWidth > 0 ? element.clientWidth : FALLBACK_WIDTH);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [width, setElement];
}

/**
 * The timeline of an inquiry: every event on one time axis, the cycles and their phases as bands,
 * reflections tied to the events that prompted them. Only the visible window is fetched and drawn.
 */
export function TimelineScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, setLocation] = useLocation();
  const stored = useMemo(() => readStored(projectId), [projectId]);

  const bands = useQuery(() => client.call('timeline:bands', { project_id: projectId }), [projectId]);
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const codes = useQuery(() => client.call('codes:list', { project_id: projectId }), [projectId]);

  const [chosenView, setView] = useState<View | undefined>(stored.view);
  const [filters, setFilters] = useState<TimelineFilters>(stored.filters ?? {});
  const [laneMode, setLaneMode] = useState<LaneMode>(stored.laneMode ?? 'type');
  const [mode, setMode] = useState<Mode>(stored.mode ?? 'chart');
  const [selected, setSelected] = useState<Selected | null>(stored.selected ?? null);
  const [announcement, setAnnouncement] = useState('');
  const [stepError, setStepError] = useState<unknown>();

  const [measuredWidth, frameRef] = useWidth();
  const width = measuredWidth ?? FALLBACK_WIDTH;
  const plotWidth = Math.max(width - gutterFor(width) - 16, 40);

  const whole = useMemo(() => {
    const first = bands.data?.first_event_at;
    const last = bands.data?.last_event_at;
    return first && last ? fitView(Date.parse(first), Date.parse(last)) : undefined;
  }, [bands.data]);
  const widest = maxSpan(whole);
  // The first sight is the whole inquiry, used in the very render the bands arrive in, so the first window is asked
  // for without waiting for another render (the effect below only makes it the state that zooms and pans start from).
  const view = chosenView ?? whole;

  useEffect(() => {
    if (!chosenView && whole) setView(whole);
  }, [chosenView, whole]);

  useEffect(() => {
    const value: Stored = { view, filters, laneMode, mode, selected };
    viewMemory.setItem(storageKey(projectId), JSON.stringify(value));
  }, [projectId, view, filters, laneMode, mode, selected]);

  const apiFilters = useMemo(() => cleanFilters(filters), [filters]);
  const request: Input<'timeline:window'> | undefined =
    view && measuredWidth !== undefined
      ? {
          project_id: projectId,
          from: new Date(view.start).toISOString(),
          to: new Date(view.end).toISOString(),
          filters: apiFilters,
          limit: mode === 'list' ? LIST_PAGE : DRAW_LIMIT,
          ...(mode === 'chart' ? { buckets: Math.max(10, Math.floor(plotWidth / 4)), lanes: laneMode } : {}),
        }
      : undefined;
  const windowData = useTimelineWindow(request);
  const pages = useListPages(mode === 'list' ? request : undefined, mode === 'list' ? windowData.data : undefined);
  const chartEvents = useMemo(() => windowData.data?.events ?? [], [windowData.data]);
  const events = mode === 'list' ? pages.events : chartEvents;

  const chain = useQuery(
    () => (selected ? client.call('timeline:chain', { type: selected.type, id: selected.id }) : Promise.resolve(undefined)),
    [selected?.type, selected?.id],
  );
  // A selection remembered from earlier whose event has since gone to the trash is let go.
  useEffect(() => {
    if (chain.error instanceof ApiCallError && chain.error.code === 'not_found') setSelected(null);
  }, [chain.error]);
  const selectedKey = selected ? eventKey(selected) : null;
  // The chain to highlight (others are dimmed); only when the selection is linked to something.
  const chainKeys = useMemo(() => {
    if (!selected || !chain.data || chain.data.event.id !== selected.id) return null;
    const linked = [...chain.data.targets, ...chain.data.reflections];
    return linked.length > 0 ? new Set([eventKey(selected), ...linked.map(eventKey)]) : null;
  }, [selected, chain.data]);

  // The list shows a selection made elsewhere (the chart, an earlier visit): pages are loaded up to it.
  const lastLoaded = events[events.length - 1];
  const { hasMore, loading: pageLoading, loadMore } = pages;
  useEffect(() => {
    if (mode !== 'list' || !selected || !hasMore || pageLoading || !lastLoaded || events.length >= LIST_SEEK_LIMIT) return;
    if (selected.occurred_at < lastLoaded.occurred_at || events.some((event) => eventKey(event) === eventKey(selected))) return;
    if (view && Date.parse(selected.occurred_at) >= view.end) return;
    loadMore();
  }, [mode, selected, hasMore, pageLoading, lastLoaded, events, view, loadMore]);

  const numbers = useMemo(() => numberCycles(bands.data?.cycles ?? []), [bands.data]);
  const cycleName = useCallback(
    (cycleId: string | null) => {
      const cycle = cycleId ? bands.data?.cycles.find((item) => item.id === cycleId) : undefined;
      return cycle ? t('timeline.cycleOption', { number: numbers.get(cycle.id) ?? cycle.ordinal, title: cycle.title || t('timeline.untitledCycle') }) : null;
    },
    [bands.data, numbers, t],
  );

  /** Choosing one cycle also brings its stretch of time into view. */
  const changeFilters = useCallback(
    (next: TimelineFilters) => {
      const chosen = next.cycle_ids?.length === 1 ? next.cycle_ids[0] : undefined;
      if (chosen && chosen !== filters.cycle_ids?.[0]) {
        const cycle = bands.data?.cycles.find((item) => item.id === chosen);
        const from = cycle?.first_event_at && cycle.from ? Math.min(Date.parse(cycle.from), Date.parse(cycle.first_event_at)) : cycle?.from ? Date.parse(cycle.from) : undefined;
        const to = cycle?.last_event_at && cycle.to ? Math.max(Date.parse(cycle.to), Date.parse(cycle.last_event_at)) : cycle?.to ? Date.parse(cycle.to) : undefined;
        if (from !== undefined && to !== undefined) setView(fitView(from, to));
      }
      setFilters(next);
    },
    [filters.cycle_ids, bands.data],
  );

  const changeView = useCallback((change: (current: View) => View) => setView((current) => (current ? change(current) : current)), []);

  const announce = useCallback(
    (event: Selected, position?: { index: number; count: number }) => {
      const where = position ? ` ${t('timeline.position', { index: position.index + 1, count: position.count })}` : '';
      const said = t('timeline.announceSelected', { type: t(`events.${event.type}`), time: formatDateTime(event.occurred_at, i18n.language), label: event.label || t('timeline.untitled') });
      setAnnouncement(`${/[.!?…]$/.test(said) ? said : `${said}.`}${where}`);
    },
    [t, i18n.language],
  );

  const select = useCallback(
    (event: Selected, reveal = true) => {
      const next = toSelected(event);
      setSelected(next);
      const time = Date.parse(next.occurred_at);
      if (reveal) setView((current) => (current && !contains(current, time) ? centreOn(current, time) : current));
      const index = events.findIndex((item) => eventKey(item) === eventKey(next));
      announce(next, index >= 0 ? { index, count: windowData.data?.total ?? events.length } : undefined);
    },
    [events, announce, windowData.data],
  );

  /** The next or previous event from the selection, asking the API when it lies outside what is loaded. */
  const step = useCallback(
    async (direction: 1 | -1) => {
      setStepError(undefined);
      if (!selected) {
        const pick = direction === 1 ? events[0] : events[events.length - 1];
        if (pick) select(pick);
        else if (view) {
          // A crowded window comes as density only: ask for its first (or last) event.
          try {
            const edgeOfView = await client.call('timeline:window', {
              project_id: projectId,
              filters: apiFilters,
              limit: 1,
              ...(direction === 1 ? { from: new Date(view.start).toISOString() } : { to: new Date(view.end).toISOString(), order: 'desc' as const }),
            });
            const first = edgeOfView.events[0];
            if (first) select(first);
            else setAnnouncement(t('timeline.nothingMatches'));
          } catch (error) {
            setStepError(error);
          }
        }
        return;
      }
      const index = events.findIndex((event) => eventKey(event) === eventKey(selected));
      const neighbour = index >= 0 ? events[index + direction] : undefined;
      if (neighbour) {
        select(neighbour);
        return;
      }
      try {
        const time = selected.occurred_at;
        const around = await client.call('timeline:window', {
          project_id: projectId,
          filters: apiFilters,
          limit: 1000,
          ...(direction === 1 ? { from: time } : { to: new Date(Date.parse(time) + 1).toISOString(), order: 'desc' as const }),
        });
        const at = around.events.findIndex((event) => eventKey(event) === eventKey(selected));
        const next = at >= 0 ? around.events[at + 1] : around.events[0];
        if (next) select(next);
        else setAnnouncement(direction === 1 ? t('timeline.noLater') : t('timeline.noEarlier'));
      } catch (error) {
        setStepError(error);
      }
    },
    [selected, events, select, client, projectId, apiFilters, t, view],
  );

  const edge = useCallback(
    async (direction: 'first' | 'last') => {
      setStepError(undefined);
      try {
        const result = await client.call('timeline:window', { project_id: projectId, filters: apiFilters, limit: 1, order: direction === 'first' ? 'asc' : 'desc' });
        const event = result.events[0];
        if (event) select(event);
        else setAnnouncement(t('timeline.nothingMatches'));
      } catch (error) {
        setStepError(error);
      }
    },
    [client, projectId, apiFilters, select, t],
  );

  const zoom = useCallback(
    (factor: number) => {
      setView((current) => {
        if (!current) return current;
        const time = selected ? Date.parse(selected.occurred_at) : NaN;
        const anchor = contains(current, time) ? time : (current.start + current.end) / 2;
        return zoomView(current, factor, anchor, widest);
      });
    },
    [selected, widest],
  );
  const fit = useCallback(() => whole && setView(whole), [whole]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    let handled = true;
    if (event.key === 'ArrowRight' && !event.shiftKey) void step(1);
    else if (event.key === 'ArrowLeft' && !event.shiftKey) void step(-1);
    else if (event.key === 'ArrowRight' || event.key === 'PageDown') changeView((v) => panView(v, (v.end - v.start) * 0.25));
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') changeView((v) => panView(v, -(v.end - v.start) * 0.25));
    else if (event.key === '+' || event.key === '=') zoom(0.5);
    else if (event.key === '-' || event.key === '_') zoom(2);
    else if (event.key === '0') fit();
    else if (event.key === 'Home') void edge('first');
    else if (event.key === 'End') void edge('last');
    else if (event.key === 'Enter' && selected) setLocation(eventHref({ ...selected, project_id: projectId }));
    else if (event.key === 'Escape' && selected) {
      setSelected(null);
      setAnnouncement(t('timeline.selectionCleared'));
    } else handled = false;
    if (handled) event.preventDefault();
  };

  if (bands.error) return <ErrorMessage error={bands.error} onDismiss={bands.reload} />;
  if (!bands.data) return <p aria-live="polite">{t('app.loading')}</p>;

  const header = (
    <header className="tl-header">
      <h1>{t('timeline.title')}</h1>
      <p className="lede">{t('timeline.intro')}</p>
    </header>
  );

  if (bands.data.event_count === 0) {
    return (
      <div className="tl">
        {header}
        <div className="empty-state">
          <h2>{t('timeline.emptyTitle')}</h2>
          <p>{t('timeline.emptyBody')}</p>
          <p className="tl-empty__links">
            <Link href={`/projects/${projectId}/notes`}>{t('timeline.emptyNotes')}</Link>
            <Link href={`/projects/${projectId}/dialogues`}>{t('timeline.emptyDialogues')}</Link>
            <Link href={`/projects/${projectId}/reflections`}>{t('timeline.emptyReflections')}</Link>
          </p>
        </div>
      </div>
    );
  }

  const total = windowData.data?.total;
  const truncated = windowData.data?.truncated ?? false;
  const filtered = activeFilterCount(filters) > 0;
  const minimal = view ? view.end - view.start <= 86_400_000 + 1 : false;
  const maximal = view ? view.end - view.start >= widest - 1 : false;

  return (
    <div className="tl">
      {header}
      <FilterBar
        filters={filters}
        onChange={changeFilters}
        bands={bands.data}
        cycleNumbers={numbers}
        stakeholders={stakeholders.data ?? NO_STAKEHOLDERS}
        codes={codes.data ?? NO_CODES}
      />
      <ErrorMessage error={stakeholders.error ?? codes.error} />

      <div className="tl-toolbar">
        <div className="tl-toolbar__group" role="group" aria-label={t('timeline.viewAs')}>
          <button type="button" className="button button--small tl-toggle" aria-pressed={mode === 'chart'} onClick={() => setMode('chart')}>
            {t('timeline.viewChart')}
          </button>
          <button type="button" className="button button--small tl-toggle" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
            {t('timeline.viewList')}
          </button>
        </div>
        {mode === 'chart' && (
          <div className="tl-toolbar__group" role="group" aria-label={t('timeline.lanesBy')}>
            <button type="button" className="button button--small tl-toggle" aria-pressed={laneMode === 'type'} onClick={() => setLaneMode('type')}>
              {t('timeline.lanesByType')}
            </button>
            <button type="button" className="button button--small tl-toggle" aria-pressed={laneMode === 'sector'} onClick={() => setLaneMode('sector')}>
              {t('timeline.lanesBySector')}
            </button>
          </div>
        )}
        <div className="tl-toolbar__group" role="group" aria-label={t('timeline.zoom')}>
          <button type="button" className="button button--small" onClick={() => zoom(0.5)} disabled={minimal} aria-keyshortcuts="+">
            <span aria-hidden="true">+ </span>
            {t('timeline.zoomIn')}
          </button>
          <button type="button" className="button button--small" onClick={() => zoom(2)} disabled={maximal} aria-keyshortcuts="-">
            <span aria-hidden="true">− </span>
            {t('timeline.zoomOut')}
          </button>
          <button type="button" className="button button--small" onClick={fit} aria-keyshortcuts="0">
            {t('timeline.fit')}
          </button>
        </div>
        <div className="tl-toolbar__group" role="group" aria-label={t('timeline.pan')}>
          <button type="button" className="button button--small" onClick={() => changeView((v) => panView(v, -(v.end - v.start) * 0.5))} aria-label={t('timeline.earlier')}>
            ←
          </button>
          <button type="button" className="button button--small" onClick={() => changeView((v) => panView(v, (v.end - v.start) * 0.5))} aria-label={t('timeline.later')}>
            →
          </button>
        </div>
      </div>

      <div className="tl-status">
        {view && (
          <p className="tl-status__range">
            {formatDate(new Date(view.start).toISOString(), i18n.language)} – {formatDate(new Date(view.end).toISOString(), i18n.language)}
          </p>
        )}
        <p className="tl-status__count" aria-live="polite">
          {total === undefined ? t('app.loading') : t('timeline.inView', { count: total })}
          {total !== undefined && truncated && mode === 'chart' && ` ${t('timeline.densityNote')}`}
        </p>
      </div>
      <ErrorMessage error={windowData.error ?? stepError ?? (mode === 'list' ? pages.error : undefined)} onDismiss={windowData.reload} />

      <div ref={frameRef} className="tl-frame">
        {mode === 'chart' && view ? (
          <div
            className={`tl-canvas${windowData.loading ? ' is-loading' : ''}`}
            tabIndex={0}
            role="application"
            aria-roledescription={t('timeline.roleDescription')}
            aria-label={t('timeline.canvasLabel', { count: total ?? 0 })}
            aria-describedby="tl-keys"
            onKeyDown={onKeyDown}
          >
            <TimelineChart
              view={view}
              width={width}
              widest={widest}
              bands={bands.data}
              cycleNumbers={numbers}
              events={events}
              links={windowData.data?.links ?? []}
              density={truncated ? (windowData.data?.density ?? null) : null}
              laneMode={laneMode}
              selectedKey={selectedKey}
              chainKeys={chainKeys}
              onSelect={(event: TimelineEvent) => select(event, false)}
              onView={changeView}
            />
            {total === 0 && <p className="tl-canvas__empty">{filtered ? t('timeline.emptyFiltered') : t('timeline.emptyWindow')}</p>}
          </div>
        ) : mode === 'list' ? (
          total === 0 ? (
            <p className="empty-state">{filtered ? t('timeline.emptyFiltered') : t('timeline.emptyWindow')}</p>
          ) : (
            <TimelineList
              projectId={projectId}
              events={events}
              total={total ?? events.length}
              hasMore={pages.hasMore}
              loadingMore={pages.loading}
              onNeedMore={pages.loadMore}
              selectedKey={selectedKey}
              cycleName={cycleName}
              onSelect={(event) => select(event, false)}
            />
          )
        ) : null}
      </div>
      {mode === 'chart' && (
        <p id="tl-keys" className="tl-keys">
          {t('timeline.keys')}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {selected ? (
        <DetailsPanel
          projectId={projectId}
          selected={selected}
          chain={chain.data}
          chainError={chain.error}
          cycleName={cycleName}
          onSelect={(item) => select(item)}
          onClose={() => setSelected(null)}
        />
      ) : (
        <p className="tl-hint">{t('timeline.selectHint')}</p>
      )}
    </div>
  );
}
