import { describe, expect, it } from 'vitest';
import { trashEntity, updateEntity } from '../../db/repositories/entities.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { seedDialogue, seedNote, seedProject, seedStakeholder, seedTurn } from '../helpers/seed.js';

const strict = { checkOutput: true };
const MISSING = '0190a000-0000-7000-8000-00000000beef';

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function setup() {
  const { db } = tempDatabase();
  const project = seedProject(db);
  const karen = seedStakeholder(db, project, 'Karen');
  const dialogue = seedDialogue(db, project, { title: 'Workshop' });
  // UTF-16 offsets differ from code points after the emoji: "🙂" is 2 units, 1 code point.
  const turn = seedTurn(db, project, dialogue, 'Det var 🙂 rart at mødes i gården bag kirken.', karen);
  const note = seedNote(db, project, { title: 'Note', body: 'Æbler, pærer og blåbær.' });
  const reflection = (await ok(call(db, 'reflections:create', { project_id: project, title: 'Gården' }, strict))).id;
  return { db, project, karen, dialogue, turn, note, reflection };
}

describe('links:add', () => {
  it('links a passage by code points across emoji and Danish letters, and shows it as a backlink', async () => {
    const { db, turn, reflection } = await setup();
    const text = 'Det var 🙂 rart at mødes i gården bag kirken.';
    const utf16Start = text.indexOf('gården');
    expect(utf16Start).toBe(27);
    const link = await ok(
      call(db, 'links:add', { reflection_id: reflection, target_type: 'turn', target_id: turn, excerpt: { start: 26, end: 32, text: 'gården' }, comment: 'the place' }, strict),
    );
    expect(link).toMatchObject({ excerpt_start: 26, excerpt_end: 32, excerpt_text: 'gården', comment: 'the place', deleted_at: null });

    // The same passage given in UTF-16 offsets is refused: it does not quote what is there.
    const before = rowCounts(db);
    const utf16 = await call(db, 'links:add', { reflection_id: reflection, target_type: 'turn', target_id: turn, excerpt: { start: 27, end: 33, text: 'gården' } });
    expect(utf16).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('does not match') } });
    expect(rowCounts(db)).toEqual(before);

    const emoji = await ok(
      call(db, 'links:add', { reflection_id: reflection, target_type: 'turn', target_id: turn, excerpt: { start: 8, end: 9, text: '🙂' } }, strict),
    );
    expect(emoji.excerpt_text).toBe('🙂');

    const backlinks = await ok(call(db, 'links:backlinks', { target_type: 'turn', target_id: turn }, strict));
    expect(backlinks.map((b) => [b.link.excerpt_text, b.reflection.id, b.reflection.title])).toEqual([
      ['gården', reflection, 'Gården'],
      ['🙂', reflection, 'Gården'],
    ]);
  });

  it('refuses a mismatched or out-of-range excerpt with a clear message', async () => {
    const { db, note, reflection } = await setup();
    const before = rowCounts(db);
    const mismatch = await call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note, excerpt: { start: 0, end: 6, text: 'Aebler' } });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/does not match.*Select the passage again/) } });
    const beyond = await call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note, excerpt: { start: 20, end: 99, text: 'x' } });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('only 23 characters long') } });
    const backwards = await dispatch(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note, excerpt: { start: 5, end: 5, text: 'x' } });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('end after it starts') } });
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses self-citation, cross-project and trashed targets, missing records and duplicates', async () => {
    const { db, project, note, reflection } = await setup();
    const other = seedProject(db, 'Other');
    const foreignNote = seedNote(db, other, { body: 'elsewhere' });
    const trashedNote = seedNote(db, project, { body: 'gone' });
    trashEntity(db, 'field_note', trashedNote);
    await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note }, strict));
    const before = rowCounts(db);

    const cases: [unknown, string, RegExp][] = [
      [{ reflection_id: reflection, target_type: 'reflection', target_id: reflection }, 'invalid_input', /cannot cite itself/],
      [{ reflection_id: reflection, target_type: 'field_note', target_id: foreignNote }, 'invalid_input', /another inquiry/],
      [{ reflection_id: reflection, target_type: 'field_note', target_id: trashedNote }, 'invalid_input', /in the trash/],
      [{ reflection_id: reflection, target_type: 'field_note', target_id: MISSING }, 'not_found', /field note/],
      [{ reflection_id: reflection, target_type: 'turn', target_id: note }, 'not_found', /turn/],
      [{ reflection_id: MISSING, target_type: 'field_note', target_id: note }, 'not_found', /reflection/],
      [{ reflection_id: reflection, target_type: 'field_note', target_id: note }, 'conflict', /already cites this whole field note/],
      [{ reflection_id: reflection, target_type: 'field_note', target_id: note, comment: 'again' }, 'conflict', /already cites/],
    ];
    for (const [input, code, message] of cases) {
      const result = await dispatch(db, 'links:add', input);
      expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    }
    await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note, excerpt: { start: 0, end: 6, text: 'Æbler' + ',' } }, strict));
    const afterPassage = rowCounts(db);
    const dupPassage = await call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note, excerpt: { start: 0, end: 6, text: 'Æbler,' } });
    expect(dupPassage).toMatchObject({ ok: false, error: { code: 'conflict', message: 'This reflection already cites that passage.' } });
    expect(rowCounts(db)).toEqual(afterPassage);
    expect(afterPassage.prompt_links).toBe(before.prompt_links! + 1);
  });

  it('lets a reflection cite another reflection, shown as that one\'s backlink', async () => {
    const { db, project, reflection } = await setup();
    const earlier = await ok(call(db, 'reflections:create', { project_id: project, title: 'Earlier thought', body: 'Tillid tager tid.' }, strict));
    await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'reflection', target_id: earlier.id, excerpt: { start: 0, end: 6, text: 'Tillid' } }, strict));
    const backlinks = await ok(call(db, 'links:backlinks', { target_type: 'reflection', target_id: earlier.id }, strict));
    expect(backlinks.map((b) => b.reflection.id)).toEqual([reflection]);
  });

  it('keeps the quoted passage when the target is later edited and trashed', async () => {
    const { db, turn, reflection } = await setup();
    await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'turn', target_id: turn, excerpt: { start: 26, end: 32, text: 'gården' } }, strict));
    updateEntity(db, 'turn', turn, { text: 'Helt anden tekst nu.' });
    let got = await ok(call(db, 'reflections:get', { id: reflection }, strict));
    expect(got.links[0]).toMatchObject({ excerpt_start: 26, excerpt_end: 32, excerpt_text: 'gården', target: { deleted: false } });

    trashEntity(db, 'turn', turn);
    got = await ok(call(db, 'reflections:get', { id: reflection }, strict));
    expect(got.links[0]).toMatchObject({ excerpt_text: 'gården', target: { id: turn, deleted: true } });
    // Still listed as the turn's backlink (the reflection is live), so restoring the turn finds it again.
    expect(await ok(call(db, 'links:backlinks', { target_type: 'turn', target_id: turn }, strict))).toHaveLength(1);
  });
});

describe('links:remove', () => {
  it('soft-deletes a link: it leaves the reflection and the backlinks, the row stays', async () => {
    const { db, note, reflection } = await setup();
    const link = await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note }, strict));
    const removed = await ok(call(db, 'links:remove', { id: link.id }, strict));
    expect(removed.deleted_at).toEqual(expect.any(String));
    expect((await ok(call(db, 'reflections:get', { id: reflection }, strict))).links).toEqual([]);
    expect(await ok(call(db, 'links:backlinks', { target_type: 'field_note', target_id: note }, strict))).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM prompt_links').pluck().get()).toBe(1);
    expect(await call(db, 'links:remove', { id: link.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Removed, it may be added again.
    await ok(call(db, 'links:add', { reflection_id: reflection, target_type: 'field_note', target_id: note }, strict));
  });
});

describe('links channels refuse invalid input and write nothing', () => {
  const invalid: [string, string, unknown][] = [
    ['links:add', 'no target', { reflection_id: MISSING }],
    ['links:add', 'an unknown target type', { reflection_id: MISSING, target_type: 'stakeholder', target_id: MISSING }],
    ['links:add', 'a bad target id', { reflection_id: MISSING, target_type: 'turn', target_id: 'x' }],
    ['links:add', 'a negative start', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, excerpt: { start: -1, end: 2, text: 'ab' } }],
    ['links:add', 'fractional offsets', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, excerpt: { start: 0.5, end: 2, text: 'ab' } }],
    ['links:add', 'an empty quote', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, excerpt: { start: 0, end: 2, text: '' } }],
    ['links:add', 'an extra excerpt key', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, excerpt: { start: 0, end: 2, text: 'ab', unit: 'utf16' } }],
    ['links:add', 'a comment too long', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, comment: 'x'.repeat(5001) }],
    ['links:add', 'an unknown key', { reflection_id: MISSING, target_type: 'turn', target_id: MISSING, weight: 3 }],
    ['links:remove', 'no id', {}],
    ['links:remove', 'a bad id', { id: 42 }],
    ['links:backlinks', 'a bad type', { target_type: 'project', target_id: MISSING }],
  ];
  it.each(invalid)('%s refuses %s', async (channel, _label, input) => {
    const { db } = await setup();
    const before = rowCounts(db);
    expect(await dispatch(db, channel, input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('links:backlinkCounts', () => {
  it('counts the live reflections citing each event in one call, as links:backlinks lists them', async () => {
    const { db, project, karen, dialogue, turn, reflection } = await setup();
    const second = seedTurn(db, project, dialogue, 'Ja.', karen);
    const silent = seedTurn(db, project, dialogue, 'Hm.', karen);
    const other = (await ok(call(db, 'reflections:create', { project_id: project, title: 'Anden' }, strict))).id;
    const trashed = (await ok(call(db, 'reflections:create', { project_id: project, title: 'Kasseret' }, strict))).id;
    for (const [from, to] of [[reflection, turn], [other, turn], [trashed, turn], [reflection, second]] as const) {
      await ok(call(db, 'links:add', { reflection_id: from, target_type: 'turn', target_id: to }, strict));
    }
    await ok(call(db, 'reflections:delete', { id: trashed }, strict));
    const removed = (await ok(call(db, 'links:add', { reflection_id: other, target_type: 'turn', target_id: second }, strict))).id;
    await ok(call(db, 'links:remove', { id: removed }, strict));

    const counts = await ok(call(db, 'links:backlinkCounts', { target_type: 'turn', target_ids: [turn, second, silent, MISSING] }, strict));
    expect(counts).toEqual({ [turn]: 2, [second]: 1, [silent]: 0, [MISSING]: 0 });
    for (const id of [turn, second, silent]) {
      expect(counts[id]).toBe((await ok(call(db, 'links:backlinks', { target_type: 'turn', target_id: id }, strict))).length);
    }
    expect(await call(db, 'links:backlinkCounts', { target_type: 'turn', target_ids: ['x'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
