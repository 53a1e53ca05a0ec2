import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { useNativeBinding } from '../db/sqlite.js';
import { createElectronPdfPrinter } from './exports/pdf-electron.js';
import { registerPdfPrinter } from './exports/pdf.js';
import { registerApi } from './ipc.js';
import { JournalHost } from './journal.js';
import { keychainFrom } from './keychain.js';
import { electronNativeBinding } from './native-binding.js';
import { DATABASE_FILE_NAME } from './paths.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { hardenSession, hardenWebContents } from './security.js';
import { applySpellcheck, installEditMenu, type SpellcheckHost } from './spellcheck.js';
import { createMainWindow } from './window.js';
import { attachTeamSync } from './team/host.js';
import { teamSecretStore } from './team/keychain-secrets.js';

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
  let spellcheck: SpellcheckHost | undefined;
  const appPath = app.getAppPath();
  const preload = join(appPath, 'dist-electron', 'preload.cjs');

  /** Brings the one window forward, making it anew when there is none (on macOS the app outlives its window). */
  const showWindow = () => {
    if (!journal || !spellcheck) return;
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      return;
    }
    const window = createMainWindow(BrowserWindow, preload, { spellcheck: spellcheck.session.isSpellCheckerEnabled() });
    installEditMenu(spellcheck, window.webContents);
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    mainWindow = window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => journal?.close());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    spellcheck = {
      platform: process.platform,
      locale: app.getLocale(),
      preferencesFile: join(app.getPath('userData'), 'preferences.json'),
      session: session.defaultSession,
      dialog,
      Menu,
    };
    applySpellcheck(spellcheck);
    serveRenderer(protocol, join(appPath, 'dist', 'renderer'));
    // PDF reports are printed by Electron itself here (Chromium through playwright elsewhere).
    registerPdfPrinter(createElectronPdfPrinter(BrowserWindow, session));
    try {
      // Every SQLite connection of this process (journal, backups, restore, imports) loads Electron's build.
      useNativeBinding(electronNativeBinding(appPath, app.isPackaged, process.resourcesPath));
      // A damaged journal still opens, in recovery: the window then offers the newest good backup. A new journal is
      // encrypted: kept in the keychain where it protects (the window then shows the recovery key once), else the
      // window asks for a passphrase first; an encrypted one the keychain cannot open starts locked.
      journal = await JournalHost.open(join(app.getPath('userData'), DATABASE_FILE_NAME), {
        newJournal: 'encrypted',
        ...keychainFrom(safeStorage, process.platform),
      });
    } catch (error) {
      dialog.showErrorBox('Withness cannot open its journal', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    // Team sync's passwords go to the keychain where it protects (else memory, asked again after a restart).
    const team = attachTeamSync(journal, { secrets: teamSecretStore(journal.path, safeStorage, process.platform) });
    app.on('will-quit', () => void team.stop());
    registerApi(ipcMain, team.dispatch);
    showWindow();
  });
}
