/**
 * The generator's planner in a worker thread: makes the inquiry's rows (all the text) one transaction's batch
 * at a time and hands them to the writer on the main thread (see planInWorker in generate.ts), at most
 * AHEAD batches ahead of it, so making the next cycle's text overlaps with writing the current one.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { IndexBuilder, type PrebuiltIndexPlan } from '../index-prebuilt.js';
import { batchStems, indexBatch, planInquiry, type ScaleName, type WorkerStems } from './generate.js';

const AHEAD = 2;
const { scale, seed, stems, build, port, signal } = workerData as {
  scale: ScaleName;
  seed: number;
  stems: WorkerStems;
  build?: PrebuiltIndexPlan;
  port: MessagePort;
  signal: SharedArrayBuffer;
};
/** [0] messages posted, [1] batches the writer has taken. */
const flags = new Int32Array(signal);
let posted = 0;

function post(message: unknown): void {
  port.postMessage(message);
  posted += 1;
  Atomics.store(flags, 0, posted);
  Atomics.notify(flags, 0);
}

let builder: IndexBuilder | undefined;
try {
  // The exact search index of the whole build, made here while the writer writes the rows and builds the stems
  // index (db/index-prebuilt.ts).
  builder = build ? new IndexBuilder(build, 'events_fts') : undefined;
  planInquiry(scale, seed, (batch) => {
    for (;;) {
      const taken = Atomics.load(flags, 1);
      if (posted - taken < AHEAD) break;
      Atomics.wait(flags, 1, taken);
    }
    // The stems text too, of every batch or of every other one, as the writer asks (see WorkerStems).
    const withStems = stems === 'all' || (stems === 'half' && posted % 2 === 1);
    post({ batch: withStems ? { ...batch, stems: batchStems(batch) } : batch });
    if (builder) indexBatch(builder, batch);
  });
  builder?.finish();
  post({ done: true });
} catch (error) {
  builder?.abandon();
  post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
