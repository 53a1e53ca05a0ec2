import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalHost } from '../../electron/journal.js';
import { tempDir } from '../helpers/temp.js';

async function ok<T = unknown>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** Every file under `dir` (database, -wal, -shm, backups, the key file, anything left behind) holding one of the needles. */
function filesHolding(dir: string, needles: Buffer[]): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (needles.some((needle) => readFileSync(path).includes(needle))) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

function needlesFor(sentence: string): Buffer[] {
  const utf16be = Buffer.from(sentence, 'utf16le');
  utf16be.swap16();
  return [Buffer.from(sentence, 'utf8'), Buffer.from(sentence, 'utf16le'), utf16be];
}

/** Writes the sentence as a note (then a backup), a dialogue turn and a reflection, through the API. */
async function writeThroughApi(host: JournalHost, sentence: string): Promise<void> {
  const project = await ok<{ id: string }>(host.dispatch('projects:create', { title: 'Plaintext scan' }));
  await ok(host.dispatch('notes:create', { project_id: project.id, title: 'Harbour', body: `Note: ${sentence}` }));
  await ok(host.dispatch('backups:create', {}));
  const dialogue = await ok<{ id: string }>(host.dispatch('dialogues:create', { project_id: project.id, kind: 'workshop', title: 'Kick-off' }));
  await ok(host.dispatch('turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: `Turn: ${sentence}` }));
  await ok(host.dispatch('reflections:create', { project_id: project.id, title: 'After', body: `Reflection: ${sentence}` }));
}

describe('no plaintext on disk', () => {
  it('finds a unique sentence in no file of an encrypted journal’s folder, and finds it in a plain one', async () => {
    const sentence = `The ferry timetable ${randomUUID()} made everyone late`;
    const needles = needlesFor(sentence);

    const encryptedDir = tempDir();
    const encrypted = await JournalHost.open(join(encryptedDir, 'withness.sqlite'), { newJournal: 'encrypted' });
    await ok(encrypted.dispatch('journal:setup', { passphrase: 'a scan passphrase' }));
    await writeThroughApi(encrypted, sentence);
    // While it is open, the WAL holds the latest writes: scan then too.
    expect(readdirSync(encryptedDir)).toContain('withness.sqlite-wal');
    expect(filesHolding(encryptedDir, needles)).toEqual([]);
    encrypted.close();
    const encryptedFiles = readdirSync(encryptedDir, { recursive: true }) as string[];
    expect(encryptedFiles.filter((name) => name.startsWith('backups/'))).toHaveLength(2);
    expect(filesHolding(encryptedDir, needles)).toEqual([]);

    // The same scan on a plain journal finds the sentence, so an empty result above means something.
    const plainDir = tempDir();
    const plain = await JournalHost.open(join(plainDir, 'withness.sqlite'));
    await writeThroughApi(plain, sentence);
    plain.close();
    const plainHits = filesHolding(plainDir, needles);
    expect(plainHits).toContain('withness.sqlite');
    expect(plainHits.filter((name) => name.startsWith('backups/'))).toHaveLength(1);
  });
});
