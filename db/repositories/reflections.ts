import { cachedStatement, type Db } from '../connection.js';
import { newestEventsPage } from './events.js';
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

/** A reflection in a list: what the list shows (a short plain preview, not the whole body) and its live link count. */
export interface ReflectionListItem {
  id: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  mode: ReflectionMode;
  title: string;
  /** The opening of the body as plain words (Markdown markup dropped, lines joined), at most PREVIEW_LENGTH characters. */
  preview: string;
  written_at: string;
  link_count: number;
}

export interface ReflectionListQuery {
  project_id: string;
  /** Only reflections that cite no evidence yet. */
  unlinked_only?: boolean;
  limit: number;
  /** Rows to skip (counted after `after` when that is given). */
  offset?: number;
  /** Keyset paging: start after this reflection of the list (its written_at and id), e.g. the last one of the page before. */
  after?: { written_at: string; id: string };
  /** Count the reflections that match (default true); a list that already knows its total can leave it out. */
  with_total?: boolean;
}

export const PREVIEW_LENGTH = 240;

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

/** The opening of a Markdown text as plain words for a list (markup characters dropped, lines joined). */
export function plainPreview(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PREVIEW_LENGTH);
}

/**
 * A page of a project's live reflections, newest first (written_at, then id), each with its number of live links,
 * and how many match in all; with `unlinked_only`, only those citing no evidence yet. Found on `events` by
 * newestEventsPage (reading 20,000 reflections with their bodies costs half a second); only the page's own
 * reflections are then read, and of their bodies only the opening.
 */
export function listReflections(db: Db, query: ReflectionListQuery): { total?: number; items: ReflectionListItem[] } {
  const conditions = query.unlinked_only ? [`NOT EXISTS (SELECT 1 FROM prompt_links l WHERE l.reflection_id = e.entity_id AND l.deleted_at IS NULL)`] : [];
  const page = newestEventsPage(db, 'reflection', { ...query, after: query.after && { at: query.after.written_at, id: query.after.id } }, conditions);
  // Enough of the body for the preview even when the opening is mostly markup (links, emphasis).
  const rows = cachedStatement<Omit<ReflectionListItem, 'preview'> & { opening: string }>(
    db,
    `SELECT r.id, r.cycle_id, r.phase, r.mode, r.title, substr(r.body, 1, ${PREVIEW_LENGTH * 4}) AS opening, r.written_at,
       (SELECT count(*) FROM prompt_links l WHERE l.reflection_id = r.id AND l.deleted_at IS NULL) AS link_count
     FROM (${page.pageSql}) AS p
     JOIN reflections r ON r.id = p.id
     WHERE r.deleted_at IS NULL
     ORDER BY r.written_at DESC, r.id DESC`,
  ).all(page.params);
  const items = rows.map(({ opening, ...row }) => ({ ...row, preview: plainPreview(opening) }));
  return page.total === undefined ? { items } : { total: page.total, items };
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
