import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { indexedStems, STEMS_FUNCTION } from './stems.js';

/**
 * The one place a SQLite file is opened. Every connection of the process — the journal, backups and their
 * verification, restore, bundle import, the generator, exports, benchmarks and tests — comes through here, so
 * what the process was given at start (the Electron build of the addon, later the journal's key) applies to all
 * of them. A test fails if `new Database(` or a value import of better-sqlite3 appears anywhere else.
 */
export type { Db };

export interface SqliteOptions {
  readonly?: boolean;
  /** Refuse to create the file when it does not exist. */
  fileMustExist?: boolean;
}

let processNativeBinding: string | undefined;

/**
 * Sets the better_sqlite3.node this process loads SQLite from (the Electron main process calls it once, before
 * opening anything). Without it better-sqlite3 finds its own build, which is the Node build tests use.
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
  const db = new Database(file, processNativeBinding ? { ...options, nativeBinding: processNativeBinding } : options);
  db.function(STEMS_FUNCTION, { deterministic: true }, indexedStems);
  return db;
}
