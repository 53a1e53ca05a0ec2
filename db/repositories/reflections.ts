import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { trashEntity, updateEntity, type EntityRow } from './entities.js';

export type ReflectionMode = 'withness' | 'aboutness';
export type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';

export interface ReflectionRow {
  id: string;
  project_id: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  mode: ReflectionMode;
  title: string;
  body: string;
  written_at: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A reflection in a list, with how many live links tie it to its evidence. */
export interface ReflectionListRow extends ReflectionRow {
  link_count: number;
}

export interface NewReflection {
  project_id: string;
  mode?: ReflectionMode;
  title?: string;
  body?: string;
  written_at?: string;
  cycle_id?: string | null;
  phase?: PhaseName | null;
}

export type ReflectionChanges = Partial<Pick<ReflectionRow, 'mode' | 'title' | 'body' | 'written_at' | 'cycle_id' | 'phase'>>;

/** Times are stored as UTC ISO text whatever offset they were given in. */
export function toUtcIso(time: string): string {
  return new Date(time).toISOString();
}

/** Live reflections of a project, newest first; with `unlinkedOnly`, only those citing no evidence yet. */
export function listReflections(db: Db, projectId: string, unlinkedOnly = false): ReflectionListRow[] {
  return db
    .prepare(
      `SELECT r.*, (SELECT count(*) FROM prompt_links l WHERE l.reflection_id = r.id AND l.deleted_at IS NULL) AS link_count
       FROM reflections r
       WHERE r.project_id = ? AND r.deleted_at IS NULL
       ${unlinkedOnly ? 'AND NOT EXISTS (SELECT 1 FROM prompt_links l WHERE l.reflection_id = r.id AND l.deleted_at IS NULL)' : ''}
       ORDER BY r.written_at DESC, r.id DESC`,
    )
    .all(projectId) as ReflectionListRow[];
}

export function getReflection(db: Db, id: string): ReflectionRow | undefined {
  return db.prepare(`SELECT * FROM reflections WHERE id = ?`).get(id) as ReflectionRow | undefined;
}

export function createReflection(db: Db, input: NewReflection): ReflectionRow {
  const now = nowIso();
  const row: ReflectionRow = {
    id: newId(),
    project_id: input.project_id,
    cycle_id: input.cycle_id ?? null,
    phase: input.phase ?? null,
    mode: input.mode ?? 'withness',
    title: input.title ?? '',
    body: input.body ?? '',
    written_at: input.written_at ? toUtcIso(input.written_at) : now,
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
     VALUES (@id, @project_id, @cycle_id, @phase, @mode, @title, @body, @written_at, @revision, @created_at, @updated_at, @deleted_at)`,
  ).run(row);
  return row;
}

/** Applies changes, keeping the previous version; undefined when there is no live reflection with that id. */
export function updateReflection(db: Db, id: string, changes: ReflectionChanges, expectedRevision?: number): ReflectionRow | undefined {
  const normalized = { ...changes };
  if (normalized.written_at) normalized.written_at = toUtcIso(normalized.written_at);
  return updateEntity<ReflectionRow & EntityRow>(db, 'reflection', id, normalized, expectedRevision);
}

/** Moves a reflection to the trash. Its links stay as they are, so restoring it brings its evidence back. */
export function trashReflection(db: Db, id: string): string | undefined {
  return trashEntity(db, 'reflection', id);
}
