import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { createProject } from '../../db/repositories/projects.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

const strict = { checkOutput: true };

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function insertCycle(db: Db, projectId: string): string {
  const id = newId();
  const now = nowIso();
  db.prepare(`INSERT INTO cycles (id, project_id, ordinal, title, created_at, updated_at) VALUES (?, ?, 1, 'Cycle 1', ?, ?)`).run(id, projectId, now, now);
  return id;
}

async function setup() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Nordby' });
  const stakeholder = (pseudonym: string, projectId = project.id) =>
    ok(call(db, 'stakeholders:create', { project_id: projectId, pseudonym, sector: 'citizen' }));
  const mette = await stakeholder('Mette');
  const bo = await stakeholder('Bo');
  const ali = await stakeholder('Ali');
  return { db, project, mette, bo, ali, stakeholder };
}

async function dialogueWithTurns(db: Db, projectId: string, participants: string[], texts: string[]) {
  const dialogue = await ok(call(db, 'dialogues:create', { project_id: projectId, kind: 'workshop', title: 'Kick-off', participant_ids: participants }));
  const turns = [];
  for (const [index, text] of texts.entries()) {
    turns.push(await ok(call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: participants[index % participants.length] ?? null, text }, strict)));
  }
  return { dialogue, turns };
}

async function transcript(db: Db, dialogueId: string) {
  const detail = await ok(call(db, 'dialogues:get', { id: dialogueId }, strict));
  return detail.turns.map((turn) => `${turn.position}:${turn.text}`);
}

describe('dialogues channels', () => {
  it('create, get, list and update a dialogue with participants', async () => {
    const { db, project, mette, bo, ali } = await setup();
    const cycleId = insertCycle(db, project.id);
    const before = Date.now();
    const created = await ok(
      call(
        db,
        'dialogues:create',
        { project_id: project.id, kind: 'co_creation', title: ' Library workshop ', place: 'Nordby library', cycle_id: cycleId, phase: 'act', participant_ids: [mette.id, bo.id, mette.id] },
        strict,
      ),
    );
    expect(created).toMatchObject({ kind: 'co_creation', title: 'Library workshop', place: 'Nordby library', cycle_id: cycleId, phase: 'act', turns: [] });
    expect(created.participant_ids).toEqual([bo.id, mette.id]);
    expect(Date.parse(created.occurred_at)).toBeGreaterThanOrEqual(before - 1000);

    const older = await ok(call(db, 'dialogues:create', { project_id: project.id, kind: 'interview', occurred_at: '2026-01-05T10:00:00+01:00' }, strict));
    expect(older.occurred_at).toBe('2026-01-05T09:00:00.000Z');
    await ok(call(db, 'turns:add', { dialogue_id: created.id, speaker_id: mette.id, text: 'Hello' }));

    const listed = await ok(call(db, 'dialogues:list', { project_id: project.id }, strict));
    expect(listed.total).toBe(2);
    expect(listed.items.map((row) => [row.id, row.participant_ids, row.participant_count, row.turn_count])).toEqual([
      [created.id, [bo.id, mette.id], 2, 1],
      [older.id, [], 0, 0],
    ]);

    const updated = await ok(
      call(
        db,
        'dialogues:update',
        { id: created.id, expected_revision: 1, summary: 'We agreed on **Tuesdays**.', decisions: '- Meet weekly', follow_ups: 'Call the library', participant_ids: [mette.id, ali.id] },
        strict,
      ),
    );
    expect(updated).toMatchObject({ summary: 'We agreed on **Tuesdays**.', decisions: '- Meet weekly', follow_ups: 'Call the library', revision: 2 });
    expect(updated.participant_ids).toEqual([ali.id, mette.id]);
    expect(updated.turns.map((turn) => turn.text)).toEqual(['Hello']);

    // Participants alone can change without touching the header's revision.
    const again = await ok(call(db, 'dialogues:update', { id: created.id, expected_revision: 2, participant_ids: [mette.id] }, strict));
    expect(again).toMatchObject({ revision: 2, participant_ids: [mette.id] });
    expect(await call(db, 'dialogues:update', { id: created.id, expected_revision: 1, title: 'Old' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(db, 'dialogues:update', { id: created.id, expected_revision: 1, participant_ids: [] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('only lets participants speak, and keeps speakers from being removed', async () => {
    const { db, project, mette, bo, ali, stakeholder } = await setup();
    const { dialogue, turns } = await dialogueWithTurns(db, project.id, [mette.id, bo.id], ['One', 'Two']);
    const before = rowCounts(db);
    const refused = await call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: ali.id, text: 'Three' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Ali is not a participant of this dialogue') } });
    expect(await call(db, 'turns:update', { id: turns[0]!.id, speaker_id: ali.id })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const outsider = await ok(call(db, 'stakeholders:create', { project_id: createProject(db, { title: 'Other' }).id, pseudonym: 'Eve', sector: 'other' }));
    const beforeOther = rowCounts(db);
    expect(await call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: outsider.id, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('another inquiry') },
    });
    expect(await call(db, 'dialogues:update', { id: dialogue.id, participant_ids: [mette.id, bo.id, outsider.id] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('another inquiry') },
    });
    const removeBo = await call(db, 'dialogues:update', { id: dialogue.id, participant_ids: [mette.id], title: 'Renamed' });
    expect(removeBo).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Bo speaks in one turn') } });
    expect(rowCounts(db)).toEqual(beforeOther);
    expect(before.dialogue_turns).toBe(beforeOther.dialogue_turns);
    expect((await ok(call(db, 'dialogues:get', { id: dialogue.id }))).title).toBe('Kick-off');

    // Unknown speaker is always fine; a new participant can speak once added.
    expect(await ok(call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: '(inaudible)' }, strict))).toMatchObject({ speaker_id: null, position: 3 });
    await ok(call(db, 'dialogues:update', { id: dialogue.id, participant_ids: [mette.id, bo.id, ali.id] }));
    expect(await ok(call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: ali.id, text: 'Three' }))).toMatchObject({ speaker_id: ali.id });
    // Once Bo's turn is given to the unknown speaker, Bo can leave.
    await ok(call(db, 'turns:update', { id: turns[1]!.id, speaker_id: null }, strict));
    expect((await ok(call(db, 'dialogues:update', { id: dialogue.id, participant_ids: [mette.id, ali.id] }))).participant_ids).toEqual([ali.id, mette.id]);
    void stakeholder;
  });

  it('numbers turns without gaps after add-after, move and delete', async () => {
    const { db, project, mette, bo } = await setup();
    const { dialogue, turns } = await dialogueWithTurns(db, project.id, [mette.id, bo.id], ['A', 'B', 'C']);
    expect(await transcript(db, dialogue.id)).toEqual(['1:A', '2:B', '3:C']);

    await ok(call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: bo.id, text: 'A2', after_turn_id: turns[0]!.id }, strict));
    expect(await transcript(db, dialogue.id)).toEqual(['1:A', '2:A2', '3:B', '4:C']);
    await ok(call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'D', after_turn_id: turns[2]!.id }));
    expect(await transcript(db, dialogue.id)).toEqual(['1:A', '2:A2', '3:B', '4:C', '5:D']);

    const moved = await ok(call(db, 'turns:move', { id: turns[2]!.id, to_index: 0 }, strict));
    expect(moved.map((turn) => `${turn.position}:${turn.text}`)).toEqual(['1:C', '2:A', '3:A2', '4:B', '5:D']);
    await ok(call(db, 'turns:move', { id: turns[2]!.id, to_index: 4 }));
    expect(await transcript(db, dialogue.id)).toEqual(['1:A', '2:A2', '3:B', '4:D', '5:C']);
    await ok(call(db, 'turns:move', { id: turns[0]!.id, to_index: 2 }));
    expect(await transcript(db, dialogue.id)).toEqual(['1:A2', '2:B', '3:A', '4:D', '5:C']);

    const before = rowCounts(db);
    expect(await call(db, 'turns:move', { id: turns[0]!.id, to_index: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('places 0 to 4') },
    });
    expect(rowCounts(db)).toEqual(before);

    await ok(call(db, 'turns:delete', { id: turns[1]!.id }, strict));
    expect(await transcript(db, dialogue.id)).toEqual(['1:A2', '2:A', '3:D', '4:C']);
    // A move or renumber does not count as an edit of the other turns' text.
    expect(db.prepare(`SELECT revision FROM dialogue_turns WHERE id = ?`).pluck().get(turns[0]!.id)).toBe(1);
    expect(await call(db, 'turns:delete', { id: turns[1]!.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('edits a turn with its history and refuses stale edits', async () => {
    const { db, project, mette } = await setup();
    const { turns } = await dialogueWithTurns(db, project.id, [mette.id], ['First wording']);
    const updated = await ok(call(db, 'turns:update', { id: turns[0]!.id, text: '  Second wording ', expected_revision: 1 }, strict));
    expect(updated).toMatchObject({ text: 'Second wording', revision: 2 });
    const history = await ok(call(db, 'history:list', { entity_type: 'turn', id: turns[0]!.id }));
    expect(history.map((revision) => JSON.parse(revision.snapshot).text)).toEqual(['First wording']);
    const before = rowCounts(db);
    expect(await call(db, 'turns:update', { id: turns[0]!.id, text: 'Third', expected_revision: 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(rowCounts(db)).toEqual(before);
  });

  it('lists by page: by key after a dialogue as by offset, counts only when asked, 100 by default, the write-up left out', async () => {
    const { db, project, mette, bo, ali, stakeholder } = await setup();
    const other = createProject(db, { title: 'Elsewhere' });
    await ok(call(db, 'dialogues:create', { project_id: other.id, kind: 'meeting', occurred_at: '2026-02-01T09:00:00Z' }));
    const made: { id: string }[] = [];
    for (let i = 0; i < 9; i += 1) {
      // Two dialogues share each moment, so the order within a moment (by id, descending) matters too.
      made.push(await ok(call(db, 'dialogues:create', { project_id: project.id, kind: 'workshop', title: `D${i}`, occurred_at: `2026-02-0${1 + Math.floor(i / 2)}T09:00:00Z` })));
    }
    await ok(call(db, 'dialogues:delete', { id: made[4]!.id }));
    const extra = [await stakeholder('Karen'), await stakeholder('Ebbe')];
    await ok(call(db, 'dialogues:update', { id: made[0]!.id, participant_ids: [mette.id, bo.id, ali.id, ...extra.map((person) => person.id)] }));
    await ok(call(db, 'turns:add', { dialogue_id: made[0]!.id, speaker_id: null, text: 'One' }));
    const gone = await ok(call(db, 'turns:add', { dialogue_id: made[0]!.id, speaker_id: null, text: 'Two' }));
    await ok(call(db, 'turns:delete', { id: gone.id }));

    const list = (input: Record<string, unknown>) => ok(call(db, 'dialogues:list', { project_id: project.id, ...input } as never, strict));
    const all = await list({});
    expect(all.total).toBe(8);
    const order = [...all.items].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.id.localeCompare(a.id));
    expect(all.items.map((item) => item.id)).toEqual(order.map((item) => item.id));
    expect(all.items.map((item) => item.title).sort()).toEqual(['D0', 'D1', 'D2', 'D3', 'D5', 'D6', 'D7', 'D8']);
    const first = all.items.find((item) => item.id === made[0]!.id)!;
    // The first four participants by pseudonym, the count of all five, live turns only, and nothing of the write-up.
    expect(first).toEqual({
      id: made[0]!.id,
      kind: 'workshop',
      title: 'D0',
      occurred_at: '2026-02-01T09:00:00.000Z',
      place: '',
      participant_ids: [ali.id, bo.id, extra[1]!.id, extra[0]!.id],
      participant_count: 5,
      turn_count: 1,
    });

    for (let size = 1; size <= 3; size += 1) {
      const byKey: string[] = [];
      let after: { occurred_at: string; id: string } | undefined;
      for (let guard = 0; guard < 20; guard += 1) {
        const page = await list({ limit: size, with_total: false, ...(after ? { after } : {}) });
        expect(page.total).toBeUndefined();
        byKey.push(...page.items.map((item) => item.id));
        if (page.items.length < size) break;
        const last = page.items[page.items.length - 1]!;
        after = { occurred_at: last.occurred_at, id: last.id };
      }
      expect(byKey).toEqual(all.items.map((item) => item.id));
    }
    const third = all.items[2]!;
    const local = third.occurred_at.replace('T09:00:00.000Z', 'T10:00:00+01:00');
    expect((await list({ after: { occurred_at: local, id: third.id }, offset: 1, limit: 2 })).items.map((item) => item.id)).toEqual(
      all.items.slice(4, 6).map((item) => item.id),
    );
    expect((await list({ offset: 6, limit: 5 })).items.map((item) => item.id)).toEqual(all.items.slice(6).map((item) => item.id));
  });

  it('gives a caller without a limit the first 100 dialogues and the count of all', async () => {
    const { db, project } = await setup();
    const now = nowIso();
    const insert = db.prepare(
      `INSERT INTO dialogues (id, project_id, kind, title, occurred_at, created_at, updated_at) VALUES (?, ?, 'meeting', '', ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 130; i += 1) insert.run(newId(), project.id, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), now, now);
    })();
    const page = await ok(call(db, 'dialogues:list', { project_id: project.id }, strict));
    expect(page.total).toBe(130);
    expect(page.items).toHaveLength(100);
    expect(page.items[0]!.occurred_at).toBe('2026-01-01T02:09:00.000Z');
    expect((await ok(call(db, 'dialogues:list', { project_id: project.id, limit: 200 }, strict))).items).toHaveLength(130);
  });

  it('puts a dialogue and its turns in the trash together, and trash:restore brings both back', async () => {
    const { db, project, mette, bo } = await setup();
    const { dialogue, turns } = await dialogueWithTurns(db, project.id, [mette.id, bo.id], ['Replik et', 'Replik to', 'Replik tre']);
    await ok(call(db, 'turns:delete', { id: turns[2]!.id }));
    const deleted = await ok(call(db, 'dialogues:delete', { id: dialogue.id }, strict));
    const search = () => db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'replik'`).pluck().get();
    expect(search()).toBe(0);
    expect(await call(db, 'dialogues:get', { id: dialogue.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok(call(db, 'dialogues:list', { project_id: project.id }))).toEqual({ total: 0, items: [] });
    expect(await call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const trash = await ok(call(db, 'trash:list', { project_id: project.id }));
    const group = trash.filter((item) => item.group_id === deleted.group_id);
    expect(group.map((item) => item.entity_type).sort()).toEqual(['dialogue', 'turn', 'turn']);

    const restored = await ok(call(db, 'trash:restore', { id: group.find((item) => item.entity_type === 'dialogue')!.id }));
    expect(restored).toHaveLength(3);
    expect(await transcript(db, dialogue.id)).toEqual(['1:Replik et', '2:Replik to']);
    expect(search()).toBe(2);
  });

  it('checks that cycles, participants and turns belong to the same inquiry and dialogue', async () => {
    const { db, project, mette } = await setup();
    const other = createProject(db, { title: 'Other' });
    const foreignCycle = insertCycle(db, other.id);
    const { dialogue, turns } = await dialogueWithTurns(db, project.id, [mette.id], ['One']);
    const { turns: otherTurns } = await dialogueWithTurns(db, project.id, [mette.id], ['Elsewhere']);
    const before = rowCounts(db);
    expect(await call(db, 'dialogues:create', { project_id: project.id, kind: 'meeting', cycle_id: foreignCycle })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('another inquiry') },
    });
    expect(await call(db, 'dialogues:update', { id: dialogue.id, cycle_id: foreignCycle })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'x', after_turn_id: otherTurns[0]!.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'That turn belongs to another dialogue.' },
    });
    expect(rowCounts(db)).toEqual(before);
    expect(turns).toHaveLength(1);
  });

  const missing = '0190a000-0000-7000-8000-00000000beef';
  it('says not_found for missing records and writes nothing', async () => {
    const { db, project, mette } = await setup();
    const { dialogue } = await dialogueWithTurns(db, project.id, [mette.id], ['One']);
    const cases: [string, unknown][] = [
      ['dialogues:list', { project_id: missing }],
      ['dialogues:get', { id: missing }],
      ['dialogues:create', { project_id: missing, kind: 'meeting' }],
      ['dialogues:create', { project_id: project.id, kind: 'meeting', participant_ids: [missing] }],
      ['dialogues:create', { project_id: project.id, kind: 'meeting', cycle_id: missing }],
      ['dialogues:update', { id: missing, title: 'x' }],
      ['dialogues:update', { id: dialogue.id, participant_ids: [missing] }],
      ['dialogues:delete', { id: missing }],
      ['turns:add', { dialogue_id: missing, speaker_id: null, text: 'x' }],
      ['turns:add', { dialogue_id: dialogue.id, speaker_id: missing, text: 'x' }],
      ['turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'x', after_turn_id: missing }],
      ['turns:update', { id: missing, text: 'x' }],
      ['turns:move', { id: missing, to_index: 0 }],
      ['turns:delete', { id: missing }],
    ];
    for (const [channel, input] of cases) {
      const before = rowCounts(db);
      expect(await dispatch(db, channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'not_found', message: expect.stringContaining(missing) },
      });
      expect(rowCounts(db)).toEqual(before);
    }
  });

  const id = '0190a000-0000-7000-8000-000000000001';
  const invalid: [string, string, unknown][] = [
    ['dialogues:list', 'a bad project id', { project_id: 'x' }],
    ['dialogues:list', 'a limit of 0', { project_id: id, limit: 0 }],
    ['dialogues:list', 'a limit over 200', { project_id: id, limit: 201 }],
    ['dialogues:list', 'a limit as text', { project_id: id, limit: '10' }],
    ['dialogues:list', 'a negative offset', { project_id: id, offset: -1 }],
    ['dialogues:list', 'a cursor without id', { project_id: id, after: { occurred_at: '2026-01-05T09:00:00Z' } }],
    ['dialogues:list', 'a cursor with a bad time', { project_id: id, after: { occurred_at: 'yesterday', id } }],
    ['dialogues:list', 'a cursor with an unknown key', { project_id: id, after: { occurred_at: '2026-01-05T09:00:00Z', id, title: 'x' } }],
    ['dialogues:list', 'with_total as text', { project_id: id, with_total: 'yes' }],
    ['dialogues:create', 'no kind', { project_id: id }],
    ['dialogues:create', 'an unknown kind', { project_id: id, kind: 'party' }],
    ['dialogues:create', 'a title too long', { project_id: id, kind: 'meeting', title: 'x'.repeat(501) }],
    ['dialogues:create', 'a date without time', { project_id: id, kind: 'meeting', occurred_at: '2026-03-01' }],
    ['dialogues:create', 'an unknown phase', { project_id: id, kind: 'meeting', phase: 'dream' }],
    ['dialogues:create', 'participants as text', { project_id: id, kind: 'meeting', participant_ids: id }],
    ['dialogues:create', 'a bad participant id', { project_id: id, kind: 'meeting', participant_ids: ['bo'] }],
    ['dialogues:create', 'an unknown key', { project_id: id, kind: 'meeting', summary_html: '<b>' }],
    ['dialogues:update', 'a revision as text', { id, expected_revision: '1' }],
    ['dialogues:update', 'a project change', { id, project_id: id }],
    ['dialogues:get', 'no id', {}],
    ['dialogues:delete', 'a bad id', { id: 7 }],
    ['turns:add', 'no speaker key', { dialogue_id: id, text: 'x' }],
    ['turns:add', 'empty text', { dialogue_id: id, speaker_id: null, text: '  ' }],
    ['turns:add', 'text too long', { dialogue_id: id, speaker_id: null, text: 'x'.repeat(200_001) }],
    ['turns:add', 'a bad speaker', { dialogue_id: id, speaker_id: 'Mette', text: 'x' }],
    ['turns:add', 'a position key', { dialogue_id: id, speaker_id: null, text: 'x', position: 1 }],
    ['turns:update', 'empty text', { id, text: '' }],
    ['turns:update', 'a dialogue change', { id, dialogue_id: id }],
    ['turns:move', 'a negative place', { id, to_index: -1 }],
    ['turns:move', 'a fractional place', { id, to_index: 1.5 }],
    ['turns:move', 'no place', { id }],
    ['turns:delete', 'no id', {}],
  ];

  it.each(invalid)('%s refuses %s and writes nothing', async (channel, _label, input) => {
    const { db } = await setup();
    const before = rowCounts(db);
    expect(await dispatch(db, channel, input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });
});
