import { keychainFrom, type SafeStorageLike } from '../keychain.js';
import { keychainSecretStore, memorySecretStore, secretsPathFor, type SecretStore } from './secrets.js';

/**
 * The app's store for team passwords: encrypted by safeStorage beside the journal where the OS keychain really
 * protects (the same test the journal's key wrap uses), else in memory only, since Linux's basic_text fallback
 * would be as good as plain text on disk.
 */
export function teamSecretStore(journalPath: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretStore {
  return keychainFrom(safeStorage, platform).keychain ? keychainSecretStore(secretsPathFor(journalPath), safeStorage) : memorySecretStore();
}
