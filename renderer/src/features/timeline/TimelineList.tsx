import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../../format';
import { eventHref } from '../events/eventHref';
import { eventKey, type TimelineEvent } from './timelineTypes';

interface Props {
  projectId: string;
  events: TimelineEvent[];
  selectedKey: string | null;
  cycleName: (cycleId: string | null) => string | null;
  onSelect: (event: TimelineEvent) => void;
}

/** The same events as the picture, as a list a screen reader can walk; only the rows in view are rendered. */
export function TimelineList({ projectId, events, selectedKey, cycleName, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
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

  return (
    <div ref={scrollRef} className="tl-list">
      <ul className="tl-list__items" aria-label={t('timeline.listLabel')} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const event = events[row.index]!;
          const key = eventKey(event);
          const cycle = cycleName(event.cycle_id);
          return (
            <li
              key={key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className={key === selectedKey ? 'tl-list__row is-selected' : 'tl-list__row'}
              aria-setsize={events.length}
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
