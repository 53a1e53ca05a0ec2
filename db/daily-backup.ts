/**
 * Starts the day's automatic backup in a worker thread, so that opening a large journal does not wait for it
 * (copying and checking a 1.4 GB journal took 15 s of CPU, 40 s on a busy machine). Returns undefined when no
 * worker can be started here (TypeScript run by something other than tsx, e.g. the test runner, or a bundle without
 * the worker's module): the caller then makes the backup on its own thread, as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type DailyBackupOutcome = { ok: true; name: string | null } | { ok: false; message: string };

function workerStart(): { source: URL | string; eval: boolean } | undefined {
  const here = import.meta.url;
  if (/\.js$/.test(here)) {
    const compiled = new URL('./backup-worker.js', here);
    return existsSync(fileURLToPath(compiled)) ? { source: compiled, eval: false } : undefined;
  }
  // Under tsx: `tsx file.ts` puts its loader's path in execArgv, `node --import tsx` the bare name.
  if (!/\.ts$/.test(here) || !process.execArgv.some((argument) => argument === 'tsx' || /[\\/]tsx[\\/]/.test(argument))) return undefined;
  let api: string;
  try {
    // A worker does not inherit tsx's loader: register it first (the ESM build of its API, as db/generate does).
    api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  } catch {
    return undefined;
  }
  const worker = new URL('./backup-worker.ts', here).href;
  return { source: `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`, eval: true };
}

/** The backup's outcome (a failure is reported, never thrown: the journal itself is unaffected). */
export function dailyBackupInWorker(path: string, key: Buffer | undefined): Promise<DailyBackupOutcome> | undefined {
  if (process.env.WITHNESS_BACKUP_IN_WORKER === '0') return undefined;
  const start = workerStart();
  if (!start) return undefined;
  return new Promise((done) => {
    const worker = new Worker(start.source, { eval: start.eval, workerData: { path, key: key ? new Uint8Array(key) : null } });
    let settled = false;
    const finish = (outcome: DailyBackupOutcome) => {
      if (settled) return;
      settled = true;
      done(outcome);
      void worker.terminate();
    };
    worker.once('message', (message: DailyBackupOutcome) => finish(message));
    worker.once('error', (error) => finish({ ok: false, message: error.message }));
    worker.once('exit', (code) => finish({ ok: false, message: `the backup worker stopped (exit code ${code})` }));
  });
}
