import { z } from 'zod';
import { ById, ExpectedRevision, Id, IsoTimestamp, LongText, Phase, RecordMeta, RequiredTitle, ShortText } from '../schemas.js';

/** Largest attachment accepted (decoded bytes), and the longest base64 text that can carry it. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

/** At most this many stakeholders or codes on one note. */
const MAX_LINKS = 500;
const IdSet = (what: string) => z.array(Id).max(MAX_LINKS, `At most ${MAX_LINKS} ${what}.`);

export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Expected a colour as #rrggbb.');

export const AttachmentOwnerType = z.enum(['field_note']);

export const AttachmentMeta = z.object({
  id: Id,
  project_id: Id,
  owner_type: z.enum(['field_note', 'dialogue', 'reflection', 'phase_entry']),
  owner_id: Id,
  file_name: z.string(),
  media_type: z.string(),
  byte_size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
});
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

export const Note = z.object({
  ...RecordMeta,
  project_id: Id,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  title: z.string(),
  body: z.string(),
  place: z.string(),
  occurred_at: IsoTimestamp,
  recorded_at: IsoTimestamp,
  stakeholder_ids: z.array(Id),
  code_ids: z.array(Id),
  attachments: z.array(AttachmentMeta),
});
export type Note = z.infer<typeof Note>;

export const NoteSummary = z.object({
  id: Id,
  title: z.string(),
  first_line: z.string(),
  place: z.string(),
  occurred_at: IsoTimestamp,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  stakeholder_count: z.number().int().nonnegative(),
  attachment_count: z.number().int().nonnegative(),
});
export type NoteSummary = z.infer<typeof NoteSummary>;

export const Code = z.object({
  ...RecordMeta,
  project_id: Id,
  parent_id: Id.nullable(),
  name: z.string(),
  color: Colour,
  description: z.string(),
});
export type Code = z.infer<typeof Code>;

const NoteFields = {
  cycle_id: Id.nullable().optional(),
  phase: Phase.nullable().optional(),
  title: ShortText(500).optional(),
  body: LongText.optional(),
  place: ShortText(500).optional(),
  occurred_at: IsoTimestamp.optional(),
  stakeholder_ids: IdSet('stakeholders').optional(),
  code_ids: IdSet('codes').optional(),
};

const Deleted = z.object({ id: Id, group_id: Id });

/** Field notes, their codes (tags) and attachments. */
export const noteChannels = {
  /**
   * A page of the project's live notes, newest first; cycle_id null lists notes outside any cycle. `after` (the
   * occurred_at and id of the last note of the page before) pages by key, `offset` skips rows (after `after`);
   * `with_total: false` leaves out the count (total), which a list needs only once per filter.
   */
  'notes:list': {
    input: z.strictObject({
      project_id: Id,
      cycle_id: Id.nullable().optional(),
      phase: Phase.optional(),
      limit: z.number().int().min(1).max(200, 'At most 200 notes per page.'),
      offset: z.number().int().min(0).max(10_000_000),
      after: z.strictObject({ occurred_at: IsoTimestamp, id: Id }).optional(),
      with_total: z.boolean().optional(),
    }),
    output: z.object({ total: z.number().int().nonnegative().optional(), items: z.array(NoteSummary) }),
  },
  'notes:get': {
    input: ById,
    output: Note,
  },
  /** occurred_at defaults to now; recorded_at is always now. */
  'notes:create': {
    input: z.strictObject({ project_id: Id, ...NoteFields }),
    output: Note,
  },
  /** Changes the given fields; stakeholder_ids and code_ids replace the whole set. */
  'notes:update': {
    input: z.strictObject({ id: Id, expected_revision: ExpectedRevision, ...NoteFields }),
    output: Note,
  },
  /** Moves the note to the trash. */
  'notes:delete': {
    input: ById,
    output: Deleted,
  },
  /** Where the next quick note probably is: place, cycle and phase of the most recently recorded note. */
  'notes:captureDefaults': {
    input: z.strictObject({ project_id: Id }),
    output: z.object({ place: z.string(), cycle_id: Id.nullable(), phase: Phase.nullable() }),
  },

  /** The project's live codes, parents before their children. */
  'codes:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(Code),
  },
  'codes:create': {
    input: z.strictObject({
      project_id: Id,
      parent_id: Id.nullable().optional(),
      name: RequiredTitle('A code name', 200),
      color: Colour.optional(),
      description: ShortText(5000).optional(),
    }),
    output: Code,
  },
  'codes:update': {
    input: z.strictObject({
      id: Id,
      expected_revision: ExpectedRevision,
      parent_id: Id.nullable().optional(),
      name: RequiredTitle('A code name', 200).optional(),
      color: Colour.optional(),
      description: ShortText(5000).optional(),
    }),
    output: Code,
  },
  /** Moves the code and the codes below it to the trash. */
  'codes:delete': {
    input: ById,
    output: Deleted,
  },

  /** Keeps a file with a note (at most 20 MB; pictures, PDF, text, sound and office documents). */
  'attachments:add': {
    input: z.strictObject({
      owner_type: AttachmentOwnerType,
      owner_id: Id,
      file_name: z.string().min(1, 'A file name is needed.').max(1000, 'At most 1000 characters.'),
      media_type: z.string().min(1, 'A media type is needed.').max(200, 'At most 200 characters.'),
      data_base64: z.string().max(MAX_BASE64_CHARS, 'The file is larger than 20 MB.'),
    }),
    output: AttachmentMeta,
  },
  'attachments:list': {
    input: z.strictObject({ owner_type: AttachmentOwnerType, owner_id: Id }),
    output: z.array(AttachmentMeta),
  },
  'attachments:get': {
    input: ById,
    output: AttachmentMeta.extend({ data_base64: z.string() }),
  },
  /** Moves the attachment to the trash (trash:restore brings it back to its note, bytes and all). */
  'attachments:delete': {
    input: ById,
    output: Deleted,
  },
} as const;
