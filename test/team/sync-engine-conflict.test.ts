import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, listConflicts, resolveConflict, syncProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * Two members edit the same note from the same base, offline. Both versions are kept (as tips, and the losing one in
 * the history), every journal shows the same head, the conflict is listed with both texts, and resolving it once
 * makes it disappear everywhere after the next syncs.
 */
const team = teamServerForFile();


const bodyOf = (db: Db, id: string) => db.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(id) as string;
const historyOf = (db: Db, id: string) =>
  (db.prepare(`SELECT snapshot FROM revisions WHERE entity_type = 'field_note' AND entity_id = ?`).pluck().all(id) as string[]).map((snapshot) => (JSON.parse(snapshot) as { body: string }).body).sort();

describe('a conflict', () => {
  it('keeps both versions, shows one deterministic head everywhere, lists it, and is resolved once for everyone', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Library', body: 'Base text.' });
    await team.server.addMember(projectId, 'alice');
    await team.server.addMember(projectId, 'bob');
    await team.server.addMember(projectId, 'carol');
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));

    await callOrThrow(alice, 'notes:update', { id: note.id, expected_revision: 1, body: 'Alice: the room was cold.' });
    await callOrThrow(bob, 'notes:update', { id: note.id, expected_revision: 1, body: 'Bob: the room was full.' });
    await team.sync(alice, projectId, 'alice');
    const bobSync = await team.sync(bob, projectId, 'bob');
    expect(bobSync.conflicts).toBe(1);
    const aliceSync = await team.sync(alice, projectId, 'alice');
    expect(aliceSync.conflicts).toBe(1);

    // One head, the same on both; both texts kept.
    expect(bodyOf(alice, note.id)).toBe(bodyOf(bob, note.id));
    const texts = ['Alice: the room was cold.', 'Bob: the room was full.'];
    expect(texts).toContain(bodyOf(alice, note.id));
    for (const db of [alice, bob]) {
      const [conflict, ...more] = listConflicts(db, projectId);
      expect(more).toEqual([]);
      expect(conflict).toMatchObject({ table_name: 'field_notes', row_key: note.id, entity_type: 'field_note', label: 'Library' });
      expect([conflict!.head.row!.body, conflict!.others[0]!.row!.body].sort()).toEqual(texts);
      expect(conflict!.head.row!.body).toBe(bodyOf(db, note.id));
      expect(new Set([conflict!.head.author, conflict!.others[0]!.author])).toEqual(new Set(['alice', 'bob']));
      // The history holds the base and the losing version.
      const loser = texts.find((text) => text !== bodyOf(db, note.id))!;
      expect(historyOf(db, note.id)).toEqual(['Base text.', 'Base text.', loser].sort());
    }
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));

    // Bob keeps a merge of the two; once pushed and pulled the conflict is gone everywhere.
    const [conflict] = listConflicts(bob, projectId);
    const merged = { ...conflict!.head.row!, body: 'Merged: the room was cold and full.' };
    resolveConflict(bob, { table_name: 'field_notes', row_key: note.id, keep: { merged } });
    expect(teamStatus(bob, projectId).conflicts).toBe(0);
    expect(bodyOf(bob, note.id)).toBe('Merged: the room was cold and full.');
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    expect(teamStatus(alice, projectId).conflicts).toBe(0);
    expect(listConflicts(alice, projectId)).toEqual([]);
    expect(bodyOf(alice, note.id)).toBe('Merged: the room was cold and full.');
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    await expect(async () => resolveConflict(alice, { table_name: 'field_notes', row_key: note.id, keep: 'head' })).rejects.toThrow(/no open conflict/);

    // A member who joins after all this holds the same rows, history included (whatever order the versions came in).
    const carol = journal();
    await joinInquiry(carol, projectId, { url: team.server.memberUrl('carol'), member: 'carol' }, team.server.options('carol'));
    expect(syncedRows(carol, projectId)).toEqual(syncedRows(alice, projectId));
    expect(teamStatus(carol, projectId).conflicts).toBe(0);
  }, 120_000);

  it('two members trash the same note before either syncs: one trash item everywhere, restorable, nothing stuck', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice, 'Third inquiry');
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Twice deleted', body: 'Text.' });
    await team.server.addMember(projectId, 'alice');
    await team.server.addMember(projectId, 'bob');
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    await callOrThrow(alice, 'notes:delete', { id: note.id });
    await callOrThrow(bob, 'notes:delete', { id: note.id });
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    const trash = alice.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().all(note.id);
    expect(trash).toHaveLength(1);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    await callOrThrow(bob, 'trash:restore', { id: trash[0] as string });
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    expect(alice.prepare(`SELECT deleted_at FROM field_notes WHERE id = ?`).pluck().get(note.id)).toBeNull();
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
  }, 120_000);

  it('is resolved by keeping the other version: its text with a revision above both, and gone for both', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice, 'Second inquiry');
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Harbour', body: 'Base.' });
    await team.server.addMember(projectId, 'alice');
    await team.server.addMember(projectId, 'bob');
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    await callOrThrow(alice, 'notes:update', { id: note.id, expected_revision: 1, title: 'Harbour (Alice)' });
    await callOrThrow(bob, 'notes:update', { id: note.id, expected_revision: 1, title: 'Harbour (Bob)' });
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    const [conflict] = listConflicts(alice, projectId);
    const other = conflict!.others[0]!;
    resolveConflict(alice, { table_name: 'field_notes', row_key: note.id, keep: other.hash });
    const kept = alice.prepare(`SELECT title, revision FROM field_notes WHERE id = ?`).get(note.id) as { title: string; revision: number };
    expect(kept).toEqual({ title: other.row!.title, revision: 3 });
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    expect(teamStatus(bob, projectId).conflicts).toBe(0);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
  }, 120_000);
});
