import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import type { EventRef, EventType } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';
import { passageFromSelection, textareaValue, type Passage } from './codePoints';

type Hit = Output<'events:search'>[number];
type Item = EventRef & { snippet?: Hit['snippet'] };

const TYPES: EventType[] = ['field_note', 'dialogue', 'turn', 'phase_entry', 'reflection'];
const PAGE = 30;

/**
 * Finds an event to cite (search as you type, or browse by kind, newest first), shows its full text,
 * and links the whole event or a selected passage to the reflection. Keyboard: type, arrow keys, Enter;
 * then Tab into the text and select with Shift and the arrow keys.
 */
export function EvidencePicker({
  projectId,
  reflectionId,
  onAdded,
  onClose,
}: {
  projectId: string;
  reflectionId: string;
  onAdded: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<EventRef>();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<EventType | ''>('');
  return (
    <section
      className="picker card"
      aria-labelledby="picker-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="picker__top">
        <h3 id="picker-heading">{t('reflections.pickerHeading')}</h3>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('reflections.closePicker')}
        </button>
      </div>
      {chosen ? (
        <ChosenEvent event={chosen} reflectionId={reflectionId} onBack={() => setChosen(undefined)} onAdded={onAdded} />
      ) : (
        <Finder
          projectId={projectId}
          reflectionId={reflectionId}
          query={query}
          onQuery={setQuery}
          type={type}
          onType={setType}
          onChoose={setChosen}
        />
      )}
    </section>
  );
}

function Finder({
  projectId,
  reflectionId,
  query,
  onQuery,
  type,
  onType,
  onChoose,
}: {
  projectId: string;
  reflectionId: string;
  query: string;
  onQuery: (query: string) => void;
  type: EventType | '';
  onType: (type: EventType | '') => void;
  onChoose: (event: EventRef) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const listId = useId();
  const helpId = useId();
  const [items, setItems] = useState<Item[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);
  const [searched, setSearched] = useState('');
  const request = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
  }, []);

  // Search as you type (debounced); with an empty box, browse the newest events.
  useEffect(() => {
    const ticket = ++request.current;
    const words = query.trim();
    setLoading(true);
    const timer = setTimeout(
      async () => {
        try {
          const types = type ? [type] : undefined;
          const found: Item[] = words
            ? await client.call('events:search', { project_id: projectId, query: words, types, limit: 50 })
            : await client.call('events:browse', { project_id: projectId, type: type || undefined, limit: PAGE });
          if (ticket !== request.current) return;
          setItems(found.filter((item) => !(item.type === 'reflection' && item.id === reflectionId)));
          setMore(!words && found.length === PAGE);
          setSearched(words);
          setActive(0);
          setError(undefined);
        } catch (failure) {
          if (ticket === request.current) setError(failure);
        } finally {
          if (ticket === request.current) setLoading(false);
        }
      },
      words ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [client, projectId, reflectionId, query, type]);

  const loadOlder = async () => {
    const last = items.at(-1);
    if (!last) return;
    try {
      const older = await client.call('events:browse', {
        project_id: projectId,
        type: type || undefined,
        limit: PAGE,
        before: last.occurred_at,
        before_id: last.id,
      });
      setItems((current) => [...current, ...older.filter((item) => !(item.type === 'reflection' && item.id === reflectionId))]);
      setMore(older.length === PAGE);
    } catch (failure) {
      setError(failure);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (items.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, items.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Home' && event.ctrlKey) {
      setActive(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      setActive(items.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = items[active];
      if (item) onChoose(item);
    }
  };

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div className="picker__finder">
      <div className="picker__controls">
        <div className="field picker__search">
          <label htmlFor={`${listId}-q`}>{t('reflections.searchLabel')}</label>
          <input
            id={`${listId}-q`}
            ref={input}
            type="search"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={items.length > 0 ? optionId(active) : undefined}
            aria-describedby={helpId}
            autoComplete="off"
            placeholder={t('reflections.searchPlaceholder')}
            value={query}
            onChange={(event) => onQuery(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <p id={helpId} className="picker__help">
            {t('reflections.searchHelp')}
          </p>
        </div>
        <div className="field picker__type">
          <label htmlFor={`${listId}-type`}>{t('reflections.browseType')}</label>
          <select id={`${listId}-type`} value={type} onChange={(event) => onType(event.target.value as EventType | '')}>
            <option value="">{t('reflections.browseAll')}</option>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`events.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {loading ? t('reflections.searching') : t('reflections.resultCount', { count: items.length })}
      </p>
      {!loading && items.length === 0 && !error && (
        <p className="picker__empty">{searched ? t('reflections.noHits', { query: searched }) : t('reflections.noEvents')}</p>
      )}
      <ul id={listId} role="listbox" aria-label={t('reflections.resultsLabel')} className="picker__results" aria-busy={loading}>
        {items.map((item, index) => (
          <li
            key={`${item.type}:${item.id}`}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={`picker__result${index === active ? ' picker__result--active' : ''}`}
            onMouseEnter={() => setActive(index)}
            onClick={() => onChoose(item)}
          >
            <span className="picker__result-meta">
              <span className={`event-type event-type--${item.type}`}>{t(`events.${item.type}`)}</span>
              <span className="picker__date">{formatDate(item.occurred_at, i18n.language)}</span>
            </span>
            <span className="picker__label">{item.label || t(`events.${item.type}`)}</span>
            {item.snippet && item.snippet.length > 0 && (
              <span className="picker__snippet">
                {item.snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
              </span>
            )}
          </li>
        ))}
      </ul>
      {more && (
        <button type="button" className="button button--small" onClick={loadOlder}>
          {t('reflections.showOlder')}
        </button>
      )}
    </div>
  );
}

function ChosenEvent({
  event,
  reflectionId,
  onBack,
  onAdded,
}: {
  event: EventRef;
  reflectionId: string;
  onBack: () => void;
  onAdded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const ids = useId();
  const [full, setFull] = useState<EventRef>(event);
  const [passage, setPassage] = useState<Passage>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  // Not `readOnly`: browsers do not move a caret through read-only text with the arrow keys, so
  // keyboard users could not select. Instead every edit is refused before it happens.
  const textArea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const area = textArea.current;
    if (!area) return;
    const refuse = (event: Event) => event.preventDefault();
    area.addEventListener('beforeinput', refuse);
    return () => area.removeEventListener('beforeinput', refuse);
  }, [full.text]);

  // The freshest full text: passages are checked against the event's current text.
  useEffect(() => {
    heading.current?.focus();
    let cancelled = false;
    client.call('events:get', { type: event.type, id: event.id }).then(
      (fresh) => !cancelled && setFull(fresh),
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [client, event.type, event.id]);

  const readSelection = (area: HTMLTextAreaElement) => setPassage(passageFromSelection(full.text, area.selectionStart, area.selectionEnd));

  const add = async (withPassage: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('links:add', {
        reflection_id: reflectionId,
        target_type: full.type,
        target_id: full.id,
        excerpt: withPassage && passage ? passage : undefined,
        comment: comment.trim() || undefined,
      });
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="picker__chosen">
      <button type="button" className="button button--quiet picker__back" onClick={onBack}>
        ← {t('reflections.backToResults')}
      </button>
      <h4 ref={heading} tabIndex={-1} className="picker__chosen-title">
        {full.label || t(`events.${full.type}`)}
      </h4>
      <p className="picker__result-meta">
        <span className={`event-type event-type--${full.type}`}>{t(`events.${full.type}`)}</span>
        <span className="picker__date">{formatDate(full.occurred_at, i18n.language)}</span>
      </p>
      {full.text ? (
        <div className="field">
          <label htmlFor={`${ids}-text`}>{t('reflections.passageLabel')}</label>
          <textarea
            id={`${ids}-text`}
            ref={textArea}
            className="picker__text"
            aria-readonly="true"
            spellCheck={false}
            value={textareaValue(full.text)}
            onChange={() => {
              // The text is not editable here; the controlled value puts back anything that slipped through.
            }}
            onDrop={(e) => e.preventDefault()}
            rows={Math.min(14, Math.max(4, Math.ceil(full.text.length / 60) + textareaValue(full.text).split('\n').length))}
            onSelect={(e) => readSelection(e.currentTarget)}
            onKeyUp={(e) => readSelection(e.currentTarget)}
            onMouseUp={(e) => readSelection(e.currentTarget)}
          />
        </div>
      ) : (
        <p>{t('reflections.noText')}</p>
      )}
      <div className="picker__selection" aria-live="polite">
        {passage ? (
          <>
            <p className="eyebrow">{t('reflections.selectedPassage')}</p>
            <blockquote className="picker__quote">{passage.text}</blockquote>
          </>
        ) : (
          <p className="picker__help">{t('reflections.noSelection')}</p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-comment`}>{t('reflections.linkComment')}</label>
        <input
          id={`${ids}-comment`}
          type="text"
          maxLength={5000}
          placeholder={t('reflections.linkCommentPlaceholder')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      <div className="picker__actions">
        <button type="button" className="button button--primary" disabled={busy || !passage} onClick={() => add(true)}>
          {t('reflections.linkPassage')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => add(false)}>
          {t('reflections.linkWhole')}
        </button>
      </div>
    </div>
  );
}
