import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 005 adds the erasure log, its per-journal salt and prompt_links.withdrawn_at. Checked on the demo journal
 * of version 1 (test/fixtures/journal-v1.sqlite) brought to version 4, seeded, then migrated to 5.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function versionFourJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 4);
  expect(schemaVersion(db)).toBe(4);
  return db;
}

function counts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

describe('migration 005: the erasure log', () => {
  it('upgrades a version 4 journal: rows kept, links not withdrawn, one random 32-byte salt, an empty log', () => {
    const db = versionFourJournal();
    const before = counts(db);
    expect(before.prompt_links).toBeGreaterThan(0);
    migrate(db, loadMigrations(), 5);
    expect(schemaVersion(db)).toBe(5);
    const after = counts(db);
    expect({ ...after, erasure_log: undefined, erasure_salt: undefined }).toEqual(before);
    expect(after.erasure_log).toBe(0);
    const salt = db.prepare(`SELECT salt FROM erasure_salt`).pluck().all() as Buffer[];
    expect(salt).toHaveLength(1);
    expect(salt[0]!.length).toBe(32);
    expect(db.prepare(`SELECT count(*) FROM prompt_links WHERE withdrawn_at IS NOT NULL`).pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Two journals get different salts, so their hashes of one name differ.
    const other = versionFourJournal();
    migrate(other, loadMigrations(), 5);
    expect(other.prepare(`SELECT hex(salt) FROM erasure_salt`).pluck().get()).not.toBe(db.prepare(`SELECT hex(salt) FROM erasure_salt`).pluck().get());
    db.close();
    other.close();
  });

  it('refuses what the log must never hold: a second salt, a bad mode, a hash that is not 64 hex, record ids that are not a list', () => {
    const db = versionFourJournal();
    migrate(db, loadMigrations(), 5);
    expect(() => db.prepare(`INSERT INTO erasure_salt (id, salt) VALUES (2, randomblob(32))`).run()).toThrow(/CHECK/);
    const row = { id: 'a', project_id: 'p', stakeholder_id: 's', mode: 'erase', name_hash: 'f'.repeat(64), record_ids: '[]', erased_at: '2026-01-01T00:00:00.000Z' };
    const insert = db.prepare(
      `INSERT INTO erasure_log (id, project_id, stakeholder_id, mode, name_hash, record_ids, erased_at) VALUES (@id, @project_id, @stakeholder_id, @mode, @name_hash, @record_ids, @erased_at)`,
    );
    expect(() => insert.run({ ...row, mode: 'forget' })).toThrow(/CHECK/);
    expect(() => insert.run({ ...row, name_hash: 'Kirsten' })).toThrow(/CHECK/);
    expect(() => insert.run({ ...row, record_ids: '{"a":1}' })).toThrow(/CHECK/);
    insert.run(row);
    expect(db.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(1);
    db.close();
  });
});
