import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/connection.js';
import { MAX_UPLOAD_CHUNK_BYTES } from '../api/channels/jobs.js';
import { ApiError } from '../api/result.js';

/**
 * A file too large for one request (the browser-mode bridge caps a request's body) arrives in pieces, appended in
 * order to a private file beside the journal, then handed whole to the job that reads it. Nothing of it reaches
 * the journal until that job commits; a discarded or taken upload leaves no file behind.
 */
interface Upload {
  path: string;
  size: number;
  received: number;
}

const uploads = new Map<string, Upload>();

function uploadFolder(db: Db): string {
  return db.memory ? join(tmpdir(), 'withness-uploads') : join(dirname(db.name), '.withness-uploads');
}

export function beginUpload(db: Db, size: number): { id: string; chunk_bytes: number } {
  const folder = uploadFolder(db);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Pieces left by an earlier run that never finished (the app closed mid-upload) are of no use to anyone.
  const open = new Set([...uploads.values()].map((upload) => upload.path));
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.part') && !open.has(join(folder, name))) rmSync(join(folder, name), { force: true });
  }
  const id = randomUUID();
  const path = join(folder, `${id}.part`);
  appendFileSync(path, new Uint8Array(0), { mode: 0o600 });
  uploads.set(id, { path, size, received: 0 });
  return { id, chunk_bytes: MAX_UPLOAD_CHUNK_BYTES };
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
  appendFileSync(upload.path, bytes);
  upload.received += bytes.length;
  return { received: upload.received, size: upload.size };
}

/** The whole file, once every byte has arrived; the upload is closed and its file removed. */
export function takeUpload(id: string): Uint8Array {
  const upload = requireUpload(id);
  if (upload.received !== upload.size || statSync(upload.path).size !== upload.size) {
    throw new ApiError('invalid_input', `The upload is incomplete: ${upload.received} of ${upload.size} bytes arrived.`);
  }
  try {
    return new Uint8Array(readFileSync(upload.path));
  } finally {
    discardUpload(id);
  }
}

export function discardUpload(id: string): boolean {
  const upload = uploads.get(id);
  if (!upload) return false;
  uploads.delete(id);
  rmSync(upload.path, { force: true });
  return true;
}
