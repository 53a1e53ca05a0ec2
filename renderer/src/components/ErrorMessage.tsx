import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../api/client';

/** Shows an API failure in words: a translated summary and the server's own explanation. */
export function ErrorMessage({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiCallError ? error.code : 'internal';
  const detail = error instanceof Error ? error.message : String(error);
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
              {issue.path}: {issue.message}
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
