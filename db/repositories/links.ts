import type { Db } from '../connection.js';
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
  const rows = db
    .prepare(
      `SELECT l.*, r.title AS r_title, r.mode AS r_mode, r.written_at AS r_written_at
       FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id
       WHERE l.target_type = ? AND l.target_id = ? AND l.deleted_at IS NULL AND r.deleted_at IS NULL
       ORDER BY r.written_at, l.created_at`,
    )
    .all(targetType, targetId) as (PromptLinkRow & { r_title: string; r_mode: 'withness' | 'aboutness'; r_written_at: string })[];
  return rows.map(({ r_title, r_mode, r_written_at, ...link }) => ({
    link,
    reflection: { id: link.reflection_id, title: r_title, mode: r_mode, written_at: r_written_at },
  }));
}
