import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { apiText } from '../../i18n/apiMessage';
import { useQuery } from '../../api/useQuery';
import './consent.css';

export type HeldBackEntry = Output<'consent:heldBack'>['held_back'][number];

/**
 * What consent holds back from an export, per person (pseudonym only — the preview never shows a real name) with
 * how many turns and quoted passages, and why. Shown before exporting, so nobody is surprised by the markers.
 */
export function HeldBackList({ heldBack, loading, error, headingLevel = 3 }: { heldBack: HeldBackEntry[] | undefined; loading?: boolean; error?: unknown; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const why = (entry: HeldBackEntry) => {
    if (entry.consent_status === 'gone') return t('consent.heldBackWhy_gone');
    if (entry.decision === 'describe') return t('consent.heldBackWhy_describe');
    if (entry.consent_status === 'given') return t('consent.heldBackWhy_leave_out_none');
    return t('consent.heldBackWhy_leave_out_status', { status: t(`consent.status_${entry.consent_status}`) });
  };
  return (
    <section className="held-back" aria-label={t('consent.heldBackHeading')}>
      <Heading className="held-back__heading">{t('consent.heldBackHeading')}</Heading>
      {/* Secondary to the export itself, so said plainly rather than as an alert that would compete with the export's own. */}
      {error !== undefined && error !== null && <p className="held-back__help held-back__error">{t('consent.heldBackFailed', { message: error instanceof ApiCallError && error.ref ? apiText(t, error.ref, error.message) : error instanceof Error ? error.message : String(error) })}</p>}
      {!heldBack ? (
        loading && <p className="held-back__help">{t('consent.heldBackLoading')}</p>
      ) : heldBack.length === 0 ? (
        <p className="held-back__none">{t('consent.heldBackNone')}</p>
      ) : (
        <>
          <p className="held-back__help">{t('consent.heldBackIntro')}</p>
          <ul className="held-back__list">
            {heldBack.map((entry) => {
              const counts = [
                entry.turns > 0 ? t('consent.heldBackTurns', { count: entry.turns }) : '',
                entry.passages > 0 ? t('consent.heldBackPassages', { count: entry.passages }) : '',
              ]
                .filter(Boolean)
                .join(', ');
              return (
                <li key={entry.stakeholder_id} className="held-back__item">
                  <strong>{entry.pseudonym}</strong> — {counts} <span className="held-back__why">({why(entry)})</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** The list for a whole-inquiry export of this kind (.qdpx, review page), asked of the same code that builds it. */
export function HeldBackFor({ projectId, kind }: { projectId: string; kind: 'qdpx' | 'review_page' }) {
  const client = useClient();
  const held = useQuery(() => client.call('consent:heldBack', { project_id: projectId, export: kind }), [projectId, kind]);
  return <HeldBackList heldBack={held.data?.held_back} loading={held.loading} error={held.error} headingLevel={4} />;
}
