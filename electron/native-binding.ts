import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The better-sqlite3-multiple-ciphers addon built for Electron's ABI. `npm run native:electron` prepares it in
 * .electron-native/<os>-<arch>/ (os as electron-builder names it: mac, win, linux; see scripts/electron-native.mjs),
 * while node_modules keeps the Node build for tests; packaged apps carry it in resources/native/, outside the asar.
 */
export function electronNativeBinding(appPath: string, isPackaged: boolean, resourcesPath: string, platform = process.platform, arch = process.arch): string {
  const candidate = isPackaged
    ? join(resourcesPath, 'native', 'better_sqlite3.node')
    : join(appPath, '.electron-native', `${{ darwin: 'mac', win32: 'win' }[platform as string] ?? platform}-${arch}`, 'better_sqlite3.node');
  if (!existsSync(candidate)) {
    throw new Error(`The SQLite module for Electron is missing at ${candidate}. Run "npm run native:electron" first.`);
  }
  return candidate;
}
