import type { Db } from '../../../db/connection.js';
import * as attachments from '../../../db/repositories/attachments.js';
import * as codes from '../../../db/repositories/codes.js';
import * as notes from '../../../db/repositories/notes.js';
import type { EntityRow } from '../../../db/repositories/entities.js';
import type { noteChannels } from '../channels/notes.js';
import { ApiError, notFound } from '../result.js';
import { requireLive, trashOrThrow } from './common.js';
import type { HandlersFor } from './types.js';

function requireProject(db: Db, projectId: string): void {
  requireLive(db, 'project', projectId);
}

/** Refuses a cycle, stakeholders or codes that are not live parts of the note's project; nothing is written. */
function checkLinks(
  db: Db,
  projectId: string,
  input: { cycle_id?: string | null; stakeholder_ids?: readonly string[]; code_ids?: readonly string[] },
): void {
  if (input.cycle_id && !notes.isProjectCycle(db, projectId, input.cycle_id)) {
    throw new ApiError('invalid_input', 'The chosen cycle does not belong to this inquiry (or is in the trash).', [
      { path: 'cycle_id', message: 'Not a cycle of this inquiry.' },
    ]);
  }
  const strangers = input.stakeholder_ids ? notes.foreignStakeholderIds(db, projectId, input.stakeholder_ids) : [];
  if (strangers.length > 0) {
    throw new ApiError('invalid_input', 'Some of the chosen stakeholders do not belong to this inquiry (or are in the trash).', [
      { path: 'stakeholder_ids', message: `Not stakeholders of this inquiry: ${strangers.join(', ')}` },
    ]);
  }
  const foreignCodes = input.code_ids ? codes.foreignCodeIds(db, projectId, input.code_ids) : [];
  if (foreignCodes.length > 0) {
    throw new ApiError('invalid_input', 'Some of the chosen tags do not belong to this inquiry (or are in the trash).', [
      { path: 'code_ids', message: `Not codes of this inquiry: ${foreignCodes.join(', ')}` },
    ]);
  }
}

function checkCodeParent(db: Db, projectId: string, parentId: string | null | undefined, codeId?: string): void {
  if (!parentId) return;
  const parent = codes.getCode(db, parentId);
  if (!parent || parent.deleted_at || parent.project_id !== projectId) {
    throw new ApiError('invalid_input', 'The parent code does not belong to this inquiry (or is in the trash).', [
      { path: 'parent_id', message: 'Not a code of this inquiry.' },
    ]);
  }
  if (codeId && codes.wouldCreateCycle(db, codeId, parentId)) {
    throw new ApiError('invalid_input', 'A code cannot be placed inside itself or inside one of its own sub-codes.', [
      { path: 'parent_id', message: 'Would put the code inside itself.' },
    ]);
  }
}

function liveNote(db: Db, id: string): notes.NoteRow {
  const note = notes.getNoteRow(db, id);
  if (!note || note.deleted_at) throw notFound('field note', id);
  return note;
}

function liveAttachment(db: Db, id: string): attachments.AttachmentMeta {
  const meta = attachments.getAttachmentMeta(db, id);
  if (!meta || meta.deleted_at) throw notFound('attachment', id);
  return meta;
}

export const noteHandlers: HandlersFor<typeof noteChannels> = {
  'notes:list': (db, { project_id, cycle_id, phase, limit, offset, after, with_total }) => {
    requireProject(db, project_id);
    // Keyset comparisons are on the stored form (UTC, milliseconds, Z), whatever offset the caller wrote.
    const cursor = after ? { occurred_at: new Date(after.occurred_at).toISOString(), id: after.id } : undefined;
    return notes.listNotes(db, { project_id, cycle_id, phase, limit, offset, after: cursor, with_total });
  },
  'notes:get': (db, { id }) => {
    liveNote(db, id);
    return notes.getNote(db, id)!;
  },
  'notes:create': (db, input) => {
    requireProject(db, input.project_id);
    checkLinks(db, input.project_id, input);
    return notes.createNote(db, input);
  },
  'notes:update': (db, { id, expected_revision, ...changes }) => {
    const note = liveNote(db, id);
    checkLinks(db, note.project_id, changes);
    const updated = notes.updateNote(db, id, changes, expected_revision);
    if (!updated) throw notFound('field note', id);
    return updated;
  },
  'notes:delete': (db, { id }) => ({ id, group_id: trashOrThrow(db, 'field_note', id) }),
  'notes:captureDefaults': (db, { project_id }) => {
    requireProject(db, project_id);
    return notes.captureDefaults(db, project_id);
  },

  'codes:list': (db, { project_id }) => {
    requireProject(db, project_id);
    return codes.listCodes(db, project_id);
  },
  'codes:create': (db, input) => {
    requireProject(db, input.project_id);
    checkCodeParent(db, input.project_id, input.parent_id);
    return codes.createCode(db, input);
  },
  'codes:update': (db, { id, expected_revision, ...changes }) => {
    const code = requireLive<codes.CodeRow & EntityRow>(db, 'code', id);
    checkCodeParent(db, code.project_id, changes.parent_id, id);
    const updated = codes.updateCode(db, id, changes, expected_revision);
    if (!updated) throw notFound('code', id);
    return updated;
  },
  'codes:delete': (db, { id }) => {
    const group = codes.trashCode(db, id);
    if (!group) throw notFound('code', id);
    return { id, group_id: group };
  },

  'attachments:add': (db, { owner_type, owner_id, file_name, media_type, data_base64 }) => {
    const note = liveNote(db, owner_id);
    const name = attachments.sanitizeFileName(file_name);
    if (!name) {
      throw new ApiError('invalid_input', 'The file name is empty once unsafe characters are removed. Rename the file and try again.', [
        { path: 'file_name', message: 'No usable characters.' },
      ]);
    }
    if (!attachments.isAllowedMediaType(media_type)) {
      throw new ApiError(
        'invalid_input',
        `Files of type ${media_type.slice(0, 100)} cannot be attached. Attach pictures, PDF, plain text, sound recordings or office documents.`,
        [{ path: 'media_type', message: 'Not an accepted file type.' }],
      );
    }
    const content = attachments.decodeBase64(data_base64);
    if (!content) {
      throw new ApiError('invalid_input', 'The file could not be read: its contents did not arrive as valid base64.', [
        { path: 'data_base64', message: 'Not valid base64.' },
      ]);
    }
    if (content.length > attachments.MAX_ATTACHMENT_BYTES) {
      throw new ApiError('invalid_input', 'The file is larger than 20 MB. Attach a smaller or compressed copy.', [
        { path: 'data_base64', message: 'Larger than 20 MB.' },
      ]);
    }
    if (!attachments.contentMatchesType(media_type, content)) {
      throw new ApiError('invalid_input', `The file does not look like ${media_type.slice(0, 100)}; it may be damaged or misnamed.`, [
        { path: 'data_base64', message: 'Contents do not match the media type.' },
      ]);
    }
    return attachments.addAttachment(db, { project_id: note.project_id, owner_type, owner_id, file_name: name, media_type, content });
  },
  'attachments:list': (db, { owner_type, owner_id }) => {
    liveNote(db, owner_id);
    return attachments.listAttachments(db, owner_type, owner_id);
  },
  'attachments:get': (db, { id }) => {
    liveAttachment(db, id);
    const { content, ...meta } = attachments.getAttachment(db, id)!;
    return { ...meta, data_base64: Buffer.from(content).toString('base64') };
  },
  'attachments:delete': (db, { id }) => {
    liveAttachment(db, id);
    const group = attachments.trashAttachment(db, id);
    if (!group) throw notFound('attachment', id);
    return { id, group_id: group };
  },
};
