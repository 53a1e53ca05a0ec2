import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { runJob } from '../../api/jobs';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress, useJobRunner } from '../../components/JobProgress';
import { HeldBackList } from '../consent/HeldBack';
import { cycleNumbers } from '../cycles/cycleNames';
import { ExchangePanel } from '../exchange/ExchangePanel';
import { downloadFile } from './download';
import './exports.css';

type Format = Input<'exports:report'>['format'];
type Scope = NonNullable<Input<'exports:report'>['scope']>;
type ScopeKind = 'project' | 'cycles' | 'dates';
type Preview = Output<'exports:preview'>;

const FORMATS: readonly Format[] = ['pdf', 'html', 'docx', 'md'];

/** The scope as the API wants it, or a reason (a text key) why it is not complete yet. */
type Problem = 'exports.report.chooseCycle' | 'exports.report.chooseDates' | 'exports.report.datesOrder';

function scopeOf(kind: ScopeKind, cycleIds: string[], from: string, to: string): { scope?: Scope; problem?: Problem } {
  if (kind === 'cycles') return cycleIds.length > 0 ? { scope: { cycle_ids: cycleIds } } : { problem: 'exports.report.chooseCycle' };
  if (kind === 'dates') {
    if (!from && !to) return { problem: 'exports.report.chooseDates' };
    if (from && to && from > to) return { problem: 'exports.report.datesOrder' };
    return { scope: { ...(from ? { from } : {}), ...(to ? { to } : {}) } };
  }
  return {};
}

/**
 * Reflection reports (Markdown, HTML, PDF, Word): choose what to include and the format, see what the
 * pseudonymisation will replace, choose real names only deliberately, and download the file. Below it,
 * the exchange exports (REFI-QDA, bundle, review page) with the same choice of names.
 */
export function ExportScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const ids = useId();
  const [kind, setKind] = useState<ScopeKind>('project');
  const [cycleIds, setCycleIds] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<Format>('pdf');
  const [realNames, setRealNames] = useState(false);
  const [busy, setBusy] = useState(false);
  const job = useJobRunner();
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();

  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const numbers = useMemo(() => cycleNumbers(cycles.data ?? []), [cycles.data]);
  const { scope, problem } = scopeOf(kind, cycleIds, from, to);
  const scopeKey = problem ? `problem:${problem}` : JSON.stringify(scope ?? {});
  const preview = useQuery<Preview | undefined>(
    () => (problem ? Promise.resolve(undefined) : client.call('exports:preview', { project_id: projectId, ...(scope ? { scope } : {}) })),
    [projectId, scopeKey],
  );

  function change<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      setSaved(undefined);
      setError(undefined);
    };
  }

  async function exportReport() {
    if (problem) return;
    setBusy(true);
    setSaved(undefined);
    setError(undefined);
    try {
      const input = {
        project_id: projectId,
        format,
        ...(scope ? { scope } : {}),
        real_names: realNames,
        language: i18n.language === 'da' ? ('da' as const) : ('en' as const),
      };
      // A report of a whole inquiry takes a while: a job, with its stages as a percentage and Cancel.
      const file = await job.run((report, signal) => runJob(client, 'exports:report', input, { signal, onStatus: report }));
      if (!file) return;
      const downloaded = downloadFile(file);
      setSaved(t(downloaded ? 'exports.report.saved' : 'exports.report.savedNoDownload', { file: file.file_name }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const toggleCycle = (id: string, on: boolean) => change(setCycleIds)(on ? [...cycleIds, id] : cycleIds.filter((other) => other !== id));
  const sortedCycles = [...(cycles.data ?? [])].sort((a, b) => compareNumbers(numbers.get(a.id) ?? '', numbers.get(b.id) ?? ''));
  const problemId = `${ids}-problem`;

  return (
    <div className="exports">
      <h1>{t('exports.title')}</h1>
      <p className="lede">{t('exports.intro')}</p>

      <section className="exports__report card" aria-labelledby={`${ids}-report`}>
        <h2 id={`${ids}-report`}>{t('exports.report.heading')}</h2>
        <div className="exports__columns">
          <div className="exports__choices">
            <fieldset className="exports__fieldset">
              <legend>{t('exports.report.scopeLegend')}</legend>
              {(['project', 'cycles', 'dates'] as const).map((option) => (
                <label key={option} className="exports__radio">
                  <input type="radio" name={`${ids}-scope`} value={option} checked={kind === option} onChange={() => change(setKind)(option)} />
                  {t(`exports.report.scope_${option}`)}
                </label>
              ))}
              {kind === 'cycles' && (
                <fieldset className="exports__fieldset exports__nested">
                  <legend>{t('exports.report.cyclesLegend')}</legend>
                  {cycles.data && cycles.data.length === 0 && <p className="exports__help">{t('exports.report.cyclesEmpty')}</p>}
                  <ul className="exports__cycles">
                    {sortedCycles.map((cycle) => {
                      const number = numbers.get(cycle.id) ?? String(cycle.ordinal);
                      return (
                        <li key={cycle.id} className={cycle.parent_id ? 'exports__subcycle' : undefined}>
                          <label className="exports__check">
                            <input type="checkbox" checked={cycleIds.includes(cycle.id)} onChange={(event) => toggleCycle(cycle.id, event.target.checked)} />
                            {cycle.title
                              ? t('exports.report.cycleOption', { number, title: cycle.title })
                              : t('exports.report.cycleOptionUntitled', { number })}
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                  <p className="exports__help">{t('exports.report.cyclesHelp')}</p>
                </fieldset>
              )}
              {kind === 'dates' && (
                <fieldset className="exports__fieldset exports__nested exports__dates">
                  <legend className="visually-hidden">{t('exports.report.scope_dates')}</legend>
                  <div className="field">
                    <label htmlFor={`${ids}-from`}>{t('exports.report.from')}</label>
                    <input id={`${ids}-from`} type="date" value={from} max={to || undefined} onChange={(event) => change(setFrom)(event.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${ids}-to`}>{t('exports.report.to')}</label>
                    <input id={`${ids}-to`} type="date" value={to} min={from || undefined} onChange={(event) => change(setTo)(event.target.value)} />
                  </div>
                  <p className="exports__help">{t('exports.report.datesHelp')}</p>
                </fieldset>
              )}
            </fieldset>

            <fieldset className="exports__fieldset">
              <legend>{t('exports.report.formatLegend')}</legend>
              <div className="exports__formats">
                {FORMATS.map((option) => (
                  <label key={option} className={`exports__format${format === option ? ' exports__format--chosen' : ''}`}>
                    <input
                      type="radio"
                      name={`${ids}-format`}
                      value={option}
                      checked={format === option}
                      onChange={() => change(setFormat)(option)}
                      aria-describedby={`${ids}-format-${option}`}
                    />
                    <span className="exports__format-name">{t(`exports.report.format_${option}`)}</span>
                    <span id={`${ids}-format-${option}`} className="exports__help">
                      {t(`exports.report.formatHelp_${option}`)}
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          </div>

          <div className="exports__privacy">
            <section aria-labelledby={`${ids}-preview`} className="exports__preview">
              <h3 id={`${ids}-preview`}>{t('exports.report.previewHeading')}</h3>
              {realNames ? (
                <p className="exports__help">{t('exports.report.previewOff')}</p>
              ) : (
                <PreviewTable preview={preview.data} loading={preview.loading && !problem} error={preview.error} />
              )}
              {/* Consent holds words back whether or not real names are chosen. */}
              <HeldBackList heldBack={preview.data?.held_back} loading={preview.loading && !problem} headingLevel={4} />
            </section>

            <div className="exports__real-names">
              <label className="exports__check">
                <input
                  type="checkbox"
                  checked={realNames}
                  onChange={(event) => change(setRealNames)(event.target.checked)}
                  aria-describedby={`${ids}-real-help`}
                />
                {t('exports.report.realNames')}
              </label>
              <p id={`${ids}-real-help`} className="exports__help">
                {t('exports.report.realNamesHelp')}
              </p>
              {realNames && (
                <p className="exports__warning" role="alert">
                  {t('exports.report.realNamesWarning')}
                </p>
              )}
            </div>

            <div className="exports__actions">
              <button
                type="button"
                className={`button ${realNames ? 'button--danger' : 'button--primary'}`}
                onClick={() => void exportReport()}
                disabled={busy || Boolean(problem)}
                aria-describedby={problem ? problemId : undefined}
              >
                {realNames ? t('exports.report.exportRealNames') : t('exports.report.export')}
              </button>
              {problem && (
                <p id={problemId} className="exports__help">
                  {t(problem)}
                </p>
              )}
            </div>
            <div role="status" className="exports__status">
              {busy && !job.view && <span className="exports__progress">{t('exports.report.exporting')}</span>}
              {job.cancelled && <span className="notice">{t('jobs.cancelled')}</span>}
              {saved && <span className="notice">{saved}</span>}
            </div>
            {job.view && <JobProgress label={t('exports.report.progressLabel')} view={job.view} onCancel={job.cancel} cancelling={job.cancelling} />}
            <ErrorMessage error={error ?? cycles.error} />
          </div>
        </div>
      </section>

      <ExchangePanel projectId={projectId} realNames={realNames} />
    </div>
  );
}

function PreviewTable({ preview, loading, error }: { preview: Preview | undefined; loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (error) return <ErrorMessage error={error} />;
  if (!preview) return loading ? <p className="exports__help">{t('exports.report.previewLoading')}</p> : null;
  const found = preview.replacements.filter((entry) => entry.occurrences > 0).sort((a, b) => b.occurrences - a.occurrences || a.term.localeCompare(b.term));
  const total = found.reduce((sum, entry) => sum + entry.occurrences, 0);
  const people = new Set(preview.replacements.map((entry) => entry.stakeholder_id)).size;
  return (
    <>
      <p>{t('exports.report.previewIntro')}</p>
      {found.length === 0 ? (
        <p className="exports__none">{t('exports.report.previewNone')}</p>
      ) : (
        <>
          <p className="exports__summary">{t('exports.report.previewSummary', { count: total })}</p>
          <table className="exports__table">
            <caption className="visually-hidden">{t('exports.report.previewTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exports.report.term')}</th>
                <th scope="col">{t('exports.report.pseudonym')}</th>
                <th scope="col">{t('exports.report.kind')}</th>
                <th scope="col" className="exports__number">
                  {t('exports.report.occurrences')}
                </th>
              </tr>
            </thead>
            <tbody>
              {found.map((entry) => (
                <tr key={`${entry.stakeholder_id}:${entry.term}`}>
                  <th scope="row">{entry.term}</th>
                  <td>{entry.pseudonym}</td>
                  <td>{t(`exports.report.kind_${entry.kind}`)}</td>
                  <td className="exports__number">{entry.occurrences}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="exports__help">{t('exports.report.previewChecked', { names: preview.replacements.length, people })}</p>
    </>
  );
}

function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < Math.max(pa.length, pb.length); index += 1) {
    const difference = (pa[index] ?? -1) - (pb[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
