import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../../format';
import { eventHref } from '../events/eventHref';
import { eventKey, type TimelineEvent } from './timelineTypes';

interface Props {
  projectId: string;
  /** The events loaded so far, in order: the window's first pages. */
  events: TimelineEvent[];
  /** How many events the window holds in all (loaded or not). */
  total: number;
  /** Whether more pages follow the loaded events. */
  hasMore: boolean;
  loadingMore: boolean;
  /** Asks for the next page (ignored while one is loading). */
  onNeedMore: () => void;
  selectedKey: string | null;
  cycleName: (cycleId: string | null) => string | null;
  onSelect: (event: TimelineEvent) => void;
}

/** Ask for the next page when the rows in view come this close to the last loaded one. */
const NEAR_END = 40;

/**
 * The same events as the picture, as a list a screen reader can walk; only the rows in view are rendered, and the
 * window's events are loaded page by page as the list scrolls towards the end of what is loaded. Each row tells
 * its place among all the window's events (aria-posinset of aria-setsize).
 */
export function TimelineList({ projectId, events, total, hasMore, loadingMore, onNeedMore, selectedKey, cycleName, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    // One more row while pages follow: it says how many are loaded and loads the next page.
    count: events.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    overscan: 8,
    initialRect: { width: 800, height: 560 },
    // Before layout (or where nothing is laid out) the list still renders a first screenful.
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : { width: rect.width || 800, height: 560 })),
  });
  const selectedIndex = selectedKey ? events.findIndex((event) => eventKey(event) === selectedKey) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  const rows = virtualizer.getVirtualItems();
  const lastInView = rows.length > 0 ? rows[rows.length - 1]!.index : -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastInView >= events.length - NEAR_END) onNeedMore();
  }, [hasMore, loadingMore, lastInView, events.length, onNeedMore]);
  const setSize = Math.max(total, events.length);

  return (
    <div ref={scrollRef} className="tl-list">
      <ul className="tl-list__items" aria-label={t('timeline.listLabel')} style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const event = events[row.index];
          if (!event) {
            return (
              <li
                key="more"
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="tl-list__row tl-list__more"
                aria-busy={loadingMore}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <span className="tl-list__meta">{t('timeline.listLoaded', { loaded: events.length, count: setSize })}</span>
                <button type="button" className="button button--small" onClick={onNeedMore} disabled={loadingMore}>
                  {loadingMore ? t('timeline.listLoadingMore') : t('timeline.listLoadMore')}
                </button>
              </li>
            );
          }
          const key = eventKey(event);
          const cycle = cycleName(event.cycle_id);
          return (
            <li
              key={key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className={key === selectedKey ? 'tl-list__row is-selected' : 'tl-list__row'}
              aria-setsize={setSize}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <span className={`tl-kind-glyph tl-kind-glyph--${event.type} tl-kind-glyph--${event.phase ?? 'none'}`} aria-hidden="true" />
              <button type="button" className="tl-list__select" aria-pressed={key === selectedKey} onClick={() => onSelect(event)}>
                <span className="tl-list__meta">
                  <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, i18n.language)}</time>
                  {' · '}
                  {t(`events.${event.type}`)}
                  {event.phase ? ` · ${t(`phases.${event.phase}`)}` : ''}
                  {cycle ? ` · ${cycle}` : ''}
                </span>
                <span className="tl-list__label">{event.label || t('timeline.untitled')}</span>
              </button>
              <Link className="tl-list__open" href={eventHref({ ...event, project_id: projectId })} aria-label={t('timeline.openNamed', { label: event.label || t('timeline.untitled') })}>
                {t('timeline.open')}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
