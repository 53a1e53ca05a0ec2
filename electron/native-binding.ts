import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The better-sqlite3 addon built for Electron's ABI. `npm run native:electron` prepares it in
 * .electron-native/ (node_modules keeps the Node build for tests); packaged apps carry it in
 * resources/native/, outside the asar archive.
 */
export function electronNativeBinding(appPath: string, isPackaged: boolean, resourcesPath: string): string {
  const candidate = isPackaged
    ? join(resourcesPath, 'native', 'better_sqlite3.node')
    : join(appPath, '.electron-native', 'better_sqlite3.node');
  if (!existsSync(candidate)) {
    throw new Error(`The SQLite module for Electron is missing at ${candidate}. Run "npm run native:electron" first.`);
  }
  return candidate;
}
