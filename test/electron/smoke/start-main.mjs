// Starts the built main process (dist-electron/main.mjs of a throwaway app folder) under plain Node with the
// stand-in `electron`, then acts as the renderer and the user would: it calls channels through the registered IPC
// handlers, fetches app:// URLs through the protocol handler, and closes or reopens windows. It prints one JSON
// report as its last line. Usage: node start-main.mjs <scenario.json>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const electronUrl = pathToFileURL(join(scenario.appDir, 'node_modules', 'electron', 'index.mjs')).href;
const { standIn, app, BrowserWindow } = await import(electronUrl);

standIn.paths = { appPath: scenario.appDir, userData: scenario.userData, temp: scenario.temp };
standIn.isPackaged = Boolean(scenario.packaged);
if (scenario.singleInstanceLock === false) standIn.singleInstanceLock = false;
if (scenario.safeStorage) Object.assign(standIn.safeStorage, scenario.safeStorage);
if (scenario.resourcesPath) process.resourcesPath = scenario.resourcesPath;
// The main process branches on the platform (macOS keeps running with no window): let a scenario choose it.
if (scenario.platform) Object.defineProperty(process, 'platform', { value: scenario.platform });

const report = { windows: [], errorBoxes: standIn.errorBoxes, quit: false, steps: [], uncaught: [] };
process.on('uncaughtException', (error) => report.uncaught.push(String(error?.stack ?? error)));
process.on('unhandledRejection', (error) => report.uncaught.push(String(error?.stack ?? error)));

/** Resolves when the stand-in says so: a window was made, or the app quit. */
const started = new Promise((resolve) => {
  standIn.events.once('window-created', () => resolve('window-created'));
  standIn.events.once('quit', () => resolve('quit'));
});

await import(pathToFileURL(join(scenario.appDir, 'dist-electron', 'main.mjs')).href);
standIn.emitReady();
report.outcome = await started;
report.quit = standIn.quitCalled;

const trusted = () => {
  const window = BrowserWindow.getAllWindows()[0];
  return { sender: window?.webContents, senderFrame: { url: 'app://withness/index.html#/', parent: null } };
};

for (const step of report.outcome === 'window-created' ? scenario.steps : []) {
  report.steps.push(await run(step));
}
report.windows = standIn.windows.map((window) => ({
  destroyed: window.destroyed,
  url: window.webContents.url,
  webPreferences: window.options.webPreferences,
}));
report.ipcChannels = [...standIn.ipcHandlers.keys()];
report.privilegedSchemes = standIn.privilegedSchemes;
report.spellChecker = standIn.ready ? (await import(electronUrl)).session.defaultSession.spellChecker : undefined;
process.stdout.write(`\n${JSON.stringify(report)}\n`);
process.exit(0);

async function run(step) {
  try {
    switch (step.type) {
      case 'call': {
        const handler = standIn.ipcHandlers.get(step.channel);
        if (!handler) return { ...step, error: 'no handler' };
        const event = step.foreign ? { senderFrame: { url: 'https://example.com/', parent: null } } : trusted();
        const result = await handler(event, step.input);
        return { ...step, result: step.keep ? result : summarise(result) };
      }
      case 'request': {
        const handler = standIn.ipcHandlers && (await import(electronUrl)).session.defaultSession.protocol.handlers.get('app');
        const response = await handler(new Request(step.url, { method: step.method ?? 'GET' }));
        const body = await response.text();
        return { ...step, status: response.status, headers: Object.fromEntries(response.headers), bodyStart: body.slice(0, 200), bodyLength: body.length };
      }
      case 'close-windows':
        for (const window of BrowserWindow.getAllWindows()) window.close();
        return { ...step, open: BrowserWindow.getAllWindows().length };
      case 'app-event':
        app.emit(step.name, {}, ...(step.args ?? []));
        return { ...step, open: BrowserWindow.getAllWindows().length };
      default:
        return { ...step, error: `unknown step ${step.type}` };
    }
  } catch (error) {
    return { ...step, thrown: String(error?.stack ?? error) };
  }
}

/** Results can be large (exports): keep their shape and sizes, not their bytes. */
function summarise(result) {
  if (!result?.ok || typeof result.value?.data_base64 !== 'string') return result;
  const bytes = Buffer.from(result.value.data_base64, 'base64');
  return { ok: true, value: { ...result.value, data_base64: undefined, bytes: bytes.length, head: bytes.subarray(0, 60).toString('latin1') } };
}
