import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { looksEncrypted } from '../../db/sqlite.js';
import { answerPromptsWith, runCli } from '../../electron/cli/run.js';
import { tempDir } from '../helpers/temp.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

afterEach(() => answerPromptsWith(undefined));

function plainJournal() {
  const dir = tempDir();
  const file = join(dir, 'withness.sqlite');
  const db = openDatabase(file);
  createProject(db, { title: 'Street interviews' });
  db.close();
  const keyFile = join(dir, 'passphrase.txt');
  writeFileSync(keyFile, 'tide tables and tea\n');
  return { dir, file, keyFile };
}

/** Every file under the folder with a hash of its bytes. */
function filesWithHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

function recoveryKeyIn(stdout: string): string {
  const match = /^ {4}([0-9A-Z]{5}(?:-[0-9A-Z]{5}){6})$/m.exec(stdout);
  if (!match) throw new Error(`no recovery key in:\n${stdout}`);
  return match[1]!;
}

describe('withness encrypt, rekey, unlock-check and --key-file', () => {
  it('encrypts a plain journal in place (asking first), then every command opens it with --key-file', async () => {
    const { dir, file, keyFile } = plainJournal();
    expect((await run('backup', '--db', file)).code).toBe(0);

    const shortFile = join(dir, 'short.txt');
    writeFileSync(shortFile, 'elleve tegn\n');
    expect(await run('encrypt', '--db', file, '--key-file', shortFile, '--yes')).toMatchObject({ code: 1, stderr: expect.stringMatching(/at least 12 characters/) });
    expect(looksEncrypted(file)).toBe(false);
    const unconfirmed = await run('encrypt', '--db', file, '--key-file', keyFile);
    expect(unconfirmed).toMatchObject({ code: 1, stderr: expect.stringMatching(/--yes/) });
    expect(looksEncrypted(file)).toBe(false);

    const encrypted = await run('encrypt', '--db', file, '--key-file', keyFile, '--yes');
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toMatch(/Encrypted the journal and 1 backup/);
    const recoveryKey = recoveryKeyIn(encrypted.stdout);
    expect(looksEncrypted(file)).toBe(true);
    for (const backup of listBackups(file)) expect(looksEncrypted(backup.path)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['backups', 'passphrase.txt', 'short.txt', 'withness.sqlite', 'withness.sqlite.keys.json']);

    // Without a key file and without a terminal: a clear error.
    expect(await run('search', '--db', file, 'interviews')).toMatchObject({ code: 1, stderr: expect.stringMatching(/is encrypted\. Give --key-file/) });
    expect(await run('check', '--db', file)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--key-file/) });
    expect(await run('check', '--db', file, '--key-file', keyFile)).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });
    expect(await run('backup', '--db', file, '--key-file', keyFile)).toMatchObject({ code: 0 });
    const recoveryFile = join(dir, 'recovery.txt');
    writeFileSync(recoveryFile, recoveryKey);
    expect(await run('unlock-check', '--db', file, '--key-file', recoveryFile)).toMatchObject({ code: 0, stdout: expect.stringMatching(/unlocks with this recovery key/) });
    const wrongFile = join(dir, 'wrong.txt');
    writeFileSync(wrongFile, 'not the passphrase');
    expect(await run('unlock-check', '--db', file, '--key-file', wrongFile)).toMatchObject({ code: 1, stdout: expect.stringMatching(/does NOT unlock/) });
    expect(await run('search', '--db', file, '--key-file', wrongFile, 'interviews')).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not unlock/) });

    // On a "terminal" the passphrase is asked for.
    answerPromptsWith(async () => 'tide tables and tea');
    expect(await run('check', '--db', file)).toMatchObject({ code: 0 });
  });

  it('rekeys with the passphrase: the old recovery key stops working, the new one works', async () => {
    const { dir, file, keyFile } = plainJournal();
    const first = recoveryKeyIn((await run('encrypt', '--db', file, '--key-file', keyFile, '--yes')).stdout);
    const firstFile = join(dir, 'first.txt');
    writeFileSync(firstFile, first);
    expect(await run('rekey', '--db', file, '--key-file', firstFile, '--yes')).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs it \(not the recovery key\)/) });
    answerPromptsWith(async () => 'no');
    expect(await run('rekey', '--db', file, '--key-file', keyFile)).toMatchObject({ code: 1, stdout: expect.stringContaining('Nothing was changed') });
    answerPromptsWith(undefined);
    const rekeyed = await run('rekey', '--db', file, '--key-file', keyFile, '--yes');
    expect(rekeyed.code).toBe(0);
    const second = recoveryKeyIn(rekeyed.stdout);
    const secondFile = join(dir, 'second.txt');
    writeFileSync(secondFile, second);
    expect((await run('unlock-check', '--db', file, '--key-file', firstFile)).code).toBe(1);
    expect((await run('unlock-check', '--db', file, '--key-file', secondFile)).code).toBe(0);
    expect((await run('unlock-check', '--db', file, '--key-file', keyFile)).code).toBe(0);
  });

  it('makes a new recovery key only with the current passphrase or recovery key (review M4)', async () => {
    const { dir, file, keyFile } = plainJournal();
    const first = recoveryKeyIn((await run('encrypt', '--db', file, '--key-file', keyFile, '--yes')).stdout);
    const firstFile = join(dir, 'first.txt');
    writeFileSync(firstFile, first);
    const wrongFile = join(dir, 'wrong.txt');
    writeFileSync(wrongFile, 'not the passphrase at all');
    expect(await run('recovery-key', '--db', file, '--key-file', wrongFile, '--yes')).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not unlock/) });
    const made = await run('recovery-key', '--db', file, '--key-file', keyFile, '--yes');
    expect(made.code).toBe(0);
    const second = recoveryKeyIn(made.stdout);
    const secondFile = join(dir, 'second.txt');
    writeFileSync(secondFile, second);
    expect((await run('unlock-check', '--db', file, '--key-file', firstFile)).code).toBe(1);
    // The recovery key proves the owner as well as the passphrase does.
    const third = recoveryKeyIn((await run('recovery-key', '--db', file, '--key-file', secondFile, '--yes')).stdout);
    expect((await run('unlock-check', '--db', file, '--key-file', secondFile)).code).toBe(1);
    writeFileSync(secondFile, third);
    expect((await run('unlock-check', '--db', file, '--key-file', secondFile)).code).toBe(0);
  });

  it('unlock-check writes nothing, even beside an interrupted rekey’s pending key file (review LOW)', async () => {
    const { dir, file, keyFile } = plainJournal();
    expect((await run('encrypt', '--db', file, '--key-file', keyFile, '--yes')).code).toBe(0);
    // An interrupted rekey's pending envelope: opening through the host would settle (remove) it.
    copyFileSync(`${file}.keys.json`, `${file}.keys.json.next`);
    const before = filesWithHashes(dir);
    expect(await run('unlock-check', '--db', file, '--key-file', keyFile)).toMatchObject({ code: 0, stdout: expect.stringMatching(/unlocks with this passphrase/) });
    expect(filesWithHashes(dir)).toEqual(before);
  });

  it('asks for a new passphrase twice on a terminal, and refuses when the two differ', async () => {
    const { file } = plainJournal();
    const answers = ['first phrase here', 'second phrase here'];
    answerPromptsWith(async () => answers.shift() ?? 'yes');
    expect(await run('encrypt', '--db', file)).toMatchObject({ code: 1, stderr: expect.stringMatching(/two passphrases differ/) });
    expect(looksEncrypted(file)).toBe(false);
    const asked: string[] = [];
    const replies = ['same phrase twice', 'same phrase twice', 'yes'];
    answerPromptsWith(async (question) => (asked.push(question), replies.shift()!));
    const encrypted = await run('encrypt', '--db', file);
    expect(encrypted.code).toBe(0);
    expect(asked).toEqual([expect.stringMatching(/^New passphrase for /), 'The same passphrase again: ', expect.stringMatching(/Type "yes" to go ahead/)]);
    expect(looksEncrypted(file)).toBe(true);
  });

  it('reads --key-file and prompts through the one module bundles use too (secret-input.ts)', async () => {
    const { dir, file, keyFile } = plainJournal();
    expect((await run('encrypt', '--db', file, '--key-file', keyFile, '--yes')).code).toBe(0);
    expect(await run('check', '--db', file, '--key-file', join(dir, 'absent.txt'))).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no key file') });
    writeFileSync(join(dir, 'empty.txt'), '\n');
    expect(await run('check', '--db', file, '--key-file', join(dir, 'empty.txt'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/key file .* is empty/) });
    // Exactly one no-echo prompt in the command line's code.
    const cli = join(__dirname, '../../electron/cli');
    const withRawMode = readdirSync(cli, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && /setRawMode!?\(true\)/.test(readFileSync(join(cli, name), 'utf8')));
    expect(withRawMode).toEqual(['secret-input.ts']);
  });

  it('lists --key-file in the help of every command that opens a journal', async () => {
    for (const name of ['search', 'backup', 'restore', 'check', 'export', 'import', 'demo']) {
      expect((await run('help', name)).stdout).toContain('--key-file FILE');
    }
  });
});
