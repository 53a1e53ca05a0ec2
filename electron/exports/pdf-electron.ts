import { randomUUID } from 'node:crypto';
import type { BrowserWindow as BrowserWindowType, Session } from 'electron';
import type { PdfPrinter } from './pdf.js';

/** The print session's own scheme: reports are served from memory, never written to disk or put in a URL. */
export const PRINT_SCHEME = 'withness-print';
export const PRINT_PARTITION = 'withness-pdf-print';
const PRINT_ORIGIN = `${PRINT_SCHEME}://report/`;

/**
 * The PDF printer inside the Electron app: a hidden, sandboxed window with JavaScript disabled, in an in-memory
 * session of its own that refuses every network request, loads the report from that session's protocol handler,
 * prints it with webContents.printToPDF and is destroyed again. It cannot navigate or open windows.
 *
 * A data: URL would be simpler but Chromium refuses URLs over 2 MiB, which a long report passes; a temporary file
 * would put the report's personal data on disk in plain text.
 *
 * BrowserWindow and session are passed in, like createMainWindow's BrowserWindow, so tests can use stand-ins.
 */
/** The reports being printed, by id: a session's protocol handler is registered once and serves them all. */
const pages = new Map<string, string>();
const preparedSessions = new WeakSet<Session>();

export function createElectronPdfPrinter(BrowserWindow: typeof BrowserWindowType, sessions: { fromPartition(partition: string): Session }): PdfPrinter {
  const preparedSession = () => {
    const ses = sessions.fromPartition(PRINT_PARTITION);
    if (preparedSessions.has(ses)) return ses;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !(details.url.startsWith(PRINT_ORIGIN) || details.url.startsWith('data:')) }));
    ses.protocol.handle(PRINT_SCHEME, (request) => {
      const html = request.method === 'GET' && request.url.startsWith(PRINT_ORIGIN) ? pages.get(request.url.slice(PRINT_ORIGIN.length)) : undefined;
      if (html === undefined) return new Response('Not found', { status: 404 });
      // The report carries its own Content-Security-Policy; JavaScript is off in this window anyway.
      return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    });
    preparedSessions.add(ses);
    return ses;
  };

  return async (html) => {
    preparedSession();
    const id = randomUUID();
    pages.set(id, html);
    const window = new BrowserWindow({
      show: false,
      width: 900,
      height: 1200,
      webPreferences: {
        partition: PRINT_PARTITION,
        javascript: false,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        disableBlinkFeatures: 'Auxclick',
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
      },
    });
    try {
      const contents = window.webContents;
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));
      contents.on('will-navigate', (event) => event.preventDefault());
      await window.loadURL(`${PRINT_ORIGIN}${id}`);
      const pdf = await contents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return Buffer.from(pdf);
    } finally {
      pages.delete(id);
      if (!window.isDestroyed()) window.destroy();
    }
  };
}
