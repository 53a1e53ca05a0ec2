import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerPromptsWith, runCli } from '../../electron/cli/run.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

let server: TestPostgres;
let adminUrl: string;
/** The admin URL without its password: the CLI must find the password elsewhere (PGPASSWORD, prompt). */
let bareUrl: string;

beforeAll(async () => {
  server = await startPostgres();
  adminUrl = await server.createDatabase('team');
  bareUrl = server.url('team', server.adminUser);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  answerPromptsWith(undefined);
  delete process.env.PGPASSWORD;
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function passwordFile(password: string): string {
  const file = join(tempDir(), 'password.txt');
  writeFileSync(file, `${password}\n`);
  return file;
}

describe('withness server', () => {
  it('init with the password in the URL, then again (nothing changed)', async () => {
    const first = await cli('server', 'init', '--server', adminUrl);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Set up the Withness team server');
    expect(await query(adminUrl, `SELECT value FROM withness.meta`)).toEqual([{ value: '1' }]);
    const again = await cli('server', 'init', '--server', adminUrl);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already set up');
  });

  it('takes the admin password from PGPASSWORD, or asks for it', async () => {
    process.env.PGPASSWORD = server.adminPassword;
    expect((await cli('server', 'init', '--server', bareUrl)).code).toBe(0);
    delete process.env.PGPASSWORD;
    const asked: string[] = [];
    answerPromptsWith(async (question) => (asked.push(question), server.adminPassword));
    expect((await cli('server', 'init', '--server', bareUrl)).code).toBe(0);
    expect(asked).toEqual([`Password for postgres on 127.0.0.1:${server.port}: `]);
  });

  it('a wrong admin password and an unreachable server get clear messages, without the password', async () => {
    answerPromptsWith(async () => 'wrong admin password');
    const wrong = await cli('server', 'init', '--server', bareUrl);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`withness server: The team server 127.0.0.1:${server.port} refused the password for the role postgres (wrong password, or no such role).\n`);
    answerPromptsWith(undefined);
    const away = await cli('server', 'init', '--server', server.url('team', 'postgres', 'secret-in-url').replace(`:${server.port}/`, ':1/'));
    expect(away.code).toBe(1);
    expect(away.stderr).toContain('cannot be reached');
    expect(away.stderr).toContain('postgres://postgres@127.0.0.1:1/team');
    expect(away.stderr).not.toContain('secret-in-url');
  });

  it('add-member creates the role from a password file, the inquiry with its title, and the membership', async () => {
    const file = passwordFile('ann has a long password');
    const added = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'ann', '--title', 'Cycle one', '--password-file', file);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe('Created the login role ann.\nCreated the inquiry inq-1.\nann is now a member of inquiry inq-1.\n');
    expect(added.stdout).not.toContain('long password');
    expect(await query(adminUrl, `SELECT id, title FROM withness.inquiries`)).toEqual([{ id: 'inq-1', title: 'Cycle one' }]);
    // The member logs in with that password and sees the inquiry.
    expect(await query(server.url('team', 'ann', 'ann has a long password'), `SELECT member FROM withness.members`)).toEqual([{ member: 'ann' }]);
  });

  it('add-member asks twice for a new role\'s password, refuses two different ones, and refuses a password for an existing role', async () => {
    const answers = ['bo has a long password', 'bo has a long passwort'];
    answerPromptsWith(async () => answers.shift()!);
    const differ = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo');
    expect(differ.code).toBe(1);
    expect(differ.stderr).toContain('The two passwords differ; nothing was changed.');
    expect(await query(adminUrl, `SELECT 1 FROM pg_roles WHERE rolname = 'bo'`)).toEqual([]);

    const asked: string[] = [];
    answerPromptsWith(async (question) => (asked.push(question), 'bo has a long password'));
    expect((await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo')).code).toBe(0);
    expect(asked).toEqual(['New password for bo: ', 'The same password again: ']);

    const exists = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo', '--password-file', passwordFile('another long password'));
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('The role bo already exists, so its password was not changed');
    // The old password still works.
    expect(await query(server.url('team', 'bo', 'bo has a long password'), `SELECT 1 AS ok`)).toEqual([{ ok: 1 }]);

    const again = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo');
    expect(again.stdout).toBe('bo was already a member of inquiry inq-1; nothing was changed.\n');
  });

  it('remove-member takes the inquiry away; unknown members and inquiries are reported', async () => {
    const removed = await cli('server', 'remove-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('bo is no longer a member of inquiry inq-1.');
    expect(removed.stdout).toContain('DROP ROLE bo');
    expect(await query(server.url('team', 'bo', 'bo has a long password'), `SELECT id FROM withness.inquiries`)).toEqual([]);

    const notMember = await cli('server', 'remove-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'bo');
    expect(notMember).toMatchObject({ code: 1, stderr: 'withness server: bo is not a member of inquiry inq-1; nothing was changed.\n' });
    const noInquiry = await cli('server', 'remove-member', '--server', adminUrl, '--inquiry', 'inq-9', '--member', 'ann');
    expect(noInquiry.stderr).toContain('There is no inquiry inq-9 on the server');
  });

  it('usage errors', async () => {
    expect((await cli('server', 'start', '--server', adminUrl)).code).toBe(2);
    const missing = await cli('server', 'add-member', '--server', adminUrl, '--member', 'ann');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('needs --inquiry ID');
    expect((await cli('server', 'init')).code).toBe(2);
    const noTerminal = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'cleo');
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toContain('give --password-file FILE');
    const short = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'cleo', '--password-file', passwordFile('short'));
    expect(short.stderr).toContain('at least 12 characters');
    const badName = await cli('server', 'add-member', '--server', adminUrl, '--inquiry', 'inq-1', '--member', 'Robert"); DROP', '--password-file', passwordFile('long enough password'));
    expect(badName.stderr).toContain('cannot be a member\'s role name');
  });
});
