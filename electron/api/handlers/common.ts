import type { Db } from '../../../db/connection.js';
import { getEntity, trashEntity, type EntityRow, type EntityType } from '../../../db/repositories/entities.js';
import { RECORD_NAMES as NAMES } from '../records.js';
import { notFound } from '../result.js';

/** A live (not trashed) record, or a not_found error that names what was missing. */
export function requireLive<T extends EntityRow>(db: Db, type: EntityType, id: string): T {
  const row = getEntity<T>(db, type, id);
  if (!row || row.deleted_at) throw notFound(NAMES[type], id);
  return row;
}

/** Moves a record to the trash or reports that there is no such live record. */
export function trashOrThrow(db: Db, type: EntityType, id: string, groupId?: string): string {
  const group = trashEntity(db, type, id, groupId);
  if (!group) throw notFound(NAMES[type], id);
  return group;
}
