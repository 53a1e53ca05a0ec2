import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import {
  closeCycle,
  createCycle,
  cycleNumber,
  getCycle,
  listCycleEvidence,
  listCycles,
  localToday,
  reopenCycle,
  startNextCycle,
  trashCycle,
  updateCycle,
} from '../../db/repositories/cycles.js';
import { RevisionConflictError } from '../../db/repositories/entities.js';
import { countUnlinkedReflections, firstLine, projectOverview, recentActivity } from '../../db/repositories/overview.js';
import {
  createPhaseEntry,
  listPhaseEntries,
  listPhasePrompts,
  nextStepsOf,
  setPhasePrompts,
  trashPhaseEntry,
  updatePhaseEntry,
} from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { listRevisions } from '../../db/repositories/revisions.js';
import { listTrash, restoreTrashGroup } from '../../db/repositories/trash.js';
import { newId, nowIso } from '../../db/ids.js';
import { tempDatabase } from '../helpers/temp.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Ensomhed i Nordby' });
  return { db, project };
}

/** Inserts rows of other features' tables directly, as their repositories would. */
function insertNote(db: Db, projectId: string, cycleId: string | null, phase: string | null, extra: { deleted?: boolean; occurred_at?: string; title?: string } = {}) {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, 'Body of the note', '', ?, ?, 1, ?, ?, ?)`,
  ).run(id, projectId, cycleId, phase, extra.title ?? 'A note', extra.occurred_at ?? now, now, now, now, extra.deleted ? now : null);
  return id;
}

function insertDialogue(db: Db, projectId: string, cycleId: string | null, phase: string | null, title = 'Workshop') {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, 'workshop', ?, ?, '', '', '', '', 1, ?, ?, NULL)`,
  ).run(id, projectId, cycleId, phase, title, now, now, now);
  return id;
}

function insertReflection(db: Db, projectId: string, cycleId: string | null, phase: string | null, title = 'What I learnt') {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, 'withness', ?, 'Body', ?, 1, ?, ?, NULL)`,
  ).run(id, projectId, cycleId, phase, title, now, now, now);
  return id;
}

function insertLink(db: Db, projectId: string, reflectionId: string, targetType: string, targetId: string, deleted = false) {
  db.prepare(
    `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, comment, created_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, '', ?, ?)`,
  ).run(newId(), projectId, reflectionId, targetType, targetId, nowIso(), deleted ? nowIso() : null);
}

describe('cycles repository', () => {
  it('numbers cycles among their siblings, sub-cycles separately, and starts them today in plan', () => {
    const { db, project } = setup();
    const first = createCycle(db, { project_id: project.id, title: 'Getting to know the volunteers' });
    const second = createCycle(db, { project_id: project.id, title: 'Café' });
    const subA = createCycle(db, { project_id: project.id, parent_id: first.id, title: 'Interviews' });
    const subB = createCycle(db, { project_id: project.id, parent_id: first.id });
    const subOfSecond = createCycle(db, { project_id: project.id, parent_id: second.id });
    const subSub = createCycle(db, { project_id: project.id, parent_id: subB.id });
    expect([first.ordinal, second.ordinal, subA.ordinal, subB.ordinal, subOfSecond.ordinal, subSub.ordinal]).toEqual([1, 2, 1, 2, 1, 1]);
    expect(first).toMatchObject({ status: 'open', current_phase: 'plan', started_on: localToday(), ended_on: null, revision: 1 });
    expect(cycleNumber(db, subSub)).toBe('1.2.1');
    expect(cycleNumber(db, second)).toBe('2');
    expect(listCycles(db, project.id).map((cycle) => cycle.id)).toEqual([first.id, subA.id, subB.id, subSub.id, second.id, subOfSecond.id]);
    // Another project's cycles are numbered on their own.
    const other = createProject(db, { title: 'Other' });
    expect(createCycle(db, { project_id: other.id }).ordinal).toBe(1);
  });

  it('keeps the number of a trashed cycle, so restoring it never makes a duplicate', () => {
    const { db, project } = setup();
    createCycle(db, { project_id: project.id });
    const second = createCycle(db, { project_id: project.id });
    trashCycle(db, second.id);
    expect(createCycle(db, { project_id: project.id }).ordinal).toBe(3);
  });

  it('updates, closes and reopens with history and revision checks', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id, started_on: '2026-01-05' });
    const updated = updateCycle(db, cycle.id, { focus: 'Who feels lonely?', current_phase: 'act' }, 1);
    expect(updated).toMatchObject({ focus: 'Who feels lonely?', current_phase: 'act', revision: 2 });
    expect(() => updateCycle(db, cycle.id, { title: 'stale' }, 1)).toThrow(RevisionConflictError);
    const closed = closeCycle(db, cycle.id, '2026-03-01');
    expect(closed).toMatchObject({ status: 'closed', ended_on: '2026-03-01' });
    const reopened = reopenCycle(db, cycle.id);
    expect(reopened).toMatchObject({ status: 'open', ended_on: null });
    expect(closeCycle(db, cycle.id)).toMatchObject({ status: 'closed', ended_on: localToday() });
    expect(listRevisions(db, 'cycle', cycle.id)).toHaveLength(4);
  });

  it('moves a cycle, its entries and its sub-cycles to the trash as one group, and restores them together', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    const sub = createCycle(db, { project_id: project.id, parent_id: cycle.id });
    const other = createCycle(db, { project_id: project.id });
    const entry = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Invite the library' });
    const subEntry = createPhaseEntry(db, { cycle_id: sub.id, phase: 'act', body: 'Met Hanne' });
    const otherEntry = createPhaseEntry(db, { cycle_id: other.id, phase: 'plan', body: 'Stays' });
    const earlierTrashed = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'observe', body: 'Deleted before' });
    trashPhaseEntry(db, earlierTrashed.id);

    const result = trashCycle(db, cycle.id)!;
    expect(result.trashed).toBe(4);
    expect(listCycles(db, project.id).map((c) => c.id)).toEqual([other.id]);
    const group = listTrash(db, project.id).filter((item) => item.group_id === result.group_id);
    expect(group.map((item) => item.entity_id).sort()).toEqual([cycle.id, sub.id, entry.id, subEntry.id].sort());
    expect(db.prepare(`SELECT count(*) FROM events WHERE entity_id IN (?, ?)`).pluck().get(entry.id, subEntry.id)).toBe(0);
    expect(trashCycle(db, cycle.id)).toBeUndefined();

    restoreTrashGroup(db, group[0]!.id);
    expect(listCycles(db, project.id).map((c) => c.id).sort()).toEqual([cycle.id, sub.id, other.id].sort());
    expect(listPhaseEntries(db, cycle.id).map((e) => e.id)).toEqual([entry.id]);
    expect(listPhaseEntries(db, sub.id).map((e) => e.id)).toEqual([subEntry.id]);
    expect(listPhaseEntries(db, other.id).map((e) => e.id)).toEqual([otherEntry.id]);
    // The entry deleted on its own before stays in the trash.
    expect(listTrash(db, project.id).map((item) => item.entity_id)).toEqual([earlierTrashed.id]);
  });

  it('lists the field notes, dialogues and reflections of a cycle and phase, newest first', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    const note = insertNote(db, project.id, cycle.id, 'observe', { occurred_at: '2026-02-01T10:00:00.000Z', title: '' });
    insertNote(db, project.id, cycle.id, 'observe', { deleted: true });
    insertNote(db, project.id, cycle.id, null);
    const dialogue = insertDialogue(db, project.id, cycle.id, 'act');
    const reflection = insertReflection(db, project.id, cycle.id, 'observe');
    const evidence = listCycleEvidence(db, cycle.id, 'observe');
    expect(evidence.map((item) => [item.type, item.id])).toEqual([
      ['reflection', reflection],
      ['field_note', note],
    ]);
    expect(evidence[1]!.label).toBe('Body of the note');
    expect(listCycleEvidence(db, cycle.id).map((item) => item.id)).toContain(dialogue);
  });
});

describe('phase entries', () => {
  it('create, list by phase, update with history, and trash', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    const early = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Second', occurred_at: '2026-02-02T10:00:00+02:00' });
    const earlier = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'First', author: 'Mette', occurred_at: '2026-02-01T10:00:00Z' });
    const act = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'act', body: 'Did it' });
    expect(early.occurred_at).toBe('2026-02-02T08:00:00.000Z');
    expect(early.project_id).toBe(project.id);
    expect(listPhaseEntries(db, cycle.id, 'plan').map((e) => e.body)).toEqual(['First', 'Second']);
    expect(listPhaseEntries(db, cycle.id).map((e) => e.id)).toEqual([earlier.id, early.id, act.id]);
    const updated = updatePhaseEntry(db, early.id, { body: 'Second, revised' }, 1);
    expect(updated).toMatchObject({ body: 'Second, revised', revision: 2 });
    expect(JSON.parse(listRevisions(db, 'phase_entry', early.id)[0]!.snapshot).body).toBe('Second');
    expect(trashPhaseEntry(db, early.id)).toBeTruthy();
    expect(listPhaseEntries(db, cycle.id, 'plan').map((e) => e.id)).toEqual([earlier.id]);
    expect(updatePhaseEntry(db, early.id, { body: 'x' })).toBeUndefined();
  });
});

describe('guiding prompts', () => {
  it('are empty (defaults) until set, replace one phase at a time, and reset with an empty list', () => {
    const { db, project } = setup();
    expect(listPhasePrompts(db, project.id)).toEqual({ plan: [], act: [], observe: [], reflect: [] });
    setPhasePrompts(db, project.id, 'plan', ['Who is missing?', 'What will we try?']);
    setPhasePrompts(db, project.id, 'reflect', ['What surprised us?']);
    expect(setPhasePrompts(db, project.id, 'plan', ['What will we try?', 'Who is missing?'])).toEqual({
      plan: ['What will we try?', 'Who is missing?'],
      act: [],
      observe: [],
      reflect: ['What surprised us?'],
    });
    expect(setPhasePrompts(db, project.id, 'plan', []).plan).toEqual([]);
    const other = createProject(db, { title: 'Other' });
    expect(listPhasePrompts(db, other.id).reflect).toEqual([]);
  });
});

describe('next steps of a reflection', () => {
  it('takes the text under a "Next steps" heading up to the next heading', () => {
    expect(nextStepsOf('We learnt a lot.\n\n## Next steps\n\n- Call the library\n- Ask Hanne\n\n## Doubts\n\nNot sure.')).toEqual({
      heading: 'Next steps',
      text: '- Call the library\n- Ask Hanne',
    });
  });

  it('takes a "Næste skridt" line in any case, with the rest of the line', () => {
    expect(nextStepsOf('Vi lærte meget.\nNÆSTE SKRIDT: ring til biblioteket\nog spørg Hanne\n# Andet\nx')).toEqual({
      heading: 'NÆSTE SKRIDT',
      text: 'ring til biblioteket\nog spørg Hanne',
    });
    expect(nextStepsOf('**Next steps:** invite the volunteers').text).toBe('invite the volunteers');
  });

  it('takes the whole entry without such a part, or when the part is empty', () => {
    expect(nextStepsOf('  We should meet more often.\n')).toEqual({ heading: null, text: 'We should meet more often.' });
    expect(nextStepsOf('Thoughts\n## Next steps\n## Later\nMore').text).toBe('Thoughts\n## Next steps\n## Later\nMore');
    expect(nextStepsOf('The next steps are unclear.').heading).toBeNull();
  });
});

describe('starting the next cycle', () => {
  it('closes the cycle and carries the next steps under a heading into the new plan', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id, title: 'First' });
    createCycle(db, { project_id: project.id });
    const sub = createCycle(db, { project_id: project.id, parent_id: cycle.id });
    createPhaseEntry(db, { cycle_id: sub.id, phase: 'reflect', body: 'Old\n\n## Next steps\nOlder steps', occurred_at: '2026-01-01T10:00:00Z' });
    createPhaseEntry(db, { cycle_id: sub.id, phase: 'reflect', body: 'Newest\n\n## Next steps\n\n- Call the library\n\nAsk Hanne\n## Doubts\nNone', author: 'Mette', occurred_at: '2026-02-01T10:00:00Z' });
    const trashed = createPhaseEntry(db, { cycle_id: sub.id, phase: 'reflect', body: 'Trashed newest', occurred_at: '2026-03-01T10:00:00Z' });
    trashPhaseEntry(db, trashed.id);

    const result = startNextCycle(db, sub.id, { title: 'Second round' })!;
    expect(result.closed).toMatchObject({ id: sub.id, status: 'closed', ended_on: localToday() });
    expect(result.cycle).toMatchObject({ parent_id: cycle.id, ordinal: 2, title: 'Second round', status: 'open', current_phase: 'plan' });
    expect(result.carried_entry).toMatchObject({ cycle_id: result.cycle.id, phase: 'plan', author: 'Mette' });
    expect(result.carried_entry!.body).toBe('From the reflection of cycle 1.1:\n\n> - Call the library\n>\n> Ask Hanne');
    expect(listPhaseEntries(db, result.cycle.id, 'plan')).toEqual([result.carried_entry]);
    expect(getCycle(db, sub.id)!.status).toBe('closed');
  });

  it('introduces Danish next steps in Danish', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'reflect', body: 'Vi lærte.\n\nNæste skridt:\nRing til biblioteket.' });
    const result = startNextCycle(db, cycle.id)!;
    expect(result.carried_entry!.body).toBe('Fra refleksionen i cyklus 1:\n\n> Ring til biblioteket.');
    expect(result.cycle.ordinal).toBe(2);
    expect(result.cycle.parent_id).toBeNull();
  });

  it('carries the whole newest reflect entry when it has no next steps', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'observe', body: 'Not a reflection' });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'reflect', body: 'We should meet in the café.\nAnd listen more.' });
    const result = startNextCycle(db, cycle.id, { language: 'en' })!;
    expect(result.carried_entry!.body).toBe('From the reflection of cycle 1:\n\n> We should meet in the café.\n> And listen more.');
  });

  it('starts an empty plan when the cycle has no reflect entry, and keeps an earlier end date', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Plan only' });
    closeCycle(db, cycle.id, '2026-01-31');
    const result = startNextCycle(db, cycle.id, { focus: 'Listening' })!;
    expect(result.carried_entry).toBeNull();
    expect(result.closed.ended_on).toBe('2026-01-31');
    expect(result.cycle.focus).toBe('Listening');
    expect(listPhaseEntries(db, result.cycle.id)).toEqual([]);
  });

  it('writes nothing when the cycle is not live', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    trashCycle(db, cycle.id);
    expect(startNextCycle(db, cycle.id)).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM cycles').pluck().get()).toBe(1);
  });
});

describe('project overview', () => {
  it('counts what each phase of each cycle holds and names its newest entry', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    const second = createCycle(db, { project_id: project.id });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Old plan', occurred_at: '2026-01-01T10:00:00Z' });
    createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: '\n## Invite the *library*\nmore text', occurred_at: '2026-01-02T10:00:00Z' });
    const gone = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'act', body: 'Trashed' });
    trashPhaseEntry(db, gone.id);
    insertNote(db, project.id, cycle.id, 'observe');
    insertNote(db, project.id, cycle.id, 'observe');
    insertNote(db, project.id, cycle.id, 'observe', { deleted: true });
    insertNote(db, project.id, cycle.id, null);
    insertDialogue(db, project.id, cycle.id, 'act');
    insertReflection(db, project.id, cycle.id, 'reflect');
    insertReflection(db, project.id, second.id, 'reflect');

    const overview = projectOverview(db, project.id)!;
    expect(overview.project.id).toBe(project.id);
    expect(overview.cycles.map((summary) => summary.cycle.id)).toEqual([cycle.id, second.id]);
    const phases = overview.cycles[0]!.phases;
    expect(phases.plan).toEqual({ phase_entries: 2, field_notes: 0, dialogues: 0, reflections: 0, latest_entry: 'Invite the library' });
    expect(phases.act).toEqual({ phase_entries: 0, field_notes: 0, dialogues: 1, reflections: 0, latest_entry: null });
    expect(phases.observe).toEqual({ phase_entries: 0, field_notes: 2, dialogues: 0, reflections: 0, latest_entry: null });
    expect(phases.reflect.reflections).toBe(1);
    expect(overview.cycles[1]!.phases.reflect.reflections).toBe(1);
    expect(overview.unlinked_reflections).toBe(2);
    expect(projectOverview(db, newId())).toBeUndefined();
  });

  it('lists the 15 newest live events, newest first', () => {
    const { db, project } = setup();
    const cycle = createCycle(db, { project_id: project.id });
    const ids: string[] = [];
    for (let day = 1; day <= 20; day += 1) {
      const at = `2026-01-${String(day).padStart(2, '0')}T10:00:00.000Z`;
      ids.push(createPhaseEntry(db, { cycle_id: cycle.id, phase: 'act', body: `Day ${day}`, occurred_at: at }).id);
    }
    trashPhaseEntry(db, ids[19]!);
    const activity = recentActivity(db, project.id);
    expect(activity).toHaveLength(15);
    expect(activity[0]!.label).toBe('Day 19');
    expect(activity[14]!.label).toBe('Day 5');
    expect(activity.every((event) => event.type === 'phase_entry' && !event.deleted)).toBe(true);
  });

  it('counts reflections without a live link to evidence', () => {
    const { db, project } = setup();
    const note = insertNote(db, project.id, null, null);
    const linked = insertReflection(db, project.id, null, null);
    const unlinkedDeletedLink = insertReflection(db, project.id, null, null);
    insertReflection(db, project.id, null, null);
    insertLink(db, project.id, linked, 'field_note', note);
    insertLink(db, project.id, unlinkedDeletedLink, 'field_note', note, true);
    expect(countUnlinkedReflections(db, project.id)).toBe(2);
  });

  it('takes the first line of Markdown without its markers', () => {
    expect(firstLine('\n\n> ## Quoted heading\nrest')).toBe('Quoted heading');
    expect(firstLine('- item')).toBe('item');
    expect(firstLine('Visit the **library café** and [ask](https://example.org) _Hanne_ about `5 * 3`')).toBe('Visit the library café and ask Hanne about 5 * 3');
    expect(firstLine('x'.repeat(200))).toHaveLength(140);
    expect(firstLine('   ')).toBe('');
  });
});
