/**
 * Team sync under faults (issue 12): a sync killed with SIGKILL mid-push and mid-pull (the sync runs in a child
 * process, test/team/sync-child.ts, killed when the server's feed or the pulling journal shows the transfer half
 * done — polled state, never a timer), the server stopped mid-push and mid-pull, a wrong password, and a server of
 * another schema version. Each time: a clear message, the journal intact, nothing lost, and the next sync ends with
 * both sides equal and no version stored twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { generateInquiry } from '../../db/generate/generate.js';
import { openSqlite } from '../../db/sqlite.js';
import { joinInquiry, linkProject, syncProject, teamStatus } from '../../electron/team/engine.js';
import { ServerError } from '../../electron/team/server-connection.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { rowCounts, tempDir } from '../helpers/temp.js';
import { feedRows, feedState, integrity, journalState, stateDifference } from './sync-check.js';
import { MEMBER_PASSWORD, prepareServer } from './sync-server.js';

const CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));
/** Small pages, so that a transfer of the small generated inquiry (~5,000 rows) takes many round trips. */
const PAGE = 50;

let server: TestPostgres;
let databases = 0;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.stop();
});

interface Setup {
  dir: string;
  projectId: string;
  adminUrl: string;
  memberUrl: (name: string) => string;
  /** The server address a link keeps (no user). */
  address: string;
  /** alice's journal: the generated inquiry, linked, not yet synced. */
  alice: Db;
  aliceFile: string;
  rows: number;
}

/** A new database with the schema, alice and bob as members, and alice's journal holding the small generated inquiry. */
async function setup(): Promise<Setup> {
  databases += 1;
  const dir = tempDir('withness-sync-faults-');
  const aliceFile = join(dir, 'alice.sqlite');
  const alice = openDatabase(aliceFile);
  const generated = generateInquiry(alice, { scale: 'small', seed: 3, threads: false });
  const projectId = generated.project_id;
  const { adminUrl, memberUrl, address } = await prepareServer(server, `faults_${databases}`, projectId, ['alice', 'bob']);
  await linkProject(alice, projectId, { url: address, member: 'alice' });
  const rows = Object.values(journalState(alice)).reduce((sum, table) => sum + table.length, 0);
  return { dir, projectId, adminUrl, memberUrl, address, alice, aliceFile, rows };
}

function options(url: string, password = MEMBER_PASSWORD) {
  return { server: { url, password }, allowMassTrash: true };
}

async function adminQuery<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function feedCount(s: Setup): Promise<number> {
  const [row] = await adminQuery<{ n: string }>(s.adminUrl, `SELECT count(*) AS n FROM withness.changes WHERE inquiry_id = $1`, [s.projectId]);
  return Number(row!.n);
}

/** Server and journal hold the same rows; every row has exactly one version in the feed (nothing sent twice as new). */
async function expectEqual(s: Setup, db: Db, who: string): Promise<void> {
  const feed = await feedRows(s.adminUrl, s.projectId);
  const { state, conflicts } = feedState(feed);
  expect(stateDifference(state, journalState(db)), `${who} against the server`).toEqual({});
  expect(conflicts, 'conflicts on the server').toEqual([]);
  const keys = new Set(feed.map((row) => `${row.table_name}/${row.row_key}`));
  expect(feed.length, 'versions in the feed per row').toBe(keys.size);
  expect(integrity(db)).toBe('ok');
}

interface Child {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startChild(mode: 'sync' | 'join', file: string, s: Setup, member: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, file, s.projectId, s.memberUrl(member), member, String(PAGE)], {
    env: { ...process.env, WITHNESS_TEST_SYNC_PASSWORD: MEMBER_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, exited };
}

/**
 * Polls `probe` until it says the transfer is under way, then kills the child with SIGKILL. Fails when the child
 * ended first (the kill would then prove nothing).
 */
async function killWhen(child: Child, probe: () => Promise<boolean>): Promise<void> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  for (;;) {
    if (ended) {
      const outcome = await child.exited;
      throw new Error(`The sync ended before it could be killed mid-way (exit ${outcome.code}): ${outcome.stderr || outcome.stdout}`);
    }
    if (await probe()) break;
  }
  child.process.kill('SIGKILL');
  const outcome = await child.exited;
  expect(outcome.signal).toBe('SIGKILL');
}

/** Rows of the synced tables in a journal another process is writing (read-only, WAL). */
function countIn(file: string, table: string): number {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(table);
    return exists ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
  } catch {
    return 0; // the child may be creating the file
  } finally {
    db.close();
  }
}

describe('team sync under faults', () => {
  it(
    'a push killed with SIGKILL half-way resumes: both sides equal, each version stored once',
    async () => {
      const s = await setup();
      s.alice.close();
      const child = startChild('sync', s.aliceFile, s, 'alice');
      let seen = 0;
      await killWhen(child, async () => {
        seen = await feedCount(s);
        return seen > 0;
      });
      const atKill = await feedCount(s);
      expect(atKill, 'the kill came after some pages and before the last').toBeGreaterThan(0);
      expect(atKill).toBeLessThan(s.rows);

      const alice = openDatabase(s.aliceFile);
      try {
        expect(integrity(alice)).toBe('ok');
        expect(teamStatus(alice, s.projectId).pending, 'what did not reach the server is still pending').toBeGreaterThan(0);
        const result = await syncProject(alice, s.projectId, options(s.memberUrl('alice')));
        expect(result.status).toBe('ok');
        expect(await feedCount(s)).toBe(s.rows);
        expect(teamStatus(alice, s.projectId).pending).toBe(0);
        await expectEqual(s, alice, 'alice');
      } finally {
        alice.close();
      }
    },
    240_000,
  );

  it(
    'a pull killed with SIGKILL half-way resumes: the newcomer ends equal to the server, nothing twice',
    async () => {
      const s = await setup();
      await syncProject(s.alice, s.projectId, options(s.memberUrl('alice')));
      const bobFile = join(s.dir, 'bob.sqlite');
      openDatabase(bobFile).close();
      const notes = s.alice.prepare(`SELECT count(*) FROM field_notes`).pluck().get() as number;
      const child = startChild('join', bobFile, s, 'bob');
      await killWhen(child, async () => {
        const pulled = countIn(bobFile, 'field_notes');
        return pulled > 0 && pulled < notes;
      });
      const bob = openDatabase(bobFile);
      try {
        expect(integrity(bob)).toBe('ok');
        const half = countIn(bobFile, 'field_notes');
        expect(half).toBeLessThan(notes);
        // The member runs the same thing again: join (the journal may or may not have the link yet).
        const again = teamStatus(bob, s.projectId).linked
          ? await syncProject(bob, s.projectId, options(s.memberUrl('bob')))
          : await joinInquiry(bob, s.projectId, { url: s.address, member: 'bob' }, options(s.memberUrl('bob')));
        expect(again.status).toBe('ok');
        await expectEqual(s, bob, 'bob');
        expect(stateDifference(journalState(s.alice), journalState(bob))).toEqual({});
      } finally {
        bob.close();
        s.alice.close();
      }
    },
    240_000,
  );

  it(
    'the server stopped mid-push: a clear error, the journal unchanged and intact; after the restart the sync ends equal',
    async () => {
      const s = await setup();
      const before = journalState(s.alice);
      const syncing = syncProject(s.alice, s.projectId, { ...options(s.memberUrl('alice')), pageSize: PAGE });
      const outcome = syncing.then(
        () => undefined,
        (error: unknown) => error,
      );
      let settled = false;
      void outcome.then(() => (settled = true));
      for (;;) {
        if (settled) throw new Error('The push ended before the server could be stopped mid-way.');
        if ((await feedCount(s)) > 0) break;
      }
      await server.stopServer();
      try {
        const error = await outcome;
        expect(error, 'the sync fails').toBeInstanceOf(ServerError);
        expect((error as ServerError).problem, (error as Error).message).toBe('unreachable');
        expect(integrity(s.alice)).toBe('ok');
        expect(stateDifference(before, journalState(s.alice))).toEqual({});
        // Every row is on the server or still waiting here (a page the server took just before it stopped may be both).
        const onServer = await (async () => {
          await server.startServer();
          return feedCount(s);
        })();
        expect(teamStatus(s.alice, s.projectId).pending + onServer).toBeGreaterThanOrEqual(s.rows);
      } finally {
        await server.startServer();
      }
      const result = await syncProject(s.alice, s.projectId, options(s.memberUrl('alice')));
      expect(result.status).toBe('ok');
      await expectEqual(s, s.alice, 'alice');
      s.alice.close();
    },
    240_000,
  );

  it(
    'the server stopped mid-pull: a clear error, what was applied is intact; after the restart the pull ends equal',
    async () => {
      const s = await setup();
      await syncProject(s.alice, s.projectId, options(s.memberUrl('alice')));
      const bob = openDatabase(join(s.dir, 'bob.sqlite'));
      const notes = s.alice.prepare(`SELECT count(*) FROM field_notes`).pluck().get() as number;
      const joining = joinInquiry(bob, s.projectId, { url: s.address, member: 'bob' }, { ...options(s.memberUrl('bob')), pageSize: PAGE });
      const outcome = joining.then(
        () => undefined,
        (error: unknown) => error,
      );
      let settled = false;
      void outcome.then(() => (settled = true));
      // The pages are applied in this process between awaits, so this loop sees each one land.
      for (;;) {
        if (settled) throw new Error('The pull ended before the server could be stopped mid-way.');
        const pulled = bob.prepare(`SELECT count(*) FROM field_notes`).pluck().get() as number;
        if (pulled > 0 && pulled < notes) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await server.stopServer();
      try {
        const error = await outcome;
        expect(error, 'the pull fails').toBeInstanceOf(ServerError);
        expect((error as ServerError).problem, (error as Error).message).toBe('unreachable');
        expect(integrity(bob)).toBe('ok');
      } finally {
        await server.startServer();
      }
      const again = teamStatus(bob, s.projectId).linked
        ? await syncProject(bob, s.projectId, options(s.memberUrl('bob')))
        : await joinInquiry(bob, s.projectId, { url: s.address, member: 'bob' }, options(s.memberUrl('bob')));
      expect(again.status).toBe('ok');
      await expectEqual(s, bob, 'bob');
      bob.close();
      s.alice.close();
    },
    240_000,
  );

  it('a wrong password: a clear message, nothing written to the journal', async () => {
    const s = await setup();
    const before = rowCounts(s.alice);
    const beforeState = journalState(s.alice);
    await expect(syncProject(s.alice, s.projectId, options(s.memberUrl('alice'), 'not the password'))).rejects.toThrow(/refused the password for the role (alice|bob)/);
    expect(journalState(s.alice)).toEqual(beforeState);
    // Only the link's own bookkeeping (last error) may change; no row anywhere else.
    expect(rowCounts(s.alice)).toEqual(before);
    expect(await feedCount(s)).toBe(0);

    const bob = openDatabase(join(s.dir, 'bob.sqlite'));
    const empty = rowCounts(bob);
    await expect(
      joinInquiry(bob, s.projectId, { url: s.address, member: 'bob' }, options(s.memberUrl('bob'), 'not the password')),
    ).rejects.toThrow(/refused the password for the role (alice|bob)/);
    expect(rowCounts(bob)).toEqual(empty);
    bob.close();
    s.alice.close();
  }, 120_000);

  it.each([
    ['a newer', '99', /schema version 99, newer than version 1 that this Withness knows/],
    ['an older', '0', /schema version 0; this Withness needs version 1\b/],
  ])('a server of %s schema version (%s): a message naming both versions, nothing written', async (_, version, message) => {
    const s = await setup();
    await adminQuery(s.adminUrl, `UPDATE withness.meta SET value = $1 WHERE key = 'schema_version'`, [version]);
    const before = rowCounts(s.alice);
    const beforeState = journalState(s.alice);
    await expect(syncProject(s.alice, s.projectId, options(s.memberUrl('alice')))).rejects.toThrow(message);
    expect(journalState(s.alice)).toEqual(beforeState);
    expect(rowCounts(s.alice)).toEqual(before);
    expect(await feedCount(s)).toBe(0);

    const bob = openDatabase(join(s.dir, 'bob.sqlite'));
    const empty = rowCounts(bob);
    await expect(joinInquiry(bob, s.projectId, { url: s.address, member: 'bob' }, options(s.memberUrl('bob')))).rejects.toThrow(message);
    expect(rowCounts(bob)).toEqual(empty);
    bob.close();
    s.alice.close();
  }, 120_000);
});
