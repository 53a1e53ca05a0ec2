/**
 * Team sync rows (issue 12), `npm run bench -- --only sync`: a throwaway PostgreSQL cluster started here (the tests'
 * test/helpers/postgres.ts: initdb in a temp folder, 127.0.0.1, a free port, removed afterwards), then
 *  - first sync of the large generated inquiry: the owner's push of every row, and a newcomer's pull into an empty
 *    journal (rows per second each), and the same for the small one (~1% of the large);
 *  - an incremental sync: one note saved by one member until it is visible in another member's journal (the saver's
 *    sync, then the other's; p50/p95);
 *  - 20 simulated members, each a journal of its own synced by a process of its own, all at once: joining the small
 *    inquiry, then each saving five notes and syncing (total time, per-member p50/p95, rows on the server, peak RSS).
 * The machine is shared: every row carries the load average when it was measured. A small run without `--only sync`
 * (the bench's own test) leaves these rows out.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../../db/connection.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { joinInquiry, linkProject, syncProject } from '../../electron/team/engine.js';
import { startPostgres, type TestPostgres } from '../../test/helpers/postgres.js';
import { journalState } from '../../test/team/sync-check.js';
import { MEMBER_PASSWORD, prepareServer } from '../../test/team/sync-server.js';
import { ensureCorpus } from '../corpus.js';
import { formatNumber, percentile } from '../stats.js';
import { row, timeWithCpu, unavailableRow, type BenchRow } from '../verdict.js';
import type { RowContext, RowSource } from './source.js';

const CHILD = fileURLToPath(new URL('../../test/team/sync-child.ts', import.meta.url));
const MEMBERS = 20;
const EDITS_PER_MEMBER = 5;

function rowsOf(db: Db): number {
  return Object.values(journalState(db)).reduce((sum, rows) => sum + rows.length, 0);
}

function copyJournal(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
}

function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function serverFigures(adminUrl: string, inquiry: string): Promise<{ rows: number; mb: number }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM withness.changes WHERE inquiry_id = $1`, [inquiry]);
    const size = await client.query<{ bytes: string }>(`SELECT pg_total_relation_size('withness.changes') AS bytes`);
    return { rows: Number(count.rows[0]!.n), mb: Number(size.rows[0]!.bytes) / 2 ** 20 };
  } finally {
    await client.end();
  }
}

interface ChildOutcome {
  ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  result: { status: string; pushed: number; pulled: number };
}

function runChild(mode: 'sync' | 'join', file: string, inquiry: string, url: string, member: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, file, inquiry, url, member], {
      env: { ...process.env, WITHNESS_TEST_SYNC_PASSWORD: MEMBER_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${member}'s sync failed (exit ${code}): ${stderr.trim().split('\n').slice(0, 3).join(' ')}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildOutcome);
    });
  });
}

/** First sync of one corpus: the owner's push and a newcomer's pull, each as rows per second. */
async function firstSync(
  context: RowContext,
  server: TestPostgres,
  label: string,
  corpusFile: string,
  projectId: string,
  database: string,
): Promise<BenchRow[]> {
  const { memberUrl, adminUrl, address } = await prepareServer(server, database, projectId, ['owner', 'newcomer']);
  const ownerFile = context.scratchFile(`sync-${database}-owner.sqlite`);
  const newcomerFile = context.scratchFile(`sync-${database}-newcomer.sqlite`);
  copyJournal(corpusFile, ownerFile);
  const owner = openDatabase(ownerFile);
  const newcomer = openDatabase(newcomerFile);
  const rows: BenchRow[] = [];
  try {
    const total = rowsOf(owner);
    context.log(`Measuring: first sync of the ${label} inquiry (${formatNumber(total)} rows): push …`);
    const push = await timeWithCpu(async () => {
      await linkProject(owner, projectId, { url: address, member: 'owner' });
      return syncProject(owner, projectId, { server: { url: memberUrl('owner'), password: MEMBER_PASSWORD } });
    });
    const onServer = await serverFigures(adminUrl, projectId);
    rows.push(
      row(
        {
          key: 'sync',
          group: 'sync',
          name: `Team sync: first push of the ${label} inquiry (link + sync, ${formatNumber(total)} rows)`,
          unit: 'rows/s',
          note:
            `${formatNumber(push.value.pushed)} changes in ${(push.wall / 1000).toFixed(1)} s (CPU of this process ${(push.cpu / 1000).toFixed(1)} s; ` +
            `the server's work is not in it); server: ${formatNumber(onServer.rows)} feed rows, withness.changes ${onServer.mb.toFixed(0)} MB; peak RSS so far ${rssMb()} MB`,
          peak_rss_mb: rssMb(),
        },
        { wall: [total / (push.wall / 1000)], cpu: [push.cpu] },
      ),
    );
    context.log(`Measuring: first sync of the ${label} inquiry: a newcomer's pull …`);
    const pull = await timeWithCpu(() =>
      joinInquiry(newcomer, projectId, { url: address, member: 'newcomer' }, { server: { url: memberUrl('newcomer'), password: MEMBER_PASSWORD } }),
    );
    const pulledRows = rowsOf(newcomer);
    rows.push(
      row(
        {
          key: 'sync',
          group: 'sync',
          name: `Team sync: first pull of the ${label} inquiry into an empty journal (join, ${formatNumber(pulledRows)} rows)`,
          unit: 'rows/s',
          note:
            `${formatNumber(pull.value.pulled)} changes in ${(pull.wall / 1000).toFixed(1)} s (CPU of this process ${(pull.cpu / 1000).toFixed(1)} s), ` +
            `search index filled; ${pulledRows === total ? 'the newcomer holds every row' : `MISMATCH: ${formatNumber(pulledRows)} of ${formatNumber(total)} rows`}; peak RSS so far ${rssMb()} MB`,
          peak_rss_mb: rssMb(),
        },
        { wall: [pulledRows / (pull.wall / 1000)], cpu: [pull.cpu] },
      ),
    );
  } finally {
    owner.close();
    newcomer.close();
  }
  return rows;
}

/** One note saved by one member until another member's journal shows it: the saver's sync, then the reader's. */
async function incremental(context: RowContext, server: TestPostgres, corpusFile: string, projectId: string): Promise<BenchRow> {
  const { memberUrl, address } = await prepareServer(server, 'bench_incremental', projectId, ['writer', 'reader']);
  const writerFile = context.scratchFile('sync-incremental-writer.sqlite');
  copyJournal(corpusFile, writerFile);
  const writer = openDatabase(writerFile);
  const reader = openDatabase(context.scratchFile('sync-incremental-reader.sqlite'));
  const writerOptions = { server: { url: memberUrl('writer'), password: MEMBER_PASSWORD } };
  const readerOptions = { server: { url: memberUrl('reader'), password: MEMBER_PASSWORD } };
  try {
    await linkProject(writer, projectId, { url: address, member: 'writer' });
    await syncProject(writer, projectId, writerOptions);
    await joinInquiry(reader, projectId, { url: address, member: 'reader' }, readerOptions);
    const notes = writer.prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 200`).pluck().all(projectId) as string[];
    const iterations = context.runs({ small: 10, large: 30 });
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = -1; i < iterations; i += 1) {
      const id = notes[(Math.max(i, 0) * 37 + (i < 0 ? 5 : 0)) % notes.length]!;
      const current = writer.prepare(`SELECT revision, body FROM field_notes WHERE id = ?`).get(id) as { revision: number; body: string };
      const body = `${current.body}\n\nTilføjet efter mødet (${i}): vi ringer til biblioteket.`;
      const timed = await timeWithCpu(async () => {
        const saved = await dispatch(writer, 'notes:update', { id, expected_revision: current.revision, body });
        if (!saved.ok) throw new Error(saved.error.message);
        await syncProject(writer, projectId, writerOptions);
        await syncProject(reader, projectId, readerOptions);
      });
      const seen = reader.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(id);
      if (seen !== body) throw new Error('The saved note did not reach the other member in one sync each.');
      if (i >= 0) {
        wall.push(timed.wall);
        cpu.push(timed.cpu);
      }
    }
    return row(
      {
        key: 'sync',
        group: 'sync',
        name: 'Team sync: one saved note until it is visible to another member (save, sync, other member syncs)',
        note: `small inquiry on both journals; sync called directly (the app's scheduler adds its delay after a save)`,
        peak_rss_mb: rssMb(),
      },
      { wall, cpu },
    );
  } finally {
    writer.close();
    reader.close();
  }
}

/** 20 members, each a journal and a process of its own, syncing one inquiry at once. */
async function manyMembers(context: RowContext, server: TestPostgres, corpusFile: string, projectId: string): Promise<BenchRow[]> {
  const names = Array.from({ length: MEMBERS }, (_, i) => `member${String(i + 1).padStart(2, '0')}`);
  const { memberUrl, adminUrl, address } = await prepareServer(server, 'bench_members', projectId, ['owner', ...names]);
  const ownerFile = context.scratchFile('sync-members-owner.sqlite');
  copyJournal(corpusFile, ownerFile);
  const owner = openDatabase(ownerFile);
  const dir = mkdtempSync(join(tmpdir(), 'withness-bench-members-'));
  const rows: BenchRow[] = [];
  try {
    await linkProject(owner, projectId, { url: address, member: 'owner' });
    await syncProject(owner, projectId, { server: { url: memberUrl('owner'), password: MEMBER_PASSWORD } });
    const files = names.map((name) => join(dir, `${name}.sqlite`));
    for (const file of files) openDatabase(file).close();

    context.log(`Measuring: ${MEMBERS} members joining at once …`);
    let start = process.hrtime.bigint();
    const joins = await Promise.all(names.map((name, i) => runChild('join', files[i]!, projectId, memberUrl(name), name)));
    const joinTotal = Number(process.hrtime.bigint() - start) / 1e6;
    const afterJoin = await serverFigures(adminUrl, projectId);
    rows.push(
      row(
        {
          key: 'sync',
          group: 'sync',
          name: `Team sync: ${MEMBERS} members join the small inquiry at once (per member, a process each)`,
          note:
            `all ${MEMBERS} done in ${(joinTotal / 1000).toFixed(1)} s (process start-up included; per-member figures are inside each process); ` +
            `${formatNumber(joins[0]!.result.pulled)} changes each; server ${formatNumber(afterJoin.rows)} feed rows; ` +
            `peak RSS per member process ${Math.min(...joins.map((j) => j.peak_rss_mb))}–${Math.max(...joins.map((j) => j.peak_rss_mb))} MB`,
          peak_rss_mb: Math.max(...joins.map((j) => j.peak_rss_mb)),
        },
        { wall: joins.map((j) => j.ms), cpu: joins.map((j) => j.cpu_ms) },
      ),
    );

    // Each member saves a few notes (different ones), then all sync at once; a second round brings everyone's to all.
    for (const [i, file] of files.entries()) {
      const db = openDatabase(file);
      try {
        const ids = db.prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL ORDER BY id`).pluck().all(projectId) as string[];
        for (let k = 0; k < EDITS_PER_MEMBER; k += 1) {
          const id = ids[(i * EDITS_PER_MEMBER + k) * 7 % ids.length]!;
          const current = db.prepare(`SELECT revision, body FROM field_notes WHERE id = ?`).get(id) as { revision: number; body: string };
          const saved = await dispatch(db, 'notes:update', { id, expected_revision: current.revision, body: `${current.body}\n\n${names[i]} (${k}).` });
          if (!saved.ok) throw new Error(saved.error.message);
        }
      } finally {
        db.close();
      }
    }
    context.log(`Measuring: ${MEMBERS} members syncing their edits at once …`);
    start = process.hrtime.bigint();
    const first = await Promise.all(names.map((name, i) => runChild('sync', files[i]!, projectId, memberUrl(name), name)));
    const firstTotal = Number(process.hrtime.bigint() - start) / 1e6;
    const second = await Promise.all(names.map((name, i) => runChild('sync', files[i]!, projectId, memberUrl(name), name)));
    const afterEdits = await serverFigures(adminUrl, projectId);
    const states = files.map((file) => {
      const db = openDatabase(file);
      try {
        return JSON.stringify(journalState(db));
      } finally {
        db.close();
      }
    });
    const equal = states.every((state) => state === states[0]);
    rows.push(
      row(
        {
          key: 'sync',
          group: 'sync',
          name: `Team sync: ${MEMBERS} members each push ${EDITS_PER_MEMBER} saved notes and pull the others' at once`,
          note:
            `round 1 all done in ${(firstTotal / 1000).toFixed(1)} s; round 2 (everyone's edits to everyone) p50 ${percentile(second.map((s) => s.ms), 50).toFixed(0)} ms, ` +
            `pulled ${Math.min(...second.map((s) => s.result.pulled))}–${Math.max(...second.map((s) => s.result.pulled))} changes each; ` +
            `server ${formatNumber(afterEdits.rows)} feed rows; ${equal ? `all ${MEMBERS} journals equal afterwards` : 'MISMATCH: the journals differ afterwards'}`,
          peak_rss_mb: Math.max(...first.map((j) => j.peak_rss_mb), ...second.map((j) => j.peak_rss_mb)),
        },
        { wall: first.map((j) => j.ms), cpu: first.map((j) => j.cpu_ms) },
      ),
    );
  } finally {
    owner.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export const syncRows: RowSource = {
  keys: ['sync'],
  async rows(context) {
    // A cluster and 20 member processes are minutes of work on a busy machine: the quick small run (the bench's own
    // test) leaves them out unless asked for by name.
    if (context.options.scale === 'small' && !context.options.only?.includes('sync')) {
      context.log('Team sync rows left out of a small run without --only sync.');
      return [];
    }
    let server: TestPostgres;
    try {
      context.log('Starting a throwaway PostgreSQL cluster for the sync rows …');
      server = await startPostgres();
    } catch (error) {
      return [unavailableRow({ key: 'sync', group: 'sync', name: 'Team sync', unit: 'rows/s' }, `not available: no PostgreSQL to start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); Debian: apt-get install postgresql`)];
    }
    const rows: BenchRow[] = [];
    const attempt = async (name: string, work: () => Promise<BenchRow | BenchRow[]>) => {
      try {
        const produced = await work();
        rows.push(...(Array.isArray(produced) ? produced : [produced]));
      } catch (error) {
        rows.push(unavailableRow({ key: 'sync', group: 'sync', name }, `failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    };
    try {
      const small = ensureCorpus({ dir: context.options.dir, scale: 'small', seed: context.options.seed, log: context.log });
      const smallId = small.stamp.project_id;
      await attempt('Team sync: first sync of the small inquiry', () => firstSync(context, server, 'small (~1%)', small.file, smallId, 'bench_first_small'));
      if (context.options.scale === 'large') {
        await attempt('Team sync: first sync of the large inquiry', () =>
          firstSync(context, server, 'large', context.corpus.file, context.projectId, 'bench_first_large'),
        );
      }
      await attempt('Team sync: one saved note until visible to another member', () => incremental(context, server, small.file, smallId));
      await attempt(`Team sync: ${MEMBERS} members at once`, () => manyMembers(context, server, small.file, smallId));
    } finally {
      await server.stop();
    }
    return rows;
  },
};
