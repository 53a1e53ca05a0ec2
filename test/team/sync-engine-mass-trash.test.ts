import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * A sync that would move more than the link's share (default 25 %) of an inquiry's live records into the trash
 * stops before applying it and asks; run again with allowMassTrash it goes through. Nothing is half-applied.
 */
const team = teamServerForFile();

const liveNotes = (db: Db, projectId: string) => db.prepare(`SELECT count(*) FROM field_notes WHERE project_id = ? AND deleted_at IS NULL`).pluck().get(projectId) as number;

describe('mass trash', () => {
  it('asks first (needs_confirmation, nothing applied), then applies with allowMassTrash', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const notes = [];
    for (let i = 0; i < 20; i++) notes.push(await callOrThrow(alice, 'notes:create', { project_id: projectId, title: `Note ${i}`, body: `Text ${i}` }));
    await team.server.addMember(projectId, 'alice');
    await team.server.addMember(projectId, 'bob');
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await syncProject(alice, projectId, team.server.options('alice'));
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));

    // A few deletions go through without asking.
    for (const note of notes.slice(0, 3)) await callOrThrow(alice, 'notes:delete', { id: note.id });
    await syncProject(alice, projectId, team.server.options('alice'));
    expect((await syncProject(bob, projectId, team.server.options('bob'))).status).toBe('ok');
    expect(liveNotes(bob, projectId)).toBe(17);

    // Alice trashes 12 of the remaining 17: Bob's sync stops and asks.
    for (const note of notes.slice(3, 15)) await callOrThrow(alice, 'notes:delete', { id: note.id });
    await syncProject(alice, projectId, team.server.options('alice'));
    const cursorBefore = bob.prepare(`SELECT cursor_xid, cursor_seq FROM sync_links`).get();
    const asked = await syncProject(bob, projectId, { ...team.server.options('bob'), pageSize: 10_000 });
    expect(asked.status).toBe('needs_confirmation');
    expect(asked.mass_trash).toEqual({ count: 12, live: 17 });
    expect(liveNotes(bob, projectId)).toBe(17);
    expect(bob.prepare(`SELECT cursor_xid, cursor_seq FROM sync_links`).get()).toEqual(cursorBefore);
    expect(teamStatus(bob, projectId).last_sync_at).toBeDefined();

    const agreed = await syncProject(bob, projectId, { ...team.server.options('bob'), allowMassTrash: true });
    expect(agreed.status).toBe('ok');
    expect(liveNotes(bob, projectId)).toBe(5);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    // In the trash, so restorable.
    expect((await callOrThrow(bob, 'trash:list', { project_id: projectId })).length).toBe(15);
  }, 120_000);
});
