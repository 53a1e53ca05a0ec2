import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';

/**
 * Delete with a second step. Deleting moves to the trash (restorable); when reflections cite the
 * record, the confirmation says so first.
 */
export function DeleteButton({ label, citedBy = 0, onDelete }: { label: string; citedBy?: number; onDelete: () => Promise<void> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const button = useRef<HTMLButtonElement>(null);
  // After "No" (or Escape), focus goes back to the Delete button it came from, not to the top of the page.
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (!asking && returnFocus) {
      button.current?.focus();
      setReturnFocus(false);
    }
  }, [asking, returnFocus]);
  const cancel = () => {
    setAsking(false);
    setReturnFocus(true);
  };

  if (!asking) {
    return (
      <button ref={button} type="button" className="button button--danger-quiet" onClick={() => setAsking(true)}>
        {t('delete.button')}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-label={t('delete.confirm', { label })}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || busy) return;
        event.preventDefault();
        event.stopPropagation();
        cancel();
      }}
    >
      <p>{t('delete.confirm', { label })}</p>
      {citedBy > 0 && <p className="confirm__warning">{t('delete.cited', { count: citedBy })}</p>}
      <ErrorMessage error={error} />
      <div className="confirm__actions">
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onDelete();
              setAsking(false);
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('delete.yes')}
        </button>
        <button type="button" className="button" autoFocus onClick={cancel}>
          {t('delete.no')}
        </button>
      </div>
    </div>
  );
}
