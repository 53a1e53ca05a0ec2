import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db, type OpenOptions } from '../../db/connection.js';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** A fresh folder under the system temp dir, removed after the test. */
export function tempDir(prefix = 'withness-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real SQLite journal file in a temp folder, opened (and migrated) like the app does. */
export function tempDatabase(options: OpenOptions = {}): { db: Db; file: string } {
  const file = join(tempDir(), 'withness.sqlite');
  const db = openDatabase(file, options);
  cleanups.unshift(() => db.open && db.close());
  return { db, file };
}

/** Every user table's row count, to prove that a refused request wrote nothing. */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
}
