/**
 * withness.erase purges for good, so it takes only what a real withdrawal names (review of issue 12): a person the
 * inquiry's feed holds, and of the ids sent only those the feed ties to them. A member who sends other ids (another
 * person's turn, an ordinary note, a made-up person) purges nothing of them and blocks nothing; the answer says
 * what was taken and what was ignored.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const F = 'erase-checks-inquiry';
const PASSWORD = 'member password for erase checks';

let server: TestPostgres;
let admin: pg.Client;
let ann: pg.Client;
let ben: pg.Client;

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const LINK_TABLES = ['field_note_stakeholders', 'dialogue_participants'];

function version(table: string, key: string, row: Record<string, unknown>) {
  const full = LINK_TABLES.includes(table) ? row : { project_id: F, ...row };
  const hash = sha(`${table}:${JSON.stringify(full)}`);
  return { change_id: sha(`${table}|${key}|${hash}`), table_name: table, row_key: key, hash, parents: [], revision: 1, row: full };
}

async function push(client: pg.Client, changes: ReturnType<typeof version>[]): Promise<number> {
  return (await client.query<{ n: number }>(`SELECT withness.push($1, 'laptop', $2) AS n`, [F, JSON.stringify(changes)])).rows[0]!.n;
}

async function erase(client: pg.Client, erasure: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await client.query<{ r: Record<string, unknown> }>(`SELECT withness.erase($1, $2) AS r`, [F, JSON.stringify(erasure)])).rows[0]!.r;
}

async function keys(): Promise<string[]> {
  return (await admin.query<{ k: string }>(`SELECT DISTINCT row_key AS k FROM withness.changes WHERE inquiry_id = $1 ORDER BY 1`, [F])).rows.map((r) => r.k);
}

const bytes = Buffer.from('scan of an ordinary form');

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: await server.createDatabase('team') });
  await admin.connect();
  await initServer(admin);
  for (const member of ['ann', 'ben']) await addMember(admin, { inquiry: F, member, password: PASSWORD });
  [ann, ben] = (await Promise.all(
    ['ann', 'ben'].map(async (member) => {
      const client = new pg.Client({ connectionString: server.url('team', member, PASSWORD) });
      await client.connect();
      return client;
    }),
  )) as [pg.Client, pg.Client];
  await ann.query(`SELECT withness.put_blob($1, $2, $3)`, [F, sha(bytes), bytes]);
  await push(ann, [
    version('stakeholders', 'person-x', { id: 'person-x', pseudonym: 'X' }),
    version('stakeholders', 'person-y', { id: 'person-y', pseudonym: 'Y' }),
    version('dialogue_turns', 'turn-x', { id: 'turn-x', speaker_id: 'person-x', text: 'I think' }),
    version('dialogue_turns', 'turn-y', { id: 'turn-y', speaker_id: 'person-y', text: 'I agree' }),
    version('prompt_links', 'link-x', { id: 'link-x', target_id: 'turn-x', withdrawn_at: null }),
    version('code_applications', 'coding-y', { id: 'coding-y', target_id: 'turn-y' }),
    version('field_notes', 'note-1', { id: 'note-1', body: 'the weather, long and nobody’s' }),
    version('field_notes', 'note-2', { id: 'note-2', body: 'met X' }),
    version('field_note_stakeholders', 'note-2/person-x', { note_id: 'note-2', stakeholder_id: 'person-x' }),
    version('attachments', 'att-2', { id: 'att-2', owner_id: 'note-2', sha256: sha('photo') }),
    version('attachments', 'att-1', { id: 'att-1', owner_id: 'note-1', sha256: sha(bytes) }),
    version('revisions', 'rev-1', { id: 'rev-1', entity_id: 'note-1', snapshot: '{}' }),
    // What hangs on a rewritten note without naming the person: the note's new version is sent after the erasure,
    // and these are sent by nobody again, so a purge would lose them for every later member.
    version('code_applications', 'coding-n2', { id: 'coding-n2', target_id: 'note-2' }),
    version('revisions', 'rev-n2', { id: 'rev-n2', entity_id: 'note-2', snapshot: '{"body":"the weather"}' }),
    version('reflections', 'refl-1', { id: 'refl-1', body: 'what X said' }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const client of [ann, ben]) await client?.end().catch(() => undefined);
  await admin?.end();
  await server?.stop();
});

describe('withness.erase takes only what a real withdrawal names', () => {
  it('a person the feed does not hold: nothing recorded, nothing purged, the answer says so', async () => {
    const before = await keys();
    const result = await erase(ben, { id: 'forged-1', stakeholder_id: 'no-such-person', mode: 'erase', record_ids: ['note-1'], rewritten_ids: ['refl-1'] });
    expect(result).toMatchObject({ recorded: false, purged: 0, ignored_record_ids: ['note-1'], ignored_rewritten_ids: ['refl-1'] });
    expect(await keys()).toEqual(before);
    expect((await ann.query(`SELECT * FROM withness.list_erasures($1)`, [F])).rows).toEqual([]);
    // Nothing blocks the note afterwards either.
    expect(await push(ann, [version('field_notes', 'note-1', { id: 'note-1', body: 'edited after the forged erasure' })])).toBe(1);
  });

  it('keeps the person’s own ids, ignores the rest (another person’s turn, an ordinary note, its file and history, made-up ids)', async () => {
    const result = await erase(ben, {
      id: 'erasure-x',
      stakeholder_id: 'person-x',
      mode: 'erase',
      record_ids: ['person-x', 'turn-x', 'link-x', 'note-1', 'turn-y', 'coding-y', 'att-2', 'att-1', 'rev-1', 'made-up'],
      rewritten_ids: ['note-2', 'refl-1', 'no-such-row'],
    });
    expect(result).toMatchObject({
      recorded: true,
      record_ids: ['person-x', 'turn-x', 'link-x', 'att-2'],
      rewritten_ids: ['note-2', 'refl-1'],
      ignored_record_ids: ['note-1', 'turn-y', 'coding-y', 'att-1', 'rev-1', 'made-up'],
      ignored_rewritten_ids: ['no-such-row'],
    });
    expect(await keys()).toEqual(['att-1', 'coding-n2', 'coding-y', 'note-1', 'person-y', 'rev-1', 'rev-n2', 'turn-y']);
    const recorded = (await ann.query(`SELECT record_ids, rewritten_ids FROM withness.list_erasures($1)`, [F])).rows;
    expect(recorded).toEqual([{ record_ids: ['person-x', 'turn-x', 'link-x', 'att-2'], rewritten_ids: ['note-2', 'refl-1'] }]);
    // The blob of the ordinary note's file stays.
    expect((await ann.query(`SELECT withness.get_blob($1, $2) AS b`, [F, sha(bytes)])).rows[0].b).toEqual(bytes);
    // The ignored ids are not blocked: their next versions are taken; the person's are not.
    expect(await push(ann, [version('dialogue_turns', 'turn-y', { id: 'turn-y', speaker_id: 'person-y', text: 'I agree, edited' })])).toBe(1);
    expect(await push(ann, [version('code_applications', 'coding-y', { id: 'coding-y', target_id: 'turn-y', excerpt_text: 'agree' })])).toBe(1);
    expect(await push(ann, [version('dialogue_turns', 'turn-x', { id: 'turn-x', speaker_id: null, text: 'I think, edited' })])).toBe(0);
  });

  it('sent again, changes nothing (purge only the first time)', async () => {
    const before = await keys();
    const result = await erase(ann, { id: 'erasure-x', stakeholder_id: 'person-x', mode: 'erase', record_ids: ['person-x', 'turn-x'], rewritten_ids: ['note-2'] });
    expect(result).toMatchObject({ recorded: false, purged: 0 });
    expect(await keys()).toEqual(before);
    expect((await ann.query(`SELECT count(*)::int AS n FROM withness.erasures`)).rows[0].n).toBe(1);
  });
});
