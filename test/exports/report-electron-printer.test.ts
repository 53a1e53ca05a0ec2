import type { BrowserWindow, Session } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { createElectronPdfPrinter, PRINT_PARTITION } from '../../electron/exports/pdf-electron.js';
// The stand-in keeps Chromium's 2 MiB URL limit and serves loadURL through the session's protocol handlers.
import * as electron from '../electron/smoke/stand-in-electron.js';

type StandInWindow = InstanceType<typeof electron.BrowserWindow>;
const printer = () => createElectronPdfPrinter(electron.BrowserWindow as unknown as typeof BrowserWindow, electron.session as unknown as { fromPartition(p: string): Session });
const printSession = () => electron.session.fromPartition(PRINT_PARTITION);

beforeAll(() => {
  if (!electron.standIn.ready) electron.standIn.emitReady();
});

describe('Electron PDF printer', () => {
  it('prints in a hidden, sandboxed window without JavaScript, in a session of its own that refuses every request', async () => {
    const before = electron.standIn.windows.length;
    const pdf = await printer()('<p>Rapport æøå</p>');
    expect(pdf.toString()).toMatch(/^%PDF-1\.7 stand-in, printed 18 characters/);
    const window = electron.standIn.windows[before] as StandInWindow;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(window.options.show).toBe(false);
    expect(prefs).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false });
    expect(prefs.preload).toBeUndefined();
    expect(String(prefs.partition)).not.toMatch(/^persist:/);
    expect(window.destroyed).toBe(true);
    expect(window.webContents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const allowed = async (url: string) => printSession().webRequest.allows(url);
    expect(await allowed('https://tracker.example/p.png')).toBe(false);
    expect(await allowed('file:///etc/passwd')).toBe(false);
    expect(await allowed('data:image/png;base64,AAAA')).toBe(true);
  });

  it('prints a report far over Chromium’s 2 MiB URL limit, loading it by a short URL from memory', async () => {
    const html = `<p>${'Ord for ord. '.repeat(300_000)}</p>`;
    expect(html.length).toBeGreaterThan(3 * 1024 * 1024);
    const before = electron.standIn.windows.length;
    const pdf = await printer()(html);
    expect(pdf.toString()).toContain(`printed ${html.length} characters`);
    const window = electron.standIn.windows[before] as StandInWindow;
    expect(window.webContents.url).toMatch(/^withness-print:\/\/report\/[0-9a-f-]{36}$/);
    // Served once, for that print only.
    const again = await printSession().protocol.handlers.get('withness-print')!(new Request(window.webContents.url));
    expect(again.status).toBe(404);
  });

  it('closes the window and forgets the page when printing fails', async () => {
    const before = electron.standIn.windows.length;
    const created = new Promise<StandInWindow>((resolve) => electron.standIn.events.once('window-created', resolve));
    const failing = printer()('<p>x</p>');
    const window = await created;
    window.webContents.printToPDF = async () => {
      throw new Error('printing failed');
    };
    await expect(failing).rejects.toThrow('printing failed');
    expect(await printSession().protocol.handlers.get('withness-print')!(new Request(window.webContents.url || 'withness-print://report/x'))).toMatchObject({ status: 404 });
    expect(electron.standIn.windows.length).toBe(before + 1);
    expect(window.destroyed).toBe(true);
  });
});
