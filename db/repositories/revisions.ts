import { cachedStatement, type Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';

export type RevisionAction = 'update' | 'delete' | 'restore';

export interface RevisionRow {
  id: string;
  project_id: string;
  entity_type: string;
  entity_id: string;
  revision: number;
  action: RevisionAction;
  snapshot: string;
  created_at: string;
}

/** Keeps the state of a row as it was before a change; call inside the change's transaction. */
export function recordRevision(
  db: Db,
  entityType: string,
  projectId: string,
  previous: { id: string; revision: number },
  action: RevisionAction,
): void {
  cachedStatement(
    db,
    `INSERT INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), projectId, entityType, previous.id, previous.revision, action, JSON.stringify(previous), nowIso());
}

export function listRevisions(db: Db, entityType: string, entityId: string): RevisionRow[] {
  return db
    .prepare(
      `SELECT * FROM revisions WHERE entity_type = ? AND entity_id = ? ORDER BY revision DESC, created_at DESC`,
    )
    .all(entityType, entityId) as RevisionRow[];
}
