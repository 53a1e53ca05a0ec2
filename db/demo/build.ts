import type { Db } from '../connection.js';
import { newId } from '../ids.js';
import { createProject, getProject, type ProjectRow } from '../repositories/projects.js';
import { recordConsentChange } from '../repositories/stakeholders.js';
import { DEMO_TITLE, demoContent } from './content.js';
import { excerptOf, type Excerpt } from './excerpt.js';
import type { DemoCodeUse, DemoContent, DemoTarget } from './types.js';

/** How many rows of each kind a project holds (live rows only). */
export interface DemoCounts {
  team_members: number;
  stakeholders: number;
  codes: number;
  cycles: number;
  phase_entries: number;
  field_notes: number;
  dialogues: number;
  turns: number;
  reflections: number;
  prompt_links: number;
  code_applications: number;
}

export interface CreatedDemo {
  project: ProjectRow;
  counts: DemoCounts;
}

/** The live fictional example inquiry in this journal, if there is one. */
export function findDemoProject(db: Db, title: string = DEMO_TITLE): ProjectRow | undefined {
  return db
    .prepare(`SELECT * FROM projects WHERE is_fictional = 1 AND deleted_at IS NULL AND title = ? ORDER BY created_at LIMIT 1`)
    .get(title) as ProjectRow | undefined;
}

const COUNTED: Record<keyof DemoCounts, string> = {
  team_members: 'team_members',
  stakeholders: 'stakeholders',
  codes: 'codes',
  cycles: 'cycles',
  phase_entries: 'phase_entries',
  field_notes: 'field_notes',
  dialogues: 'dialogues',
  turns: 'dialogue_turns',
  reflections: 'reflections',
  prompt_links: 'prompt_links',
  code_applications: 'code_applications',
};

/** Counts a project's live rows of each kind (what the command line reports after `demo`). */
export function countProjectContents(db: Db, projectId: string): DemoCounts {
  const counts = {} as DemoCounts;
  for (const [kind, table] of Object.entries(COUNTED) as [keyof DemoCounts, string][]) {
    counts[kind] = db.prepare(`SELECT count(*) FROM ${table} WHERE project_id = ? AND deleted_at IS NULL`).pluck().get(projectId) as number;
  }
  return counts;
}

function iso(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new Error(`Demo content has an invalid time: ${time}`);
  return date.toISOString();
}

function addMinutes(time: string, minutes: number): string {
  return new Date(new Date(time).getTime() + minutes * 60_000).toISOString();
}

function lookup(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Demo content refers to an unknown ${what} "${key}".`);
  return id;
}

/**
 * Writes the fictional example inquiry into the journal in one transaction: the project (marked fictional),
 * its team, stakeholders, code book, cycles with phase entries, field notes, dialogues with turns,
 * reflections with their prompt links, and code applications. Excerpt offsets are computed from the text
 * (code points), never typed by hand. The events table and the search index are filled by triggers.
 * Throws (and writes nothing) if the content refers to anything that does not exist.
 */
export function createDemoProject(db: Db, content: DemoContent = demoContent): CreatedDemo {
  return db.transaction((): CreatedDemo => {
    const project = createProject(db, {
      title: content.project.title,
      concern: content.project.concern,
      setting: content.project.setting,
      started_on: content.project.started_on,
      is_fictional: true,
    });
    const projectId = project.id;
    const createdAt = project.created_at;

    const insertTeam = db.prepare(
      `INSERT INTO team_members (id, project_id, name, role, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL)`,
    );
    for (const member of content.project.team) insertTeam.run(newId(), projectId, member.name, member.role, createdAt);

    // Stakeholders.
    const stakeholderIds = new Map<string, string>();
    const insertStakeholder = db.prepare(
      `INSERT INTO stakeholders (id, project_id, real_name, pseudonym, aliases, sector, organisation, role, consent_status, consent_use,
         consent_date, consent_scope, notes, revision, created_at, updated_at, deleted_at)
       VALUES (@id, @project_id, @real_name, @pseudonym, @aliases, @sector, @organisation, @role, @consent_status, @consent_use,
         @consent_date, @consent_scope, @notes, 1, @created_at, @created_at, NULL)`,
    );
    for (const s of content.stakeholders) {
      const id = newId();
      stakeholderIds.set(s.key, id);
      insertStakeholder.run({
        id,
        project_id: projectId,
        real_name: s.real_name,
        pseudonym: s.pseudonym,
        aliases: JSON.stringify(s.aliases),
        sector: s.sector,
        organisation: s.organisation,
        role: s.role,
        consent_status: s.consent_status,
        consent_use: s.consent_use ?? 'quote',
        consent_date: s.consent_date,
        consent_scope: s.consent_scope,
        notes: s.notes,
        created_at: createdAt,
      });
      // The consent history the repository would have written, so the register has a trail for everyone.
      const steps = [...(s.consent_history ?? []), { status: s.consent_status, consent_use: s.consent_use ?? 'quote', scope_note: s.consent_scope }];
      steps.forEach((step, index) =>
        recordConsentChange(
          db,
          { id, project_id: projectId, consent_status: step.status, consent_use: step.consent_use, consent_scope: step.scope_note, consent_date: s.consent_date },
          index === 0 ? 'created' : 'updated',
          createdAt,
        ),
      );
    }

    // Code book (parents are listed before their children).
    const codeIds = new Map<string, string>();
    const insertCode = db.prepare(
      `INSERT INTO codes (id, project_id, parent_id, name, color, description, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    for (const code of content.codes) {
      const id = newId();
      const parentId = code.parent ? lookup(codeIds, code.parent, 'parent code') : null;
      codeIds.set(code.key, id);
      insertCode.run(id, projectId, parentId, code.name, code.color, code.description, createdAt, createdAt);
    }

    const insertApplication = db.prepare(
      `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
    const applyCodes = (uses: DemoCodeUse[] | undefined, targetType: 'field_note' | 'turn', targetId: string, text: string, at: string) => {
      for (const use of uses ?? []) {
        const excerpt: Excerpt | undefined = use.quote === undefined ? undefined : excerptOf(text, use.quote);
        insertApplication.run(
          newId(),
          projectId,
          lookup(codeIds, use.code, 'code'),
          targetType,
          targetId,
          excerpt?.start ?? null,
          excerpt?.end ?? null,
          excerpt?.text ?? null,
          at,
        );
      }
    };

    // Texts of every event by key, for excerpts.
    const targets = new Map<string, { type: 'field_note' | 'dialogue' | 'turn' | 'phase_entry' | 'reflection'; id: string; text: string }>();

    // Cycles and phase entries.
    const cycleIds = new Map<string, string>();
    const insertCycle = db.prepare(
      `INSERT INTO cycles (id, project_id, parent_id, ordinal, title, focus, status, current_phase, started_on, ended_on, revision,
         created_at, updated_at, deleted_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    const insertEntry = db.prepare(
      `INSERT INTO phase_entries (id, project_id, cycle_id, phase, body, author, occurred_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    for (const cycle of content.cycles) {
      const cycleId = newId();
      cycleIds.set(cycle.key, cycleId);
      insertCycle.run(cycleId, projectId, cycle.ordinal, cycle.title, cycle.focus, cycle.status, cycle.current_phase, cycle.started_on, cycle.ended_on, createdAt, createdAt);
      for (const entry of cycle.entries) {
        const id = newId();
        const at = iso(entry.at);
        insertEntry.run(id, projectId, cycleId, entry.phase, entry.body, entry.author, at, at, at);
        targets.set(`entry:${entry.key}`, { type: 'phase_entry', id, text: entry.body });
      }
    }

    // Field notes.
    const insertNote = db.prepare(
      `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    const insertNoteStakeholder = db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`);
    for (const note of content.notes) {
      const id = newId();
      const occurredAt = iso(note.at);
      const recordedAt = addMinutes(occurredAt, note.recorded_after);
      insertNote.run(id, projectId, lookup(cycleIds, note.cycle, 'cycle'), note.phase, note.title, note.body, note.place, occurredAt, recordedAt, recordedAt, recordedAt);
      for (const key of note.stakeholders) insertNoteStakeholder.run(id, lookup(stakeholderIds, key, 'stakeholder'));
      applyCodes(note.codes, 'field_note', id, note.body, recordedAt);
      targets.set(`note:${note.key}`, { type: 'field_note', id, text: note.body });
    }

    // Dialogues, participants and turns.
    const insertDialogue = db.prepare(
      `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups, revision,
         created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    const insertParticipant = db.prepare(`INSERT INTO dialogue_participants (dialogue_id, stakeholder_id) VALUES (?, ?)`);
    const insertTurn = db.prepare(
      `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    for (const dialogue of content.dialogues) {
      const id = newId();
      const at = iso(dialogue.at);
      const written = addMinutes(at, 180);
      insertDialogue.run(
        id, projectId, lookup(cycleIds, dialogue.cycle, 'cycle'), dialogue.phase, dialogue.kind, dialogue.title, at, dialogue.place,
        dialogue.summary, dialogue.decisions, dialogue.follow_ups, written, written,
      );
      for (const key of dialogue.participants) insertParticipant.run(id, lookup(stakeholderIds, key, 'stakeholder'));
      targets.set(`dialogue:${dialogue.key}`, { type: 'dialogue', id, text: dialogue.summary });
      dialogue.turns.forEach((turn, index) => {
        if (turn.speaker !== null && !dialogue.participants.includes(turn.speaker)) {
          throw new Error(`Turn ${index} of dialogue "${dialogue.key}" is spoken by "${turn.speaker}", who is not a participant.`);
        }
        const turnId = newId();
        const speakerId = turn.speaker === null ? null : lookup(stakeholderIds, turn.speaker, 'stakeholder');
        insertTurn.run(turnId, projectId, id, index + 1, speakerId, turn.text, written, written);
        applyCodes(turn.codes, 'turn', turnId, turn.text, written);
        targets.set(`turn:${dialogue.key}:${index}`, { type: 'turn', id: turnId, text: turn.text });
      });
    }

    // Reflections first, then their links (a reflection may cite another one).
    const insertReflection = db.prepare(
      `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    );
    const reflectionIds = new Map<string, { id: string; at: string }>();
    for (const reflection of content.reflections) {
      const id = newId();
      const at = iso(reflection.at);
      insertReflection.run(id, projectId, lookup(cycleIds, reflection.cycle, 'cycle'), reflection.phase, reflection.mode, reflection.title, reflection.body, at, at, at);
      reflectionIds.set(reflection.key, { id, at });
      targets.set(`reflection:${reflection.key}`, { type: 'reflection', id, text: reflection.body });
    }
    const insertLink = db.prepare(
      `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, comment, created_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
    for (const reflection of content.reflections) {
      const source = reflectionIds.get(reflection.key)!;
      for (const link of reflection.links) {
        const key = targetKey(link.target);
        const target = targets.get(key);
        if (!target) throw new Error(`Reflection "${reflection.key}" links to an unknown event "${key}".`);
        const excerpt = link.quote === undefined ? undefined : excerptOf(target.text, link.quote);
        insertLink.run(
          newId(), projectId, source.id, target.type, target.id,
          excerpt?.start ?? null, excerpt?.end ?? null, excerpt?.text ?? null, link.comment ?? '', source.at,
        );
      }
    }

    return { project: getProject(db, projectId)!, counts: countProjectContents(db, projectId) };
  })();
}

function targetKey(target: DemoTarget): string {
  if ('note' in target) return `note:${target.note}`;
  if ('dialogue' in target) return `dialogue:${target.dialogue}`;
  if ('turn' in target) return `turn:${target.turn[0]}:${target.turn[1]}`;
  if ('entry' in target) return `entry:${target.entry}`;
  return `reflection:${target.reflection}`;
}
