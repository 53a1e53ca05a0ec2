import { useState } from 'react';
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

  if (!asking) {
    return (
      <button type="button" className="button button--danger-quiet" onClick={() => setAsking(true)}>
        {t('delete.button')}
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-label={t('delete.confirm', { label })}>
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
        <button type="button" className="button" autoFocus onClick={() => setAsking(false)}>
          {t('delete.no')}
        </button>
      </div>
    </div>
  );
}
