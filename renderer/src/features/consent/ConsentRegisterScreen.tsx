import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { saveFile } from '../exchange/files';
import { useChangeLine } from './ConsentHistory';
import './consent.css';

/**
 * The consent register for the data protection officer: everyone in the inquiry with real name (this screen is for
 * the DPO) and pseudonym, sector, consent status, use, scope note, date, what exports do now, and the history of
 * changes; people erased keep their history. Exports to CSV and PDF.
 */
export function ConsentRegisterScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const register = useQuery(() => client.call('consent:register', { project_id: projectId }), [projectId]);
  const [busy, setBusy] = useState<'csv' | 'pdf'>();
  const [saved, setSaved] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const line = useChangeLine();
  const language = i18n.language.startsWith('da') ? 'da' : 'en';

  async function exportAs(format: 'csv' | 'pdf') {
    setBusy(format);
    setSaved(undefined);
    setFailure(undefined);
    try {
      const file = await client.call('consent:registerExport', { project_id: projectId, format, language });
      setSaved(t(saveFile(file) ? 'consent.exported' : 'consent.exportedNoDownload', { file: file.file_name }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  const entries = register.data?.entries ?? [];
  return (
    <div className="consent-register">
      <Link href={`/projects/${projectId}/stakeholders`} className="back-link">
        ← {t('consent.registerBack')}
      </Link>
      <h1>{t('consent.registerTitle')}</h1>
      <p className="lede">{t('consent.registerIntro')}</p>
      <div className="consent-register__actions">
        <button type="button" className="button button--primary" disabled={busy !== undefined} onClick={() => void exportAs('csv')}>
          {t('consent.exportCsv')}
        </button>
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void exportAs('pdf')}>
          {t('consent.exportPdf')}
        </button>
        <p className="consent-register__status" role="status" aria-live="polite">
          {busy ? t('consent.exporting') : saved}
        </p>
      </div>
      <ErrorMessage error={failure} onDismiss={() => setFailure(undefined)} />
      <ErrorMessage error={register.error} onDismiss={register.reload} />
      {!register.data ? (
        register.loading && <p>{t('consent.registerLoading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty-state">{t('consent.registerEmpty')}</p>
      ) : (
        <div className="consent-register__scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table className="consent-register__table">
            <caption id={`${id}-caption`}>{t('consent.registerTable')}</caption>
            <thead>
              <tr>
                {(['person', 'sector', 'status', 'use', 'scope', 'date', 'exports', 'history'] as const).map((column) => (
                  <th key={column} scope="col">
                    {t(`consent.col_${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.stakeholder_id}>
                  <th scope="row">
                    {entry.state === 'gone' ? (
                      <span>{t('consent.erasedPerson')}</span>
                    ) : (
                      <>
                        <span className="consent-register__pseudonym">{entry.pseudonym}</span>
                        <span className="consent-register__real">
                          {t('consent.realNameLabel')}: {entry.real_name || '—'}
                        </span>
                        {entry.state === 'trash' && <span className="consent-register__trash">({t('consent.inTrash')})</span>}
                      </>
                    )}
                  </th>
                  <td>{entry.sector ? t(`stakeholders.sector_${entry.sector}`) : ''}</td>
                  <td>{entry.consent_status ? t(`stakeholders.consentOption_${entry.consent_status}`) : ''}</td>
                  <td>{entry.consent_use ? t(`consent.use_${entry.consent_use}`) : ''}</td>
                  <td>{entry.consent_scope}</td>
                  <td>{entry.consent_date ?? ''}</td>
                  <td>
                    <span className={`consent-register__exports consent-register__exports--${entry.exports}`}>{t(`consent.exports_${entry.exports}`)}</span>
                  </td>
                  <td>
                    <details>
                      <summary>{t('consent.historyCount', { count: entry.history.length })}</summary>
                      <ol className="consent-history__list">
                        {entry.history.map((change, index) => (
                          <li key={index}>
                            <time dateTime={change.changed_at}>{formatDateTime(change.changed_at, i18n.language)}</time> {line(change)}
                          </li>
                        ))}
                      </ol>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
