import { z } from 'zod';

/** Building blocks shared by the contract's channels. */
export const Id = z.uuid({ message: 'Expected an id (a UUID).' });
export const IsoTimestamp = z.iso.datetime({ offset: true, message: 'Expected an ISO-8601 date and time.' });
export const IsoDate = z.iso.date({ message: 'Expected a date as YYYY-MM-DD.' });

/** Short single-line text such as titles and names. */
export const ShortText = (max = 500) => z.string().max(max, `At most ${max} characters.`);
/** Long free text such as note bodies (about 2 MB of text). */
export const LongText = z.string().max(2_000_000, 'At most 2,000,000 characters.');
export const RequiredTitle = (what: string, max = 500) =>
  z.string().trim().min(1, `${what} cannot be empty.`).max(max, `At most ${max} characters.`);

export const Empty = z.strictObject({});
export const ById = z.strictObject({ id: Id });

export const Phase = z.enum(['plan', 'act', 'observe', 'reflect']);
export type Phase = z.infer<typeof Phase>;

export const ProjectStatus = z.enum(['active', 'paused', 'closed']);

export const Project = z.object({
  id: Id,
  title: z.string(),
  concern: z.string(),
  setting: z.string(),
  started_on: IsoDate.nullable(),
  status: ProjectStatus,
  is_fictional: z.union([z.literal(0), z.literal(1)]),
  revision: z.number().int(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
});
export type Project = z.infer<typeof Project>;

/** Kinds of record that keep a history and can go to the trash (db/repositories/entities.ts). */
export const EntityType = z.enum(['project', 'cycle', 'phase_entry', 'field_note', 'stakeholder', 'dialogue', 'turn', 'reflection', 'code']);
export type EntityType = z.infer<typeof EntityType>;

/** Kinds of event that stand on the timeline and can prompt a reflection. */
export const EventType = z.enum(['field_note', 'dialogue', 'turn', 'phase_entry', 'reflection']);
export type EventType = z.infer<typeof EventType>;

/** Names, dates and opens any event (db/repositories/events.ts describeEvent). */
export const EventRef = z.object({
  type: EventType,
  id: Id,
  project_id: Id,
  label: z.string(),
  occurred_at: IsoTimestamp,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  dialogue_id: Id.nullable(),
  text: z.string(),
  deleted: z.boolean(),
});
export type EventRef = z.infer<typeof EventRef>;

/** An optimistic-concurrency guard: the revision the edit was based on. */
export const ExpectedRevision = z.number().int().positive().optional();

/** Columns every editable record has. */
export const RecordMeta = {
  id: Id,
  revision: z.number().int(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
};
