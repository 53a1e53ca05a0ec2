import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContextMenuParams } from 'electron';
import { nativeModulePath } from '../../scripts/electron-native.mjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels } from '../../electron/api/contract.js';
import * as electron from './smoke/stand-in-electron.js';

// The stand-in `electron` (the same one the smoke run of the built bundle uses); nothing of ours is mocked.
vi.mock('electron', async () => await import('./smoke/stand-in-electron.js'));

const { standIn } = electron;
let work: string;

/** The main process from source, started once against the stand-in, on a real journal in a temp user-data folder. */
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'withness-main-'));
  standIn.paths = { appPath: join(work, 'app'), userData: join(work, 'Withness'), temp: join(work, 'tmp') };
  cpSync(createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node'), nativeModulePath(join(work, 'app'), process.platform, process.arch));
  mkdirSync(join(work, 'app', 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(work, 'app', 'dist', 'renderer', 'index.html'), '<!doctype html><title>Withness</title>');
  const created = new Promise((resolve) => standIn.events.once('window-created', resolve));
  const { startApp } = await import('../../electron/app.js');
  startApp();
  standIn.emitReady();
  await created;
});

afterAll(() => {
  electron.app.emit('will-quit');
  rmSync(work, { recursive: true, force: true });
});

const window = () => standIn.windows[0]!;
const defaultSession = () => electron.session.defaultSession;

function editParams(overrides: Partial<ContextMenuParams> = {}): ContextMenuParams {
  return {
    isEditable: true,
    misspelledWord: '',
    dictionarySuggestions: [],
    editFlags: { canCut: true, canCopy: true, canPaste: true, canUndo: false, canRedo: false, canDelete: true, canSelectAll: true, canEditRichly: false },
    ...overrides,
  } as ContextMenuParams;
}

function lastMenu() {
  return electron.Menu.built[electron.Menu.built.length - 1]!;
}

describe('Electron main process', () => {
  it('opens one window with every security option of the checklist', async () => {
    await vi.waitFor(() => expect(window().shown).toBe(true));
    expect(standIn.windows).toHaveLength(1);
    expect(window().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: join(work, 'app', 'dist-electron', 'preload.cjs'),
    });
    expect(window().webContents.url).toBe('app://withness/index.html');
    expect(standIn.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(defaultSession().protocol.isProtocolHandled('app')).toBe(true);
  });

  it('keeps the journal in the user-data folder as withness.sqlite, with its first daily backup', () => {
    expect(existsSync(join(work, 'Withness', 'withness.sqlite'))).toBe(true);
    expect(existsSync(join(work, 'Withness', 'backups'))).toBe(true);
  });

  it('denies every permission request and check', () => {
    const callback = vi.fn();
    defaultSession().permissionRequestHandler!({}, 'media', callback);
    defaultSession().permissionRequestHandler!({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(defaultSession().permissionCheckHandler!()).toBe(false);
  });

  it('lets through only downloads of exports the app made itself', () => {
    const [onDownload] = defaultSession().listeners('will-download') as ((...args: unknown[]) => void)[];
    const attempt = (url: string) => {
      const event = { preventDefault: vi.fn() };
      onDownload!(event, { getURL: () => url });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(attempt('blob:app://withness/5c1f0a3e-1111-4f3e-9f00-000000000000')).toBe(false);
    expect(attempt('https://evil.example/malware.exe')).toBe(true);
    expect(attempt('blob:https://evil.example/x')).toBe(true);
  });

  it('denies navigation away from the app, new windows and webviews in every web contents', () => {
    const contents = window().webContents;
    const emit = (name: string, url?: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, url);
      return event.preventDefault;
    };
    expect(emit('will-navigate', 'https://example.com/')).toHaveBeenCalled();
    expect(emit('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(emit('will-redirect', 'http://127.0.0.1:8080/')).toHaveBeenCalled();
    expect(emit('will-navigate', 'app://withness/index.html#/projects')).not.toHaveBeenCalled();
    expect(emit('will-attach-webview')).toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://withness/index.html' })).toEqual({ action: 'deny' });
  });

  it('registers an IPC handler for every channel of the contract', () => {
    expect([...standIn.ipcHandlers.keys()].sort()).toEqual([...channels].sort());
  });

  it('answers the app’s own window and refuses a foreign sender or a subframe', async () => {
    const create = standIn.ipcHandlers.get('projects:create')!;
    const list = standIn.ipcHandlers.get('projects:list')!;
    const own = { senderFrame: { url: 'app://withness/index.html#/', parent: null } };
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    const subframe = { senderFrame: { url: 'app://withness/index.html', parent: {} } };
    const missing = { senderFrame: null };

    for (const event of [foreign, subframe, missing]) {
      expect(await create(event, { title: 'Injected' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    }
    expect(await list(own, {})).toEqual({ ok: true, value: [] });
    expect(await create(own, { title: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await create(own, { title: 'From the window' })).toMatchObject({ ok: true, value: { title: 'From the window' } });
    expect(await list(own, {})).toMatchObject({ ok: true, value: [{ title: 'From the window' }] });
  });

  it('on Linux keeps spell checking off at start, so Chromium fetches no dictionaries', () => {
    expect(defaultSession().isSpellCheckerEnabled()).toBe(false);
    expect(window().options.webPreferences.spellcheck).toBe(false);
  });

  it('offers an edit menu in text, and turns spell checking on only after saying what it downloads', async () => {
    const contents = window().webContents;
    contents.emit('context-menu', {}, editParams());
    const labels = lastMenu().template.map((item) => item.label ?? item.type);
    expect(labels).toEqual(['Cut', 'Copy', 'Paste', 'Select all', 'separator', 'Check spelling']);
    expect(lastMenu().popups).toBe(1);
    const preferences = join(work, 'Withness', 'preferences.json');

    electron.dialog.answers.push(1); // Cancel
    lastMenu().template[5]!.click();
    await vi.waitFor(() => expect(electron.dialog.messageBoxes).toHaveLength(1));
    expect(electron.dialog.messageBoxes[0]).toMatchObject({ detail: expect.stringMatching(/downloads dictionaries from Google’s servers/) });
    expect(defaultSession().isSpellCheckerEnabled()).toBe(false);
    expect(existsSync(preferences)).toBe(false);

    electron.dialog.answers.push(0); // Turn on
    contents.emit('context-menu', {}, editParams());
    lastMenu().template[5]!.click();
    await vi.waitFor(() => expect(defaultSession().isSpellCheckerEnabled()).toBe(true));
    expect(JSON.parse(readFileSync(preferences, 'utf8'))).toEqual({ spellcheck: true });

    contents.emit('context-menu', {}, editParams({ misspelledWord: 'dialouge', dictionarySuggestions: ['dialogue', 'dialog'] }));
    const template = lastMenu().template;
    // Suggestions only: adding a word would write it (mostly a participant's name) to Chromium's Custom Dictionary.txt in clear.
    expect(template.map((item) => item.label ?? item.type).slice(0, 3)).toEqual(['dialogue', 'dialog', 'separator']);
    expect(template.some((item) => /dictionary/i.test(item.label ?? ''))).toBe(false);
    contents.emit('context-menu', {}, editParams({ misspelledWord: 'Fatima', dictionarySuggestions: [] }));
    expect(lastMenu().template.map((item) => item.label ?? item.type).slice(0, 2)).toEqual(['No suggestions', 'separator']);
    expect(lastMenu().template.some((item) => /dictionary|ordbog/i.test(item.label ?? ''))).toBe(false);
    expect(template.find((item) => item.label === 'Check spelling')).toMatchObject({ checked: true });
    template[0]!.click();
    expect(contents.replaced).toEqual(['dialogue']);

    template.find((item) => item.label === 'Check spelling')!.click();
    await vi.waitFor(() => expect(defaultSession().isSpellCheckerEnabled()).toBe(false));
    expect(JSON.parse(readFileSync(preferences, 'utf8'))).toEqual({ spellcheck: false });
  });
});
