import type { Db } from '../connection.js';
import { ENTITIES, getEntity, updateEntity, type EntityRow, type EntityType } from './entities.js';
import type { RevisionRow } from './revisions.js';

export function getRevision(db: Db, id: string): RevisionRow | undefined {
  return db.prepare(`SELECT * FROM revisions WHERE id = ?`).get(id) as RevisionRow | undefined;
}

/** What a restore from history is about to write, for a check to see before anything is written. */
export interface RevisionRestore {
  revision: RevisionRow;
  type: EntityType;
  /** The earlier version as stored (parsed JSON; any value, since a bundle may have brought it). */
  snapshot: unknown;
  /** The live row it would change. */
  current: EntityRow;
  /** The editable columns whose value the restore would change, with their earlier values. */
  changes: Record<string, unknown>;
}

/**
 * Brings back the editable fields of an earlier version. The current text is not lost: the restore
 * is itself an edit, so the version it replaces is kept as a revision too.
 *
 * An earlier version may come from an imported bundle, so callers that serve a person (the API, sync) pass
 * `check` — electron/api/records.ts revisionRestoreCheck — which throws to refuse; it runs in the restore's
 * transaction before anything is written.
 */
export function restoreRevision(db: Db, revisionId: string, check?: (restore: RevisionRestore) => void): EntityRow | undefined {
  return db.transaction((): EntityRow | undefined => {
    const revision = getRevision(db, revisionId);
    if (!revision || !(revision.entity_type in ENTITIES)) return undefined;
    const type = revision.entity_type as EntityType;
    const snapshot = JSON.parse(revision.snapshot) as unknown;
    const current = getEntity(db, type, revision.entity_id);
    if (!current || current.deleted_at) return undefined;
    const earlier = isRecord(snapshot) ? snapshot : {};
    const changes: Record<string, unknown> = {};
    for (const column of ENTITIES[type].editable) {
      if (column in earlier && earlier[column] !== current[column]) changes[column] = earlier[column];
    }
    check?.({ revision, type, snapshot, current, changes });
    if (Object.keys(changes).length === 0) return current;
    return updateEntity(db, type, revision.entity_id, changes);
  })();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
