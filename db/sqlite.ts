import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { indexedStems, STEMS_FUNCTION } from './stems.js';

/**
 * The one place a SQLite file is opened. Every connection of the process — the journal, backups and their
 * verification, restore, bundle import, the generator, exports, benchmarks and tests — comes through here, so
 * what the process was given at start (the Electron build of the addon) and the journal's key apply to all of
 * them. A test fails if `new Database(` or a value import of the SQLite package appears anywhere else.
 */
export type { Db };

/** The length of a journal's data key: 32 random bytes (AES-256 in SQLCipher's format). */
export const DATA_KEY_BYTES = 32;

export interface SqliteOptions {
  readonly?: boolean;
  /** Refuse to create the file when it does not exist. */
  fileMustExist?: boolean;
  /** The 32-byte data key of an encrypted file (SQLCipher 4 format); without it the file is opened as plain SQLite. */
  key?: Buffer;
}

/** The file could not be opened with the key given: a wrong key, a plain file opened with a key, or no encryption. */
export class SqliteKeyError extends Error {
  constructor(
    readonly reason: 'wrong_key' | 'no_cipher',
    message: string,
  ) {
    super(message);
  }
}

let processNativeBinding: string | undefined;
const connectionKeys = new WeakMap<Db, Buffer>();

/**
 * Sets the better_sqlite3.node this process loads SQLite from (the Electron main process calls it once, before
 * opening anything). Without it the package finds its own build, which is the Node build tests use.
 */
export function useNativeBinding(path: string | undefined): void {
  processNativeBinding = path;
}

export function nativeBindingInUse(): string | undefined {
  return processNativeBinding;
}

/**
 * Opens a SQLite file. Every connection gets the SQL function the search index's triggers call
 * (`withness_stems`, db/stems.ts: the words of a text with their Danish and English stems), so that any
 * connection that writes an event — the app, a restore, an import, the generator, a benchmark — keeps the stems
 * table in step, and migration 003 can fill it.
 */
export function openSqlite(file: string, options: SqliteOptions = {}): Db {
  const { key, ...openOptions } = options;
  const db = new Database(file, processNativeBinding ? { ...openOptions, nativeBinding: processNativeBinding } : openOptions);
  try {
    if (key) applyKey(db, key);
  } catch (error) {
    db.close();
    throw error;
  }
  // SQLite's temporary files (large sorts, VACUUM's scratch copy) are never encrypted: keep them in memory, so an
  // encrypted journal's words never reach $TMPDIR in clear.
  db.pragma('temp_store = MEMORY');
  db.function(STEMS_FUNCTION, { deterministic: true }, indexedStems);
  return db;
}

/** The data key a connection was opened with, so sibling files (backups, their checks, a rewrite) use the same. */
export function connectionKey(db: Db): Buffer | undefined {
  return connectionKeys.get(db);
}

/**
 * Re-encrypts an open connection's file with `key` (PRAGMA rekey), or encrypts a plain one in place. SQLite refuses
 * a rekey in WAL mode, so the caller switches to journal_mode=DELETE first (and back after). From here on
 * connectionKey(db) gives the new key.
 */
export function rekeySqlite(db: Db, key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) throw new SqliteKeyError('wrong_key', `A journal key has ${DATA_KEY_BYTES} bytes; this one has ${key.length}.`);
  if (!connectionKeys.has(db)) {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
  }
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  if (db.pragma('cipher', { simple: true }) !== 'sqlcipher') {
    throw new SqliteKeyError('no_cipher', 'This SQLite build cannot encrypt (no cipher is active), so the journal was not re-encrypted.');
  }
  connectionKeys.set(db, key);
}

/** Whether the file at `file` needs a key: it is not readable as plain SQLite but exists and is not empty. */
export function looksEncrypted(file: string): boolean {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(processNativeBinding ? { nativeBinding: processNativeBinding } : {}) });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_NOTADB';
  } finally {
    db?.close();
  }
}

/**
 * Keys a fresh connection in SQLCipher 4's format and proves the key before anything else runs: SQLite only
 * reads page 1 on first use, so a wrong key would otherwise surface later, in the middle of some other work.
 * Fails closed when the library offers no cipher (a plain SQLite build would ignore the key and write plaintext).
 */
function applyKey(db: Db, key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) throw new SqliteKeyError('wrong_key', `A journal key has ${DATA_KEY_BYTES} bytes; this one has ${key.length}.`);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
  const cipher = db.pragma('cipher', { simple: true });
  if (cipher !== 'sqlcipher') {
    throw new SqliteKeyError('no_cipher', 'This SQLite build cannot encrypt (no cipher is active), so Withness will not open the journal with it.');
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new SqliteKeyError('wrong_key', 'The key does not open this journal: it is a different key, or the file is not an encrypted Withness journal.');
    }
    throw error;
  }
  connectionKeys.set(db, key);
}
