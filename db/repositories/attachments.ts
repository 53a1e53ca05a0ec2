import { createHash } from 'node:crypto';
import { cachedStatement, type Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';

export type AttachmentOwnerType = 'field_note' | 'dialogue' | 'reflection' | 'phase_entry';

/** What is known about an attached file, without its bytes. */
export interface AttachmentMeta {
  id: string;
  project_id: string;
  owner_type: AttachmentOwnerType;
  owner_id: string;
  file_name: string;
  media_type: string;
  byte_size: number;
  sha256: string;
  created_at: string;
  deleted_at: string | null;
}

export interface AttachmentRow extends AttachmentMeta {
  content: Buffer;
}

export interface NewAttachment {
  project_id: string;
  owner_type: AttachmentOwnerType;
  owner_id: string;
  file_name: string;
  media_type: string;
  content: Buffer;
}

/** Largest file kept in the journal (decoded bytes). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_NAME = 200;

/**
 * File types Withness keeps: pictures, PDF, plain text, sound recordings and office documents.
 * Nothing that a browser would run (no SVG, HTML or scripts).
 */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/aac',
  'audio/wav',
  'audio/x-wav',
  'audio/ogg',
  'audio/webm',
  'audio/flac',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
] as const;

/** Media types shown inline as pictures; their bytes must start like one. */
const IMAGE_SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export function isAllowedMediaType(mediaType: string): boolean {
  return (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(normalizeMediaType(mediaType));
}

/** "Image/PNG; charset=x" → "image/png". */
export function normalizeMediaType(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** False when the bytes plainly are not what the media type says (a "PNG" that is not a PNG). */
export function contentMatchesType(mediaType: string, content: Buffer): boolean {
  const check = IMAGE_SIGNATURES[normalizeMediaType(mediaType)];
  return check ? check(content) : true;
}

/**
 * A file name safe to show and to save under: no folders, no control characters, at most 200
 * characters (the extension kept). Returns '' when nothing usable is left.
 */
export function sanitizeFileName(name: string): string {
  let clean = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[/\\]/g, '_')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (/^\.+$/.test(clean)) clean = '';
  const chars = Array.from(clean);
  if (chars.length > MAX_FILE_NAME) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 ? Array.from(clean.slice(dot)) : [];
    const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
    clean = [...chars.slice(0, MAX_FILE_NAME - keep.length), ...keep].join('');
  }
  return clean;
}

/**
 * Strict base64 (standard alphabet, padded, whitespace not allowed) → bytes; undefined when malformed.
 * Node's decoder silently skips bad characters, so the text is checked first.
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Round trip guards against non-canonical padding bits.
  if (bytes.toString('base64') !== text) return undefined;
  return bytes;
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const META_COLUMNS = `id, project_id, owner_type, owner_id, file_name, media_type, byte_size, sha256, created_at, deleted_at`;

export function addAttachment(db: Db, input: NewAttachment): AttachmentMeta {
  const row: AttachmentMeta = {
    id: newId(),
    project_id: input.project_id,
    owner_type: input.owner_type,
    owner_id: input.owner_id,
    file_name: input.file_name,
    media_type: normalizeMediaType(input.media_type),
    byte_size: input.content.length,
    sha256: sha256(input.content),
    created_at: nowIso(),
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO attachments (${META_COLUMNS}, content)
     VALUES (@id, @project_id, @owner_type, @owner_id, @file_name, @media_type, @byte_size, @sha256, @created_at, @deleted_at, @content)`,
  ).run({ ...row, content: input.content });
  return row;
}

/** Live attachments of one record, oldest first, without their bytes. */
export function listAttachments(db: Db, ownerType: AttachmentOwnerType, ownerId: string): AttachmentMeta[] {
  return cachedStatement<AttachmentMeta>(
    db,
    `SELECT ${META_COLUMNS} FROM attachments WHERE owner_type = ? AND owner_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
  ).all(ownerType, ownerId);
}

export function getAttachmentMeta(db: Db, id: string): AttachmentMeta | undefined {
  return db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE id = ?`).get(id) as AttachmentMeta | undefined;
}

export function getAttachment(db: Db, id: string): AttachmentRow | undefined {
  return db.prepare(`SELECT ${META_COLUMNS}, content FROM attachments WHERE id = ?`).get(id) as AttachmentRow | undefined;
}

/**
 * Moves a live attachment to the trash, as a trash item of kind 'attachment' (labelled with its file name), in a group
 * of its own or in `groupId` when it goes with its record. Its bytes stay in the row, so trash:restore brings it back
 * whole (db/repositories/trash.ts). Attachments are not in the entities registry: they have no revisions, since they
 * are never edited. Returns the group, or undefined when the attachment was not live.
 */
export function trashAttachment(db: Db, id: string, groupId: string = newId()): string | undefined {
  return db.transaction(() => {
    const meta = getAttachmentMeta(db, id);
    if (!meta || meta.deleted_at) return undefined;
    const now = nowIso();
    cachedStatement(db, `UPDATE attachments SET deleted_at = ? WHERE id = ?`).run(now, id);
    const label = meta.file_name.length > 80 ? `${meta.file_name.slice(0, 79)}…` : meta.file_name;
    cachedStatement(
      db,
      `INSERT INTO trash_items (id, project_id, entity_type, entity_id, label, group_id, deleted_at) VALUES (?, ?, 'attachment', ?, ?, ?, ?)`,
    ).run(newId(), meta.project_id, id, label, groupId, now);
    return groupId;
  })();
}

/** Moves the attachment to the trash (trashAttachment); false when none was live. */
export function deleteAttachment(db: Db, id: string): boolean {
  return trashAttachment(db, id) !== undefined;
}

/** Brings a trashed attachment back (its trash item is the caller's to remove); false when there was none in the trash. */
export function untrashAttachment(db: Db, id: string): boolean {
  return cachedStatement(db, `UPDATE attachments SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`).run(id).changes === 1;
}
