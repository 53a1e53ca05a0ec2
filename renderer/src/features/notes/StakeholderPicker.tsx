import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';

type Stakeholder = Output<'stakeholders:list'>[number];

/**
 * "Stakeholders involved": a list of checkboxes by pseudonym (never the real name), with a filter
 * when the directory is long. Tab reaches the list, Space ticks, arrow keys are not needed.
 */
export function StakeholderPicker({
  stakeholders,
  value,
  onChange,
}: {
  stakeholders: Stakeholder[];
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const chosen = new Set(value);
  const needle = query.trim().toLocaleLowerCase();
  const visible = needle
    ? stakeholders.filter((person) => `${person.pseudonym} ${person.organisation} ${person.role}`.toLocaleLowerCase().includes(needle))
    : stakeholders;
  // Chosen people first, so who was there is visible at a glance.
  const ordered = [...visible.filter((person) => chosen.has(person.id)), ...visible.filter((person) => !chosen.has(person.id))];

  function toggle(personId: string, on: boolean) {
    onChange(on ? [...value, personId] : value.filter((other) => other !== personId));
  }

  return (
    <fieldset className="stakeholder-picker">
      <legend>
        {t('notes.stakeholdersLegend')}
        {value.length > 0 && <span className="stakeholder-picker__count">{t('notes.stakeholdersChosen', { count: value.length })}</span>}
      </legend>
      {stakeholders.length === 0 ? (
        <p className="stakeholder-picker__empty">{t('notes.stakeholdersNone')}</p>
      ) : (
        <>
          {stakeholders.length > 6 && (
            <div className="field field--compact">
              <label htmlFor={`${id}-filter`}>{t('notes.stakeholdersFilter')}</label>
              <input id={`${id}-filter`} type="search" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
            </div>
          )}
          {ordered.length === 0 ? (
            <p className="stakeholder-picker__empty">{t('notes.stakeholdersNoMatch', { query: query.trim() })}</p>
          ) : (
            <ul className="stakeholder-picker__list">
              {ordered.map((person) => (
                <li key={person.id}>
                  <label className="stakeholder-picker__option">
                    <input type="checkbox" checked={chosen.has(person.id)} onChange={(event) => toggle(person.id, event.target.checked)} />
                    <span className="stakeholder-picker__name">{person.pseudonym}</span>
                    {(person.organisation || person.role) && (
                      <span className="stakeholder-picker__detail">{[person.role, person.organisation].filter(Boolean).join(', ')}</span>
                    )}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}
