/**
 * Access on the team server is PostgreSQL's to enforce: here a member of inquiry A writes SQL by hand against
 * inquiry B and is refused, whatever the client would or would not do. Every refusal has a control that the same
 * statement reaches B's rows for a member of B (or for A's own rows), so a test cannot pass by looking at nothing.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, initServer, removeMember } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const A = 'inquiry-a';
const B = 'inquiry-b';
const PASSWORD = 'member password for rls';

let server: TestPostgres;
let admin: pg.Client;
let alice: pg.Client; // member of A
let bob: pg.Client; // member of B
const clients: pg.Client[] = [];

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function change(table: string, key: string, row: Record<string, unknown> | null, revision = 1, inquiry?: string) {
  // Rows of another inquiry are refused by push (server-push-checks.test.ts): each row says which it belongs to.
  if (row && inquiry) row = { project_id: inquiry, ...row };
  const hash = sha(JSON.stringify(row) + key);
  return { change_id: sha(`${table}|${key}|${hash}`), table_name: table, row_key: key, hash, parents: [], revision, row };
}

async function login(member: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.url('team', member, PASSWORD) });
  await client.connect();
  clients.push(client);
  return client;
}

async function count(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await client.query(`SELECT count(*) AS n FROM (${sql}) q`, params)).rows[0].n);
}

/** The SQLSTATE the statement fails with ('' when it succeeds). */
async function refusal(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, params);
    return '';
  } catch (error) {
    return String((error as { code?: string }).code);
  }
}

/** Everything of inquiry B as the admin sees it: unchanged after every attempt. */
async function snapshotOfB(): Promise<string> {
  const parts = await Promise.all(
    [
      `SELECT * FROM withness.changes WHERE inquiry_id = '${B}' ORDER BY seq`,
      `SELECT inquiry_id, sha256, md5(content) FROM withness.blobs WHERE inquiry_id = '${B}' ORDER BY sha256`,
      `SELECT * FROM withness.erasures WHERE inquiry_id = '${B}' ORDER BY id`,
      `SELECT * FROM withness.members WHERE inquiry_id = '${B}' ORDER BY member`,
      `SELECT * FROM withness.inquiries WHERE id = '${B}'`,
    ].map(async (sql) => JSON.stringify((await admin.query(sql)).rows)),
  );
  return parts.join('\n');
}

const blobB = Buffer.from('bytes of an attachment in B');
const blobA = Buffer.from('bytes of an attachment in A');

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('team');
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await initServer(admin);
  await addMember(admin, { inquiry: A, member: 'alice', password: PASSWORD, title: 'A' });
  await addMember(admin, { inquiry: B, member: 'bob', password: PASSWORD, title: 'B' });
  await addMember(admin, { inquiry: A, member: 'carol', password: PASSWORD });
  await admin.query(`CREATE ROLE mallory LOGIN PASSWORD '${PASSWORD}'`); // a login role that is no member at all
  alice = await login('alice');
  bob = await login('bob');
  await bob.query(`SELECT withness.push($1, 'bob-laptop', $2)`, [
    B,
    JSON.stringify([
      change('field_notes', 'note-b1', { id: 'note-b1', body: 'B secret' }, 1, B),
      change('stakeholders', 'person-b', { id: 'person-b', name: 'Bea' }, 1, B),
      change('stakeholders', 'person-gone', { id: 'person-gone', name: 'Gone' }, 1, B),
    ]),
  ]);
  await bob.query(`SELECT withness.put_blob($1, $2, $3)`, [B, sha(blobB), blobB]);
  // erase() records only a person the feed holds (server-erasure.test.ts): person-gone is, and is purged.
  await bob.query(`SELECT withness.erase($1, $2)`, [B, JSON.stringify({ id: 'erasure-b', stakeholder_id: 'person-gone', mode: 'erase', record_ids: ['person-gone'], rewritten_ids: [] })]);
  await alice.query(`SELECT withness.push($1, 'alice-laptop', $2)`, [A, JSON.stringify([change('field_notes', 'note-a1', { id: 'note-a1', body: 'A text' }, 1, A)])]);
  await alice.query(`SELECT withness.put_blob($1, $2, $3)`, [A, sha(blobA), blobA]);
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => undefined);
  await admin?.end();
  await server?.stop();
});

const TABLES = ['changes', 'blobs', 'erasures', 'members'] as const;

describe('a member of A, with hand-written SQL, against inquiry B', () => {
  it.each(TABLES)('cannot SELECT B’s %s (a member of B can)', async (table) => {
    expect(await count(bob, `SELECT 1 FROM withness.${table} WHERE inquiry_id = $1`, [B])).toBeGreaterThan(0);
    expect(await count(alice, `SELECT 1 FROM withness.${table} WHERE inquiry_id = $1`, [B])).toBe(0);
    // Not even without a WHERE: everything alice sees is A's.
    expect(await count(alice, `SELECT 1 FROM withness.${table} WHERE inquiry_id <> $1`, [A])).toBe(0);
    expect(await count(bob, `SELECT 1 FROM withness.${table} WHERE inquiry_id <> $1`, [B])).toBe(0);
  });

  it('cannot see B in inquiries, nor B’s members (sees A’s)', async () => {
    expect((await alice.query(`SELECT id FROM withness.inquiries ORDER BY id`)).rows).toEqual([{ id: A }]);
    expect((await bob.query(`SELECT id FROM withness.inquiries ORDER BY id`)).rows).toEqual([{ id: B }]);
    expect((await alice.query(`SELECT member FROM withness.members ORDER BY member`)).rows).toEqual([{ member: 'alice' }, { member: 'carol' }]);
    expect((await alice.query(`SELECT withness.is_member($1) AS b, withness.is_member($2) AS a`, [B, A])).rows[0]).toEqual({ b: false, a: true });
    expect((await alice.query(`SELECT * FROM withness.my_inquiries()`)).rows).toEqual([{ my_inquiries: A }]);
  });

  it('cannot INSERT into B, nor into A: rows go in only through push and put_blob (which take A’s)', async () => {
    const before = await snapshotOfB();
    const note = change('field_notes', 'forged', { id: 'forged', body: 'planted' }, 1, A);
    const insertChange = `INSERT INTO withness.changes (inquiry_id, change_id, table_name, row_key, hash, client_id, "row") VALUES ($1, $2, $3, $4, $5, 'x', $6)`;
    const args = (inquiry: string) => [inquiry, note.change_id, note.table_name, note.row_key, note.hash, JSON.stringify(note.row)];
    expect(await refusal(alice, insertChange, args(B))).toBe('42501');
    // A plain INSERT would pass by push's checks and erasure skip rules, so members have no INSERT at all.
    expect(await refusal(alice, insertChange, args(A))).toBe('42501');
    const forged = Buffer.from('forged blob');
    expect(await refusal(alice, `INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES ($1, $2, $3)`, [B, sha(forged), forged])).toBe('42501');
    expect(await refusal(alice, `INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES ($1, $2, $3)`, [A, sha(forged), forged])).toBe('42501');
    expect(await count(admin, `SELECT 1 FROM withness.changes WHERE row_key = 'forged'`)).toBe(0);
    expect(await count(admin, `SELECT 1 FROM withness.blobs WHERE sha256 = $1`, [sha(forged)])).toBe(0);
    // Control: the same row and bytes go in through the functions.
    expect(await refusal(alice, `SELECT withness.push($1, 'x', $2)`, [A, JSON.stringify([note])])).toBe('');
    expect(await refusal(alice, `SELECT withness.put_blob($1, $2, $3)`, [A, sha(forged), forged])).toBe('');
    expect(await refusal(alice, `INSERT INTO withness.erasures (inquiry_id, id, stakeholder_id, mode, record_ids, rewritten_ids) VALUES ($1, 'e', 's', 'erase', '{}', '{}')`, [B])).toBe('42501');
    expect(await refusal(alice, `INSERT INTO withness.erasures (inquiry_id, id, stakeholder_id, mode, record_ids, rewritten_ids) VALUES ($1, 'e', 's', 'erase', '{}', '{}')`, [A])).toBe('42501');
    expect(await refusal(alice, `INSERT INTO withness.members (inquiry_id, member) VALUES ($1, 'alice')`, [B])).toBe('42501');
    expect(await refusal(alice, `INSERT INTO withness.inquiries (id) VALUES ('inquiry-c')`)).toBe('42501');
    expect(await refusal(alice, `INSERT INTO withness.meta (key, value) VALUES ('x', 'y')`)).toBe('42501');
    expect(await snapshotOfB()).toBe(before);
    expect(await count(admin, `SELECT 1 FROM withness.changes WHERE row_key = 'forged' AND inquiry_id = $1`, [A])).toBe(1);
  });

  it.each([...TABLES, 'inquiries', 'meta'] as const)('cannot UPDATE or DELETE %s, not even A’s own rows', async (table) => {
    const before = await snapshotOfB();
    const where = table === 'inquiries' ? 'id' : table === 'meta' ? 'key' : 'inquiry_id';
    const column = table === 'inquiries' ? 'title' : table === 'meta' ? 'value' : table === 'members' ? 'added_at' : table === 'blobs' ? 'content' : table === 'changes' ? 'hash' : 'mode';
    // Setting a column to itself: a valid UPDATE of every matching row (the control below), no constraint in the way.
    const value = column;
    for (const client of [alice, bob]) {
      const inquiry = client === alice ? A : B;
      const key = table === 'meta' ? 'schema_version' : inquiry;
      for (const target of [key, B]) {
        expect(await refusal(client, `UPDATE withness.${table} SET ${column} = ${value} WHERE ${where} = $1`, [target])).toBe('42501');
        expect(await refusal(client, `DELETE FROM withness.${table} WHERE ${where} = $1`, [target])).toBe('42501');
      }
      expect(await refusal(client, `TRUNCATE withness.${table}`)).toBe('42501');
    }
    expect(await snapshotOfB()).toBe(before);
    // Control: the statements themselves are valid (the schema's owner may run them).
    await admin.query('BEGIN');
    let updated: pg.QueryResult;
    try {
      updated = await admin.query(`UPDATE withness.${table} SET ${column} = ${value} WHERE ${where} = $1`, [table === 'meta' ? 'schema_version' : B]);
    } finally {
      await admin.query('ROLLBACK');
    }
    expect(updated.rowCount).toBeGreaterThan(0);
  });

  it('cannot call push, pull, put_blob, get_blob, list_erasures or erase for B (a member of B can)', async () => {
    const before = await snapshotOfB();
    const calls: [string, unknown[]][] = [
      [`SELECT * FROM withness.pull($1, 'c', '0', 0, 100)`, []],
      [`SELECT withness.push($1, 'c', $2)`, [JSON.stringify([change('field_notes', 'pushed-into-b', { id: 'pushed-into-b' }, 1, B)])]],
      [`SELECT withness.put_blob($1, $2, $3)`, [sha('x'), Buffer.from('x')]],
      [`SELECT withness.get_blob($1, $2)`, [sha(blobB)]],
      [`SELECT * FROM withness.list_erasures($1)`, []],
      [`SELECT withness.erase($1, $2)`, [JSON.stringify({ id: 'erasure-x', stakeholder_id: 'person-b', mode: 'erase', record_ids: ['note-b1'], rewritten_ids: [] })]],
    ];
    for (const [sql, rest] of calls) expect(await refusal(alice, sql, [B, ...rest]), sql).toBe('42501');
    expect(await snapshotOfB()).toBe(before);
    // Controls: bob reads B through the same functions; alice reads A.
    expect((await bob.query(`SELECT * FROM withness.pull($1, 'c', '0', 0, 100)`, [B])).rowCount).toBe(2);
    expect((await bob.query(`SELECT withness.get_blob($1, $2) AS b`, [B, sha(blobB)])).rows[0].b).toEqual(blobB);
    expect((await bob.query(`SELECT * FROM withness.list_erasures($1)`, [B])).rows.map((r) => r.id)).toEqual(['erasure-b']);
    expect((await alice.query(`SELECT * FROM withness.pull($1, 'c', '0', 0, 100)`, [A])).rowCount).toBeGreaterThan(0);
    expect((await alice.query(`SELECT withness.get_blob($1, $2) AS b`, [A, sha(blobA)])).rows[0].b).toEqual(blobA);
  });

  it('cannot become someone else: SET ROLE, SET SESSION AUTHORIZATION', async () => {
    expect(await refusal(alice, `SET ROLE bob`)).toBe('42501');
    expect(await refusal(alice, `SET SESSION AUTHORIZATION bob`)).toBe('42501');
    expect(await refusal(alice, `SET ROLE postgres`)).toBe('42501');
    // SET ROLE to the group is allowed, but access follows the role that logged in.
    await alice.query('SET ROLE withness_member');
    try {
      expect(await count(alice, `SELECT 1 FROM withness.changes WHERE inquiry_id = $1`, [B])).toBe(0);
      expect(await count(alice, `SELECT 1 FROM withness.changes WHERE inquiry_id = $1`, [A])).toBeGreaterThan(0);
    } finally {
      await alice.query('RESET ROLE');
    }
  });

  it('cannot create objects in the schema', async () => {
    expect(await refusal(alice, `CREATE TABLE withness.mine (x int)`)).toBe('42501');
    expect(await refusal(alice, `CREATE FUNCTION withness.my_inquiries(x int) RETURNS SETOF text LANGUAGE sql AS 'SELECT ''${B}'''`)).toBe('42501');
  });
});

describe('authorship', () => {
  it('the author is the role that logged in: not settable, not spoofable, also after SET ROLE', async () => {
    const spoof = change('field_notes', 'spoof', { id: 'spoof' }, 1, A);
    // The column is not granted: naming it is refused.
    expect(
      await refusal(alice, `INSERT INTO withness.changes (inquiry_id, change_id, table_name, row_key, hash, client_id, author) VALUES ($1, $2, 'field_notes', 'spoof', $3, 'x', 'bob')`, [A, spoof.change_id, spoof.hash]),
    ).toBe('42501');
    // Nor may a client pick its place in the feed.
    expect(
      await refusal(alice, `INSERT INTO withness.changes (inquiry_id, change_id, table_name, row_key, hash, client_id, xid) VALUES ($1, $2, 'field_notes', 'spoof', $3, 'x', '1')`, [A, spoof.change_id, spoof.hash]),
    ).toBe('42501');
    // An author in the pushed JSON is ignored.
    await alice.query('SET ROLE withness_member');
    await alice.query(`SELECT withness.push($1, 'alice-laptop', $2)`, [A, JSON.stringify([{ ...spoof, author: 'bob' }])]);
    await alice.query('RESET ROLE');
    expect((await admin.query(`SELECT author FROM withness.changes WHERE inquiry_id = $1 AND row_key = 'spoof'`, [A])).rows).toEqual([{ author: 'alice' }]);
    // Control: bob's rows carry bob.
    expect((await admin.query(`SELECT DISTINCT author FROM withness.changes WHERE inquiry_id = $1`, [B])).rows).toEqual([{ author: 'bob' }]);
    expect((await admin.query(`SELECT erased_by FROM withness.erasures WHERE inquiry_id = $1`, [B])).rows).toEqual([{ erased_by: 'bob' }]);
  });
});

describe('roles outside the inquiry', () => {
  it('a login role that is no member cannot even use the schema', async () => {
    const mallory = await login('mallory');
    expect(await refusal(mallory, `SELECT * FROM withness.changes`)).toBe('42501');
    expect(await refusal(mallory, `SELECT * FROM withness.pull('${A}', 'c', '0', 0, 10)`)).toBe('42501');
  });

  it('a removed member loses access at once (while a remaining member keeps it)', async () => {
    const carol = await login('carol');
    expect(await count(carol, `SELECT 1 FROM withness.changes WHERE inquiry_id = $1`, [A])).toBeGreaterThan(0);
    expect((await carol.query(`SELECT * FROM withness.pull($1, 'c', '0', 0, 100)`, [A])).rowCount).toBeGreaterThan(0);
    await removeMember(admin, { inquiry: A, member: 'carol' });
    expect(await count(carol, `SELECT 1 FROM withness.changes WHERE inquiry_id = $1`, [A])).toBe(0);
    expect(await count(carol, `SELECT 1 FROM withness.inquiries`)).toBe(0);
    expect(await count(carol, `SELECT 1 FROM withness.members`)).toBe(0);
    expect(await refusal(carol, `SELECT * FROM withness.pull($1, 'c', '0', 0, 100)`, [A])).toBe('42501');
    expect(await refusal(carol, `SELECT withness.push($1, 'c', $2)`, [A, JSON.stringify([change('field_notes', 'late', { id: 'late' }, 1, A)])])).toBe('42501');
    expect(await refusal(carol, `SELECT withness.get_blob($1, $2)`, [A, sha(blobA)])).toBe('42501');
    expect(await count(alice, `SELECT 1 FROM withness.changes WHERE inquiry_id = $1`, [A])).toBeGreaterThan(0);
  });
});
