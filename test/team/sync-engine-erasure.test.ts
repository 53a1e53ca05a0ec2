import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * A withdrawal reaches the server and every member: Alice erases Karen with the existing erasure API; the server's
 * feed loses every version that held her (checked with SQL as the administrator); Bob's journal applies the
 * erasure on its next sync; Carol's old journal, which still holds Karen and has offline edits of her, syncs and
 * cannot push her back.
 */
const team = teamServerForFile();


const NAME = 'Karen Jensen';

async function serverMentions(projectId: string, ids: string[]): Promise<number> {
  const rows = await team.server.admin<{ n: string }>(
    `SELECT count(*) AS n FROM withness.changes
      WHERE inquiry_id = $1 AND (row_key = ANY ($2) OR "row"->>'speaker_id' = ANY ($2) OR "row"->>'stakeholder_id' = ANY ($2)
             OR "row"->>'entity_id' = ANY ($2) OR "row"::text LIKE $3)`,
    [projectId, ids, `%${NAME}%`],
  );
  return Number(rows[0]!.n);
}

function localMentions(db: Db, karenId: string, turnId: string): number {
  const dump = JSON.stringify(
    ['stakeholders', 'field_notes', 'dialogue_turns', 'revisions', 'trash_items', 'field_note_stakeholders', 'dialogue_participants', 'sync_versions', 'sync_outbox'].map((table) =>
      db.prepare(`SELECT * FROM ${table}`).all(),
    ),
  );
  return [karenId, turnId, NAME].filter((needle) => dump.includes(needle)).length;
}

describe('erasure and the team server', () => {
  it('purges the feed, reaches every member, and an old journal cannot push the person back', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const karen = await callOrThrow(alice, 'stakeholders:create', { project_id: projectId, pseudonym: 'Karen', real_name: NAME, sector: 'citizen', consent_status: 'given' });
    const other = await callOrThrow(alice, 'stakeholders:create', { project_id: projectId, pseudonym: 'Ole', sector: 'public' });
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Visit', body: `${NAME} showed us the reading room.`, stakeholder_ids: [karen.id, other.id] });
    const dialogue = await callOrThrow(alice, 'dialogues:create', { project_id: projectId, kind: 'interview', title: 'Interview', participant_ids: [karen.id, other.id] });
    const turn = await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: karen.id, text: 'I come here every day.' });
    await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: other.id, text: 'The library opens at nine.' });
    for (const member of ['alice', 'bob', 'carol']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    const carol = journal();
    await joinInquiry(carol, projectId, { url: team.server.memberUrl('carol'), member: 'carol' }, team.server.options('carol'));
    expect(await serverMentions(projectId, [karen.id, turn.id])).toBeGreaterThan(0);

    // Carol, offline, edits Karen's turn and Karen's record.
    const turnId = (turn as { id: string }).id;
    await callOrThrow(carol, 'turns:update', { id: turnId, expected_revision: 1, text: 'I come here every day, and so does my daughter.' });
    await callOrThrow(carol, 'stakeholders:update', { id: karen.id, expected_revision: 1, notes: `${NAME} asked to be phoned.` } as never);

    // Alice withdraws Karen (erase) and syncs: the instruction reaches the server, which purges its feed.
    await callOrThrow(alice, 'erasure:withdraw', { stakeholder_id: karen.id, mode: 'erase', confirm: true, erased_by: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const erasures = await team.server.admin(`SELECT stakeholder_id, mode, record_ids, rewritten_ids FROM withness.erasures WHERE inquiry_id = $1`, [projectId]);
    expect(erasures).toHaveLength(1);
    expect(erasures[0]).toMatchObject({ stakeholder_id: karen.id, mode: 'erase' });
    expect(erasures[0]!.record_ids).toContain(turnId);
    expect(erasures[0]!.rewritten_ids).toContain(note.id);
    expect(JSON.stringify(erasures)).not.toContain(NAME);
    expect(await serverMentions(projectId, [karen.id, turnId])).toBe(0);
    // The scrubbed note is on the server (Alice pushed it after the purge).
    const noteVersions = await team.server.admin<{ row: { body: string } }>(`SELECT "row" FROM withness.changes WHERE inquiry_id = $1 AND row_key = $2`, [projectId, note.id]);
    expect(noteVersions.length).toBeGreaterThan(0);
    expect(noteVersions.every((version) => !version.row.body.includes(NAME))).toBe(true);

    // Bob applies it on his next sync.
    const bobResult = await team.sync(bob, projectId, 'bob');
    expect(bobResult.erasures_applied).toBeGreaterThanOrEqual(1);
    expect(localMentions(bob, karen.id, turnId)).toBe(0);
    expect(bob.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(note.id)).not.toContain(NAME);

    // Carol's old journal syncs: the erasure comes first, her edits of Karen go nowhere.
    const carolResult = await team.sync(carol, projectId, 'carol');
    expect(carolResult.erasures_applied).toBe(1);
    expect(localMentions(carol, karen.id, turnId)).toBe(0);
    expect(await serverMentions(projectId, [karen.id, turnId])).toBe(0);

    // Everyone syncs again: nothing of Karen anywhere, the same inquiry on every journal.
    for (const [db, member] of [[alice, 'alice'], [bob, 'bob'], [carol, 'carol'], [alice, 'alice']] as const) await team.sync(db, projectId, member);
    expect(await serverMentions(projectId, [karen.id, turnId])).toBe(0);
    for (const db of [alice, bob, carol]) expect(localMentions(db, karen.id, turnId)).toBe(0);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    expect(syncedRows(carol, projectId)).toEqual(syncedRows(alice, projectId));
    // Ole and his turn stayed.
    expect(carol.prepare(`SELECT count(*) FROM dialogue_turns WHERE speaker_id = ?`).pluck().get(other.id)).toBe(1);
  }, 120_000);
});
