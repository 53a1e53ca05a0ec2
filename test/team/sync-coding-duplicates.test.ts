import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * The same passage coded with the same code by two members before either syncs made two codings of it (one journal
 * refuses that: "That passage is already coded"). Every journal now keeps the coding with the smaller id and deletes
 * the other with one shared tombstone, as for two trash items of one record.
 */
const team = teamServerForFile();


describe('one passage coded on both sides', () => {
  it('ends as one coding, the same on every journal', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'T', body: 'the reading room was full' });
    const code = await callOrThrow(alice, 'codes:create', { project_id: projectId, name: 'Space' } as never);
    for (const member of ['alice', 'bob']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    const ids: string[] = [];
    for (const db of [alice, bob]) {
      ids.push((await callOrThrow(db, 'codings:add', { code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 4, end: 16, text: 'reading room' } })).id);
    }
    // A journal that settles the pair during a pull sends its tombstone on its next sync (the server keeps one: same hash).
    for (const [db, member] of [[alice, 'alice'], [bob, 'bob'], [alice, 'alice'], [bob, 'bob'], [alice, 'alice']] as const) await team.sync(db, projectId, member);

    const kept = [...ids].sort()[0];
    for (const db of [alice, bob]) {
      expect(db.prepare(`SELECT id FROM code_applications WHERE target_id = ? AND deleted_at IS NULL`).pluck().all(note.id)).toEqual([kept]);
      expect(teamStatus(db, projectId)).toMatchObject({ pending: 0, conflicts: 0 });
    }
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    const loser = ids.find((id) => id !== kept)!;
    const tombstones = await team.server.admin(`SELECT hash FROM withness.changes WHERE inquiry_id = $1 AND row_key = $2 AND "row" IS NULL`, [projectId, loser]);
    expect(tombstones).toHaveLength(1);
  }, 120_000);
});
