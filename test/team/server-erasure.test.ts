/**
 * withness.erase purges what a withdrawal names from the feed (other members' versions too), withness.push refuses
 * to bring the person back afterwards, and blobs are only ever the bytes their name says.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const E = 'erasure-inquiry';
const PASSWORD = 'member password for erasure';

let server: TestPostgres;
let admin: pg.Client;
let ann: pg.Client; // erases
let ben: pg.Client; // wrote most rows; later an "old client" that has not heard of the erasure
const clients: pg.Client[] = [];

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const LINK_TABLES = ['field_note_stakeholders', 'dialogue_participants'];

/** A row version; rows of the inquiry's tables say which inquiry they belong to, as push requires. */
function version(table: string, key: string, row: Record<string, unknown> | null, parents: string[] = [], inquiry = E) {
  if (row && !LINK_TABLES.includes(table)) row = { project_id: inquiry, ...row };
  const hash = row === null ? sha(`tombstone:${[...parents].sort().join(',')}`) : sha(`${table}:${JSON.stringify(row)}`);
  return { change_id: sha(`${table}|${key}|${hash}`), table_name: table, row_key: key, hash, parents, revision: 1, row };
}

async function push(client: pg.Client, clientId: string, changes: ReturnType<typeof version>[]): Promise<number> {
  return (await client.query<{ n: number }>(`SELECT withness.push($1, $2, $3) AS n`, [E, clientId, JSON.stringify(changes)])).rows[0]!.n;
}

async function keys(): Promise<string[]> {
  return (await admin.query<{ k: string }>(`SELECT table_name || ':' || row_key AS k FROM withness.changes WHERE inquiry_id = $1 ORDER BY 1`, [E])).rows.map((r) => r.k);
}

async function blobs(): Promise<string[]> {
  return (await admin.query<{ sha256: string }>(`SELECT sha256 FROM withness.blobs WHERE inquiry_id = $1 ORDER BY 1`, [E])).rows.map((r) => r.sha256);
}

const bytesOnlyX = Buffer.from('photo of Xena');
const bytesShared = Buffer.from('a form used twice');
const bytesOther = Buffer.from('unrelated scan');

/** As the app sends it: the person, their turn, its quote and coding, the files of the note only they are in. */
const ERASURE = {
  id: 'erasure-1',
  stakeholder_id: 'person-x',
  mode: 'erase',
  record_ids: ['person-x', 'turn-x', 'link-x', 'coding-x', 'att-x', 'att-x2'],
  // As electron/erasure sends them: the rewritten texts and every earlier version (revision row) that named them.
  rewritten_ids: ['note-x', 'refl-1', 'rev-x'],
};

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: await server.createDatabase('team') });
  await admin.connect();
  await initServer(admin);
  for (const member of ['ann', 'ben']) await addMember(admin, { inquiry: E, member, password: PASSWORD });
  for (const member of ['ann', 'ben']) {
    const client = new pg.Client({ connectionString: server.url('team', member, PASSWORD) });
    await client.connect();
    clients.push(client);
  }
  [ann, ben] = clients as [pg.Client, pg.Client];

  for (const bytes of [bytesOnlyX, bytesShared, bytesOther]) await ben.query(`SELECT withness.put_blob($1, $2, $3)`, [E, sha(bytes), bytes]);
  await push(ben, 'ben-laptop', [
    version('stakeholders', 'person-x', { id: 'person-x', name: 'Xena' }),
    version('stakeholders', 'person-y', { id: 'person-y', name: 'Yusuf' }),
    version('field_notes', 'note-x', { id: 'note-x', body: 'Xena said' }),
    version('field_notes', 'note-keep', { id: 'note-keep', body: 'the weather' }),
    version('field_note_stakeholders', 'note-x/person-x', { note_id: 'note-x', stakeholder_id: 'person-x' }),
    version('field_note_stakeholders', 'note-keep/person-x', { note_id: 'note-keep', stakeholder_id: 'person-x' }),
    version('field_note_stakeholders', 'note-keep/person-y', { note_id: 'note-keep', stakeholder_id: 'person-y' }),
    version('dialogue_turns', 'turn-x', { id: 'turn-x', speaker_id: 'person-x', text: 'I think' }),
    version('dialogue_turns', 'turn-y', { id: 'turn-y', speaker_id: 'person-y', text: 'I agree' }),
    version('revisions', 'rev-x', { id: 'rev-x', entity_id: 'note-x', snapshot: '{"body":"Xena said"}' }),
    version('trash_items', 'trash-x', { id: 'trash-x', entity_id: 'turn-x' }),
    version('prompt_links', 'link-x', { id: 'link-x', target_id: 'turn-x', withdrawn_at: null }),
    version('code_applications', 'coding-x', { id: 'coding-x', target_id: 'turn-x' }),
    version('attachments', 'att-x', { id: 'att-x', owner_id: 'note-x', sha256: sha(bytesOnlyX) }),
    version('attachments', 'att-x2', { id: 'att-x2', owner_id: 'note-x', sha256: sha(bytesShared) }),
    version('attachments', 'att-keep', { id: 'att-keep', owner_id: 'note-keep', sha256: sha(bytesShared) }),
    version('attachments', 'att-other', { id: 'att-other', owner_id: 'note-keep', sha256: sha(bytesOther) }),
    version('reflections', 'refl-1', { id: 'refl-1', text: 'What Xena said matters' }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => undefined);
  await admin?.end();
  await server?.stop();
});

describe('withness.erase', () => {
  it('refuses an instruction without its ids, and writes nothing', async () => {
    const before = await keys();
    await expect(ann.query(`SELECT withness.erase($1, $2)`, [E, JSON.stringify({ ...ERASURE, mode: 'forget' })])).rejects.toMatchObject({ code: '22023' });
    await expect(ann.query(`SELECT withness.erase($1, $2)`, [E, JSON.stringify({ id: 'e', mode: 'erase', record_ids: [], rewritten_ids: [] })])).rejects.toMatchObject({ code: '22023' });
    expect(await keys()).toEqual(before);
    expect((await admin.query(`SELECT count(*)::int AS n FROM withness.erasures`)).rows[0].n).toBe(0);
  });

  it('records ids only and purges every version naming the person, records or rewritten rows, including other members’', async () => {
    await ann.query(`SELECT withness.erase($1, $2)`, [E, JSON.stringify(ERASURE)]);
    expect(await keys()).toEqual([
      'attachments:att-keep',
      'attachments:att-other',
      'dialogue_turns:turn-y',
      'field_note_stakeholders:note-keep/person-y',
      'field_notes:note-keep',
      'stakeholders:person-y',
    ]);
    const recorded = (await ben.query(`SELECT * FROM withness.list_erasures($1)`, [E])).rows;
    expect(recorded).toEqual([
      expect.objectContaining({ id: 'erasure-1', stakeholder_id: 'person-x', mode: 'erase', record_ids: ERASURE.record_ids, rewritten_ids: ERASURE.rewritten_ids, erased_by: 'ann' }),
    ]);
    expect(JSON.stringify(recorded)).not.toContain('Xena');
  });

  it('deletes the blobs only purged attachment versions named; one still named by a kept version stays', async () => {
    expect(await blobs()).toEqual([sha(bytesShared), sha(bytesOther)].sort());
  });

  it('takes the erasing client’s scrubbed rewritten rows and the evidence-withdrawn marker afterwards', async () => {
    const scrubbed = version('reflections', 'refl-1', { id: 'refl-1', text: 'What [withdrawn] said matters' });
    const marker = version('prompt_links', 'link-x', { id: 'link-x', target_id: 'turn-x', withdrawn_at: '2026-12-03T10:00:00.000Z' });
    expect(await push(ann, 'ann-laptop', [scrubbed, marker])).toBe(2);
    expect(await keys()).toEqual(expect.arrayContaining(['reflections:refl-1', 'prompt_links:link-x']));
  });

  it('sent again, changes nothing (the scrubbed versions pushed after it stay)', async () => {
    const before = await keys();
    await ann.query(`SELECT withness.erase($1, $2)`, [E, JSON.stringify(ERASURE)]);
    await ben.query(`SELECT withness.erase($1, $2)`, [E, JSON.stringify(ERASURE)]);
    expect(await keys()).toEqual(before);
    expect((await admin.query(`SELECT count(*)::int AS n FROM withness.erasures`)).rows[0].n).toBe(1);
  });
});

describe('withness.push after an erasure', () => {
  it('skips every version that would bring the person back, and takes the rest', async () => {
    const before = await keys();
    const comeback = [
      version('stakeholders', 'person-x', { id: 'person-x', name: 'Xena' }), // the person
      version('field_note_stakeholders', 'note-x/person-x', { note_id: 'note-x', stakeholder_id: 'person-x' }),
    version('field_note_stakeholders', 'note-keep/person-x', { note_id: 'note-keep', stakeholder_id: 'person-x' }), // a link to them
      version('dialogue_turns', 'turn-new', { id: 'turn-new', speaker_id: 'person-x', text: 'said again' }), // a turn they speak
      version('dialogue_turns', 'turn-x', { id: 'turn-x', speaker_id: null, text: 'I think, edited offline' }), // an erased record
      version('dialogue_turns', 'turn-x', null, ['abc']), // an erased record's tombstone
      version('prompt_links', 'link-x', { id: 'link-x', target_id: 'turn-x', withdrawn_at: null }), // the link, not withdrawn
      version('revisions', 'rev-x2', { id: 'rev-x2', entity_id: 'turn-x', snapshot: '{"text":"I think"}' }), // history of one
      version('trash_items', 'trash-x2', { id: 'trash-x2', entity_id: 'turn-x' }),
      version('attachments', 'att-x', { id: 'att-x', owner_id: 'note-x', sha256: sha(bytesOnlyX), file_name: 'again' }),
      version('code_applications', 'coding-x2', { id: 'coding-x2', target_id: 'turn-x' }),
      version('stakeholders', 'person-x-link', { id: 'person-x-link', stakeholder_id: 'person-x' }),
    ];
    const welcome = [
      version('field_notes', 'note-new', { id: 'note-new', body: 'a new note' }),
      version('field_note_stakeholders', 'note-new/person-y', { note_id: 'note-new', stakeholder_id: 'person-y' }),
      version('prompt_links', 'link-y', { id: 'link-y', target_id: 'note-keep', withdrawn_at: null }),
    ];
    // Each refused version on its own, so one wrongly taken cannot hide behind another.
    for (const change of comeback) expect(await push(ben, 'ben-old-laptop', [change]), `${change.table_name}:${change.row_key}`).toBe(0);
    expect(await push(ben, 'ben-old-laptop', [...comeback, ...welcome])).toBe(welcome.length);
    expect(await keys()).toEqual([...before, 'field_note_stakeholders:note-new/person-y', 'field_notes:note-new', 'prompt_links:link-y'].sort());
  });

  it('a member of another inquiry’s erasure does not block this one (control)', async () => {
    await addMember(admin, { inquiry: 'other-inquiry', member: 'ann' });
    const other = [version('stakeholders', 'person-y', { id: 'person-y', name: 'Yusuf' }, [], 'other-inquiry')];
    expect((await ann.query(`SELECT withness.push('other-inquiry', 'ann-laptop', $1) AS n`, [JSON.stringify(other)])).rows[0].n).toBe(1);
    const result = await ann.query(`SELECT withness.erase('other-inquiry', $1) AS r`, [JSON.stringify({ ...ERASURE, id: 'other', stakeholder_id: 'person-y', record_ids: [], rewritten_ids: [] })]);
    expect(result.rows[0].r).toMatchObject({ recorded: true });
    expect(await push(ben, 'ben-laptop', [version('stakeholders', 'person-y', { id: 'person-y', name: 'Yusuf, renamed' })])).toBe(1);
  });
});

describe('blobs', () => {
  it('put_blob checks the hash, is idempotent, and get_blob returns the bytes (null when missing)', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await expect(ann.query(`SELECT withness.put_blob($1, $2, $3)`, [E, sha('other bytes'), bytes])).rejects.toMatchObject({ code: '22023', message: expect.stringContaining('does not match') });
    await expect(ann.query(`SELECT withness.put_blob($1, $2, $3)`, [E, sha(bytes).toUpperCase(), bytes])).rejects.toMatchObject({ code: '22023' });
    expect(await blobs()).not.toContain(sha('other bytes'));
    await ann.query(`SELECT withness.put_blob($1, $2, $3)`, [E, sha(bytes), bytes]);
    await ann.query(`SELECT withness.put_blob($1, $2, $3)`, [E, sha(bytes), bytes]);
    expect((await admin.query(`SELECT count(*)::int AS n FROM withness.blobs WHERE sha256 = $1`, [sha(bytes)])).rows[0].n).toBe(1);
    expect((await ben.query(`SELECT withness.get_blob($1, $2) AS b`, [E, sha(bytes)])).rows[0].b).toEqual(bytes);
    expect((await ben.query(`SELECT withness.get_blob($1, $2) AS b`, [E, sha('nothing')])).rows[0].b).toBeNull();
  });

  it('a blob inserted directly with the wrong name is refused by the table itself (members may not insert at all)', async () => {
    const bytes = Buffer.from('direct');
    await expect(ann.query(`INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES ($1, $2, $3)`, [E, sha(bytes), bytes])).rejects.toMatchObject({ code: '42501' });
    await expect(admin.query(`INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES ($1, $2, $3)`, [E, sha('not these bytes'), bytes])).rejects.toMatchObject({ code: '23514' });
    await admin.query(`INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES ($1, $2, $3)`, [E, sha(bytes), bytes]);
  });
});
