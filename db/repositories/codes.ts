import { cachedStatement, type Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { trashEntity, updateEntity, type EntityRow } from './entities.js';
import { depthFirst } from './tree.js';
import type { EventType } from './events.js';

/** A tag / code of a project: hierarchical through parent_id, coloured (#rrggbb). */
export interface CodeRow {
  id: string;
  project_id: string;
  parent_id: string | null;
  name: string;
  color: string;
  description: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewCode {
  project_id: string;
  parent_id?: string | null;
  name: string;
  color?: string;
  description?: string;
}

export type CodeChanges = Partial<Pick<CodeRow, 'parent_id' | 'name' | 'color' | 'description'>>;

/** A calm palette for new codes when no colour is chosen: the next one in turn. */
export const CODE_PALETTE = ['#2f6b5a', '#3d6fa8', '#b7791f', '#6b8e3a', '#8455a0', '#a3322a', '#5b7f8c', '#9a6b3f'] as const;

/** Live codes of a project: parents before their children, siblings by name. */
export function listCodes(db: Db, projectId: string): CodeRow[] {
  const rows = db
    .prepare(`SELECT * FROM codes WHERE project_id = ? AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id`)
    .all(projectId) as CodeRow[];
  // Depth-first order so a tree can be drawn straight from the list; orphans (parent trashed) stand at the top.
  return depthFirst(rows);
}

export function getCode(db: Db, id: string): CodeRow | undefined {
  return db.prepare(`SELECT * FROM codes WHERE id = ?`).get(id) as CodeRow | undefined;
}

/** Ids among `ids` that are not live codes of the project. */
export function foreignCodeIds(db: Db, projectId: string, ids: readonly string[]): string[] {
  const check = db.prepare(`SELECT 1 FROM codes WHERE id = ? AND project_id = ? AND deleted_at IS NULL`);
  return ids.filter((id) => !check.get(id, projectId));
}

/** True when making `parentId` the parent of `id` would put a code inside itself. */
export function wouldCreateCycle(db: Db, id: string, parentId: string): boolean {
  let current: string | null = parentId;
  const seen = new Set<string>();
  while (current) {
    if (current === id) return true;
    if (seen.has(current)) return true;
    seen.add(current);
    current = (db.prepare(`SELECT parent_id FROM codes WHERE id = ?`).pluck().get(current) as string | null | undefined) ?? null;
  }
  return false;
}

export function createCode(db: Db, input: NewCode): CodeRow {
  const now = nowIso();
  const count = db.prepare(`SELECT count(*) FROM codes WHERE project_id = ?`).pluck().get(input.project_id) as number;
  const row: CodeRow = {
    id: newId(),
    project_id: input.project_id,
    parent_id: input.parent_id ?? null,
    name: input.name.trim(),
    color: (input.color ?? CODE_PALETTE[count % CODE_PALETTE.length]!).toLowerCase(),
    description: input.description ?? '',
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO codes (id, project_id, parent_id, name, color, description, revision, created_at, updated_at, deleted_at)
     VALUES (@id, @project_id, @parent_id, @name, @color, @description, @revision, @created_at, @updated_at, @deleted_at)`,
  ).run(row);
  return row;
}

export function updateCode(db: Db, id: string, changes: CodeChanges, expectedRevision?: number): CodeRow | undefined {
  const normalized: CodeChanges = { ...changes };
  if (normalized.name !== undefined) normalized.name = normalized.name.trim();
  if (normalized.color !== undefined) normalized.color = normalized.color.toLowerCase();
  return updateEntity<CodeRow & EntityRow>(db, 'code', id, normalized, expectedRevision);
}

/** Moves a code and every live code below it to the trash, as one group that restores together. */
export function trashCode(db: Db, id: string): string | undefined {
  return db.transaction(() => {
    const group = trashEntity(db, 'code', id);
    if (!group) return undefined;
    const descendants = db
      .prepare(
        `WITH RECURSIVE below(id) AS (
           SELECT id FROM codes WHERE parent_id = ?
           UNION SELECT c.id FROM codes c JOIN below b ON c.parent_id = b.id
         )
         SELECT c.id FROM codes c JOIN below b ON b.id = c.id WHERE c.deleted_at IS NULL`,
      )
      .pluck()
      .all(id) as string[];
    for (const child of descendants) trashEntity(db, 'code', child, group);
    return group;
  })();
}

/** Live codes applied to a whole event (not to an excerpt of it), as ids. */
export function listEventCodeIds(db: Db, targetType: EventType, targetId: string): string[] {
  return cachedStatement<string>(
    db,
    `SELECT a.code_id FROM code_applications a JOIN codes c ON c.id = a.code_id
     WHERE a.target_type = ? AND a.target_id = ? AND a.excerpt_start IS NULL AND a.deleted_at IS NULL AND c.deleted_at IS NULL
     ORDER BY c.name COLLATE NOCASE, c.id`,
    'pluck',
  ).all(targetType, targetId);
}

/**
 * Makes the whole-event coding of an event exactly `codeIds`. Removed applications are marked deleted
 * (kept for the record); excerpt codings are left alone. Call inside the caller's transaction.
 */
export function setEventCodes(db: Db, projectId: string, targetType: EventType, targetId: string, codeIds: readonly string[]): void {
  const now = nowIso();
  const wanted = new Set(codeIds);
  const current = db
    .prepare(
      `SELECT id, code_id FROM code_applications
       WHERE target_type = ? AND target_id = ? AND excerpt_start IS NULL AND deleted_at IS NULL`,
    )
    .all(targetType, targetId) as { id: string; code_id: string }[];
  const present = new Set<string>();
  for (const application of current) {
    if (wanted.has(application.code_id) && !present.has(application.code_id)) present.add(application.code_id);
    else db.prepare(`UPDATE code_applications SET deleted_at = ? WHERE id = ?`).run(now, application.id);
  }
  const insert = db.prepare(
    `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, ?, NULL)`,
  );
  for (const codeId of wanted) if (!present.has(codeId)) insert.run(newId(), projectId, codeId, targetType, targetId, now);
}
