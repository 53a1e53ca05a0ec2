import { describe, expect, it } from 'vitest';
import { trashEntity } from '../../db/repositories/entities.js';
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

function seed() {
  const { db } = tempDatabase();
  const project = seedProject(db);
  const karen = seedStakeholder(db, project, 'Karen');
  const dialogue = seedDialogue(db, project, { title: 'Værkstedet', summary: 'Vi talte om fællesskab.', occurred_at: '2026-03-02T10:00:00.000Z' });
  const turn = seedTurn(db, project, dialogue, 'Jeg går på biblioteket hver tirsdag.', karen);
  const note = seedNote(db, project, { title: 'Tirsdagscafé', body: 'Kaffe og kage; Søren kom for første gang.', occurred_at: '2026-03-01T10:00:00.000Z' });
  return { db, project, dialogue, turn, note };
}

describe('events:search', () => {
  it('returns ranked hits with event fields and a snippet', async () => {
    const { db, project, turn, note } = seed();
    const hits = await ok(call(db, 'events:search', { project_id: project, query: 'tirsdag' }, strict));
    expect(hits.map((hit) => hit.id).sort()).toEqual([turn, note].sort());
    // The note has the word in its title, which weighs more.
    expect(hits[0]!.id).toBe(note);
    const turnHit = hits.find((hit) => hit.id === turn)!;
    expect(turnHit).toMatchObject({ type: 'turn', project_id: project, text: 'Jeg går på biblioteket hver tirsdag.', deleted: false });
    expect(turnHit.snippet).toContainEqual({ text: 'tirsdag', hit: true });
  });

  it('finds Danish words and prefixes and filters by type', async () => {
    const { db, project, dialogue, turn, note } = seed();
    const ids = async (query: string, types?: ('turn' | 'dialogue' | 'field_note')[]) =>
      (await ok(call(db, 'events:search', { project_id: project, query, types }, strict))).map((hit) => hit.id);
    expect(await ids('værk')).toEqual([dialogue]);
    expect(await ids('fællesskab')).toEqual([dialogue]);
    expect(await ids('går på')).toEqual([turn]);
    expect(await ids('søren første')).toEqual([note]);
    expect(await ids('tirsdag', ['turn'])).toEqual([turn]);
    expect(await ids('tirsdag', ['dialogue'])).toEqual([]);
  });

  it.each([
    '"', '""', 'NEAR(', 'NEAR(a b', '*', '**', '-', '--x', ':', 'a:b', 'AND OR NOT', 'NOT', '(', ')(', '((()', '', ' ', '?!;.,', '^', '{', 'x'.repeat(10_000),
  ])('never errors on %j and writes nothing', async (query) => {
    const { db, project } = seed();
    const before = rowCounts(db);
    const result = await call(db, 'events:search', { project_id: project, query }, strict);
    expect(result.ok).toBe(true);
    expect(rowCounts(db)).toEqual(before);
  });

  it('returns no hits for input with no words', async () => {
    const { db, project } = seed();
    for (const query of ['', '   ', '"*"', '()', '— …']) {
      expect(await ok(call(db, 'events:search', { project_id: project, query }, strict))).toEqual([]);
    }
  });

  it('refuses bad input and a missing project', async () => {
    const { db, project } = seed();
    const cases: [unknown, string][] = [
      [{ project_id: project }, 'invalid_input'],
      [{ project_id: project, query: 'x'.repeat(10_001) }, 'invalid_input'],
      [{ project_id: project, query: 'x', limit: 51 }, 'invalid_input'],
      [{ project_id: project, query: 'x', limit: 0 }, 'invalid_input'],
      [{ project_id: project, query: 'x', types: ['stakeholder'] }, 'invalid_input'],
      [{ project_id: project, query: 42 }, 'invalid_input'],
      [{ project_id: project, query: 'x', sql: 'x' }, 'invalid_input'],
      [{ project_id: MISSING, query: 'x' }, 'not_found'],
    ];
    for (const [input, code] of cases) expect(await dispatch(db, 'events:search', input)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('events:browse', () => {
  it('lists newest first, by type, and pages with before/before_id', async () => {
    const { db, project, dialogue, turn, note } = seed();
    const all = await ok(call(db, 'events:browse', { project_id: project }, strict));
    expect(all.map((event) => event.id)).toEqual([turn, dialogue, note]);
    expect((await ok(call(db, 'events:browse', { project_id: project, type: 'field_note' }, strict))).map((e) => e.id)).toEqual([note]);
    const first = await ok(call(db, 'events:browse', { project_id: project, limit: 1 }, strict));
    const next = await ok(call(db, 'events:browse', { project_id: project, limit: 1, before: first[0]!.occurred_at, before_id: first[0]!.id }, strict));
    expect(next.map((e) => e.id)).toEqual([dialogue]);
    const older = await ok(call(db, 'events:browse', { project_id: project, before: '2026-03-02T10:00:00.000Z' }, strict));
    expect(older.map((e) => e.id)).toEqual([note]);
  });

  it('leaves out trashed events', async () => {
    const { db, project, note } = seed();
    trashEntity(db, 'field_note', note);
    expect((await ok(call(db, 'events:browse', { project_id: project }, strict))).map((e) => e.id)).not.toContain(note);
  });

  it('refuses bad input', async () => {
    const { db, project } = seed();
    for (const input of [
      { project_id: project, limit: 101 },
      { project_id: project, type: 'stakeholder' },
      { project_id: project, before: 'last week' },
      { project_id: project, cycle_id: 'x' },
      { project_id: project, page: 2 },
    ]) {
      expect(await dispatch(db, 'events:browse', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await dispatch(db, 'events:browse', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('events:get', () => {
  it('returns an event with its full text, marks a trashed one, and reports a missing one', async () => {
    const { db, turn, note } = seed();
    expect(await ok(call(db, 'events:get', { type: 'field_note', id: note }, strict))).toMatchObject({
      id: note,
      label: 'Tirsdagscafé',
      text: 'Kaffe og kage; Søren kom for første gang.',
      deleted: false,
    });
    expect(await ok(call(db, 'events:get', { type: 'turn', id: turn }, strict))).toMatchObject({ dialogue_id: expect.any(String), label: 'Karen: Jeg går på biblioteket hver tirsdag.' });
    trashEntity(db, 'field_note', note);
    expect(await ok(call(db, 'events:get', { type: 'field_note', id: note }, strict))).toMatchObject({ deleted: true });
    expect(await call(db, 'events:get', { type: 'turn', id: note })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('turn') } });
    expect(await dispatch(db, 'events:get', { type: 'turn' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(db, 'events:get', { type: 'note', id: note })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
