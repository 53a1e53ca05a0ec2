/**
 * withness.push refuses a batch holding a version no client could apply (review of issue 12): a table the feed does
 * not carry, a row filed under another key, a row of another inquiry. One such version would stop every member's
 * pull for good, so the whole batch is refused, and nothing of it is kept.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../electron/exchange/bundle-tables.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const P = 'push-checks-inquiry';
const OTHER = 'push-checks-other';
const PASSWORD = 'member password for push checks';

let server: TestPostgres;
let admin: pg.Client;
let member: pg.Client;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function version(table: string, key: string, row: Record<string, unknown> | null) {
  const hash = sha(`${table}:${JSON.stringify(row)}`);
  return { change_id: sha(`${table}|${key}|${hash}`), table_name: table, row_key: key, hash, parents: [], revision: 1, row };
}

async function push(changes: ReturnType<typeof version>[]): Promise<number> {
  return (await member.query<{ n: number }>(`SELECT withness.push($1, 'laptop', $2) AS n`, [P, JSON.stringify(changes)])).rows[0]!.n;
}

async function feedSize(): Promise<number> {
  return (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM withness.changes`)).rows[0]!.n;
}

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: await server.createDatabase('team') });
  await admin.connect();
  await initServer(admin);
  await addMember(admin, { inquiry: P, member: 'maja', password: PASSWORD });
  await addMember(admin, { inquiry: OTHER, member: 'maja' });
  member = new pg.Client({ connectionString: server.url('team', 'maja', PASSWORD) });
  await member.connect();
}, 120_000);

afterAll(async () => {
  await member?.end().catch(() => undefined);
  await admin?.end();
  await server?.stop();
});

const good = () => version('field_notes', 'note-good', { id: 'note-good', project_id: P, body: 'fine' });

describe('withness.push refuses a batch with a version no client could apply', () => {
  const poison: [string, ReturnType<typeof version>, RegExp][] = [
    ['a table the feed does not carry', version('memos', 'x1', { id: 'x1', project_id: P, text: 'a table a later version syncs' }), /change 2 \(memos x1\) names a table the team feed does not carry/],
    ['a tombstone of a table the feed does not carry', version('sqlite_master', 'x2', null), /names a table the team feed does not carry/],
    ['a row whose id is not its row_key', version('field_notes', 'note-a', { id: 'note-b', project_id: P, body: 'x' }), /change 2 \(field_notes note-a\) has a row whose key is note-b, not its row_key/],
    ['a row without its key', version('stakeholders', 'person-a', { project_id: P, pseudonym: 'A' }), /has a row whose key is \(missing\)/],
    ['a link row under another key', version('field_note_stakeholders', 'note-1/person-2', { note_id: 'note-1', stakeholder_id: 'person-3' }), /has a row whose key is note-1\/person-3/],
    ['a link row under its id-style key', version('dialogue_participants', 'dialogue-1', { dialogue_id: 'dialogue-1', stakeholder_id: 'person-1' }), /has a row whose key is dialogue-1\/person-1/],
    ['a row of another inquiry (one the member also belongs to)', version('field_notes', 'note-o', { id: 'note-o', project_id: OTHER, body: 'x' }), /has a row of inquiry push-checks-other, not of push-checks-inquiry/],
    ['a row of a project table without its project_id', version('dialogue_turns', 'turn-1', { id: 'turn-1', text: 'x' }), /has a row of inquiry \(none\)/],
    ['a projects row of another inquiry', version('projects', OTHER, { id: OTHER, title: 'x' }), /has a row of inquiry push-checks-other/],
  ];

  it.each(poison)('%s: SQLSTATE 22023 naming the change, and nothing of the batch kept', async (_what, bad, message) => {
    const before = await feedSize();
    await expect(push([good(), bad])).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(message) });
    expect(await feedSize()).toBe(before);
  });

  it('takes every synced table’s rows under their keys, tombstones and link rows (control)', async () => {
    const before = await feedSize();
    const fine = [
      good(),
      version('projects', P, { id: P, title: 'The inquiry' }),
      version('field_note_stakeholders', 'note-good/person-1', { note_id: 'note-good', stakeholder_id: 'person-1' }),
      version('dialogue_participants', 'dialogue-1/person-1', { dialogue_id: 'dialogue-1', stakeholder_id: 'person-1' }),
      version('dialogue_turns', 'turn-gone', null),
      ...TABLES.filter((spec) => spec.key.join() === 'id' && spec.name !== 'projects').map((spec) => version(spec.name, `${spec.name}-1`, { id: `${spec.name}-1`, project_id: P })),
    ];
    expect(await push(fine)).toBe(fine.length);
    expect(await feedSize()).toBe(before + fine.length);
  });
});
