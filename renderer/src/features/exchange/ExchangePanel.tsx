import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { HeldBackFor } from '../consent/HeldBack';
import { BundleProtection, NO_PROTECTION_YET, protectionInput, type Protection, type ProtectionProblem } from './BundleProtection';
import { saveFile } from './files';
import './exchange.css';

type Kind = 'qdpx' | 'bundle' | 'review';

const CHANNELS = {
  qdpx: 'exchange:qdpx',
  bundle: 'exchange:bundleExport',
  review: 'exchange:reviewPage',
} as const;

/**
 * The exchange exports on the export screen: REFI-QDA (.qdpx), the project bundle (.withness) and the
 * team review page (.html), each with one line on what it is for, progress while it is made, the
 * download, and any failure in words. `realNames` is the choice made on the export screen; the bundle
 * always carries real data and says so.
 */
export function ExchangePanel({ projectId, realNames }: { projectId: string; realNames: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [busy, setBusy] = useState<Kind>();
  const job = useJobRunner();
  const [done, setDone] = useState<{ kind: Kind; message: string }>();
  const [failure, setFailure] = useState<{ kind: Kind; error: unknown }>();
  // A bundle is encrypted unless a plain one is ticked (BundleProtection); the passphrase is checked before the call.
  const [protection, setProtection] = useState<Protection>(NO_PROTECTION_YET);
  const [problem, setProblem] = useState<ProtectionProblem>();
  const passphraseField = useRef<HTMLInputElement>(null);

  async function run(kind: Kind) {
    let sealing: { passphrase: string } | { plain: true } | undefined;
    if (kind === 'bundle') {
      const checked = protectionInput(protection);
      if ('problem' in checked) {
        setProblem(checked.problem);
        passphraseField.current?.focus();
        return;
      }
      sealing = checked.input;
    }
    setProblem(undefined);
    setBusy(kind);
    setDone(undefined);
    setFailure(undefined);
    try {
      // The .qdpx and the bundle run as jobs (steps, percentage, Cancel); the review page is quick and is asked for at once.
      const file =
        kind === 'qdpx'
          ? await job.run((report, signal) => runJob(client, CHANNELS.qdpx, { project_id: projectId, real_names: realNames }, { signal, onStatus: report }))
          : kind === 'bundle'
            ? await job.run((report, signal) => runJob(client, CHANNELS.bundle, { project_id: projectId, ...sealing! }, { signal, onStatus: report }))
            : await client.call(CHANNELS.review, { project_id: projectId, real_names: realNames });
      if (!file) {
        setDone({ kind, message: t('jobs.cancelled') });
        return;
      }
      const downloaded = saveFile(file);
      const saved = t(downloaded ? 'exchange.panel.saved' : 'exchange.panel.savedNoDownload', { file: file.file_name });
      // Said again at the moment the file exists: a bundle is never pseudonymised.
      const sealed = sealing && 'passphrase' in sealing ? t('sealing.export.doneEncrypted') : t('sealing.export.donePlain');
      setDone({ kind, message: kind === 'bundle' ? `${saved} ${t('exchange.panel.bundle.warning')} ${sealed}` : saved });
      if (kind === 'bundle') setProtection(NO_PROTECTION_YET);
    } catch (error) {
      setFailure({ kind, error });
    } finally {
      setBusy(undefined);
    }
  }

  const privacy = realNames ? t('exchange.panel.realNames') : t('exchange.panel.pseudonymised');
  const items: { kind: Kind; note: string; warning?: boolean }[] = [
    { kind: 'qdpx', note: privacy },
    { kind: 'bundle', note: t('exchange.panel.bundle.warning'), warning: true },
    { kind: 'review', note: privacy },
  ];

  return (
    <section className="exchange" aria-labelledby="exchange-heading">
      <h2 id="exchange-heading">{t('exchange.panel.heading')}</h2>
      <p className="exchange__intro">{t('exchange.panel.intro')}</p>
      <ul className="exchange__list">
        {items.map(({ kind, note, warning }) => {
          const title = t(`exchange.panel.${kind}.title`);
          const describedBy = `exchange-${kind}-explain exchange-${kind}-note`;
          return (
            <li key={kind} className="exchange__item card">
              <h3 className="exchange__title">{title}</h3>
              <p id={`exchange-${kind}-explain`} className="exchange__explain">
                {t(`exchange.panel.${kind}.explain`)}
              </p>
              <p id={`exchange-${kind}-note`} className={warning ? 'exchange__note exchange__note--warning' : 'exchange__note'}>
                {note}
              </p>
              {/* A bundle is the whole journal for your own team, so consent does not filter it. */}
              {kind !== 'bundle' && <HeldBackFor projectId={projectId} kind={kind === 'qdpx' ? 'qdpx' : 'review_page'} />}
              {kind === 'bundle' && (
                <BundleProtection
                  value={protection}
                  onChange={(value) => {
                    setProtection(value);
                    setProblem(undefined);
                  }}
                  problem={problem}
                  disabled={busy !== undefined}
                  passphraseRef={passphraseField}
                />
              )}
              <div className="exchange__footer">
                <div className="exchange__status" role="status" aria-live="polite">
                  {busy === kind && !job.view && <span className="exchange__progress">{t('exchange.panel.preparing', { name: title })}</span>}
                  {done?.kind === kind && <span className="exchange__done">{done.message}</span>}
                </div>
                {busy === kind && job.view && (
                  <JobProgress label={t('jobs.exportFile', { name: title })} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />
                )}
                {failure?.kind === kind && <ErrorMessage error={failure.error} onDismiss={() => setFailure(undefined)} />}
                <button
                  type="button"
                  className={kind === 'qdpx' ? 'button button--primary' : 'button'}
                  aria-describedby={describedBy}
                  disabled={busy !== undefined}
                  onClick={() => void run(kind)}
                >
                  {t(`exchange.panel.${kind}.button`)}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
