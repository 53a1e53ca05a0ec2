import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { ENTITIES, getEntity, trashEntity, updateEntity, type EntityType } from '../../db/repositories/entities.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { RECORD_SCHEMAS, recordIssues } from '../../electron/api/records.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

/**
 * Issue 15, point 4: restoring is a write like any other. An imported bundle (or any older journal) may hold
 * revisions whose snapshot points a record into another inquiry or holds what the API refuses, and trash whose rows
 * do; history:restore and trash:restore must refuse those with a typed invalid_input and write nothing.
 */

const strict = { checkOutput: true };
const LONG = 'x'.repeat(2_000_001);

async function seed(db: Db) {
  const home = await callOrThrow(db, 'projects:create', { title: 'Nordby' });
  const other = await callOrThrow(db, 'projects:create', { title: 'Sydby' });
  const cycle = await callOrThrow(db, 'cycles:create', { project_id: home.id, title: 'Cycle one' });
  const subCycle = await callOrThrow(db, 'cycles:create', { project_id: home.id, title: 'Inner', parent_id: cycle.id });
  const trashedCycle = await callOrThrow(db, 'cycles:create', { project_id: home.id, title: 'Gone' });
  const otherCycle = await callOrThrow(db, 'cycles:create', { project_id: other.id, title: 'Their cycle' });
  const stakeholder = await callOrThrow(db, 'stakeholders:create', { project_id: home.id, pseudonym: 'Karen', sector: 'citizen' });
  const second = await callOrThrow(db, 'stakeholders:create', { project_id: home.id, pseudonym: 'Bo', sector: 'public' });
  const stranger = await callOrThrow(db, 'stakeholders:create', { project_id: other.id, pseudonym: 'Stranger', sector: 'private' });
  const note = await callOrThrow(db, 'notes:create', { project_id: home.id, title: 'At the library', body: 'First words', cycle_id: cycle.id, phase: 'act' });
  const dialogue = await callOrThrow(db, 'dialogues:create', {
    project_id: home.id,
    kind: 'workshop',
    title: 'Kick-off',
    cycle_id: cycle.id,
    phase: 'act',
    participant_ids: [stakeholder.id],
  });
  const turn = await callOrThrow(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: stakeholder.id, text: 'Hello all' });
  const reflection = await callOrThrow(db, 'reflections:create', { project_id: home.id, title: 'What we saw', body: 'Thinking', cycle_id: cycle.id });
  const entry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'plan', body: 'We plan to listen.' });
  const code = await callOrThrow(db, 'codes:create', { project_id: home.id, name: 'Loneliness' });
  const childCode = await callOrThrow(db, 'codes:create', { project_id: home.id, name: 'At night', parent_id: code.id });
  const otherCode = await callOrThrow(db, 'codes:create', { project_id: other.id, name: 'Theirs' });
  await callOrThrow(db, 'cycles:delete', { id: trashedCycle.id });
  return {
    home: home.id,
    other: other.id,
    cycle: cycle.id,
    subCycle: subCycle.id,
    trashedCycle: trashedCycle.id,
    otherCycle: otherCycle.id,
    stakeholder: stakeholder.id,
    second: second.id,
    stranger: stranger.id,
    note: note.id,
    dialogue: dialogue.id,
    turn: turn.id,
    reflection: reflection.id,
    entry: entry.id,
    code: code.id,
    childCode: childCode.id,
    otherCode: otherCode.id,
  };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

/** A revision row as an imported bundle would have left it: the record's row, changed by `edit`. */
function plantRevision(db: Db, type: EntityType, id: string, edit: (snapshot: Record<string, unknown>) => void): string {
  const row = { ...getEntity(db, type, id)! } as Record<string, unknown>;
  edit(row);
  const revisionId = newId();
  const projectId = type === 'project' ? id : String(getEntity(db, type, id)!.project_id);
  db.prepare(
    `INSERT INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at) VALUES (?, ?, ?, ?, 1, 'update', ?, ?)`,
  ).run(revisionId, projectId, type, id, JSON.stringify(row), nowIso());
  return revisionId;
}

async function expectRefusedRestore(db: Db, type: EntityType, id: string, revisionId: string, field: RegExp) {
  const before = rowCounts(db);
  const row = getEntity(db, type, id);
  const result = await call(db, 'history:restore', { revision_id: revisionId }, strict);
  expect(result.ok, `restoring ${type} should be refused (${field})`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('invalid_input');
  expect(`${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`).toMatch(field);
  expect(rowCounts(db)).toEqual(before);
  expect(getEntity(db, type, id)).toEqual(row);
}

type Case = [what: string, edit: (snapshot: Record<string, unknown>, s: Seeded) => void, field: RegExp];

const eventCases = (time: string, text: string): Case[] => [
  ['project_id of another inquiry', (snap, s) => void (snap.project_id = s.other), /project_id/],
  ['cycle_id of another inquiry’s cycle', (snap, s) => void (snap.cycle_id = s.otherCycle), /cycle_id/],
  ['cycle_id of no cycle at all', (snap) => void (snap.cycle_id = newId()), /cycle_id/],
  [`${time} that is not a date`, (snap) => void (snap[time] = 'not a date'), new RegExp(time)],
  [`${time} on the 30th of February`, (snap) => void (snap[time] = '2025-02-30T10:00:00.000Z'), new RegExp(time)],
  [`an over-long ${text}`, (snap) => void (snap[text] = LONG), new RegExp(text)],
  ['an unknown phase', (snap) => void (snap.phase = 'dance'), /phase/],
  ['a missing title', (snap) => void delete snap.title, /title/],
  ['an id of another record', (snap, s) => void (snap.id = s.reflection === snap.id ? s.note : s.reflection), /id/],
];

const CASES: Record<string, { type: EntityType; id: (s: Seeded) => string; cases: Case[] }> = {
  'field note': { type: 'field_note', id: (s) => s.note, cases: eventCases('occurred_at', 'body') },
  dialogue: {
    type: 'dialogue',
    id: (s) => s.dialogue,
    cases: [...eventCases('occurred_at', 'summary'), ['an unknown kind', (snap) => void (snap.kind = 'party'), /kind/]],
  },
  reflection: {
    type: 'reflection',
    id: (s) => s.reflection,
    cases: [...eventCases('written_at', 'body'), ['a missing mode', (snap) => void delete snap.mode, /mode/]],
  },
  stakeholder: {
    type: 'stakeholder',
    id: (s) => s.stakeholder,
    cases: [
      ['project_id of another inquiry', (snap, s) => void (snap.project_id = s.other), /project_id/],
      ['a consent date that is not a date', (snap) => void (snap.consent_date = 'not a date'), /consent_date/],
      ['over-long notes', (snap) => void (snap.notes = LONG), /notes/],
      ['an over-long real name', (snap) => void (snap.real_name = 'R'.repeat(301)), /real_name/],
      ['an unknown sector', (snap) => void (snap.sector = 'royalty'), /sector/],
      ['a missing pseudonym', (snap) => void delete snap.pseudonym, /pseudonym/],
      ['a blank pseudonym', (snap) => void (snap.pseudonym = '   '), /pseudonym/],
      ['the pseudonym of another live stakeholder', (snap) => void (snap.pseudonym = 'bo'), /pseudonym/],
      ['aliases that are not a list', (snap) => void (snap.aliases = '{"a":1}'), /aliases/],
    ],
  },
  cycle: {
    type: 'cycle',
    id: (s) => s.subCycle,
    cases: [
      ['project_id of another inquiry', (snap, s) => void (snap.project_id = s.other), /project_id/],
      ['a parent cycle of another inquiry', (snap, s) => void (snap.parent_id = s.otherCycle), /parent_id/],
      ['itself as parent', (snap, s) => void (snap.parent_id = s.subCycle), /parent_id/],
      ['a parent cycle in the trash', (snap, s) => void (snap.parent_id = s.trashedCycle), /parent_id/],
      ['a start date that is not a date', (snap) => void (snap.started_on = 'not a date'), /started_on/],
      ['an over-long focus', (snap) => void (snap.focus = 'f'.repeat(5001)), /focus/],
      ['an unknown phase', (snap) => void (snap.current_phase = 'dance'), /current_phase/],
      ['an unknown status', (snap) => void (snap.status = 'forgotten'), /status/],
      ['a missing title', (snap) => void delete snap.title, /title/],
    ],
  },
  'phase entry': {
    type: 'phase_entry',
    id: (s) => s.entry,
    cases: [
      ['project_id of another inquiry', (snap, s) => void (snap.project_id = s.other), /project_id/],
      ['cycle_id of another inquiry’s cycle', (snap, s) => void (snap.cycle_id = s.otherCycle), /cycle_id/],
      ['occurred_at that is not a date', (snap) => void (snap.occurred_at = 'not a date'), /occurred_at/],
      ['an over-long body', (snap) => void (snap.body = LONG), /body/],
      ['an unknown phase', (snap) => void (snap.phase = 'dance'), /phase/],
      ['a missing author', (snap) => void delete snap.author, /author/],
    ],
  },
  turn: {
    type: 'turn',
    id: (s) => s.turn,
    cases: [
      ['project_id of another inquiry', (snap, s) => void (snap.project_id = s.other), /project_id/],
      ['a speaker of another inquiry', (snap, s) => void (snap.speaker_id = s.stranger), /speaker_id/],
      ['a speaker who is not a participant', (snap, s) => void (snap.speaker_id = s.second), /speaker_id/],
      ['a dialogue of no inquiry', (snap) => void (snap.dialogue_id = newId()), /dialogue_id/],
      ['blank text', (snap) => void (snap.text = '  '), /text/],
      ['a missing text', (snap) => void delete snap.text, /text/],
    ],
  },
  code: {
    type: 'code',
    id: (s) => s.code,
    cases: [
      ['a parent code of another inquiry', (snap, s) => void (snap.parent_id = s.otherCode), /parent_id/],
      ['its own sub-code as parent', (snap, s) => void (snap.parent_id = s.childCode), /parent_id/],
      ['a colour that is not one', (snap) => void (snap.color = 'red'), /color/],
      ['a missing name', (snap) => void delete snap.name, /name/],
    ],
  },
  project: {
    type: 'project',
    id: (s) => s.home,
    cases: [
      ['an unknown status', (snap) => void (snap.status = 'dreaming'), /status/],
      ['a start date that is not a date', (snap) => void (snap.started_on = '2025-13-01'), /started_on/],
      ['an over-long title', (snap) => void (snap.title = 't'.repeat(501)), /title/],
      ['the id of another inquiry', (snap, s) => void (snap.id = s.other), /id/],
    ],
  },
};

describe('history:restore refuses hostile snapshots, writing nothing', () => {
  for (const [name, { type, id, cases }] of Object.entries(CASES)) {
    it(`of a ${name}`, async () => {
      const { db } = tempDatabase();
      const s = await seed(db);
      for (const [what, edit, field] of cases) {
        const revisionId = plantRevision(db, type, id(s), (snap) => edit(snap, s));
        await expectRefusedRestore(db, type, id(s), revisionId, field).catch((error: Error) => {
          throw new Error(`${name}, ${what}: ${error.message}`);
        });
      }
    });
  }

  it('a snapshot that is not an object, and a revision of a kind Withness does not know', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    for (const snapshot of ['null', '[1, 2]', '"text"']) {
      const revisionId = newId();
      db.prepare(
        `INSERT INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at) VALUES (?, ?, 'field_note', ?, 1, 'update', ?, ?)`,
      ).run(revisionId, s.home, s.note, snapshot, nowIso());
      await expectRefusedRestore(db, 'field_note', s.note, revisionId, /not a field note|record/);
    }
    const unknown = newId();
    db.prepare(
      `INSERT INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at) VALUES (?, ?, 'spaceship', ?, 1, 'update', '{}', ?)`,
    ).run(unknown, s.home, s.note, nowIso());
    const before = rowCounts(db);
    const result = await call(db, 'history:restore', { revision_id: unknown });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });

  it('a revision filed under another inquiry than its record', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const revisionId = plantRevision(db, 'field_note', s.note, (snap) => void (snap.body = 'Quietly changed'));
    db.prepare(`UPDATE revisions SET project_id = ? WHERE id = ?`).run(s.other, revisionId);
    await expectRefusedRestore(db, 'field_note', s.note, revisionId, /project_id|inquiry/);
  });

  it('still restores an honest earlier version of every kind, including one whose cycle is unchanged but now in the trash', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    updateEntity(db, 'field_note', s.note, { body: 'Second words' });
    const [earlier] = (await callOrThrow(db, 'history:list', { entity_type: 'field_note', id: s.note })) as { id: string }[];
    await callOrThrow(db, 'history:restore', { revision_id: earlier!.id });
    expect(getEntity(db, 'field_note', s.note)!.body).toBe('First words');

    const honest: [EntityType, string, Record<string, unknown>][] = [
      ['dialogue', s.dialogue, { summary: 'We met.' }],
      ['reflection', s.reflection, { body: 'Later thought' }],
      ['stakeholder', s.stakeholder, { pseudonym: 'Karin', notes: 'Met twice' }],
      ['cycle', s.subCycle, { focus: 'Listening' }],
      ['phase_entry', s.entry, { body: 'Changed plan' }],
      ['turn', s.turn, { text: 'Hello everyone' }],
      ['code', s.code, { name: 'Isolation' }],
      ['project', s.home, { title: 'Nordby 2' }],
    ];
    for (const [type, id, changes] of honest) {
      const before = { ...getEntity(db, type, id)! };
      updateEntity(db, type, id, changes);
      const revisions = (await callOrThrow(db, 'history:list', { entity_type: type, id })) as { id: string }[];
      const restored = await call(db, 'history:restore', { revision_id: revisions[0]!.id }, strict);
      expect(restored.ok, `${type}: ${JSON.stringify(restored)}`).toBe(true);
      for (const column of Object.keys(changes)) expect(getEntity(db, type, id)![column]).toEqual(before[column]);
    }

    // The note's cycle went to the trash after the edit; the earlier version names the same cycle, so it restores.
    const spare = await callOrThrow(db, 'cycles:create', { project_id: s.home, title: 'Spare' });
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, body: 'In the spare cycle', cycle_id: spare.id });
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'Edited' });
    await callOrThrow(db, 'cycles:delete', { id: spare.id });
    const [version] = await callOrThrow(db, 'history:list', { entity_type: 'field_note', id: note.id });
    expect(await call(db, 'history:restore', { revision_id: version!.id }, strict)).toMatchObject({ ok: true });
    expect(getEntity(db, 'field_note', note.id)!.body).toBe('In the spare cycle');
  });
});

/** A trashed record's row changed behind the API's back (as an older import could have left it). */
function tamperTrashed(db: Db, table: string, id: string, changes: Record<string, unknown>): void {
  const columns = Object.keys(changes);
  db.prepare(`UPDATE ${table} SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

async function trashItemOf(db: Db, projectId: string, entityId: string): Promise<string> {
  const items = await callOrThrow(db, 'trash:list', { project_id: projectId });
  return items.find((item) => item.entity_id === entityId)!.id;
}

async function expectRefusedTrashRestore(db: Db, itemId: string, field: RegExp) {
  const before = rowCounts(db);
  const snapshot = db.prepare(`SELECT * FROM trash_items ORDER BY id`).all();
  const result = await call(db, 'trash:restore', { id: itemId }, strict);
  expect(result.ok, `trash restore should be refused (${field})`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('invalid_input');
  expect(`${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`).toMatch(field);
  expect(rowCounts(db)).toEqual(before);
  expect(db.prepare(`SELECT * FROM trash_items ORDER BY id`).all()).toEqual(snapshot);
}

describe('trash:restore refuses records that would not pass the API, writing nothing', () => {
  const rowCases: [what: string, type: EntityType, table: string, id: (s: Seeded) => string, changes: (s: Seeded) => Record<string, unknown>, field: RegExp][] = [
    ['a note in another inquiry’s cycle', 'field_note', 'field_notes', (s) => s.note, (s) => ({ cycle_id: s.otherCycle }), /cycle_id/],
    ['a note whose time is not a date', 'field_note', 'field_notes', (s) => s.note, () => ({ occurred_at: 'not a date' }), /occurred_at/],
    ['a note with an over-long body', 'field_note', 'field_notes', (s) => s.note, () => ({ body: LONG }), /body/],
    ['a note with an over-long title', 'field_note', 'field_notes', (s) => s.note, () => ({ title: 't'.repeat(501) }), /title/],
    ['a dialogue in another inquiry’s cycle', 'dialogue', 'dialogues', (s) => s.dialogue, (s) => ({ cycle_id: s.otherCycle }), /cycle_id/],
    ['a reflection whose time is not a date', 'reflection', 'reflections', (s) => s.reflection, () => ({ written_at: '2025-02-30T00:00:00Z' }), /written_at/],
    ['a stakeholder whose consent date is not a date', 'stakeholder', 'stakeholders', (s) => s.stakeholder, () => ({ consent_date: 'soon' }), /consent_date/],
    ['a cycle under another inquiry’s cycle', 'cycle', 'cycles', (s) => s.subCycle, (s) => ({ parent_id: s.otherCycle }), /parent_id/],
    ['a phase entry in another inquiry’s cycle', 'phase_entry', 'phase_entries', (s) => s.entry, (s) => ({ cycle_id: s.otherCycle }), /cycle_id/],
    ['a turn spoken by another inquiry’s stakeholder', 'turn', 'dialogue_turns', (s) => s.turn, (s) => ({ speaker_id: s.stranger }), /speaker_id/],
    ['a code under another inquiry’s code', 'code', 'codes', (s) => s.childCode, (s) => ({ parent_id: s.otherCode }), /parent_id/],
  ];

  it('rows that name another inquiry’s records or hold what the API refuses', async () => {
    for (const [what, type, table, id, changes, field] of rowCases) {
      const { db } = tempDatabase();
      const s = await seed(db);
      trashEntity(db, type, id(s));
      tamperTrashed(db, table, id(s), changes(s));
      await expectRefusedTrashRestore(db, await trashItemOf(db, s.home, id(s)), field).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
  });

  it('a trash item filed under another inquiry than its record', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    trashEntity(db, 'field_note', s.note);
    const item = await trashItemOf(db, s.home, s.note);
    db.prepare(`UPDATE trash_items SET project_id = ? WHERE id = ?`).run(s.other, item);
    await expectRefusedTrashRestore(db, item, /project_id|inquiry/);
  });

  it('a trash group shared with another inquiry’s trash', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const group = trashEntity(db, 'field_note', s.note)!;
    const theirs = await callOrThrow(db, 'notes:create', { project_id: s.other, title: 'Their note' });
    trashEntity(db, 'field_note', theirs.id, group);
    await expectRefusedTrashRestore(db, await trashItemOf(db, s.home, s.note), /inquiry/);
    expect(getEntity(db, 'field_note', theirs.id)!.deleted_at).not.toBeNull();
  });

  it('a stakeholder whose pseudonym another live stakeholder has taken meanwhile', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    trashEntity(db, 'stakeholder', s.stakeholder);
    await callOrThrow(db, 'stakeholders:create', { project_id: s.home, pseudonym: 'KAREN', sector: 'other' });
    await expectRefusedTrashRestore(db, await trashItemOf(db, s.home, s.stakeholder), /pseudonym/);
  });

  it('a trash item of a kind Withness does not know', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const item = newId();
    db.prepare(`INSERT INTO trash_items (id, project_id, entity_type, entity_id, label, group_id, deleted_at) VALUES (?, ?, 'spaceship', ?, 'x', ?, ?)`).run(
      item,
      s.home,
      s.note,
      newId(),
      nowIso(),
    );
    await expectRefusedTrashRestore(db, item, /spaceship|kind/);
  });

  it('still restores an honest group: a cycle with its phase entries and sub-cycle', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    await callOrThrow(db, 'cycles:delete', { id: s.cycle });
    const restored = await call(db, 'trash:restore', { id: await trashItemOf(db, s.home, s.cycle) }, strict);
    expect(restored.ok && restored.value.length).toBe(3);
    expect(getEntity(db, 'phase_entry', s.entry)!.deleted_at).toBeNull();
    expect(getEntity(db, 'cycle', s.subCycle)!.deleted_at).toBeNull();
  });
});

describe('the record shapes (electron/api/records.ts)', () => {
  it('list every column of each kind’s table, and nothing else', () => {
    const { db } = tempDatabase();
    for (const type of Object.keys(ENTITIES) as EntityType[]) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(ENTITIES[type].table) as string[]).sort();
      expect(Object.keys(RECORD_SCHEMAS[type].shape).sort(), type).toEqual(columns);
      for (const column of ENTITIES[type].editable) expect(columns, `${type}.${column}`).toContain(column);
    }
  });

  it('accept every record of the demo inquiry, live and in the trash', async () => {
    const { db } = tempDatabase();
    const demo = await callOrThrow(db, 'demo:create', {});
    const [cycle] = await callOrThrow(db, 'cycles:list', { project_id: demo.id });
    await callOrThrow(db, 'cycles:delete', { id: cycle!.id });
    expect(db.prepare(`SELECT count(*) FROM trash_items`).pluck().get()).toBeGreaterThan(0);
    for (const type of Object.keys(ENTITIES) as EntityType[]) {
      for (const row of db.prepare(`SELECT * FROM ${ENTITIES[type].table}`).all() as Record<string, unknown>[]) {
        expect(recordIssues(type, row), `${type} ${String(row.id)}`).toEqual([]);
      }
    }
  });
});
