import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../electron/api/contract.js';
import { createFakeElectron } from './fake-electron.js';

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeElectron> | undefined }));
vi.mock('electron', async () => (await import('./fake-electron.js')).electronModuleOf(() => fake.current!));

describe('preload', () => {
  async function exposed() {
    vi.resetModules();
    fake.current = createFakeElectron();
    await import('../../electron/preload.js');
    const calls = fake.current.electron.contextBridge.exposeInMainWorld.mock.calls as unknown as [string, Record<string, unknown>][];
    expect(calls).toHaveLength(1);
    return { name: calls[0]![0], api: calls[0]![1] as { transport: string; invoke: (channel: unknown, input: unknown) => Promise<unknown> } };
  }

  it('exposes one narrow object and never ipcRenderer itself', async () => {
    const { name, api } = await exposed();
    expect(name).toBe('withness');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'transport']);
    expect(Object.values(api)).not.toContain(fake.current!.electron.ipcRenderer);
  });

  it('forwards the contract’s channels to the main process', async () => {
    const { api } = await exposed();
    for (const channel of channels) {
      await expect(api.invoke(channel, { a: 1 })).resolves.toEqual({ ok: true, value: 'from-main' });
    }
    expect(fake.current!.electron.ipcRenderer.invoke).toHaveBeenCalledTimes(channels.length);
  });

  it('refuses any other channel name without reaching the main process', async () => {
    const { api } = await exposed();
    for (const channel of ['shell:openExternal', 'projects:drop', '__proto__', 42, undefined]) {
      await expect(api.invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(fake.current!.electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});
