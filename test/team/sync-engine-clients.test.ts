import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { authorsOf } from '../../electron/team/conflicts.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * The sync engine against a real PostgreSQL (a throwaway cluster): journals made as the app makes them, edited
 * offline, synced, and compared table by table — every synced row equal on every journal.
 */
const team = teamServerForFile();


describe('two and three journals, offline edits, one inquiry', () => {
  it('ends with identical inquiries; a new member joins and gets everything; trash and attachments travel', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const karen = await callOrThrow(alice, 'stakeholders:create', { project_id: projectId, pseudonym: 'Karen', sector: 'citizen' });
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'First visit', body: 'The reading room was full.', stakeholder_ids: [karen.id] });
    const dialogue = await callOrThrow(alice, 'dialogues:create', { project_id: projectId, kind: 'workshop', title: 'Workshop one', participant_ids: [karen.id] });
    await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: karen.id, text: 'We need longer opening hours.' });
    const picture = Buffer.from('a small text file kept with the note\n');
    await callOrThrow(alice, 'attachments:add', { owner_type: 'field_note', owner_id: note.id, file_name: 'notes.txt', media_type: 'text/plain', data_base64: picture.toString('base64') });
    await team.server.addMember(projectId, 'alice');
    await team.server.addMember(projectId, 'bob');
    await team.server.addMember(projectId, 'carol');

    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    expect(teamStatus(alice, projectId).pending).toBeGreaterThan(5);
    // Small pages, so pushing and pulling take many of them (each pull page is asked for while the last is applied).
    const progress: string[] = [];
    const first = await syncProject(alice, projectId, team.server.options('alice', { pageSize: 2, onProgress: (p) => progress.push(`${p.stage}:${p.done}`) }));
    expect(first.status).toBe('ok');
    expect(progress.filter((line) => line.startsWith('push:')).length).toBeGreaterThan(3);
    expect(progress.filter((line) => line.startsWith('pull:')).length).toBeGreaterThan(3);
    expect(first.pushed).toBe(Object.values(syncedRows(alice, projectId)).reduce((sum, rows) => sum + rows.length, 0));
    expect(teamStatus(alice, projectId).pending).toBe(0);

    const bob = journal();
    const joined = await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob', { pageSize: 4 }));
    expect(joined.status).toBe('ok');
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    // The attachment came with its bytes.
    const attachment = (await callOrThrow(bob, 'attachments:list', { owner_type: 'field_note', owner_id: note.id }))[0]!;
    expect(Buffer.from((await callOrThrow(bob, 'attachments:get', { id: attachment.id })).data_base64, 'base64')).toEqual(picture);
    // Search and timeline know the pulled rows (the set-wise index fill).
    expect(bob.prepare(`SELECT count(*) FROM events WHERE project_id = ?`).pluck().get(projectId)).toBe(alice.prepare(`SELECT count(*) FROM events WHERE project_id = ?`).pluck().get(projectId));
    const found = await callOrThrow(bob, 'search:query', { project_id: projectId, query: 'reading', limit: 10 });
    expect(JSON.stringify(found)).toContain(note.id);

    // Offline, each writes something of their own and edits another record.
    const aliceNote = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Alice offline', body: 'Written on the bus.' });
    await callOrThrow(alice, 'notes:update', { id: note.id, expected_revision: note.revision, body: 'The reading room was full; Alice added this.' });
    const bobNote = await callOrThrow(bob, 'notes:create', { project_id: projectId, title: 'Bob offline', body: 'Written in the field.' });
    const trashed = await callOrThrow(bob, 'dialogues:delete', { id: dialogue.id });
    expect(trashed.id).toBe(dialogue.id);

    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    expect((await callOrThrow(alice, 'notes:get', { id: bobNote.id })).title).toBe('Bob offline');
    expect((await callOrThrow(bob, 'notes:get', { id: aliceNote.id })).title).toBe('Alice offline');
    expect((await callOrThrow(bob, 'notes:get', { id: note.id })).body).toContain('Alice added this');

    // The trash travelled: Alice sees the dialogue in the trash and can restore it; the restore travels back.
    const trash = await callOrThrow(alice, 'trash:list', { project_id: projectId });
    const item = trash.find((entry) => entry.entity_id === dialogue.id);
    expect(item).toBeDefined();
    await callOrThrow(alice, 'trash:restore', { id: item!.id });
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    expect(bob.prepare(`SELECT deleted_at FROM dialogues WHERE id = ?`).pluck().get(dialogue.id)).toBeNull();
    expect(bob.prepare(`SELECT count(*) FROM dialogue_turns WHERE dialogue_id = ? AND deleted_at IS NULL`).pluck().get(dialogue.id)).toBe(1);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));

    // A third journal, encrypted, joins later and gets everything too; its edit reaches both.
    const carol = journal({ key: randomBytes(32) });
    await joinInquiry(carol, projectId, { url: team.server.memberUrl('carol'), member: 'carol' }, team.server.options('carol'));
    expect(syncedRows(carol, projectId)).toEqual(syncedRows(alice, projectId));
    await callOrThrow(carol, 'notes:update', { id: bobNote.id, expected_revision: 1, title: 'Bob offline (Carol tidied)' });
    await team.sync(carol, projectId, 'carol');
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    const rows = syncedRows(alice, projectId);
    expect(syncedRows(bob, projectId)).toEqual(rows);
    expect(syncedRows(carol, projectId)).toEqual(rows);
    expect(authorsOf(alice, 'field_notes', bobNote.id)).toMatchObject({ created_by: 'bob', edited_by: 'carol' });
    // Nothing left to send, nothing in conflict, and a sync with nothing new changes nothing.
    for (const [db, member] of [[alice, 'alice'], [bob, 'bob'], [carol, 'carol']] as const) {
      expect(teamStatus(db, projectId)).toMatchObject({ pending: 0, conflicts: 0 });
      const again = await team.sync(db, projectId, member);
      expect(again.pushed).toBe(0);
    }
    expect(syncedRows(carol, projectId)).toEqual(rows);
    const feed = await team.server.admin<{ n: string }>(`SELECT count(*) AS n FROM withness.changes WHERE inquiry_id = $1`, [projectId]);
    expect(Number(feed[0]!.n)).toBeGreaterThan(10);
  }, 120_000);
});
