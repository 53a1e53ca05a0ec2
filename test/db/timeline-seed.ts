import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createProject } from '../../db/repositories/projects.js';

/** Plain-SQL seeding for the timeline tests; the schema's triggers put every row on the events axis. */
export function timelineSeeder(db: Db, projectId: string) {
  const now = nowIso();
  return {
    cycle(ordinal: number, fields: { title?: string; started_on?: string | null; ended_on?: string | null; parent_id?: string | null } = {}) {
      const id = newId();
      db.prepare(
        `INSERT INTO cycles (id, project_id, parent_id, ordinal, title, focus, status, current_phase, started_on, ended_on, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, '', 'open', 'plan', ?, ?, 1, ?, ?, NULL)`,
      ).run(id, projectId, fields.parent_id ?? null, ordinal, fields.title ?? `Cycle ${ordinal}`, fields.started_on ?? null, fields.ended_on ?? null, now, now);
      return id;
    },
    stakeholder(pseudonym: string, sector: string) {
      const id = newId();
      db.prepare(`INSERT INTO stakeholders (id, project_id, real_name, pseudonym, sector, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        id,
        projectId,
        `Real ${pseudonym}`,
        pseudonym,
        sector,
        now,
        now,
      );
      return id;
    },
    note(at: string, fields: { title?: string; body?: string; cycle_id?: string | null; phase?: string | null; stakeholders?: string[] } = {}) {
      const id = newId();
      db.prepare(
        `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, 1, ?, ?, NULL)`,
      ).run(id, projectId, fields.cycle_id ?? null, fields.phase ?? null, fields.title ?? '', fields.body ?? '', at, at, now, now);
      for (const stakeholder of fields.stakeholders ?? []) db.prepare(`INSERT INTO field_note_stakeholders VALUES (?, ?)`).run(id, stakeholder);
      return id;
    },
    dialogue(at: string, fields: { title?: string; summary?: string; cycle_id?: string | null; phase?: string | null; participants?: string[] } = {}) {
      const id = newId();
      db.prepare(
        `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, 'workshop', ?, ?, '', ?, '', '', 1, ?, ?, NULL)`,
      ).run(id, projectId, fields.cycle_id ?? null, fields.phase ?? null, fields.title ?? 'Workshop', at, fields.summary ?? '', now, now);
      for (const stakeholder of fields.participants ?? []) db.prepare(`INSERT INTO dialogue_participants VALUES (?, ?)`).run(id, stakeholder);
      return id;
    },
    turn(dialogueId: string, position: number, text: string, speakerId: string | null = null) {
      const id = newId();
      db.prepare(
        `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
      ).run(id, projectId, dialogueId, position, speakerId, text, now, now);
      return id;
    },
    entry(cycleId: string, phase: string, at: string, body: string) {
      const id = newId();
      db.prepare(
        `INSERT INTO phase_entries (id, project_id, cycle_id, phase, body, author, occurred_at, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, '', ?, 1, ?, ?, NULL)`,
      ).run(id, projectId, cycleId, phase, body, at, now, now);
      return id;
    },
    reflection(at: string, fields: { title?: string; body?: string; mode?: 'withness' | 'aboutness'; cycle_id?: string | null; phase?: string | null } = {}) {
      const id = newId();
      db.prepare(
        `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
      ).run(id, projectId, fields.cycle_id ?? null, fields.phase ?? 'reflect', fields.mode ?? 'withness', fields.title ?? '', fields.body ?? '', at, now, now);
      return id;
    },
    link(reflectionId: string, targetType: string, targetId: string, excerpt?: { start: number; end: number; text: string }) {
      const id = newId();
      db.prepare(
        `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, comment, created_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, NULL)`,
      ).run(id, projectId, reflectionId, targetType, targetId, excerpt?.start ?? null, excerpt?.end ?? null, excerpt?.text ?? null, now);
      return id;
    },
    code(name: string, parentId: string | null = null) {
      const id = newId();
      db.prepare(`INSERT INTO codes (id, project_id, parent_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).run(id, projectId, parentId, name, now, now);
      return id;
    },
    apply(codeId: string, targetType: string, targetId: string) {
      db.prepare(`INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
        newId(),
        projectId,
        codeId,
        targetType,
        targetId,
        now,
      );
    },
  };
}

/**
 * A small inquiry in two cycles: notes, a dialogue with three turns, phase entries and reflections
 * (withness and aboutness) linked to a turn, a note and another reflection; codes with a child code;
 * a trashed note and another inquiry's note that must never show.
 */
export function seedTimeline(db: Db) {
  const project = createProject(db, { title: 'Nordby' }).id;
  const s = timelineSeeder(db, project);
  const cycle1 = s.cycle(1, { title: 'Listening', started_on: '2025-09-01', ended_on: '2025-10-31' });
  const cycle2 = s.cycle(2, { title: 'The café' });
  const karen = s.stakeholder('Karen', 'citizen');
  const mette = s.stakeholder('Mette', 'public');
  const bo = s.stakeholder('Bo', 'voluntary');
  const belonging = s.code('Belonging');
  const doorway = s.code('Doorway', belonging);
  const other = s.code('Logistics');

  const plan1 = s.entry(cycle1, 'plan', '2025-09-02T08:00:00.000Z', 'We want to **listen** before we act.');
  const note1 = s.note('2025-09-05T09:00:00.000Z', { title: 'Coffee in the hall', body: 'Three new faces at the coffee table.', cycle_id: cycle1, phase: 'observe', stakeholders: [karen, bo] });
  const dialogue = s.dialogue('2025-09-10T10:00:00.000Z', { title: 'Workshop at the library', cycle_id: cycle1, phase: 'act', participants: [karen, mette] });
  const turn1 = s.turn(dialogue, 1, 'I am not lonely, I am just alone.', karen);
  const turn3 = s.turn(dialogue, 3, 'The door is heavy; the library should help.', mette);
  const turn2 = s.turn(dialogue, 2, 'Nobody knocks on my door any more.', karen);
  const reflection1 = s.reflection('2025-09-12T19:00:00.000Z', { title: 'The door', body: 'Standing at the door I felt like a guest.', cycle_id: cycle1 });
  s.link(reflection1, 'turn', turn2);
  s.link(reflection1, 'field_note', note1);
  s.link(reflection1, 'turn', turn2, { start: 0, end: 6, text: 'Nobody' });
  const note2 = s.note('2025-12-03T09:00:00.000Z', { title: 'First café morning', body: 'Eleven came, the baker stayed.', cycle_id: cycle2, phase: 'act', stakeholders: [bo] });
  const act2 = s.entry(cycle2, 'act', '2025-12-01T08:00:00.000Z', 'Open the café table in the bakery.');
  const reflection2 = s.reflection('2025-12-20T19:00:00.000Z', { title: 'Counting heads', mode: 'aboutness', cycle_id: cycle2 });
  s.link(reflection2, 'field_note', note2);
  s.link(reflection2, 'reflection', reflection1);
  const loose = s.note('2026-01-15T12:00:00.000Z', { title: 'Outside any cycle', body: 'A letter from the council.' });
  s.apply(doorway, 'turn', turn2);
  s.apply(belonging, 'field_note', note1);
  s.apply(other, 'field_note', note2);

  const trashed = s.note('2025-09-06T09:00:00.000Z', { title: 'Trashed note', body: 'coffee gone' });
  trashEntity(db, 'field_note', trashed);
  const foreign = createProject(db, { title: 'Sydby' }).id;
  timelineSeeder(db, foreign).note('2025-09-05T09:30:00.000Z', { title: 'Coffee elsewhere', body: 'coffee' });

  return {
    project,
    foreign,
    cycles: { cycle1, cycle2 },
    stakeholders: { karen, mette, bo },
    codes: { belonging, doorway, other },
    events: { plan1, note1, dialogue, turn1, turn2, turn3, reflection1, note2, act2, reflection2, loose, trashed },
  };
}
