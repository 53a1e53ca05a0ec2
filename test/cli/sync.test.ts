import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createNote, trashNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { answerPromptsWith, runCli } from '../../electron/cli/run.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

/** A folder for the whole file (tempDir's go after each test, and these journals live across tests). */
const keptDirs: string[] = [];
function keptDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  keptDirs.push(dir);
  return dir;
}

/** `withness sync` against a real throwaway PostgreSQL: link, join, password sources, progress on stderr, clear errors. */

const PASSWORD = 'cli member password';
let postgres: TestPostgres;
let address: string;
let folder: string;
let annFile: string;
let projectId: string;
let passwordFile: string;

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  postgres = await startPostgres();
  const adminUrl = await postgres.createDatabase('team');
  address = `postgres://${postgres.host}:${postgres.port}/team`;
  folder = keptDir('withness-cli-sync-');
  annFile = join(folder, 'ann.sqlite');
  const db = openDatabase(annFile);
  projectId = createProject(db, { title: 'Nordby' }).id;
  for (let i = 0; i < 6; i++) createNote(db, { project_id: projectId, body: `Note number ${i}` });
  db.close();
  passwordFile = join(folder, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await initServer(admin);
    await addMember(admin, { inquiry: projectId, member: 'ann', password: PASSWORD });
    await addMember(admin, { inquiry: projectId, member: 'bo', password: PASSWORD });
  } finally {
    await admin.end();
  }
}, 120_000);

afterAll(async () => {
  for (const dir of keptDirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

afterEach(() => {
  answerPromptsWith(undefined);
  delete process.env.WITHNESS_SYNC_PASSWORD;
});

describe('withness sync', () => {
  it('says clearly when nothing is linked, and when the password is wrong', async () => {
    const nothing = await run('sync', '--db', annFile, '--server', `postgres://ann@${postgres.host}:${postgres.port}/team`, '--password-file', passwordFile);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/No inquiry of this journal is linked/);
    const wrongFile = join(folder, 'wrong.txt');
    writeFileSync(wrongFile, 'not it at all');
    const wrong = await run('sync', '--db', annFile, '--server', address, '--member', 'ann', '--project', projectId, '--password-file', wrongFile);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the password/);
    const withPassword = await run('sync', '--db', annFile, '--server', `postgres://ann:secret@${postgres.host}/team`, '--project', projectId);
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toMatch(/leave the password out/);
  });

  it('links an inquiry with --project, showing progress on stderr and the result on stdout', async () => {
    const result = await run('sync', '--db', annFile, '--server', address, '--member', 'ann', '--project', projectId, '--password-file', passwordFile);
    expect(result.stderr).toMatch(/Syncing inquiry .* as ann/);
    expect(result.stderr).toMatch(/Sending changes/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Inquiry ${projectId}: \\d+ sent, \\d+ read from the server, no conflicts\\.`));
    expect(Number(/: (\d+) sent/.exec(result.stdout)![1])).toBeGreaterThan(4);
    // Linked now: later syncs need only --db and --server (the member in the address), the password from the environment.
    process.env.WITHNESS_SYNC_PASSWORD = PASSWORD;
    const again = await run('sync', '--db', annFile, '--server', `postgres://ann@${postgres.host}:${postgres.port}/team`, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)[projectId]).toMatchObject({ status: 'ok', pushed: 0 });
  });

  it('joins with --inquiry into a new journal, asking for the password on the terminal', async () => {
    const boFile = join(folder, 'bo.sqlite');
    const questions: string[] = [];
    answerPromptsWith(async (question) => {
      questions.push(question);
      return PASSWORD;
    });
    const result = await run('sync', '--db', boFile, '--server', address, '--member', 'bo', '--inquiry', projectId);
    expect(result.code, result.stderr).toBe(0);
    expect(questions).toEqual([expect.stringMatching(/^Password of bo on /)]);
    const db = openDatabase(boFile);
    try {
      expect((db.prepare('SELECT count(*) AS n FROM field_notes WHERE project_id = ?').get(projectId) as { n: number }).n).toBe(6);
    } finally {
      db.close();
    }
  });

  it('stops before moving most of an inquiry to the trash, and goes ahead with --yes', async () => {
    const db = openDatabase(annFile);
    for (const { id } of db.prepare('SELECT id FROM field_notes WHERE project_id = ?').all(projectId) as { id: string }[]) trashNote(db, id);
    db.close();
    process.env.WITHNESS_SYNC_PASSWORD = PASSWORD;
    expect((await run('sync', '--db', annFile, '--server', address, '--member', 'ann')).code).toBe(0);
    const boFile = join(folder, 'bo.sqlite');
    const refused = await run('sync', '--db', boFile, '--server', address, '--member', 'bo');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/would move \d+ of its \d+ live records to the trash.*--yes/s);
    const live = () => {
      const bo = openDatabase(boFile);
      try {
        return (bo.prepare('SELECT count(*) AS n FROM field_notes WHERE project_id = ? AND deleted_at IS NULL').get(projectId) as { n: number }).n;
      } finally {
        bo.close();
      }
    };
    expect(live()).toBe(6);
    const allowed = await run('sync', '--db', boFile, '--server', address, '--member', 'bo', '--yes');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(live()).toBe(0);
  });

  it('opens an encrypted journal with --key-file, as every --db command does', async () => {
    const boFile = join(folder, 'bo.sqlite');
    const keyFile = join(folder, 'passphrase.txt');
    writeFileSync(keyFile, 'a passphrase for the journal\n');
    const encrypted = await run('encrypt', '--db', boFile, '--key-file', keyFile, '--yes');
    expect(encrypted.code, encrypted.stderr).toBe(0);
    process.env.WITHNESS_SYNC_PASSWORD = PASSWORD;
    const locked = await run('sync', '--db', boFile, '--server', address, '--member', 'bo');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/encrypted/);
    const result = await run('sync', '--db', boFile, '--server', address, '--member', 'bo', '--key-file', keyFile);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Inquiry .*: 0 sent/);
  });
});
