import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNotTooNew, loadMigrations, migrate, type Migration } from './migrations.js';

export type { Db };

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  migrations?: Migration[];
  /** Stop at this schema version (tests of a single migration). */
  targetVersion?: number;
  /** Open without migrating (the caller backs up first, then calls migrate). */
  skipMigrations?: boolean;
}

/**
 * Opens (creating if needed) a journal file with the pragmas Withness relies on, refuses a file
 * from a newer version before touching it, then migrates it to the latest schema.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? loadMigrations();
    // Checked before any pragma that writes to the file (journal_mode does), so a newer file stays byte-identical.
    assertNotTooNew(db, migrations);
    db.pragma('journal_mode = WAL');
    // better-sqlite3 defaults to NORMAL, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!options.skipMigrations) migrate(db, migrations, options.targetVersion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
