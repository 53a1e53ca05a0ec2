import { cachedStatement, type Db } from '../connection.js';
import { newestEventsPage } from './events.js';
import { newId, nowIso } from '../ids.js';
import { listAttachments, type AttachmentMeta } from './attachments.js';
import { listEventCodeIds, setEventCodes } from './codes.js';
import type { PhaseName } from './cycles.js';
import { RevisionConflictError, trashEntity, updateEntityRow, type EntityRow } from './entities.js';
import { noteSetsOf } from './revisions.js';

export interface NoteRow {
  id: string;
  project_id: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  title: string;
  body: string;
  place: string;
  occurred_at: string;
  recorded_at: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A note with who was involved, how it is coded and what is attached. */
export interface NoteDetail extends NoteRow {
  stakeholder_ids: string[];
  code_ids: string[];
  attachments: AttachmentMeta[];
}

/** One line of the notes list. */
export interface NoteSummary {
  id: string;
  title: string;
  /** The first non-empty line of the body, at most 200 characters. */
  first_line: string;
  place: string;
  occurred_at: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  stakeholder_count: number;
  attachment_count: number;
}

export interface NewNote {
  project_id: string;
  cycle_id?: string | null;
  phase?: PhaseName | null;
  title?: string;
  body?: string;
  place?: string;
  occurred_at?: string;
  stakeholder_ids?: readonly string[];
  code_ids?: readonly string[];
}

export interface NoteChanges {
  cycle_id?: string | null;
  phase?: PhaseName | null;
  title?: string;
  body?: string;
  place?: string;
  occurred_at?: string;
  stakeholder_ids?: readonly string[];
  code_ids?: readonly string[];
}

export interface NoteListQuery {
  project_id: string;
  /** A cycle id, or null for notes outside any cycle; undefined for all. */
  cycle_id?: string | null;
  phase?: PhaseName;
  limit: number;
  /** Rows to skip (counted after `after` when that is given). */
  offset: number;
  /** Keyset paging: start after this note of the list (its occurred_at and id), e.g. the last one of the page before. */
  after?: { occurred_at: string; id: string };
  /** Count the notes that match (default true); a list that already knows its total can leave it out. */
  with_total?: boolean;
}

export function getNoteRow(db: Db, id: string): NoteRow | undefined {
  return cachedStatement<NoteRow>(db, `SELECT * FROM field_notes WHERE id = ?`).get(id);
}

export function listNoteStakeholderIds(db: Db, noteId: string): string[] {
  return cachedStatement<string>(
    db,
    `SELECT s.id FROM field_note_stakeholders l JOIN stakeholders s ON s.id = l.stakeholder_id
     WHERE l.note_id = ? AND s.deleted_at IS NULL ORDER BY s.pseudonym COLLATE NOCASE, s.id`,
    'pluck',
  ).all(noteId);
}

export function getNote(db: Db, id: string): NoteDetail | undefined {
  const row = getNoteRow(db, id);
  return row ? noteDetail(db, row) : undefined;
}

function noteDetail(db: Db, row: NoteRow): NoteDetail {
  const id = row.id;
  return {
    ...row,
    stakeholder_ids: listNoteStakeholderIds(db, id),
    code_ids: listEventCodeIds(db, 'field_note', id),
    attachments: listAttachments(db, 'field_note', id),
  };
}

/** Ids among `ids` that are not live stakeholders of the project. */
export function foreignStakeholderIds(db: Db, projectId: string, ids: readonly string[]): string[] {
  const check = cachedStatement(db, `SELECT 1 FROM stakeholders WHERE id = ? AND project_id = ? AND deleted_at IS NULL`);
  return ids.filter((id) => !check.get(id, projectId));
}

/** True when the cycle is live and belongs to the project. */
export function isProjectCycle(db: Db, projectId: string, cycleId: string): boolean {
  return cachedStatement(db, `SELECT 1 FROM cycles WHERE id = ? AND project_id = ? AND deleted_at IS NULL`).get(cycleId, projectId) !== undefined;
}

function setNoteStakeholders(db: Db, noteId: string, stakeholderIds: readonly string[]): void {
  cachedStatement(db, `DELETE FROM field_note_stakeholders WHERE note_id = ?`).run(noteId);
  const insert = cachedStatement(db, `INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`);
  for (const id of new Set(stakeholderIds)) insert.run(noteId, id);
}

/** Creates a note with its links in one transaction. occurred_at defaults to now; recorded_at is always now. */
export function createNote(db: Db, input: NewNote): NoteDetail {
  return db.transaction(() => {
    const now = nowIso();
    const row: NoteRow = {
      id: newId(),
      project_id: input.project_id,
      cycle_id: input.cycle_id ?? null,
      phase: input.phase ?? null,
      title: input.title ?? '',
      body: input.body ?? '',
      place: input.place ?? '',
      occurred_at: input.occurred_at ? new Date(input.occurred_at).toISOString() : now,
      recorded_at: now,
      revision: 1,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    cachedStatement(
      db,
      `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
       VALUES (@id, @project_id, @cycle_id, @phase, @title, @body, @place, @occurred_at, @recorded_at, @revision, @created_at, @updated_at, @deleted_at)`,
    ).run(row);
    if (input.stakeholder_ids) setNoteStakeholders(db, row.id, input.stakeholder_ids);
    if (input.code_ids) setEventCodes(db, row.project_id, 'field_note', row.id, input.code_ids);
    return getNote(db, row.id)!;
  })();
}

const COLUMNS = ['cycle_id', 'phase', 'title', 'body', 'place', 'occurred_at'] as const;

/**
 * Applies changes in one transaction: the note's own fields through updateEntity, and the stakeholder and code sets
 * replaced when given. A revision is kept when any field or either set really changes (the editor sends the whole
 * note on every save, so unchanged sets are no edit); it holds the sets as they were (revisions.ts NOTE_SETS_KEY).
 * Returns undefined when there is no live note with that id.
 */
export function updateNote(db: Db, id: string, changes: NoteChanges, expectedRevision?: number): NoteDetail | undefined {
  return db.transaction(() => {
    const current = getNoteRow(db, id);
    if (!current || current.deleted_at) return undefined;
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new RevisionConflictError('field_note', id, expectedRevision, current.revision);
    }
    const columns: Record<string, unknown> = {};
    for (const column of COLUMNS) {
      let value = changes[column];
      if (value === undefined) continue;
      if (column === 'occurred_at' && typeof value === 'string') value = new Date(value).toISOString();
      if (value !== current[column]) columns[column] = value;
    }
    // The row just read is the one updated (same transaction), so updateEntityRow need not read it again. It keeps
    // the previous version, tags and stakeholders included, before they are replaced below.
    const updated =
      Object.keys(columns).length > 0 || setsChange(db, id, changes)
        ? updateEntityRow<NoteRow & EntityRow>(db, 'field_note', current as NoteRow & EntityRow, columns, expectedRevision)
        : current;
    if (changes.stakeholder_ids) setNoteStakeholders(db, id, changes.stakeholder_ids);
    if (changes.code_ids) setEventCodes(db, current.project_id, 'field_note', id, changes.code_ids);
    return noteDetail(db, updated ?? current);
  })();
}

/** True when `changes` would replace the note's live stakeholders or whole-note codes with a different set. */
function setsChange(db: Db, id: string, changes: NoteChanges): boolean {
  if (!changes.stakeholder_ids && !changes.code_ids) return false;
  const current = noteSetsOf(db, id);
  const differs = (wanted: readonly string[] | undefined, now: readonly string[]) => {
    if (!wanted) return false;
    const unique = new Set(wanted);
    return unique.size !== now.length || now.some((value) => !unique.has(value));
  };
  return differs(changes.stakeholder_ids, current.stakeholder_ids) || differs(changes.code_ids, current.code_ids);
}

export function trashNote(db: Db, id: string): string | undefined {
  return trashEntity(db, 'field_note', id);
}

const FIRST_LINE = `substr(ltrim(body, char(10) || char(13) || ' ' || char(9)), 1,
  instr(ltrim(body, char(10) || char(13) || ' ' || char(9)) || char(10), char(10)) - 1)`;

/**
 * A page of a project's live notes, newest first (by when they happened), and how many there are in all: found
 * on `events` by newestEventsPage (reading every note with its body costs a second at 100,000 notes); only the
 * page's own notes are then read.
 */
export function listNotes(db: Db, query: NoteListQuery): { total?: number; items: NoteSummary[] } {
  const conditions: string[] = [];
  if (query.cycle_id === null) conditions.push('e.cycle_id IS NULL');
  else if (query.cycle_id !== undefined) conditions.push('e.cycle_id = @cycle_id');
  if (query.phase) conditions.push('e.phase = @phase');
  const page = newestEventsPage(
    db,
    'field_note',
    { ...query, after: query.after && { at: query.after.occurred_at, id: query.after.id } },
    conditions,
    { ...(query.cycle_id ? { cycle_id: query.cycle_id } : {}), ...(query.phase ? { phase: query.phase } : {}) },
  );
  const items = cachedStatement<NoteSummary>(
    db,
    `SELECT n.id, n.title, substr(rtrim(${FIRST_LINE}, char(13) || ' '), 1, 200) AS first_line, n.place, n.occurred_at, n.cycle_id, n.phase,
       (SELECT count(*) FROM field_note_stakeholders l JOIN stakeholders s ON s.id = l.stakeholder_id
          WHERE l.note_id = n.id AND s.deleted_at IS NULL) AS stakeholder_count,
       (SELECT count(*) FROM attachments a WHERE a.owner_type = 'field_note' AND a.owner_id = n.id AND a.deleted_at IS NULL) AS attachment_count
     FROM (${page.pageSql}) AS p
     JOIN field_notes n ON n.id = p.id
     WHERE n.deleted_at IS NULL
     ORDER BY n.occurred_at DESC, n.id DESC`,
  ).all(page.params);
  return page.total === undefined ? { items } : { total: page.total, items };
}

/** Place, cycle and phase of the most recently recorded live note: where the next quick note probably is. */
export function captureDefaults(db: Db, projectId: string): { place: string; cycle_id: string | null; phase: PhaseName | null } {
  const last = db
    .prepare(
      `SELECT n.place, CASE WHEN c.id IS NOT NULL AND c.deleted_at IS NULL THEN n.cycle_id END AS cycle_id, n.phase
       FROM field_notes n LEFT JOIN cycles c ON c.id = n.cycle_id
       WHERE n.project_id = ? AND n.deleted_at IS NULL
       ORDER BY n.recorded_at DESC, n.id DESC LIMIT 1`,
    )
    .get(projectId) as { place: string; cycle_id: string | null; phase: PhaseName | null } | undefined;
  return last ?? { place: '', cycle_id: null, phase: null };
}
