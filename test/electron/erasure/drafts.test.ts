import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { withdrawStakeholder } from '../../../electron/erasure/index.js';
import { tempDatabase } from '../../helpers/temp.js';
import { filesUnder, PLANTED, scanBytes, seedWithdrawal } from './seed.js';
import { dirname } from 'node:path';

/** Unsaved drafts live in the journal (migration 006), so a withdrawal must reach them like any other text. */
describe('erasure and drafts', () => {
  it('replaces the person’s names in other drafts and drops drafts of their turns and of their own page, down to the bytes', async () => {
    const { db, file } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const put = async (key: string, value: unknown) => {
      const result = await dispatch(db, 'drafts:put', { key, body: JSON.stringify(value) });
      expect(result.ok).toBe(true);
    };
    await put(`note:${seeded.noteId}`, { body: `Met ${PLANTED.realName} ${PLANTED.surname} and ${PLANTED.alias} at the café.`, stakeholder_ids: [] });
    await put(`turn:${seeded.turnIds[0]}`, `I said Hvirvelknude about my street`);
    await put(`stakeholder:${seeded.personId}`, { real_name: `${PLANTED.realName} ${PLANTED.surname}`, notes: 'Lives by Drommelsund' });

    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    expect(result.counts.other_texts).toBeGreaterThan(0);
    const drafts = db.prepare('SELECT key, body FROM drafts').all() as { key: string; body: string }[];
    expect(drafts.map((draft) => draft.key)).toEqual([`note:${seeded.noteId}`]);
    expect(JSON.parse(drafts[0]!.body)).toEqual({ body: 'Met [withdrawn] and [withdrawn] at the café.', stakeholder_ids: [] });
    db.close();
    const needles = [PLANTED.realName, PLANTED.alias, 'Hvirvelknude', 'Drommelsund'];
    expect(scanBytes(filesUnder(dirname(file)), needles)).toEqual(Object.fromEntries(needles.map((needle) => [needle, {}])));
  });
});
