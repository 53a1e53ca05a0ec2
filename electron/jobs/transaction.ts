import type { Db } from '../../db/connection.js';
import type { JobContext } from './jobs.js';

/**
 * Runs synchronous SQLite work, written as a generator that yields between batches, in ONE transaction that stays
 * open across the pauses: each pause lets the event loop turn (progress is read, a cancel arrives), and a cancel or
 * a failure rolls everything back. The job must be started `exclusive`, so no other call runs on the connection
 * while the transaction is open.
 */
export async function transactionWithPauses<Tick, Result>(
  db: Db,
  context: JobContext,
  work: Generator<Tick, Result>,
  onTick: (tick: Tick) => void,
): Promise<Result> {
  if (db.inTransaction) throw new Error('A job cannot start its transaction inside another one.');
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let next = work.next(); ; next = work.next()) {
      if (next.done) {
        db.exec('COMMIT');
        return next.value;
      }
      onTick(next.value);
      await context.checkpoint();
    }
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
