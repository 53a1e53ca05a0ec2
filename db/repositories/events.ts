import { cachedStatement, type Db } from '../connection.js';

export const EVENT_TYPES = ['field_note', 'dialogue', 'turn', 'phase_entry', 'reflection'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Enough about any event to name it, date it and open it: used by backlinks, pickers and activity lists. */
export interface EventRef {
  type: EventType;
  id: string;
  project_id: string;
  label: string;
  occurred_at: string;
  cycle_id: string | null;
  phase: string | null;
  /** For a turn, the dialogue it belongs to (turns open inside their dialogue). */
  dialogue_id: string | null;
  /** The event's full text, where passages can be quoted from (note body, turn text, …). */
  text: string;
  deleted: boolean;
}

const QUERIES: Record<EventType, string> = {
  field_note: `SELECT 'field_note' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE substr(body, 1, 80) END AS label,
                 occurred_at, cycle_id, phase, NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
               FROM field_notes WHERE id = ?`,
  dialogue: `SELECT 'dialogue' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE kind END AS label,
               occurred_at, cycle_id, phase, id AS dialogue_id, summary AS text, deleted_at IS NOT NULL AS deleted
             FROM dialogues WHERE id = ?`,
  turn: `SELECT 'turn' AS type, t.id, t.project_id,
           coalesce(s.pseudonym, '?') || ': ' || substr(t.text, 1, 80) AS label,
           d.occurred_at, d.cycle_id, d.phase, t.dialogue_id, t.text,
           (t.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL) AS deleted
         FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id LEFT JOIN stakeholders s ON s.id = t.speaker_id
         WHERE t.id = ?`,
  phase_entry: `SELECT 'phase_entry' AS type, id, project_id, substr(body, 1, 80) AS label, occurred_at, cycle_id, phase,
                  NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
                FROM phase_entries WHERE id = ?`,
  reflection: `SELECT 'reflection' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE substr(body, 1, 80) END AS label,
                 written_at AS occurred_at, cycle_id, phase, NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
               FROM reflections WHERE id = ?`,
};

export function describeEvent(db: Db, type: EventType, id: string): EventRef | undefined {
  const row = db.prepare(QUERIES[type]).get(id) as (Omit<EventRef, 'deleted'> & { deleted: number }) | undefined;
  return row ? { ...row, label: plainLabel(row.label), deleted: row.deleted === 1 } : undefined;
}

/** Labels are cut from Markdown bodies: the first line with words, as plain text (no #, **, >, links' URLs). */
export function plainLabel(markdown: string): string {
  const plain = markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '');
  const line = plain.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.replace(/\s+/g, ' ').trim();
}

export interface NewestEventsQuery {
  project_id: string;
  limit: number;
  offset?: number;
  /** The last item of the page before (its time and id): the page starts just after it, by an index seek. */
  after?: { at: string; id: string };
  /** False: leave the count out (the list asked for it with the first page). */
  with_total?: boolean;
}

/**
 * A page of a project's live events of one kind, newest first (by time, then id), and how many there are: the
 * lists of notes, dialogues and reflections. Both are found on `events` (one small row per live event, kept in
 * step by the schema's triggers, indexed by project, kind and time) rather than by reading every row with its
 * text. `conditions` narrow it (over `events e`, with their values in `params`). Returns the count and the page
 * as a subquery of ids (`SELECT … AS id`) with its parameters, for the caller to join to its own table.
 */
export function newestEventsPage(
  db: Db,
  type: EventType,
  query: NewestEventsQuery,
  conditions: string[] = [],
  params: Record<string, unknown> = {},
): { total?: number; pageSql: string; params: Record<string, unknown> } {
  const where = ['e.project_id = @project_id', 'e.entity_type = @entity_type', ...conditions];
  const bound: Record<string, unknown> = { ...params, project_id: query.project_id, entity_type: type, limit: query.limit, offset: query.offset ?? 0 };
  const total =
    query.with_total === false ? undefined : (cachedStatement<number>(db, `SELECT count(*) FROM events e WHERE ${where.join(' AND ')}`, 'pluck').get(bound) as number);
  if (query.after) {
    where.push('e.occurred_at <= @after_at AND (e.occurred_at < @after_at OR e.entity_id < @after_id)');
    bound.after_at = query.after.at;
    bound.after_id = query.after.id;
  }
  const pageSql = `SELECT e.entity_id AS id FROM events e WHERE ${where.join(' AND ')}
           ORDER BY e.occurred_at DESC, e.entity_id DESC LIMIT @limit OFFSET @offset`;
  return { ...(total === undefined ? {} : { total }), pageSql, params: bound };
}
