import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { discardDraft, readDraft } from '../../components/useAutosave';

/**
 * Offers back text that was typed but never confirmed as saved (a closed window, a crash), when it
 * differs from what is stored. Nothing is replaced until the writer chooses.
 */
export function DraftOffer<T>({ draftKey, current, onUse }: { draftKey: string; current: T; onUse: (value: T) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => {
    const found = readDraft<T>(draftKey);
    return found && JSON.stringify(found.value) !== JSON.stringify(current) ? found : undefined;
  });
  if (!draft) return null;
  return (
    <div className="draft-offer" role="status">
      <span>{t('cycles.draftFound')}</span>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          onUse(draft.value);
          setDraft(undefined);
        }}
      >
        {t('cycles.draftUse')}
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={() => {
          discardDraft(draftKey);
          setDraft(undefined);
        }}
      >
        {t('cycles.draftDiscard')}
      </button>
    </div>
  );
}

const PREFIX = 'withness.draft.';

/** Keeps text that has not been sent yet (a new entry being written) in the same draft store. */
export function keepDraft(key: string, value: string): void {
  try {
    if (value.trim()) localStorage.setItem(PREFIX + key, JSON.stringify({ value, at: new Date().toISOString() }));
    else localStorage.removeItem(PREFIX + key);
  } catch {
    // Storage unavailable: the text is still in the box.
  }
}
