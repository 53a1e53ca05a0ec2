import { z } from 'zod';
import { EventType, Id, IsoTimestamp } from '../schemas.js';

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
} as const;
