import { cachedStatement, type Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import type { EventType } from './events.js';

export interface PromptLinkRow {
  id: string;
  project_id: string;
  reflection_id: string;
  target_type: EventType;
  target_id: string;
  excerpt_start: number | null;
  excerpt_end: number | null;
  excerpt_text: string | null;
  comment: string;
  created_at: string;
  deleted_at: string | null;
}

export interface BacklinkRow {
  link: PromptLinkRow;
  reflection: { id: string; title: string; mode: 'withness' | 'aboutness'; written_at: string };
}

/** The reflections an event prompted (live links from live reflections), oldest first. */
export function listBacklinks(db: Db, targetType: EventType, targetId: string): BacklinkRow[] {
  const rows = cachedStatement<PromptLinkRow & { r_title: string; r_mode: 'withness' | 'aboutness'; r_written_at: string }>(
    db,
    `SELECT l.*, r.title AS r_title, r.mode AS r_mode, r.written_at AS r_written_at
     FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id
     WHERE l.target_type = ? AND l.target_id = ? AND l.deleted_at IS NULL AND r.deleted_at IS NULL
     ORDER BY r.written_at, l.created_at`,
  ).all(targetType, targetId);
  return rows.map(({ r_title, r_mode, r_written_at, ...link }) => ({
    link,
    reflection: { id: link.reflection_id, title: r_title, mode: r_mode, written_at: r_written_at },
  }));
}

/**
 * How many live reflections cite each of these events, counted as listBacklinks counts them, in one statement
 * (a transcript asks for all its turns at once). Events nothing cites are left out.
 */
export function countBacklinks(db: Db, targetType: EventType, targetIds: readonly string[]): Map<string, number> {
  const rows = cachedStatement<{ target_id: string; count: number }>(
    db,
    `SELECT l.target_id, count(*) AS count
     FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id
     WHERE l.target_type = ? AND l.target_id IN (SELECT value FROM json_each(?)) AND l.deleted_at IS NULL AND r.deleted_at IS NULL
     GROUP BY l.target_id`,
  ).all(targetType, JSON.stringify(targetIds));
  return new Map(rows.map((row) => [row.target_id, row.count]));
}

/** The live links of one reflection, in the order they were added. */
export function listLinksOf(db: Db, reflectionId: string): PromptLinkRow[] {
  return db
    .prepare(`SELECT * FROM prompt_links WHERE reflection_id = ? AND deleted_at IS NULL ORDER BY created_at, id`)
    .all(reflectionId) as PromptLinkRow[];
}

export function getLink(db: Db, id: string): PromptLinkRow | undefined {
  return db.prepare(`SELECT * FROM prompt_links WHERE id = ?`).get(id) as PromptLinkRow | undefined;
}

/** Number of Unicode code points in a string (an emoji counts once, not as two UTF-16 units). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The passage between two code-point offsets (end exclusive). */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

export interface NewPromptLink {
  project_id: string;
  reflection_id: string;
  target_type: EventType;
  target_id: string;
  excerpt?: { start: number; end: number; text: string } | null;
  comment?: string;
}

/** A live link of the same reflection to the same target and the same passage (or both whole-event). */
export function findDuplicateLink(db: Db, link: NewPromptLink): PromptLinkRow | undefined {
  return db
    .prepare(
      `SELECT * FROM prompt_links
       WHERE reflection_id = ? AND target_type = ? AND target_id = ? AND deleted_at IS NULL
         AND excerpt_start IS ? AND excerpt_end IS ?`,
    )
    .get(link.reflection_id, link.target_type, link.target_id, link.excerpt?.start ?? null, link.excerpt?.end ?? null) as
    | PromptLinkRow
    | undefined;
}

/** Stores a link as given; callers check the target, the excerpt and duplicates first. */
export function insertLink(db: Db, link: NewPromptLink): PromptLinkRow {
  const row: PromptLinkRow = {
    id: newId(),
    project_id: link.project_id,
    reflection_id: link.reflection_id,
    target_type: link.target_type,
    target_id: link.target_id,
    excerpt_start: link.excerpt?.start ?? null,
    excerpt_end: link.excerpt?.end ?? null,
    excerpt_text: link.excerpt?.text ?? null,
    comment: link.comment ?? '',
    created_at: nowIso(),
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, comment, created_at, deleted_at)
     VALUES (@id, @project_id, @reflection_id, @target_type, @target_id, @excerpt_start, @excerpt_end, @excerpt_text, @comment, @created_at, @deleted_at)`,
  ).run(row);
  return row;
}

/** Soft-deletes a live link; returns the removed row, or undefined when there was no live link. */
export function removeLink(db: Db, id: string): PromptLinkRow | undefined {
  return db.transaction(() => {
    const link = getLink(db, id);
    if (!link || link.deleted_at) return undefined;
    const now = nowIso();
    db.prepare(`UPDATE prompt_links SET deleted_at = ? WHERE id = ?`).run(now, id);
    return { ...link, deleted_at: now };
  })();
}
