import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * The mass-trash guard decides before anything is applied. The scheduler syncs every few minutes without
 * allowMassTrash: a guard that applied the pages under its limit and counted afresh each run let twelve unconfirmed
 * runs trash 18 of 40 notes (reviewer's reproduction). Now no page is applied until the person agrees.
 */
const team = teamServerForFile();

const liveNotes = (db: Db, projectId: string) => db.prepare(`SELECT count(*) FROM field_notes WHERE project_id = ? AND deleted_at IS NULL`).pluck().get(projectId) as number;

describe('mass-trash guard across unconfirmed runs', () => {
  it('applies nothing, run after run, until allowMassTrash; then everything', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await callOrThrow(alice, 'notes:create', { project_id: projectId, title: `n${i}`, body: `text ${i}` })).id);
    for (const member of ['alice', 'bob']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await syncProject(alice, projectId, team.server.options('alice'));
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    for (const id of ids.slice(0, 36)) await callOrThrow(bob, 'notes:delete', { id });
    await syncProject(bob, projectId, team.server.options('bob'));

    const cursorBefore = alice.prepare(`SELECT cursor_xid, cursor_seq FROM sync_links`).get();
    const versionsBefore = alice.prepare(`SELECT count(*) FROM sync_versions`).pluck().get();
    for (let run = 0; run < 8; run++) {
      const result = await syncProject(alice, projectId, team.server.options('alice', { pageSize: 6 }));
      expect(result.status).toBe('needs_confirmation');
      expect(result.mass_trash).toEqual({ count: 36, live: 40 });
      expect(liveNotes(alice, projectId)).toBe(40);
    }
    expect(alice.prepare(`SELECT cursor_xid, cursor_seq FROM sync_links`).get()).toEqual(cursorBefore);
    expect(alice.prepare(`SELECT count(*) FROM sync_versions`).pluck().get()).toBe(versionsBefore);

    const agreed = await syncProject(alice, projectId, team.server.options('alice', { pageSize: 6, allowMassTrash: true }));
    expect(agreed.status).toBe('ok');
    expect(liveNotes(alice, projectId)).toBe(4);
    expect(syncedRows(alice, projectId)).toEqual(syncedRows(bob, projectId));
  }, 120_000);

  it('a feed under the limit is applied whole, across pages', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await callOrThrow(alice, 'notes:create', { project_id: projectId, title: `n${i}`, body: `text ${i}` })).id);
    for (const member of ['alice', 'bob']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await syncProject(alice, projectId, team.server.options('alice'));
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    for (const id of ids.slice(0, 5)) await callOrThrow(bob, 'notes:delete', { id });
    for (let i = 0; i < 10; i++) await callOrThrow(bob, 'notes:create', { project_id: projectId, title: `b${i}`, body: `bob ${i}` });
    await syncProject(bob, projectId, team.server.options('bob'));

    const result = await syncProject(alice, projectId, team.server.options('alice', { pageSize: 4 }));
    expect(result.status).toBe('ok');
    expect(liveNotes(alice, projectId)).toBe(35);
    expect(syncedRows(alice, projectId)).toEqual(syncedRows(bob, projectId));
  }, 120_000);
});
