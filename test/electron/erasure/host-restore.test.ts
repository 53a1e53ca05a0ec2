import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.js';
import { connectionKey, openSqlite } from '../../../db/sqlite.js';
import { JournalHost } from '../../../electron/journal.js';
import { tempDir } from '../../helpers/temp.js';
import { PLANTED, seedWithdrawal } from './seed.js';

/**
 * The journal host's own restore paths re-apply the erasure log too: the encrypted restore (close, put the backup in
 * place, reopen) and the restore over a damaged journal. Each restores a copy made before the erasure that the
 * erasure could not rewrite (it was kept outside the backups folder, then put back).
 */
const PASSPHRASE = 'field notes by the harbour';
const OLD_COPY = 'withness-2020-01-01T00-00-00-000Z-manual.sqlite';

async function ok<T = unknown>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function present(host: JournalHost, personId: string) {
  const db = host.db!;
  return {
    stakeholder: db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(personId),
    words: db.prepare(`SELECT count(*) FROM dialogue_turns WHERE text LIKE ?`).pluck().get(`%${PLANTED.turn}%`),
  };
}

function stakeholderIn(path: string, personId: string, key?: Buffer): number {
  const copy = openSqlite(path, { readonly: true, ...(key ? { key } : {}) });
  try {
    return copy.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(personId) as number;
  } finally {
    copy.close();
  }
}

describe('restores in the journal host after an erasure', () => {
  it('an encrypted journal: restoring an old copy does not bring the person back', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const host = await JournalHost.open(file, { newJournal: 'encrypted' });
    await ok(host.dispatch('journal:setup', { passphrase: PASSPHRASE }));
    const seeded = seedWithdrawal(host.db!);
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    const stick = join(tempDir(), 'stick.sqlite');
    copyFileSync(join(dir, 'backups', made.name), stick);
    const key = connectionKey(host.db!);
    await ok(host.dispatch('erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase', confirm: true }));
    expect(present(host, seeded.personId)).toEqual({ stakeholder: 0, words: 0 });
    expect(stakeholderIn(stick, seeded.personId, key)).toBe(1);

    copyFileSync(stick, join(dir, 'backups', OLD_COPY));
    await ok(host.dispatch('backups:restore', { name: OLD_COPY }));
    expect(present(host, seeded.personId)).toEqual({ stakeholder: 0, words: 0 });
    host.close();
  });

  it('a damaged journal: restoring an old copy over it does not bring the person back (the log is read from the backups)', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const db = openDatabase(file);
    const seeded = seedWithdrawal(db);
    db.close();
    let host = await JournalHost.open(file);
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    const stick = join(tempDir(), 'stick.sqlite');
    copyFileSync(join(dir, 'backups', made.name), stick);
    for (let index = 0; index < 150; index += 1) await ok(host.dispatch('projects:create', { title: `Filler ${index}`, concern: 'y'.repeat(3000) }));
    await ok(host.dispatch('erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase', confirm: true }));
    host.close();

    // Control: the old copy does hold the person, so only the re-applied log keeps them out.
    expect(stakeholderIn(stick, seeded.personId)).toBe(1);
    copyFileSync(stick, join(dir, 'backups', OLD_COPY));
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(16_384, 0x5a), 0, 16_384, 40_960);
    closeSync(handle);
    host = await JournalHost.open(file);
    expect(host.damaged).toBe(true);
    await ok(host.dispatch('backups:restore', { name: OLD_COPY }));
    expect(host.damaged).toBe(false);
    expect(present(host, seeded.personId)).toEqual({ stakeholder: 0, words: 0 });
    expect(host.db!.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(1);
    host.close();
  });
});
