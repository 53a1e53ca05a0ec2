import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { eventHref } from '../events/eventHref';
import type { Chain, Selected } from './timelineTypes';

type ChainItem = Chain['targets'][number];

interface Props {
  projectId: string;
  selected: Selected;
  chain: Chain | undefined;
  chainError: unknown;
  cycleName: (cycleId: string | null) => string | null;
  onSelect: (item: ChainItem) => void;
  onClose: () => void;
}

/** The selected event: what, when, where in the spiral, a link to open it, and its chain of prompts. */
export function DetailsPanel({ projectId, selected, chain, chainError, cycleName, onSelect, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const event = chain && chain.event.id === selected.id ? { ...selected, ...chain.event } : selected;
  const cycle = cycleName(event.cycle_id);
  return (
    <section className="tl-details" aria-labelledby="tl-details-title">
      <div className="tl-details__main">
        <p className="tl-details__kind">
          <span className={`tl-kind-glyph tl-kind-glyph--${event.type}`} aria-hidden="true" />
          {t(`events.${event.type}`)}
        </p>
        <h2 id="tl-details-title" className="tl-details__title">
          {event.label || t('timeline.untitled')}
        </h2>
        <p className="tl-details__meta">
          <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, i18n.language)}</time>
          {cycle && <span>{cycle}</span>}
          {event.phase && <span className={`tl-phase-badge tl-phase-badge--${event.phase}`}>{t(`phases.${event.phase}`)}</span>}
        </p>
        <div className="tl-details__actions">
          <Link className="button button--primary button--small" href={eventHref({ ...event, project_id: projectId })} aria-label={t('timeline.openNamed', { label: event.label || t('timeline.untitled') })}>
            {t('timeline.open')}
          </Link>
          <button type="button" className="button button--small" onClick={onClose}>
            {t('timeline.clearSelection')}
          </button>
        </div>
      </div>
      <ErrorMessage error={chainError} />
      {chain && chain.event.id === selected.id && (
        <div className="tl-details__chain">
          {selected.type === 'reflection' && (
            <ChainList title={t('timeline.promptedBy')} empty={t('timeline.promptedByNone')} items={chain.targets} projectId={projectId} onSelect={onSelect} />
          )}
          {(selected.type !== 'reflection' || chain.reflections.length > 0) && (
            <ChainList title={t('timeline.prompted')} empty={t('timeline.promptedNone')} items={chain.reflections} projectId={projectId} onSelect={onSelect} />
          )}
        </div>
      )}
    </section>
  );
}

function ChainList({ title, empty, items, projectId, onSelect }: { title: string; empty: string; items: ChainItem[]; projectId: string; onSelect: (item: ChainItem) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="tl-chain">
      <h3 className="tl-chain__title">{title}</h3>
      {items.length === 0 ? (
        <p className="tl-chain__empty">{empty}</p>
      ) : (
        <ul className="tl-chain__list">
          {items.map((item, index) => (
            <li key={`${item.type}-${item.id}-${index}`} className="tl-chain__item">
              <span className={`tl-kind-glyph tl-kind-glyph--${item.type}`} aria-hidden="true" />
              <div className="tl-chain__body">
                <p className="tl-chain__meta">
                  {t(`events.${item.type}`)} · <time dateTime={item.occurred_at}>{formatDateTime(item.occurred_at, i18n.language)}</time>
                </p>
                <p className="tl-chain__label">{item.label || t('timeline.untitled')}</p>
                {item.excerpt_text && <blockquote className="tl-chain__quote">{item.excerpt_text}</blockquote>}
                {item.comment && <p className="tl-chain__comment">{item.comment}</p>}
              </div>
              <div className="tl-chain__actions">
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onSelect(item)}
                  aria-label={t('timeline.selectNamed', { label: item.label || t('timeline.untitled') })}
                >
                  {t('timeline.showOnTimeline')}
                </button>
                <Link className="button button--small" href={eventHref(item)} aria-label={t('timeline.openNamed', { label: item.label || t('timeline.untitled') })}>
                  {t('timeline.open')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
