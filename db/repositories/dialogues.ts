import { cachedStatement, type Db } from '../connection.js';
import { newestEventsPage } from './events.js';
import { newId, nowIso } from '../ids.js';
import { trashEntity, updateEntity, type EntityRow } from './entities.js';
import type { PhaseName } from './cycles.js';

export type DialogueKind = 'workshop' | 'meeting' | 'interview' | 'co_creation' | 'informal';

export interface DialogueRow {
  id: string;
  project_id: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  kind: DialogueKind;
  title: string;
  occurred_at: string;
  place: string;
  summary: string;
  decisions: string;
  follow_ups: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** What the list of dialogues shows of one dialogue (nothing of its write-up). */
export interface DialogueListRow {
  id: string;
  kind: DialogueKind;
  title: string;
  occurred_at: string;
  place: string;
  /** The first live participants by pseudonym (at most LISTED_PARTICIPANTS); participant_count says how many in all. */
  participant_ids: string[];
  participant_count: number;
  turn_count: number;
}

/** How many participants' ids a list row carries (the list names this many and says "and N more"). */
export const LISTED_PARTICIPANTS = 4;

export interface DialogueListQuery {
  project_id: string;
  limit: number;
  /** Rows to skip (counted after `after` when that is given). */
  offset?: number;
  /** Keyset paging: start after this dialogue of the list (its occurred_at and id), e.g. the last one of the page before. */
  after?: { occurred_at: string; id: string };
  /** Count the live dialogues (default true); a list that already knows its total can leave it out. */
  with_total?: boolean;
}

export interface TurnRow {
  id: string;
  project_id: string;
  dialogue_id: string;
  /** 1-based place in the transcript; live turns are numbered 1..n without gaps. */
  position: number;
  speaker_id: string | null;
  text: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewDialogue {
  project_id: string;
  kind: DialogueKind;
  title?: string;
  occurred_at?: string;
  place?: string;
  cycle_id?: string | null;
  phase?: PhaseName | null;
  summary?: string;
  decisions?: string;
  follow_ups?: string;
}

export type DialogueChanges = Partial<
  Pick<DialogueRow, 'kind' | 'title' | 'occurred_at' | 'place' | 'cycle_id' | 'phase' | 'summary' | 'decisions' | 'follow_ups'>
>;

/**
 * A page of a project's live dialogues, newest first (by when they happened, then by id), and how many there are:
 * found on `events` by newestEventsPage; only the page's own dialogues are then read, and only their participants
 * and turns are counted.
 */
export function listDialogues(db: Db, query: DialogueListQuery): { total?: number; items: DialogueListRow[] } {
  const page = newestEventsPage(db, 'dialogue', { ...query, after: query.after && { at: query.after.occurred_at, id: query.after.id } }, [], {
    listed: LISTED_PARTICIPANTS,
  });
  const rows = cachedStatement<Omit<DialogueListRow, 'participant_ids'> & { participant_ids: string }>(
    db,
    `SELECT d.id, d.kind, d.title, d.occurred_at, d.place,
       (SELECT json_group_array(id) FROM (
          SELECT s.id FROM dialogue_participants pp JOIN stakeholders s ON s.id = pp.stakeholder_id
          WHERE pp.dialogue_id = d.id AND s.deleted_at IS NULL ORDER BY s.pseudonym COLLATE NOCASE, s.id LIMIT @listed)) AS participant_ids,
       (SELECT count(*) FROM dialogue_participants pp JOIN stakeholders s ON s.id = pp.stakeholder_id
          WHERE pp.dialogue_id = d.id AND s.deleted_at IS NULL) AS participant_count,
       (SELECT count(*) FROM dialogue_turns t WHERE t.dialogue_id = d.id AND t.deleted_at IS NULL) AS turn_count
     FROM (${page.pageSql}) AS p
     JOIN dialogues d ON d.id = p.id
     WHERE d.deleted_at IS NULL
     ORDER BY d.occurred_at DESC, d.id DESC`,
  ).all(page.params);
  const items = rows.map((row) => ({ ...row, participant_ids: JSON.parse(row.participant_ids) as string[] }));
  return page.total === undefined ? { items } : { total: page.total, items };
}

export function getDialogue(db: Db, id: string): DialogueRow | undefined {
  return db.prepare(`SELECT * FROM dialogues WHERE id = ?`).get(id) as DialogueRow | undefined;
}

export function getTurn(db: Db, id: string): TurnRow | undefined {
  return db.prepare(`SELECT * FROM dialogue_turns WHERE id = ?`).get(id) as TurnRow | undefined;
}

/** The live stakeholders who took part, by pseudonym (the order the turn composer numbers them in). */
export function listParticipantIds(db: Db, dialogueId: string): string[] {
  return db
    .prepare(
      `SELECT s.id FROM dialogue_participants p JOIN stakeholders s ON s.id = p.stakeholder_id
       WHERE p.dialogue_id = ? AND s.deleted_at IS NULL
       ORDER BY s.pseudonym COLLATE NOCASE, s.id`,
    )
    .pluck()
    .all(dialogueId) as string[];
}

export function isParticipant(db: Db, dialogueId: string, stakeholderId: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM dialogue_participants p JOIN stakeholders s ON s.id = p.stakeholder_id
         WHERE p.dialogue_id = ? AND p.stakeholder_id = ? AND s.deleted_at IS NULL`,
      )
      .get(dialogueId, stakeholderId) !== undefined
  );
}

/** Live turns in transcript order. */
export function listTurns(db: Db, dialogueId: string): TurnRow[] {
  return db
    .prepare(`SELECT * FROM dialogue_turns WHERE dialogue_id = ? AND deleted_at IS NULL ORDER BY position, created_at, id`)
    .all(dialogueId) as TurnRow[];
}

/** How many live turns of a dialogue each of the given stakeholders speaks. */
export function countTurnsBySpeaker(db: Db, dialogueId: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT speaker_id, count(*) AS n FROM dialogue_turns
       WHERE dialogue_id = ? AND deleted_at IS NULL AND speaker_id IS NOT NULL GROUP BY speaker_id`,
    )
    .all(dialogueId) as { speaker_id: string; n: number }[];
  return new Map(rows.map((row) => [row.speaker_id, row.n]));
}

export function createDialogue(db: Db, input: NewDialogue, participantIds: readonly string[] = []): DialogueRow {
  const now = nowIso();
  const row: DialogueRow = {
    id: newId(),
    project_id: input.project_id,
    cycle_id: input.cycle_id ?? null,
    phase: input.phase ?? null,
    kind: input.kind,
    title: input.title?.trim() ?? '',
    occurred_at: input.occurred_at ?? now,
    place: input.place?.trim() ?? '',
    summary: input.summary ?? '',
    decisions: input.decisions ?? '',
    follow_ups: input.follow_ups ?? '',
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups,
         revision, created_at, updated_at, deleted_at)
       VALUES (@id, @project_id, @cycle_id, @phase, @kind, @title, @occurred_at, @place, @summary, @decisions, @follow_ups,
         @revision, @created_at, @updated_at, @deleted_at)`,
    ).run(row);
    addParticipants(db, row.id, participantIds);
  })();
  return row;
}

function addParticipants(db: Db, dialogueId: string, stakeholderIds: readonly string[]): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO dialogue_participants (dialogue_id, stakeholder_id) VALUES (?, ?)`);
  for (const id of stakeholderIds) insert.run(dialogueId, id);
}

/**
 * Makes the live participants exactly `stakeholderIds`. Links to stakeholders in the trash are kept,
 * so restoring such a stakeholder also brings back their part in the dialogue.
 */
export function setParticipants(db: Db, dialogueId: string, stakeholderIds: readonly string[]): void {
  db.transaction(() => {
    const wanted = new Set(stakeholderIds);
    const remove = db.prepare(`DELETE FROM dialogue_participants WHERE dialogue_id = ? AND stakeholder_id = ?`);
    for (const id of listParticipantIds(db, dialogueId)) if (!wanted.has(id)) remove.run(dialogueId, id);
    addParticipants(db, dialogueId, stakeholderIds);
  })();
}

/** Header and write-up changes through the history; undefined when there is no live dialogue. */
export function updateDialogue(db: Db, id: string, changes: DialogueChanges, expectedRevision?: number): DialogueRow | undefined {
  return updateEntity<DialogueRow & EntityRow>(db, 'dialogue', id, changes, expectedRevision);
}

/**
 * Writes positions 1..n in the given order. The order of a transcript belongs to the dialogue, not to
 * each turn's text, so renumbering changes only `position` — no revision per turn (that would flood
 * each turn's history and make every open turn editor conflict after a move). Call inside a transaction.
 */
function renumber(db: Db, ordered: readonly Pick<TurnRow, 'id' | 'position'>[]): void {
  const write = db.prepare(`UPDATE dialogue_turns SET position = ? WHERE id = ?`);
  ordered.forEach((turn, index) => {
    if (turn.position !== index + 1) write.run(index + 1, turn.id);
  });
}

export interface NewTurn {
  dialogue_id: string;
  speaker_id: string | null;
  text: string;
  /** Insert right after this live turn of the same dialogue; at the end when absent. */
  after_turn_id?: string | null;
}

/** Adds a turn after a given one (or at the end) and renumbers the transcript, in one transaction. */
export function addTurn(db: Db, projectId: string, input: NewTurn): TurnRow {
  return db.transaction(() => {
    const order = listTurns(db, input.dialogue_id);
    const afterIndex = input.after_turn_id ? order.findIndex((turn) => turn.id === input.after_turn_id) : order.length - 1;
    if (input.after_turn_id && afterIndex < 0) throw new Error(`Turn ${input.after_turn_id} is not a live turn of this dialogue.`);
    const now = nowIso();
    const id = newId();
    db.prepare(
      `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ).run(id, projectId, input.dialogue_id, afterIndex + 2, input.speaker_id, input.text, now, now);
    renumber(db, [...order.slice(0, afterIndex + 1), { id, position: afterIndex + 2 }, ...order.slice(afterIndex + 1)]);
    return getTurn(db, id)!;
  })();
}

export type TurnChanges = Partial<Pick<TurnRow, 'text' | 'speaker_id'>>;

/** Text or speaker changes through the history; undefined when there is no live turn. */
export function updateTurn(db: Db, id: string, changes: TurnChanges, expectedRevision?: number): TurnRow | undefined {
  return updateEntity<TurnRow & EntityRow>(db, 'turn', id, changes, expectedRevision);
}

/** Moves a live turn to a 0-based place among the live turns and renumbers; returns the new order. */
export function moveTurn(db: Db, id: string, toIndex: number): TurnRow[] {
  return db.transaction(() => {
    const turn = getTurn(db, id);
    if (!turn || turn.deleted_at) throw new Error(`Turn ${id} is not live.`);
    const order = listTurns(db, turn.dialogue_id);
    const without = order.filter((row) => row.id !== id);
    without.splice(Math.max(0, Math.min(toIndex, without.length)), 0, order.find((row) => row.id === id)!);
    renumber(db, without);
    return listTurns(db, turn.dialogue_id);
  })();
}

/** Moves a turn to the trash and closes the gap it leaves. Returns the trash group, or undefined. */
export function trashTurn(db: Db, id: string): string | undefined {
  return db.transaction(() => {
    const turn = getTurn(db, id);
    const group = trashEntity(db, 'turn', id);
    if (!group || !turn) return undefined;
    renumber(db, listTurns(db, turn.dialogue_id));
    return group;
  })();
}

/** Moves a dialogue and its live turns to the trash as one group (restored together). */
export function trashDialogue(db: Db, id: string): string | undefined {
  return db.transaction(() => {
    const turns = listTurns(db, id);
    const group = trashEntity(db, 'dialogue', id);
    if (!group) return undefined;
    for (const turn of turns) trashEntity(db, 'turn', turn.id, group);
    return group;
  })();
}
