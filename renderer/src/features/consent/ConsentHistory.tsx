import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import './consent.css';

type Change = Output<'consent:history'>[number];

/** One change in words: "Changed · given · May be described, not quoted · scope note". */
export function useChangeLine() {
  const { t } = useTranslation();
  return (change: Pick<Change, 'reason' | 'status' | 'consent_use' | 'scope_note'>) =>
    [
      t(`consent.reason_${change.reason}` as 'consent.reason_updated', { defaultValue: change.reason }),
      t(`consent.status_${change.status}` as 'consent.status_given', { defaultValue: change.status }),
      t(`consent.use_${change.consent_use}` as 'consent.use_quote', { defaultValue: change.consent_use }),
      change.scope_note,
    ]
      .filter(Boolean)
      .join(' · ');
}

/** A stakeholder's consent history, newest first; asked again whenever `refresh` changes (after each save). */
export function ConsentHistory({ stakeholderId, refresh }: { stakeholderId: string; refresh: unknown }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const history = useQuery(() => client.call('consent:history', { stakeholder_id: stakeholderId }), [stakeholderId, refresh]);
  const line = useChangeLine();
  const changes = [...(history.data ?? [])].reverse();
  return (
    <section className="consent-history" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('consent.historyHeading')}</h3>
      <p className="field__hint">{t('consent.historyIntro')}</p>
      <ErrorMessage error={history.error} onDismiss={history.reload} />
      {!history.data ? (
        history.loading && <p className="field__hint">{t('consent.historyLoading')}</p>
      ) : changes.length === 0 ? (
        <p className="field__hint">{t('consent.historyEmpty')}</p>
      ) : (
        <ol className="consent-history__list" aria-labelledby={`${id}-heading`} reversed>
          {changes.map((change) => (
            <li key={change.id} className="consent-history__item">
              <time dateTime={change.changed_at}>{formatDateTime(change.changed_at, i18n.language)}</time> <span>{line(change)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
