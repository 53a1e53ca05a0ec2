import { z } from 'zod';
import { Empty, IsoTimestamp } from '../schemas.js';

/** An editor's draft key (useAutosave's draftKey): `<type>:<record id>` or `<type>.<id>[.<phase>]`. */
export const DraftKey = z
  .string()
  .max(200, 'At most 200 characters.')
  .regex(/^[a-z][a-z-]{0,39}[:.][0-9a-fA-F-]{36}(?:\.[a-z]{1,20})?$/, 'Not a draft key.');

/**
 * The cap of one draft: a note's body may hold 2,000,000 characters (LongText) and a form carries a few short fields
 * beside it, all JSON-escaped; anything larger is not a draft of ours.
 */
export const DRAFT_MAX_CHARS = 4_500_000;

export const Draft = z.object({
  key: z.string(),
  project_id: z.string(),
  record_type: z.string(),
  record_id: z.string(),
  /** The editor's value as JSON text. */
  body: z.string(),
  saved_at: IsoTimestamp,
});
export type Draft = z.infer<typeof Draft>;

export const draftChannels = {
  /** Every draft in the journal, read once when the window opens so editors find theirs without waiting. */
  'drafts:list': { input: Empty, output: z.array(Draft) },
  'drafts:get': { input: z.strictObject({ key: DraftKey }), output: Draft.nullable() },
  'drafts:put': {
    input: z.strictObject({
      key: DraftKey,
      body: z
        .string()
        .max(DRAFT_MAX_CHARS, `At most ${DRAFT_MAX_CHARS} characters.`)
        .refine((text) => {
          try {
            JSON.parse(text);
            return true;
          } catch {
            return false;
          }
        }, 'Not JSON.'),
    }),
    output: Draft.pick({ key: true, saved_at: true }),
  },
  'drafts:delete': { input: z.strictObject({ key: DraftKey }), output: z.object({ deleted: z.boolean() }) },
} as const;
