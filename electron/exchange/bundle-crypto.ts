import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MAX_BUNDLE_PASSPHRASE_LENGTH, MIN_BUNDLE_PASSPHRASE_LENGTH } from '../api/channels/exchange.js';

/**
 * Encrypted bundles: a passphrase-sealed container around a bundle's zip, because a bundle carries real names.
 *
 * Layout (integers big-endian):
 *
 *   magic        26 bytes  "WITHNESS ENCRYPTED BUNDLE\n" — recognisable before any passphrase is asked for
 *   version       1 byte   1
 *   kdf           1 byte   1 = scrypt
 *   log2 N        1 byte   scrypt cost (17 → N = 131072)
 *   r             4 bytes  scrypt block size
 *   p             4 bytes  scrypt parallelism
 *   cipher        1 byte   1 = AES-256-GCM in chunks
 *   chunk size    4 bytes  plaintext bytes per chunk
 *   salt         16 bytes  random per file
 *   header MAC   32 bytes  HMAC-SHA-256 of everything above, with the MAC half of the derived key
 *   chunks …               each: ciphertext (chunk size bytes; the last one up to that) + 16-byte GCM tag
 *
 * scrypt turns the passphrase and salt into 64 bytes: an AES-256 key and an HMAC key. The KDF parameters live in the
 * header so a later version can raise them and still open older files. The header MAC lets a wrong passphrase be told
 * apart from a damaged body before any chunk is decrypted. Each chunk is sealed with the whole header as associated
 * data and a nonce made of its index and a "last chunk" flag (the key is new for every file, since the salt is), so
 * a chunk moved, dropped, repeated or cut off, or a file cut at a chunk boundary, fails authentication. Chunks keep
 * memory bounded per step, so a large bundle can be sealed or opened piece by piece.
 */

export const ENCRYPTED_BUNDLE_MAGIC = 'WITHNESS ENCRYPTED BUNDLE\n';
export const ENCRYPTED_BUNDLE_VERSION = 1;
export const ENCRYPTED_BUNDLE_MEDIA_TYPE = 'application/vnd.withness.encrypted-bundle';

// Shorter passphrases are refused at export: the KDF slows guessing, it cannot make a short passphrase long.
export { MAX_BUNDLE_PASSPHRASE_LENGTH, MIN_BUNDLE_PASSPHRASE_LENGTH };

export interface KdfParams {
  log2N: number;
  r: number;
  p: number;
}

/** N = 2^17, r = 8, p = 1: 128 MiB of memory and about a third of a second here per derivation. */
export const DEFAULT_KDF: KdfParams = { log2N: 17, r: 8, p: 1 };
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** What a reader accepts: at least the default cost, and at most what a laptop can give without failing (1 GiB). */
const MIN_LOG2N = 17;
const MAX_KDF_MEMORY = 1024 * 1024 * 1024;
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

const MAGIC = new TextEncoder().encode(ENCRYPTED_BUNDLE_MAGIC);
const FIXED_HEADER_BYTES = MAGIC.length + 1 + 1 + 1 + 4 + 4 + 1 + 4 + 16;
const MAC_BYTES = 32;
export const ENCRYPTED_BUNDLE_HEADER_BYTES = FIXED_HEADER_BYTES + MAC_BYTES;
const TAG_BYTES = 16;
const KDF_SCRYPT = 1;
const CIPHER_AES_GCM_CHUNKED = 1;

export type BundleCryptoFailure = 'passphrase' | 'too_short' | 'wrong_passphrase' | 'damaged' | 'truncated' | 'unsupported' | 'not_encrypted';

/** A bundle that cannot be sealed or opened; the message is for people and says that nothing was written. */
export class BundleCryptoError extends Error {
  constructor(
    readonly reason: BundleCryptoFailure,
    message: string,
  ) {
    super(message);
  }
}

/** True when the bytes start like an encrypted bundle (so the passphrase should be asked for). */
export function isEncryptedBundle(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let index = 0; index < MAGIC.length; index += 1) if (bytes[index] !== MAGIC[index]) return false;
  return true;
}

/** Why a passphrase may not seal a bundle, or undefined when it may. */
export function passphraseProblem(passphrase: string): string | undefined {
  const length = [...passphrase.normalize('NFC')].length;
  if (passphrase.trim().length === 0) return `The passphrase must be at least ${MIN_BUNDLE_PASSPHRASE_LENGTH} characters long (it has 0).`;
  if (length < MIN_BUNDLE_PASSPHRASE_LENGTH) return `The passphrase must be at least ${MIN_BUNDLE_PASSPHRASE_LENGTH} characters long (it has ${length}).`;
  if (length > MAX_BUNDLE_PASSPHRASE_LENGTH) return `The passphrase may be at most ${MAX_BUNDLE_PASSPHRASE_LENGTH} characters long.`;
  return undefined;
}

interface Header {
  bytes: Buffer;
  fixed: Buffer;
  mac: Buffer;
  kdf: KdfParams;
  chunkBytes: number;
  salt: Buffer;
}

interface Keys {
  cipher: Buffer;
  mac: Buffer;
}

function kdfMemory({ log2N, r, p }: KdfParams): number {
  return 128 * 2 ** log2N * r * p;
}

function deriveKeys(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Keys> {
  // NFC: the same Danish passphrase typed on two systems may arrive composed (å) or decomposed (a + ring).
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  const options: ScryptOptions = { N: 2 ** kdf.log2N, r: kdf.r, p: kdf.p, maxmem: kdfMemory(kdf) + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 64, options, (error, key) => {
      secret.fill(0);
      if (error) reject(new BundleCryptoError('unsupported', `The key could not be derived from the passphrase (${error.message}).`));
      else resolve({ cipher: key.subarray(0, 32), mac: key.subarray(32) });
    });
  });
}

function headerMac(keys: Keys, fixed: Buffer): Buffer {
  return createHmac('sha256', keys.mac).update(fixed).digest();
}

function nonce(index: number, last: boolean): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(index), 3);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

function sealChunk(keys: Keys, header: Buffer, index: number, last: boolean, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keys.cipher, nonce(index, last));
  cipher.setAAD(header);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(keys: Keys, header: Buffer, index: number, last: boolean, sealed: Uint8Array): Buffer | undefined {
  const decipher = createDecipheriv('aes-256-gcm', keys.cipher, nonce(index, last));
  decipher.setAAD(header);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([plain, decipher.final()]);
  } catch {
    plain.fill(0);
    return undefined;
  }
}

export interface SealOptions {
  kdf?: KdfParams;
  chunkBytes?: number;
}

/**
 * Seals a bundle's bytes with a passphrase. Refuses a passphrase shorter than the minimum (reason 'too_short').
 * The result starts with ENCRYPTED_BUNDLE_MAGIC.
 */
export async function sealBundle(plain: Uint8Array, passphrase: string, options: SealOptions = {}): Promise<Uint8Array> {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new BundleCryptoError('too_short', problem);
  const kdf = options.kdf ?? DEFAULT_KDF;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  checkParams(kdf, chunkBytes);
  const salt = randomBytes(16);
  const keys = await deriveKeys(passphrase, salt, kdf);
  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  let at = Buffer.from(MAGIC).copy(fixed, 0);
  at = fixed.writeUInt8(ENCRYPTED_BUNDLE_VERSION, at);
  at = fixed.writeUInt8(KDF_SCRYPT, at);
  at = fixed.writeUInt8(kdf.log2N, at);
  at = fixed.writeUInt32BE(kdf.r, at);
  at = fixed.writeUInt32BE(kdf.p, at);
  at = fixed.writeUInt8(CIPHER_AES_GCM_CHUNKED, at);
  at = fixed.writeUInt32BE(chunkBytes, at);
  salt.copy(fixed, at);
  const header = Buffer.concat([fixed, headerMac(keys, fixed)]);

  const chunkCount = Math.max(1, Math.ceil(plain.length / chunkBytes));
  // One output buffer filled chunk by chunk: a large bundle is held once more, not twice more.
  const sealed = Buffer.allocUnsafe(header.length + plain.length + chunkCount * TAG_BYTES);
  let offset = header.copy(sealed, 0);
  for (let index = 0; index < chunkCount; index += 1) {
    const start = index * chunkBytes;
    offset += sealChunk(keys, header, index, index === chunkCount - 1, plain.subarray(start, Math.min(start + chunkBytes, plain.length))).copy(sealed, offset);
  }
  keys.cipher.fill(0);
  keys.mac.fill(0);
  return new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength);
}

function checkParams(kdf: KdfParams, chunkBytes: number): void {
  const valid =
    Number.isInteger(kdf.log2N) &&
    Number.isInteger(kdf.r) &&
    Number.isInteger(kdf.p) &&
    kdf.log2N >= MIN_LOG2N &&
    kdf.log2N <= 30 &&
    kdf.r >= 1 &&
    kdf.p >= 1 &&
    kdf.p <= 16 &&
    kdfMemory(kdf) <= MAX_KDF_MEMORY;
  if (!valid) {
    throw new BundleCryptoError(
      'unsupported',
      `This bundle's key derivation (scrypt N = 2^${kdf.log2N}, r = ${kdf.r}, p = ${kdf.p}) is outside what Withness accepts (N at least 2^${MIN_LOG2N}, at most 1 GiB of memory). Nothing was imported.`,
    );
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
    throw new BundleCryptoError('unsupported', `This bundle's chunk size (${chunkBytes} bytes) is outside what Withness accepts. Nothing was imported.`);
  }
}

/** Reads and checks the header's shape (not yet its MAC, which needs the passphrase). */
export function readEncryptedBundleHeader(bytes: Uint8Array): Header {
  if (!isEncryptedBundle(bytes)) throw new BundleCryptoError('not_encrypted', 'This file is not an encrypted Withness bundle.');
  if (bytes.length < ENCRYPTED_BUNDLE_HEADER_BYTES) {
    throw new BundleCryptoError('truncated', 'The encrypted bundle is cut off: its header is incomplete. Nothing was imported.');
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = MAGIC.length;
  const version = buffer.readUInt8(at++);
  if (version > ENCRYPTED_BUNDLE_VERSION) {
    throw new BundleCryptoError(
      'unsupported',
      `This bundle was encrypted by a newer version of Withness (encryption format ${version}; this version reads up to ${ENCRYPTED_BUNDLE_VERSION}). Update Withness to import it.`,
    );
  }
  const kdfId = buffer.readUInt8(at++);
  const log2N = buffer.readUInt8(at++);
  const r = buffer.readUInt32BE(at);
  const p = buffer.readUInt32BE(at + 4);
  at += 8;
  const cipherId = buffer.readUInt8(at++);
  const chunkBytes = buffer.readUInt32BE(at);
  at += 4;
  if (version !== ENCRYPTED_BUNDLE_VERSION || kdfId !== KDF_SCRYPT || cipherId !== CIPHER_AES_GCM_CHUNKED) {
    throw new BundleCryptoError('unsupported', 'This encrypted bundle uses a scheme this version of Withness does not know; it may be damaged. Nothing was imported.');
  }
  const kdf = { log2N, r, p };
  checkParams(kdf, chunkBytes);
  const salt = Buffer.from(buffer.subarray(at, at + 16));
  const fixed = Buffer.from(buffer.subarray(0, FIXED_HEADER_BYTES));
  const mac = Buffer.from(buffer.subarray(FIXED_HEADER_BYTES, ENCRYPTED_BUNDLE_HEADER_BYTES));
  return { bytes: Buffer.concat([fixed, mac]), fixed, mac, kdf, chunkBytes, salt };
}

/**
 * Opens an encrypted bundle: the plaintext (the bundle's zip) only when the passphrase is right and every chunk, in
 * order and complete, authenticates. Otherwise a BundleCryptoError whose message says what is wrong.
 */
export async function openBundle(sealed: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const header = readEncryptedBundleHeader(sealed);
  const keys = await deriveKeys(passphrase, header.salt, header.kdf);
  try {
    if (!timingSafeEqual(headerMac(keys, header.fixed), header.mac)) {
      throw new BundleCryptoError(
        'wrong_passphrase',
        'The passphrase is wrong for this bundle (or its header was damaged). Check the passphrase with the person who exported it. Nothing was imported.',
      );
    }
    const body = sealed.subarray(ENCRYPTED_BUNDLE_HEADER_BYTES);
    const record = header.chunkBytes + TAG_BYTES;
    if (body.length < TAG_BYTES) throw new BundleCryptoError('truncated', 'The encrypted bundle is cut off: it ends before its content. Nothing was imported.');
    const chunkCount = Math.ceil(body.length / record);
    if (body.length - (chunkCount - 1) * record < TAG_BYTES) throw damaged(chunkCount - 1);
    // Decrypted straight into one buffer of the plaintext's size; wiped if a later chunk fails.
    const plain = Buffer.alloc(body.length - chunkCount * TAG_BYTES);
    let written = 0;
    let offset = 0;
    for (let index = 0; offset < body.length; index += 1) {
      // Every chunk but the last is full; a remainder of at most one full record is the last one.
      const last = body.length - offset <= record;
      const end = last ? body.length : offset + record;
      const chunk = body.subarray(offset, end);
      const opened = openChunk(keys, header.bytes, index, last, chunk);
      if (!opened) {
        plain.fill(0);
        // A full chunk that opens as a middle one means the file stopped at a chunk boundary.
        const middle = last && chunk.length === record ? openChunk(keys, header.bytes, index, false, chunk) : undefined;
        if (middle) {
          middle.fill(0);
          throw new BundleCryptoError('truncated', 'The encrypted bundle is incomplete: it was cut off after export. Nothing was imported.');
        }
        throw damaged(index);
      }
      written += opened.copy(plain, written);
      opened.fill(0);
      offset = end;
    }
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  } finally {
    keys.cipher.fill(0);
    keys.mac.fill(0);
  }
}

function damaged(index: number): BundleCryptoError {
  return new BundleCryptoError(
    'damaged',
    `The encrypted bundle is damaged, incomplete or was changed after export (part ${index + 1} does not match its authentication tag). Nothing was imported.`,
  );
}
