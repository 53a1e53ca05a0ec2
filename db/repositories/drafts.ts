import type { Db } from '../connection.js';
import { nowIso } from '../ids.js';

export interface DraftRow {
  key: string;
  project_id: string;
  record_type: string;
  record_id: string;
  body: string;
  saved_at: string;
}

/**
 * Where each kind of draft key finds its inquiry. The keys are the editors' own (useAutosave's draftKey):
 * `<type>:<id>` or `<type>.<id>[.<phase>]`, the id being a record's, a cycle's (a new phase entry) or the inquiry's.
 */
const RECORD_TABLES: Record<string, { table: string; project: string }> = {
  note: { table: 'field_notes', project: 'project_id' },
  'quick-capture': { table: 'projects', project: 'id' },
  project: { table: 'projects', project: 'id' },
  prompts: { table: 'projects', project: 'id' },
  cycle: { table: 'cycles', project: 'project_id' },
  'new-entry': { table: 'cycles', project: 'project_id' },
  'phase-entry': { table: 'phase_entries', project: 'project_id' },
  dialogue: { table: 'dialogues', project: 'project_id' },
  turn: { table: 'dialogue_turns', project: 'project_id' },
  reflection: { table: 'reflections', project: 'project_id' },
  stakeholder: { table: 'stakeholders', project: 'project_id' },
};

export const DRAFT_KEY = /^([a-z][a-z-]{0,39})[:.]([0-9a-fA-F-]{36})(?:\.([a-z]{1,20}))?$/;

/** The record a draft key names, or undefined when the key has no known shape. */
export function draftRecord(key: string): { record_type: string; record_id: string } | undefined {
  const match = DRAFT_KEY.exec(key);
  if (!match || !RECORD_TABLES[match[1]!]) return undefined;
  return { record_type: match[1]!, record_id: match[2]! };
}

/** The inquiry a draft belongs to, found through its record; undefined when the record is not in the journal. */
export function draftProject(db: Db, key: string): string | undefined {
  const record = draftRecord(key);
  if (!record) return undefined;
  const { table, project } = RECORD_TABLES[record.record_type]!;
  return db.prepare(`SELECT ${project} FROM ${table} WHERE id = ?`).pluck().get(record.record_id) as string | undefined;
}

export function getDraft(db: Db, key: string): DraftRow | undefined {
  return db.prepare(`SELECT * FROM drafts WHERE key = ?`).get(key) as DraftRow | undefined;
}

export function listDrafts(db: Db, projectId?: string): DraftRow[] {
  return projectId === undefined
    ? (db.prepare(`SELECT * FROM drafts ORDER BY key`).all() as DraftRow[])
    : (db.prepare(`SELECT * FROM drafts WHERE project_id = ? ORDER BY key`).all(projectId) as DraftRow[]);
}

/** Keeps the newest draft of an editor; the caller has checked the key with draftProject. */
export function putDraft(db: Db, row: Omit<DraftRow, 'saved_at'> & { saved_at?: string }): DraftRow {
  const stored: DraftRow = { ...row, saved_at: row.saved_at ?? nowIso() };
  db.prepare(
    `INSERT INTO drafts (key, project_id, record_type, record_id, body, saved_at) VALUES (@key, @project_id, @record_type, @record_id, @body, @saved_at)
     ON CONFLICT (key) DO UPDATE SET project_id = excluded.project_id, record_type = excluded.record_type, record_id = excluded.record_id,
       body = excluded.body, saved_at = excluded.saved_at`,
  ).run(stored);
  return stored;
}

export function deleteDraft(db: Db, key: string): boolean {
  return db.prepare(`DELETE FROM drafts WHERE key = ?`).run(key).changes > 0;
}

/** Drops the drafts of records that are gone for good (an erasure's turns and person). */
export function deleteDraftsOf(db: Db, recordIds: readonly string[]): number {
  if (recordIds.length === 0) return 0;
  return db.prepare(`DELETE FROM drafts WHERE record_id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(recordIds)).changes;
}
