/**
 * The day's automatic backup, made in a worker thread on a connection of its own (see db/daily-backup.ts): copying
 * and integrity-checking a large journal costs seconds of CPU, which on the app's thread would hold up its start and
 * every request meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ensureDailyBackup } from './backup.js';
import { openSqlite } from './sqlite.js';

const { path, key } = workerData as { path: string; key: Uint8Array | null };

async function run(): Promise<{ ok: true; name: string | null } | { ok: false; message: string }> {
  try {
    // Read-only: VACUUM INTO reads one snapshot of the journal while the app goes on writing through its own connection.
    const db = openSqlite(path, { readonly: true, fileMustExist: true, key: key ? Buffer.from(key) : undefined });
    try {
      db.pragma('busy_timeout = 5000');
      const made = await ensureDailyBackup(db, new Date(), { snapshot: true });
      return { ok: true, name: made?.name ?? null };
    } finally {
      db.close();
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

void run().then((result) => parentPort!.postMessage(result));
