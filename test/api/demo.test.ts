import { describe, expect, it } from 'vitest';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createProject } from '../../db/repositories/projects.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

describe('demo:create', () => {
  it('creates the fictional example inquiry and returns its project row', async () => {
    const { db } = tempDatabase();
    const result = await call(db, 'demo:create', {}, { checkOutput: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ title: DEMO_TITLE, is_fictional: 1, status: 'active', revision: 1, deleted_at: null });
    expect(db.prepare('SELECT count(*) FROM projects').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM dialogue_turns WHERE project_id = ?').pluck().get(result.value.id)).toBe(60);
    const listed = await call(db, 'projects:list', {}, { checkOutput: true });
    expect(listed.ok && listed.value.map((p) => p.id)).toEqual([result.value.id]);
  });

  it('refuses a second copy with a conflict and writes nothing', async () => {
    const { db } = tempDatabase();
    await call(db, 'demo:create', {});
    const before = rowCounts(db);
    const again = await call(db, 'demo:create', {}, { checkOutput: true });
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/already in this journal/), message_id: 'record.demo_exists' }) });
    expect(rowCounts(db)).toEqual(before);
  });

  it('creates it again once the earlier copy is in the trash', async () => {
    const { db } = tempDatabase();
    const first = await call(db, 'demo:create', {});
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    trashEntity(db, 'project', first.value.id);
    const second = await call(db, 'demo:create', {}, { checkOutput: true });
    expect(second.ok).toBe(true);
    expect(second.ok && second.value.id).not.toBe(first.value.id);
  });

  it('is not blocked by a real inquiry that happens to have the same title', async () => {
    const { db } = tempDatabase();
    createProject(db, { title: DEMO_TITLE });
    const result = await call(db, 'demo:create', {}, { checkOutput: true });
    expect(result.ok).toBe(true);
    expect(db.prepare('SELECT is_fictional FROM projects ORDER BY created_at, id').pluck().all()).toEqual(expect.arrayContaining([0, 1]));
  });

  it('refuses unknown keys and input that is not an object, writing nothing', async () => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    for (const input of [{ title: 'Mit eget eksempel' }, 'demo', 42, [1]]) {
      const result = await dispatch(db, 'demo:create', input);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('demo:summary', () => {
  it('counts what an inquiry holds, per kind', async () => {
    const { db } = tempDatabase();
    const created = await call(db, 'demo:create', {});
    if (!created.ok) throw new Error(created.error.message);
    const summary = await call(db, 'demo:summary', { project_id: created.value.id }, { checkOutput: true });
    expect(summary.ok && summary.value).toEqual({
      project_id: created.value.id,
      counts: expect.objectContaining({ cycles: 3, phase_entries: 12, field_notes: 25, stakeholders: 10, dialogues: 6, turns: 60, reflections: 12 }),
    });
    const empty = createProject(db, { title: 'Tom undersøgelse' });
    const none = await call(db, 'demo:summary', { project_id: empty.id }, { checkOutput: true });
    expect(none.ok && Object.values(none.value.counts).every((n) => n === 0)).toBe(true);
  });

  it('reports a missing or trashed inquiry as not found, and bad input as invalid', async () => {
    const { db } = tempDatabase();
    const missing = await call(db, 'demo:summary', { project_id: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(!missing.ok && missing.error.code).toBe('not_found');
    const project = createProject(db, { title: 'Snart i papirkurven' });
    trashEntity(db, 'project', project.id);
    const trashed = await call(db, 'demo:summary', { project_id: project.id });
    expect(!trashed.ok && trashed.error.code).toBe('not_found');
    for (const input of [{}, { project_id: 'not-an-id' }, { project_id: project.id, extra: 1 }, { project_id: 7 }]) {
      const result = await dispatch(db, 'demo:summary', input);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
  });
});
