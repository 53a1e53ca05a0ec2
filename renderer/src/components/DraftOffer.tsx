import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { discardDraft, readDraft } from './useAutosave';
import './DraftOffer.css';

interface FoundDraft<T> {
  value: T;
  at: string;
}

export interface DraftOfferState<T> {
  draftKey: string;
  /** The draft on offer, until the writer chooses. */
  draft: FoundDraft<T> | undefined;
  /** True while a draft waits for the writer's choice. */
  pending: boolean;
  /** True once the writer took the draft back (announced to screen readers). */
  used: boolean;
  use: () => T | undefined;
  discard: () => void;
}

/**
 * Looks for a draft that a closed window or crash left behind (useAutosave keeps one until the save is
 * confirmed). It is offered only when it differs from what is stored — and, given `newerThan`, only when
 * it was written after that time. Nothing is replaced until the writer chooses.
 */
export function useDraftOffer<T>(draftKey: string, current: T, options: { newerThan?: string } = {}): DraftOfferState<T> {
  const [draft, setDraft] = useState(() => {
    const found = readDraft<T>(draftKey);
    if (!found) return undefined;
    if (options.newerThan !== undefined && found.at <= options.newerThan) return undefined;
    return JSON.stringify(found.value) !== JSON.stringify(current) ? found : undefined;
  });
  const [used, setUsed] = useState(false);
  return {
    draftKey,
    draft,
    pending: draft !== undefined,
    used,
    use: () => {
      setDraft(undefined);
      setUsed(true);
      return draft?.value;
    },
    discard: () => {
      discardDraft(draftKey);
      setDraft(undefined);
    },
  };
}

/** "Unsaved changes from … were kept": use the draft, or discard it. Shows nothing when there is none. */
export function DraftOffer<T>({ offer, onUse }: { offer: DraftOfferState<T>; onUse: (value: T) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { draft } = offer;
  if (!draft) {
    return offer.used ? (
      <p className="visually-hidden" role="status">
        {t('draft.restored')}
      </p>
    ) : null;
  }
  return (
    <div className="notice draft-offer" role="group" aria-labelledby={`${id}-found`}>
      <p id={`${id}-found`}>{t('draft.found', { when: formatDateTime(draft.at, i18n.language) })}</p>
      <div className="draft-offer__actions">
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => {
            const value = offer.use();
            if (value !== undefined) onUse(value);
          }}
        >
          {t('draft.use')}
        </button>
        <button type="button" className="button button--small" onClick={offer.discard}>
          {t('draft.discard')}
        </button>
      </div>
    </div>
  );
}
