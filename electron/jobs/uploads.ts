import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/connection.js';
import { MAX_UPLOAD_CHUNK_BYTES } from '../api/channels/jobs.js';
import { ApiError } from '../api/result.js';

/**
 * A file too large for one request (the browser-mode bridge caps a request's body) arrives in pieces, appended in
 * order to a private file beside the journal, then handed whole to the job that reads it. Nothing of it reaches
 * the journal until that job commits; a discarded or taken upload leaves no file behind.
 *
 * A plain bundle holds real names, and the journal beside it may be encrypted (review M3): each piece is sealed
 * with AES-256-GCM under a random key that lives only in this process, so a file left by a crash or a closed page
 * cannot be read by anyone, and the next start removes it. On disk a piece is its length (4 bytes, big-endian),
 * a nonce of its own, the ciphertext and the tag; the upload's id, the piece's number and its offset are bound in
 * as associated data, so a piece cannot be changed, moved or repeated without the reader noticing.
 */
interface Upload {
  path: string;
  size: number;
  received: number;
  /** Bytes written to the file, overhead included: a file cut short or grown behind our back is refused. */
  stored: number;
  pieces: number;
  key: Buffer;
}

const LENGTH_BYTES = 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PIECE_OVERHEAD = LENGTH_BYTES + NONCE_BYTES + TAG_BYTES;

const uploads = new Map<string, Upload>();

const UPLOAD_FOLDER = '.withness-uploads';

function uploadFolder(db: Db): string {
  return db.memory ? join(tmpdir(), 'withness-uploads') : join(dirname(db.name), UPLOAD_FOLDER);
}

/** Removes piece files no open upload of this process owns: their key died with the run that wrote them. */
function sweep(folder: string): void {
  const open = new Set([...uploads.values()].map((upload) => upload.path));
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.endsWith('.part') && !open.has(join(folder, name))) rmSync(join(folder, name), { force: true });
  }
}

/**
 * The upload store of the journal at `journalPath` starts (the journal is opened): pieces left by an earlier run
 * (the app closed or crashed mid-upload, an import failed before it took its file) are removed.
 */
export function startUploadStore(journalPath: string): void {
  sweep(join(dirname(journalPath), UPLOAD_FOLDER));
}

export function beginUpload(db: Db, size: number): { id: string; chunk_bytes: number } {
  const folder = uploadFolder(db);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  sweep(folder);
  const id = randomUUID();
  const path = join(folder, `${id}.part`);
  appendFileSync(path, new Uint8Array(0), { mode: 0o600 });
  uploads.set(id, { path, size, received: 0, stored: 0, pieces: 0, key: randomBytes(32) });
  return { id, chunk_bytes: MAX_UPLOAD_CHUNK_BYTES };
}

function associatedData(id: string, piece: number, offset: number): Buffer {
  return Buffer.from(`withness-upload:${id}:${piece}:${offset}`, 'utf8');
}

function requireUpload(id: string): Upload {
  const upload = uploads.get(id);
  if (!upload) throw new ApiError('not_found', `No upload with id ${id} is open (it may have been used or discarded).`);
  return upload;
}

/** Appends one piece; pieces must come in order, so a repeated or lost piece is refused rather than misplaced. */
export function appendChunk(id: string, offset: number, bytes: Uint8Array): { received: number; size: number } {
  const upload = requireUpload(id);
  if (offset !== upload.received) {
    throw new ApiError('invalid_input', `This piece starts at byte ${offset}, but the upload has ${upload.received} bytes so far.`);
  }
  if (upload.received + bytes.length > upload.size) {
    throw new ApiError('invalid_input', `The pieces add up to more than the ${upload.size} bytes announced.`);
  }
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', upload.key, nonce);
  cipher.setAAD(associatedData(id, upload.pieces, offset));
  const sealed = Buffer.concat([cipher.update(bytes), cipher.final()]);
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(bytes.length);
  appendFileSync(upload.path, Buffer.concat([length, nonce, sealed, cipher.getAuthTag()]));
  upload.received += bytes.length;
  upload.stored += PIECE_OVERHEAD + bytes.length;
  upload.pieces += 1;
  return { received: upload.received, size: upload.size };
}

function damaged(): ApiError {
  return new ApiError('invalid_input', 'The uploaded file was changed or damaged on disk before it was read. Send it again.');
}

/** Opens every piece, each checked against its tag; any piece that does not verify refuses the whole file. */
function openPieces(id: string, upload: Upload, stored: Buffer): Uint8Array {
  if (stored.length !== upload.stored) throw damaged();
  const whole = new Uint8Array(upload.size);
  let at = 0;
  let offset = 0;
  for (let piece = 0; piece < upload.pieces; piece++) {
    if (at + PIECE_OVERHEAD > stored.length) throw damaged();
    const length = stored.readUInt32BE(at);
    const end = at + PIECE_OVERHEAD + length;
    if (end > stored.length || offset + length > upload.size) throw damaged();
    const decipher = createDecipheriv('aes-256-gcm', upload.key, stored.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + NONCE_BYTES));
    decipher.setAAD(associatedData(id, piece, offset));
    decipher.setAuthTag(stored.subarray(end - TAG_BYTES, end));
    try {
      whole.set(Buffer.concat([decipher.update(stored.subarray(at + LENGTH_BYTES + NONCE_BYTES, end - TAG_BYTES)), decipher.final()]), offset);
    } catch {
      throw damaged();
    }
    offset += length;
    at = end;
  }
  if (at !== stored.length || offset !== upload.size) throw damaged();
  return whole;
}

/** The whole file, once every byte has arrived; the upload is closed and its file removed. */
export function takeUpload(id: string): Uint8Array {
  const upload = requireUpload(id);
  if (upload.received !== upload.size) {
    throw new ApiError('invalid_input', `The upload is incomplete: ${upload.received} of ${upload.size} bytes arrived.`);
  }
  try {
    let stored: Buffer;
    try {
      stored = readFileSync(upload.path);
    } catch {
      throw damaged();
    }
    return openPieces(id, upload, stored);
  } finally {
    discardUpload(id);
  }
}

export function discardUpload(id: string): boolean {
  const upload = uploads.get(id);
  if (!upload) return false;
  uploads.delete(id);
  // Without its key the file is unreadable; removing it is enough.
  upload.key.fill(0);
  rmSync(upload.path, { force: true });
  return true;
}
