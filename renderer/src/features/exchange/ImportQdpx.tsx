import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { bytesToBase64, readFileBytes } from './files';
import './exchange.css';

const MAX_BYTES = 256 * 1024 * 1024;

type Preview = Output<'exchange:qdpxPreview'>;
type Result = Output<'exchange:qdpxImport'>;
type Stage = 'reading' | 'checking' | 'importing';

/**
 * Imports a REFI-QDA project (.qdpx) from QualCoder, NVivo, MAXQDA or ATLAS.ti in two steps: the file is checked and
 * previewed first — what it holds, which sources read as transcripts (each becomes a dialogue unless unticked),
 * what cannot be carried over — and only "Import" writes, all or nothing, into a new inquiry or a chosen one.
 */
export function ImportQdpx({ projects, onImported }: { projects: { id: string; title: string }[]; onImported: (projectId: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage>();
  const job = useJobRunner();
  const [file, setFile] = useState<{ name: string; data_base64: string }>();
  const [preview, setPreview] = useState<Preview>();
  const [asNotes, setAsNotes] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState('');
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<unknown>();

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
    try {
      if (chosen.size > MAX_BYTES) throw new Error(t('exchange.qdpxImport.tooLarge', { file: chosen.name }));
      setStage('reading');
      const data_base64 = bytesToBase64(await readFileBytes(chosen));
      setStage('checking');
      const previewed = await client.call('exchange:qdpxPreview', { file_name: chosen.name.slice(0, 1000), data_base64 });
      setFile({ name: chosen.name, data_base64 });
      setAsNotes(new Set());
      setPreview(previewed);
    } catch (failure) {
      setError(failure);
    } finally {
      setStage(undefined);
      if (input.current) input.current.value = '';
    }
  }

  async function runImport() {
    if (!file) return;
    setError(undefined);
    setStage('importing');
    try {
      const input = {
        file_name: file.name.slice(0, 1000),
        data_base64: file.data_base64,
        ...(target ? { project_id: target } : {}),
        as_notes: [...asNotes],
      };
      // A large project takes a while to write: a job, with its percentage and Cancel (nothing is written then).
      const imported = await job.run((report, signal) => runJob(client, 'exchange:qdpxImport', input, { signal, onStatus: report }));
      if (!imported) return;
      setResult(imported);
      setPreview(undefined);
      setFile(undefined);
      onImported(imported.project_id);
    } catch (failure) {
      setError(failure);
    } finally {
      setStage(undefined);
    }
  }

  const transcripts = preview?.sources.filter((source) => source.transcript !== null) ?? [];
  const toggle = (guid: string, asDialogue: boolean) =>
    setAsNotes((current) => {
      const next = new Set(current);
      if (asDialogue) next.delete(guid);
      else next.add(guid);
      return next;
    });

  return (
    <section className="exchange-import card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="exchange-import__heading">
        {t('exchange.qdpxImport.heading')}
      </h2>
      <p className="exchange-import__explain">{t('exchange.qdpxImport.explain')}</p>
      <div className="field exchange-import__field">
        <label htmlFor={id}>{t('exchange.qdpxImport.label')}</label>
        <input ref={input} id={id} type="file" accept=".qdpx,application/zip" disabled={stage !== undefined} onChange={(event) => void choose(event)} />
      </div>
      <div role="status" aria-live="polite" className="exchange__status">
        {stage && !job.view && <p className="exchange__progress">{t(`exchange.qdpxImport.${stage}`)}</p>}
        {job.cancelled && <p className="notice">{t('jobs.cancelled')}</p>}
        {result && (
          <p className="notice">
            {t('exchange.qdpxImport.done', {
              notes: result.created.field_notes,
              dialogues: result.created.dialogues,
              reflections: result.created.reflections,
              codings: result.created.codings,
            })}
            {result.widened > 0 && ` ${t('exchange.qdpxImport.widened', { count: result.widened })}`}
          </p>
        )}
      </div>
      {job.view && <JobProgress label={t('exchange.qdpxImport.importing')} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
      <ErrorMessage error={error} onDismiss={() => setError(undefined)} />
      {preview && (
        <div className="exchange-import__preview">
          <h3>{t('exchange.qdpxImport.previewHeading', { name: preview.project_name })}</h3>
          <p>{t('exchange.qdpxImport.counts', preview.counts)}</p>
          {transcripts.length > 0 && (
            <fieldset className="exchange-import__transcripts">
              <legend>{t('exchange.qdpxImport.transcriptsLegend')}</legend>
              {transcripts.map((source) => (
                <label key={source.guid} className="checkbox">
                  <input type="checkbox" checked={!asNotes.has(source.guid)} onChange={(event) => toggle(source.guid, event.target.checked)} />
                  <span>
                    {t('exchange.qdpxImport.asDialogue', { name: source.name, turns: source.transcript!.turns, speakers: source.transcript!.speakers.join(', ') })}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {preview.skipped.length > 0 && (
            <>
              <h4>{t('exchange.qdpxImport.skippedHeading')}</h4>
              <ul>
                {preview.skipped.map((item) => (
                  <li key={item.what}>
                    {item.what}: {item.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="field">
            <label htmlFor={`${id}-target`}>{t('exchange.qdpxImport.target')}</label>
            <select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">{t('exchange.qdpxImport.newInquiry', { name: preview.project_name })}</option>
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.title}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="button button--primary" disabled={stage !== undefined} onClick={() => void runImport()}>
            {t('exchange.qdpxImport.import')}
          </button>
        </div>
      )}
      {result && (
        <p>
          <Link href={`/projects/${result.project_id}`} className="button exchange-import__open">
            {t('exchange.import.open')}
          </Link>
        </p>
      )}
    </section>
  );
}
