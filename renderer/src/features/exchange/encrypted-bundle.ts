/**
 * What the renderer needs to know about encrypted bundles without Node: how one starts (to ask for its passphrase
 * before sending it) and the passphrase rule. They mirror ENCRYPTED_BUNDLE_MAGIC (electron/exchange/bundle-crypto.ts)
 * and MIN_BUNDLE_PASSPHRASE_LENGTH (electron/api/channels/exchange.ts); test/renderer/bundle-encryption.test.tsx
 * keeps them equal. The API checks the passphrase again.
 */
export const ENCRYPTED_BUNDLE_MAGIC = 'WITHNESS ENCRYPTED BUNDLE\n';
export const MIN_PASSPHRASE_LENGTH = 12;

export function isEncryptedBundle(bytes: Uint8Array): boolean {
  if (bytes.length < ENCRYPTED_BUNDLE_MAGIC.length) return false;
  for (let index = 0; index < ENCRYPTED_BUNDLE_MAGIC.length; index += 1) {
    if (bytes[index] !== ENCRYPTED_BUNDLE_MAGIC.charCodeAt(index)) return false;
  }
  return true;
}

/** Characters as people count them: code points of the composed form. */
export function passphraseLength(passphrase: string): number {
  return passphrase.trim().length === 0 ? 0 : [...passphrase.normalize('NFC')].length;
}
