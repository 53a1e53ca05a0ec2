import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DATA_KEY_BYTES } from '../sqlite.js';
import { newRecoveryKey, normalizeRecoveryKey, recoveryKeyBytes, RecoveryKeyFormatError } from './recovery-key.js';

/**
 * The key envelope of an encrypted journal: the journal's random 32-byte data key is never stored; only copies of
 * it wrapped (AES-256-GCM) by keys the user holds, in a small JSON file beside the journal
 * (`withness.sqlite.keys.json`). Always one wrap by the recovery key; one by a passphrase where one is set; one by
 * the operating system's keychain (Electron safeStorage) in the app. Any one of them opens the journal.
 *
 * Key derivation is scrypt, memory-hard so that guessing on graphics cards or custom chips costs memory as well as
 * time:
 * - passphrase: N=2^17, r=8, p=1 (128 MiB, about 0.3 s here). People choose guessable passphrases, so this is as
 *   slow as an unlock can be without annoying; it is OWASP's recommended minimum for scrypt.
 * - recovery key: N=2^15, r=8, p=1 (32 MiB, about 0.07 s). The key itself carries 160 random bits, which no
 *   amount of guessing reaches; the memory-hard step is a second line only, so it can be cheaper.
 */
export const PASSPHRASE_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
export const RECOVERY_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;
/**
 * A passphrase shorter than this is refused: the data key is only as safe as the weakest wrap, and the key file
 * sits beside the journal, so whoever has the laptop can guess offline. The same minimum as a bundle's.
 */
export const MIN_PASSPHRASE_LENGTH = 12;

const FORMAT = 'withness-journal-keys';
const VERSION = 1;

export type WrapKind = 'recovery' | 'passphrase' | 'keychain';

/** Wraps and unwraps the data key with the operating system's keychain (Electron safeStorage in the app). */
export interface KeychainProtector {
  wrap(dataKey: Buffer): Buffer;
  unwrap(blob: Buffer): Buffer;
}

const Kdf = z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() });
const Sealed = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
const Wrap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recovery'), created_at: z.string(), kdf: Kdf, sealed: Sealed }),
  z.object({ kind: z.literal('passphrase'), created_at: z.string(), kdf: Kdf, sealed: Sealed }),
  z.object({ kind: z.literal('keychain'), created_at: z.string(), blob: z.string() }),
]);
const EnvelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  /** False until the user has said they wrote the recovery key down; the app keeps asking until then. */
  recovery_confirmed: z.boolean(),
  /** False when the recovery key was made without being shown to anyone (the app's first start): it is issued anew to be seen. */
  recovery_shown: z.boolean().optional(),
  /**
   * True once any recovery key of this journal was confirmed: from then on a new one needs the current passphrase or
   * recovery key, so a person at an unlocked computer cannot void the owner's key on paper.
   */
  recovery_ever_confirmed: z.boolean().optional(),
  wraps: z.array(Wrap),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;
type WrapEntry = z.infer<typeof Wrap>;

/** A secret that does not open the envelope, or an envelope that cannot be read. Nothing was written. */
export class KeyEnvelopeError extends Error {
  constructor(
    readonly reason: 'wrong_passphrase' | 'wrong_recovery_key' | 'recovery_key_typo' | 'keychain_failed' | 'no_such_wrap' | 'unreadable' | 'missing' | 'weak_passphrase',
    message: string,
  ) {
    super(message);
  }
}

export function keysPathFor(journalPath: string): string {
  return `${journalPath}.keys.json`;
}

export function hasEnvelope(journalPath: string): boolean {
  return existsSync(keysPathFor(journalPath));
}

export function readEnvelope(journalPath: string): Envelope {
  return readEnvelopeFile(keysPathFor(journalPath));
}

export function readEnvelopeFile(path: string): Envelope {
  if (!existsSync(path)) {
    throw new KeyEnvelopeError('missing', `The journal's key file (${basename(path)}) is missing, so the journal cannot be unlocked. Put it back beside the journal.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KeyEnvelopeError('unreadable', `The journal's key file (${basename(path)}) cannot be read: ${(error as Error).message}`);
  }
  const result = EnvelopeSchema.safeParse(parsed);
  if (!result.success) throw new KeyEnvelopeError('unreadable', `The journal's key file (${basename(path)}) is not a Withness key file, or it is damaged.`);
  return result.data;
}

/** Temp file, fsync, rename, fsync the folder: a crash leaves the old file or the new one, never half of one. */
export function writeEnvelope(journalPath: string, envelope: Envelope): void {
  writeEnvelopeFile(keysPathFor(journalPath), envelope);
}

export function writeEnvelopeFile(path: string, envelope: Envelope): void {
  // The journal's folder may not exist yet (a first start: openDatabase makes it too).
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(EnvelopeSchema.parse(envelope), null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // already closed after a failed write
    }
  }
  renameSync(temp, path);
  syncFolder(dirname(path));
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder; the rename is still atomic there.
  }
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export interface SetupOptions {
  passphrase?: string;
  keychain?: KeychainProtector;
}

/** A new envelope for `dataKey`: always a recovery wrap, plus a passphrase and keychain wrap when given. */
export async function createEnvelope(dataKey: Buffer, options: SetupOptions = {}): Promise<{ envelope: Envelope; recoveryKey: string }> {
  const recoveryKey = newRecoveryKey();
  const wraps: WrapEntry[] = [await recoveryWrap(dataKey, recoveryKey)];
  if (options.passphrase !== undefined) wraps.push(await passphraseWrap(dataKey, options.passphrase));
  if (options.keychain) wraps.push(keychainWrap(dataKey, options.keychain));
  return { envelope: { format: FORMAT, version: VERSION, recovery_confirmed: false, wraps }, recoveryKey };
}

export function hasWrap(envelope: Envelope, kind: WrapKind): boolean {
  return envelope.wraps.some((wrap) => wrap.kind === kind);
}

/** The same envelope with the wrap of `kind` replaced (or added, or removed when `wrap` is undefined). */
export function withWrap(envelope: Envelope, kind: WrapKind, wrap: WrapEntry | undefined): Envelope {
  const others = envelope.wraps.filter((entry) => entry.kind !== kind);
  return { ...envelope, wraps: wrap ? [...others, wrap] : others };
}

export async function recoveryWrap(dataKey: Buffer, recoveryKey: string): Promise<WrapEntry> {
  const salt = randomBytes(16);
  const kek = await derive(recoveryKeyBytes(recoveryKey), salt, RECOVERY_KDF);
  return { kind: 'recovery', created_at: new Date().toISOString(), kdf: { name: 'scrypt', ...RECOVERY_KDF, salt: salt.toString('base64') }, sealed: seal(kek, dataKey, 'recovery') };
}

export async function passphraseWrap(dataKey: Buffer, passphrase: string): Promise<WrapEntry> {
  assertPassphrase(passphrase);
  const salt = randomBytes(16);
  const kek = await derive(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, PASSPHRASE_KDF);
  return { kind: 'passphrase', created_at: new Date().toISOString(), kdf: { name: 'scrypt', ...PASSPHRASE_KDF, salt: salt.toString('base64') }, sealed: seal(kek, dataKey, 'passphrase') };
}

export function keychainWrap(dataKey: Buffer, keychain: KeychainProtector): WrapEntry {
  return { kind: 'keychain', created_at: new Date().toISOString(), blob: keychain.wrap(dataKey).toString('base64') };
}

export function assertPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new KeyEnvelopeError('weak_passphrase', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters; a few words you will remember are best.`);
  }
}

export async function unlockWithPassphrase(envelope: Envelope, passphrase: string): Promise<Buffer> {
  const wrap = envelope.wraps.find((entry) => entry.kind === 'passphrase');
  if (!wrap || wrap.kind !== 'passphrase') throw new KeyEnvelopeError('no_such_wrap', 'This journal has no passphrase. Unlock it with its recovery key.');
  const kek = await derive(Buffer.from(passphrase.normalize('NFC'), 'utf8'), Buffer.from(wrap.kdf.salt, 'base64'), wrap.kdf);
  const key = open(kek, wrap.sealed, 'passphrase');
  if (!key) throw new KeyEnvelopeError('wrong_passphrase', 'That passphrase does not unlock this journal. Nothing was changed.');
  return key;
}

export async function unlockWithRecoveryKey(envelope: Envelope, recoveryKey: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = recoveryKeyBytes(recoveryKey);
  } catch (error) {
    if (error instanceof RecoveryKeyFormatError) throw new KeyEnvelopeError('recovery_key_typo', error.message);
    throw error;
  }
  const wrap = envelope.wraps.find((entry) => entry.kind === 'recovery');
  if (!wrap || wrap.kind !== 'recovery') throw new KeyEnvelopeError('no_such_wrap', 'This key file holds no recovery key wrap.');
  const kek = await derive(bytes, Buffer.from(wrap.kdf.salt, 'base64'), wrap.kdf);
  const key = open(kek, wrap.sealed, 'recovery');
  if (!key) throw new KeyEnvelopeError('wrong_recovery_key', 'That recovery key belongs to another journal (or to an earlier key of this one). Nothing was changed.');
  return key;
}

export function unlockWithKeychain(envelope: Envelope, keychain: KeychainProtector): Buffer {
  const wrap = envelope.wraps.find((entry) => entry.kind === 'keychain');
  if (!wrap || wrap.kind !== 'keychain') throw new KeyEnvelopeError('no_such_wrap', 'This journal is not kept in this computer\'s keychain.');
  let key: Buffer;
  try {
    key = keychain.unwrap(Buffer.from(wrap.blob, 'base64'));
  } catch (error) {
    throw new KeyEnvelopeError('keychain_failed', `The computer's keychain could not unlock the journal (${(error as Error).message}). Use the passphrase or the recovery key.`);
  }
  if (key.length !== DATA_KEY_BYTES) throw new KeyEnvelopeError('keychain_failed', "The computer's keychain returned something that is not this journal's key. Use the passphrase or the recovery key.");
  return key;
}

/**
 * A key file or a prompt gives one text: a recovery key when it has a recovery key's shape (35 letters and digits
 * with a valid check), otherwise a passphrase.
 */
export async function unlockWithSecret(envelope: Envelope, secret: string): Promise<Buffer> {
  const text = secret.replace(/\r?\n$/, '');
  let canonical: string | undefined;
  try {
    canonical = normalizeRecoveryKey(text);
  } catch {
    canonical = undefined;
  }
  if (canonical) return unlockWithRecoveryKey(envelope, canonical);
  if (!hasWrap(envelope, 'passphrase')) throw new KeyEnvelopeError('wrong_recovery_key', 'That is neither a valid recovery key nor a passphrase of this journal (it has no passphrase). Nothing was changed.');
  return unlockWithPassphrase(envelope, text);
}

function derive(secret: Buffer, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  if (params.N > 2 ** 20 || params.r > 16 || params.p > 4) throw new KeyEnvelopeError('unreadable', "The journal's key file asks for an unreasonable key derivation; it is damaged or was tampered with.");
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCallback(secret, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** The wrap's kind is bound in as associated data, so a sealed key cannot be moved to another kind of wrap. */
function seal(kek: Buffer, dataKey: Buffer, kind: WrapKind): z.infer<typeof Sealed> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`${FORMAT}:${VERSION}:${kind}`));
  const data = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function open(kek: Buffer, sealed: z.infer<typeof Sealed>, kind: WrapKind): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${FORMAT}:${VERSION}:${kind}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return key.length === DATA_KEY_BYTES ? key : undefined;
  } catch {
    return undefined;
  }
}

export { normalizeRecoveryKey };
