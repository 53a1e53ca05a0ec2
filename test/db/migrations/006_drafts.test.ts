import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 006 adds the drafts table (unsaved editor text, moved out of Chromium's localStorage into the journal).
 * Checked on the demo journal of version 1 (test/fixtures/journal-v1.sqlite) brought to version 5, then migrated to 6.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function versionFiveJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 5);
  expect(schemaVersion(db)).toBe(5);
  return db;
}

function counts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

describe('migration 006: drafts in the journal', () => {
  it('upgrades a version 5 journal: every row kept, an empty STRICT drafts table', () => {
    const db = versionFiveJournal();
    const before = counts(db);
    expect(before.drafts).toBeUndefined();
    migrate(db, loadMigrations(), 6);
    expect(schemaVersion(db)).toBe(6);
    const after = counts(db);
    expect({ ...after, drafts: undefined }).toEqual(before);
    expect(after.drafts).toBe(0);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'drafts'`).pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('keeps one draft per key, refuses a body that is not JSON or an unknown inquiry, and drops drafts with their inquiry', () => {
    const db = versionFiveJournal();
    migrate(db, loadMigrations(), 6);
    const project = db.prepare(`SELECT id FROM projects LIMIT 1`).pluck().get() as string;
    const note = db.prepare(`SELECT id FROM field_notes WHERE project_id = ? LIMIT 1`).pluck().get(project) as string;
    const insert = db.prepare(
      `INSERT INTO drafts (key, project_id, record_type, record_id, body, saved_at) VALUES (@key, @project_id, 'note', @record_id, @body, '2026-01-01T00:00:00.000Z')`,
    );
    const row = { key: `note:${note}`, project_id: project, record_id: note, body: '{"body":"Half a sentence"}' };
    insert.run(row);
    expect(() => insert.run(row)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run({ ...row, key: `note:x${note}`, body: 'Half a sentence' })).toThrow(/CHECK/);
    expect(() => insert.run({ ...row, key: `note:y${note}`, project_id: 'no-such-inquiry' })).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO drafts (key, project_id, record_type, record_id, body, saved_at) VALUES ('k1', ?, 'note', 'x', '1', 5)`).run(project)).toThrow(
      /cannot store INTEGER value in TEXT column|CHECK/,
    );
    db.prepare(`DELETE FROM projects WHERE id = ?`).run(project);
    expect(db.prepare(`SELECT count(*) FROM drafts`).pluck().get()).toBe(0);
    db.close();
  });
});
