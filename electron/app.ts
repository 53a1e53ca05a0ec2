import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { createElectronPdfPrinter } from './exports/pdf-electron.js';
import { registerPdfPrinter } from './exports/pdf.js';
import { registerApi } from './ipc.js';
import { JournalHost } from './journal.js';
import { electronNativeBinding } from './native-binding.js';
import { DATABASE_FILE_NAME } from './paths.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { hardenSession, hardenWebContents } from './security.js';
import { createMainWindow } from './window.js';

/**
 * The whole Electron main process: thin wiring of the pieces in this folder. Everything that can
 * run without Electron (data, API, UI) lives elsewhere and is tested on its own.
 */
export function startApp(): void {
  registerAppScheme(protocol);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();

  let journal: JournalHost | undefined;
  let mainWindow: BrowserWindow | undefined;
  const appPath = app.getAppPath();

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => journal?.close());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveRenderer(protocol, join(appPath, 'dist', 'renderer'));
    // PDF reports are printed by Electron itself here (Chromium through playwright elsewhere).
    registerPdfPrinter(createElectronPdfPrinter(BrowserWindow));
    try {
      // A damaged journal still opens, in recovery: the window then offers the newest good backup.
      journal = await JournalHost.open(join(app.getPath('userData'), DATABASE_FILE_NAME), {
        nativeBinding: electronNativeBinding(appPath, app.isPackaged, process.resourcesPath),
      });
    } catch (error) {
      dialog.showErrorBox('Withness cannot open its journal', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    registerApi(ipcMain, journal.dispatch);
    const preload = join(appPath, 'dist-electron', 'preload.cjs');
    mainWindow = createMainWindow(BrowserWindow, preload);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(BrowserWindow, preload);
    });
  });
}
