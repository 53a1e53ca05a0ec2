import { vi } from 'vitest';

/**
 * The renderer side of `electron` that the preload uses: contextBridge and ipcRenderer, recorded so tests can
 * check what the preload exposes and forwards. (The main process is tested with the stand-in in smoke/.)
 */
export function createFakeElectron() {
  const electron = {
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })) },
  };
  return { electron };
}

/**
 * The module object given to vi.mock: its properties read the current fake at access time, because
 * vitest keeps a mocked module across vi.resetModules().
 */
export function electronModuleOf(current: () => { electron: Record<string, unknown> }) {
  const keys = ['contextBridge', 'ipcRenderer'];
  return Object.defineProperties(
    {},
    Object.fromEntries(keys.map((key) => [key, { enumerable: true, get: () => current().electron[key] }])),
  );
}
