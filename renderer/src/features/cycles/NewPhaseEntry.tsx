import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phase } from '../../../../electron/api/schemas';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { keepDraft, readDraft } from '../../components/useAutosave';
import type { PhaseEntry } from './cycleNames';
import { viewMemory } from '../../components/viewMemory';

const AUTHOR_KEY = 'withness.author';

function rememberedAuthor(): string {
  try {
    return viewMemory.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The box where a new entry of a phase is written; unsent text survives as a draft. */
export function NewPhaseEntry({ cycleId, phase, onCreated }: { cycleId: string; phase: Phase; onCreated: (entry: PhaseEntry) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const draftKey = `new-entry.${cycleId}.${phase}`;
  const [body, setBody] = useState(() => readDraft<string>(draftKey)?.value ?? '');
  const [author, setAuthor] = useState(rememberedAuthor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [added, setAdded] = useState('');
  const phaseName = t(`phases.${phase}`);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const entry = await client.call('phaseEntries:create', {
        cycle_id: cycleId,
        phase,
        body,
        ...(author.trim() ? { author: author.trim() } : {}),
      });
      try {
        viewMemory.setItem(AUTHOR_KEY, author.trim());
      } catch {
        // Not remembered; nothing else depends on it.
      }
      setBody('');
      keepDraft(draftKey, '');
      setAdded(t('cycles.added', { phase: phaseName }));
      onCreated(entry);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`new-entry new-entry--${phase}`} onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('cycles.newEntry', { phase: phaseName })}</label>
        <textarea
          id={`${id}-body`}
          rows={5}
          value={body}
          placeholder={t('cycles.newEntryPlaceholder')}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setBody(event.target.value);
            setAdded('');
            keepDraft(draftKey, event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        <p id={`${id}-hint`} className="cycle-field-hint">
          {t('cycles.addHint')}
        </p>
      </div>
      <div className="new-entry__row">
        <div className="field new-entry__author">
          <label htmlFor={`${id}-author`}>{t('cycles.author')}</label>
          <input id={`${id}-author`} value={author} maxLength={200} onChange={(event) => setAuthor(event.target.value)} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy || !body.trim()}>
          {busy ? t('cycles.adding') : t('cycles.add')}
        </button>
      </div>
      <ErrorMessage error={error} />
      <p role="status" className="new-entry__status">
        {added}
      </p>
    </form>
  );
}
