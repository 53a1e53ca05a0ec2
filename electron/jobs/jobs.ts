import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/connection.js';
import { ApiError, type ApiErrorBody } from '../api/result.js';

/**
 * Long work (exports, imports, reports, restores) runs as a job: started by one call, watched by polling its
 * progress, cancellable between steps. Handlers stay plain functions of (db, input); a job hands them a third,
 * optional argument, the JobContext, through which they report steps and learn of a cancel.
 */
export interface JobProgress {
  /** A step name from the message catalogue (electron/api/messages.ts), e.g. 'job.importing_rows'. */
  step: string;
  params?: Record<string, string | number>;
  done: number;
  total: number;
}

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports where the work is; done/total is the whole job's share done, so the percentage only grows. */
  progress(progress: JobProgress): void;
  /**
   * Lets the event loop run (so progress can be read and a cancel can arrive), then throws JobCancelledError if
   * the job was cancelled. Synchronous SQLite work calls it between batches.
   */
  checkpoint(): Promise<void>;
}

export class JobCancelledError extends Error {
  constructor() {
    super('The work was cancelled; nothing was changed.');
  }
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  id: string;
  channel: string;
  state: JobState;
  step: string;
  params: Record<string, string | number>;
  done: number;
  total: number;
  percent: number;
  result: unknown;
  error: ApiErrorBody | null;
}

interface Job {
  status: JobStatus;
  controller: AbortController;
  db: Db;
  /** Holds the connection in an open transaction across yields: other calls wait until it ends. */
  exclusive: boolean;
  finished: Promise<void>;
  touched: number;
}

const jobs = new Map<string, Job>();
/** Finished jobs are kept this long for their result to be collected, then forgotten. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;

export interface StartOptions {
  exclusive?: boolean;
  /** Turns a failure into the error body the caller sees (the dispatcher's own translation). */
  describeError: (error: unknown) => ApiErrorBody;
}

/** Starts work in the background and returns its id at once. */
export function startJob(db: Db, channel: string, run: (context: JobContext) => Promise<unknown>, options: StartOptions): JobStatus {
  forgetOldJobs();
  const controller = new AbortController();
  const status: JobStatus = { id: randomUUID(), channel, state: 'running', step: 'job.starting', params: {}, done: 0, total: 1, percent: 0, result: null, error: null };
  const context: JobContext = {
    signal: controller.signal,
    progress({ step, params, done, total }) {
      if (status.state !== 'running') return;
      const safeTotal = total > 0 ? total : 1;
      const percent = Math.min(100, Math.floor((Math.min(done, safeTotal) / safeTotal) * 100));
      status.step = step;
      status.params = params ?? {};
      status.done = done;
      status.total = safeTotal;
      // A step may re-count its own part; the bar never moves backwards.
      status.percent = Math.max(status.percent, Math.min(percent, 99));
    },
    async checkpoint() {
      await pauseHook?.(status, controller.signal);
      await nextTurn();
      if (controller.signal.aborted) throw new JobCancelledError();
    },
  };
  const job: Job = { status, controller, db, exclusive: options.exclusive === true, finished: Promise.resolve(), touched: Date.now() };
  jobs.set(status.id, job);
  job.finished = (async () => {
    try {
      await nextTurn();
      if (controller.signal.aborted) throw new JobCancelledError();
      const result = await run(context);
      if (controller.signal.aborted) throw new JobCancelledError();
      status.result = result ?? null;
      status.percent = 100;
      status.done = status.total;
      status.step = 'job.done';
      status.params = {};
      status.state = 'done';
    } catch (error) {
      if (error instanceof JobCancelledError || controller.signal.aborted) {
        status.state = 'cancelled';
        status.step = 'job.cancelled';
        status.params = {};
      } else {
        status.state = 'failed';
        status.error = options.describeError(error);
      }
    } finally {
      job.touched = Date.now();
    }
  })();
  return { ...status };
}

export function jobStatus(id: string): JobStatus {
  const job = jobs.get(id);
  if (!job) throw new ApiError('not_found', `No work with id ${id} is known (it may have finished long ago).`);
  job.touched = Date.now();
  const status = { ...job.status };
  // A result (an export can be hundreds of megabytes) is handed over once, then let go.
  if (status.state === 'done') job.status.result = null;
  return status;
}

/** Asks a job to stop; it stops at its next checkpoint, rolling back what it had begun. Resolves once it has stopped. */
export async function cancelJob(id: string): Promise<JobStatus> {
  const job = jobs.get(id);
  if (!job) throw new ApiError('not_found', `No work with id ${id} is known (it may have finished long ago).`);
  if (job.status.state === 'running') job.controller.abort();
  await job.finished;
  return { ...job.status };
}

/** Waits while a job holds this connection in an open transaction, so no other call joins (or is undone with) it. */
export async function whenConnectionFree(db: Db): Promise<void> {
  for (;;) {
    const holder = [...jobs.values()].find((job) => job.db === db && job.exclusive && job.status.state === 'running');
    if (!holder) return;
    await holder.finished;
  }
}

/** Resolves when every job on this connection has finished (tests, and closing a journal). */
export async function allJobsFinished(db?: Db): Promise<void> {
  await Promise.all([...jobs.values()].filter((job) => !db || job.db === db).map((job) => job.finished));
}

function forgetOldJobs(): void {
  const now = Date.now();
  for (const [id, job] of jobs) {
    if (job.status.state !== 'running' && now - job.touched > KEEP_FINISHED_MS) jobs.delete(id);
  }
}

type HostDispatcher = (channel: unknown, input: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: ApiErrorBody }>;
const hosts = new WeakMap<Db, HostDispatcher>();

/** The journal host a connection is served by (set on each call it dispatches), for jobs it answers itself. */
export function rememberHost(db: Db, host: HostDispatcher): void {
  hosts.set(db, host);
}

export function hostOf(db: Db): HostDispatcher | undefined {
  return hosts.get(db);
}

type PauseHook = (status: Readonly<JobStatus>, signal: AbortSignal) => Promise<void> | void;
let pauseHook: PauseHook | undefined;

/**
 * Test-only: runs before every checkpoint, so a test can hold a job mid-way (to cancel it there, or to look at
 * the progress bar) and let it go, without guessing at times.
 */
export function setJobPauseHook(hook: PauseHook | undefined): void {
  pauseHook = hook;
}

/**
 * Test-only, for end-to-end tests that run the server in another process: with WITHNESS_TEST_HOLD_JOBS_AT=<step id>
 * set, a job waits at that step until it is cancelled, so a browser can see (and screenshot) a bar mid-way.
 */
export function holdJobsFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const step = env.WITHNESS_TEST_HOLD_JOBS_AT;
  if (!step) return;
  setJobPauseHook((status, signal) => {
    if (status.step !== step || signal.aborted) return;
    return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  });
}
