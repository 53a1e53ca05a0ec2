import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { createBackup, listBackups } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { JournalHost, openJournal } from '../../electron/journal.js';
import { loadMigrations } from '../../db/migrations.js';
import { tempDir } from '../helpers/temp.js';

async function journalWithBackup() {
  const file = join(tempDir(), 'withness.sqlite');
  const db = openDatabase(file);
  createProject(db, { title: 'Field notes from the library' });
  for (let index = 0; index < 150; index += 1) createProject(db, { title: `Filler ${index}`, concern: 'y'.repeat(3000) });
  const backup = await createBackup(db, 'manual');
  db.close();
  return { file, backup };
}

function damage(file: string) {
  const handle = openSync(file, 'r+');
  // Overwrite pages in the middle of the file: the header stays, the b-trees do not.
  writeSync(handle, Buffer.alloc(16_384, 0x5a), 0, 16_384, 20_480);
  closeSync(handle);
}

describe('opening the journal at start', () => {
  it('makes the day’s backup and answers the API', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const host = await JournalHost.open(file);
    expect(host.damaged).toBe(false);
    expect(await host.dispatch('journal:status', {})).toMatchObject({ ok: true, value: { state: 'ok' } });
    const backups = await host.dispatch('backups:list', {});
    expect(backups).toMatchObject({ ok: true, value: [{ kind: 'daily' }] });
    host.close();
  });

  it('backs up before migrating an older journal, then migrates it', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const migrations = loadMigrations();
    const older = openDatabase(file, { migrations });
    createProject(older, { title: 'Made by the older version' });
    older.close();
    const next = [...migrations, { version: migrations.length + 1, name: 'future', sql: 'CREATE TABLE future_feature (id TEXT PRIMARY KEY) STRICT;' }];
    const db = await openJournal(file, { migrations: next });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    db.close();
    const preMigration = listBackups(file).filter((backup) => backup.kind === 'pre-migration');
    expect(preMigration).toHaveLength(1);
    const copy = openSqlite(preMigration[0]!.path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(copy.prepare('SELECT title FROM projects').pluck().all()).toEqual(['Made by the older version']);
    copy.close();
  });

  it('opens a damaged journal in recovery, refuses the rest of the API, and restores the newest good backup', async () => {
    const { file, backup } = await journalWithBackup();
    damage(file);
    const host = await JournalHost.open(file);
    expect(host.damaged).toBe(true);
    const status = await host.dispatch('journal:status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'damaged', message: expect.stringMatching(/damage/) } });
    expect(await host.dispatch('projects:list', {})).toMatchObject({ ok: false, error: { code: 'journal_damaged' } });
    expect(await host.dispatch('backups:list', {})).toMatchObject({ ok: true, value: [{ name: backup.name }] });
    expect(await host.dispatch('backups:restore', { name: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const restored = await host.dispatch('backups:restore', { name: backup.name });
    expect(restored).toMatchObject({ ok: true, value: { restored: backup.name, kept_copy: expect.stringContaining('.damaged-') } });
    expect(host.damaged).toBe(false);
    const projects = await host.dispatch('projects:list', {});
    expect(projects.ok && (projects.value as { title: string }[]).some((project) => project.title === 'Field notes from the library')).toBe(true);
    // The damaged file is kept beside the journal, never deleted.
    expect(readdirSync(dirname(file)).some((name) => name.startsWith('withness.sqlite.damaged-'))).toBe(true);
    host.close();
    expect(existsSync(file)).toBe(true);
  });

  it('treats a file that is not a database at all as damaged', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'This is a shopping list, not a journal.'.repeat(200));
    const host = await JournalHost.open(file);
    expect(host.damaged).toBe(true);
    expect(await host.dispatch('backups:list', {})).toEqual({ ok: true, value: [] });
  });
});
