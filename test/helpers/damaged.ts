import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createBackup } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';

/**
 * A journal that cannot be opened, with a good manual backup beside it: pages in its middle are overwritten, so it
 * opens only on the recovery screen. Returns the journal's path in `dir`.
 */
export async function writeDamagedJournal(dir: string): Promise<string> {
  const file = join(dir, 'withness.sqlite');
  const db = openDatabase(file);
  createProject(db, { title: 'Interviews with frontline staff' });
  for (let index = 0; index < 150; index += 1) createProject(db, { title: `Older inquiry ${index}`, concern: 'z'.repeat(3000) });
  await createBackup(db, 'manual');
  db.close();
  const handle = openSync(file, 'r+');
  writeSync(handle, Buffer.alloc(16_384, 0x5a), 0, 16_384, 20_480);
  closeSync(handle);
  return file;
}
