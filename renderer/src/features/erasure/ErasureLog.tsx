import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import './erasure.css';

/**
 * The audit trail of withdrawals in an inquiry (erasure:log): which stakeholder record (by id), erased or anonymised,
 * how many records, when and by whom. The log holds no name, so neither does this list. Shown only once there is one.
 */
export function ErasureLog({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const log = useQuery(() => client.call('erasure:log', { project_id: projectId }), [projectId]);
  if (log.error) return <ErrorMessage error={log.error} onDismiss={log.reload} />;
  if (!log.data || log.data.length === 0) return null;
  return (
    <section className="card erasure-log" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('erasure.logHeading')}</h2>
      <p className="field__hint">{t('erasure.logIntro')}</p>
      <table className="erasure-log__table">
        <thead>
          <tr>
            <th scope="col">{t('erasure.logWhen')}</th>
            <th scope="col">{t('erasure.logWhat')}</th>
            <th scope="col">{t('erasure.logRecord')}</th>
            <th scope="col">{t('erasure.logBy')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.erased_at, i18n.language)}</td>
              <td>
                {entry.mode === 'erase' ? t('erasure.logEntry_erase') : t('erasure.logEntry_anonymise', { label: entry.label })} ·{' '}
                {t('erasure.logRecords', { count: (JSON.parse(entry.record_ids) as unknown[]).length })}
              </td>
              <td>
                <code>{entry.stakeholder_id}</code>
              </td>
              <td>{entry.erased_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
