import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../api/client';
import { apiText } from '../i18n/apiMessage';

/** Shows an API failure in words: a translated summary and the server's own explanation. */
export function ErrorMessage({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiCallError ? error.code : 'internal';
  // By id in the reader's language; the English text only when the error carries no id.
  const detail = error instanceof ApiCallError && error.ref ? apiText(t, error.ref, error.message) : error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiCallError ? (error.issues ?? []) : [];
  return (
    <div className="error-message" role="alert">
      <p className="error-message__summary">
        <strong>{t(`errors.${code}`)}</strong> {detail}
      </p>
      {issues.length > 1 && (
        <ul className="error-message__issues">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path}: {issue.message_id ? apiText(t, { id: issue.message_id, ...(issue.params ? { params: issue.params } : {}) }, issue.message) : issue.message}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          {t('errors.dismiss')}
        </button>
      )}
    </div>
  );
}
