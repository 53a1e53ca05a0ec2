import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch.js';
import { PLANTED, seedWithdrawal } from '../electron/erasure/seed.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

describe('erasure channels', () => {
  it('refuses a withdrawal that is not confirmed, or of no such stakeholder, writing nothing', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const before = rowCounts(db);
    const unconfirmed = await dispatch(db, 'erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await dispatch(db, 'erasure:withdraw', { stakeholder_id: seeded.noteId, mode: 'erase', confirm: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const badMode = await dispatch(db, 'erasure:preview', { stakeholder_id: seeded.personId, mode: 'forget' });
    expect(badMode).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });

  it('lists erasures for the audit trail with ids, mode, time and who, never a name or its hash', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const done = await dispatch(db, 'erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase', confirm: true, erased_by: 'Researcher A' });
    expect(done.ok).toBe(true);
    const log = await dispatch(db, 'erasure:log', { project_id: seeded.projectId });
    expect(log).toMatchObject({ ok: true, value: [{ stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'Researcher A', label: '' }] });
    const text = JSON.stringify(log);
    expect(text).not.toMatch(/name_hash|other_hashes/);
    for (const name of Object.values(PLANTED)) expect(text).not.toContain(name);
    // Erasing again finds no one.
    expect(await dispatch(db, 'erasure:preview', { stakeholder_id: seeded.personId, mode: 'erase' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a reflection shows its withdrawn link through reflections:get', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    await dispatch(db, 'erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase', confirm: true });
    const reflection = await dispatch(db, 'reflections:get', { id: seeded.reflectionId });
    expect(reflection.ok).toBe(true);
    const links = (reflection as { value: { links: { id: string; withdrawn_at?: string | null; target: unknown; excerpt_text: string | null }[] } }).value.links;
    expect(links.find((link) => link.id === seeded.citingLinkId)).toMatchObject({ withdrawn_at: expect.any(String), target: null, excerpt_text: null });
    expect(links.find((link) => link.id === seeded.noteLinkId)).toMatchObject({ withdrawn_at: null });
  });
});
