import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, type Db as SqliteDb } from '../../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { tempDir } from '../../helpers/temp.js';

/** Migration 002 adds indexes only: the fixture journal from version 1 keeps every row, trigger and column. */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function schemaOf(db: SqliteDb, type: string) {
  return db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? ORDER BY name`).all(type);
}

describe('migration 002: indexes for the timeline and the overview', () => {
  it('upgrades a version 1 journal with its data, triggers and tables unchanged, and the planner uses the new indexes', () => {
    const file = join(tempDir(), 'j.sqlite');
    copyFileSync(FIXTURE, file);
    const db = openSqlite(file);
    db.pragma('foreign_keys = ON');
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    const counts = Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()]));
    const before = { tables: schemaOf(db, 'table'), triggers: schemaOf(db, 'trigger') };

    migrate(db, loadMigrations(), 2);
    expect(schemaVersion(db)).toBe(2);
    for (const table of tables) expect(db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get(), table).toBe(counts[table]);
    expect({ tables: schemaOf(db, 'table'), triggers: schemaOf(db, 'trigger') }).toEqual(before);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['events_type_time', 'events_cycle_type', 'prompt_links_live_reflection', 'reflections_live', 'events_cycle_phase_time']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan(`SELECT count(*) FROM events WHERE project_id = 'p' AND entity_type = 'turn' AND occurred_at >= 'a' AND occurred_at < 'b'`)).toMatch(
      /COVERING INDEX events_type_time/,
    );
    expect(plan(`SELECT phase, min(occurred_at), max(occurred_at), count(*) FROM events WHERE cycle_id = 'c' GROUP BY phase`)).toMatch(
      /COVERING INDEX events_cycle_phase_time/,
    );
    expect(plan(`SELECT count(*) FROM prompt_links WHERE reflection_id = 'r' AND deleted_at IS NULL`)).toMatch(/prompt_links_live_reflection/);

    // The partial indexes follow the trash: a removed link no longer counts.
    const link = db.prepare(`SELECT id, reflection_id FROM prompt_links WHERE deleted_at IS NULL LIMIT 1`).get() as { id: string; reflection_id: string };
    const live = () => db.prepare(`SELECT count(*) FROM prompt_links INDEXED BY prompt_links_live_reflection WHERE reflection_id = ? AND deleted_at IS NULL`).pluck().get(link.reflection_id) as number;
    const n = live();
    db.prepare(`UPDATE prompt_links SET deleted_at = '2026-03-01T10:00:00.000Z' WHERE id = ?`).run(link.id);
    expect(live()).toBe(n - 1);
    db.close();
  });
});
