import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Thrown when a database was written by a newer Withness than this one. */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This journal was saved by a newer version of Withness (schema ${found}; this version knows up to ${supported}). ` +
        'It has not been changed. Please update Withness to open it.',
    );
  }
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** The folder of numbered SQL files; the Electron build copies it beside its bundle. */
export const defaultMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function loadMigrations(dir: string = defaultMigrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? '',
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${migration.version} at place ${index + 1}.`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function assertNotTooNew(db: Database, migrations: Migration[]): void {
  const found = schemaVersion(db);
  const supported = migrations.length;
  if (found > supported) throw new DatabaseTooNewError(found, supported);
}

/**
 * Brings the schema up to `target` (default: the latest). Each migration runs in its own
 * transaction together with its user_version bump, so a crash leaves the old version or the new one.
 */
export function migrate(db: Database, migrations: Migration[], target = migrations.length): number[] {
  assertNotTooNew(db, migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db) || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
