import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';
import { fixtureJournalWithPeople, tableRowCounts } from './fixture-with-people.js';
import { expectCountsMatch, recountFromBaseTables } from '../timeline-counts-recount.js';

/**
 * Migration 008 adds the timeline's per-day counts (timeline_counts, timeline_day_counts), the triggers that keep
 * them and a backfill from the rows already there. Checked on the demo journal of version 1 (test/fixtures/
 * journal-v1.sqlite) brought to version 7, with people added to its notes, dialogues and turns, then migrated to 8.
 */
describe('migration 008: per-day timeline counts', () => {
  it('upgrades a version 7 journal: every row kept, the counts filled from the events and who they involve', () => {
    const db = fixtureJournalWithPeople(7);
    const before = tableRowCounts(db);
    const events = db.prepare(`SELECT count(*) FROM events`).pluck().get() as number;
    expect(events).toBeGreaterThan(10);
    migrate(db, loadMigrations(), 8);
    expect(schemaVersion(db)).toBe(8);
    const after = tableRowCounts(db);
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
    const db = fixtureJournalWithPeople(7);
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
