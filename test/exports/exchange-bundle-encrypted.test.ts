import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addAttachment } from '../../db/repositories/attachments.js';
import { updateEntity } from '../../db/repositories/entities.js';
import { call } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { DEFAULT_CHUNK_BYTES, ENCRYPTED_BUNDLE_HEADER_BYTES, ENCRYPTED_BUNDLE_MAGIC } from '../../electron/exchange/bundle-crypto.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { projectRows, seedRichProject } from './exchange-helpers.js';

const PASSPHRASE = 'Solsikker i Egeby 2026';
/** Unique, so finding its bytes anywhere means the file leaked it. */
const PLANTED = 'Planted sentence 7f3a9c: Karen Østergaard told us about the night shelter on Møllevej.';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function seed(db: Db): { projectId: string } {
  const { projectId, noteId } = seedRichProject(db);
  updateEntity(db, 'field_note', noteId, { body: `Before. ${PLANTED} After.` });
  // Attachments are stored uncompressed in the zip, so a plain bundle holds the sentence's bytes as they are.
  addAttachment(db, { project_id: projectId, owner_type: 'field_note', owner_id: noteId, file_name: 'planted.txt', media_type: 'text/plain', content: Buffer.from(PLANTED, 'utf8') });
  return { projectId };
}

async function exportBundle(db: Db, input: { project_id: string; passphrase?: string; plain?: true }): Promise<{ bytes: Uint8Array; media_type: string; file_name: string }> {
  const result = await call(db, 'exchange:bundleExport', input, { checkOutput: true });
  if (!result.ok) throw new Error(result.error.message);
  return { bytes: new Uint8Array(Buffer.from(result.value.data_base64, 'base64')), media_type: result.value.media_type, file_name: result.value.file_name };
}

function importBundle(db: Db, bytes: Uint8Array, passphrase?: string) {
  return call(db, 'exchange:bundleImport', { file_name: 'b.withness', data_base64: base64(bytes), ...(passphrase === undefined ? {} : { passphrase }) }, { checkOutput: true });
}

/** Whether the sentence's UTF-8 bytes are in the file as it is, or in any entry once unzipped (where it is a zip). */
function holdsPlanted(bytes: Uint8Array): boolean {
  const needle = Buffer.from(PLANTED, 'utf8');
  if (Buffer.from(bytes).includes(needle)) return true;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    return false;
  }
  return Object.values(entries).some((entry) => Buffer.from(entry).includes(needle));
}

/** The journal's files as bytes (database and WAL), to prove a refusal wrote nothing. */
function fileHashes(file: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const path of [file, `${file}-wal`]) {
    if (existsSync(path)) hashes[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return hashes;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at]! ^= 0x20;
  return copy;
}

describe('encrypted project bundles through the API', { timeout: 120_000 }, () => {
  it('are encrypted by default, hide a planted sentence that a plain bundle shows, and import back with the passphrase', async () => {
    const source = tempDatabase().db;
    const { projectId } = seed(source);

    const sealed = await exportBundle(source, { project_id: projectId, passphrase: PASSPHRASE });
    expect(Buffer.from(sealed.bytes.subarray(0, ENCRYPTED_BUNDLE_MAGIC.length)).toString('latin1')).toBe(ENCRYPTED_BUNDLE_MAGIC);
    expect(sealed.media_type).toBe('application/vnd.withness.encrypted-bundle');
    expect(sealed.file_name).toMatch(/\.withness$/);
    expect(holdsPlanted(sealed.bytes)).toBe(false);
    for (const name of ['Mette Skovgaard Lund', 'manifest.json', 'tables/']) expect(Buffer.from(sealed.bytes).includes(Buffer.from(name, 'utf8'))).toBe(false);

    const plain = await exportBundle(source, { project_id: projectId, plain: true });
    expect(Buffer.from(plain.bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
    expect(holdsPlanted(plain.bytes)).toBe(true);
    expect(Buffer.from(plain.bytes).includes(Buffer.from(PLANTED, 'utf8'))).toBe(true);

    const target = tempDatabase().db;
    const imported = await importBundle(target, sealed.bytes, PASSPHRASE);
    expect(imported.ok).toBe(true);
    expect(projectRows(target, projectId)).toEqual(projectRows(source, projectId));
    const body = target.prepare(`SELECT count(*) FROM field_notes WHERE body LIKE ?`).pluck().get(`%${PLANTED}%`);
    expect(body).toBe(1);
  });

  it('refuses a missing or wrong passphrase, a flipped byte in header, body or tag, and a cut-off file, writing nothing', async () => {
    const source = tempDatabase().db;
    const { projectId } = seed(source);
    const sealed = (await exportBundle(source, { project_id: projectId, passphrase: PASSPHRASE })).bytes;

    // A journal with something in it already: an earlier plain bundle of the same inquiry, then a local edit.
    const { db: target, file } = tempDatabase();
    expect((await importBundle(target, buildBundle(source, projectId)!.bytes)).ok).toBe(true);
    const title = target.prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL LIMIT 1`).pluck().get(projectId) as string;
    updateEntity(target, 'field_note', title, { place: 'Kept here' });
    target.pragma('wal_checkpoint(TRUNCATE)');
    const counts = rowCounts(target);
    const bytes = fileHashes(file);
    const rows = projectRows(target, projectId);

    const cases: [string, Uint8Array, string | undefined, RegExp][] = [
      ['no passphrase', sealed, undefined, /This bundle is encrypted\. Give the passphrase it was exported with\. Nothing was imported\./],
      ['an empty passphrase', sealed, '', /This bundle is encrypted\. Give the passphrase/],
      ['a wrong passphrase', sealed, 'Solsikker i Egeby 2025', /The passphrase is wrong for this bundle/],
      ['a flipped byte in the header (salt)', flip(sealed, ENCRYPTED_BUNDLE_HEADER_BYTES - 40), PASSPHRASE, /The passphrase is wrong for this bundle \(or its header was damaged\)/],
      ['a flipped byte in the body', flip(sealed, ENCRYPTED_BUNDLE_HEADER_BYTES + 100), PASSPHRASE, /damaged, incomplete or was changed after export \(part 1 /],
      ['a flipped byte in the tag', flip(sealed, sealed.length - 3), PASSPHRASE, /damaged, incomplete or was changed after export/],
      ['a cut-off file', sealed.subarray(0, sealed.length - 1000), PASSPHRASE, /damaged, incomplete or was changed after export/],
      ['a cut-off header', sealed.subarray(0, ENCRYPTED_BUNDLE_HEADER_BYTES - 1), PASSPHRASE, /cut off: its header is incomplete/],
    ];
    for (const [what, bytesIn, passphrase, message] of cases) {
      const result = await importBundle(target, bytesIn, passphrase);
      expect(result.ok, what).toBe(false);
      if (!result.ok) {
        expect(result.error.code, what).toBe('invalid_input');
        expect(result.error.message, what).toMatch(message);
      }
      expect(rowCounts(target), what).toEqual(counts);
    }
    expect(projectRows(target, projectId)).toEqual(rows);
    expect(fileHashes(file)).toEqual(bytes);

    // The same file with the right passphrase is fine: the refusals came from the damage and the passphrases.
    const ok = await importBundle(target, sealed, PASSPHRASE);
    expect(ok.ok).toBe(true);
  });

  it('needs a passphrase of at least 12 characters or an explicit plain bundle at export', async () => {
    const { db } = tempDatabase();
    const { projectId } = seed(db);
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ project_id: projectId }, /^Invalid input: passphrase: A bundle is encrypted: give a passphrase of at least 12 characters, or ask for a plain bundle explicitly\.$/],
      [{ project_id: projectId, passphrase: 'elleve tegn' }, /passphrase: The passphrase must be at least 12 characters long \(it has 11\)\./],
      [{ project_id: projectId, passphrase: ' '.repeat(16) }, /at least 12 characters long \(it has 0\)/],
      [{ project_id: projectId, passphrase: PASSPHRASE, plain: true }, /plain: Choose either a passphrase or a plain bundle, not both\./],
      [{ project_id: projectId, plain: false }, /plain/],
    ];
    for (const [input, message] of refusals) {
      const result = await call(db, 'exchange:bundleExport', input as never);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toMatch(message);
      }
    }
    // Twelve characters counted as people count them: "æøåÆØÅ" decomposed is still six letters.
    const danish = 'æøåÆØÅ æøåÆØ'.normalize('NFD');
    expect((await exportBundle(db, { project_id: projectId, passphrase: danish })).bytes.length).toBeGreaterThan(ENCRYPTED_BUNDLE_HEADER_BYTES);
  });

  it('seals a bundle larger than one chunk in several, and refuses it with two chunks swapped', async () => {
    const source = tempDatabase().db;
    const { projectId } = seed(source);
    const noteId = source.prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL LIMIT 1`).pluck().get(projectId) as string;
    // Random bytes do not compress, so the zip and the sealed file are over two chunks long.
    addAttachment(source, { project_id: projectId, owner_type: 'field_note', owner_id: noteId, file_name: 'noise.bin', media_type: 'application/octet-stream', content: randomBytes(2.5 * DEFAULT_CHUNK_BYTES) });
    const sealed = (await exportBundle(source, { project_id: projectId, passphrase: PASSPHRASE })).bytes;
    const record = DEFAULT_CHUNK_BYTES + 16;
    expect(Math.ceil((sealed.length - ENCRYPTED_BUNDLE_HEADER_BYTES) / record)).toBe(3);

    const { db: target, file } = tempDatabase();
    const counts = rowCounts(target);
    const bytes = fileHashes(file);
    const at = ENCRYPTED_BUNDLE_HEADER_BYTES;
    const swapped = Buffer.concat([sealed.subarray(0, at), sealed.subarray(at + record, at + 2 * record), sealed.subarray(at, at + record), sealed.subarray(at + 2 * record)]);
    const refused = await importBundle(target, swapped, PASSPHRASE);
    expect(!refused.ok && refused.error.message).toMatch(/part 1 does not match its authentication tag/);
    const cut = await importBundle(target, sealed.subarray(0, at + 2 * record), PASSPHRASE);
    expect(!cut.ok && cut.error.message).toMatch(/incomplete: it was cut off after export/);
    expect(rowCounts(target)).toEqual(counts);
    expect(fileHashes(file)).toEqual(bytes);

    expect((await importBundle(target, sealed, PASSPHRASE)).ok).toBe(true);
    expect(projectRows(target, projectId)).toEqual(projectRows(source, projectId));
  });

  it('still imports a plain (older) bundle, with or without a passphrase given', async () => {
    const source = tempDatabase().db;
    const { projectId } = seed(source);
    const plain = buildBundle(source, projectId)!.bytes;
    const first = tempDatabase().db;
    const firstResult = await importBundle(first, plain);
    expect(firstResult.ok ? '' : firstResult.error.message).toBe('');
    expect(projectRows(first, projectId)).toEqual(projectRows(source, projectId));
    const second = tempDatabase().db;
    expect((await importBundle(second, plain, 'not needed for a plain one')).ok).toBe(true);
    expect(projectRows(second, projectId)).toEqual(projectRows(source, projectId));
  });
});
