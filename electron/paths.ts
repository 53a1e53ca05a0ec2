import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATABASE_FILE_NAME = 'withness.sqlite';

/**
 * Where Electron keeps Withness's user data (app.getPath('userData') for the product name
 * "Withness"), so the command line and browser mode find the same journal as the app.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Withness');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Withness');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Withness');
}

export function defaultDatabasePath(): string {
  return join(defaultDataDir(), DATABASE_FILE_NAME);
}
