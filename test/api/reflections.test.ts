import { describe, expect, it } from 'vitest';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { seedCycle, seedDialogue, seedNote, seedProject, seedStakeholder, seedTurn } from '../helpers/seed.js';

const strict = { checkOutput: true };
const MISSING = '0190a000-0000-7000-8000-00000000beef';

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('reflections channels', () => {
  it('create, get, list, update and delete a reflection', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const cycle = seedCycle(db, project);
    const created = await ok(
      call(db, 'reflections:create', { project_id: project, title: 'Inside the workshop', body: 'It *moved* me.', cycle_id: cycle, phase: 'reflect' }, strict),
    );
    expect(created).toMatchObject({ mode: 'withness', cycle_id: cycle, phase: 'reflect', revision: 1 });

    const aboutness = await ok(
      call(db, 'reflections:create', { project_id: project, mode: 'aboutness', written_at: '2020-01-01T12:00:00+01:00' }, strict),
    );
    expect(aboutness).toMatchObject({ mode: 'aboutness', title: '', written_at: '2020-01-01T11:00:00.000Z' });

    const got = await ok(call(db, 'reflections:get', { id: created.id }, strict));
    expect(got).toEqual({ ...created, links: [] });

    const listed = await ok(call(db, 'reflections:list', { project_id: project }, strict));
    expect(listed.total).toBe(2);
    expect(listed.items[0]).toEqual({
      id: created.id,
      cycle_id: cycle,
      phase: 'reflect',
      mode: 'withness',
      title: 'Inside the workshop',
      preview: 'It moved me.',
      written_at: created.written_at,
      link_count: 0,
    });
    expect(listed.items.map((r) => [r.id, r.link_count])).toEqual([
      [created.id, 0],
      [aboutness.id, 0],
    ]);

    const updated = await ok(call(db, 'reflections:update', { id: created.id, expected_revision: 1, body: 'Changed', mode: 'aboutness' }, strict));
    expect(updated).toMatchObject({ body: 'Changed', mode: 'aboutness', revision: 2 });
    const stale = await call(db, 'reflections:update', { id: created.id, expected_revision: 1, body: 'Lost?' });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict', message: expect.stringContaining('changed elsewhere'), message_id: 'record.changed_elsewhere' }) });

    const deleted = await ok(call(db, 'reflections:delete', { id: created.id }, strict));
    expect(deleted.id).toBe(created.id);
    expect((await ok(call(db, 'reflections:list', { project_id: project }, strict))).items.map((r) => r.id)).toEqual([aboutness.id]);
    expect(await call(db, 'reflections:get', { id: created.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'reflections:delete', { id: created.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('gets a reflection with its links and their targets, also once a target is in the trash', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const karen = seedStakeholder(db, project, 'Karen');
    const dialogue = seedDialogue(db, project, { title: 'Workshop' });
    const turn = seedTurn(db, project, dialogue, 'Jeg savner fællesskabet 💛 her.', karen);
    const reflection = await ok(call(db, 'reflections:create', { project_id: project, title: 'Savn' }, strict));
    const link = await ok(
      call(db, 'links:add', { reflection_id: reflection.id, target_type: 'turn', target_id: turn, excerpt: { start: 11, end: 25, text: 'fællesskabet 💛' } }, strict),
    );
    await ok(call(db, 'links:add', { reflection_id: reflection.id, target_type: 'dialogue', target_id: dialogue, comment: 'the whole session' }, strict));

    const got = await ok(call(db, 'reflections:get', { id: reflection.id }, strict));
    expect(got.links).toHaveLength(2);
    expect(got.links[0]).toMatchObject({
      id: link.id,
      excerpt_text: 'fællesskabet 💛',
      target: { type: 'turn', id: turn, dialogue_id: dialogue, label: expect.stringMatching(/^Karen: /), deleted: false },
    });
    expect(got.links[1]).toMatchObject({ excerpt_text: null, comment: 'the whole session', target: { type: 'dialogue', label: 'Workshop' } });
    expect(got.links[0]!.target).not.toHaveProperty('text');

    db.prepare(`UPDATE dialogue_turns SET deleted_at = ? WHERE id = ?`).run(new Date().toISOString(), turn);
    const after = await ok(call(db, 'reflections:get', { id: reflection.id }, strict));
    expect(after.links[0]).toMatchObject({ excerpt_text: 'fællesskabet 💛', target: { deleted: true } });
    expect((await ok(call(db, 'reflections:list', { project_id: project }, strict))).items[0]!.link_count).toBe(2);
  });

  it('lists only reflections without evidence when asked', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const note = seedNote(db, project, { body: 'x' });
    const linked = await ok(call(db, 'reflections:create', { project_id: project, title: 'Linked' }, strict));
    const lonely = await ok(call(db, 'reflections:create', { project_id: project, title: 'Lonely' }, strict));
    await ok(call(db, 'links:add', { reflection_id: linked.id, target_type: 'field_note', target_id: note }, strict));
    const unlinked = await ok(call(db, 'reflections:list', { project_id: project, unlinked_only: true }, strict));
    expect(unlinked).toEqual({ total: 1, items: [expect.objectContaining({ id: lonely.id })] });
  });

  it('pages the list by key, with a bounded default page and the count only when asked', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const insert = db.transaction(() => {
      for (let i = 0; i < 120; i++) {
        // Pairs share a time (given with an offset, stored as UTC), so the id breaks ties.
        const minute = String(Math.floor(i / 2) % 60).padStart(2, '0');
        const hour = String(10 + Math.floor(i / 120)).padStart(2, '0');
        createReflection(db, { project_id: project, title: `R${i}`, written_at: `2026-03-01T${hour}:${minute}:00+02:00` });
      }
    });
    insert();
    const expected = db
      .prepare(`SELECT id FROM reflections WHERE project_id = ? AND deleted_at IS NULL ORDER BY written_at DESC, id DESC`)
      .pluck()
      .all(project) as string[];

    const first = await ok(call(db, 'reflections:list', { project_id: project }, strict));
    expect(first.total).toBe(120);
    expect(first.items.map((r) => r.id)).toEqual(expected.slice(0, 50));

    const last = first.items.at(-1)!;
    // The cursor's time with another offset still means the same moment.
    const local = new Date(new Date(last.written_at).getTime()).toISOString().replace('Z', '+00:00');
    const second = await ok(
      call(db, 'reflections:list', { project_id: project, limit: 200, after: { written_at: local, id: last.id }, with_total: false }, strict),
    );
    expect(second).not.toHaveProperty('total');
    expect(second.items.map((r) => r.id)).toEqual(expected.slice(50));

    const jumped = await ok(call(db, 'reflections:list', { project_id: project, limit: 10, offset: 100 }, strict));
    expect(jumped.items.map((r) => r.id)).toEqual(expected.slice(100, 110));
  });

  it('refuses a cycle from another inquiry and a missing project', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const foreignCycle = seedCycle(db, seedProject(db, 'Other'));
    const before = rowCounts(db);
    expect(await call(db, 'reflections:create', { project_id: project, cycle_id: foreignCycle })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('cycle') },
    });
    expect(await call(db, 'reflections:create', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'reflections:list', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rowCounts(db)).toEqual(before);
    const created = await ok(call(db, 'reflections:create', { project_id: project }, strict));
    const beforeUpdate = rowCounts(db);
    expect(await call(db, 'reflections:update', { id: created.id, cycle_id: foreignCycle })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'reflections:update', { id: MISSING, title: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rowCounts(db)).toEqual(beforeUpdate);
  });

  const invalid: [string, string, unknown][] = [
    ['reflections:create', 'no project', {}],
    ['reflections:create', 'a bad mode', { project_id: MISSING, mode: 'insight' }],
    ['reflections:create', 'a title too long', { project_id: MISSING, title: 'x'.repeat(501) }],
    ['reflections:create', 'a number as body', { project_id: MISSING, body: 42 }],
    ['reflections:create', 'a bad time', { project_id: MISSING, written_at: 'yesterday' }],
    ['reflections:create', 'a bad phase', { project_id: MISSING, phase: 'dream' }],
    ['reflections:create', 'an unknown key', { project_id: MISSING, author: 'me' }],
    ['reflections:update', 'a non-UUID id', { id: 'nope', title: 'x' }],
    ['reflections:update', 'a zero revision', { id: MISSING, expected_revision: 0 }],
    ['reflections:list', 'a string flag', { project_id: MISSING, unlinked_only: 'yes' }],
    ['reflections:list', 'a zero limit', { project_id: MISSING, limit: 0 }],
    ['reflections:list', 'a limit over 200', { project_id: MISSING, limit: 201 }],
    ['reflections:list', 'a fractional limit', { project_id: MISSING, limit: 1.5 }],
    ['reflections:list', 'a negative offset', { project_id: MISSING, offset: -1 }],
    ['reflections:list', 'a cursor without id', { project_id: MISSING, after: { written_at: '2026-01-01T00:00:00Z' } }],
    ['reflections:list', 'a cursor with a bad time', { project_id: MISSING, after: { written_at: 'soon', id: MISSING } }],
    ['reflections:list', 'a cursor with an unknown key', { project_id: MISSING, after: { written_at: '2026-01-01T00:00:00Z', id: MISSING, x: 1 } }],
    ['reflections:list', 'a string with_total', { project_id: MISSING, with_total: 'no' }],
    ['reflections:get', 'no id', {}],
    ['reflections:delete', 'an unknown key', { id: MISSING, hard: true }],
  ];
  it.each(invalid)('%s refuses %s and writes nothing', async (channel, _label, input) => {
    const { db } = tempDatabase();
    seedProject(db);
    const before = rowCounts(db);
    const result = await dispatch(db, channel, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });
});
