import type { Db } from '../connection.js';
import { ENTITIES, getEntity, updateEntity, type EntityRow, type EntityType } from './entities.js';
import type { RevisionRow } from './revisions.js';

export function getRevision(db: Db, id: string): RevisionRow | undefined {
  return db.prepare(`SELECT * FROM revisions WHERE id = ?`).get(id) as RevisionRow | undefined;
}

/**
 * Brings back the editable fields of an earlier version. The current text is not lost: the restore
 * is itself an edit, so the version it replaces is kept as a revision too.
 */
export function restoreRevision(db: Db, revisionId: string): EntityRow | undefined {
  const revision = getRevision(db, revisionId);
  if (!revision || !(revision.entity_type in ENTITIES)) return undefined;
  const type = revision.entity_type as EntityType;
  const snapshot = JSON.parse(revision.snapshot) as Record<string, unknown>;
  const current = getEntity(db, type, revision.entity_id);
  if (!current || current.deleted_at) return undefined;
  const changes: Record<string, unknown> = {};
  for (const column of ENTITIES[type].editable) {
    if (column in snapshot && snapshot[column] !== current[column]) changes[column] = snapshot[column];
  }
  if (Object.keys(changes).length === 0) return current;
  return updateEntity(db, type, revision.entity_id, changes);
}
