import { z } from 'zod';
import { ById, EventType, Id, IsoTimestamp, ShortText } from '../schemas.js';

export const ReflectionMode = z.enum(['withness', 'aboutness']);

export const PromptLink = z.object({
  id: Id,
  project_id: Id,
  reflection_id: Id,
  target_type: EventType,
  target_id: Id,
  excerpt_start: z.number().int().nullable(),
  excerpt_end: z.number().int().nullable(),
  excerpt_text: z.string().nullable(),
  comment: z.string(),
  created_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
  /** When the cited evidence was erased (a stakeholder's withdrawal): the reflection shows "[evidence withdrawn]" here. */
  withdrawn_at: IsoTimestamp.nullable().optional(),
});

export const Backlink = z.object({
  link: PromptLink,
  reflection: z.object({ id: Id, title: z.string(), mode: ReflectionMode, written_at: IsoTimestamp }),
});

export const linkChannels = {
  /** The reflections an event prompted; also how the UI warns before deleting cited evidence. */
  'links:backlinks': {
    input: z.strictObject({ target_type: EventType, target_id: Id }),
    output: z.array(Backlink),
  },
  /** How many live reflections cite each of these events (all turns of a transcript in one call); 0s included. */
  'links:backlinkCounts': {
    input: z.strictObject({ target_type: EventType, target_ids: z.array(Id).max(10_000, 'At most 10,000 events at once.') }),
    output: z.record(Id, z.number().int().nonnegative()),
  },
  /**
   * Links a reflection to the event that prompted it: the whole event, or a passage of its current
   * text given as code-point offsets (end exclusive) plus the quoted text, which must match exactly.
   */
  'links:add': {
    input: z.strictObject({
      reflection_id: Id,
      target_type: EventType,
      target_id: Id,
      excerpt: z
        .strictObject({
          start: z.number().int().min(0, 'An excerpt cannot start before the text.'),
          end: z.number().int().min(1),
          text: z.string().min(1, 'The quoted passage cannot be empty.').max(100_000, 'At most 100,000 characters.'),
        })
        .refine((excerpt) => excerpt.end > excerpt.start, { message: 'An excerpt must end after it starts.', path: ['end'] })
        .optional(),
      comment: ShortText(5000).optional(),
    }),
    output: PromptLink,
  },
  /** Removes a link (kept, marked as removed). */
  'links:remove': {
    input: ById,
    output: PromptLink,
  },
} as const;
