import { cachedStatement, type Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { recordRevision } from './revisions.js';

/**
 * Every kind of record that can be edited, kept in history and put in the trash, with its table and
 * the columns an edit may change. Repositories go through updateEntity / trashEntity so that each
 * edit keeps its previous version and each delete can be restored.
 */
export const ENTITIES = {
  project: { table: 'projects', label: 'title', editable: ['title', 'concern', 'setting', 'started_on', 'status'] },
  cycle: {
    table: 'cycles',
    label: 'title',
    editable: ['title', 'focus', 'status', 'current_phase', 'started_on', 'ended_on', 'parent_id'],
  },
  phase_entry: { table: 'phase_entries', label: 'body', editable: ['phase', 'body', 'author', 'occurred_at'] },
  field_note: {
    table: 'field_notes',
    label: 'title',
    editable: ['cycle_id', 'phase', 'title', 'body', 'place', 'occurred_at'],
  },
  stakeholder: {
    table: 'stakeholders',
    label: 'pseudonym',
    editable: ['real_name', 'pseudonym', 'aliases', 'sector', 'organisation', 'role', 'consent_status', 'consent_use', 'consent_date', 'consent_scope', 'notes'],
  },
  dialogue: {
    table: 'dialogues',
    label: 'title',
    editable: ['cycle_id', 'phase', 'kind', 'title', 'occurred_at', 'place', 'summary', 'decisions', 'follow_ups'],
  },
  // A turn's position is managed by the dialogue (renumbered on add, move and delete), not restored from history.
  turn: { table: 'dialogue_turns', label: 'text', editable: ['speaker_id', 'text'] },
  reflection: { table: 'reflections', label: 'title', editable: ['cycle_id', 'phase', 'mode', 'title', 'body', 'written_at'] },
  code: { table: 'codes', label: 'name', editable: ['parent_id', 'name', 'color', 'description'] },
} as const;

export type EntityType = keyof typeof ENTITIES;
export const ENTITY_TYPES = Object.keys(ENTITIES) as EntityType[];

export interface EntityRow {
  id: string;
  project_id?: string;
  revision: number;
  deleted_at: string | null;
  [column: string]: unknown;
}

/** Raised when an edit was based on an older revision than the one stored (two windows, two people). */
export class RevisionConflictError extends Error {
  constructor(
    readonly entityType: EntityType,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`This ${entityType.replace('_', ' ')} was changed elsewhere (now revision ${actual}, you edited revision ${expected}). Reload it to see the newer text.`);
  }
}

export function getEntity<T extends EntityRow = EntityRow>(db: Db, type: EntityType, id: string): T | undefined {
  return cachedStatement<T>(db, `SELECT * FROM ${ENTITIES[type].table} WHERE id = ?`).get(id);
}

function projectIdOf(type: EntityType, row: EntityRow): string {
  return type === 'project' ? row.id : String(row.project_id);
}

/** A short human label for lists such as the trash ("Workshop at the library", "Turn: I miss …"). */
export function entityLabel(type: EntityType, row: EntityRow): string {
  const raw = String(row[ENTITIES[type].label] ?? '').replace(/\s+/g, ' ').trim();
  return raw.length > 80 ? `${raw.slice(0, 79)}…` : raw;
}

/**
 * Applies `changes` (only the entity's editable columns) to a live row, keeping the previous version
 * in revisions. Returns the new row, or undefined when there is no live row with that id.
 */
export function updateEntity<T extends EntityRow>(
  db: Db,
  type: EntityType,
  id: string,
  changes: Record<string, unknown>,
  expectedRevision?: number,
): T | undefined {
  const columns = editableColumns(type, changes);
  return db.transaction(() => {
    const previous = getEntity(db, type, id);
    if (!previous || previous.deleted_at) return undefined;
    return applyUpdate<T>(db, type, previous, columns, changes, expectedRevision);
  })();
}

/**
 * updateEntity for a caller that has just read the live row inside its own transaction (the caller's
 * db.transaction must be open): the same checks, revision and update, without reading the row again.
 */
export function updateEntityRow<T extends EntityRow>(
  db: Db,
  type: EntityType,
  previous: EntityRow,
  changes: Record<string, unknown>,
  expectedRevision?: number,
): T | undefined {
  if (!db.inTransaction) throw new Error('updateEntityRow must run inside a transaction.');
  const columns = editableColumns(type, changes);
  if (previous.deleted_at) return undefined;
  return applyUpdate<T>(db, type, previous, columns, changes, expectedRevision);
}

function editableColumns(type: EntityType, changes: Record<string, unknown>): string[] {
  const spec = ENTITIES[type];
  const columns = Object.keys(changes).filter((column) => changes[column] !== undefined);
  const unknown = columns.filter((column) => !(spec.editable as readonly string[]).includes(column));
  if (unknown.length > 0) throw new Error(`Not editable on ${type}: ${unknown.join(', ')}`);
  return columns;
}

function applyUpdate<T extends EntityRow>(
  db: Db,
  type: EntityType,
  previous: EntityRow,
  columns: readonly string[],
  changes: Record<string, unknown>,
  expectedRevision: number | undefined,
): T | undefined {
  if (expectedRevision !== undefined && expectedRevision !== previous.revision) {
    throw new RevisionConflictError(type, previous.id, expectedRevision, previous.revision);
  }
  recordRevision(db, type, projectIdOf(type, previous), previous, 'update');
  const hasUpdatedAt = 'updated_at' in previous;
  const assignments = [...columns.map((column) => `${column} = @${column}`), 'revision = revision + 1'];
  if (hasUpdatedAt) assignments.push('updated_at = @updated_at');
  const values: Record<string, unknown> = { id: previous.id };
  for (const column of columns) values[column] = changes[column];
  if (hasUpdatedAt) values.updated_at = nowIso();
  // The columns come from the entity's fixed editable list, so the SQL texts (and the cache) stay few.
  return cachedStatement<T>(db, `UPDATE ${ENTITIES[type].table} SET ${assignments.join(', ')} WHERE id = @id RETURNING *`).get(values);
}

/**
 * Moves a live row to the trash. Rows deleted together share a group and are restored together;
 * pass the group of the first delete when trashing its dependants (a dialogue's turns).
 */
export function trashEntity(db: Db, type: EntityType, id: string, groupId: string = newId()): string | undefined {
  return db.transaction(() => {
    const previous = getEntity(db, type, id);
    if (!previous || previous.deleted_at) return undefined;
    const now = nowIso();
    const projectId = projectIdOf(type, previous);
    recordRevision(db, type, projectId, previous, 'delete');
    cachedStatement(db, `UPDATE ${ENTITIES[type].table} SET deleted_at = ?, revision = revision + 1 WHERE id = ?`).run(now, id);
    cachedStatement(
      db,
      `INSERT INTO trash_items (id, project_id, entity_type, entity_id, label, group_id, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(newId(), projectId, type, id, entityLabel(type, previous), groupId, now);
    return groupId;
  })();
}
