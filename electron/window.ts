import type { BrowserWindow as BrowserWindowType } from 'electron';
import { APP_URL } from './security.js';

/**
 * The one window. Every webPreferences option of Electron's security checklist is stated here,
 * inline, so that reviewers and static checkers (electronegativity) see them where the window is made.
 */
export function createMainWindow(BrowserWindow: typeof BrowserWindowType, preloadPath: string, options: { spellcheck: boolean }): BrowserWindowType {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 720,
    minHeight: 520,
    title: 'Withness',
    show: false,
    backgroundColor: '#f7f5f0',
    webPreferences: {
      // The preload is ours, bundled, sandboxed and exposes one validated function (see preload.ts).
      preload: preloadPath, /* eng-disable PRELOAD_JS_CHECK */
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
      // Off on Windows and Linux until the user turns it on: Chromium would download dictionaries (spellcheck.ts).
      spellcheck: options.spellcheck,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_URL);
  return window;
}
