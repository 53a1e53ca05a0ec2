import { memo, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import type { Phase } from '../../../../electron/api/schemas';
import { activeFilterCount, EVENT_TYPES, SECTORS, type TimelineFilters } from './timelineTypes';

type Bands = Output<'timeline:bands'>;
type Stakeholder = Output<'stakeholders:list'>[number];
type Code = Output<'codes:list'>[number];

const PHASES: Phase[] = ['plan', 'act', 'observe', 'reflect'];
const MODES = ['withness', 'aboutness'] as const;

interface Props {
  filters: TimelineFilters;
  onChange: (filters: TimelineFilters) => void;
  bands: Bands | undefined;
  cycleNumbers: Map<string, string>;
  stakeholders: Stakeholder[];
  codes: Code[];
}

function toggle<T>(list: readonly T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
}

/** Codes in tree order with their depth, for an indented list. */
function codeTree(codes: Code[]): { code: Code; depth: number }[] {
  const children = new Map<string | null, Code[]>();
  for (const code of codes) children.set(code.parent_id, [...(children.get(code.parent_id) ?? []), code]);
  const known = new Set(codes.map((code) => code.id));
  const out: { code: Code; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const code of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ code, depth });
      if (depth < 10) walk(code.id, depth + 1);
    }
  };
  walk(null, 0);
  // Codes whose parent is gone still show, at the top level.
  for (const code of codes) if (code.parent_id && !known.has(code.parent_id)) out.push({ code, depth: 0 });
  return out;
}

/**
 * What the timeline shows: words, cycle, people, codes, and chips for kinds, phases, sectors and modes.
 * Memoised: the large inquiry has 500 people in its list, and the screen renders several times while it opens.
 */
export const FilterBar = memo(function FilterBar({ filters, onChange, bands, cycleNumbers, stakeholders, codes }: Props) {
  const { t } = useTranslation();
  // Each sector's name once, not once per person.
  const sectorNames = useMemo(() => new Map(SECTORS.map((sector) => [sector, t(`stakeholders.sector_${sector}`)])), [t]);
  const id = useId();
  const set = (change: Partial<TimelineFilters>) => onChange({ ...filters, ...change });
  const count = activeFilterCount(filters);
  const one = (values: readonly string[] | undefined) => (values && values.length === 1 ? values[0]! : '');

  return (
    <section className="tl-filters" aria-labelledby={`${id}-heading`}>
      <div className="tl-filters__head">
        <h2 id={`${id}-heading`} className="tl-filters__heading">
          {t('timeline.filters')}
        </h2>
        {count > 0 && (
          <button type="button" className="button button--small" onClick={() => onChange({})}>
            {t('timeline.clearFilters', { count })}
          </button>
        )}
      </div>
      <div className="tl-filters__fields">
        <div className="tl-field tl-field--text">
          <label htmlFor={`${id}-text`}>{t('timeline.filterText')}</label>
          <input
            id={`${id}-text`}
            type="search"
            value={filters.text ?? ''}
            maxLength={500}
            placeholder={t('timeline.filterTextPlaceholder')}
            onChange={(event) => set({ text: event.target.value || undefined })}
          />
        </div>
        <div className="tl-field">
          <label htmlFor={`${id}-cycle`}>{t('timeline.filterCycle')}</label>
          <select id={`${id}-cycle`} value={one(filters.cycle_ids)} onChange={(event) => set({ cycle_ids: event.target.value ? [event.target.value] : undefined })}>
            <option value="">{t('timeline.allCycles')}</option>
            {(bands?.cycles ?? []).map((cycle) => (
              <option key={cycle.id} value={cycle.id}>
                {t('timeline.cycleOption', { number: cycleNumbers.get(cycle.id) ?? cycle.ordinal, title: cycle.title || t('timeline.untitledCycle') })}
              </option>
            ))}
          </select>
        </div>
        <div className="tl-field">
          <label htmlFor={`${id}-stakeholder`}>{t('timeline.filterStakeholder')}</label>
          <select
            id={`${id}-stakeholder`}
            value={one(filters.stakeholder_ids)}
            onChange={(event) => set({ stakeholder_ids: event.target.value ? [event.target.value] : undefined })}
          >
            <option value="">{t('timeline.allStakeholders')}</option>
            {stakeholders.map((person) => (
              <option key={person.id} value={person.id}>
                {person.pseudonym} ({sectorNames.get(person.sector) ?? t(`stakeholders.sector_${person.sector}`)})
              </option>
            ))}
          </select>
        </div>
        <div className="tl-field">
          <label htmlFor={`${id}-code`}>{t('timeline.filterCode')}</label>
          <select id={`${id}-code`} value={one(filters.code_ids)} onChange={(event) => set({ code_ids: event.target.value ? [event.target.value] : undefined })}>
            <option value="">{t('timeline.allCodes')}</option>
            {codeTree(codes).map(({ code, depth }) => (
              <option key={code.id} value={code.id}>
                {'\u2003'.repeat(depth)}
                {code.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="tl-filters__chips">
        <Chips legend={t('timeline.filterTypes')} values={EVENT_TYPES} chosen={filters.types} label={(type) => t(`events.${type}`)} onToggle={(type) => set({ types: toggle(filters.types, type) })} swatch={(type) => `tl-chip__glyph tl-chip__glyph--${type}`} />
        <Chips legend={t('timeline.filterPhases')} values={PHASES} chosen={filters.phases} label={(phase) => t(`phases.${phase}`)} onToggle={(phase) => set({ phases: toggle(filters.phases, phase) })} swatch={(phase) => `tl-chip__dot tl-chip__dot--${phase}`} />
        <Chips legend={t('timeline.filterSectors')} values={SECTORS} chosen={filters.sectors} label={(sector) => t(`stakeholders.sector_${sector}`)} onToggle={(sector) => set({ sectors: toggle(filters.sectors, sector) })} />
        <Chips legend={t('timeline.filterModes')} values={MODES} chosen={filters.modes} label={(mode) => t(`reflections.mode_${mode}`)} onToggle={(mode) => set({ modes: toggle(filters.modes, mode) })} />
      </div>
    </section>
  );
});

function Chips<T extends string>({
  legend,
  values,
  chosen,
  label,
  onToggle,
  swatch,
}: {
  legend: string;
  values: readonly T[];
  chosen: readonly T[] | undefined;
  label: (value: T) => string;
  onToggle: (value: T) => void;
  swatch?: (value: T) => string;
}) {
  return (
    <fieldset className="tl-chips">
      <legend>{legend}</legend>
      {values.map((value) => {
        const on = chosen?.includes(value) ?? false;
        return (
          <label key={value} className={on ? 'tl-chip is-on' : 'tl-chip'}>
            <input type="checkbox" checked={on} onChange={() => onToggle(value)} />
            {swatch && <span className={swatch(value)} aria-hidden="true" />}
            {label(value)}
          </label>
        );
      })}
    </fieldset>
  );
}
