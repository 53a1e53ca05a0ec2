import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { updateEntity, type EntityRow } from './entities.js';

export type ProjectStatus = 'active' | 'paused' | 'closed';

export interface ProjectRow {
  id: string;
  title: string;
  concern: string;
  setting: string;
  started_on: string | null;
  status: ProjectStatus;
  is_fictional: 0 | 1;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewProject {
  title: string;
  concern?: string;
  setting?: string;
  started_on?: string | null;
  is_fictional?: boolean;
}

export type ProjectChanges = Partial<Pick<ProjectRow, 'title' | 'concern' | 'setting' | 'started_on' | 'status'>>;

export function listProjects(db: Db): ProjectRow[] {
  return db
    .prepare(`SELECT * FROM projects WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC`)
    .all() as ProjectRow[];
}

export function getProject(db: Db, id: string): ProjectRow | undefined {
  return db.prepare(`SELECT * FROM projects WHERE id = ?`).get(id) as ProjectRow | undefined;
}

export function createProject(db: Db, input: NewProject): ProjectRow {
  const now = nowIso();
  const row: ProjectRow = {
    id: newId(),
    title: input.title,
    concern: input.concern ?? '',
    setting: input.setting ?? '',
    started_on: input.started_on ?? null,
    status: 'active',
    is_fictional: input.is_fictional ? 1 : 0,
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO projects (id, title, concern, setting, started_on, status, is_fictional, revision, created_at, updated_at, deleted_at)
     VALUES (@id, @title, @concern, @setting, @started_on, @status, @is_fictional, @revision, @created_at, @updated_at, @deleted_at)`,
  ).run(row);
  return row;
}

/** Applies changes and keeps the previous version; returns undefined when no such project exists. */
export function updateProject(db: Db, id: string, changes: ProjectChanges): ProjectRow | undefined {
  return updateEntity<ProjectRow & EntityRow>(db, 'project', id, changes);
}
