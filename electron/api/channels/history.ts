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

export const TrashItem = z.object({
  id: Id,
  project_id: Id,
  entity_type: EntityType,
  entity_id: Id,
  label: z.string(),
  group_id: Id,
  deleted_at: IsoTimestamp,
});

export const historyChannels = {
  /** Earlier versions of one record, newest first. */
  'history:list': {
    input: z.strictObject({ entity_type: EntityType, id: Id }),
    output: z.array(Revision),
  },
  /** Brings back an earlier version's text; the version it replaces is kept too. */
  'history:restore': {
    input: z.strictObject({ revision_id: Id }),
    output: z.object({ entity_type: EntityType, id: Id, revision: z.number().int() }),
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
