import { useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { SectorTag, type Stakeholder } from '../stakeholders/StakeholderBits';

/** How many matches the picker shows at once, however large the directory. */
export const SEARCH_LIMIT = 8;

/** Text folded for matching: without accents ("Åse" → "ase", "Zoë" → "zoe") and in lower case. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase();
}

/** The candidates whose pseudonym contains the query: those starting with it first, then alphabetically. */
export function searchStakeholders(candidates: readonly Stakeholder[], query: string): Stakeholder[] {
  const needle = foldForSearch(query.trim());
  const scored: { person: Stakeholder; starts: boolean }[] = [];
  for (const person of candidates) {
    const name = foldForSearch(person.pseudonym);
    const at = needle ? name.indexOf(needle) : 0;
    if (at >= 0) scored.push({ person, starts: at === 0 });
  }
  return scored
    .sort((a, b) => Number(b.starts) - Number(a.starts) || a.person.pseudonym.localeCompare(b.person.pseudonym))
    .map((entry) => entry.person);
}

/**
 * Search-as-you-type for a stakeholder (an ARIA combobox with a listbox): type part of a pseudonym, accents and
 * case ignored; at most {@link SEARCH_LIMIT} matches show. ↑/↓ move through them and Enter adds the highlighted one;
 * focus stays in the text box throughout, and a live line says how many match.
 */
export function StakeholderSearch({
  id,
  label,
  candidates,
  emptyText,
  onAdd,
  inputRef,
}: {
  id: string;
  label: string;
  /** Who can still be added. */
  candidates: readonly Stakeholder[];
  /** Said instead of a count when there is no one left to add. */
  emptyText: string;
  /** Adds the person; resolves to whether it worked (the query is cleared if so). */
  onAdd: (person: Stakeholder) => boolean | Promise<boolean>;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => searchStakeholders(candidates, query), [candidates, query]);
  const shown = matches.slice(0, SEARCH_LIMIT);
  const activeIndex = shown.length === 0 ? -1 : Math.min(active, shown.length - 1);
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  async function add(person: Stakeholder) {
    if (await onAdd(person)) {
      setQuery('');
      setActive(0);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (shown.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + shown.length) % shown.length);
    } else if (event.key === 'Enter') {
      // Enter adds the highlighted match; it never submits a surrounding form.
      event.preventDefault();
      const person = shown[activeIndex];
      if (person) void add(person);
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
      setActive(0);
    }
  }

  const status =
    candidates.length === 0
      ? emptyText
      : matches.length === 0
        ? t('dialogues.searchNoMatches', { query: query.trim() })
        : matches.length > shown.length
          ? t('dialogues.searchMoreMatches', { count: matches.length, shown: shown.length })
          : t('dialogues.searchMatches', { count: matches.length });

  return (
    <div className="stakeholder-search">
      <div className="field">
        <label id={`${id}-label`} htmlFor={inputId}>
          {label}
        </label>
        <input
          id={inputId}
          ref={inputRef}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={shown.length > 0}
          aria-controls={shown.length > 0 ? listId : undefined}
          aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
          aria-describedby={`${id}-hint ${id}-status`}
          disabled={candidates.length === 0}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <p id={`${id}-hint`} className="stakeholder-search__hint">
          {t('dialogues.searchHint')}
        </p>
      </div>
      <p id={`${id}-status`} className="stakeholder-search__status" aria-live="polite">
        {status}
      </p>
      {shown.length > 0 && (
        <ul id={listId} role="listbox" aria-labelledby={`${id}-label`} className="stakeholder-search__options">
          {shown.map((person, index) => (
            // The options are clicked, never focused: the keyboard stays in the text box (aria-activedescendant).
            <li
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={`stakeholder-search__option${index === activeIndex ? ' stakeholder-search__option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => void add(person)}
            >
              <span className="stakeholder-search__name">{person.pseudonym}</span> <SectorTag sector={person.sector} />
              {person.organisation ? <span className="stakeholder-search__organisation"> · {person.organisation}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
