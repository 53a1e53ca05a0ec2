import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../api/jobs';
import { JobCancelled } from '../api/jobs';
import { apiText } from '../i18n/apiMessage';
import './JobProgress.css';

/**
 * Long work as the user sees it: what is happening now (a live line, read out politely), how far it has come (a
 * progressbar with a real percentage, never an indeterminate spinner) and a Cancel button. Cancelling stops the work
 * where it is and leaves nothing half-written; the bar then says so.
 */
export function JobProgress({ label, view, onCancel, cancelling }: { label: string; view: JobView; onCancel?: () => void; cancelling?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const step = apiText(t, { id: view.step, params: view.params });
  const percent = Math.max(0, Math.min(100, Math.round(view.percent)));
  return (
    <div className="job-progress" data-state={view.state}>
      <div className="job-progress__head">
        <span id={`${id}-label`} className="job-progress__label">
          {label}
        </span>
        <span className="job-progress__percent" aria-hidden="true">
          {t('jobs.percent', { percent })}
        </span>
      </div>
      <div
        className="job-progress__track"
        role="progressbar"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('jobs.valueText', { percent, step })}
      >
        <div className="job-progress__fill" style={{ inlineSize: `${percent}%` }} />
      </div>
      <p className="job-progress__step" role="status" aria-live="polite">
        {cancelling ? t('jobs.cancelling') : step}
      </p>
      {onCancel && view.state === 'running' && (
        <button type="button" className="button job-progress__cancel" onClick={onCancel} disabled={cancelling}>
          {t('jobs.cancel')}
        </button>
      )}
    </div>
  );
}

export interface JobRunner {
  /** The work in progress, for <JobProgress>; undefined when nothing runs. */
  view: JobView | undefined;
  cancelling: boolean;
  /** Runs work that reports through the given callback and stops on the signal; resolves to undefined if cancelled. */
  run<T>(work: (report: (view: JobView) => void, signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
  cancel(): void;
  /** Set after a cancel, until the next run: to say that nothing was changed. */
  cancelled: boolean;
}

/** State for one piece of long work at a time: its progress, cancel, and whether it was cancelled. */
export function useJobRunner(): JobRunner {
  const [view, setView] = useState<JobView>();
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      controller.current?.abort();
    };
  }, []);

  const run = useCallback(async <T,>(work: (report: (view: JobView) => void, signal: AbortSignal) => Promise<T>): Promise<T | undefined> => {
    const own = new AbortController();
    controller.current = own;
    setCancelled(false);
    setCancelling(false);
    setView({ step: 'job.starting', params: {}, percent: 0, state: 'running' });
    try {
      return await work((next) => mounted.current && setView(next), own.signal);
    } catch (error) {
      if (error instanceof JobCancelled) {
        if (mounted.current) setCancelled(true);
        return undefined;
      }
      throw error;
    } finally {
      if (mounted.current) {
        setView(undefined);
        setCancelling(false);
      }
      if (controller.current === own) controller.current = undefined;
    }
  }, []);

  const cancel = useCallback(() => {
    setCancelling(true);
    controller.current?.abort();
  }, []);

  return { view, cancelling, run, cancel, cancelled };
}
