import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

const FIXTURE = 'test/fixtures/journal-v1.sqlite';

/**
 * The demo journal of version 1 (test/fixtures/journal-v1.sqlite) brought to `version`, with every kind of involvement
 * the timeline counts by sector: people of several sectors on its notes and as its turns' speakers, one of them in the
 * trash. The timeline migrations (008, 011) are checked on it.
 */
export function fixtureJournalWithPeople(version: number): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), version);
  expect(schemaVersion(db)).toBe(version);
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

/** Rows per table (the search index's shadow tables left out): a migration must keep every one. */
export function tableRowCounts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}
