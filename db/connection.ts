import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNotTooNew, loadMigrations, migrate, type Migration } from './migrations.js';
import { openSqlite, type Db } from './sqlite.js';

export type { Db };

export interface OpenOptions {
  migrations?: Migration[];
  /** Stop at this schema version (tests of a single migration). */
  targetVersion?: number;
  /** Open without migrating (the caller backs up first, then calls migrate). */
  skipMigrations?: boolean;
  /** The data key of an encrypted journal (a new file is created encrypted with it). */
  key?: Buffer;
}

/**
 * Opens (creating if needed) a journal file with the pragmas Withness relies on, refuses a file
 * from a newer version before touching it, then migrates it to the latest schema.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openSqlite(file, { key: options.key });
  try {
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? loadMigrations();
    // Checked before any pragma that writes to the file (journal_mode does), so a newer file stays byte-identical.
    assertNotTooNew(db, migrations);
    db.pragma('journal_mode = WAL');
    // better-sqlite3-multiple-ciphers defaults to NORMAL, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed, so a deleted row (an erased person's words) leaves nothing in the file (issue 11).
    db.pragma('secure_delete = ON');
    if (!options.skipMigrations) migrate(db, migrations, options.targetVersion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** How a cached statement returns rows: whole objects, the first column only, or arrays. */
export type StatementMode = 'rows' | 'pluck' | 'raw';

const statementCache = new WeakMap<Db, Map<string, Statement>>();
/** A guard only: callers build their SQL from fixed pieces (filters switch parts on and off), so there are few texts. */
const STATEMENT_CACHE_CAP = 1000;

/**
 * A prepared statement for `sql` on this connection, prepared once and reused (better-sqlite3-multiple-ciphers's prepare parses
 * and plans the SQL on every call, which costs more than running a small statement). Only for fixed SQL texts
 * (never build one with values in it: the cache would grow without bound). The mode is part of the key, so
 * callers never change each other's statements; don't call pluck()/raw()/expand() on a cached statement.
 */
export function cachedStatement<Row = unknown>(db: Db, sql: string, mode: StatementMode = 'rows'): Statement<unknown[], Row> {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  const key = `${mode}\u0000${sql}`;
  let statement = cache.get(key);
  if (!statement) {
    if (cache.size >= STATEMENT_CACHE_CAP) cache.clear();
    statement = db.prepare(sql);
    if (mode === 'pluck') statement = statement.pluck();
    else if (mode === 'raw') statement = statement.raw();
    cache.set(key, statement);
  }
  return statement as Statement<unknown[], Row>;
}
