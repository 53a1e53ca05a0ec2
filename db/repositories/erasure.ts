import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../connection.js';

/**
 * The SQL of erasure (migration 005): the per-journal salt, the erasure log, and the questions the erasure asks of a
 * journal. Every function here also runs against backups, which may be older than 005 (or 004), so the ones that
 * touch a newer table or column ask first whether it is there.
 */

export type ErasureMode = 'erase' | 'anonymise';

export interface ErasureLogRow {
  id: string;
  project_id: string;
  stakeholder_id: string;
  mode: ErasureMode;
  name_hash: string;
  /** JSON array of hex hashes. */
  other_hashes: string;
  /** JSON array of ids. */
  record_ids: string;
  label: string;
  erased_at: string;
  erased_by: string;
}

export function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

export function hasColumn(db: Db, table: string, column: string): boolean {
  return (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) as unknown) !== undefined;
}

/** The journal's salt for name hashes; created when the journal has the table but (oddly) no row. */
export function erasureSalt(db: Db): Buffer | undefined {
  if (!hasTable(db, 'erasure_salt')) return undefined;
  const salt = db.prepare(`SELECT salt FROM erasure_salt WHERE id = 1`).pluck().get() as Buffer | undefined;
  if (salt) return salt;
  const fresh = randomBytes(32);
  db.prepare(`INSERT INTO erasure_salt (id, salt) VALUES (1, ?)`).run(fresh);
  return fresh;
}

/** Puts a salt back (after a restore of a backup older than the log, whose migration drew a new one). */
export function setErasureSalt(db: Db, salt: Buffer): void {
  if (!hasTable(db, 'erasure_salt')) return;
  db.prepare(`INSERT INTO erasure_salt (id, salt) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET salt = excluded.salt`).run(salt);
}

export function listErasureLog(db: Db, projectId?: string): ErasureLogRow[] {
  if (!hasTable(db, 'erasure_log')) return [];
  // The columns of ErasureLogRow only: what team sync added (migration 007) stays out of bundles and restores.
  const columns = 'id, project_id, stakeholder_id, mode, name_hash, other_hashes, record_ids, label, erased_at, erased_by';
  return (
    projectId
      ? db.prepare(`SELECT ${columns} FROM erasure_log WHERE project_id = ? ORDER BY erased_at, id`).all(projectId)
      : db.prepare(`SELECT ${columns} FROM erasure_log ORDER BY erased_at, id`).all()
  ) as ErasureLogRow[];
}

/** Adds a log row unless one with its id is there already (re-applying a log is idempotent). */
export function insertErasureLog(db: Db, row: ErasureLogRow): boolean {
  if (!hasTable(db, 'erasure_log')) return false;
  const { changes } = db
    .prepare(
      `INSERT OR IGNORE INTO erasure_log (id, project_id, stakeholder_id, mode, name_hash, other_hashes, record_ids, label, erased_at, erased_by)
       VALUES (@id, @project_id, @stakeholder_id, @mode, @name_hash, @other_hashes, @record_ids, @label, @erased_at, @erased_by)`,
    )
    .run(row);
  return changes === 1;
}

export interface PersonRow {
  id: string;
  project_id: string;
  real_name: string;
  pseudonym: string;
  aliases: string;
  deleted_at: string | null;
}

export function getPerson(db: Db, id: string): PersonRow | undefined {
  return db.prepare(`SELECT id, project_id, real_name, pseudonym, aliases, deleted_at FROM stakeholders WHERE id = ?`).get(id) as PersonRow | undefined;
}

export function allPeople(db: Db, projectId?: string): PersonRow[] {
  return (
    projectId
      ? db.prepare(`SELECT id, project_id, real_name, pseudonym, aliases, deleted_at FROM stakeholders WHERE project_id = ?`).all(projectId)
      : db.prepare(`SELECT id, project_id, real_name, pseudonym, aliases, deleted_at FROM stakeholders`).all()
  ) as PersonRow[];
}

/** Every turn the person spoke, live or in the trash. */
export function spokenTurnIds(db: Db, stakeholderId: string): string[] {
  return db.prepare(`SELECT id FROM dialogue_turns WHERE speaker_id = ? ORDER BY id`).pluck().all(stakeholderId) as string[];
}

/** Ids that still exist among the given turn ids (a re-applied log names turns that may be back without a speaker). */
export function existingTurnIds(db: Db, ids: readonly string[]): string[] {
  return db.prepare(`SELECT id FROM dialogue_turns WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).pluck().all(JSON.stringify(ids)) as string[];
}

/** Prompt links (live or removed) that cite any of these turns and are not yet marked withdrawn. */
export function linksCiting(db: Db, turnIds: readonly string[]): { id: string; reflection_id: string }[] {
  const withdrawn = hasColumn(db, 'prompt_links', 'withdrawn_at') ? 'AND withdrawn_at IS NULL' : '';
  return db
    .prepare(
      `SELECT id, reflection_id FROM prompt_links
       WHERE target_type = 'turn' AND target_id IN (SELECT value FROM json_each(?)) ${withdrawn} ORDER BY id`,
    )
    .all(JSON.stringify(turnIds)) as { id: string; reflection_id: string }[];
}

export function codingsOn(db: Db, turnIds: readonly string[]): string[] {
  return db
    .prepare(`SELECT id FROM code_applications WHERE target_type = 'turn' AND target_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .pluck()
    .all(JSON.stringify(turnIds)) as string[];
}

/**
 * Attachments that belong only to this person: files kept with a field note whose one involved stakeholder is they,
 * or with a dialogue whose one participant is they. A file of a note or dialogue shared with others stays.
 */
export function attachmentsOnlyOf(db: Db, stakeholderId: string): string[] {
  return db
    .prepare(
      `SELECT id FROM attachments
       WHERE (owner_type = 'field_note' AND owner_id IN (
               SELECT note_id FROM field_note_stakeholders GROUP BY note_id HAVING count(*) = 1 AND max(stakeholder_id) = @id))
          OR (owner_type = 'dialogue' AND owner_id IN (
               SELECT dialogue_id FROM dialogue_participants GROUP BY dialogue_id HAVING count(*) = 1 AND max(stakeholder_id) = @id))
       ORDER BY id`,
    )
    .pluck()
    .all({ id: stakeholderId }) as string[];
}

export interface KeptAttachment {
  id: string;
  file_name: string;
  owner_type: 'field_note' | 'dialogue' | 'reflection' | 'phase_entry';
  owner_id: string;
}

/**
 * Files an erasure keeps although they may hold the person: those of notes and dialogues they share with others, and
 * of reflections that cite what they said. Nobody can read a file for names, so the researcher is shown them.
 */
export function attachmentsSharedBy(db: Db, stakeholderId: string, reflectionIds: readonly string[], erased: readonly string[]): KeptAttachment[] {
  return db
    .prepare(
      `SELECT id, file_name, owner_type, owner_id FROM attachments
       WHERE id NOT IN (SELECT value FROM json_each(@erased))
         AND ((owner_type = 'field_note' AND owner_id IN (SELECT note_id FROM field_note_stakeholders WHERE stakeholder_id = @id))
           OR (owner_type = 'dialogue' AND owner_id IN (SELECT dialogue_id FROM dialogue_participants WHERE stakeholder_id = @id
                                                      UNION SELECT dialogue_id FROM dialogue_turns WHERE speaker_id = @id))
           OR (owner_type = 'reflection' AND owner_id IN (SELECT value FROM json_each(@reflections))))
       ORDER BY file_name, id`,
    )
    .all({ id: stakeholderId, erased: JSON.stringify(erased), reflections: JSON.stringify(reflectionIds) }) as KeptAttachment[];
}

export function reflectionTitles(db: Db, ids: readonly string[]): { id: string; title: string; deleted: boolean }[] {
  return (
    db
      .prepare(`SELECT id, title, deleted_at FROM reflections WHERE id IN (SELECT value FROM json_each(?)) ORDER BY written_at, id`)
      .all(JSON.stringify(ids)) as { id: string; title: string; deleted_at: string | null }[]
  ).map((row) => ({ id: row.id, title: row.title, deleted: row.deleted_at !== null }));
}

/** Notes and dialogues the person is tied to by id (involved, took part): counted even when no name is in their text. */
export function notesInvolving(db: Db, stakeholderId: string): string[] {
  return db.prepare(`SELECT note_id FROM field_note_stakeholders WHERE stakeholder_id = ? ORDER BY note_id`).pluck().all(stakeholderId) as string[];
}

export function dialoguesWith(db: Db, stakeholderId: string): string[] {
  return db.prepare(`SELECT dialogue_id FROM dialogue_participants WHERE stakeholder_id = ? ORDER BY dialogue_id`).pluck().all(stakeholderId) as string[];
}

/** Revisions that are versions of the erased records themselves (removed whole, never rewritten). */
export function revisionsOf(db: Db, entityType: string, ids: readonly string[]): string[] {
  return db
    .prepare(`SELECT id FROM revisions WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .pluck()
    .all(entityType, JSON.stringify(ids)) as string[];
}

export function trashItemsOf(db: Db, entityType: string, ids: readonly string[]): string[] {
  return db
    .prepare(`SELECT id FROM trash_items WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .pluck()
    .all(entityType, JSON.stringify(ids)) as string[];
}

/** Deletes rows by id from one table, in one statement. */
export function deleteByIds(db: Db, table: string, ids: readonly string[]): number {
  if (ids.length === 0) return 0;
  return db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids)).changes;
}

/** Marks links as citing withdrawn evidence: excerpt and comment cleared, the bare target id kept. */
export function withdrawLinks(db: Db, ids: readonly string[], now: string): void {
  if (ids.length === 0) return;
  const marker = hasColumn(db, 'prompt_links', 'withdrawn_at') ? ', withdrawn_at = @now' : '';
  db.prepare(
    `UPDATE prompt_links SET excerpt_start = NULL, excerpt_end = NULL, excerpt_text = NULL, comment = ''${marker}
     WHERE id IN (SELECT value FROM json_each(@ids))`,
  ).run({ ids: JSON.stringify(ids), now });
}

/** The next free neutral label of an inquiry: 'Participant W1', W2, … (W for withdrawn), never one in use or logged. */
/**
 * The label an anonymised person of a team inquiry goes by: derived from their id, so every member's journal that
 * applies the withdrawal (it travels as ids only) writes the same label into the same texts. A label counted per
 * journal ('the next free W') differs as soon as one journal holds a 'Participant W1' the others have not seen.
 */
export function teamNeutralLabel(stakeholderId: string): string {
  const n = parseInt(createHash('sha256').update(`withness-label:${stakeholderId}`).digest('hex').slice(0, 8), 16) % 90_000;
  return `Participant W${10_000 + n}`;
}

/** The label anonymising gives a person of this inquiry: the team label when it is linked to a team server. */
export function neutralLabelFor(db: Db, projectId: string, stakeholderId: string | undefined): string {
  return stakeholderId !== undefined && isTeamLinked(db, projectId) ? teamNeutralLabel(stakeholderId) : nextNeutralLabel(db, projectId);
}

/** Whether an inquiry is linked to a team server (electron/team). */
export function isTeamLinked(db: Db, projectId: string): boolean {
  return hasTable(db, 'sync_links') && db.prepare(`SELECT 1 FROM sync_links WHERE project_id = ?`).get(projectId) !== undefined;
}

export function nextNeutralLabel(db: Db, projectId: string): string {
  const used = new Set<number>();
  const pattern = /^Participant W(\d+)$/;
  for (const name of db.prepare(`SELECT pseudonym FROM stakeholders WHERE project_id = ?`).pluck().all(projectId) as string[]) {
    const match = pattern.exec(name);
    if (match) used.add(Number(match[1]));
  }
  for (const row of listErasureLog(db, projectId)) {
    const match = pattern.exec(row.label);
    if (match) used.add(Number(match[1]));
  }
  let n = 1;
  while (used.has(n)) n += 1;
  return `Participant W${n}`;
}

/** Turns the FTS5 tables' secure-delete on (persistent), so deleting a row removes its words from the index pages. */
export function secureFullText(db: Db): string[] {
  const tables = ftsTables(db);
  for (const table of tables) db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('secure-delete', 1)`).run();
  return tables;
}

export function optimizeFullText(db: Db): void {
  for (const table of ftsTables(db)) db.prepare(`INSERT INTO ${table} (${table}) VALUES ('optimize')`).run();
}

function ftsTables(db: Db): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name`)
    .pluck()
    .all() as string[];
}
