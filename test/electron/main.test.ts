import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../electron/api/contract.js';
import { createFakeElectron, createFakeWebContents } from './fake-electron.js';

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeElectron> | undefined }));
vi.mock('electron', async () => (await import('./fake-electron.js')).electronModuleOf(() => fake.current!));

// The real database layer, on a temp file, stands in for the user-data journal.
const opened = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock('../../electron/native-binding.js', () => ({ electronNativeBinding: () => undefined }));
vi.mock('../../db/connection.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../db/connection.js')>();
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  return {
    ...real,
    openDatabase: (file: string) => {
      opened.files.push(file);
      return real.openDatabase(join(mkdtempSync(join(tmpdir(), 'withness-main-')), 'withness.sqlite'));
    },
  };
});

async function start() {
  vi.resetModules();
  fake.current = createFakeElectron();
  const { startApp } = await import('../../electron/app.js');
  startApp();
  fake.current.ready();
  const current = fake.current;
  await vi.waitFor(() => expect(current.windows.length).toBe(1), { timeout: 10_000 });
  return current;
}

describe('Electron main process', () => {
  beforeEach(() => {
    opened.files.length = 0;
  });

  it('opens one window with every security option of the checklist', async () => {
    const electron = await start();
    expect(electron.windows).toHaveLength(1);
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: join('/fake/app', 'dist-electron', 'preload.cjs'),
    });
    expect(window.loadedUrl).toBe('app://withness/index.html');
    expect(electron.electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(electron.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('keeps the journal in the user-data folder as withness.sqlite', async () => {
    await start();
    expect(opened.files).toEqual([join('/fake/user-data', 'withness.sqlite')]);
  });

  it('quits at once when another instance already runs', async () => {
    vi.resetModules();
    fake.current = createFakeElectron();
    fake.current.electron.app.requestSingleInstanceLock.mockReturnValue(false);
    const { startApp } = await import('../../electron/app.js');
    startApp();
    expect(fake.current.electron.app.quit).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    const electron = await start();
    const requestHandler = electron.session.setPermissionRequestHandler.mock.calls[0]![0] as (...args: unknown[]) => void;
    const callback = vi.fn();
    requestHandler({}, 'media', callback);
    requestHandler({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    const checkHandler = electron.session.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean;
    expect(checkHandler()).toBe(false);
  });

  it('lets through only downloads of exports the app made itself', async () => {
    const electron = await start();
    const [name, onDownload] = electron.session.on.mock.calls.find((call) => call[0] === 'will-download') as [string, (...args: unknown[]) => void];
    expect(name).toBe('will-download');
    const attempt = (url: string) => {
      const event = { preventDefault: vi.fn() };
      onDownload(event, { getURL: () => url });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(attempt('blob:app://withness/5c1f0a3e-1111-4f3e-9f00-000000000000')).toBe(false);
    expect(attempt('https://evil.example/malware.exe')).toBe(true);
    expect(attempt('blob:https://evil.example/x')).toBe(true);
  });

  it('denies navigation away from the app, new windows and webviews in every web contents', async () => {
    const electron = await start();
    const web = createFakeWebContents();
    electron.appEvents.emit('web-contents-created', {}, web.contents);
    expect(web.emit('will-navigate', 'https://example.com/').preventDefault).toHaveBeenCalled();
    expect(web.emit('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(web.emit('will-redirect', 'http://127.0.0.1:8080/').preventDefault).toHaveBeenCalled();
    expect(web.emit('will-navigate', 'app://withness/index.html#/projects').preventDefault).not.toHaveBeenCalled();
    expect(web.emit('will-attach-webview').preventDefault).toHaveBeenCalled();
    expect(web.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(web.openWindow('app://withness/index.html')).toEqual({ action: 'deny' });
  });

  it('registers an IPC handler for every channel of the contract', async () => {
    const electron = await start();
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...channels].sort());
  });

  it('answers the app’s own window and refuses a foreign sender or a subframe', async () => {
    const electron = await start();
    const create = electron.ipcHandlers.get('projects:create')!;
    const list = electron.ipcHandlers.get('projects:list')!;
    const own = { senderFrame: { url: 'app://withness/index.html#/', parent: null } };
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    const subframe = { senderFrame: { url: 'app://withness/index.html', parent: {} } };
    const missing = { senderFrame: null };

    for (const event of [foreign, subframe, missing]) {
      expect(await create(event, { title: 'Injected' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    }
    expect(await list(own, {})).toEqual({ ok: true, value: [] });
    expect(await create(own, { title: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const created = (await create(own, { title: 'From the window' })) as { ok: boolean; value: { title: string } };
    expect(created).toMatchObject({ ok: true, value: { title: 'From the window' } });
    expect(await list(own, {})).toMatchObject({ ok: true, value: [{ title: 'From the window' }] });
  });
});
