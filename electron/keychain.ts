import type { KeychainProtector } from '../db/journal-keys/envelope.js';
import type { KeyOptions } from './journal-keys.js';

/** The part of Electron's safeStorage the app uses (typed here so this file needs no Electron at run time). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Whether the operating system's keychain really protects the journal's key. On Linux, safeStorage falls back to
 * `basic_text` (a hard-coded password) when no secret service runs: a key wrapped that way is as good as plain, so
 * the app then says so and asks for a passphrase instead of trusting it silently. Called after the app is ready
 * (before that, safeStorage reports no encryption on Linux and Windows).
 */
export function keychainFrom(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Pick<KeyOptions, 'keychain' | 'weakKeychain'> {
  if (!safeStorage.isEncryptionAvailable()) return { weakKeychain: 'no keychain is available' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return { weakKeychain: `Linux ${backend}` };
  }
  const keychain: KeychainProtector = {
    // safeStorage encrypts strings; the key goes in as base64 and is checked for its length on the way out.
    wrap: (dataKey) => safeStorage.encryptString(dataKey.toString('base64')),
    unwrap: (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64'),
  };
  return { keychain };
}
