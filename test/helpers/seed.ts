import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { createProject } from '../../db/repositories/projects.js';

/**
 * Shared seeding for the journal's tests: rows written with plain SQL INSERTs against the schema, so a
 * test of one repository does not lean on another; the schema's triggers index the events into events
 * and events_fts.
 */
export function seedProject(db: Db, title = 'Nordby') {
  return createProject(db, { title }).id;
}

export function seedCycle(db: Db, projectId: string, ordinal = 1, title = `Cycle ${ordinal}`): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO cycles (id, project_id, parent_id, ordinal, title, focus, status, current_phase, started_on, ended_on, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, NULL, ?, ?, '', 'open', 'plan', NULL, NULL, 1, ?, ?, NULL)`,
  ).run(id, projectId, ordinal, title, now, now);
  return id;
}

export function seedNote(
  db: Db,
  projectId: string,
  fields: { title?: string; body?: string; occurred_at?: string; cycle_id?: string | null; place?: string } = {},
): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
  ).run(id, projectId, fields.cycle_id ?? null, fields.title ?? '', fields.body ?? '', fields.place ?? '', fields.occurred_at ?? now, now, now, now);
  return id;
}

export function seedStakeholder(db: Db, projectId: string, pseudonym = 'Karen', sector = 'citizen'): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO stakeholders (id, project_id, real_name, pseudonym, aliases, sector, organisation, role, consent_status, consent_date, consent_scope, notes, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, '[]', ?, '', '', 'given', NULL, '', '', 1, ?, ?, NULL)`,
  ).run(id, projectId, `Real ${pseudonym}`, pseudonym, sector, now, now);
  return id;
}

export function seedDialogue(db: Db, projectId: string, fields: { title?: string; summary?: string; occurred_at?: string } = {}): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, NULL, 'act', 'workshop', ?, ?, 'Library', ?, '', '', 1, ?, ?, NULL)`,
  ).run(id, projectId, fields.title ?? 'Workshop', fields.occurred_at ?? now, fields.summary ?? '', now, now);
  return id;
}

export function seedTurn(db: Db, projectId: string, dialogueId: string, text: string, speakerId: string | null = null, position = 1): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
  ).run(id, projectId, dialogueId, position, speakerId, text, now, now);
  return id;
}
