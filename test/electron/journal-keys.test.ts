import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { keysPathFor } from '../../db/journal-keys/envelope.js';
import { newRecoveryKey } from '../../db/journal-keys/recovery-key.js';
import { createProject } from '../../db/repositories/projects.js';
import { looksEncrypted, openSqlite } from '../../db/sqlite.js';
import { JournalHost } from '../../electron/journal.js';
import { tempDir } from '../helpers/temp.js';

const PASSPHRASE = 'field notes by the harbour';

async function ok<T = unknown>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** Every file of the folder (recursively) with its hash: "nothing was written" means this does not change. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function newEncryptedJournal(passphrase: string | undefined = PASSPHRASE) {
  const dir = tempDir();
  const file = join(dir, 'withness.sqlite');
  const host = await JournalHost.open(file, { newJournal: 'encrypted' });
  expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ state: 'needs_setup', encrypted: false, keychain: 'none' });
  const { recovery_key: recoveryKey } = await ok<{ recovery_key: string }>(host.dispatch('journal:setup', passphrase === undefined ? {} : { passphrase }));
  const project = await ok<{ id: string }>(host.dispatch('projects:create', { title: 'Harbour inquiry' }));
  return { dir, file, host, recoveryKey, project };
}

async function titles(host: JournalHost): Promise<string[]> {
  return (await ok<{ title: string }[]>(host.dispatch('projects:list', {}))).map((project) => project.title);
}

describe('the encrypted journal in its host', () => {
  it('sets up a new journal encrypted, starts locked, and unlocks with the passphrase or the recovery key', async () => {
    const { dir, file, host, recoveryKey } = await newEncryptedJournal();
    expect(recoveryKey).toMatch(/^([0-9A-Z]{5}-){6}[0-9A-Z]{5}$/);
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ state: 'ok', encrypted: true, recovery_pending: true, has_passphrase: true });
    host.close();
    expect(looksEncrypted(file)).toBe(true);
    expect(existsSync(keysPathFor(file))).toBe(true);

    const locked = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(await ok(locked.dispatch('journal:status', {}))).toMatchObject({ state: 'locked', encrypted: true, has_passphrase: true });
    expect(await locked.dispatch('projects:list', {})).toMatchObject({ ok: false, error: { code: 'journal_locked' } });
    expect(await locked.dispatch('backups:list', {})).toMatchObject({ ok: false, error: { code: 'journal_locked' } });
    expect(await locked.dispatch('journal:rekey', {})).toMatchObject({ ok: false, error: { code: 'journal_locked' } });

    const before = snapshot(dir);
    expect(await locked.dispatch('journal:unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'wrong_key', message: expect.stringMatching(/does not unlock/) } });
    expect(await locked.dispatch('journal:unlock', { recovery_key: newRecoveryKey() })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(await locked.dispatch('journal:unlock', { recovery_key: recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/typo/) },
    });
    expect(snapshot(dir)).toEqual(before);
    expect(locked.state).toBe('locked');

    await ok(locked.dispatch('journal:unlock', { passphrase: PASSPHRASE }));
    expect(await titles(locked)).toEqual(['Harbour inquiry']);
    locked.close();

    const again = await JournalHost.open(file, { newJournal: 'encrypted' });
    await ok(again.dispatch('journal:unlock', { recovery_key: recoveryKey.toLowerCase().replace(/-/g, ' ') }));
    expect(await titles(again)).toEqual(['Harbour inquiry']);
    again.close();

    // A key file (command line, browser mode) holds either secret.
    const withKeyFile = await JournalHost.open(file, { secret: `${recoveryKey}\n` });
    expect(await titles(withKeyFile)).toEqual(['Harbour inquiry']);
    withKeyFile.close();
    await expect(JournalHost.open(file, { secret: 'wrong passphrase' })).rejects.toMatchObject({ code: 'wrong_key' });
  });

  it('refuses to set up without a passphrase where there is no keychain, and says why on a weak one', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const host = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(await host.dispatch('journal:setup', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /Choose a passphrase/ } });
    expect(await host.dispatch('journal:setup', { passphrase: 'elleve tegn' })).toMatchObject({ ok: false, error: { message: /at least 12/ } });
    expect(existsSync(file) || existsSync(keysPathFor(file))).toBe(false);
    const weak = await JournalHost.open(file, { newJournal: 'encrypted', weakKeychain: 'basic_text' });
    expect(await ok(weak.dispatch('journal:status', {}))).toMatchObject({ state: 'needs_setup', keychain: 'weak' });
    expect(await weak.dispatch('journal:setup', {})).toMatchObject({ ok: false, error: { message: /keychain does not protect secrets \(basic_text\)/ } });
  });

  it('fails closed: a key from another journal or a damaged header gives a clear error and writes nothing', async () => {
    const one = await newEncryptedJournal();
    const other = await newEncryptedJournal();
    one.host.close();
    other.host.close();
    // The key file of another journal: its passphrase opens that envelope, whose key does not open this file.
    const { copyFileSync } = await import('node:fs');
    copyFileSync(keysPathFor(other.file), keysPathFor(one.file));
    const before = snapshot(one.dir);
    const host = await JournalHost.open(one.file);
    expect(host.state).toBe('locked');
    expect(await host.dispatch('journal:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'wrong_key', message: /Nothing was written/ } });
    expect(snapshot(one.dir)).toEqual(before);

    // The journal's first page damaged (its salt and header), with its own key file.
    copyFileSync(keysPathFor(other.file), keysPathFor(one.file));
    const handle = openSync(other.file, 'r+');
    writeSync(handle, Buffer.alloc(64, 0x41), 0, 64, 0);
    closeSync(handle);
    const damagedBefore = snapshot(other.dir);
    const damaged = await JournalHost.open(other.file);
    // Its own key opens its backups: the file is damaged, not the key wrong (review M2), and nothing is written.
    expect(await damaged.dispatch('journal:unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    expect(damaged.state).toBe('damaged');
    expect(snapshot(other.dir)).toEqual(damagedBefore);
  });

  it('rekeys the journal and its backups: the old recovery key stops working, the new one and the passphrase work', async () => {
    const { file, host, recoveryKey } = await newEncryptedJournal();
    await ok(host.dispatch('backups:create', {}));
    expect(await host.dispatch('journal:rekey', {})).toMatchObject({ ok: false, error: { message: /current passphrase/ } });
    expect(await host.dispatch('journal:rekey', { passphrase: 'wrong one, surely' })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    const { recovery_key: fresh } = await ok<{ recovery_key: string }>(host.dispatch('journal:rekey', { passphrase: PASSPHRASE }));
    expect(fresh).not.toBe(recoveryKey);
    await ok(host.dispatch('projects:create', { title: 'After the rekey' }));
    for (const backup of listBackups(file)) expect(await ok(host.dispatch('backups:verify', { name: backup.name }))).toMatchObject({ ok: true });
    expect(existsSync(`${keysPathFor(file)}.next`)).toBe(false);
    host.close();

    await expect(JournalHost.open(file, { secret: recoveryKey })).rejects.toMatchObject({ code: 'wrong_key' });
    const byRecovery = await JournalHost.open(file, { secret: fresh });
    expect(await titles(byRecovery)).toEqual(['After the rekey', 'Harbour inquiry']);
    byRecovery.close();
    const byPassphrase = await JournalHost.open(file, { secret: PASSPHRASE });
    expect(byPassphrase.state).toBe('ok');
    byPassphrase.close();
  });

  it('survives a rekey interrupted between PRAGMA rekey and the envelope’s rename: the pending envelope opens it and takes over', async () => {
    const { file, host, recoveryKey } = await newEncryptedJournal();
    const before = readFileSync(keysPathFor(file));
    const { recovery_key: fresh } = await ok<{ recovery_key: string }>(host.dispatch('journal:rekey', { passphrase: PASSPHRASE }));
    host.close();
    // As the files stand if the process stopped just before the rename: the new envelope pending, the old in place.
    renameSync(keysPathFor(file), `${keysPathFor(file)}.next`);
    writeFileSync(keysPathFor(file), before);
    await expect(JournalHost.open(file, { secret: recoveryKey })).rejects.toMatchObject({ code: 'wrong_key' });
    const reopened = await JournalHost.open(file, { secret: PASSPHRASE });
    expect(await titles(reopened)).toEqual(['Harbour inquiry']);
    reopened.close();
    expect(existsSync(`${keysPathFor(file)}.next`)).toBe(false);
    const byFresh = await JournalHost.open(file, { secret: fresh });
    expect(byFresh.state).toBe('ok');
    byFresh.close();
  });

  it('drops a pending envelope when the rekey never took effect (the old key still opens the file)', async () => {
    const { file, host, recoveryKey } = await newEncryptedJournal();
    host.close();
    const { createEnvelope, newDataKey, writeEnvelopeFile } = await import('../../db/journal-keys/envelope.js');
    writeEnvelopeFile(`${keysPathFor(file)}.next`, (await createEnvelope(newDataKey(), { passphrase: PASSPHRASE })).envelope);
    const reopened = await JournalHost.open(file, { secret: PASSPHRASE });
    expect(reopened.state).toBe('ok');
    reopened.close();
    expect(existsSync(`${keysPathFor(file)}.next`)).toBe(false);
    const byRecovery = await JournalHost.open(file, { secret: recoveryKey });
    expect(byRecovery.state).toBe('ok');
    byRecovery.close();
  });

  it('changes the passphrase only with the current one, and replaces an unconfirmed recovery key', async () => {
    const { file, host, recoveryKey } = await newEncryptedJournal();
    expect(await host.dispatch('journal:changePassphrase', { passphrase: 'a brand new phrase' })).toMatchObject({ ok: false, error: { message: /current passphrase/ } });
    expect(await host.dispatch('journal:changePassphrase', { current: 'not the current one', passphrase: 'a brand new phrase' })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    await ok(host.dispatch('journal:changePassphrase', { current: PASSPHRASE, passphrase: 'a brand new phrase' }));

    const { recovery_key: replacement } = await ok<{ recovery_key: string }>(host.dispatch('journal:newRecoveryKey', {}));
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ recovery_pending: true });
    await ok(host.dispatch('journal:confirmRecoveryKey', {}));
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ recovery_pending: false });
    host.close();

    await expect(JournalHost.open(file, { secret: PASSPHRASE })).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(JournalHost.open(file, { secret: recoveryKey })).rejects.toMatchObject({ code: 'wrong_key' });
    for (const secret of ['a brand new phrase', replacement]) {
      const reopened = await JournalHost.open(file, { secret });
      expect(reopened.state).toBe('ok');
      reopened.close();
    }
  });

  it('makes a new recovery key only with the current passphrase or recovery key once a key was confirmed (review M4)', async () => {
    const { file, host, recoveryKey } = await newEncryptedJournal();
    await ok(host.dispatch('journal:confirmRecoveryKey', {}));
    const envelopeBefore = readFileSync(keysPathFor(file), 'utf8');
    expect(await host.dispatch('journal:newRecoveryKey', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/current passphrase/) } });
    expect(await host.dispatch('journal:newRecoveryKey', { passphrase: 'not the passphrase at all' })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(await host.dispatch('journal:newRecoveryKey', { recovery_key: newRecoveryKey() })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(readFileSync(keysPathFor(file), 'utf8')).toBe(envelopeBefore);

    const { recovery_key: second } = await ok<{ recovery_key: string }>(host.dispatch('journal:newRecoveryKey', { passphrase: PASSPHRASE }));
    // Unconfirmed again, but a key was confirmed before: still no reissue without proof.
    expect(await host.dispatch('journal:newRecoveryKey', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const { recovery_key: third } = await ok<{ recovery_key: string }>(host.dispatch('journal:newRecoveryKey', { recovery_key: second }));
    host.close();
    await expect(JournalHost.open(file, { secret: recoveryKey })).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(JournalHost.open(file, { secret: second })).rejects.toMatchObject({ code: 'wrong_key' });
    const reopened = await JournalHost.open(file, { secret: third });
    expect(reopened.state).toBe('ok');
    reopened.close();
  });

  it('adds a passphrase to a keychain-only journal, or rekeys it, only with the current recovery key', async () => {
    // A keychain that really protects (as the app's safeStorage would): a reversible wrap is enough for the host.
    const keychain = { wrap: (key: Buffer) => Buffer.from(key).reverse(), unwrap: (blob: Buffer) => Buffer.from(blob).reverse() };
    const file = join(tempDir(), 'withness.sqlite');
    // With a keychain the app sets the journal up at first start; the window then issues the recovery key it shows.
    const host = await JournalHost.open(file, { newJournal: 'encrypted', keychain });
    const { recovery_key: recoveryKey } = await ok<{ recovery_key: string }>(host.dispatch('journal:newRecoveryKey', {}));
    await ok(host.dispatch('journal:confirmRecoveryKey', {}));
    const envelopeBefore = readFileSync(keysPathFor(file), 'utf8');

    expect(await host.dispatch('journal:changePassphrase', { passphrase: 'a lasting way in, twelve+' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /current recovery key/ } });
    expect(await host.dispatch('journal:rekey', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /current recovery key/ } });
    expect(await host.dispatch('journal:rekey', { recovery_key: newRecoveryKey() })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(readFileSync(keysPathFor(file), 'utf8')).toBe(envelopeBefore);

    await ok(host.dispatch('journal:changePassphrase', { recovery_key: recoveryKey, passphrase: 'the owner’s own passphrase' }));
    host.close();
    const reopened = await JournalHost.open(file, { secret: 'the owner’s own passphrase' });
    expect(reopened.state).toBe('ok');
    reopened.close();

    const keychainOnly = join(tempDir(), 'withness.sqlite');
    const second = await JournalHost.open(keychainOnly, { newJournal: 'encrypted', keychain });
    const { recovery_key: secondKey } = await ok<{ recovery_key: string }>(second.dispatch('journal:newRecoveryKey', {}));
    const { recovery_key: rekeyed } = await ok<{ recovery_key: string }>(second.dispatch('journal:rekey', { recovery_key: secondKey }));
    second.close();
    await expect(JournalHost.open(keychainOnly, { secret: secondKey })).rejects.toMatchObject({ code: 'wrong_key' });
    const afterRekey = await JournalHost.open(keychainOnly, { secret: rekeyed });
    expect(afterRekey.state).toBe('ok');
    afterRekey.close();
  });

  it('backs up encrypted with the same key and restores an encrypted backup', async () => {
    const { dir, file, host } = await newEncryptedJournal();
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    const backupPath = join(dir, 'backups', made.name);
    expect(looksEncrypted(backupPath)).toBe(true);
    expect(() => openSqlite(backupPath, { readonly: true }).prepare('SELECT 1 FROM projects').get()).toThrow();
    await ok(host.dispatch('projects:create', { title: 'Written after the backup' }));
    expect(await ok(host.dispatch('backups:restore', { name: made.name }))).toMatchObject({ restored: made.name, kept_copy: expect.stringContaining('pre-restore') });
    expect(await titles(host)).toEqual(['Harbour inquiry']);
    const preRestore = listBackups(file).find((backup) => backup.kind === 'pre-restore')!;
    expect(await ok(host.dispatch('backups:verify', { name: preRestore.name }))).toMatchObject({ ok: true });
    host.close();
  });

  it('restores over a damaged encrypted journal from its recovery state', async () => {
    const { file, host } = await newEncryptedJournal();
    for (let index = 0; index < 150; index += 1) await ok(host.dispatch('projects:create', { title: `Filler ${index}`, concern: 'y'.repeat(3000) }));
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    host.close();
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(16_384, 0x5a), 0, 16_384, 40_960);
    closeSync(handle);
    const reopened = await JournalHost.open(file, { secret: PASSPHRASE });
    expect(reopened.state).toBe('damaged');
    expect(await ok(reopened.dispatch('backups:verify', { name: made.name }))).toMatchObject({ ok: true });
    expect(await ok(reopened.dispatch('backups:restore', { name: made.name }))).toMatchObject({ restored: made.name, kept_copy: expect.stringContaining('.damaged-') });
    expect(reopened.state).toBe('ok');
    expect(await titles(reopened)).toHaveLength(151);
    reopened.close();
  });

  it('unlocks a journal whose first page is damaged into recovery with its key: backups listed, checked, restored (review M2)', async () => {
    const { file, host } = await newEncryptedJournal();
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    host.close();
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(16, 7), 0, 16, 0);
    closeSync(handle);

    const locked = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(locked.state).toBe('locked');
    expect(await locked.dispatch('journal:unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(locked.state).toBe('locked');
    await ok(locked.dispatch('journal:unlock', { passphrase: PASSPHRASE }));
    expect(locked.state).toBe('damaged');
    expect(await ok(locked.dispatch('journal:status', {}))).toMatchObject({ state: 'damaged', encrypted: true, message: expect.stringMatching(/first page is damaged/) });
    expect((await ok<{ name: string }[]>(locked.dispatch('backups:list', {}))).map((backup) => backup.name)).toContain(made.name);
    expect(await ok(locked.dispatch('backups:verify', { name: made.name }))).toMatchObject({ ok: true });
    expect(await ok(locked.dispatch('backups:restore', { name: made.name }))).toMatchObject({ restored: made.name, kept_copy: expect.stringContaining('.damaged-') });
    expect(locked.state).toBe('ok');
    expect(await titles(locked)).toEqual(['Harbour inquiry']);
    locked.close();
  });

  it('converts damaged copies and wipes upload pieces too, and gives the recovery key when a clean-up fails (review M8)', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const plain = openDatabase(file);
    createProject(plain, { title: 'PLANTED-M8 harbour words' });
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.close();
    const readable = `${file}.damaged-2026-01-01T00-00-00-000Z`;
    copyFileSync(file, readable);
    const broken = `${file}.damaged-2026-01-02T00-00-00-000Z`;
    writeFileSync(broken, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(5000, 1), Buffer.from('PLANTED-M8 in a broken copy')]));
    mkdirSync(join(dir, '.withness-uploads'));
    writeFileSync(join(dir, '.withness-uploads', 'piece-1'), 'PLANTED-M8 in an upload');
    // Something that cannot be wiped (a folder among the upload pieces): reported, and the recovery key still given.
    mkdirSync(join(dir, '.withness-uploads', 'stuck'));
    const host = await JournalHost.open(file);
    const converted = await ok<{ recovery_key: string; copies_encrypted: string[]; copies_wiped: string[]; cleanup_problems: string[] }>(
      host.dispatch('journal:encrypt', { passphrase: PASSPHRASE }),
    );
    expect(converted.recovery_key).toMatch(/^([0-9A-Z]{5}-){6}[0-9A-Z]{5}$/);
    expect(converted.cleanup_problems).toEqual([expect.stringContaining('stuck')]);
    expect(converted.copies_encrypted).toEqual([basename(readable)]);
    expect(converted.copies_wiped.sort()).toEqual(['.withness-uploads/piece-1', basename(broken)]);
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ state: 'ok', encrypted: true });
    expect(await titles(host)).toEqual(['PLANTED-M8 harbour words']);
    host.close();
    expect(looksEncrypted(readable)).toBe(true);
    const leaks = Object.keys(snapshot(dir)).filter((path) => readFileSync(path).includes(Buffer.from('PLANTED-M8')));
    expect(leaks).toEqual([]);
    const reopened = await JournalHost.open(file, { secret: converted.recovery_key });
    expect(reopened.state).toBe('ok');
    reopened.close();
  });

  it('wipes what an interrupted conversion left, and puts an interrupted swap right, at the next open (review M1)', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const plain = openDatabase(file);
    createProject(plain, { title: 'Still here' });
    plain.close();
    const host = await JournalHost.open(file);
    const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
    host.close();
    const backup = join(dir, 'backups', made.name);
    const leftovers = [`${file}.encrypting`, `${file}.plain-1700000000000`, join(dir, 'backups', `.${made.name}.encrypting`), `${backup}.plain`];
    const witnesses = leftovers.map((path, index) => {
      writeFileSync(path, `PLANTED-M1 leftover ${index}`);
      // A second name for the same blocks: it shows whether they were overwritten, not just unlinked.
      const witness = join(dir, `witness-${index}`);
      linkSync(path, witness);
      return witness;
    });
    const reopened = await JournalHost.open(file);
    expect(reopened.state).toBe('ok');
    reopened.close();
    for (const path of leftovers) expect(existsSync(path)).toBe(false);
    for (const witness of witnesses) expect(readFileSync(witness).includes(Buffer.from('PLANTED-M1'))).toBe(false);
    expect(existsSync(backup)).toBe(true);

    // Stopped between the swap's two renames with no encrypted copy: the plain journal comes back under its name.
    renameSync(file, `${file}.plain-1700000000001`);
    const back = await JournalHost.open(file);
    expect(await titles(back)).toEqual(['Still here']);
    back.close();
    expect(readdirSync(dir).filter((name) => name.includes('.plain-'))).toEqual([]);
  });

  it('refuses a plain journal file beside a key file, writing nothing (review LOW)', async () => {
    const { dir, file, host } = await newEncryptedJournal();
    host.close();
    const plainDir = tempDir();
    const plainFile = join(plainDir, 'withness.sqlite');
    const plain = openDatabase(plainFile);
    createProject(plain, { title: 'Swapped in' });
    plain.pragma('journal_mode = DELETE');
    plain.close();
    copyFileSync(plainFile, file);
    const before = snapshot(dir);
    const refused = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(refused.state).toBe('damaged');
    expect(await ok(refused.dispatch('journal:status', {}))).toMatchObject({ state: 'damaged', message: expect.stringMatching(/not encrypted, but its key file/) });
    expect(await refused.dispatch('projects:list', {})).toMatchObject({ ok: false, error: { code: 'journal_damaged' } });
    refused.close();
    expect(snapshot(dir)).toEqual(before);
  });

  it('converts a plain journal with its backups: counts equal, the plain files gone', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const plain = openDatabase(file);
    for (let index = 0; index < 20; index += 1) createProject(plain, { title: `Plain ${index}` });
    plain.close();
    const host = await JournalHost.open(file);
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ state: 'ok', encrypted: false });
    await ok(host.dispatch('backups:create', {}));
    const counts = (await import('../../db/journal-keys/journal-file.js')).tableCounts(host.db!);
    expect(await host.dispatch('journal:encrypt', {})).toMatchObject({ ok: false, error: { message: /Choose a passphrase/ } });
    expect(await host.dispatch('journal:encrypt', { passphrase: 'elleve tegn' })).toMatchObject({ ok: false, error: { message: /at least 12/ } });
    // A refused conversion leaves the plain journal open and whole.
    expect(await titles(host)).toHaveLength(20);
    const converted = await ok<{ recovery_key: string; backups_encrypted: number; backups_skipped: string[] }>(host.dispatch('journal:encrypt', { passphrase: PASSPHRASE }));
    expect(converted.backups_encrypted).toBe(2);
    expect(converted.backups_skipped).toEqual([]);
    expect(await ok(host.dispatch('journal:status', {}))).toMatchObject({ state: 'ok', encrypted: true });
    expect(await titles(host)).toHaveLength(20);
    host.close();
    expect(looksEncrypted(file)).toBe(true);
    for (const backup of listBackups(file)) expect(looksEncrypted(backup.path)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['backups', 'withness.sqlite', 'withness.sqlite.keys.json']);
    const reopened = await JournalHost.open(file, { secret: converted.recovery_key });
    expect((await import('../../db/journal-keys/journal-file.js')).tableCounts(reopened.db!)).toEqual(counts);
    reopened.close();
  });
});
