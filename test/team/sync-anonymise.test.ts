import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * Anonymising reaches the team as anonymising: the person and their turns live on under one neutral label on every
 * journal (a member who joins later included), and their real name is nowhere — not in the server's feed (read as the
 * administrator), not in any journal's tables or sync state. Bob holds a person pseudonymised 'Participant W1' of his
 * own before Alice anonymises Karen, so a label picked per journal would differ.
 */
const team = teamServerForFile();

const NAME = 'Karen Jensen';


function journalText(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'`).pluck().all() as string[];
  return JSON.stringify(tables.map((table) => db.prepare(`SELECT * FROM "${table}"`).all()), (_key, value: unknown) => (Buffer.isBuffer(value) ? '' : value));
}

describe('anonymising through the team server', () => {
  it('keeps the labelled person and their turns everywhere, the real name nowhere, one label on every journal', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const karen = await callOrThrow(alice, 'stakeholders:create', { project_id: projectId, pseudonym: 'Karen', real_name: NAME, sector: 'citizen', consent_status: 'given' });
    const ole = await callOrThrow(alice, 'stakeholders:create', { project_id: projectId, pseudonym: 'Ole', sector: 'public' });
    await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Visit', body: `${NAME} showed us the reading room.`, stakeholder_ids: [karen.id, ole.id] });
    const dialogue = await callOrThrow(alice, 'dialogues:create', { project_id: projectId, kind: 'interview', title: 'Interview', participant_ids: [karen.id, ole.id] });
    const turn = await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: karen.id, text: 'I come here every day.' });
    await callOrThrow(alice, 'turns:add', { dialogue_id: dialogue.id, speaker_id: ole.id, text: `${NAME} is here every morning.` });
    for (const member of ['alice', 'bob', 'dan']) await team.server.addMember(projectId, member);
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    await team.sync(alice, projectId, 'alice');
    const bob = journal();
    await joinInquiry(bob, projectId, { url: team.server.memberUrl('bob'), member: 'bob' }, team.server.options('bob'));
    await callOrThrow(bob, 'stakeholders:create', { project_id: projectId, pseudonym: 'Participant W1', sector: 'public' });

    await callOrThrow(alice, 'erasure:withdraw', { stakeholder_id: karen.id, mode: 'anonymise', confirm: true, erased_by: 'alice' });
    const label = alice.prepare(`SELECT pseudonym FROM stakeholders WHERE id = ?`).pluck().get(karen.id) as string;
    expect(label).toMatch(/^Participant W/);
    await team.sync(alice, projectId, 'alice');
    await team.sync(bob, projectId, 'bob');
    await team.sync(alice, projectId, 'alice');
    const dan = journal();
    await joinInquiry(dan, projectId, { url: team.server.memberUrl('dan'), member: 'dan' }, team.server.options('dan'));
    await team.sync(bob, projectId, 'bob');

    for (const db of [alice, bob, dan]) {
      expect(db.prepare(`SELECT pseudonym, real_name FROM stakeholders WHERE id = ?`).get(karen.id)).toEqual({ pseudonym: label, real_name: '' });
      expect(db.prepare(`SELECT speaker_id, text FROM dialogue_turns WHERE id = ?`).get(turn.id)).toEqual({ speaker_id: karen.id, text: 'I come here every day.' });
      expect(db.prepare(`SELECT text FROM dialogue_turns WHERE speaker_id = ?`).pluck().get(ole.id)).toBe(`${label} is here every morning.`);
      expect(journalText(db)).not.toContain(NAME);
      expect(db.prepare(`SELECT label FROM erasure_log`).pluck().all()).toEqual([label]);
      expect(teamStatus(db, projectId).conflicts).toBe(0);
    }
    const feed = await team.server.admin<{ n: string }>(`SELECT count(*) AS n FROM withness.changes WHERE inquiry_id = $1 AND "row"::text LIKE $2`, [projectId, `%${NAME}%`]);
    expect(Number(feed[0]!.n)).toBe(0);
    const person = await team.server.admin(`SELECT "row" FROM withness.changes WHERE inquiry_id = $1 AND row_key = $2`, [projectId, karen.id]);
    expect(person.length).toBeGreaterThan(0);
    expect(syncedRows(bob, projectId)).toEqual(syncedRows(alice, projectId));
    expect(syncedRows(dan, projectId)).toEqual(syncedRows(alice, projectId));
  }, 120_000);
});
