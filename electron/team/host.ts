import type { Dispatcher, JournalHost } from '../journal.js';
import { startAutoSync, type AutoSyncOptions } from './scheduler.js';
import { useSecretStore, type SecretStore } from './secrets.js';

export interface TeamHostOptions {
  /** Where the host keeps team passwords: the keychain in the app, memory in browser mode. */
  secrets: SecretStore;
  auto?: AutoSyncOptions;
}

/**
 * Team sync for a journal host (the Electron app, browser mode): its password store, and automatic sync at start,
 * on a timer and after saves. Returns the dispatcher to serve, which is the host's own with a sync due after writes.
 */
export function attachTeamSync(host: JournalHost, options: TeamHostOptions): { dispatch: Dispatcher; stop(): Promise<void> } {
  useSecretStore(host.path, options.secrets);
  const auto = startAutoSync(() => (host.state === 'ok' ? host.db : undefined), options.auto);
  const dispatch = auto.wrap(host.dispatch);
  const enabled = options.auto?.enabled !== false;
  return {
    dispatch: async (channel, input) => {
      const result = await dispatch(channel, input);
      // A journal that started locked syncs as soon as it opens, as an unlocked one does at start.
      if (enabled && result.ok && (channel === 'journal:unlock' || channel === 'backups:restore')) void auto.runAll();
      return result;
    },
    stop: () => auto.stop(),
  };
}

/** `WITHNESS_AUTO_SYNC=off` (or 0/false/no) turns automatic sync off, as --auto-sync off does. */
export function autoSyncFromEnvironment(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (flag ?? env.WITHNESS_AUTO_SYNC ?? 'on').trim().toLowerCase();
  if (['off', '0', 'false', 'no'].includes(value)) return false;
  if (['on', '1', 'true', 'yes', ''].includes(value)) return true;
  throw new Error(`--auto-sync must be on or off, not "${value}".`);
}
