import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phase } from '../../../../electron/api/schemas';
import { PHASES } from './cycleNames';

/**
 * The four phases as tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between them and
 * select; the panel follows. The cycle's current phase carries a mark.
 */
export function PhaseTabs({
  idBase,
  selected,
  current,
  counts,
  onSelect,
  children,
}: {
  idBase: string;
  selected: Phase;
  current: Phase;
  counts: Record<Phase, number>;
  onSelect: (phase: Phase) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const tabs = useRef<Partial<Record<Phase, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const index = PHASES.indexOf(selected);
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? PHASES[(index + 1) % PHASES.length]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? PHASES[(index + PHASES.length - 1) % PHASES.length]
          : event.key === 'Home'
            ? PHASES[0]
            : event.key === 'End'
              ? PHASES[PHASES.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    tabs.current[next]?.focus();
  }

  return (
    <div className="phase-tabs">
      <div role="tablist" aria-label={t('cycles.phasesLabel')} className="phase-tabs__list">
        {PHASES.map((phase) => (
          <button
            key={phase}
            ref={(element) => {
              tabs.current[phase] = element;
            }}
            type="button"
            role="tab"
            id={`${idBase}-tab-${phase}`}
            aria-controls={`${idBase}-panel`}
            aria-selected={phase === selected}
            tabIndex={phase === selected ? 0 : -1}
            className={`phase-tab phase-tab--${phase}${phase === current ? ' phase-tab--current' : ''}`}
            onClick={() => onSelect(phase)}
            onKeyDown={onKeyDown}
          >
            <span className="phase-tab__name">{t(`phases.${phase}`)}</span>
            <span className="phase-tab__count">{t('cycles.entryCount', { count: counts[phase] })}</span>
            {phase === current && (
              <span className="phase-tab__current">
                <span aria-hidden="true">●</span>
                <span className="visually-hidden"> ({t('cycles.currentMark')})</span>
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${idBase}-panel`}
        aria-labelledby={`${idBase}-tab-${selected}`}
        className={`phase-panel phase-panel--${selected}`}
      >
        {children}
      </div>
    </div>
  );
}
