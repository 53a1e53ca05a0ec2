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

/**
 * The key under which a field note's snapshot keeps its tags (codes applied to the whole note, not to an excerpt) and
 * the stakeholders involved, as they were at that version: `{ code_ids, stakeholder_ids }`, the names notes:get and
 * notes:update use. It is not a column; history:restore sets the two sets back (db/repositories/history.ts). Revisions
 * written before it existed have no such key and restore the note's own fields only.
 */
export const NOTE_SETS_KEY = 'tags_and_stakeholders';

export interface NoteSets {
  code_ids: string[];
  stakeholder_ids: string[];
}

/**
 * A note's live whole-note codes and live stakeholders, as notes:get shows them (sorted by id, so equal sets compare
 * equal). Kept here, not in notes.ts or codes.ts, because those import entities.ts, which imports this file.
 */
export function noteSetsOf(db: Db, noteId: string): NoteSets {
  const code_ids = cachedStatement<string>(
    db,
    `SELECT DISTINCT a.code_id FROM code_applications a JOIN codes c ON c.id = a.code_id
     WHERE a.target_type = 'field_note' AND a.target_id = ? AND a.excerpt_start IS NULL AND a.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY a.code_id`,
    'pluck',
  ).all(noteId);
  const stakeholder_ids = cachedStatement<string>(
    db,
    `SELECT s.id FROM field_note_stakeholders l JOIN stakeholders s ON s.id = l.stakeholder_id
     WHERE l.note_id = ? AND s.deleted_at IS NULL ORDER BY s.id`,
    'pluck',
  ).all(noteId);
  return { code_ids, stakeholder_ids };
}

/**
 * Keeps the state of a row as it was before a change; call inside the change's transaction (and, for a field note,
 * before its tags and stakeholders change: they are read now and kept under NOTE_SETS_KEY).
 */
export function recordRevision(
  db: Db,
  entityType: string,
  projectId: string,
  previous: { id: string; revision: number },
  action: RevisionAction,
): void {
  const snapshot = entityType === 'field_note' ? { ...previous, [NOTE_SETS_KEY]: noteSetsOf(db, previous.id) } : previous;
  cachedStatement(
    db,
    `INSERT INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), projectId, entityType, previous.id, previous.revision, action, JSON.stringify(snapshot), nowIso());
}

export function listRevisions(db: Db, entityType: string, entityId: string): RevisionRow[] {
  return db
    .prepare(
      `SELECT * FROM revisions WHERE entity_type = ? AND entity_id = ? ORDER BY revision DESC, created_at DESC`,
    )
    .all(entityType, entityId) as RevisionRow[];
}
