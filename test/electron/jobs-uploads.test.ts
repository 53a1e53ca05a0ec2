import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addAttachment } from '../../db/repositories/attachments.js';
import { call, callOrThrow, dispatch } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { openJournal } from '../../electron/journal.js';
import { createClient, type Transport } from '../../renderer/src/api/client.js';
import { runJob, uploadFile } from '../../renderer/src/api/jobs.js';
import { seedRichProject } from '../exports/exchange-helpers.js';
import { rowCounts, tempDatabase, tempDir } from '../helpers/temp.js';

const clientFor = (db: Db) => createClient(((channel, input) => dispatch(db, channel, input)) as Transport);

/** A plain bundle with a sentence in clear inside it: an attachment's bytes are stored uncompressed in the zip. */
function bundleWithSentence(): { bytes: Uint8Array; projectId: string; sentence: string } {
  const { db } = tempDatabase();
  const { projectId, noteId } = seedRichProject(db);
  const sentence = `Mette said she dare not tell the head of the library ${randomUUID()}`;
  addAttachment(db, { project_id: projectId, owner_type: 'field_note', owner_id: noteId, file_name: 'said.txt', media_type: 'text/plain', content: Buffer.from(sentence, 'utf8') });
  const bytes = buildBundle(db, projectId)!.bytes;
  return { bytes, projectId, sentence };
}

const holds = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'));

describe('bundle uploads on disk (review M3)', () => {
  it('keeps the pieces encrypted in the .part file, and the import still reads the whole bundle', async () => {
    const { bytes, projectId, sentence } = bundleWithSentence();
    expect(holds(bytes, sentence)).toBe(true);
    const { db, file } = tempDatabase();
    const client = clientFor(db);
    const uploadId = await uploadFile(client, bytes, { chunkBytes: Math.ceil(bytes.length / 4) });

    const folder = join(dirname(file), '.withness-uploads');
    const part = readFileSync(join(folder, `${uploadId}.part`));
    expect(part.length).toBeGreaterThanOrEqual(bytes.length);
    expect(holds(part, sentence)).toBe(false);
    // Not a stretch of the bundle either (its first bytes, the zip's local header, would otherwise be there).
    expect(part.includes(Buffer.from(bytes.subarray(0, 64)))).toBe(false);

    const result = await runJob(client, 'exchange:bundleImport', { upload_id: uploadId }, { pollMs: 0 });
    expect(result.project_id).toBe(projectId);
    const imported = db.prepare(`SELECT content FROM attachments WHERE project_id = ? AND file_name = 'said.txt'`).pluck().get(projectId) as Buffer;
    expect(imported.toString('utf8')).toBe(sentence);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a file changed on disk, writes nothing and removes it', async () => {
    const { bytes } = bundleWithSentence();
    const { db, file } = tempDatabase();
    const before = rowCounts(db);
    const uploadId = await uploadFile(clientFor(db), bytes, { chunkBytes: Math.ceil(bytes.length / 3) });
    const path = join(dirname(file), '.withness-uploads', `${uploadId}.part`);
    const part = readFileSync(path);
    // One bit of the last piece's ciphertext: only that piece's tag can notice.
    part[part.length - 40]! ^= 1;
    writeFileSync(path, part);

    const refused = await call(db, 'exchange:bundleImport', { upload_id: uploadId });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.message).toMatch(/changed or damaged/);
    expect(rowCounts(db)).toEqual(before);
    expect(existsSync(path)).toBe(false);
    expect((await callOrThrow(db, 'uploads:discard', { id: uploadId })).discarded).toBe(false);
  });

  it('removes pieces an earlier run left when the journal opens, before any upload begins', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const folder = join(dirname(file), '.withness-uploads');
    mkdirSync(folder, { recursive: true });
    const leftover = join(folder, `${randomUUID()}.part`);
    writeFileSync(leftover, 'pieces of a bundle from a run that crashed');

    const db = await openJournal(file, { dailyBackup: false });
    try {
      expect(existsSync(leftover)).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
