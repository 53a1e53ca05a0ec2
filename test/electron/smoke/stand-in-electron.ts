// A small, faithful stand-in for the `electron` module, installed as node_modules/electron of a throwaway app
// folder so that the built dist-electron/main.mjs imports it exactly as it would import Electron. It keeps the
// rules of Electron's documentation that a start can break: the ready gate (protocol, sessions and windows only
// after ready; enableSandbox and registerSchemesAsPrivileged only before, the latter once), one ipcMain.handle per
// channel, Chromium's 2 MiB limit on URLs, and per-session protocol handlers that loadURL really goes through.
// The driver (start-main.mjs) reads what happened through `standIn`. The smoke test bundles this file with esbuild
// into the throwaway app's node_modules/electron/index.mjs.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

/* eslint-disable @typescript-eslint/no-explicit-any -- a stand-in for a loosely typed native module */
type Listener = (...args: any[]) => any;

const MAX_URL_CHARS = 2 * 1024 * 1024; // Chromium's url::kMaxURLChars

export const standIn = {
  events: new EventEmitter(),
  ready: false,
  quitCalled: false,
  errorBoxes: [] as { title: string; content: string }[],
  windows: [] as BrowserWindow[],
  ipcHandlers: new Map<string, Listener>(),
  privilegedSchemes: undefined as unknown,
  paths: { userData: '', appPath: '', temp: '' } as Record<string, string>,
  isPackaged: false,
  locale: 'en-US',
  /** False when another instance holds the lock. */
  singleInstanceLock: true,
  /**
   * The keychain behind safeStorage: whether it is available, which Linux backend it reports, and the secret the
   * "operating system" keeps for this user (the same secret across starts, as a real keychain would).
   */
  safeStorage: { available: true, backend: 'gnome_libsecret', secret: 'stand-in keychain secret' },
  emitReady() {
    standIn.ready = true;
    resolveReady();
    app.emit('ready', {}, {});
  },
};

let resolveReady: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

function requireReady(what: string): void {
  if (!standIn.ready) throw new Error(`${what} can only be used after the app is ready.`);
}

class StandInApp extends EventEmitter {
  get isPackaged() {
    return standIn.isPackaged;
  }
  whenReady() {
    return readyPromise;
  }
  isReady() {
    return standIn.ready;
  }
  requestSingleInstanceLock() {
    return standIn.singleInstanceLock;
  }
  enableSandbox() {
    if (standIn.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
  }
  getAppPath() {
    return standIn.paths.appPath;
  }
  getPath(name: string) {
    const path = standIn.paths[name];
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  getName() {
    return 'Withness';
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getLocale() {
    return standIn.locale;
  }
  quit() {
    standIn.quitCalled = true;
    this.emit('before-quit', { preventDefault() {} });
    this.emit('will-quit', { preventDefault() {} });
    standIn.events.emit('quit');
  }
}

export const app = new StandInApp();

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class Protocol {
  handlers = new Map<string, ProtocolHandler>();
  handle(scheme: string, handler: ProtocolHandler) {
    requireReady('protocol.handle');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string) {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string) {
    return this.handlers.has(scheme);
  }
}

class WebRequest {
  beforeRequest: Listener | undefined;
  onBeforeRequest(listener: Listener) {
    this.beforeRequest = listener;
  }
  /** Resolves true when the request may go ahead. */
  allows(url: string): Promise<boolean> {
    const listener = this.beforeRequest;
    if (!listener) return Promise.resolve(true);
    return new Promise((resolve) => listener({ url, method: 'GET' }, (response: { cancel?: boolean } | undefined) => resolve(!response?.cancel)));
  }
}

class Session extends EventEmitter {
  protocol = new Protocol();
  webRequest = new WebRequest();
  spellChecker = { enabled: true, languages: [] as string[], downloadUrl: undefined as string | undefined, words: [] as string[] };
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  devicePermissionHandler: Listener | undefined;
  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener) {
    this.devicePermissionHandler = handler;
  }
  setSpellCheckerEnabled(enabled: boolean) {
    this.spellChecker.enabled = enabled;
  }
  isSpellCheckerEnabled() {
    return this.spellChecker.enabled;
  }
  setSpellCheckerLanguages(languages: string[]) {
    this.spellChecker.languages = languages;
  }
  setSpellCheckerDictionaryDownloadURL(url: string) {
    this.spellChecker.downloadUrl = url;
  }
  addWordToSpellCheckerDictionary(word: string) {
    this.spellChecker.words.push(word);
    return true;
  }
}

const sessions = new Map<string, Session>();
export const session = {
  get defaultSession(): Session {
    requireReady('session.defaultSession');
    return session.fromPartition('');
  },
  fromPartition(partition: string): Session {
    requireReady('session.fromPartition');
    if (!sessions.has(partition)) sessions.set(partition, new Session());
    return sessions.get(partition)!;
  },
};

/** Builds the main frame's URL once loaded, so IPC events can name their sender as Electron does. */
class WebContents extends EventEmitter {
  destroyed = false;
  url = '';
  loadedBody: string | undefined;
  windowOpenHandler: Listener | undefined;
  replaced: string[] = [];
  readonly mainFrame: { readonly url: string; parent: null };
  constructor(readonly session: Session) {
    super();
    const contents = this;
    this.mainFrame = { get url() { return contents.url; }, parent: null };
  }
  replaceMisspelling(word: string) {
    this.replaced.push(word);
  }
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    if (url.length > MAX_URL_CHARS) throw new Error(`ERR_INVALID_URL (-300) loading '${url.slice(0, 40)}…'`);
    if (!(await this.session.webRequest.allows(url))) throw new Error(`ERR_BLOCKED_BY_CLIENT (-20) loading '${url}'`);
    const scheme = url.slice(0, url.indexOf(':'));
    if (scheme === 'data') {
      this.loadedBody = url;
    } else {
      const handler = this.session.protocol.handlers.get(scheme) ?? sessions.get('')?.protocol.handlers.get(scheme);
      if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`);
      const response = await handler(new Request(url));
      if (!response.ok) throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}' (${response.status})`);
      this.loadedBody = await response.text();
    }
    this.url = url;
    this.emit('did-finish-load');
  }
  async printToPDF(_options?: unknown): Promise<Buffer> {
    if (this.loadedBody === undefined) throw new Error('Nothing is loaded to print.');
    return Buffer.from(`%PDF-1.7 stand-in, printed ${this.loadedBody.length} characters\n%%EOF\n`);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return standIn.windows.filter((window) => !window.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  destroyed = false;
  shown = false;
  minimized = false;
  readonly options: Record<string, any>;
  readonly webContents: WebContents;
  constructor(options: Record<string, any> = {}) {
    super();
    requireReady('BrowserWindow');
    this.options = options;
    const partition = options.webPreferences?.partition ?? '';
    this.webContents = new WebContents(session.fromPartition(partition));
    app.emit('web-contents-created', {}, this.webContents);
    standIn.windows.push(this);
    standIn.events.emit('window-created', this);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url).then(() => {
      this.emit('ready-to-show');
    });
  }
  show() {
    this.shown = true;
  }
  focus() {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }
  restore() {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.minimized = false;
  }
  isMinimized() {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

export const ipcMain = {
  handle(channel: string, listener: Listener) {
    if (standIn.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    standIn.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    standIn.ipcHandlers.delete(channel);
  },
};

export const protocol = Object.assign(new Protocol(), {
  registerSchemesAsPrivileged(schemes: unknown) {
    if (standIn.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (standIn.privilegedSchemes) throw new Error('protocol.registerSchemesAsPrivileged can only be called once');
    standIn.privilegedSchemes = schemes;
  },
});
// The global protocol object is the default session's.
Object.defineProperty(protocol, 'handlers', { get: () => session.defaultSession.protocol.handlers });
protocol.handle = (scheme: string, handler: ProtocolHandler) => session.defaultSession.protocol.handle(scheme, handler);

export const dialog = {
  messageBoxes: [] as Record<string, unknown>[],
  /** What the user answers to the next message boxes (button indexes); 'cancel' when none is queued. */
  answers: [] as number[],
  showErrorBox(title: string, content: string) {
    standIn.errorBoxes.push({ title, content });
    standIn.events.emit('error-box', { title, content });
  },
  async showMessageBox(options: Record<string, unknown>) {
    dialog.messageBoxes.push(options);
    return { response: dialog.answers.shift() ?? (options.cancelId as number | undefined) ?? 0, checkboxChecked: false };
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string) {
    shell.opened.push(url);
  },
  async openPath(path: string) {
    shell.opened.push(path);
    return '';
  },
  showItemInFolder(path: string) {
    shell.opened.push(path);
  },
};

/** Menus record what they would show; popup() shows nothing. */
export class Menu {
  static built: Menu[] = [];
  popups = 0;
  constructor(readonly template: Record<string, any>[]) {}
  static buildFromTemplate(template: Record<string, any>[]) {
    const menu = new Menu(template);
    Menu.built.push(menu);
    return menu;
  }
  popup() {
    this.popups++;
  }
}

/**
 * safeStorage as Electron documents it: encryptString/decryptString throw when encryption is unavailable or the
 * data does not decrypt; isEncryptionAvailable is false before ready (as on Linux and Windows);
 * getSelectedStorageBackend reports the Linux backend ('basic_text' when no secret service runs, in which case
 * Electron encrypts with a hard-coded password, which the stand-in plays with a fixed key).
 */
export const safeStorage = {
  isEncryptionAvailable() {
    return standIn.ready && standIn.safeStorage.available;
  },
  getSelectedStorageBackend() {
    if (process.platform !== 'linux') throw new Error('getSelectedStorageBackend is only available on Linux');
    return standIn.safeStorage.backend;
  },
  encryptString(plainText: string): Buffer {
    if (typeof plainText !== 'string') throw new TypeError('plainText must be a string');
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keychainKey(), iv);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.update(plainText, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  },
  decryptString(encrypted: Buffer): string {
    if (!Buffer.isBuffer(encrypted)) throw new TypeError('encrypted must be a Buffer');
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Decryption is not available.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', keychainKey(), encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(-16));
      return Buffer.concat([decipher.update(encrypted.subarray(15, -16)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
};

function keychainKey(): Buffer {
  const secret = standIn.safeStorage.backend === 'basic_text' ? 'peanuts' : standIn.safeStorage.secret;
  return createHash('sha256').update(secret).digest();
}

export default { app, BrowserWindow, ipcMain, protocol, session, dialog, shell, Menu, safeStorage };
