import { describe, expect, it } from 'vitest';
import {
  addAttachment,
  contentMatchesType,
  decodeBase64,
  deleteAttachment,
  getAttachment,
  isAllowedMediaType,
  listAttachments,
  sanitizeFileName,
  sha256,
} from '../../db/repositories/attachments.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { tempDatabase } from '../helpers/temp.js';
import { TINY_PNG } from './notes-seed.js';

describe('attachments store', () => {
  it('keeps the bytes, size and sha256, and hides a deleted attachment from the list', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const note = createNote(db, { project_id: project.id });
    const meta = addAttachment(db, { project_id: project.id, owner_type: 'field_note', owner_id: note.id, file_name: 'pixel.png', media_type: 'Image/PNG', content: TINY_PNG });
    expect(meta).toMatchObject({ byte_size: TINY_PNG.length, media_type: 'image/png', sha256: sha256(TINY_PNG) });
    expect(Buffer.compare(getAttachment(db, meta.id)!.content, TINY_PNG)).toBe(0);
    expect(listAttachments(db, 'field_note', note.id).map((row) => row.id)).toEqual([meta.id]);
    expect(deleteAttachment(db, meta.id)).toBe(true);
    expect(deleteAttachment(db, meta.id)).toBe(false);
    expect(listAttachments(db, 'field_note', note.id)).toEqual([]);
    expect(getAttachment(db, meta.id)!.deleted_at).not.toBeNull();
  });

  it('sanitises file names: no folders, no control characters, at most 200 characters with the extension kept', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(sanitizeFileName('C:\\Users\\a\\photo.jpg')).toBe('C:_Users_a_photo.jpg');
    expect(sanitizeFileName('bad\u0000na\nme\u202e.txt')).toBe('badname.txt');
    expect(sanitizeFileName('..')).toBe('');
    expect(sanitizeFileName(' \u0007 ')).toBe('');
    const long = sanitizeFileName(`${'å'.repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('å.pdf')).toBe(true);
  });

  it('decodes only strict base64', () => {
    expect(decodeBase64('aGVq')!.toString()).toBe('hej');
    expect(decodeBase64('')!.length).toBe(0);
    expect(decodeBase64('aGVq!')).toBeUndefined();
    expect(decodeBase64('aGV')).toBeUndefined();
    expect(decodeBase64('aG Vq')).toBeUndefined();
    expect(decodeBase64('aGVr=A==')).toBeUndefined();
    expect(decodeBase64('aGVqZ===')).toBeUndefined();
    expect(decodeBase64('aGVqaB==')).toBeUndefined(); // non-canonical padding bits
  });

  it('accepts a short list of media types and checks that pictures look like pictures', () => {
    expect(isAllowedMediaType('image/png')).toBe(true);
    expect(isAllowedMediaType('application/pdf')).toBe(true);
    expect(isAllowedMediaType('text/plain; charset=utf-8')).toBe(true);
    expect(isAllowedMediaType('image/svg+xml')).toBe(false);
    expect(isAllowedMediaType('text/html')).toBe(false);
    expect(isAllowedMediaType('application/x-msdownload')).toBe(false);
    expect(contentMatchesType('image/png', TINY_PNG)).toBe(true);
    expect(contentMatchesType('image/jpeg', TINY_PNG)).toBe(false);
    expect(contentMatchesType('text/plain', TINY_PNG)).toBe(true);
  });
});
