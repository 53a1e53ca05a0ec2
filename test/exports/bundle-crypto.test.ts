import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BundleCryptoError,
  DEFAULT_KDF,
  ENCRYPTED_BUNDLE_HEADER_BYTES,
  ENCRYPTED_BUNDLE_MAGIC,
  isEncryptedBundle,
  openBundle,
  readEncryptedBundleHeader,
  sealBundle,
} from '../../electron/exchange/bundle-crypto.js';

const PASSPHRASE = 'korrekt hest batteri hæfteklamme';
const TAG = 16;

async function refusal(promise: Promise<unknown>): Promise<BundleCryptoError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(BundleCryptoError);
  return error as BundleCryptoError;
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
}

describe('the encrypted bundle container', { timeout: 60_000 }, () => {
  it('round-trips any length, chunk by chunk, and starts with a readable magic and the KDF parameters', async () => {
    const plain = randomBytes(10_000);
    for (const [length, chunkBytes] of [
      [0, 1024],
      [1, 1024],
      [1024, 1024],
      [1025, 1024],
      [10_000, 4096],
    ] as const) {
      const sealed = await sealBundle(plain.subarray(0, length), PASSPHRASE, { chunkBytes });
      expect(Buffer.from(sealed.subarray(0, ENCRYPTED_BUNDLE_MAGIC.length)).toString('latin1')).toBe(ENCRYPTED_BUNDLE_MAGIC);
      expect(isEncryptedBundle(sealed)).toBe(true);
      const chunks = Math.max(1, Math.ceil(length / chunkBytes));
      expect(sealed.length).toBe(ENCRYPTED_BUNDLE_HEADER_BYTES + length + chunks * TAG);
      expect(Buffer.from(await openBundle(sealed, PASSPHRASE)).equals(plain.subarray(0, length))).toBe(true);
    }
    const header = readEncryptedBundleHeader(await sealBundle(plain, PASSPHRASE));
    expect(header.kdf).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(DEFAULT_KDF.log2N).toBeGreaterThanOrEqual(17);
    expect(header.salt).toHaveLength(16);
    // A new salt (so a new key) every time.
    const again = readEncryptedBundleHeader(await sealBundle(plain, PASSPHRASE));
    expect(again.salt.equals(header.salt)).toBe(false);
  });

  it('opens a bundle sealed with stronger parameters (they are read from the header) and the same passphrase in another Unicode form', async () => {
    const plain = randomBytes(3000);
    const sealed = await sealBundle(plain, 'ærø på skæve ålestænger', { kdf: { log2N: 18, r: 8, p: 1 }, chunkBytes: 1000 });
    expect(readEncryptedBundleHeader(sealed).kdf.log2N).toBe(18);
    expect(Buffer.from(await openBundle(sealed, 'ærø på skæve ålestænger'.normalize('NFD'))).equals(plain)).toBe(true);
  });

  it('refuses too short a passphrase, and parameters weaker than the minimum', async () => {
    expect((await refusal(sealBundle(new Uint8Array(10), 'short pass'))).message).toBe('The passphrase must be at least 12 characters long (it has 10).');
    expect((await refusal(sealBundle(new Uint8Array(10), ' '.repeat(20)))).reason).toBe('too_short');
    expect((await refusal(sealBundle(new Uint8Array(10), PASSPHRASE, { kdf: { log2N: 14, r: 8, p: 1 } }))).message).toMatch(/N at least 2\^17/);
  });

  it('refuses a wrong passphrase, saying so', async () => {
    const sealed = await sealBundle(randomBytes(5000), PASSPHRASE, { chunkBytes: 1024 });
    const error = await refusal(openBundle(sealed, `${PASSPHRASE}!`));
    expect(error.reason).toBe('wrong_passphrase');
    expect(error.message).toMatch(/passphrase is wrong.*Nothing was imported/);
  });

  it('refuses a flipped byte in the header, in the body and in a tag', async () => {
    const plain = randomBytes(5000);
    const sealed = await sealBundle(plain, PASSPHRASE, { chunkBytes: 1024 });
    const salt = ENCRYPTED_BUNDLE_MAGIC.length + 1 + 1 + 1 + 4 + 4 + 1 + 4;
    // Header: the magic (no longer recognised), the cost (outside the accepted range or a different key), the salt, the MAC.
    expect((await refusal(openBundle(flipped(sealed, 0), PASSPHRASE))).reason).toBe('not_encrypted');
    expect((await refusal(openBundle(flipped(sealed, ENCRYPTED_BUNDLE_MAGIC.length + 2), PASSPHRASE))).reason).toBe('unsupported');
    expect((await refusal(openBundle(flipped(sealed, salt + 3), PASSPHRASE))).reason).toBe('wrong_passphrase');
    expect((await refusal(openBundle(flipped(sealed, ENCRYPTED_BUNDLE_HEADER_BYTES - 1), PASSPHRASE))).reason).toBe('wrong_passphrase');
    // Body: a byte of the first and of the last chunk's ciphertext.
    const body = await refusal(openBundle(flipped(sealed, ENCRYPTED_BUNDLE_HEADER_BYTES + 10), PASSPHRASE));
    expect(body.reason).toBe('damaged');
    expect(body.message).toMatch(/part 1 does not match its authentication tag\)\. Nothing was imported\./);
    expect((await refusal(openBundle(flipped(sealed, sealed.length - TAG - 5), PASSPHRASE))).message).toMatch(/part 5 /);
    // Tags: the first chunk's and the last one's.
    expect((await refusal(openBundle(flipped(sealed, ENCRYPTED_BUNDLE_HEADER_BYTES + 1024 + 3), PASSPHRASE))).message).toMatch(/part 1 /);
    expect((await refusal(openBundle(flipped(sealed, sealed.length - 1), PASSPHRASE))).message).toMatch(/part 5 /);
    // The untouched file still opens: the refusals above came from the flips.
    expect(Buffer.from(await openBundle(sealed, PASSPHRASE)).equals(plain)).toBe(true);
  });

  it('refuses a file cut off anywhere, chunks swapped, and bytes added at the end', async () => {
    const sealed = await sealBundle(randomBytes(5000), PASSPHRASE, { chunkBytes: 1024 });
    const record = 1024 + TAG;
    const atBoundary = await refusal(openBundle(sealed.subarray(0, ENCRYPTED_BUNDLE_HEADER_BYTES + 2 * record), PASSPHRASE));
    expect(atBoundary.reason).toBe('truncated');
    expect(atBoundary.message).toMatch(/cut off after export/);
    expect((await refusal(openBundle(sealed.subarray(0, sealed.length - 1), PASSPHRASE))).reason).toBe('damaged');
    expect((await refusal(openBundle(sealed.subarray(0, ENCRYPTED_BUNDLE_HEADER_BYTES), PASSPHRASE))).reason).toBe('truncated');
    expect((await refusal(openBundle(sealed.subarray(0, 40), PASSPHRASE))).reason).toBe('truncated');

    const header = sealed.subarray(0, ENCRYPTED_BUNDLE_HEADER_BYTES);
    const first = sealed.subarray(ENCRYPTED_BUNDLE_HEADER_BYTES, ENCRYPTED_BUNDLE_HEADER_BYTES + record);
    const second = sealed.subarray(ENCRYPTED_BUNDLE_HEADER_BYTES + record, ENCRYPTED_BUNDLE_HEADER_BYTES + 2 * record);
    const rest = sealed.subarray(ENCRYPTED_BUNDLE_HEADER_BYTES + 2 * record);
    const swapped = Buffer.concat([header, second, first, rest]);
    expect(createHash('sha256').update(swapped).digest('hex')).not.toBe(createHash('sha256').update(sealed).digest('hex'));
    expect((await refusal(openBundle(swapped, PASSPHRASE))).message).toMatch(/part 1 /);
    expect((await refusal(openBundle(Buffer.concat([sealed, first]), PASSPHRASE))).reason).toBe('damaged');
    expect((await refusal(openBundle(Buffer.concat([sealed, Buffer.from([0])]), PASSPHRASE))).reason).toBe('damaged');
  });

  it('tells a later encryption format from a damaged one', async () => {
    const sealed = await sealBundle(randomBytes(100), PASSPHRASE);
    const later = Uint8Array.from(sealed);
    later[ENCRYPTED_BUNDLE_MAGIC.length] = 2;
    expect((await refusal(openBundle(later, PASSPHRASE))).message).toMatch(/newer version of Withness \(encryption format 2/);
    expect(isEncryptedBundle(new TextEncoder().encode('PK\u0003\u0004 a zip'))).toBe(false);
  });
});
