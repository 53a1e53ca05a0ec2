import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';
import { expectCountsMatch, recountFromBaseTables } from '../timeline-counts-recount.js';

/**
 * Migration 008 adds the timeline's per-day counts (timeline_counts, timeline_day_counts), the triggers that keep
 * them and a backfill from the rows already there. Checked on the demo journal of version 1 (test/fixtures/
 * journal-v1.sqlite) brought to version 7, with people added to its notes, dialogues and turns, then migrated to 8.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function versionSevenJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 7);
  expect(schemaVersion(db)).toBe(7);
  // Every kind of involvement, in several sectors, some stakeholders in the trash.
  const people = db.prepare(`SELECT id FROM stakeholders ORDER BY id`).pluck().all() as string[];
  expect(people.length).toBeGreaterThan(2);
  db.prepare(`UPDATE stakeholders SET sector = CASE rowid % 3 WHEN 0 THEN 'citizen' WHEN 1 THEN 'public' ELSE 'voluntary' END`).run();
  db.prepare(`UPDATE stakeholders SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?`).run(people[0]);
  const notes = db.prepare(`SELECT id FROM field_notes ORDER BY id`).pluck().all() as string[];
  notes.forEach((note, i) => {
    for (const person of people.slice(i % people.length, (i % people.length) + 2)) db.prepare(`INSERT OR IGNORE INTO field_note_stakeholders VALUES (?, ?)`).run(note, person);
  });
  db.prepare(`UPDATE dialogue_turns SET speaker_id = ? WHERE speaker_id IS NULL`).run(people[1]);
  return db;
}

function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

describe('migration 008: per-day timeline counts', () => {
  it('upgrades a version 7 journal: every row kept, the counts filled from the events and who they involve', () => {
    const db = versionSevenJournal();
    const before = rowCounts(db);
    const events = db.prepare(`SELECT count(*) FROM events`).pluck().get() as number;
    expect(events).toBeGreaterThan(10);
    migrate(db, loadMigrations(), 8);
    expect(schemaVersion(db)).toBe(8);
    const after = rowCounts(db);
    expect({ ...after, timeline_counts: undefined, timeline_day_counts: undefined }).toEqual({ ...before, timeline_counts: undefined, timeline_day_counts: undefined });
    expect(db.prepare(`SELECT sum(n) FROM timeline_counts`).pluck().get()).toBe(events);
    expect(db.prepare(`SELECT sum(n) FROM timeline_day_counts`).pluck().get()).toBe(events);
    // More than one sector set, so the backfill read who is involved.
    expect(db.prepare(`SELECT count(DISTINCT sectors) FROM timeline_counts`).pluck().get()).toBeGreaterThan(2);
    expectCountsMatch(db as never, 'after migration 8');
    for (const table of ['timeline_counts', 'timeline_day_counts']) {
      expect(db.prepare(`SELECT strict, wr FROM pragma_table_list WHERE name = ?`).get(table)).toEqual({ strict: 1, wr: 1 });
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('keeps the counts with every later write, and an empty journal starts with none', () => {
    const db = versionSevenJournal();
    migrate(db, loadMigrations(), 8);
    const note = db.prepare(`SELECT id FROM field_notes ORDER BY id LIMIT 1`).pluck().get() as string;
    db.prepare(`UPDATE field_notes SET occurred_at = '2030-06-01T12:00:00.000Z', phase = 'act' WHERE id = ?`).run(note);
    db.prepare(`DELETE FROM field_note_stakeholders WHERE note_id = ?`).run(note);
    db.prepare(`UPDATE stakeholders SET deleted_at = NULL`).run();
    db.prepare(`DELETE FROM dialogue_turns WHERE rowid = (SELECT min(rowid) FROM dialogue_turns)`).run();
    expectCountsMatch(db as never, 'after writes');
    const day = Math.floor(Date.parse('2030-06-01T00:00:00.000Z') / 86_400_000);
    expect(db.prepare(`SELECT n FROM timeline_counts WHERE day = ? AND entity_type = 'field_note' AND phase = 'act'`).pluck().get(day)).toBe(1);
    const empty = openSqlite(join(tempDir(), 'empty.sqlite'));
    migrate(empty, loadMigrations(), 8);
    expect(empty.prepare(`SELECT count(*) FROM timeline_counts`).pluck().get()).toBe(0);
    expect(recountFromBaseTables(empty as never)).toEqual({ fine: {}, byDay: {}, events: {} });
    empty.close();
    db.close();
  });
});
