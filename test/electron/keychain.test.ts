import { describe, expect, it } from 'vitest';
import { keychainFrom, type SafeStorageLike } from '../../electron/keychain.js';

/** A safeStorage with a given availability and Linux backend; its "encryption" reverses the bytes (enough to see them go through it). */
function safeStorage(available: boolean, backend: string): SafeStorageLike & { calls: number } {
  const store = {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(text: string) {
      store.calls += 1;
      return Buffer.from(text).reverse();
    },
    decryptString(blob: Buffer) {
      return Buffer.from(blob).reverse().toString();
    },
  };
  return store;
}

describe('which keychain the app trusts', () => {
  it('trusts a real Linux keyring, macOS and Windows, and round-trips the key through safeStorage', () => {
    for (const [platform, backend] of [['linux', 'gnome_libsecret'], ['linux', 'kwallet6'], ['darwin', 'unknown'], ['win32', 'unknown']] as const) {
      const storage = safeStorage(true, backend);
      const { keychain, weakKeychain } = keychainFrom(storage, platform);
      expect(weakKeychain).toBeUndefined();
      const key = Buffer.alloc(32, 7);
      const blob = keychain!.wrap(key);
      expect(storage.calls).toBe(1);
      expect(blob.equals(key)).toBe(false);
      expect(keychain!.unwrap(blob)).toEqual(key);
    }
  });

  it('refuses basic_text and an unknown Linux backend, and a keychain that is not available, saying which', () => {
    expect(keychainFrom(safeStorage(true, 'basic_text'), 'linux')).toEqual({ weakKeychain: 'Linux basic_text' });
    expect(keychainFrom(safeStorage(true, 'unknown'), 'linux')).toEqual({ weakKeychain: 'Linux unknown' });
    expect(keychainFrom(safeStorage(false, 'gnome_libsecret'), 'linux')).toEqual({ weakKeychain: 'no keychain is available' });
    expect(keychainFrom(safeStorage(false, 'unknown'), 'darwin')).toEqual({ weakKeychain: 'no keychain is available' });
  });
});
