import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * A version a journal cannot apply — a table this Withness does not sync, a row that fails its checks, a turn whose
 * dialogue is nowhere (FOREIGN KEY) — used to stop every later sync of that journal, and every join. Now it is set
 * aside in sync_refused with its reason, the cursor moves past it, team status counts it, and the sync goes on.
 * The bad versions are written into the feed as the administrator (the server's push refuses most of them now; a
 * newer client's table, or a server bug, can still bring one).
 */
const team = teamServerForFile();


async function inject(projectId: string, table: string, rowKey: string, row: Record<string, unknown>): Promise<void> {
  await team.server.admin(
    `INSERT INTO withness.changes (inquiry_id, change_id, table_name, row_key, hash, parents, revision, "row", client_id)
     VALUES ($1, $2, $3, $4, $5, '{}', 1, $6::jsonb, 'another-client')`,
    [projectId, randomUUID(), table, rowKey, randomUUID().replace(/-/g, '').padEnd(64, '0'), JSON.stringify(row)],
  );
}

describe('versions a journal cannot apply', () => {
  it('are set aside with their reason, and every later sync and join goes on', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const dialogue = await callOrThrow(alice, 'dialogues:create', { project_id: projectId, kind: 'interview', title: 'Interview' });
    const turn = await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'We open at nine.' });
    for (const member of ['alice', 'carol']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');

    const turnRow = (await team.server.admin<{ row: Record<string, unknown> }>(`SELECT "row" FROM withness.changes WHERE row_key = $1`, [turn.id]))[0]!.row;
    const orphanId = randomUUID();
    await inject(projectId, 'memos', 'x1', { id: 'x1', project_id: projectId, text: 'a table a later version syncs' });
    await inject(projectId, 'field_notes', 'bad', { id: 'bad', project_id: projectId });
    await inject(projectId, 'dialogue_turns', orphanId, { ...turnRow, id: orphanId, dialogue_id: randomUUID() });

    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'After', body: 'Alice keeps working.' });
    await team.sync(alice, projectId, 'alice');
    await team.sync(alice, projectId, 'alice');
    const status = teamStatus(alice, projectId);
    expect(status.refused).toBe(3);
    expect(status.last_error).toBeUndefined();
    const refused = alice.prepare(`SELECT table_name, row_key, reason, row IS NOT NULL AS kept FROM sync_refused ORDER BY table_name`).all() as { table_name: string; row_key: string; reason: string; kept: number }[];
    expect(refused.map((entry) => [entry.table_name, entry.row_key, entry.kept])).toEqual([
      ['dialogue_turns', orphanId, 1],
      ['field_notes', 'bad', 1],
      ['memos', 'x1', 1],
    ]);
    expect(refused[0]!.reason).toMatch(/FOREIGN KEY/);
    expect(refused[2]!.reason).toMatch(/does not sync/);
    expect(alice.prepare(`SELECT count(*) FROM dialogue_turns WHERE id = ?`).pluck().get(orphanId)).toBe(0);

    const carol = journal();
    const joined = await joinInquiry(carol, projectId, { url: team.server.memberUrl('carol'), member: 'carol' }, team.server.options('carol'));
    expect(joined.status).toBe('ok');
    expect(carol.prepare(`SELECT title FROM field_notes WHERE id = ?`).pluck().get(note.id)).toBe('After');
    expect(teamStatus(carol, projectId).refused).toBe(3);
    expect(syncedRows(carol, projectId)).toEqual(syncedRows(alice, projectId));

    // Later work still flows both ways.
    await callOrThrow(carol, 'notes:create', { project_id: projectId, title: 'From Carol', body: 'Still in step.' });
    await team.sync(carol, projectId, 'carol');
    await team.sync(alice, projectId, 'alice');
    expect(syncedRows(carol, projectId)).toEqual(syncedRows(alice, projectId));
    expect(teamStatus(alice, projectId).refused).toBe(3);
  }, 120_000);
});
