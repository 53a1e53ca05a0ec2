import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Input, Output } from '../../../../electron/api/contract';
import type { EventType, Phase } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';
import { StakeholderMap } from '../codes/StakeholderMap';
import { cycleNumbers } from '../cycles/cycleNames';
import { eventHref } from '../events/eventHref';
import { SECTORS, type Sector } from '../stakeholders/StakeholderBits';
import { eventLabel, preview, Snippet, type SearchHit } from './Snippet';
import './search.css';
import { viewMemory } from '../../components/viewMemory';

type Result = Output<'search:query'>;
type Filters = NonNullable<Input<'search:query'>['filters']>;
type Mode = 'withness' | 'aboutness';

const PAGE = 20;
const TYPES: EventType[] = ['field_note', 'dialogue', 'turn', 'phase_entry', 'reflection'];
const PHASES: Phase[] = ['plan', 'act', 'observe', 'reflect'];
const MODES: Mode[] = ['withness', 'aboutness'];

/** One choice per filter (the API takes lists; the screen offers the common single choice). */
interface Choice {
  cycle: string;
  phase: Phase | '';
  type: EventType | '';
  stakeholder: string;
  sector: Sector | '';
  code: string;
  mode: Mode | '';
}

const NO_CHOICE: Choice = { cycle: '', phase: '', type: '', stakeholder: '', sector: '', code: '', mode: '' };

interface Saved {
  query: string;
  choice: Choice;
  offset: number;
}

const storageKey = (projectId: string) => `withness.search.${projectId}`;

/** The last search of this inquiry while the window is open (viewMemory), so coming back from a result finds it as it was. */
function readSaved(projectId: string): Saved {
  try {
    const raw = viewMemory.getItem(storageKey(projectId));
    if (raw) {
      const saved = JSON.parse(raw) as Partial<Saved>;
      return {
        query: typeof saved.query === 'string' ? saved.query : '',
        choice: { ...NO_CHOICE, ...(saved.choice ?? {}) },
        offset: typeof saved.offset === 'number' && saved.offset >= 0 ? saved.offset : 0,
      };
    }
  } catch {
    // Storage unavailable or unreadable: start afresh.
  }
  return { query: '', choice: NO_CHOICE, offset: 0 };
}

function toFilters(choice: Choice): Filters | undefined {
  const filters: Filters = {};
  if (choice.cycle) filters.cycle_ids = [choice.cycle];
  if (choice.phase) filters.phases = [choice.phase];
  if (choice.type) filters.types = [choice.type];
  if (choice.stakeholder) filters.stakeholder_ids = [choice.stakeholder];
  if (choice.sector) filters.sectors = [choice.sector];
  if (choice.code) filters.code_ids = [choice.code];
  if (choice.mode) filters.modes = [choice.mode];
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** True when a key press is typing into a field (so "/" must stay a slash). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Full-text search of an inquiry: a search box (/ or Ctrl+K focuses it), the timeline's filters, ranked
 * results with the matched words marked, paging. Arrow keys move from the box through the results; Enter
 * opens one (a turn opens inside its dialogue, at the turn).
 */
export function SearchScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const saved = useMemo(() => readSaved(projectId), [projectId]);
  const [query, setQuery] = useState(saved.query);
  const [choice, setChoice] = useState<Choice>(saved.choice);
  const [offset, setOffset] = useState(saved.offset);
  const [result, setResult] = useState<Result>();
  const [shownFor, setShownFor] = useState<{ query: string; filtered: boolean }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const ticket = useRef(0);

  const options = useQuery(
    () =>
      Promise.all([
        client.call('cycles:list', { project_id: projectId }),
        client.call('stakeholders:list', { project_id: projectId }),
        client.call('codes:list', { project_id: projectId }),
      ]).then(([cycles, stakeholders, codes]) => ({ cycles, stakeholders, codes })),
    [projectId],
  );
  const numbers = useMemo(() => cycleNumbers(options.data?.cycles ?? []), [options.data]);

  // "/" (when not typing elsewhere) and Ctrl+K / Cmd+K bring the search box back, while this screen is open.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      const commandK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
      if (!slash && !commandK) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const filters = toFilters(choice);
  const filterKey = JSON.stringify(filters ?? {});
  const words = query.trim();

  // Search as you type (debounced); a blank box with filters lists what matches them.
  useEffect(() => {
    const mine = ++ticket.current;
    try {
      viewMemory.setItem(storageKey(projectId), JSON.stringify({ query, choice, offset } satisfies Saved));
    } catch {
      // Not remembering the search is fine.
    }
    if (!words && !filters) {
      setResult(undefined);
      setShownFor(undefined);
      setLoading(false);
      setError(undefined);
      return;
    }
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const found = await client.call('search:query', { project_id: projectId, query: words, filters, limit: PAGE, offset });
        if (mine !== ticket.current) return;
        setResult(found);
        setShownFor({ query: words, filtered: filters !== undefined });
        setError(undefined);
      } catch (failure) {
        if (mine === ticket.current) setError(failure);
      } finally {
        if (mine === ticket.current) setLoading(false);
      }
    }, words ? 200 : 0);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, projectId, words, filterKey, offset]);

  const change = (next: Partial<Choice>) => {
    setChoice((current) => ({ ...current, ...next }));
    setOffset(0);
  };
  const activeFilters = Object.values(choice).filter(Boolean).length;
  const hits = result?.hits ?? [];

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>('a.search-hit__link') ?? []);
  const onInputKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      links()[0]?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = hits[0];
      if (first) navigate(eventHref(first, first.match));
    }
  };
  const onListKey = (event: ReactKeyboardEvent<HTMLOListElement>) => {
    const all = links();
    const index = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (index === -1) return;
    const move = (to: number) => {
      event.preventDefault();
      all[Math.max(0, Math.min(all.length - 1, to))]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') {
      if (index === 0) {
        event.preventDefault();
        input.current?.focus();
      } else move(index - 1);
    } else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      input.current?.focus();
    }
  };

  const stakeholders = options.data?.stakeholders ?? [];
  const codeDepth = useMemo(() => {
    const byId = new Map((options.data?.codes ?? []).map((code) => [code.id, code]));
    const depth = (codeId: string, seen = 0): number => {
      const parent = byId.get(codeId)?.parent_id;
      return parent && byId.has(parent) && seen < 20 ? 1 + depth(parent, seen + 1) : 0;
    };
    return new Map((options.data?.codes ?? []).map((code) => [code.id, depth(code.id)]));
  }, [options.data]);

  const from = (result?.hits[0]?.rank ?? 0) || offset + 1;
  const to = offset + hits.length;
  // Above the ranking bound only the newest matches are ranked, and only they can be paged through.
  const listed = result ? Math.min(result.total, result.ranked_among ?? result.total) : 0;
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const statusText = loading
    ? t('search.searching')
    : result
      ? result.total > 0
        ? t('search.resultCount', { count: result.total })
        : ''
      : '';

  return (
    <div className="search">
      <h1>{t('search.title')}</h1>
      <p className="lede">{t('search.intro')}</p>
      <form role="search" className="search__form" onSubmit={(event) => event.preventDefault()}>
        <div className="field search__box">
          <label htmlFor={`${id}-q`}>{t('search.label')}</label>
          <input
            id={`${id}-q`}
            ref={input}
            type="search"
            autoComplete="off"
            spellCheck={false}
            maxLength={1000}
            placeholder={t('search.placeholder')}
            aria-describedby={`${id}-help`}
            // Only while the results list exists (an id that points at nothing is invalid ARIA).
            aria-controls={result && result.total > 0 ? `${id}-results` : undefined}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setOffset(0);
            }}
            onKeyDown={onInputKey}
          />
          <p id={`${id}-help`} className="search__help">
            {t('search.shortcut')}
          </p>
        </div>
        <fieldset className="search__filters">
          <legend>{activeFilters > 0 ? t('search.filtersActive', { count: activeFilters }) : t('search.filters')}</legend>
          <FilterSelect id={`${id}-cycle`} label={t('search.cycle')} value={choice.cycle} onChange={(cycle) => change({ cycle })}>
            {(options.data?.cycles ?? []).map((cycle) => (
              <option key={cycle.id} value={cycle.id}>
                {cycle.title
                  ? t('search.cycleOptionTitled', { number: numbers.get(cycle.id), title: cycle.title })
                  : t('search.cycleOption', { number: numbers.get(cycle.id) })}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-phase`} label={t('search.phase')} value={choice.phase} onChange={(phase) => change({ phase: phase as Phase | '' })}>
            {PHASES.map((phase) => (
              <option key={phase} value={phase}>
                {t(`phases.${phase}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-type`} label={t('search.type')} value={choice.type} onChange={(type) => change({ type: type as EventType | '' })}>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`events.${type}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-person`} label={t('search.stakeholder')} value={choice.stakeholder} onChange={(stakeholder) => change({ stakeholder })}>
            {SECTORS.filter((sector) => stakeholders.some((person) => person.sector === sector)).map((sector) => (
              <optgroup key={sector} label={t(`stakeholders.sector_${sector}`)}>
                {stakeholders
                  .filter((person) => person.sector === sector)
                  .map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.pseudonym}
                    </option>
                  ))}
              </optgroup>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-sector`} label={t('search.sector')} value={choice.sector} onChange={(sector) => change({ sector: sector as Sector | '' })}>
            {SECTORS.map((sector) => (
              <option key={sector} value={sector}>
                {t(`stakeholders.sector_${sector}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-code`} label={t('search.code')} value={choice.code} onChange={(code) => change({ code })}>
            {(options.data?.codes ?? []).map((code) => (
              <option key={code.id} value={code.id}>
                {`${'\u2003'.repeat(codeDepth.get(code.id) ?? 0)}${code.name}`}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id={`${id}-mode`} label={t('search.mode')} value={choice.mode} onChange={(mode) => change({ mode: mode as Mode | '' })}>
            {MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`search.mode_${mode}`)}
              </option>
            ))}
          </FilterSelect>
          {activeFilters > 0 && (
            <button type="button" className="button button--small button--quiet search__clear" onClick={() => change(NO_CHOICE)}>
              {t('search.clearFilters')}
            </button>
          )}
        </fieldset>
      </form>
      <ErrorMessage error={error ?? options.error} />
      <p className="search__status" role="status" aria-live="polite">
        {statusText}
      </p>

      {!result && !loading && !error && (
        <>
          <div className="empty-state search__empty">
            <h2>{t('search.typeToSearch')}</h2>
            <p>{t('search.typeToSearchHint')}</p>
          </div>
          {/* Where to start when one does not know what to type: a cell filters by that person and cycle. */}
          <StakeholderMap
            projectId={projectId}
            onSelect={(cell) => {
              change({ ...NO_CHOICE, stakeholder: cell.stakeholderId, cycle: cell.cycleId ?? '' });
              input.current?.focus();
            }}
          />
        </>
      )}
      {result && !loading && result.total === 0 && shownFor && (
        <div className="empty-state search__empty">
          {result.nothing_to_search ? (
            <>
              <h2>{t('search.nothingToSearch', { query: shownFor.query })}</h2>
              <p>{t('search.nothingToSearchHint')}</p>
            </>
          ) : (
            <>
              <h2>{shownFor.query ? t('search.noResults', { query: shownFor.query }) : t('search.noResultsFiltered')}</h2>
              <p>{t('search.noResultsHint')}</p>
              {activeFilters > 0 && (
                <button type="button" className="button button--small" onClick={() => change(NO_CHOICE)}>
                  {t('search.clearFilters')}
                </button>
              )}
            </>
          )}
        </div>
      )}

      {result && result.total > 0 && (
        <section aria-labelledby={`${id}-results-heading`} className="search__results" aria-busy={loading}>
          <h2 id={`${id}-results-heading`} className="visually-hidden">
            {t('search.results')}
          </h2>
          {shownFor && !shownFor.query && <p className="search__browsing">{t('search.browsing')}</p>}
          {result.ranked_among !== null && (
            <p className="search__bounded">
              {t(result.total_is_estimate ? 'search.rankedAmongAbout' : 'search.rankedAmong', { ranked: number(result.ranked_among), total: number(result.total) })}
            </p>
          )}
          <ol id={`${id}-results`} ref={list} className="search-hits" onKeyDown={onListKey}>
            {hits.map((hit) => (
              <Hit key={`${hit.type}:${hit.id}`} hit={hit} id={`${id}-hit-${hit.rank}`} cycleNumber={hit.cycle_id ? numbers.get(hit.cycle_id) : undefined} language={i18n.language} />
            ))}
          </ol>
          {listed > PAGE && (
            <nav className="search__pages" aria-label={t('search.results')}>
              <button type="button" className="button button--small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                ← {t('search.previous')}
              </button>
              <span>{t('search.range', { from, to, total: listed })}</span>
              <button type="button" className="button button--small" disabled={to >= listed} onClick={() => setOffset(offset + PAGE)}>
                {t('search.next')} →
              </button>
            </nav>
          )}
        </section>
      )}
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={`field search__filter${value ? ' search__filter--set' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('search.any')}</option>
        {children}
      </select>
    </div>
  );
}

function Hit({ hit, id, cycleNumber, language }: { hit: SearchHit; id: string; cycleNumber?: string; language: string }) {
  const { t } = useTranslation();
  const facts = [formatDate(hit.occurred_at, language)];
  if (cycleNumber) facts.push(t('search.inCycle', { number: cycleNumber }));
  if (hit.phase) facts.push(t(`phases.${hit.phase}`));
  const hasSnippet = hit.snippet.length > 0;
  return (
    <li className={`search-hit search-hit--${hit.type}`}>
      <p className="search-hit__meta">
        <span className={`search-type search-type--${hit.type}`}>{t(`events.${hit.type}`)}</span>
        <span>{facts.join(' · ')}</span>
      </p>
      <Link href={eventHref(hit, hit.match)} className="search-hit__link" aria-describedby={`${id}-snippet`}>
        {eventLabel(hit, t(`events.${hit.type}`))}
      </Link>
      {hasSnippet ? (
        <Snippet parts={hit.snippet} className="search-hit__snippet" id={`${id}-snippet`} />
      ) : (
        <span className="search-hit__snippet" id={`${id}-snippet`}>
          {preview(hit.text)}
        </span>
      )}
      {hasSnippet && hit.match === null && <span className="search-hit__where">{t('search.matchInTitle')}</span>}
    </li>
  );
}
