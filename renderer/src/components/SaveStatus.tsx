import { useTranslation } from 'react-i18next';
import type { SaveStatus as Status } from './useAutosave';
import { ErrorMessage } from './ErrorMessage';

/** A quiet line that says whether the text is safe: saving, saved, or kept as a draft after a failure. */
export function SaveStatus({ status, error }: { status: Status; error?: unknown }) {
  const { t } = useTranslation();
  if (status === 'error') {
    return (
      <div className="save-status save-status--error">
        <p role="status">{t('save.failed')}</p>
        <ErrorMessage error={error} />
      </div>
    );
  }
  const text = status === 'pending' || status === 'saving' ? t('save.saving') : status === 'saved' ? t('save.saved') : '';
  return (
    <p className="save-status" role="status" aria-live="polite">
      {text}
    </p>
  );
}
