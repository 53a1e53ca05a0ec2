import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { discardDraft, readDraft } from '../../components/useAutosave';
import { formatDateTime } from '../../format';

/**
 * Offers back a draft that a closed window or crash left behind (useAutosave keeps one until the save
 * is confirmed). Shown only when the draft differs from what is stored.
 */
export function DraftNotice<T>({ draftKey, current, onUse }: { draftKey: string; current: T; onUse: (value: T) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState(() => {
    const found = readDraft<T>(draftKey);
    return found && JSON.stringify(found.value) !== JSON.stringify(current) ? found : undefined;
  });
  if (!draft) return null;
  return (
    <div className="notice draft-notice" role="status">
      <p>{t('stakeholders.draftFound', { when: formatDateTime(draft.at, i18n.language) })}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            onUse(draft.value);
            setDraft(undefined);
          }}
        >
          {t('stakeholders.draftUse')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            discardDraft(draftKey);
            setDraft(undefined);
          }}
        >
          {t('stakeholders.draftDiscard')}
        </button>
      </div>
    </div>
  );
}
