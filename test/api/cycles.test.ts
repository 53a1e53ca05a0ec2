import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { localToday } from '../../db/repositories/cycles.js';
import { newId, nowIso } from '../../db/ids.js';
import { call, callOrThrow, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

const strict = { checkOutput: true };
const MISSING = '0190a000-0000-7000-8000-00000000beef';

async function setup() {
  const { db } = tempDatabase();
  const project = await callOrThrow(db, 'projects:create', { title: 'Ensomhed i Nordby', concern: 'Fællesskab' });
  return { db, project };
}

async function expectOk<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function insertReflection(db: Db, projectId: string, cycleId: string | null, phase: string | null) {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, 'withness', 'Loose reflection', 'Body', ?, 1, ?, ?, NULL)`,
  ).run(id, projectId, cycleId, phase, now, now, now);
  return id;
}

describe('cycles channels', () => {
  it('create, get, list, update, close and reopen a cycle', async () => {
    const { db, project } = await setup();
    const cycle = await expectOk(call(db, 'cycles:create', { project_id: project.id, title: '  Listening  ', focus: 'Who is lonely?' }, strict));
    expect(cycle).toMatchObject({ ordinal: 1, title: 'Listening', focus: 'Who is lonely?', status: 'open', current_phase: 'plan', started_on: localToday() });
    const sub = await expectOk(call(db, 'cycles:create', { project_id: project.id, parent_id: cycle.id, started_on: '2026-01-01' }, strict));
    expect(sub).toMatchObject({ parent_id: cycle.id, ordinal: 1, title: '', started_on: '2026-01-01' });
    const subTwo = await expectOk(call(db, 'cycles:create', { project_id: project.id, parent_id: cycle.id }, strict));
    expect(subTwo.ordinal).toBe(2);
    expect(await expectOk(call(db, 'cycles:get', { id: cycle.id }, strict))).toEqual(cycle);
    expect((await expectOk(call(db, 'cycles:list', { project_id: project.id }, strict))).map((c) => c.id)).toEqual([cycle.id, sub.id, subTwo.id]);

    const updated = await expectOk(
      call(db, 'cycles:update', { id: cycle.id, current_phase: 'observe', started_on: '2026-01-10', expected_revision: 1 }, strict),
    );
    expect(updated).toMatchObject({ current_phase: 'observe', started_on: '2026-01-10', revision: 2 });
    const stale = await call(db, 'cycles:update', { id: cycle.id, title: 'Stale', expected_revision: 1 });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict', message: expect.stringContaining('changed elsewhere'), message_id: 'record.changed_elsewhere' }) });

    const closed = await expectOk(call(db, 'cycles:close', { id: cycle.id, ended_on: '2026-02-01' }, strict));
    expect(closed).toMatchObject({ status: 'closed', ended_on: '2026-02-01' });
    const reopened = await expectOk(call(db, 'cycles:reopen', { id: cycle.id, expected_revision: closed.revision }, strict));
    expect(reopened).toMatchObject({ status: 'open', ended_on: null });
    expect(await expectOk(call(db, 'cycles:close', { id: cycle.id }, strict))).toMatchObject({ ended_on: localToday() });
  });

  it('refuses an end date before the start date and writes nothing', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id, started_on: '2026-03-01' });
    const before = rowCounts(db);
    for (const result of [
      await call(db, 'cycles:update', { id: cycle.id, ended_on: '2026-02-01' }),
      await call(db, 'cycles:close', { id: cycle.id, ended_on: '2026-02-28' }),
    ]) {
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('before it started') }) });
    }
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses a parent cycle from another inquiry', async () => {
    const { db, project } = await setup();
    const other = await callOrThrow(db, 'projects:create', { title: 'Other' });
    const foreign = await callOrThrow(db, 'cycles:create', { project_id: other.id });
    const before = rowCounts(db);
    const result = await call(db, 'cycles:create', { project_id: project.id, parent_id: foreign.id });
    expect(result.ok === false && result.error.code).toBe('invalid_input');
    expect(rowCounts(db)).toEqual(before);
  });

  it('deletes a cycle with its entries and sub-cycles; trash:restore brings them all back', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    const sub = await callOrThrow(db, 'cycles:create', { project_id: project.id, parent_id: cycle.id });
    const entry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'plan', body: 'Invite the library' });
    const subEntry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: sub.id, phase: 'act', body: 'Met Hanne' });

    const deleted = await expectOk(call(db, 'cycles:delete', { id: cycle.id }, strict));
    expect(deleted.trashed).toBe(4);
    expect(await expectOk(call(db, 'cycles:list', { project_id: project.id }, strict))).toEqual([]);
    expect((await call(db, 'cycles:get', { id: sub.id })).ok).toBe(false);
    expect((await call(db, 'phaseEntries:list', { cycle_id: cycle.id })).ok).toBe(false);

    const trash = await callOrThrow(db, 'trash:list', { project_id: project.id });
    expect(trash.map((item) => item.entity_id).sort()).toEqual([cycle.id, sub.id, entry.id, subEntry.id].sort());
    const restored = await expectOk(call(db, 'trash:restore', { id: trash.find((item) => item.entity_id === entry.id)!.id }, strict));
    expect(restored).toHaveLength(4);
    expect((await callOrThrow(db, 'cycles:list', { project_id: project.id })).map((c) => c.id)).toEqual([cycle.id, sub.id]);
    expect((await callOrThrow(db, 'phaseEntries:list', { cycle_id: cycle.id })).map((e) => e.id)).toEqual([entry.id]);
    expect((await callOrThrow(db, 'phaseEntries:list', { cycle_id: sub.id })).map((e) => e.id)).toEqual([subEntry.id]);
  });

  it('starts the next cycle carrying the reflection’s next steps', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    await callOrThrow(db, 'phaseEntries:create', {
      cycle_id: cycle.id,
      phase: 'reflect',
      body: 'Vi hørte mange stemmer.\n\n### Næste skridt\n\nInviter frivillige til caféen.\n\n### Tvivl\nHvem mangler?',
    });
    const result = await expectOk(call(db, 'cycles:startNext', { id: cycle.id, title: 'Caféen' }, strict));
    expect(result.closed).toMatchObject({ id: cycle.id, status: 'closed' });
    expect(result.cycle).toMatchObject({ ordinal: 2, parent_id: null, title: 'Caféen', status: 'open', current_phase: 'plan' });
    expect(result.carried_entry?.body).toBe('Fra refleksionen i cyklus 1:\n\n> Inviter frivillige til caféen.');
    const plan = await callOrThrow(db, 'phaseEntries:list', { cycle_id: result.cycle.id, phase: 'plan' });
    expect(plan.map((entry) => entry.id)).toEqual([result.carried_entry!.id]);

    const empty = await expectOk(call(db, 'cycles:startNext', { id: result.cycle.id, language: 'en' }, strict));
    expect(empty.carried_entry).toBeNull();
    expect(empty.cycle.ordinal).toBe(3);
  });

  it('lists the evidence recorded in a cycle', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    const reflection = insertReflection(db, project.id, cycle.id, 'reflect');
    const evidence = await expectOk(call(db, 'cycles:evidence', { id: cycle.id, phase: 'reflect' }, strict));
    expect(evidence).toEqual([expect.objectContaining({ type: 'reflection', id: reflection, label: 'Loose reflection', phase: 'reflect' })]);
    expect(await expectOk(call(db, 'cycles:evidence', { id: cycle.id, phase: 'plan' }, strict))).toEqual([]);
  });
});

describe('phase entries channels', () => {
  it('create, list, update and delete', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    const entry = await expectOk(
      call(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'act', body: 'We **met** at the library', author: ' Mette ', occurred_at: '2026-02-01T12:00:00+01:00' }, strict),
    );
    expect(entry).toMatchObject({ project_id: project.id, phase: 'act', author: 'Mette', occurred_at: '2026-02-01T11:00:00.000Z', revision: 1 });
    const before = new Date().toISOString();
    const now = await expectOk(call(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'plan', body: 'Now' }, strict));
    const after = new Date().toISOString();
    expect(now.occurred_at >= before && now.occurred_at <= after).toBe(true);
    expect((await expectOk(call(db, 'phaseEntries:list', { cycle_id: cycle.id, phase: 'act' }, strict))).map((e) => e.id)).toEqual([entry.id]);
    expect(await expectOk(call(db, 'phaseEntries:list', { cycle_id: cycle.id }, strict))).toHaveLength(2);

    const updated = await expectOk(call(db, 'phaseEntries:update', { id: entry.id, body: 'We met at the café', expected_revision: 1 }, strict));
    expect(updated).toMatchObject({ body: 'We met at the café', revision: 2 });
    const conflict = await call(db, 'phaseEntries:update', { id: entry.id, body: 'Stale', expected_revision: 1 });
    expect(conflict.ok === false && conflict.error.code).toBe('conflict');
    expect((await callOrThrow(db, 'history:list', { entity_type: 'phase_entry', id: entry.id })).length).toBe(1);

    const deleted = await expectOk(call(db, 'phaseEntries:delete', { id: entry.id }, strict));
    expect(deleted.group_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await callOrThrow(db, 'phaseEntries:list', { cycle_id: cycle.id })).toHaveLength(1);
    const again = await call(db, 'phaseEntries:delete', { id: entry.id });
    expect(again.ok === false && again.error.code).toBe('not_found');
  });
});

describe('guiding prompts channels', () => {
  it('start empty (defaults), are replaced per phase and reset with an empty list', async () => {
    const { db, project } = await setup();
    expect(await expectOk(call(db, 'phases:prompts', { project_id: project.id }, strict))).toEqual({ plan: [], act: [], observe: [], reflect: [] });
    const set = await expectOk(call(db, 'phases:setPrompts', { project_id: project.id, phase: 'observe', prompts: ['  Hvem talte ikke?  ', 'Hvad overraskede os?'] }, strict));
    expect(set.observe).toEqual(['Hvem talte ikke?', 'Hvad overraskede os?']);
    expect((await callOrThrow(db, 'phases:prompts', { project_id: project.id })).observe).toHaveLength(2);
    const reset = await expectOk(call(db, 'phases:setPrompts', { project_id: project.id, phase: 'observe', prompts: [] }, strict));
    expect(reset.observe).toEqual([]);
  });
});

describe('projects:overview', () => {
  it('gives cycles at a glance, recent activity and the count of unlinked reflections', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    await callOrThrow(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'plan', body: '# Plan the café\nDetails', occurred_at: '2026-01-01T10:00:00Z' });
    const newest = await callOrThrow(db, 'phaseEntries:create', { cycle_id: cycle.id, phase: 'act', body: 'Opened the café', occurred_at: '2026-01-05T10:00:00Z' });
    insertReflection(db, project.id, cycle.id, 'reflect');
    const overview = await expectOk(call(db, 'projects:overview', { id: project.id }, strict));
    expect(overview.project.title).toBe('Ensomhed i Nordby');
    expect(overview.cycles).toHaveLength(1);
    expect(overview.cycles[0]!.phases.plan).toMatchObject({ phase_entries: 1, latest_entry: 'Plan the café' });
    expect(overview.cycles[0]!.phases.reflect).toMatchObject({ phase_entries: 0, reflections: 1, latest_entry: null });
    expect(overview.activity.map((event) => event.type)).toEqual(['reflection', 'phase_entry', 'phase_entry']);
    expect(overview.activity[1]!.id).toBe(newest.id);
    expect(overview.unlinked_reflections).toBe(1);
  });
});

describe('not found', () => {
  it('reports missing records and projects as not_found and writes nothing', async () => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    await callOrThrow(db, 'cycles:delete', { id: cycle.id });
    const before = rowCounts(db);
    const requests: [string, unknown][] = [
      ['cycles:get', { id: MISSING }],
      ['cycles:get', { id: cycle.id }],
      ['cycles:create', { project_id: MISSING }],
      ['cycles:create', { project_id: project.id, parent_id: MISSING }],
      ['cycles:create', { project_id: project.id, parent_id: cycle.id }],
      ['cycles:update', { id: MISSING, title: 'x' }],
      ['cycles:update', { id: cycle.id, title: 'x' }],
      ['cycles:close', { id: MISSING }],
      ['cycles:reopen', { id: MISSING }],
      ['cycles:delete', { id: cycle.id }],
      ['cycles:startNext', { id: MISSING }],
      ['cycles:startNext', { id: cycle.id }],
      ['cycles:evidence', { id: MISSING }],
      ['phases:prompts', { project_id: MISSING }],
      ['phases:setPrompts', { project_id: MISSING, phase: 'plan', prompts: ['x'] }],
      ['phaseEntries:list', { cycle_id: MISSING }],
      ['phaseEntries:create', { cycle_id: MISSING, phase: 'plan', body: 'x' }],
      ['phaseEntries:create', { cycle_id: cycle.id, phase: 'plan', body: 'x' }],
      ['phaseEntries:update', { id: MISSING, body: 'x' }],
      ['phaseEntries:delete', { id: MISSING }],
      ['projects:overview', { id: MISSING }],
    ];
    for (const [channel, input] of requests) {
      const result = await dispatch(db, channel, input);
      expect(result, `${channel} ${JSON.stringify(input)}`).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/^No .* exists/), message_id: 'api.not_found' }),
      });
    }
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('invalid input', () => {
  const ID = '0190a000-0000-7000-8000-000000000001';
  const invalidInputs: [string, string, unknown][] = [
    ['cycles:list', 'no project', {}],
    ['cycles:get', 'a non-UUID id', { id: 'cycle-1' }],
    ['cycles:create', 'no project', { title: 'x' }],
    ['cycles:create', 'a title too long', { project_id: ID, title: 'x'.repeat(301) }],
    ['cycles:create', 'a focus too long', { project_id: ID, focus: 'x'.repeat(5001) }],
    ['cycles:create', 'a title of wrong type', { project_id: ID, title: 7 }],
    ['cycles:create', 'an ordinal chosen by the caller', { project_id: ID, ordinal: 4 }],
    ['cycles:create', 'a bad start date', { project_id: ID, started_on: '1/2/2026' }],
    ['cycles:create', 'a bad parent id', { project_id: ID, parent_id: 'parent' }],
    ['cycles:update', 'an unknown phase', { id: ID, current_phase: 'evaluate' }],
    ['cycles:update', 'a status (close/reopen do that)', { id: ID, status: 'closed' }],
    ['cycles:update', 'a zero revision', { id: ID, title: 'x', expected_revision: 0 }],
    ['cycles:update', 'a project change', { id: ID, project_id: ID }],
    ['cycles:close', 'a bad end date', { id: ID, ended_on: '2026-13-01' }],
    ['cycles:reopen', 'an unknown key', { id: ID, force: true }],
    ['cycles:delete', 'no id', {}],
    ['cycles:startNext', 'an unknown language', { id: ID, language: 'de' }],
    ['cycles:startNext', 'a title too long', { id: ID, title: 'x'.repeat(301) }],
    ['cycles:evidence', 'an unknown phase', { id: ID, phase: 'all' }],
    ['phases:prompts', 'an unknown key', { project_id: ID, phase: 'plan' }],
    ['phases:setPrompts', 'eleven prompts', { project_id: ID, phase: 'plan', prompts: Array.from({ length: 11 }, (_, i) => `Prompt ${i}`) }],
    ['phases:setPrompts', 'a prompt too long', { project_id: ID, phase: 'plan', prompts: ['x'.repeat(301)] }],
    ['phases:setPrompts', 'a blank prompt', { project_id: ID, phase: 'plan', prompts: ['   '] }],
    ['phases:setPrompts', 'prompts as a string', { project_id: ID, phase: 'plan', prompts: 'What?' }],
    ['phases:setPrompts', 'no phase', { project_id: ID, prompts: [] }],
    ['phaseEntries:list', 'a bad cycle id', { cycle_id: 42 }],
    ['phaseEntries:create', 'an empty body', { cycle_id: ID, phase: 'plan', body: '  \n ' }],
    ['phaseEntries:create', 'no phase', { cycle_id: ID, body: 'x' }],
    ['phaseEntries:create', 'a body too long', { cycle_id: ID, phase: 'plan', body: 'x'.repeat(2_000_001) }],
    ['phaseEntries:create', 'an author too long', { cycle_id: ID, phase: 'plan', body: 'x', author: 'x'.repeat(201) }],
    ['phaseEntries:create', 'a time without zone', { cycle_id: ID, phase: 'plan', body: 'x', occurred_at: 'yesterday' }],
    ['phaseEntries:create', 'a project id', { cycle_id: ID, phase: 'plan', body: 'x', project_id: ID }],
    ['phaseEntries:update', 'a body of wrong type', { id: ID, body: ['x'] }],
    ['phaseEntries:delete', 'an array', [ID]],
    ['projects:overview', 'a bad id', { id: '' }],
  ];

  it.each(invalidInputs)('%s refuses %s and writes nothing', async (channel, _label, input) => {
    const { db, project } = await setup();
    const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id });
    // Use real ids where the input names ID, so only the invalid part can be the cause.
    const real = JSON.parse(JSON.stringify(input).replaceAll(ID, channel.startsWith('cycles:create') || channel.startsWith('phases:') ? project.id : cycle.id));
    const before = rowCounts(db);
    const result = await dispatch(db, channel, real);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Invalid input/);
    expect(rowCounts(db)).toEqual(before);
  });
});
