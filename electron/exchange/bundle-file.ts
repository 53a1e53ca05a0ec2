import { ApiError } from '../api/result.js';
import type { BundleFile } from './bundle.js';
import { BundleCryptoError, ENCRYPTED_BUNDLE_MEDIA_TYPE, isEncryptedBundle, openBundle, sealBundle } from './bundle-crypto.js';

/**
 * The .withness file as it leaves and enters the journal: a bundle's zip sealed with a passphrase (the default), or
 * the zip itself when a plain bundle was asked for explicitly. Shared by the API handlers and the command line.
 */

export type BundleProtection = { passphrase: string } | { plain: true };

export async function exportBundleFile(file: BundleFile, protection: BundleProtection): Promise<{ file_name: string; media_type: string; bytes: Uint8Array }> {
  if ('plain' in protection) return file;
  try {
    return { file_name: file.file_name, media_type: ENCRYPTED_BUNDLE_MEDIA_TYPE, bytes: await sealBundle(file.bytes, protection.passphrase) };
  } catch (error) {
    if (error instanceof BundleCryptoError) throw new ApiError('invalid_input', error.message);
    throw error;
  }
}

/**
 * The bundle's zip from a .withness file: opened with the passphrase when the file is encrypted (refused in words when
 * the passphrase is missing or wrong, or the file was changed or cut off), the bytes as they are when it is plain.
 * Nothing is written here; a refusal leaves the journal as it was.
 */
export async function openBundleFile(bytes: Uint8Array, passphrase: string | undefined): Promise<Uint8Array> {
  if (!isEncryptedBundle(bytes)) return bytes;
  if (passphrase === undefined || passphrase.length === 0) {
    throw new ApiError('invalid_input', 'This bundle is encrypted. Give the passphrase it was exported with. Nothing was imported.');
  }
  try {
    return await openBundle(bytes, passphrase);
  } catch (error) {
    if (error instanceof BundleCryptoError) throw new ApiError('invalid_input', error.message);
    throw error;
  }
}
