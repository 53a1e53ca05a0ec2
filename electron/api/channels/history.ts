import { z } from 'zod';
import { EntityType, Id, IsoTimestamp } from '../schemas.js';

export const Revision = z.object({
  id: Id,
  project_id: Id,
  entity_type: z.string(),
  entity_id: Id,
  revision: z.number().int(),
  action: z.enum(['update', 'delete', 'restore']),
  /** The row as it was before the change (JSON). */
  snapshot: z.string(),
  created_at: IsoTimestamp,
});

/** What the trash holds: a kind of record, or an attachment (a file kept with a note). */
export const TrashKind = z.enum([...EntityType.options, 'attachment']);
export type TrashKind = z.infer<typeof TrashKind>;

export const TrashItem = z.object({
  id: Id,
  project_id: Id,
  entity_type: TrashKind,
  entity_id: Id,
  label: z.string(),
  group_id: Id,
  deleted_at: IsoTimestamp,
});

/** A tag (code) or stakeholder of an earlier version that its restore could not bring back: in the trash, or gone. */
export const LeftOut = z.object({
  kind: z.enum(['code', 'stakeholder']),
  id: Id,
  /** The code's name or the stakeholder's pseudonym; null when it no longer exists. */
  name: z.string().nullable(),
  reason: z.enum(['in_trash', 'gone']),
});
export type LeftOut = z.infer<typeof LeftOut>;

export const historyChannels = {
  /** Earlier versions of one record, newest first. */
  'history:list': {
    input: z.strictObject({ entity_type: EntityType, id: Id }),
    output: z.array(Revision),
  },
  /**
   * Brings back an earlier version's text — a field note's also its tags and stakeholders, where the version kept them;
   * the version it replaces is kept too. Tags and stakeholders now in the trash or gone are left out: `left_out` names
   * them and `message` says so in words (both only when something was left out).
   */
  'history:restore': {
    input: z.strictObject({ revision_id: Id }),
    output: z.object({
      entity_type: EntityType,
      id: Id,
      revision: z.number().int(),
      left_out: z.array(LeftOut).optional(),
      message: z.string().optional(),
    }),
  },
  'trash:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(TrashItem),
  },
  /** Restores the item and everything deleted together with it. */
  'trash:restore': {
    input: z.strictObject({ id: Id }),
    output: z.array(TrashItem),
  },
} as const;
