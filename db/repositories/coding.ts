import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { getEventRef, type EventRef } from './evidence.js';
import type { EventType } from './events.js';
import { codePointLength, codePointSlice } from './links.js';

/**
 * Coding: a code applied to a whole event or to a passage of it (code_applications). Passages keep their
 * offsets in code points and the quoted text, like prompt links, so they survive later edits.
 */

export interface CodeApplicationRow {
  id: string;
  project_id: string;
  code_id: string;
  target_type: EventType;
  target_id: string;
  excerpt_start: number | null;
  excerpt_end: number | null;
  excerpt_text: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface NewCoding {
  project_id: string;
  code_id: string;
  target_type: EventType;
  target_id: string;
  excerpt?: { start: number; end: number; text: string } | null;
}

export type ExcerptProblem =
  | { kind: 'too_long'; length: number }
  | { kind: 'mismatch' };

/** Checks a passage against an event's current text, as links:add does; undefined when it fits. */
export function checkExcerpt(text: string, excerpt: { start: number; end: number; text: string }): ExcerptProblem | undefined {
  const length = codePointLength(text);
  if (excerpt.end > length) return { kind: 'too_long', length };
  if (codePointSlice(text, excerpt.start, excerpt.end) !== excerpt.text) return { kind: 'mismatch' };
  return undefined;
}

export function getCoding(db: Db, id: string): CodeApplicationRow | undefined {
  return db.prepare(`SELECT * FROM code_applications WHERE id = ?`).get(id) as CodeApplicationRow | undefined;
}

/** A live application of the same code to the same target and the same passage (or both whole-event). */
export function findDuplicateCoding(db: Db, coding: NewCoding): CodeApplicationRow | undefined {
  return db
    .prepare(
      `SELECT * FROM code_applications
       WHERE code_id = ? AND target_type = ? AND target_id = ? AND deleted_at IS NULL
         AND excerpt_start IS ? AND excerpt_end IS ?`,
    )
    .get(coding.code_id, coding.target_type, coding.target_id, coding.excerpt?.start ?? null, coding.excerpt?.end ?? null) as
    | CodeApplicationRow
    | undefined;
}

/** Stores a coding as given; callers check the code, the target, the excerpt and duplicates first. */
export function insertCoding(db: Db, coding: NewCoding): CodeApplicationRow {
  const row: CodeApplicationRow = {
    id: newId(),
    project_id: coding.project_id,
    code_id: coding.code_id,
    target_type: coding.target_type,
    target_id: coding.target_id,
    excerpt_start: coding.excerpt?.start ?? null,
    excerpt_end: coding.excerpt?.end ?? null,
    excerpt_text: coding.excerpt?.text ?? null,
    created_at: nowIso(),
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at, deleted_at)
     VALUES (@id, @project_id, @code_id, @target_type, @target_id, @excerpt_start, @excerpt_end, @excerpt_text, @created_at, @deleted_at)`,
  ).run(row);
  return row;
}

/** Marks a live coding removed (kept for the record); undefined when there was no live coding. */
export function removeCoding(db: Db, id: string): CodeApplicationRow | undefined {
  return db.transaction(() => {
    const coding = getCoding(db, id);
    if (!coding || coding.deleted_at) return undefined;
    const now = nowIso();
    db.prepare(`UPDATE code_applications SET deleted_at = ? WHERE id = ?`).run(now, id);
    return { ...coding, deleted_at: now };
  })();
}

/** Characters of the event's current text shown on each side of a passage. */
const CONTEXT = 160;
/** Characters of a whole-event coding's text shown. */
const WHOLE_PREVIEW = 320;

export interface SegmentContext {
  /** Text just before the passage (with "…" when cut), the passage itself, and the text after it. */
  before: string;
  passage: string;
  after: string;
}

export interface CodedSegment {
  coding: CodeApplicationRow;
  code: { id: string; name: string; color: string };
  event: EventRef;
  /**
   * The passage inside a little of the event's current text. For a whole-event coding the passage is the
   * start of the text. `moved`: the text changed and the passage now stands elsewhere; `changed`: the
   * quoted text is no longer in the event (then only the quote is shown).
   */
  context: SegmentContext;
  state: 'current' | 'moved' | 'changed' | 'whole';
}

/** A stretch of text beside a passage; where it is cut, the cut word is dropped and "…" marks the cut. */
function clip(points: string[], from: number, to: number, side: 'before' | 'after'): string {
  const start = Math.max(0, from);
  const end = Math.min(points.length, to);
  const text = points.slice(start, end).join('');
  if (side === 'before') return start > 0 ? `…${text.replace(/^\S*\s+/, '')}` : text;
  return end < points.length ? `${text.replace(/\s+\S*$/, '')}…` : text;
}

/** The passage in the event's current text with some text around it, or why it cannot be found. */
export function segmentContext(text: string, coding: Pick<CodeApplicationRow, 'excerpt_start' | 'excerpt_end' | 'excerpt_text'>): {
  context: SegmentContext;
  state: CodedSegment['state'];
} {
  const points = Array.from(text);
  if (coding.excerpt_start === null || coding.excerpt_end === null || coding.excerpt_text === null) {
    const shown = points.slice(0, WHOLE_PREVIEW).join('');
    return { context: { before: '', passage: shown + (points.length > WHOLE_PREVIEW ? '…' : ''), after: '' }, state: 'whole' };
  }
  let start = coding.excerpt_start;
  let end = coding.excerpt_end;
  let state: CodedSegment['state'] = 'current';
  if (points.slice(start, end).join('') !== coding.excerpt_text) {
    const at = text.indexOf(coding.excerpt_text);
    if (at === -1) return { context: { before: '', passage: coding.excerpt_text, after: '' }, state: 'changed' };
    start = Array.from(text.slice(0, at)).length;
    end = start + Array.from(coding.excerpt_text).length;
    state = 'moved';
  }
  return {
    context: {
      before: clip(points, start - CONTEXT, start, 'before'),
      passage: points.slice(start, end).join(''),
      after: clip(points, end, end + CONTEXT, 'after'),
    },
    state,
  };
}

const LIVE_TARGET = `(
  (a.target_type = 'field_note' AND EXISTS (SELECT 1 FROM field_notes x WHERE x.id = a.target_id AND x.deleted_at IS NULL))
  OR (a.target_type = 'dialogue' AND EXISTS (SELECT 1 FROM dialogues x WHERE x.id = a.target_id AND x.deleted_at IS NULL))
  OR (a.target_type = 'turn' AND EXISTS (SELECT 1 FROM dialogue_turns x JOIN dialogues d ON d.id = x.dialogue_id
        WHERE x.id = a.target_id AND x.deleted_at IS NULL AND d.deleted_at IS NULL))
  OR (a.target_type = 'phase_entry' AND EXISTS (SELECT 1 FROM phase_entries x WHERE x.id = a.target_id AND x.deleted_at IS NULL))
  OR (a.target_type = 'reflection' AND EXISTS (SELECT 1 FROM reflections x WHERE x.id = a.target_id AND x.deleted_at IS NULL))
)`;

export interface SegmentQuery {
  codeId?: string;
  /** Include the codes below `codeId`. */
  includeChildren?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Live codings of live codes on live events, oldest event first, each with the event and the passage in
 * its context. With a code, only that code's (and, if asked, the codes below it).
 */
export function listSegments(db: Db, projectId: string, query: SegmentQuery = {}): { total: number; segments: CodedSegment[] } {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 500));
  const offset = Math.max(0, query.offset ?? 0);
  const codes = query.codeId
    ? query.includeChildren
      ? `WITH RECURSIVE chosen(id) AS (
           SELECT id FROM codes WHERE id = @code
           UNION SELECT c.id FROM codes c JOIN chosen ON c.parent_id = chosen.id WHERE c.deleted_at IS NULL)`
      : `WITH chosen(id) AS (SELECT @code)`
    : `WITH chosen(id) AS (SELECT id FROM codes WHERE project_id = @project)`;
  const from = `FROM code_applications a JOIN chosen ON chosen.id = a.code_id JOIN codes c ON c.id = a.code_id
    JOIN events e ON e.entity_type = a.target_type AND e.entity_id = a.target_id
    WHERE a.project_id = @project AND a.deleted_at IS NULL AND c.deleted_at IS NULL AND ${LIVE_TARGET}`;
  const params = { project: projectId, code: query.codeId ?? null, limit, offset };
  const total = db.prepare(`${codes} SELECT count(*) ${from}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `${codes} SELECT a.*, c.name AS c_name, c.color AS c_color ${from}
       ORDER BY e.occurred_at, a.target_id, a.excerpt_start NULLS FIRST, a.created_at, a.id
       LIMIT @limit OFFSET @offset`,
    )
    .all(params) as (CodeApplicationRow & { c_name: string; c_color: string })[];
  const segments: CodedSegment[] = [];
  for (const { c_name, c_color, ...coding } of rows) {
    const event = getEventRef(db, coding.target_type, coding.target_id);
    if (!event) continue;
    segments.push({ coding, code: { id: coding.code_id, name: c_name, color: c_color }, event, ...segmentContext(event.text, coding) });
  }
  return { total, segments };
}

export interface CodeCount {
  code_id: string;
  /** Whole events coded with it. */
  events: number;
  /** Passages coded with it. */
  passages: number;
}

/** How often each live code of the project is applied to live events (codes never used are left out). */
export function codeCounts(db: Db, projectId: string): CodeCount[] {
  return db
    .prepare(
      `SELECT a.code_id,
              sum(a.excerpt_start IS NULL) AS events,
              sum(a.excerpt_start IS NOT NULL) AS passages
       FROM code_applications a JOIN codes c ON c.id = a.code_id
       WHERE a.project_id = ? AND a.deleted_at IS NULL AND c.deleted_at IS NULL AND ${LIVE_TARGET}
       GROUP BY a.code_id`,
    )
    .all(projectId) as CodeCount[];
}
