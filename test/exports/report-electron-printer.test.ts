import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronPdfPrinter } from '../../electron/exports/pdf-electron.js';

/** A stand-in for Electron's BrowserWindow that records what the printer asks of it. */
function mockWindowClass(options: { failPrint?: boolean } = {}) {
  const log: { options?: Record<string, unknown>; url?: string; printOptions?: unknown; destroyed: boolean; blocked: string[]; allowed: string[]; openHandler?: unknown } = {
    destroyed: false,
    blocked: [],
    allowed: [],
  };
  class MockWindow {
    webContents: Record<string, unknown>;
    constructor(windowOptions: Record<string, unknown>) {
      log.options = windowOptions;
      let requestFilter: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
      this.webContents = {
        setWindowOpenHandler: (handler: () => unknown) => {
          log.openHandler = handler();
        },
        on: () => undefined,
        session: {
          setPermissionRequestHandler: () => undefined,
          webRequest: {
            onBeforeRequest: (filter: typeof requestFilter) => {
              requestFilter = filter;
            },
          },
        },
        printToPDF: async (printOptions: unknown) => {
          log.printOptions = printOptions;
          for (const url of ['https://tracker.example/p.png', 'file:///etc/passwd', 'data:image/png;base64,AAAA']) {
            requestFilter?.({ url }, ({ cancel }) => (cancel ? log.blocked : log.allowed).push(url));
          }
          if (options.failPrint) throw new Error('printing failed');
          return Buffer.from('%PDF-1.7 from electron');
        },
      };
    }
    async loadURL(url: string) {
      log.url = url;
    }
    isDestroyed() {
      return log.destroyed;
    }
    destroy() {
      log.destroyed = true;
    }
  }
  return { Window: MockWindow as unknown as typeof BrowserWindow, log };
}

describe('Electron PDF printer', () => {
  it('prints in a hidden, sandboxed window without JavaScript, from a data: URL, refusing every request', async () => {
    const { Window, log } = mockWindowClass();
    const pdf = await createElectronPdfPrinter(Window)('<p>Rapport æøå</p>');
    expect(pdf.toString()).toBe('%PDF-1.7 from electron');
    const prefs = log.options!.webPreferences as Record<string, unknown>;
    expect(log.options!.show).toBe(false);
    expect(prefs).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBeUndefined();
    expect(String(prefs.partition)).not.toMatch(/^persist:/);
    expect(log.url!.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(log.url!.split(',')[1]!, 'base64').toString('utf8')).toBe('<p>Rapport æøå</p>');
    expect(log.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(log.blocked).toEqual(['https://tracker.example/p.png', 'file:///etc/passwd']);
    expect(log.openHandler).toEqual({ action: 'deny' });
    expect(log.destroyed).toBe(true);
  });

  it('closes the window when printing fails', async () => {
    const { Window, log } = mockWindowClass({ failPrint: true });
    await expect(createElectronPdfPrinter(Window)('<p>x</p>')).rejects.toThrow('printing failed');
    expect(log.destroyed).toBe(true);
  });
});
