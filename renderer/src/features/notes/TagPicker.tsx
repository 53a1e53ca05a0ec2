import { useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { focusAfterDelete } from '../../components/focusAfterDelete';

export type Code = Output<'codes:list'>[number];

type Option = { kind: 'code'; code: Code; path: string } | { kind: 'create'; name: string };

/** "Relations › Trust": a code with the codes above it. */
function codePath(code: Code, byId: Map<string, Code>): string {
  const names = [code.name];
  let parent = code.parent_id ? byId.get(code.parent_id) : undefined;
  for (let depth = 0; parent && depth < 20; depth++) {
    names.unshift(parent.name);
    parent = parent.parent_id ? byId.get(parent.parent_id) : undefined;
  }
  return names.join(' › ');
}

export function TagChip({ code, path, onRemove }: { code: Code; path?: string; onRemove?: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="tag-chip" style={{ '--tag-color': code.color } as CSSProperties} title={path}>
      <span className="tag-chip__dot" aria-hidden="true" />
      <span className="tag-chip__name">{code.name}</span>
      {onRemove && (
        <button type="button" className="tag-chip__remove" aria-label={t('notes.removeTag', { name: code.name })} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}

/**
 * Tags (codes) of a note: coloured chips, and a combobox that finds an existing code or creates a new
 * one. Arrow keys move through the suggestions, Enter picks, Esc closes the list.
 */
export function TagPicker({
  codes,
  value,
  onChange,
  onCreate,
}: {
  codes: Code[];
  value: string[];
  onChange: (ids: string[]) => void;
  onCreate: (name: string) => Promise<Code>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const latestValue = useRef(value);
  const chipList = useRef<HTMLUListElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const removeTag = (code: Code) => {
    const buttons = [...(chipList.current?.querySelectorAll<HTMLButtonElement>('.tag-chip__remove') ?? [])];
    focusAfterDelete(buttons, chosen.indexOf(code), (button) => button, () => input.current);
    onChange(value.filter((other) => other !== code.id));
  };
  latestValue.current = value;
  const byId = new Map(codes.map((code) => [code.id, code]));
  const chosen = value.map((codeId) => byId.get(codeId)).filter((code): code is Code => code !== undefined);

  const needle = query.trim().toLocaleLowerCase();
  const options: Option[] = codes
    .filter((code) => !value.includes(code.id))
    .map((code) => ({ kind: 'code' as const, code, path: codePath(code, byId) }))
    .filter((option) => !needle || option.path.toLocaleLowerCase().includes(needle))
    .slice(0, 8);
  if (needle && !codes.some((code) => code.name.trim().toLocaleLowerCase() === needle)) options.push({ kind: 'create', name: query.trim() });
  const expanded = open && options.length > 0;
  const activeIndex = Math.min(active, options.length - 1);

  async function pick(option: Option) {
    if (busy) return;
    setError(undefined);
    // Cleared at once, so typing the next tag while this one is being created is not lost.
    setQuery('');
    setActive(0);
    if (option.kind === 'code') {
      onChange([...value, option.code.id]);
      return;
    }
    setBusy(true);
    try {
      const created = await onCreate(option.name);
      onChange([...latestValue.current, created.id]);
    } catch (failure) {
      setError(failure);
      setQuery((current) => current || option.name);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (options.length === 0 ? 0 : (Math.min(index, options.length - 1) + 1) % options.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (options.length === 0 ? 0 : (Math.min(index, options.length - 1) - 1 + options.length) % options.length));
    } else if (event.key === 'Enter') {
      if (expanded && options[activeIndex]) {
        event.preventDefault();
        void pick(options[activeIndex]);
      }
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      }
    } else if (event.key === 'Backspace' && query === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div className="tag-picker">
      <h2 className="note-editor__section-heading" id={`${id}-heading`}>
        {t('notes.tags')}
      </h2>
      {chosen.length === 0 ? (
        <p className="tag-picker__empty">{t('notes.noTags')}</p>
      ) : (
        <ul ref={chipList} className="tag-picker__chips" aria-labelledby={`${id}-heading`}>
          {chosen.map((code) => (
            <li key={code.id}>
              <TagChip code={code} path={codePath(code, byId)} onRemove={() => removeTag(code)} />
            </li>
          ))}
        </ul>
      )}
      <div className="tag-picker__combo">
        <label htmlFor={`${id}-input`} className="visually-hidden">
          {t('notes.addTag')}
        </label>
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? `${id}-option-${activeIndex}` : undefined}
          placeholder={t('notes.addTagPlaceholder')}
          value={query}
          aria-busy={busy}
          autoComplete="off"
          maxLength={200}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul id={`${id}-listbox`} role="listbox" aria-label={t('notes.tagOptions')} className="tag-picker__options" hidden={!expanded}>
          {expanded &&
            options.map((option, index) => (
              <li
                key={option.kind === 'code' ? option.code.id : 'create'}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className="tag-picker__option"
                // mousedown, not click: picking must happen before the input's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  void pick(option);
                }}
              >
                {option.kind === 'code' ? (
                  <>
                    <span className="tag-chip__dot" style={{ '--tag-color': option.code.color } as CSSProperties} aria-hidden="true" />
                    {option.path}
                  </>
                ) : (
                  <span className="tag-picker__create">{t('notes.createTag', { name: option.name })}</span>
                )}
              </li>
            ))}
        </ul>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
