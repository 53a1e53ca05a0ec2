import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { promptNewPassphrase, promptPassphrase, readPassphraseFile } from '../../electron/cli/bundle-passphrase.js';
import { CliError } from '../../electron/cli/command.js';
import { runCli } from '../../electron/cli/run.js';
import { ENCRYPTED_BUNDLE_MAGIC } from '../../electron/exchange/bundle-crypto.js';
import { rowCounts, tempDir } from '../helpers/temp.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

function demoJournal(): { dir: string; file: string; projectId: string } {
  const dir = tempDir();
  const file = join(dir, 'source.sqlite');
  const db = openDatabase(file);
  try {
    return { dir, file, projectId: createDemoProject(db).project.id };
  } finally {
    db.close();
  }
}

function countsOf(file: string): Record<string, number> {
  const db = openDatabase(file);
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A stand-in terminal: what the test types arrives as keystrokes; what the prompt writes is kept. */
function fakeTerminal(typed: string[]) {
  const input = Object.assign(new PassThrough(), { isTTY: true, rawMode: false, setRawMode(raw: boolean) { input.rawMode = raw; } });
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => void (written += chunk.toString()));
  // Each answer is typed once the prompt has started listening.
  const answers = [...typed];
  input.on('resume', () => {
    const next = answers.shift();
    if (next !== undefined) setImmediate(() => input.write(next));
  });
  return { streams: { input, output }, written: () => written, input };
}

describe('withness export and import of encrypted bundles', { timeout: 120_000 }, () => {
  it('exports an encrypted bundle with --passphrase-file and imports it back with the same file', async () => {
    const { dir, file, projectId } = demoJournal();
    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, 'Egeby har brug for alle\n');
    const out = join(dir, 'egeby.withness');
    const exported = await run('export', '--db', file, '--project', projectId, '--format', 'bundle', '--out', out, '--passphrase-file', passphraseFile);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('The bundle is encrypted with your passphrase.');
    expect(readFileSync(out).subarray(0, ENCRYPTED_BUNDLE_MAGIC.length).toString('latin1')).toBe(ENCRYPTED_BUNDLE_MAGIC);
    expect(readFileSync(out).includes(Buffer.from('Mette Skovgaard Lund'))).toBe(false);

    const journal = join(tempDir(), 'journal.sqlite');
    // The trailing newline of the file is not part of the passphrase, on either side.
    writeFileSync(passphraseFile, 'Egeby har brug for alle\r\n');
    const imported = await run('import', '--db', journal, '--passphrase-file', passphraseFile, out);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Decrypting the bundle…');
    expect(imported.stdout).toContain(`Imported “${DEMO_TITLE}” into ${journal}`);
    expect(countsOf(journal).field_notes).toBe(25);
  });

  it('refuses a bundle export without --passphrase-file or --plain (no terminal), with both, or with a short passphrase, writing no file', async () => {
    const { dir, file, projectId } = demoJournal();
    const short = join(dir, 'short.txt');
    writeFileSync(short, 'kort\n');
    const good = join(dir, 'good.txt');
    writeFileSync(good, 'a passphrase long enough');
    const base = ['export', '--db', file, '--project', projectId, '--format', 'bundle', '--out', dir];

    const none = await run(...base);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('a bundle is encrypted: give --passphrase-file FILE (the passphrase as text), or --plain for an unencrypted bundle');
    const both = await run(...base, '--plain', '--passphrase-file', good);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give either --passphrase-file or --plain, not both.');
    const tooShort = await run(...base, '--passphrase-file', short);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toContain('--passphrase-file: The passphrase must be at least 12 characters long (it has 4).');
    const missing = await run(...base, '--passphrase-file', join(dir, 'nope.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no passphrase file');
    const qdpx = await run('export', '--db', file, '--project', projectId, '--format', 'qdpx', '--out', dir, '--plain');
    expect(qdpx.code).toBe(2);
    expect(qdpx.stderr).toContain('--passphrase-file and --plain apply to --format bundle, not to qdpx.');
    expect(readdirSync(dir).filter((name) => name.endsWith('.withness') || name.endsWith('.qdpx'))).toEqual([]);
  });

  it('writes a plain bundle only with --plain, and says it is not encrypted', async () => {
    const { dir, file, projectId } = demoJournal();
    const out = join(dir, 'plain.withness');
    const plain = await run('export', '--db', file, '--project', projectId, '--format', 'bundle', '--out', out, '--plain');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('The bundle is NOT encrypted (--plain): anyone who has the file can read everything in it.');
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    // A plain bundle imports without a passphrase, as bundles made before encryption do.
    const journal = join(tempDir(), 'journal.sqlite');
    expect((await run('import', '--db', journal, out)).code).toBe(0);
  });

  it('refuses an encrypted bundle with a wrong passphrase or none, leaving the journal as it was (and creating none)', async () => {
    const { dir, file, projectId } = demoJournal();
    const right = join(dir, 'right.txt');
    writeFileSync(right, 'the right passphrase');
    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, 'the wrong passphrase');
    const out = join(dir, 'egeby.withness');
    expect((await run('export', '--db', file, '--project', projectId, '--format', 'bundle', '--out', out, '--passphrase-file', right)).code).toBe(0);

    const fresh = join(tempDir(), 'fresh.sqlite');
    const refused = await run('import', '--db', fresh, '--passphrase-file', wrong, out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The passphrase is wrong for this bundle');
    expect(existsSync(fresh)).toBe(false);

    const noPassphrase = await run('import', '--db', fresh, out);
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toContain('This bundle is encrypted: give --passphrase-file FILE');
    expect(existsSync(fresh)).toBe(false);

    // An existing journal: same rows and same bytes after a refusal.
    const before = countsOf(file);
    const bytes = sha(file);
    const tampered = readFileSync(out);
    tampered[tampered.length - 20]! ^= 0xff;
    const damaged = join(dir, 'damaged.withness');
    writeFileSync(damaged, tampered);
    const refusedDamaged = await run('import', '--db', file, '--passphrase-file', right, damaged);
    expect(refusedDamaged.code).toBe(1);
    expect(refusedDamaged.stderr).toContain('damaged, incomplete or was changed after export');
    expect((await run('import', '--db', file, '--passphrase-file', wrong, out)).code).toBe(1);
    expect(sha(file)).toBe(bytes);
    expect(countsOf(file)).toEqual(before);
    expect(refusedDamaged.stderr).not.toMatch(/^\s+at /m);
  });

  it('reads a passphrase file without its final line ending, and refuses an empty one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.txt'), '  spaces count  \n');
    expect(readPassphraseFile(join(dir, 'p.txt'))).toBe('  spaces count  ');
    writeFileSync(join(dir, 'empty.txt'), '\n');
    expect(() => readPassphraseFile(join(dir, 'empty.txt'))).toThrow(/is empty/);
  });

  it('asks on a terminal without echoing, takes Backspace, and asks twice for a new passphrase', async () => {
    const one = fakeTerminal(['hemmeligX\u007f ord\r']);
    expect(await promptPassphrase('Passphrase: ', one.streams)).toBe('hemmelig ord');
    expect(one.written()).toBe('Passphrase: \n');
    expect(one.input.rawMode).toBe(false);

    const twice = fakeTerminal(['solsikker i egeby\r', 'solsikker i egeby\r']);
    expect(await promptNewPassphrase(twice.streams, 12)).toBe('solsikker i egeby');
    expect(twice.written()).toBe('Passphrase for the bundle (at least 12 characters): \nThe same passphrase again: \n');

    const differ = fakeTerminal(['solsikker i egeby\r', 'solsikker i egebi\r']);
    await expect(promptNewPassphrase(differ.streams, 12)).rejects.toThrow(CliError);
    const cancelled = fakeTerminal(['abc\u0003']);
    await expect(promptPassphrase('Passphrase: ', cancelled.streams)).rejects.toThrow(/Cancelled/);
  });
});
