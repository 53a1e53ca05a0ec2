import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import type { BundleTable } from '../../../../electron/api/channels/exchange';
import { useClient } from '../../api/ClientContext';
import { runJob, uploadFile } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { BundlePassphrase } from './BundlePassphrase';
import { isEncryptedBundle } from './encrypted-bundle';
import { readFileBytes } from './files';
import './exchange.css';

const MAX_BYTES = 256 * 1024 * 1024;

type Result = Output<'exchange:bundleImport'>;
type Stage = { step: 'reading' | 'importing'; file: string };

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, value) => sum + value, 0);

/**
 * Imports a project bundle (.withness) chosen by the user: progress while it is read and imported, then
 * what was added, updated and left unchanged, or what was wrong in words (nothing is written then).
 * Calls onImported with the inquiry's id after a successful import.
 */
export function ImportBundle({ onImported }: { onImported: (projectId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage>();
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<unknown>();
  // An encrypted bundle waits here for its passphrase; it stays after a wrong one, to try again.
  const [locked, setLocked] = useState<{ name: string; bytes: Uint8Array }>();
  const job = useJobRunner();

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setResult(undefined);
    setError(undefined);
    setLocked(undefined);
    try {
      if (file.size > MAX_BYTES) throw new Error(t('exchange.import.tooLarge', { file: file.name }));
      setStage({ step: 'reading', file: file.name });
      const bytes = await readFileBytes(file);
      if (isEncryptedBundle(bytes)) {
        setLocked({ name: file.name, bytes });
        return;
      }
      await importBytes(file.name, bytes);
    } catch (failure) {
      setError(failure);
    } finally {
      setStage(undefined);
      if (input.current) input.current.value = '';
    }
  }

  async function importBytes(name: string, bytes: Uint8Array, passphrase?: string) {
    setStage({ step: 'importing', file: name });
    // Sent ahead in pieces (a bundle may be larger than one request may carry), then imported as a job: the first
    // tenth of the bar is the sending, the rest the import; Cancel stops either and nothing is written.
    const imported = await job.run(async (report, signal) => {
      const upload_id = await uploadFile(client, bytes, {
        signal,
        onProgress: (sent, size) => report({ step: 'job.uploading', params: { done: sent, total: size }, percent: Math.floor((sent / size) * 10), state: 'running' }),
      });
      const input = { file_name: name.slice(0, 1000), upload_id, ...(passphrase === undefined ? {} : { passphrase }) };
      return runJob(client, 'exchange:bundleImport', input, { signal, onStatus: (view) => report({ ...view, percent: 10 + Math.floor(view.percent * 0.9) }) });
    });
    if (!imported) return;
    setLocked(undefined);
    setResult(imported);
    onImported(imported.project_id);
  }

  async function unlock(passphrase: string) {
    if (!locked) return;
    setError(undefined);
    try {
      await importBytes(locked.name, locked.bytes, passphrase);
    } catch (failure) {
      setError(failure);
    } finally {
      setStage(undefined);
    }
  }

  const kinds = result ? (Object.keys(result.created) as BundleTable[]).filter((kind) => result.created[kind] + result.updated[kind] + result.unchanged[kind] > 0) : [];
  const changed = result ? total(result.created) + total(result.updated) : 0;

  return (
    <section className="exchange-import card" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} className="exchange-import__heading">
        {t('exchange.import.heading')}
      </h2>
      <p className="exchange-import__explain">{t('exchange.import.explain')}</p>
      <p className="exchange__note exchange__note--warning">{t('exchange.import.privacy')}</p>
      <div className="field exchange-import__field">
        <label htmlFor={inputId}>{t('exchange.import.label')}</label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept=".withness,application/zip,application/vnd.withness.bundle+zip"
          disabled={stage !== undefined}
          onChange={(event) => void choose(event)}
        />
      </div>
      {locked && (
        <BundlePassphrase
          fileName={locked.name}
          busy={stage !== undefined}
          onSubmit={(passphrase) => void unlock(passphrase)}
          onCancel={() => {
            setLocked(undefined);
            setError(undefined);
            input.current?.focus();
          }}
        />
      )}
      <div role="status" aria-live="polite" className="exchange__status">
        {stage && !job.view && <p className="exchange__progress">{t(`exchange.import.${stage.step}`, { file: stage.file })}</p>}
        {job.cancelled && <p className="notice">{t('jobs.cancelled')}</p>}
        {result && (
          <p className="notice">
            {t('exchange.import.done', { title: result.title })}{' '}
            {changed === 0
              ? t('exchange.import.nothingNew')
              : t('exchange.import.totals', { created: total(result.created), updated: total(result.updated), unchanged: total(result.unchanged) })}
          </p>
        )}
      </div>
      {job.view && stage && <JobProgress label={t('jobs.importBundle', { file: stage.file })} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
      <ErrorMessage error={error} onDismiss={() => setError(undefined)} />
      {result && (
        <>
          <table className="exchange-import__table">
            <caption>{t('exchange.import.details')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.import.kind')}</th>
                <th scope="col">{t('exchange.import.created')}</th>
                <th scope="col">{t('exchange.import.updated')}</th>
                <th scope="col">{t('exchange.import.unchanged')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{t(`exchange.kinds.${kind}`)}</th>
                  <td>{result.created[kind]}</td>
                  <td>{result.updated[kind]}</td>
                  <td>{result.unchanged[kind]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link href={`/projects/${result.project_id}`} className="button exchange-import__open">
              {t('exchange.import.open')}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
