import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import type { Db } from '../../db/connection.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { updateStakeholder } from '../../db/repositories/stakeholders.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { buildReviewPage } from '../../electron/exchange/review-page.js';
import { heldBackInInquiry } from '../../electron/exports/consent-held-back.js';
import { tempDatabase } from '../helpers/temp.js';
import { PLANTED, seedConsentInquiry } from './consent-fixture.js';

/** The counts the export screen shows (SQL) against what the builders themselves held back, on the same journal. */
function expectSameAsBuilders(db: Db, projectId: string): void {
  expect(heldBackInInquiry(db, projectId, 'qdpx')).toEqual(buildQdpx(db, projectId)!.held_back);
  expect(heldBackInInquiry(db, projectId, 'review_page')).toEqual(buildReviewPage(db, projectId)!.held_back);
}

describe('held back from a .qdpx or review page, counted without building it', () => {
  it('agrees with the builders on the demo inquiry', () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    expect(heldBackInInquiry(db, project.id, 'qdpx').length).toBe(2);
    expectSameAsBuilders(db, project.id);
  });

  it('agrees with them through coded passages, trashed reflections, codes, dialogues and speakers', async () => {
    const { db } = tempDatabase();
    const seed = await seedConsentInquiry(db);
    const code = await callOrThrow(db, 'codes:create', { project_id: seed.projectId, name: 'Moving about' });
    const gone = await callOrThrow(db, 'codes:create', { project_id: seed.projectId, name: 'Trashed code' });
    const start = PLANTED.describe.indexOf('night');
    for (const id of [code.id, gone.id]) {
      await callOrThrow(db, 'codings:add', { code_id: id, target_type: 'turn', target_id: seed.turns.describe, excerpt: { start, end: start + 9, text: 'night bus' } });
    }
    await callOrThrow(db, 'codings:add', { code_id: code.id, target_type: 'turn', target_id: seed.turns.pending });
    trashEntity(db, 'code', gone.id);
    expect(heldBackInInquiry(db, seed.projectId, 'qdpx').map((entry) => [entry.pseudonym, entry.turns, entry.passages])).toEqual([
      ['Dana', 1, 2],
      ['Pia', 1, 1],
    ]);
    expectSameAsBuilders(db, seed.projectId);

    // A reflection in the trash quotes nothing; a speaker in the trash is still held back by their consent.
    const other = await callOrThrow(db, 'reflections:create', { project_id: seed.projectId, title: 'Trashed' });
    await callOrThrow(db, 'links:add', { reflection_id: other.id, target_type: 'turn', target_id: seed.turns.pending, excerpt: { start: 0, end: 3, text: 'Pia' } });
    trashEntity(db, 'reflection', other.id);
    trashEntity(db, 'stakeholder', seed.pia);
    expectSameAsBuilders(db, seed.projectId);

    // Quote consent for everyone: nothing held back, in both.
    updateStakeholder(db, seed.dana, { consent_use: 'quote' });
    db.prepare(`UPDATE stakeholders SET consent_status = 'given' WHERE id = ?`).run(seed.pia);
    expect(heldBackInInquiry(db, seed.projectId, 'qdpx')).toEqual([]);
    expectSameAsBuilders(db, seed.projectId);
  });
});
