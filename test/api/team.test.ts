import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createNote, trashNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { call } from '../../electron/api/dispatch.js';
import type { Output } from '../../electron/api/contract.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { isWriteChannel, startAutoSync, syncNow, syncState } from '../../electron/team/scheduler.js';
import { teamSecretStore } from '../../electron/team/keychain-secrets.js';
import { keychainSecretStore, secretStoreOf, secretsPathFor } from '../../electron/team/secrets.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';


/** A folder for the whole file (tempDir's go after each test, and these journals live across tests). */
const keptDirs: string[] = [];
function keptDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  keptDirs.push(dir);
  return dir;
}

/**
 * The team channels (electron/api/handlers/team.ts) on real SQLite journals and a real throwaway PostgreSQL: link
 * with a tried connection, Sync now as a job with progress, join, members, conflicts side by side, resolve, authors,
 * the mass-trash question, offline in the status, and automatic sync after a save.
 */

const PASSWORD = 'team member password';
let postgres: TestPostgres;
let address: string;
let projectId: string;
let otherInquiry: string;
const journals: Db[] = [];

function journal(name: string): Db {
  const db = openDatabase(join(keptDir('withness-team-api-'), `${name}.sqlite`));
  journals.push(db);
  return db;
}

async function ok<C extends Parameters<typeof call>[1]>(db: Db, channel: C, input: Parameters<typeof call<C>>[2]): Promise<Output<C>> {
  const result = await call(db, channel, input, { checkOutput: true });
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

/** Runs a channel as the UI does (jobs:start, then jobs:progress until it ends), keeping every step it reported. */
async function asJob(db: Db, channel: 'team:syncNow' | 'team:join', input: unknown): Promise<{ result: Output<'team:syncNow'>; steps: string[] }> {
  let status = await ok(db, 'jobs:start', { channel, input });
  const steps = new Set<string>([status.step]);
  while (status.state === 'running') {
    await new Promise((resolve) => setImmediate(resolve));
    status = await ok(db, 'jobs:progress', { id: status.id });
    steps.add(status.step);
  }
  if (status.state !== 'done') throw new Error(`${channel} ended ${status.state}: ${status.error?.message}`);
  return { result: status.result as Output<'team:syncNow'>, steps: [...steps] };
}

let ann: Db;
let bo: Db;
let noteId: string;

beforeAll(async () => {
  postgres = await startPostgres();
  const adminUrl = await postgres.createDatabase('team');
  address = `postgres://${postgres.host}:${postgres.port}/team`;
  ann = journal('ann');
  const project = createProject(ann, { title: 'Nordby' });
  projectId = project.id;
  noteId = createNote(ann, { project_id: projectId, title: 'Café', body: 'The café was full.' }).id;
  for (let i = 0; i < 5; i++) createNote(ann, { project_id: projectId, body: `Note ${i}` });
  otherInquiry = createProject(journal('carl'), { title: 'Elsewhere' }).id;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await initServer(admin);
    await addMember(admin, { inquiry: projectId, member: 'ann', password: PASSWORD });
    await addMember(admin, { inquiry: projectId, member: 'bo', password: PASSWORD });
    await addMember(admin, { inquiry: otherInquiry, member: 'carl', password: PASSWORD });
  } finally {
    await admin.end();
  }
  bo = journal('bo');
}, 120_000);

afterAll(async () => {
  for (const db of journals) db.close();
  for (const dir of keptDirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

describe('team channels', () => {
  it('refuses a wrong password, a non-member and a bad address, and links nothing', async () => {
    const wrong = await call(ann, 'team:link', { project_id: projectId, server_url: address, member: 'ann', password: 'not the password' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toMatch(/refused the password/);
    const stranger = await call(ann, 'team:link', { project_id: projectId, server_url: address, member: 'carl', password: PASSWORD });
    expect(stranger.ok).toBe(false);
    if (!stranger.ok) expect(stranger.error.message).toMatch(/carl/);
    const bad = await call(ann, 'team:link', { project_id: projectId, server_url: 'https://example.org', member: 'ann', password: PASSWORD });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.[0]?.message_id).toBe('teamui.bad_url');
    const withPassword = await call(ann, 'team:link', { project_id: projectId, server_url: `postgres://ann:${PASSWORD.replace(/ /g, '%20')}@127.0.0.1/team`, member: 'ann', password: PASSWORD });
    expect(withPassword.ok).toBe(false);
    const nobody = await call(ann, 'team:link', { project_id: projectId, server_url: address, password: PASSWORD });
    expect(nobody.ok).toBe(false);
    if (!nobody.ok) expect(nobody.error.issues?.[0]?.message_id).toBe('teamui.member_needed');
    const status = await ok(ann, 'team:status', { project_id: projectId });
    expect(status).toMatchObject({ linked: false, password_known: false, inquiry_id: projectId });
  });

  it('links with a tried connection, and Sync now runs as a job with its steps', async () => {
    const linked = await ok(ann, 'team:link', { project_id: projectId, server_url: address, member: 'ann', password: PASSWORD });
    expect(linked).toMatchObject({ linked: true, member: 'ann', password_known: true, activity: 'idle' });
    expect(linked.server_url).not.toMatch(/ann@|:\/\/ann/);
    expect(linked.pending).toBeGreaterThan(0);
    // As a job would run it, with its progress recorded: each step a message id, the bar only growing.
    const reported: { step: string; done: number; total: number }[] = [];
    const context = { signal: new AbortController().signal, progress: (p: { step: string; done: number; total: number }) => void reported.push(p), checkpoint: async () => undefined };
    const run = await call(ann, 'team:syncNow', { project_id: projectId }, { context, checkOutput: true });
    expect(run.ok).toBe(true);
    const result = run.ok ? run.value : undefined;
    expect(result?.status).toBe('ok');
    expect(result?.pushed).toBeGreaterThanOrEqual(linked.pending);
    expect(reported.some((p) => p.step === 'teamui.step_push')).toBe(true);
    expect(reported.map((p) => p.done)).toEqual([...reported.map((p) => p.done)].sort((a, b) => a - b));
    const after = await ok(ann, 'team:status', { project_id: projectId });
    expect(after.pending).toBe(0);
    expect(after.last_sync_at).not.toBeNull();
    const members = await ok(ann, 'team:members', { project_id: projectId });
    expect(members.map((member) => member.member).sort()).toEqual(['ann', 'bo']);
  });

  it('joins the inquiry into another journal, with the note', async () => {
    // The member named in the address, as administrators hand addresses out.
    const { result } = await asJob(bo, 'team:join', { inquiry_id: projectId, server_url: address.replace('postgres://', 'postgres://bo@'), password: PASSWORD });
    expect((await ok(bo, 'team:status', { project_id: projectId })).member).toBe('bo');
    expect(result.status).toBe('ok');
    expect(result.pulled).toBeGreaterThan(0);
    expect((await ok(bo, 'notes:get', { id: noteId })).body).toBe('The café was full.');
    expect(await ok(bo, 'team:authors', { table_name: 'field_notes', row_key: noteId })).toMatchObject({ created_by: 'ann' });
  });

  it('lists a conflict with both versions in full, and a merge resolves it on both sides', async () => {
    const annNote = await ok(ann, 'notes:get', { id: noteId });
    await ok(ann, 'notes:update', { id: noteId, expected_revision: annNote.revision, body: 'Ann: the café was full, and warm.' });
    const boNote = await ok(bo, 'notes:get', { id: noteId });
    await ok(bo, 'notes:update', { id: noteId, expected_revision: boNote.revision, body: 'Bo: the café was full; we ran out of cups.' });
    await ok(ann, 'team:syncNow', { project_id: projectId });
    const boSync = await ok(bo, 'team:syncNow', { project_id: projectId });
    expect(boSync.conflicts).toBe(1);
    await ok(ann, 'team:syncNow', { project_id: projectId });

    for (const db of [ann, bo]) {
      const conflicts = await ok(db, 'team:conflicts', { project_id: projectId });
      expect(conflicts).toHaveLength(1);
      const [conflict] = conflicts;
      expect(conflict!.row_key).toBe(noteId);
      const bodies = [conflict!.head, ...conflict!.others].map((version) => version.row?.body).sort();
      expect(bodies).toEqual(['Ann: the café was full, and warm.', 'Bo: the café was full; we ran out of cups.']);
      expect([conflict!.head, ...conflict!.others].map((version) => version.author).sort()).toEqual(['ann', 'bo']);
    }
    // One head everywhere.
    expect((await ok(ann, 'notes:get', { id: noteId })).body).toBe((await ok(bo, 'notes:get', { id: noteId })).body);

    const [conflict] = await ok(bo, 'team:conflicts', { project_id: projectId });
    const bad = await call(bo, 'team:resolve', { project_id: projectId, table_name: 'not_a_table' as never, row_key: noteId, keep: 'head' });
    expect(bad.ok).toBe(false);
    const resolved = await ok(bo, 'team:resolve', {
      project_id: projectId,
      table_name: 'field_notes',
      row_key: noteId,
      keep: { merged: { ...conflict!.head.row, body: 'Both: full, warm, and out of cups.' } },
    });
    expect(resolved.conflicts).toBe(0);
    expect((await ok(bo, 'notes:get', { id: noteId })).body).toBe('Both: full, warm, and out of cups.');
    await ok(bo, 'team:syncNow', { project_id: projectId });
    await ok(ann, 'team:syncNow', { project_id: projectId });
    expect((await ok(ann, 'notes:get', { id: noteId })).body).toBe('Both: full, warm, and out of cups.');
    expect(await ok(ann, 'team:conflicts', { project_id: projectId })).toEqual([]);
    expect((await ok(ann, 'team:status', { project_id: projectId })).conflicts).toBe(0);
    expect(await ok(ann, 'team:authors', { table_name: 'field_notes', row_key: noteId })).toMatchObject({ created_by: 'ann', edited_by: 'bo' });
  });

  it('asks before a sync moves most of the inquiry to the trash, and goes ahead when allowed', async () => {
    const notes = await ok(ann, 'notes:list', { project_id: projectId, limit: 200, offset: 0 });
    for (const note of notes.items) trashNote(ann, note.id);
    await ok(ann, 'team:syncNow', { project_id: projectId });
    const asked = await ok(bo, 'team:syncNow', { project_id: projectId });
    expect(asked.status).toBe('needs_confirmation');
    expect(asked.mass_trash!.count).toBeGreaterThan(0);
    expect((await ok(bo, 'team:status', { project_id: projectId })).activity).toBe('needs_confirmation');
    expect((await ok(bo, 'notes:get', { id: noteId })).deleted_at).toBeNull();
    const allowed = await ok(bo, 'team:syncNow', { project_id: projectId, allow_mass_trash: true });
    expect(allowed.status).toBe('ok');
    expect((await ok(bo, 'notes:get', { id: noteId }).catch(() => ({ deleted_at: 'gone' }))).deleted_at).not.toBeNull();
  });

  it('says offline when the server cannot be reached, and syncs again once it is back', async () => {
    await postgres.stopServer();
    try {
      const failed = await call(ann, 'team:syncNow', { project_id: projectId });
      expect(failed.ok).toBe(false);
      const status = await ok(ann, 'team:status', { project_id: projectId });
      expect(status.activity).toBe('offline');
      expect(status.problem?.message).toMatch(/cannot be reached|did not answer|connection/i);
    } finally {
      await postgres.startServer();
    }
    await ok(ann, 'team:syncNow', { project_id: projectId });
    expect((await ok(ann, 'team:status', { project_id: projectId })).activity).toBe('idle');
  });

  it('syncs by itself a moment after a save, through the host’s dispatcher', async () => {
    // Neither at start nor by the timer (an hour): only a save can start this sync.
    const auto = startAutoSync(() => ann, { atStart: false, afterSaveMs: 50, intervalMs: 3_600_000 });
    try {
      const before = syncState(ann, projectId).last_attempt_at;
      const dispatch = auto.wrap((channel, input) => call(ann, channel as never, input as never));
      const note = await dispatch('notes:create', { project_id: projectId, body: 'Written after the others.' });
      expect(note.ok).toBe(true);
      await expect.poll(async () => (await ok(ann, 'team:status', { project_id: projectId })).pending, { timeout: 30_000 }).toBe(0);
      await expect.poll(() => syncState(ann, projectId).last_attempt_at !== before).toBe(true);
      expect(syncState(ann, projectId).last_result?.pushed).toBeGreaterThan(0);
    } finally {
      await auto.stop();
    }
    expect(isWriteChannel('notes:update')).toBe(true);
    expect(isWriteChannel('notes:get')).toBe(false);
    expect(isWriteChannel('drafts:put')).toBe(false);
  });

  it('runs one sync of an inquiry at a time: a second waits for the first, then runs', async () => {
    createNote(ann, { project_id: projectId, body: 'One more, to have something to send.' });
    const events: string[] = [];
    const record = (who: string) => ({ onProgress: (p: { stage: string }) => void events.push(`${who}:${p.stage}`) });
    const [first, second] = await Promise.all([syncNow(ann, projectId, record('a')), syncNow(ann, projectId, record('b'))]);
    expect(first.status).toBe('ok');
    expect(second.status).toBe('ok');
    const lastOfFirst = events.map((event) => event.startsWith('a:')).lastIndexOf(true);
    const firstOfSecond = events.findIndex((event) => event.startsWith('b:'));
    expect(firstOfSecond).toBeGreaterThan(lastOfFirst);
    expect(first.pushed).toBeGreaterThan(0);
    expect(second.pushed).toBe(0);
  });

  it('asks for the password again when this host does not know it, and keeps only one that works', async () => {
    secretStoreOf(ann).forget(projectId);
    expect((await ok(ann, 'team:status', { project_id: projectId })).password_known).toBe(false);
    const refused = await call(ann, 'team:syncNow', { project_id: projectId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message_id).toBe('teamui.password_unknown');
    const wrong = await call(ann, 'team:password', { project_id: projectId, password: 'not the password' });
    expect(wrong.ok).toBe(false);
    expect((await ok(ann, 'team:status', { project_id: projectId })).password_known).toBe(false);
    expect((await ok(ann, 'team:password', { project_id: projectId, password: PASSWORD })).password_known).toBe(true);
    expect((await ok(ann, 'team:syncNow', { project_id: projectId })).status).toBe('ok');
  });

  it('unlinks and forgets the password', async () => {
    const status = await ok(bo, 'team:unlink', { project_id: projectId });
    expect(status).toMatchObject({ linked: false, password_known: false });
    const refused = await call(bo, 'team:syncNow', { project_id: projectId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message_id).toBe('teamui.not_linked');
  });
});

describe('the app’s password store', () => {
  it('keeps only what safeStorage encrypted, never the password in clear', () => {
    const folder = keptDir('withness-team-secrets-');
    const journalPath = join(folder, 'withness.sqlite');
    // A reversible stand-in for the OS keychain, as Electron's safeStorage behaves.
    const safeStorage = {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) => Buffer.from([...Buffer.from(text, 'utf8')].map((byte) => byte ^ 0x5a)),
      decryptString: (blob: Buffer) => Buffer.from([...blob].map((byte) => byte ^ 0x5a)).toString('utf8'),
    };
    const store = keychainSecretStore(secretsPathFor(journalPath), safeStorage);
    expect(store.set(projectId, { password: 'a very secret password' })).toBe(true);
    const onDisk = readFileSync(secretsPathFor(journalPath), 'utf8');
    expect(onDisk).not.toContain('a very secret password');
    expect(Buffer.from(onDisk).includes(Buffer.from('secret'))).toBe(false);
    expect(keychainSecretStore(secretsPathFor(journalPath), safeStorage).get(projectId)).toEqual({ password: 'a very secret password' });
    // Another keychain cannot open it: the password is asked for again rather than read wrongly.
    const other = { ...safeStorage, decryptString: () => { throw new Error('cannot decrypt'); } };
    expect(keychainSecretStore(secretsPathFor(journalPath), other).get(projectId)).toBeUndefined();
    store.forget(projectId);
    expect(store.get(projectId)).toBeUndefined();
    // Linux's basic_text "keychain" is a fixed password anyone knows: memory only, asked again after a restart.
    expect(teamSecretStore(journalPath, { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' }, 'linux').lasting).toBe(false);
    expect(teamSecretStore(journalPath, { ...safeStorage, getSelectedStorageBackend: () => 'gnome_libsecret' }, 'linux').lasting).toBe(true);
    expect(teamSecretStore(journalPath, { ...safeStorage, isEncryptionAvailable: () => false }, 'darwin').lasting).toBe(false);
  });
});
