import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { call, callOrThrow, dispatch } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { allJobsFinished, setJobPauseHook, type JobStatus } from '../../electron/jobs/jobs.js';
import { createClient, type Transport } from '../../renderer/src/api/client.js';
import { runJob, uploadFile, JobCancelled } from '../../renderer/src/api/jobs.js';
import { createDemoProject } from '../../db/demo/build.js';
import { seedRichProject } from '../exports/exchange-helpers.js';
import { consentToQuoteForAll } from '../helpers/consent.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

afterEach(() => setJobPauseHook(undefined));

/** A plain bundle of the demo inquiry (with history, trash and an attachment), as bytes. */
async function demoBundle(): Promise<{ bytes: Uint8Array; projectId: string }> {
  const { db } = tempDatabase();
  const { projectId } = seedRichProject(db);
  // The zip itself (an unencrypted bundle), as the import reads it.
  return { bytes: buildBundle(db, projectId)!.bytes, projectId };
}

/** The API as the renderer reaches it, straight into dispatch (no transport in between). */
function clientFor(db: Db) {
  const transport: Transport = (channel, input) => dispatch(db, channel, input);
  return createClient(transport);
}

/** Holds a job at the first checkpoint `when` picks, until released: no guessing at times. */
function holdAt(when: (status: Readonly<JobStatus>) => boolean) {
  let reached!: (status: JobStatus) => void;
  let release!: () => void;
  const atHold = new Promise<JobStatus>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  setJobPauseHook(async (status) => {
    if (held || !when(status)) return;
    held = true;
    reached({ ...status });
    await released;
  });
  return { atHold, release };
}

describe('jobs: a bundle import with progress', () => {
  it('reports real steps with a percentage that only grows, reaching 100, and returns the import result', async () => {
    const { bytes, projectId } = await demoBundle();
    const { db } = tempDatabase();
    const client = clientFor(db);
    const seen: number[] = [];
    const steps = new Set<string>();
    setJobPauseHook((status) => {
      seen.push(status.percent);
      steps.add(status.step);
    });
    const uploadId = await uploadFile(client, bytes, { chunkBytes: 4096 });
    const views: number[] = [];
    const result = await runJob(client, 'exchange:bundleImport', { upload_id: uploadId }, { pollMs: 0, onStatus: (view) => views.push(view.percent) });

    expect(result.project_id).toBe(projectId);
    expect(result.created.field_notes).toBeGreaterThan(0);
    // Seen from inside the job at every pause: several values, never falling, ending below 100 until done.
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(steps).toContain('job.importing_rows');
    // Seen by the UI: never falling, and 100 at the end.
    expect(views).toEqual([...views].sort((a, b) => a - b));
    expect(views.at(-1)).toBe(100);
    expect((db.prepare('SELECT count(*) FROM field_notes WHERE project_id = ?').pluck().get(projectId) as number)).toBe(result.created.field_notes);

    setJobPauseHook(undefined);
    // Handed over once, a result is let go (an export's can be hundreds of megabytes).
    const exportJob = (await callOrThrow(db, 'jobs:start', { channel: 'exchange:qdpx', input: { project_id: projectId } })).id;
    let first = await callOrThrow(db, 'jobs:progress', { id: exportJob });
    while (first.state === 'running') {
      await new Promise((resolve) => setImmediate(resolve));
      first = await callOrThrow(db, 'jobs:progress', { id: exportJob });
    }
    expect(first).toMatchObject({ state: 'done', result: { file_name: expect.stringMatching(/\.qdpx$/) } });
    expect(await callOrThrow(db, 'jobs:progress', { id: exportJob })).toMatchObject({ state: 'done', result: null });
  });

  it('cancelled mid-way, leaves the journal exactly as it was, though rows had been written inside the open transaction', async () => {
    const { bytes } = await demoBundle();
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const hold = holdAt((status) => status.step === 'job.importing_rows' && status.percent > 30);
    const started = await callOrThrow(db, 'jobs:start', { channel: 'exchange:bundleImport', input: { data_base64: Buffer.from(bytes).toString('base64') } });
    const atHold = await hold.atHold;
    expect(atHold.percent).toBeGreaterThan(30);
    expect(atHold.percent).toBeLessThan(100);
    // Half-way: inside the job's transaction, some rows are already there.
    expect(db.inTransaction).toBe(true);
    expect(db.prepare('SELECT count(*) FROM stakeholders').pluck().get()).toBeGreaterThan(before.stakeholders!);

    // Another call waits for the job rather than joining its transaction.
    let otherAnswered = false;
    const other = call(db, 'projects:list', {}).then((answer) => {
      otherAnswered = true;
      return answer;
    });
    const cancelling = callOrThrow(db, 'jobs:cancel', { id: started.id });
    hold.release();
    const cancelled = await cancelling;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.result).toBeNull();
    const answer = await other;
    expect(otherAnswered).toBe(true);
    expect(answer.ok && answer.value).toEqual([]);

    expect(db.inTransaction).toBe(false);
    expect(rowCounts(db)).toEqual(before);
    // The insert triggers the import had set aside are back: a new note still reaches the timeline and search.
    const project = await callOrThrow(db, 'projects:create', { title: 'Efter' });
    await callOrThrow(db, 'notes:create', { project_id: project.id, body: 'dørene stod åbne' });
    expect((await callOrThrow(db, 'search:query', { project_id: project.id, query: 'dørene' })).total).toBe(1);
  });

  it('refuses bad input at once instead of starting a job', async () => {
    const { db } = tempDatabase();
    const refused = await call(db, 'jobs:start', { channel: 'exchange:bundleImport', input: {} });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('invalid_input');
    const notAJob = await call(db, 'jobs:start', { channel: 'notes:create' as never, input: {} });
    expect(notAJob.ok).toBe(false);
  });
});

describe('jobs: exports and restores', () => {
  it('a whole-inquiry .qdpx export reports its steps and, cancelled, returns no file and leaves no file', async () => {
    const { db, file } = tempDatabase();
    const { projectId } = seedRichProject(db);
    const client = clientFor(db);
    const percents: number[] = [];
    const exported = await runJob(client, 'exchange:qdpx', { project_id: projectId }, { pollMs: 0, onStatus: (view) => percents.push(view.percent) });
    expect(exported.data_base64.length).toBeGreaterThan(0);
    expect(percents.at(-1)).toBe(100);

    const folder = readdirSync(dirname(file)).sort();
    const hold = holdAt((status) => status.step === 'job.packing');
    const controller = new AbortController();
    const running = runJob(client, 'exchange:qdpx', { project_id: projectId }, { pollMs: 0, signal: controller.signal });
    await hold.atHold;
    controller.abort();
    hold.release();
    await expect(running).rejects.toBeInstanceOf(JobCancelled);
    await allJobsFinished(db);
    expect(readdirSync(dirname(file)).sort()).toEqual(folder);
  });

  it('a report reaches 100 through its own stages', async () => {
    const { db } = tempDatabase();
    const { projectId } = seedRichProject(db);
    const steps: string[] = [];
    const percents: number[] = [];
    setJobPauseHook((status) => {
      steps.push(status.step);
      percents.push(status.percent);
    });
    const report = await runJob(clientFor(db), 'exports:report', { project_id: projectId, format: 'md' }, { pollMs: 0 });
    expect(Buffer.from(report.data_base64, 'base64').toString('utf8')).toContain('#');
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('a restore cancelled before the swap leaves the journal as it was', async () => {
    const { db } = tempDatabase();
    seedRichProject(db);
    const backup = await callOrThrow(db, 'backups:create', {});
    await callOrThrow(db, 'projects:create', { title: 'After the backup' });
    const before = rowCounts(db);
    const hold = holdAt((status) => status.step === 'job.saving_current');
    const started = await callOrThrow(db, 'jobs:start', { channel: 'backups:restore', input: { name: backup.name } });
    await hold.atHold;
    const cancelling = callOrThrow(db, 'jobs:cancel', { id: started.id });
    hold.release();
    expect((await cancelling).state).toBe('cancelled');
    expect(rowCounts(db)).toEqual(before);

    const restored = await runJob(clientFor(db), 'backups:restore', { name: backup.name }, { pollMs: 0 });
    expect(restored.restored).toBe(backup.name);
    expect(rowCounts(db).projects).toBe(before.projects! - 1);
  });
});

describe('jobs: a .qdpx import', () => {
  it('writes with pauses and a growing percentage, and cancelled mid-write leaves the journal as it was', async () => {
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    consentToQuoteForAll(source, project.id);
    const qdpx = (await callOrThrow(source, 'exchange:qdpx', { project_id: project.id, real_names: true })).data_base64;

    const { db } = tempDatabase();
    const before = rowCounts(db);
    const hold = holdAt((status) => status.step === 'job.writing');
    const started = await callOrThrow(db, 'jobs:start', { channel: 'exchange:qdpxImport', input: { data_base64: qdpx } });
    const atHold = await hold.atHold;
    expect(atHold.percent).toBeGreaterThanOrEqual(20);
    expect(atHold.percent).toBeLessThan(100);
    expect(db.inTransaction).toBe(true);
    const cancelling = callOrThrow(db, 'jobs:cancel', { id: started.id });
    hold.release();
    expect((await cancelling).state).toBe('cancelled');
    expect(db.inTransaction).toBe(false);
    expect(rowCounts(db)).toEqual(before);

    setJobPauseHook(undefined);
    const percents: number[] = [];
    const result = await runJob(clientFor(db), 'exchange:qdpxImport', { data_base64: qdpx }, { pollMs: 0, onStatus: (view) => percents.push(view.percent) });
    expect(result.created.field_notes + result.created.dialogues).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(db.prepare('SELECT count(*) FROM field_notes WHERE project_id = ?').pluck().get(result.project_id)).toBe(result.created.field_notes);
  });
});

describe('uploads', () => {
  it('refuses pieces out of order and an incomplete file, and leaves no file behind once used or discarded', async () => {
    const { db, file } = tempDatabase();
    const folder = join(dirname(file), '.withness-uploads');
    const { id } = await callOrThrow(db, 'uploads:begin', { size: 6 });
    expect((await call(db, 'uploads:chunk', { id, offset: 3, data_base64: Buffer.from('abc').toString('base64') })).ok).toBe(false);
    await callOrThrow(db, 'uploads:chunk', { id, offset: 0, data_base64: Buffer.from('abc').toString('base64') });
    const early = await call(db, 'exchange:bundleImport', { upload_id: id });
    expect(early.ok).toBe(false);
    expect((await callOrThrow(db, 'uploads:discard', { id })).discarded).toBe(true);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);

    const second = await callOrThrow(db, 'uploads:begin', { size: 6 });
    expect(readdirSync(folder)).toHaveLength(1);
    // A piece file left by an earlier run is cleared when the next upload begins; an open upload's is kept.
    writeFileSync(join(folder, 'left-from-before.part'), 'abc');
    const third = await callOrThrow(db, 'uploads:begin', { size: 6 });
    expect(readdirSync(folder).sort()).toEqual([`${second.id}.part`, `${third.id}.part`].sort());
    await callOrThrow(db, 'uploads:discard', { id: third.id });
    expect((await callOrThrow(db, 'uploads:discard', { id: second.id })).discarded).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
  });
});
