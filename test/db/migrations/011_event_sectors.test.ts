import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { fixtureJournalWithPeople, tableRowCounts } from './fixture-with-people.js';
import { expectCountsMatch, recountFromBaseTables, storedEventSectors } from '../timeline-counts-recount.js';

/**
 * Migration 011 keeps each event's sector set on its row (events.sectors), with triggers and an index
 * (events_time_facets) that filters a window by kind, phase, sector set and cycle without reading rows. Checked on the
 * demo journal of version 1 (test/fixtures/journal-v1.sqlite) brought to version 10, with people added to its notes,
 * dialogues and turns, then migrated to 11.
 */
describe('migration 011: each event its sector set', () => {
  it('upgrades a version 10 journal: every row kept, each event given the sector set the counts hold it under', () => {
    const db = fixtureJournalWithPeople(10);
    const before = tableRowCounts(db);
    const counts = db.prepare(`SELECT project_id, day, entity_type, cycle_id, phase, sectors, n FROM timeline_counts ORDER BY 1, 2, 3, 4, 5, 6`).raw().all();
    migrate(db, loadMigrations(), 11);
    expect(schemaVersion(db)).toBe(11);
    expect(tableRowCounts(db)).toEqual(before);
    // The counts were not touched, and they agree with the new column.
    expect(db.prepare(`SELECT project_id, day, entity_type, cycle_id, phase, sectors, n FROM timeline_counts ORDER BY 1, 2, 3, 4, 5, 6`).raw().all()).toEqual(counts);
    const stored = storedEventSectors(db as never)!;
    expect(stored).toEqual(recountFromBaseTables(db as never).events);
    // More than one set (so the backfill read who is involved), and a stakeholder in the trash counts for nothing.
    expect(new Set(Object.values(stored)).size).toBeGreaterThan(2);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'events'`).pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT entity_type, entity_id, cycle_id, phase FROM events e
           WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ? AND entity_type = 'turn' AND phase = 'act' AND (sectors & 12) <> 0`,
        )
        .all('p', 'a', 'b') as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.join(' ')).toMatch(/COVERING INDEX events_time_facets/);
    db.close();
  });

  it('keeps the sets with every later write, as a recount says', () => {
    const db = fixtureJournalWithPeople(10);
    migrate(db, loadMigrations(), 11);
    const people = db.prepare(`SELECT id FROM stakeholders ORDER BY id`).pluck().all() as string[];
    const note = db.prepare(`SELECT id FROM field_notes ORDER BY id LIMIT 1`).pluck().get() as string;
    db.prepare(`UPDATE field_notes SET occurred_at = '2030-06-01T12:00:00.000Z', phase = 'act' WHERE id = ?`).run(note);
    db.prepare(`DELETE FROM field_note_stakeholders WHERE note_id = ?`).run(note);
    expect(storedEventSectors(db as never)![`field_note:${note}`]).toBe(0);
    db.prepare(`INSERT INTO field_note_stakeholders VALUES (?, ?)`).run(note, people[2]);
    db.prepare(`UPDATE stakeholders SET deleted_at = NULL`).run();
    db.prepare(`UPDATE stakeholders SET sector = 'researcher' WHERE id = ?`).run(people[1]);
    expectCountsMatch(db as never, 'after link and stakeholder writes');
    const dialogue = db.prepare(`SELECT id FROM dialogues ORDER BY id LIMIT 1`).pluck().get() as string | undefined;
    if (dialogue) {
      db.prepare(`INSERT OR IGNORE INTO dialogue_participants VALUES (?, ?)`).run(dialogue, people[2]);
      db.prepare(`UPDATE dialogue_turns SET speaker_id = ? WHERE dialogue_id = ?`).run(people[2], dialogue);
    }
    db.prepare(`DELETE FROM dialogue_turns WHERE rowid = (SELECT min(rowid) FROM dialogue_turns)`).run();
    db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(people[2]);
    expectCountsMatch(db as never, 'after participants, speakers and a stakeholder deleted');
    expect(Object.values(storedEventSectors(db as never)!).some((set) => set !== 0)).toBe(true);
    db.close();
  });
});
