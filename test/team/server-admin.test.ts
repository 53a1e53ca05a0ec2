import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, findRole, initServer, removeMember, scramVerifier } from '../../electron/team/server-admin.js';
import { checkSchemaVersion, clientConfig, connect, connectChecked, describeError, isTransient, parseServerUrl, redactUrl, ServerError } from '../../electron/team/server-connection.js';
import { SCHEMA_VERSION } from '../../electron/team/server-schema.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
let teamUrl: string;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  teamUrl = await server.createDatabase('team');
  admin = await connect({ url: teamUrl });
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

/** Everything init creates, with object ids: equal fingerprints mean nothing was dropped, recreated or changed. */
async function fingerprint(client: pg.ClientBase): Promise<unknown> {
  const { rows } = await client.query(`
    SELECT
      (SELECT string_agg(format('%s/%s/%s/%s/%s', c.oid, c.relname, c.relkind, c.relrowsecurity, c.relacl), ',' ORDER BY c.relname)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'withness') AS relations,
      (SELECT string_agg(format('%s/%s/%s', a.attrelid::regclass, a.attname, a.attacl), ',' ORDER BY a.attrelid, a.attnum)
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'withness' AND a.attnum > 0) AS columns,
      (SELECT string_agg(format('%s/%s/%s/%s', p.oid, p.polname, p.polcmd, pg_get_expr(coalesce(p.polqual, p.polwithcheck), p.polrelid)), ',' ORDER BY p.polname)
         FROM pg_policy p) AS policies,
      (SELECT string_agg(format('%s/%s/%s/%s/%s', p.oid, p.proname, md5(p.prosrc), p.prosecdef, p.proacl), ',' ORDER BY p.proname)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'withness') AS functions,
      (SELECT format('%s/%s', oid, nspacl) FROM pg_namespace WHERE nspname = 'withness') AS schema,
      (SELECT format('%s/%s', oid, rolcanlogin) FROM pg_roles WHERE rolname = 'withness_member') AS member_group,
      (SELECT string_agg(key || '=' || value, ',') FROM withness.meta) AS meta,
      (SELECT count(*) FROM withness.members) AS members
  `);
  return rows[0];
}

async function as(user: string, password: string): Promise<pg.Client> {
  return connect({ url: server.url('team', user, password) });
}

describe('withness server init', () => {
  it('refuses sync on a database without the schema', async () => {
    await expect(checkSchemaVersion(admin)).rejects.toMatchObject({ problem: 'schema_missing', message: expect.stringContaining('withness server init') });
    // A member's call to a function that is not there (no schema, or wrong argument types) says both.
    const missing = describeError(await admin.query(`SELECT withness.pull('x', 'c', '0', 0, 10)`).catch((e: unknown) => e));
    expect(missing).toMatchObject({ problem: 'schema_missing', message: expect.stringContaining('withness server init') });
  });

  it('creates the schema, and a second run changes nothing', async () => {
    expect(await initServer(admin)).toEqual({ created: true, version: SCHEMA_VERSION });
    const first = await fingerprint(admin);
    expect(first).toMatchObject({ meta: `schema_version=${SCHEMA_VERSION}`, member_group: expect.stringMatching(/\/f$/) });
    expect(String((first as { policies: string }).policies)).toContain('changes_add');
    expect(await initServer(admin)).toEqual({ created: false, version: SCHEMA_VERSION });
    expect(await fingerprint(admin)).toEqual(first);
    expect(await checkSchemaVersion(admin)).toBe(SCHEMA_VERSION);
    const wrongTypes = describeError(await admin.query(`SELECT withness.pull('x', 'c', 0, 0, 10)`).catch((e: unknown) => e));
    expect(wrongTypes).toMatchObject({ problem: 'schema_missing', sqlState: '42883', message: expect.stringContaining('function withness.pull(unknown, unknown, integer') });
  });

  it('a second init neither waits for nor stalls a member’s open push', async () => {
    await addMember(admin, { inquiry: 'inquiry-lock', member: 'lock_probe', password: 'lock probe password' });
    const member = await as('lock_probe', 'lock probe password');
    await member.query('BEGIN');
    await member.query(`SELECT withness.push('inquiry-lock', 'c', '[]')`);
    await member.query(`SELECT withness.put_blob('inquiry-lock', encode(sha256('\\x01'::bytea), 'hex'), '\\x01'::bytea)`);
    await member.query(`SELECT * FROM withness.pull('inquiry-lock', 'c', '0', 0, 10)`);
    await admin.query(`SET lock_timeout = '3s'`);
    try {
      expect(await initServer(admin)).toEqual({ created: false, version: SCHEMA_VERSION });
    } finally {
      await admin.query('RESET lock_timeout');
      await member.query('ROLLBACK');
      await member.end();
    }
  });

  it('refuses a server of a newer schema version, and sync refuses any other version, naming both', async () => {
    await admin.query(`UPDATE withness.meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`);
    try {
      const before = await fingerprint(admin);
      await expect(initServer(admin)).rejects.toMatchObject({ problem: 'schema_version', message: expect.stringContaining(`version ${SCHEMA_VERSION + 1}, newer than version ${SCHEMA_VERSION}`) });
      expect(await fingerprint(admin)).toEqual(before);
      await expect(connectChecked({ url: teamUrl })).rejects.toMatchObject({
        problem: 'schema_version',
        message: expect.stringMatching(new RegExp(`version ${SCHEMA_VERSION + 1}.*version ${SCHEMA_VERSION}`)),
      });
      await admin.query(`UPDATE withness.meta SET value = '0' WHERE key = 'schema_version'`);
      await expect(connectChecked({ url: teamUrl })).rejects.toMatchObject({ problem: 'schema_version', message: expect.stringContaining('withness server init') });
    } finally {
      await admin.query(`UPDATE withness.meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
    }
    const ok = await connectChecked({ url: teamUrl });
    await ok.end();
  });
});

describe('members', () => {
  it('creates a login role with a SCRAM verifier (not the password) and lets it in, also with Danish letters', async () => {
    const password = 'Søren-Æblegård-kodeord';
    const result = await addMember(admin, { inquiry: 'inquiry-a', member: 'soren', title: 'Cycle A', password });
    expect(result).toEqual({ roleCreated: true, inquiryCreated: true, added: true });
    const stored = await admin.query(`SELECT rolpassword FROM pg_authid WHERE rolname = 'soren'`);
    expect(stored.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(stored.rows[0].rolpassword).not.toContain(password);
    const member = await as('soren', password);
    const settings = await member.query(`SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout`);
    expect(settings.rows[0]).toEqual({ app: 'withness', timeout: '2min' });
    const mine = await member.query(`SELECT id, title FROM withness.inquiries`);
    expect(mine.rows).toEqual([{ id: 'inquiry-a', title: 'Cycle A' }]);
    await member.end();
    expect(await findRole(admin, 'soren')).toEqual({ name: 'soren', canLogin: true, inGroup: true });
  });

  it('verifier matches what PostgreSQL itself computes for the same salt', async () => {
    // PostgreSQL hashes a plain password given to ALTER ROLE; rebuild ours with its salt and compare.
    await admin.query(`CREATE ROLE verifier_probe LOGIN PASSWORD 'plain-Ærø-password'`);
    const stored = (await admin.query(`SELECT rolpassword FROM pg_authid WHERE rolname = 'verifier_probe'`)).rows[0].rolpassword as string;
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored)!;
    expect(scramVerifier('plain-Ærø-password', { salt: Buffer.from(salt!, 'base64'), iterations: Number(iterations) })).toBe(stored);
    await admin.query('DROP ROLE verifier_probe');
  });

  it('adds an existing role to another inquiry without touching its password; repeats change nothing', async () => {
    expect(await addMember(admin, { inquiry: 'inquiry-b', member: 'soren' })).toEqual({ roleCreated: false, inquiryCreated: true, added: true });
    expect(await addMember(admin, { inquiry: 'inquiry-b', member: 'soren' })).toEqual({ roleCreated: false, inquiryCreated: false, added: false });
    const member = await as('soren', 'Søren-Æblegård-kodeord');
    expect((await member.query(`SELECT id FROM withness.inquiries ORDER BY id`)).rows).toEqual([{ id: 'inquiry-a' }, { id: 'inquiry-b' }]);
    await member.end();
  });

  it('says clearly what is wrong', async () => {
    await expect(addMember(admin, { inquiry: 'inquiry-a', member: 'soren', password: 'another-password-1' })).rejects.toMatchObject({ problem: 'role_exists' });
    await expect(addMember(admin, { inquiry: 'inquiry-a', member: 'nobody-yet' })).rejects.toMatchObject({ problem: 'password_needed' });
    await expect(addMember(admin, { inquiry: 'inquiry-a', member: 'shorty', password: 'short' })).rejects.toMatchObject({ problem: 'bad_request' });
    await expect(addMember(admin, { inquiry: 'inquiry-a', member: 'pg_monitor' })).rejects.toMatchObject({ problem: 'bad_request' });
    await expect(addMember(admin, { inquiry: 'inquiry-a', member: 'x"; DROP TABLE y; --', password: 'long-enough-password' })).rejects.toMatchObject({ problem: 'bad_request' });
    await expect(removeMember(admin, { inquiry: 'inquiry-a', member: 'nobody-yet' })).rejects.toMatchObject({ problem: 'not_found', message: expect.stringContaining('not a member of inquiry inquiry-a') });
    await expect(removeMember(admin, { inquiry: 'no-such-inquiry', member: 'soren' })).rejects.toMatchObject({ problem: 'not_found', message: expect.stringContaining('There is no inquiry no-such-inquiry') });
    expect(await findRole(admin, 'nobody-yet')).toBeUndefined();
  });

  it('removing a member takes away that inquiry at once, even on an open connection', async () => {
    const member = await as('soren', 'Søren-Æblegård-kodeord');
    expect((await member.query(`SELECT count(*)::int AS n FROM withness.inquiries WHERE id = 'inquiry-b'`)).rows[0].n).toBe(1);
    expect(await removeMember(admin, { inquiry: 'inquiry-b', member: 'soren' })).toEqual({ otherInquiries: 1 });
    expect((await member.query(`SELECT count(*)::int AS n FROM withness.inquiries WHERE id = 'inquiry-b'`)).rows[0].n).toBe(0);
    const refused = await member.query(`SELECT withness.pull('inquiry-b', 'c', '0', 0, 10)`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: '42501' });
    expect(describeError(refused, { url: server.url('team', 'soren') })).toMatchObject({
      problem: 'forbidden',
      message: `The role soren is not a member of inquiry inquiry-b on the team server 127.0.0.1:${server.port}. The administrator adds it with "withness server add-member".`,
    });
    await member.end();
  });
});

describe('connection errors', () => {
  it('wrong password: SQLSTATE 28P01 becomes a clear message naming the role', async () => {
    const error = await connect({ url: server.url('team', 'soren', 'not-the-password') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ problem: 'wrong_password', sqlState: '28P01', code: 'forbidden' });
    expect((error as Error).message).toBe(`The team server 127.0.0.1:${server.port} refused the password for the role soren (wrong password, or no such role).`);
    // The password given wins over one in the URL.
    const ok = await connect({ url: server.url('team', 'soren', 'wrong'), password: 'Søren-Æblegård-kodeord' });
    await ok.end();
  });

  it('no password at all', async () => {
    const saved = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      await expect(connect({ url: server.url('team', 'soren') })).rejects.toMatchObject({ problem: 'password_needed' });
    } finally {
      if (saved !== undefined) process.env.PGPASSWORD = saved;
    }
  });

  it('unreachable server and missing database', async () => {
    const closed = server.url('team').replace(`:${server.port}/`, ':1/');
    await expect(connect({ url: closed })).rejects.toMatchObject({ problem: 'unreachable', message: expect.stringContaining('127.0.0.1:1 cannot be reached') });
    await expect(connect({ url: server.url('no_such_db') })).rejects.toMatchObject({ problem: 'no_database' });
  });

  it('TLS asked for but not offered', async () => {
    await expect(connect({ url: `${teamUrl}?sslmode=verify-full` })).rejects.toMatchObject({ problem: 'tls' });
  });

  it('reads URLs and keeps passwords out of what it shows', () => {
    expect(parseServerUrl('postgres://ann:s%40cret@db.example.org:6543/team?sslmode=verify-full')).toEqual({
      host: 'db.example.org',
      port: 6543,
      database: 'team',
      user: 'ann',
      password: 's@cret',
      sslmode: 'verify-full',
      encrypted: true,
    });
    expect(redactUrl('postgres://ann:s%40cret@db.example.org/team')).toBe('postgres://ann@db.example.org/team');
    expect(() => parseServerUrl('https://db.example.org/team')).toThrow(/postgres:\/\//);
    expect(() => parseServerUrl('postgres://db.example.org/team')).toThrow(/names no role/);
    expect(() => parseServerUrl('postgres://ann@db.example.org')).toThrow(/names no database/);
    expect(() => parseServerUrl('postgres://ann@db.example.org/team?sslmode=maybe')).toThrow(/sslmode=maybe/);
    const config = clientConfig({ url: 'postgres://ann@db.example.org/team?sslmode=require', ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' });
    expect(config.ssl).toMatchObject({ rejectUnauthorized: true, servername: 'db.example.org', ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(config).toMatchObject({ application_name: 'withness', statement_timeout: 120_000 });
  });
});

describe('server gone mid-session (runs last: it restarts the cluster)', () => {
  it('a query on a connection whose server stopped is "unreachable" (transient); after the restart a new connection works', async () => {
    const member = await as('soren', 'Søren-Æblegård-kodeord');
    await member.query('BEGIN');
    await member.query(`SELECT withness.push('inquiry-a', 'c1', '[]')`);
    await server.stopServer();
    const error = describeError(await member.query('SELECT 1').catch((e: unknown) => e), { url: teamUrl });
    expect(error).toMatchObject({ problem: 'unreachable' });
    expect(isTransient(error)).toBe(true);
    await expect(connect({ url: teamUrl })).rejects.toMatchObject({ problem: 'unreachable' });
    await member.end().catch(() => undefined);
    await server.startServer();
    admin = await connect({ url: teamUrl });
    const again = await connectChecked({ url: server.url('team', 'soren', 'Søren-Æblegård-kodeord') });
    expect((await again.query(`SELECT id FROM withness.inquiries`)).rows).toEqual([{ id: 'inquiry-a' }]);
    await again.end();
    expect(isTransient(new ServerError('wrong_password', 'x'))).toBe(false);
  }, 60_000);
});
