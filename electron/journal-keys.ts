import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import {
  assertPassphrase,
  createEnvelope,
  hasEnvelope,
  hasWrap,
  keychainWrap,
  KeyEnvelopeError,
  keysPathFor,
  newDataKey,
  passphraseWrap,
  readEnvelope,
  readEnvelopeFile,
  recoveryWrap,
  unlockWithKeychain,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  unlockWithSecret,
  withWrap,
  writeEnvelope,
  writeEnvelopeFile,
  type Envelope,
  type KeychainProtector,
} from '../db/journal-keys/envelope.js';
import {
  encryptOtherCopies,
  encryptPlainBackups,
  rekeyOpenJournal,
  settleInterruptedConversion,
  swapInEncrypted,
  wipeFile,
  writeEncryptedCopy,
  type BackupConversion,
  type OtherCopies,
} from '../db/journal-keys/journal-file.js';
import { newRecoveryKey } from '../db/journal-keys/recovery-key.js';
import { connectionKey, looksEncrypted, type Db } from '../db/sqlite.js';
import { ApiError } from './api/result.js';

/**
 * How a journal host deals with keys: what the process offers (the OS keychain in the app) and what a new journal
 * is. The db code stays free of Electron: the app passes the keychain as two functions.
 */
export interface KeyOptions {
  /** The operating system's keychain (Electron safeStorage) when it really protects secrets. */
  keychain?: KeychainProtector;
  /**
   * Set in the app when the keychain exists but protects nothing (Linux basic_text) or is unavailable: the UI says
   * so and a passphrase is required. Undefined in browser mode and on the command line (no keychain at all).
   */
  weakKeychain?: string;
  /** A journal that does not exist yet is set up encrypted (app, browser mode) or created plain (tests, --plain). */
  newJournal?: 'encrypted' | 'plain';
  /** The passphrase or recovery key given at start (a key file): unlocks without asking. */
  secret?: string;
}

/**
 * The file is not readable as plain SQLite and has a key file beside it: it needs a key. (Without a key file an
 * unreadable file is treated as damaged, as before; its message says where a key file would be.)
 */
export function journalNeedsKey(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0 && hasEnvelope(path) && looksEncrypted(path);
}

/** The envelope's rewrap in flight during a rekey: written before PRAGMA rekey, renamed over the envelope after. */
function nextKeysPath(journalPath: string): string {
  return `${keysPathFor(journalPath)}.next`;
}

export type Unlock = { passphrase: string } | { recovery_key: string } | { secret: string } | { keychain: KeychainProtector };

/**
 * The data keys an unlock gives, newest envelope last: normally one; two when a rekey was interrupted between
 * PRAGMA rekey and the envelope's rename (then the file opens with one of them).
 */
export async function keysFor(journalPath: string, unlock: Unlock): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  let firstError: unknown;
  const candidates: Envelope[] = [readEnvelope(journalPath)];
  if (existsSync(nextKeysPath(journalPath))) {
    try {
      candidates.push(readEnvelopeFile(nextKeysPath(journalPath)));
    } catch {
      // an unreadable leftover of an interrupted rekey
    }
  }
  for (const [index, envelope] of candidates.entries()) {
    try {
      let key: Buffer;
      if ('passphrase' in unlock) key = await unlockWithPassphrase(envelope, unlock.passphrase);
      else if ('recovery_key' in unlock) key = await unlockWithRecoveryKey(envelope, unlock.recovery_key);
      else if ('secret' in unlock) key = await unlockWithSecret(envelope, unlock.secret);
      else key = unlockWithKeychain(envelope, unlock.keychain);
      if (index > 0) pendingKeys.add(key);
      keys.push(key);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (keys.length === 0) throw firstError;
  return keys;
}

/** Keys that came from the pending envelope of an interrupted rekey. */
const pendingKeys = new WeakSet<Buffer>();

/**
 * After the journal opened with `key`: if an interrupted rekey left a pending envelope, finish or drop it. The
 * pending key opened the file, so PRAGMA rekey had happened: its envelope becomes the envelope. The old key opened
 * it, so the rekey never took effect: the pending envelope is dropped.
 */
export function settleInterruptedRekey(journalPath: string, key: Buffer): void {
  const pending = nextKeysPath(journalPath);
  if (!existsSync(pending)) return;
  if (pendingKeys.has(key)) renameSync(pending, keysPathFor(journalPath));
  else rmSync(pending, { force: true });
}

/** Turns envelope failures into API errors the UI can show. */
export function keyError(error: unknown): never {
  if (error instanceof KeyEnvelopeError) {
    const code = error.reason === 'wrong_passphrase' || error.reason === 'wrong_recovery_key' || error.reason === 'keychain_failed' ? 'wrong_key' : 'invalid_input';
    throw new ApiError(code, error.message);
  }
  throw error;
}

export function requirePassphraseWhereNoKeychain(options: KeyOptions, passphrase: string | undefined): void {
  if (passphrase !== undefined || options.keychain) return;
  throw new ApiError(
    'invalid_input',
    options.weakKeychain
      ? `This computer's keychain does not protect secrets (${options.weakKeychain}), so the journal needs a passphrase.`
      : 'Choose a passphrase: here it is what unlocks the journal.',
  );
}

/** A new encrypted journal's key and envelope (written); the caller creates the file with the key. */
export async function setUpKeys(
  journalPath: string,
  options: KeyOptions,
  passphrase: string | undefined,
  shown = true,
): Promise<{ key: Buffer; recoveryKey: string }> {
  requirePassphraseWhereNoKeychain(options, passphrase);
  const key = newDataKey();
  try {
    const { envelope, recoveryKey } = await createEnvelope(key, { passphrase, keychain: options.keychain });
    writeEnvelope(journalPath, shown ? envelope : { ...envelope, recovery_shown: false });
    return { key, recoveryKey };
  } catch (error) {
    return keyError(error);
  }
}

/** What proves the owner is at the keyboard: the current passphrase, or the current recovery key. */
export interface OwnerProof {
  passphrase?: string;
  recovery_key?: string;
}

/**
 * A new recovery key voids the one on paper and is a lasting way in, so it needs the current passphrase or
 * recovery key. Only a first key nobody ever confirmed can be reissued without: the app's first start shows none,
 * and "I do not have it" must work in a keychain-only journal whose owner holds no other secret.
 */
export async function replaceRecoveryKey(journalPath: string, key: Buffer, proof: OwnerProof = {}): Promise<string> {
  const current = readEnvelope(journalPath);
  const neverConfirmed = !current.recovery_confirmed && current.recovery_ever_confirmed !== true;
  if (proof.passphrase !== undefined || proof.recovery_key !== undefined || !neverConfirmed) await checkOwnerProof(current, key, proof);
  const recoveryKey = newRecoveryKey();
  const envelope = withWrap(current, 'recovery', await recoveryWrap(key, recoveryKey));
  writeEnvelope(journalPath, { ...envelope, recovery_confirmed: false, recovery_shown: true });
  return recoveryKey;
}

async function checkOwnerProof(envelope: Envelope, key: Buffer, proof: OwnerProof): Promise<void> {
  if (proof.passphrase === undefined && proof.recovery_key === undefined) {
    throw new ApiError(
      'invalid_input',
      hasWrap(envelope, 'passphrase')
        ? 'Type the current passphrase (or the current recovery key) first: a new recovery key voids the one on paper.'
        : 'Type the current recovery key first: a new recovery key voids the one on paper.',
    );
  }
  let opened: Buffer;
  try {
    opened = proof.passphrase !== undefined ? await unlockWithPassphrase(envelope, proof.passphrase) : await unlockWithRecoveryKey(envelope, proof.recovery_key!);
  } catch (error) {
    return keyError(error);
  }
  if (!opened.equals(key)) throw new ApiError('wrong_key', 'That passphrase belongs to another key of this journal.');
}

export function confirmRecoveryKey(journalPath: string): void {
  writeEnvelope(journalPath, { ...readEnvelope(journalPath), recovery_confirmed: true, recovery_ever_confirmed: true });
}

/** The current passphrase proves it is the owner at the keyboard (it must open this journal's key). */
async function checkCurrentPassphrase(envelope: Envelope, key: Buffer, current: string | undefined): Promise<void> {
  if (!hasWrap(envelope, 'passphrase')) return;
  if (current === undefined) throw new ApiError('invalid_input', 'Type the current passphrase first.');
  let opened: Buffer;
  try {
    opened = await unlockWithPassphrase(envelope, current);
  } catch (error) {
    return keyError(error);
  }
  if (!opened.equals(key)) throw new ApiError('wrong_key', 'That passphrase belongs to another key of this journal.');
}

/**
 * Adding a passphrase, changing one and rekeying each give or replace a lasting way in, so each needs the current
 * secret: the passphrase where one is set, else the current recovery key (a keychain-only journal at an unlocked
 * computer must not be given a passphrase or a new key by whoever sits there).
 */
async function checkCurrentSecret(envelope: Envelope, key: Buffer, proof: OwnerProof): Promise<void> {
  if (hasWrap(envelope, 'passphrase')) return checkCurrentPassphrase(envelope, key, proof.passphrase);
  if (proof.recovery_key === undefined) throw new ApiError('invalid_input', 'Type the current recovery key first.');
  await checkOwnerProof(envelope, key, { recovery_key: proof.recovery_key });
}

export async function changePassphrase(journalPath: string, key: Buffer, proof: OwnerProof, passphrase: string): Promise<void> {
  const envelope = readEnvelope(journalPath);
  await checkCurrentSecret(envelope, key, proof);
  try {
    writeEnvelope(journalPath, withWrap(envelope, 'passphrase', await passphraseWrap(key, passphrase)));
  } catch (error) {
    keyError(error);
  }
}

/**
 * A new data key: the new envelope is written beside the old one first, then the journal and its backups are
 * re-encrypted, then the new envelope replaces the old. An interruption leaves both envelopes, and unlocking
 * tries both (keysFor), so the journal never ends up with a key nobody holds.
 */
export async function rekeyJournal(db: Db, options: KeyOptions, proof: OwnerProof): Promise<{ recoveryKey: string; backups: BackupConversion }> {
  const journalPath = db.name;
  const key = connectionKey(db);
  if (!key) throw new ApiError('invalid_input', 'This journal is not encrypted; encrypt it first.');
  const envelope = readEnvelope(journalPath);
  await checkCurrentSecret(envelope, key, proof);
  const newKey = newDataKey();
  const { envelope: next, recoveryKey } = await createEnvelope(newKey, {
    passphrase: hasWrap(envelope, 'passphrase') ? proof.passphrase : undefined,
    keychain: hasWrap(envelope, 'keychain') ? options.keychain : undefined,
  });
  const pending = nextKeysPath(journalPath);
  writeEnvelopeFile(pending, next);
  const backups = rekeyOpenJournal(db, newKey);
  renameSync(pending, keysPathFor(journalPath));
  return { recoveryKey, backups };
}

/**
 * Converts the open plain journal: an encrypted copy is written and checked beside it while it is still open;
 * then the journal is closed (by `close`), the envelope written, the copy swapped in and the plain file wiped,
 * and the plain backups encrypted, damaged copies and upload pieces too. Returns the key to reopen with; once the
 * encrypted journal is in place nothing more is thrown (the recovery key must reach the user), and what could not
 * be cleaned up is returned in `cleanup`.
 */
export async function encryptJournal(
  db: Db,
  options: KeyOptions,
  passphrase: string | undefined,
  close: () => void,
): Promise<{ key: Buffer; recoveryKey: string; backups: BackupConversion; others: OtherCopies; cleanup: string[] }> {
  const journalPath = db.name;
  if (connectionKey(db)) throw new ApiError('invalid_input', 'This journal is already encrypted.');
  requirePassphraseWhereNoKeychain(options, passphrase);
  if (passphrase !== undefined) {
    try {
      assertPassphrase(passphrase);
    } catch (error) {
      keyError(error);
    }
  }
  const key = newDataKey();
  const { envelope, recoveryKey } = await createEnvelope(key, { passphrase, keychain: options.keychain });
  const copy = `${journalPath}.encrypting`;
  const cleanup = settleInterruptedConversion(journalPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  writeEncryptedCopy(db, copy, key);
  close();
  try {
    writeEnvelope(journalPath, envelope);
    cleanup.push(...swapInEncrypted(journalPath, copy));
  } catch (error) {
    try {
      wipeFile(copy);
    } catch {
      rmSync(copy, { force: true });
    }
    throw error;
  }
  const settle = <T>(work: () => T, fallback: T): T => {
    try {
      return work();
    } catch (error) {
      cleanup.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  };
  const backups = settle(() => encryptPlainBackups(journalPath, key), { converted: [], skipped: [] });
  const others = settle(() => encryptOtherCopies(journalPath, key), { converted: [], wiped: [], problems: [] });
  return { key, recoveryKey, backups, others, cleanup: [...cleanup, ...others.problems] };
}
