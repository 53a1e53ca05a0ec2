import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch.js';
import { DRAFT_MAX_CHARS } from '../../electron/api/channels/drafts.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

describe('drafts:* channels', () => {
  it('keeps the newest draft per key under its record’s inquiry, gets, lists and deletes it', async () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const note = createNote(db, { project_id: project.id, body: 'Saved.' });
    const key = `note:${note.id}`;
    expect(await dispatch(db, 'drafts:get', { key })).toEqual({ ok: true, value: null });
    expect((await dispatch(db, 'drafts:put', { key, body: JSON.stringify({ body: 'First' }) })).ok).toBe(true);
    expect((await dispatch(db, 'drafts:put', { key, body: JSON.stringify({ body: 'Second' }) })).ok).toBe(true);
    const got = await dispatch(db, 'drafts:get', { key }, { checkOutput: true });
    expect(got).toMatchObject({ ok: true, value: { key, project_id: project.id, record_type: 'note', record_id: note.id, body: '{"body":"Second"}' } });
    expect(await dispatch(db, 'drafts:list', {}, { checkOutput: true })).toMatchObject({ ok: true, value: [{ key }] });
    // A new phase entry's draft is keyed by cycle and phase; a quick capture's by the inquiry itself.
    expect((await dispatch(db, 'drafts:put', { key: `quick-capture:${project.id}`, body: '"x"' })).ok).toBe(true);
    expect(await dispatch(db, 'drafts:delete', { key })).toEqual({ ok: true, value: { deleted: true } });
    expect(await dispatch(db, 'drafts:delete', { key })).toEqual({ ok: true, value: { deleted: false } });
    expect(db.prepare(`SELECT key FROM drafts`).pluck().all()).toEqual([`quick-capture:${project.id}`]);
  });

  it('refuses a bad key, a body that is not JSON or too large, and a key naming no record, writing nothing', async () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const before = rowCounts(db);
    const refusals = await Promise.all([
      dispatch(db, 'drafts:put', { key: 'withness.draft.anything', body: '{}' }),
      dispatch(db, 'drafts:put', { key: `note:${project.id}`, body: 'not json' }),
      dispatch(db, 'drafts:put', { key: `quick-capture:${project.id}`, body: JSON.stringify('x'.repeat(DRAFT_MAX_CHARS)) }),
      dispatch(db, 'drafts:put', { key: `note:${project.id}`, body: '{}' }),
    ]);
    expect(refusals.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['invalid_input', 'invalid_input', 'invalid_input', 'not_found']);
    expect(rowCounts(db)).toEqual(before);
  });
});
