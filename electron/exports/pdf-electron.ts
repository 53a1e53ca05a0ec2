import type { BrowserWindow as BrowserWindowType } from 'electron';
import type { PdfPrinter } from './pdf.js';

/**
 * The PDF printer inside the Electron app: a hidden, sandboxed window with JavaScript disabled, in an
 * in-memory session of its own that refuses every network request, loads the report's HTML from a data: URL,
 * prints it with webContents.printToPDF and is destroyed again. It cannot navigate or open windows.
 *
 * In the main process: `registerPdfPrinter(createElectronPdfPrinter(BrowserWindow))` (electron/exports/pdf.ts).
 * BrowserWindow is passed in, like createMainWindow's, so tests can use a mock.
 */
export function createElectronPdfPrinter(BrowserWindow: typeof BrowserWindowType): PdfPrinter {
  return async (html) => {
    const window = new BrowserWindow({
      show: false,
      width: 900,
      height: 1200,
      webPreferences: {
        partition: 'withness-pdf-print',
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
      contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      contents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      const pdf = await contents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return Buffer.from(pdf);
    } finally {
      if (!window.isDestroyed()) window.destroy();
    }
  };
}
