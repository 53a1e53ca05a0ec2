import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { listBackups, verifyBackup } from '../../db/backup.js';
import { looksEncrypted } from '../../db/sqlite.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `npm run serve` starts browser mode's server bundled by scripts/build-serve.mjs, not compiled by tsx. The bundle
 * has to find what its modules look for beside themselves: the native SQLite addon (and its ciphers), the
 * migrations, and the day's backup worker, which must run in its thread from the bundle too.
 */
// Inside the repository: the bundle finds its external packages in node_modules from its own place.
const outDir = resolve(`dist/serve-test-${process.pid}`);

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-serve.mjs', '--outdir', outDir], { stdio: 'pipe' });
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Started {
  base: string;
  token: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function startBundle(dbFile: string, args: string[]): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, [join(outDir, 'serve.js'), '--db', dbFile, '--port', '0', '--auto-sync', 'off', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WITHNESS_STARTUP_TIMINGS: '1' },
  });
  let output = '';
  const url = await new Promise<URL>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) done(new URL(match[1]!));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the bundled serve exited with ${code}:\n${output}`)));
  });
  return {
    base: url.origin,
    token: url.searchParams.get('token')!,
    output: () => output,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

async function call<T>(server: Started, channel: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${server.base}/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-withness-token': server.token },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value as T;
}

/** The bundled backup worker, started as db/daily-backup.ts starts it beside the bundled server. */
function runBundledWorker(path: string): Promise<{ ok: boolean; name?: string | null; message?: string }> {
  return new Promise((done, fail) => {
    const worker = new Worker(join(outDir, 'backup-worker.js'), { workerData: { path, key: null } });
    worker.once('message', (message) => {
      done(message);
      void worker.terminate();
    });
    worker.once('error', fail);
  });
}

describe('browser mode from its bundle', () => {
  it('has a backup worker that runs from the bundle and makes the day’s backup', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    openDatabase(file).close();
    const outcome = await runBundledWorker(file);
    expect(outcome).toMatchObject({ ok: true, name: expect.stringMatching(/daily/) });
    const [backup] = listBackups(file);
    expect(verifyBackup(backup!.path)).toMatchObject({ ok: true, state: 'intact' });
    // A journal it cannot read gives a failed outcome, never a crash of the thread.
    expect(await runBundledWorker(join(dir, 'absent.sqlite'))).toMatchObject({ ok: false });
  }, 60_000);

  it('serves a plain journal and makes the day’s backup', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const server = await startBundle(file, ['--plain']);
    try {
      await call(server, 'projects:create', { title: 'Harbour inquiry' });
      expect((await call<{ title: string }[]>(server, 'projects:list')).map((project) => project.title)).toEqual(['Harbour inquiry']);
      // backups:list waits for the worker's backup.
      expect((await call<{ kind: string }[]>(server, 'backups:list')).map((backup) => backup.kind)).toEqual(['daily']);
    } finally {
      await server.stop();
    }
    const [backup] = listBackups(file);
    expect(verifyBackup(backup!.path)).toMatchObject({ ok: true, state: 'intact' });
  }, 120_000);

  it('sets up, locks and unlocks an encrypted journal, whose day’s backup is encrypted too', async () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const passphrase = 'a long harbour passphrase';
    const first = await startBundle(file, []);
    try {
      expect(await call(first, 'journal:status')).toMatchObject({ state: 'needs_setup' });
      await call(first, 'journal:setup', { passphrase });
      await call(first, 'projects:create', { title: 'Encrypted inquiry' });
    } finally {
      await first.stop();
    }
    expect(looksEncrypted(file)).toBe(true);
    // No backup of the day yet, so the next start makes one in its worker, with the journal's key.
    rmSync(join(dir, 'backups'), { recursive: true, force: true });
    const keyFile = join(dir, 'key.txt');
    writeFileSync(keyFile, `${passphrase}\n`);
    const second = await startBundle(file, ['--key-file', keyFile]);
    try {
      expect(await call(second, 'journal:status')).toMatchObject({ state: 'ok', encrypted: true });
      expect((await call<{ title: string }[]>(second, 'projects:list')).map((project) => project.title)).toEqual(['Encrypted inquiry']);
      expect((await call<{ kind: string }[]>(second, 'backups:list')).map((backup) => backup.kind)).toEqual(['daily']);
    } finally {
      await second.stop();
    }
    const [backup] = listBackups(file);
    expect(looksEncrypted(backup!.path)).toBe(true);
  }, 120_000);
});
