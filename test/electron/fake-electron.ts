import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module: records what the main process asks of Electron so tests can
 * check the window's options, the guards and the IPC handlers without the Electron binary.
 */
export function createFakeElectron() {
  const appEvents = new EventEmitter();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();

  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows;
    loadedUrl?: string;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL = vi.fn(async (url: string) => {
      this.loadedUrl = url;
    });
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
  }

  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    on: vi.fn(),
  };

  const electron = {
    app: {
      on: (name: string, listener: (...args: unknown[]) => void) => appEvents.on(name, listener),
      whenReady: () => ready,
      requestSingleInstanceLock: vi.fn(() => true),
      enableSandbox: vi.fn(),
      quit: vi.fn(),
      getAppPath: vi.fn(() => '/fake/app'),
      getPath: vi.fn(() => '/fake/user-data'),
      isPackaged: false,
    },
    BrowserWindow: FakeWindow,
    ipcMain: { handle: vi.fn((channel: string, handler: (event: unknown, input: unknown) => unknown) => ipcHandlers.set(channel, handler)) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: session },
    dialog: { showErrorBox: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })) },
  };

  return { electron, appEvents, ready: () => resolveReady(), windows, ipcHandlers, session };
}

/** A fake webContents that records the guards hardenWebContents installs. */
export function createFakeWebContents() {
  const events = new EventEmitter();
  let windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  return {
    contents: {
      on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => (windowOpenHandler = handler),
    },
    emit(name: string, url?: string) {
      const event = { preventDefault: vi.fn() };
      events.emit(name, event, url);
      return event;
    },
    openWindow: (url: string) => windowOpenHandler?.({ url }),
  };
}

/**
 * The module object given to vi.mock: its properties read the current fake at access time, because
 * vitest keeps a mocked module across vi.resetModules().
 */
export function electronModuleOf(current: () => { electron: Record<string, unknown> }) {
  const keys = ['app', 'BrowserWindow', 'ipcMain', 'protocol', 'session', 'dialog', 'contextBridge', 'ipcRenderer'];
  return Object.defineProperties(
    {},
    Object.fromEntries(keys.map((key) => [key, { enumerable: true, get: () => current().electron[key] }])),
  );
}
