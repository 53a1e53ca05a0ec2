import type { Db } from '../../db/connection.js';
import { afterImport, importResult, readBundle, writeBundle, zeroCountsForImport, type ImportCounts, type ImportResult } from '../exchange/bundle.js';
import { planQdpx } from '../exchange/qdpx-import/plan.js';
import { DEFAULT_QDPX_LIMITS, readQdpx } from '../exchange/qdpx-import/read.js';
import { afterQdpxImport, writeQdpxSteps, type QdpxImportChoices, type QdpxImportResult } from '../exchange/qdpx-import/write.js';
import type { ReportProgress } from '../exports/report/index.js';
import { JobCancelledError, type JobContext } from './jobs.js';
import { transactionWithPauses } from './transaction.js';

/**
 * The long handlers' job versions: the same work as their plain counterparts, with steps reported and pauses where
 * a cancel can stop it. Step names are message ids (electron/api/messages.ts), translated by the UI.
 */

/** Reading and checking take the first tenth of the bar; writing the rows the rest. */
const READ_SHARE = 0.1;

export async function importBundleJob(db: Db, bytes: Uint8Array, context: JobContext): Promise<ImportResult> {
  context.progress({ step: 'job.checking_bundle', done: 0, total: 100 });
  await context.checkpoint();
  const read = readBundle(db, bytes);
  context.progress({ step: 'job.checking_bundle', done: READ_SHARE * 100, total: 100 });
  await context.checkpoint();
  const counts: ImportCounts = zeroCountsForImport();
  await transactionWithPauses(db, context, writeBundle(db, read, counts), ({ done, total }) => {
    context.progress({
      step: done < total ? 'job.importing_rows' : 'job.indexing',
      params: { done, total },
      done: READ_SHARE * 100 + (done / total) * (1 - READ_SHARE) * 100,
      total: 100,
    });
  });
  afterImport(db, counts);
  return importResult(db, read.manifest.project_id, counts);
}

/**
 * An export reads the journal in one synchronous piece: the steps around it are reported, and a cancel stops it
 * before or after that piece. Nothing is written anywhere (the file goes back to the caller), so a cancelled export
 * leaves nothing behind.
 */
export async function steppedExport<T>(context: JobContext | undefined, build: () => T): Promise<T> {
  context?.progress({ step: 'job.reading_inquiry', done: 0, total: 3 });
  await context?.checkpoint();
  const built = build();
  context?.progress({ step: 'job.packing', done: 2, total: 3 });
  await context?.checkpoint();
  return built;
}

/** A report's own stages, as shares of one bar: reading, building cycle by cycle, then rendering (and printing). */
export function reportProgress(context: JobContext): (progress: ReportProgress) => void {
  return ({ stage, done, total }) => {
    // The report calls back synchronously; a cancel that has arrived stops it at the next stage.
    if (context.signal.aborted) throw new JobCancelledError();
    switch (stage) {
      case 'reading':
        return context.progress({ step: 'job.reading_inquiry', done: 0, total: 100 });
      case 'building':
        return context.progress({ step: 'job.building_report', params: { done, total }, done: 10 + (total > 0 ? (done / total) * 60 : 60), total: 100 });
      case 'rendering':
        return context.progress({ step: 'job.rendering', done: 75, total: 100 });
      case 'printing':
        return context.progress({ step: 'job.printing', done: 85, total: 100 });
      default:
        return context.progress({ step: 'job.packing', done: 95, total: 100 });
    }
  };
}

/** The steps of a restore; a cancel is taken until the backup starts to replace the journal, never after. */
export const RESTORE_STEPS = ['job.verifying_backup', 'job.saving_current', 'job.restoring', 'job.migrating'] as const;

export async function restoreStep(context: JobContext | undefined, step: (typeof RESTORE_STEPS)[number], cancellable: boolean): Promise<void> {
  if (!context) return;
  context.progress({ step, done: RESTORE_STEPS.indexOf(step), total: RESTORE_STEPS.length });
  if (cancellable) await context.checkpoint();
}

/** A .qdpx import as a job: reading and planning take the first fifth of the bar, writing (with pauses) the rest. */
export async function importQdpxJob(db: Db, bytes: Uint8Array, choices: QdpxImportChoices, context: JobContext): Promise<QdpxImportResult> {
  context.progress({ step: 'job.reading_file', done: 0, total: 100 });
  await context.checkpoint();
  const plan = planQdpx(await readQdpx(bytes, DEFAULT_QDPX_LIMITS));
  context.progress({ step: 'job.reading_file', done: 20, total: 100 });
  await context.checkpoint();
  const result = await transactionWithPauses(db, context, writeQdpxSteps(db, plan, choices), ({ done, total }) => {
    context.progress({ step: 'job.writing', params: { done, total }, done: 20 + (total > 0 ? (done / total) * 80 : 80), total: 100 });
  });
  afterQdpxImport(db, result);
  return result;
}
