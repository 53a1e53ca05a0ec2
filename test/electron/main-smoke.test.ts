import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { nativeModulePath } from '../../scripts/electron-native.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, listBackups } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { looksEncrypted } from '../../db/sqlite.js';
import { callOrThrow } from '../../electron/api/dispatch.js';

/**
 * The start-up smoke run: the real dist-electron/main.mjs, built by the build script, started under plain Node
 * with a stand-in `electron` module (test/electron/smoke/stand-in-electron.mjs) and the real better-sqlite3
 * whose `bindings` fallback is missing, as in a packaged app: only the native binding the main process passes
 * can open SQLite. Nothing of ours is mocked; each start runs in its own Node process.
 */
const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const nodeBuild = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
let work: string;
let appDir: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'withness-smoke-'));
  appDir = join(work, 'app');
  await run(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', join(appDir, 'dist-electron')], { cwd: root });
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'withness', type: 'module', main: 'dist-electron/main.mjs' }));
  const electronDir = join(appDir, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', type: 'module', exports: './index.mjs' }));
  await build({ entryPoints: [join(__dirname, 'smoke', 'stand-in-electron.ts')], outfile: join(electronDir, 'index.mjs'), format: 'esm', platform: 'node', bundle: true, logLevel: 'silent' });
  // better-sqlite3-multiple-ciphers's JavaScript only, as electron-builder packs it: no build/ folder and no `bindings` package.
  const sqliteDir = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');
  cpSync(join(sqliteDir, 'package.json'), join(appDir, 'node_modules', 'better-sqlite3-multiple-ciphers', 'package.json'));
  cpSync(join(sqliteDir, 'lib'), join(appDir, 'node_modules', 'better-sqlite3-multiple-ciphers', 'lib'), { recursive: true });
  // The .qdpx import's schema check runs xmllint-wasm from node_modules, as electron-builder ships it.
  cpSync(join(root, 'node_modules', 'xmllint-wasm'), join(appDir, 'node_modules', 'xmllint-wasm'), { recursive: true });
  // Where `npm run native:electron` puts the Electron build; here the Node build stands in for it.
  // (and for macOS too, which one scenario plays).
  for (const platform of new Set([process.platform, 'darwin'])) cpSync(nodeBuild, nativeModulePath(appDir, platform, process.arch));
  mkdirSync(join(appDir, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Withness</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(appDir, 'dist', 'renderer', 'assets', 'app.js'), 'console.log("renderer");');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  type: 'call' | 'request' | 'close-windows' | 'app-event';
  [key: string]: unknown;
}
interface Report {
  outcome: 'window-created' | 'quit';
  quit: boolean;
  errorBoxes: { title: string; content: string }[];
  windows: { destroyed: boolean; url: string; webPreferences: Record<string, unknown> }[];
  steps: (Step & { result?: { ok: boolean; value?: any; error?: { code: string; message: string } }; thrown?: string; status?: number; headers?: Record<string, string>; bodyStart?: string; open?: number })[];
  ipcChannels: string[];
  uncaught: string[];
  spellChecker?: { enabled: boolean; downloadUrl?: string };
}

async function start(
  userData: string,
  steps: Step[],
  options: {
    packaged?: boolean;
    resourcesPath?: string;
    platform?: string;
    singleInstanceLock?: boolean;
    safeStorage?: { available?: boolean; backend?: string; secret?: string };
  } = {},
): Promise<Report> {
  const scenarioFile = join(userData, '..', `scenario-${Date.now()}-${Math.random()}.json`);
  writeFileSync(scenarioFile, JSON.stringify({ appDir, userData, temp: join(work, 'tmp'), steps, ...options }));
  const { stdout } = await run(process.execPath, [join(__dirname, 'smoke', 'start-main.mjs'), scenarioFile], { cwd: work, maxBuffer: 64 * 1024 * 1024 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Report;
}

function newUserData(): string {
  const dir = mkdtempSync(join(work, 'user-'));
  const userData = join(dir, 'Withness');
  mkdirSync(userData);
  return userData;
}

const call = (channel: string, input: unknown = {}, extra: Partial<Step> = {}): Step => ({ type: 'call', channel, input, ...extra });
const stepResult = (report: Report, index: number) => report.steps[index]!.result;

describe('start-up smoke run of the built main process', () => {
  it('leaves the bindings fallback unavailable, so only the native binding path can open SQLite', () => {
    const fromSqlite = createRequire(join(appDir, 'node_modules', 'better-sqlite3-multiple-ciphers', 'lib', 'database.js'));
    expect(() => fromSqlite.resolve('bindings')).toThrow(/Cannot find module/);
  });

  it('starts on a new journal, makes the day’s backup, answers the window over IPC and serves it over app://', async () => {
    const userData = newUserData();
    const report = await start(userData, [
      call('app:info'),
      call('projects:create', { title: 'Egeby' }),
      call('projects:list'),
      call('projects:list', {}, { foreign: true }),
      call('projects:create', { title: 42 }),
      call('backups:list'),
      { type: 'request', url: 'app://withness/index.html' },
      { type: 'request', url: 'app://withness/assets/app.js' },
      { type: 'request', url: 'app://withness/../../../../etc/passwd' },
      { type: 'request', url: 'app://elsewhere/index.html' },
    ]);
    expect(report.errorBoxes).toEqual([]);
    expect(report.uncaught).toEqual([]);
    expect(report.outcome).toBe('window-created');
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.url).toBe('app://withness/index.html');
    expect(stepResult(report, 0)).toMatchObject({ ok: true, value: { name: 'Withness', schemaVersion: expect.any(Number) } });
    expect(stepResult(report, 1)).toMatchObject({ ok: true, value: { title: 'Egeby' } });
    expect(stepResult(report, 2)).toMatchObject({ ok: true, value: [{ title: 'Egeby' }] });
    expect(stepResult(report, 3)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(stepResult(report, 4)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(stepResult(report, 5)).toMatchObject({ ok: true, value: [{ kind: 'daily' }] });
    const [page, script, traversal, otherHost] = report.steps.slice(6);
    expect(page).toMatchObject({ status: 200, bodyStart: expect.stringContaining('<title>Withness</title>') });
    expect(page!.headers!['content-security-policy']).toContain("default-src 'none'");
    expect(script).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(traversal!.status === 404 || !traversal!.bodyStart!.includes('root:')).toBe(true);
    expect(otherHost).toMatchObject({ status: 404 });
    expect(listBackups(join(userData, 'withness.sqlite'))).toHaveLength(1);
    // Windows and Linux: no spell checker until the user turns it on, so no dictionary is downloaded.
    expect(report.spellChecker).toMatchObject({ enabled: false });
    expect(report.windows[0]!.webPreferences).toMatchObject({ spellcheck: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  it('makes a new journal encrypted, its key in the keychain: the next start opens it without asking', async () => {
    const userData = newUserData();
    const file = join(userData, 'withness.sqlite');
    const first = await start(userData, [
      call('journal:status'),
      call('projects:create', { title: 'Kept under lock' }),
      call('journal:newRecoveryKey', {}, { keep: true }),
      call('journal:confirmRecoveryKey'),
      call('journal:status'),
    ]);
    expect(first.errorBoxes).toEqual([]);
    expect(first.uncaught).toEqual([]);
    expect(stepResult(first, 0)).toMatchObject({ ok: true, value: { state: 'ok', encrypted: true, recovery_pending: true, recovery_unseen: true, keychain: 'protected', has_passphrase: false } });
    expect(stepResult(first, 1)).toMatchObject({ ok: true });
    expect(stepResult(first, 2)).toMatchObject({ ok: true, value: { recovery_key: expect.stringMatching(/^([0-9A-Z]{5}-){6}[0-9A-Z]{5}$/) } });
    expect(stepResult(first, 4)).toMatchObject({ ok: true, value: { recovery_pending: false, recovery_unseen: false } });
    expect(looksEncrypted(file)).toBe(true);
    expect(readFileSync(file).includes(Buffer.from('Kept under lock'))).toBe(false);
    const envelope = JSON.parse(readFileSync(`${file}.keys.json`, 'utf8')) as { wraps: { kind: string }[] };
    expect(envelope.wraps.map((wrap) => wrap.kind).sort()).toEqual(['keychain', 'recovery']);

    const second = await start(userData, [call('journal:status'), call('projects:list')]);
    expect(stepResult(second, 0)).toMatchObject({ ok: true, value: { state: 'ok', encrypted: true } });
    expect(stepResult(second, 1)).toMatchObject({ ok: true, value: [{ title: 'Kept under lock' }] });

    // Another keychain (a new laptop, a reinstalled keyring): the journal starts locked and the recovery key opens it.
    const recoveryKey = (stepResult(first, 2)!.value as { recovery_key: string }).recovery_key;
    const moved = await start(userData, [call('journal:status'), call('projects:list'), call('journal:unlock', { recovery_key: recoveryKey }), call('projects:list')], {
      safeStorage: { secret: 'another machine' },
    });
    expect(stepResult(moved, 0)).toMatchObject({ ok: true, value: { state: 'locked', message: expect.stringMatching(/keychain could not unlock/) } });
    expect(stepResult(moved, 1)).toMatchObject({ ok: false, error: { code: 'journal_locked' } });
    expect(stepResult(moved, 2)).toMatchObject({ ok: true });
    expect(stepResult(moved, 3)).toMatchObject({ ok: true, value: [{ title: 'Kept under lock' }] });
  });

  it('on Linux with the basic_text keyring, says so and requires a passphrase; the next start is locked', async () => {
    const userData = newUserData();
    const file = join(userData, 'withness.sqlite');
    const first = await start(
      userData,
      [call('journal:status'), call('projects:list'), call('journal:setup'), call('journal:setup', { passphrase: 'ferry to the island' }, { keep: true }), call('projects:create', { title: 'Weak keyring' })],
      { platform: 'linux', safeStorage: { backend: 'basic_text' } },
    );
    expect(first.errorBoxes).toEqual([]);
    expect(first.uncaught).toEqual([]);
    expect(stepResult(first, 0)).toMatchObject({ ok: true, value: { state: 'needs_setup', keychain: 'weak', encrypted: false } });
    expect(stepResult(first, 1)).toMatchObject({ ok: false, error: { code: 'journal_locked' } });
    expect(stepResult(first, 2)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/does not protect secrets \(Linux basic_text\)/) } });
    expect(stepResult(first, 3)).toMatchObject({ ok: true, value: { recovery_key: expect.any(String) } });
    expect(stepResult(first, 4)).toMatchObject({ ok: true });
    const envelope = JSON.parse(readFileSync(`${file}.keys.json`, 'utf8')) as { wraps: { kind: string }[] };
    expect(envelope.wraps.map((wrap) => wrap.kind).sort()).toEqual(['passphrase', 'recovery']);

    const second = await start(userData, [call('journal:status'), call('journal:unlock', { passphrase: 'wrong, wrong, wrong' }), call('journal:unlock', { passphrase: 'ferry to the island' }), call('projects:list')], {
      platform: 'linux',
      safeStorage: { backend: 'basic_text' },
    });
    expect(stepResult(second, 0)).toMatchObject({ ok: true, value: { state: 'locked', keychain: 'weak' } });
    expect(stepResult(second, 1)).toMatchObject({ ok: false, error: { code: 'wrong_key' } });
    expect(stepResult(second, 3)).toMatchObject({ ok: true, value: [{ title: 'Weak keyring' }] });
  });

  it('quits at once, opening nothing, when another instance already runs', async () => {
    const userData = newUserData();
    const report = await start(userData, [], { singleInstanceLock: false });
    expect(report).toMatchObject({ outcome: 'quit', quit: true, windows: [], ipcChannels: [], errorBoxes: [] });
    expect(existsSync(join(userData, 'withness.sqlite'))).toBe(false);
  });

  it('starts on an existing journal whose daily backup is due, and the backup it makes is verified', async () => {
    const userData = newUserData();
    const file = join(userData, 'withness.sqlite');
    const db = openDatabase(file);
    const project = await callOrThrow(db, 'projects:create', { title: 'Nordby' });
    await createBackup(db, 'daily', new Date(Date.now() - 2 * 86_400_000));
    db.close();

    const report = await start(userData, [call('projects:list'), call('backups:list'), call('backups:verify', { name: listBackups(file)[0]!.name })]);
    expect(report.errorBoxes).toEqual([]);
    expect(report.outcome).toBe('window-created');
    expect(stepResult(report, 0)).toMatchObject({ ok: true, value: [{ id: project.id, title: 'Nordby' }] });
    const backups = stepResult(report, 1)!.value as { name: string; kind: string }[];
    expect(backups.map((backup) => backup.kind)).toEqual(['daily', 'daily']);
    expect(stepResult(report, 2)).toMatchObject({ ok: true, value: { ok: true } });
    expect(listBackups(file)).toHaveLength(2);
  });

  it('starts on a damaged journal in recovery, restores the newest good backup through IPC, then works', async () => {
    const userData = newUserData();
    const file = join(userData, 'withness.sqlite');
    const db = openDatabase(file);
    await callOrThrow(db, 'projects:create', { title: 'Before the damage' });
    const backup = await createBackup(db, 'daily');
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 100); // the header: SQLite no longer sees a database
    writeFileSync(file, bytes);

    const report = await start(userData, [
      call('journal:status'),
      call('projects:list'),
      call('backups:list'),
      call('backups:verify', { name: backup.name }),
      call('backups:restore', { name: backup.name }),
      call('journal:status'),
      call('projects:list'),
    ]);
    expect(report.errorBoxes).toEqual([]);
    expect(report.outcome).toBe('window-created');
    expect(stepResult(report, 0)).toMatchObject({ ok: true, value: { state: 'damaged' } });
    expect(stepResult(report, 1)).toMatchObject({ ok: false, error: { code: 'journal_damaged' } });
    expect(stepResult(report, 2)).toMatchObject({ ok: true, value: [{ name: backup.name }] });
    expect(stepResult(report, 3)).toMatchObject({ ok: true, value: { ok: true } });
    expect(stepResult(report, 4)).toMatchObject({ ok: true, value: { restored: backup.name, kept_copy: expect.stringContaining('damaged') } });
    expect(stepResult(report, 5)).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(stepResult(report, 6)).toMatchObject({ ok: true, value: [{ title: 'Before the damage' }] });
  });

  it('starts as a packaged app, loading SQLite from resources/native', async () => {
    const userData = newUserData();
    const resourcesPath = join(userData, '..', 'resources');
    mkdirSync(join(resourcesPath, 'native'), { recursive: true });
    cpSync(nodeBuild, join(resourcesPath, 'native', 'better_sqlite3.node'));
    const report = await start(userData, [call('projects:list')], { packaged: true, resourcesPath });
    expect(report.errorBoxes).toEqual([]);
    expect(report.outcome).toBe('window-created');
    expect(stepResult(report, 0)).toEqual({ ok: true, value: [] });
  });

  it('on macOS, reopens a window after the last one was closed (second launch and dock click)', async () => {
    const userData = newUserData();
    const report = await start(
      userData,
      [{ type: 'close-windows' }, { type: 'app-event', name: 'second-instance' }, { type: 'close-windows' }, { type: 'app-event', name: 'activate' }, call('projects:list')],
      { platform: 'darwin' },
    );
    expect(report.errorBoxes).toEqual([]);
    expect(report.quit).toBe(false);
    expect(report.steps.map((step) => step.thrown)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(report.steps.map((step) => step.open)).toEqual([0, 1, 0, 1, undefined]);
    expect(report.spellChecker).toMatchObject({ enabled: true }); // the system's checker; nothing is downloaded
    expect(stepResult(report, 4)).toEqual({ ok: true, value: [] });
    expect(report.uncaught).toEqual([]);
  });

  it('previews and imports a REFI-QDA project through IPC, its schema check running from the built bundle', async () => {
    const userData = newUserData();
    const source = openDatabase(join(userData, '..', 'source.sqlite'));
    const project = await callOrThrow(source, 'projects:create', { title: 'Exchange' });
    await callOrThrow(source, 'notes:create', { project_id: project.id, title: 'First visit', body: 'Kaffe hos Else.' });
    const qdpx = await callOrThrow(source, 'exchange:qdpx', { project_id: project.id });
    source.close();
    const report = await start(userData, [
      call('exchange:qdpxPreview', { data_base64: qdpx.data_base64 }),
      call('exchange:qdpxImport', { data_base64: qdpx.data_base64 }),
      call('exchange:qdpxPreview', { data_base64: Buffer.from('not a zip').toString('base64') }),
    ]);
    expect(report.uncaught).toEqual([]);
    expect(stepResult(report, 0)).toMatchObject({ ok: true, value: { project_name: 'Exchange', counts: { sources: 1 } } });
    expect(stepResult(report, 1)).toMatchObject({ ok: true, value: { created: { field_notes: 1 } } });
    expect(stepResult(report, 2)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('prints a report larger than Chromium’s 2 MiB URL limit to PDF', async () => {
    const userData = newUserData();
    const db = openDatabase(join(userData, 'withness.sqlite'));
    const project = await callOrThrow(db, 'projects:create', { title: 'Long' });
    for (let index = 0; index < 2; index++) {
      await callOrThrow(db, 'reflections:create', { project_id: project.id, title: `Long ${index}`, body: `${'Ord for ord, dag for dag. '.repeat(60_000)}` });
    }
    db.close();
    const report = await start(userData, [call('exports:report', { project_id: project.id, format: 'pdf' })]);
    expect(report.errorBoxes).toEqual([]);
    const result = stepResult(report, 0)!;
    expect(result).toMatchObject({ ok: true, value: { media_type: 'application/pdf', head: expect.stringMatching(/^%PDF-/) } });
    const printed = Number(/printed (\d+) characters/.exec(result.value.head)?.[1]);
    expect(printed).toBeGreaterThan(2 * 1024 * 1024);
  });
});
