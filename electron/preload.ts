import { contextBridge, ipcRenderer } from 'electron';
import { channels } from './api/contract.js';

/**
 * The renderer's only door to the main process: `window.withness.invoke(channel, input)` for the
 * contract's channels and nothing else. Raw ipcRenderer is never exposed.
 */
const allowed = new Set<string>(channels);

contextBridge.exposeInMainWorld('withness', {
  transport: 'ipc',
  invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !allowed.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `There is no API channel named ${String(channel).slice(0, 80)}.` },
      });
    }
    return ipcRenderer.invoke(channel, input);
  },
});
