import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 009 adds sync_refused (the feed versions a journal set aside because it cannot apply them). Checked on
 * the demo journal of version 1 brought to version 8, then migrated to 9: every row kept, the new table empty and
 * keyed so the same version is set aside once.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

describe('migration 009: sync_refused', () => {
  it('upgrades a version 8 journal: every row kept, an empty sync_refused that keeps one row per version', () => {
    const file = join(tempDir(), 'j.sqlite');
    copyFileSync(FIXTURE, file);
    const db = openSqlite(file);
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrations(), 8);
    expect(schemaVersion(db)).toBe(8);
    const before = rowCounts(db);
    migrate(db, loadMigrations(), 9);
    expect(schemaVersion(db)).toBe(9);
    expect(rowCounts(db)).toEqual({ ...before, sync_refused: 0 });
    const insert = db.prepare(
      `INSERT INTO sync_refused (project_id, table_name, row_key, hash, row, reason, refused_at) VALUES ('p', 'memos', 'x1', ?, '{}', 'unknown table', '2026-01-01T00:00:00.000Z')`,
    );
    insert.run('a'.repeat(64));
    expect(() => insert.run('a'.repeat(64))).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare(`SELECT parents, revision FROM sync_refused`).get()).toEqual({ parents: '[]', revision: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
