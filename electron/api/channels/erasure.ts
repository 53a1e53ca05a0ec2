import { z } from 'zod';
import { Id, IsoTimestamp, ShortText } from '../schemas.js';

/** Erase (everything they said and their names go) or anonymise (contributions stay under a neutral label). */
export const ErasureMode = z.enum(['erase', 'anonymise']);

const Count = z.number().int().nonnegative();

/** What a withdrawal touches, per kind (electron/erasure/erase.ts ErasureCounts). */
export const ErasureCounts = z.object({
  turns: Count,
  quotes: Count,
  codings: Count,
  notes: Count,
  dialogues: Count,
  reflections: Count,
  phase_entries: Count,
  other_turns: Count,
  other_texts: Count,
  attachments: Count,
  revisions_removed: Count,
  revisions_rewritten: Count,
  trash_removed: Count,
  trash_rewritten: Count,
});

export const ErasurePreview = z.object({
  stakeholder_id: Id,
  mode: ErasureMode,
  label: z.string(),
  counts: ErasureCounts,
  citing_reflections: z.array(z.object({ id: Id, title: z.string(), deleted: z.boolean() })),
  /** Files kept although they may hold the person (notes and dialogues shared with others, citing reflections). */
  kept_attachments: z.array(z.object({ id: Id, file_name: z.string(), owner_type: z.enum(['field_note', 'dialogue', 'reflection', 'phase_entry']), owner_id: Id })),
});

export const ErasureResult = ErasurePreview.extend({
  log_id: Id,
  erased_at: IsoTimestamp,
  erased_by: z.string(),
  wal_truncated: z.boolean(),
  /** Every backup of the journal, rewritten the same way; `ok: false` says which could not be and why. */
  backups: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
});

/** One erasure in the audit trail: ids, mode, when, who; never a name (the log keeps only salted hashes of them). */
export const ErasureLogEntry = z.object({
  id: Id,
  project_id: Id,
  stakeholder_id: Id,
  mode: ErasureMode,
  record_ids: z.string(),
  label: z.string(),
  erased_at: IsoTimestamp,
  erased_by: z.string(),
});

export const erasureChannels = {
  /** Exactly what withdrawing this stakeholder in this mode would remove and rewrite; writes nothing. */
  'erasure:preview': {
    input: z.strictObject({ stakeholder_id: Id, mode: ErasureMode }),
    output: ErasurePreview,
  },
  /**
   * Withdraws a stakeholder: erase or anonymise in one transaction, then made physical in the journal file and in
   * every backup. `confirm` must be true: there is no undo.
   */
  'erasure:withdraw': {
    input: z.strictObject({
      stakeholder_id: Id,
      mode: ErasureMode,
      confirm: z.literal(true, { message: 'Withdrawal cannot be undone; confirm it.' }),
      erased_by: ShortText(200).optional(),
    }),
    output: ErasureResult,
  },
  /** Every erasure of an inquiry, oldest first, for the audit trail. */
  'erasure:log': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(ErasureLogEntry),
  },
  /** "Everything about this person": the subject access report as JSON and as a readable HTML page. */
  'erasure:subjectAccess': {
    input: z.strictObject({ stakeholder_id: Id }),
    output: z.object({ file_base: z.string(), json: z.string(), html: z.string() }),
  },
} as const;
