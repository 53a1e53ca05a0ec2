import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFillApplies } from '../../../db/index-fill.js';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { searchEvents } from '../../../db/repositories/search.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { indexedStems } from '../../../db/stems.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 003 adds the stems table `events_fts_stems` beside `events_fts`, fills it for every event already
 * indexed, and rewrites the fifteen index triggers to keep it in step. Checked on a version 2 journal with data:
 * the demo journal of version 1 (test/fixtures/journal-v1.sqlite) brought to version 2, plus rows written at
 * version 2 (a note, a reflection, a turn and an edit, indexed by the version 2 triggers).
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function versionTwoJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 2);
  expect(schemaVersion(db)).toBe(2);
  const project = db.prepare(`SELECT id FROM projects LIMIT 1`).pluck().get() as string;
  const dialogue = db.prepare(`SELECT id FROM dialogues WHERE deleted_at IS NULL LIMIT 1`).pluck().get() as string;
  const now = '2026-03-02T09:00:00.000Z';
  db.prepare(
    `INSERT INTO field_notes (id, project_id, occurred_at, recorded_at, title, place, body, created_at, updated_at)
     VALUES ('0190a000-0000-7000-8000-0000000000f1', ?, ?, ?, 'Dørene', 'Gangen', 'Alle dørene stod åbne; ensomheden var til at tage at føle på.', ?, ?)`,
  ).run(project, now, now, now, now);
  db.prepare(
    `INSERT INTO reflections (id, project_id, written_at, title, body, mode, created_at, updated_at)
     VALUES ('0190a000-0000-7000-8000-0000000000f2', ?, ?, 'Meetings', 'Two meetings about loneliness.', 'withness', ?, ?)`,
  ).run(project, now, now, now);
  const position = db.prepare(`SELECT coalesce(max(position), 0) + 1 FROM dialogue_turns WHERE dialogue_id = ?`).pluck().get(dialogue) as number;
  db.prepare(
    `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, created_at, updated_at)
     VALUES ('0190a000-0000-7000-8000-0000000000f3', ?, ?, ?, NULL, 'Vi mødtes ved døren.', ?, ?)`,
  ).run(project, dialogue, position, now, now);
  db.prepare(`UPDATE field_notes SET body = body || ' Døren knirkede.' WHERE id = (SELECT id FROM field_notes WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 1)`).run();
  return db;
}

function counts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

/** The stems table against the exact index, document by document: what the migration and the triggers must give. */
function stemsMismatches(db: Db): unknown[] {
  const exact = db.prepare(`SELECT rowid, title, body FROM events_fts ORDER BY rowid`).all() as { rowid: number; title: string; body: string }[];
  const stems = new Map(
    (db.prepare(`SELECT rowid, title, body FROM events_fts_stems`).all() as { rowid: number; title: string; body: string }[]).map((row) => [row.rowid, row]),
  );
  const wrong = exact.filter((row) => {
    const stored = stems.get(row.rowid);
    return !stored || stored.title !== indexedStems(row.title) || stored.body !== indexedStems(row.body);
  });
  return [...wrong.map((row) => row.rowid), ...(stems.size === exact.length ? [] : [`${stems.size} stem rows for ${exact.length} documents`])];
}

const idsOf = (db: Db, query: string) => searchEvents(db, { query, limit: 100 }).hits.map((hit) => hit.id);

describe('migration 003: the stems table for Danish and English search', () => {
  it('upgrades a version 2 journal: every row kept, every indexed event stemmed, the triggers keep it in step', () => {
    const db = versionTwoJournal();
    const before = counts(db);
    const events = db.prepare(`SELECT count(*) FROM events`).pluck().get() as number;
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'events_fts_stems'`).pluck().get()).toBe(0);
    // Before: the exact index alone does not know that "dørene" is a form of "dør" and "døren".
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'dørene'`).pluck().get()).toBe(1);

    migrate(db, loadMigrations(), 3);
    expect(schemaVersion(db)).toBe(3);
    expect(counts(db)).toEqual(before);
    expect(db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(events);
    expect(db.prepare(`SELECT count(*) FROM events_fts_stems`).pluck().get()).toBe(events);
    expect(stemsMismatches(db)).toEqual([]);
    expect(db.prepare(`SELECT title, body FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_id = '0190a000-0000-7000-8000-0000000000f1')`).get()).toEqual({
      title: 'Dørene Gangen dør gang',
      body: 'Alle dørene stod åbne ensomheden var til at tage føle på all dør åbn ensom tag føl',
    });
    for (const table of ['events_fts', 'events_fts_stems']) {
      expect(() => db.prepare(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`).run()).not.toThrow();
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The set-wise index fill (generator, bundle import) knows the rewritten triggers.
    expect(indexFillApplies(db)).toBe(true);

    // The events written before the migration are found by the forms of their words.
    const door = db.prepare(`SELECT entity_id FROM events WHERE doc_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'dør OR døren')`).pluck().all() as string[];
    expect(door.length).toBeGreaterThan(5);
    expect(idsOf(db, 'dørene').sort()).toEqual([...door, '0190a000-0000-7000-8000-0000000000f1'].sort());
    expect(idsOf(db, 'dørene')[0]).toBe('0190a000-0000-7000-8000-0000000000f1');
    expect(idsOf(db, 'meeting')).toContain('0190a000-0000-7000-8000-0000000000f2');

    // Writes after the migration keep the stems table in step: insert, edit, trash, restore, delete.
    const note = db.prepare(`SELECT id FROM field_notes WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 3`).pluck().get() as string;
    db.prepare(`UPDATE field_notes SET body = 'Dørene blev malet.' WHERE id = ?`).run(note);
    db.prepare(`UPDATE field_notes SET deleted_at = '2026-03-03T09:00:00.000Z' WHERE id = '0190a000-0000-7000-8000-0000000000f1'`).run();
    db.prepare(`UPDATE dialogue_turns SET text = 'Vi ses ved dørene.' WHERE id = '0190a000-0000-7000-8000-0000000000f3'`).run();
    db.prepare(`DELETE FROM reflections WHERE id = '0190a000-0000-7000-8000-0000000000f2'`).run();
    const turn = db.prepare(`SELECT id FROM dialogue_turns WHERE deleted_at IS NULL ORDER BY id LIMIT 1`).pluck().get() as string;
    db.prepare(`UPDATE dialogue_turns SET deleted_at = '2026-03-03T09:00:00.000Z' WHERE id = ?`).run(turn);
    db.prepare(`UPDATE dialogue_turns SET deleted_at = NULL WHERE id = ?`).run(turn);
    const phase = db.prepare(`SELECT id FROM phase_entries WHERE deleted_at IS NULL LIMIT 1`).pluck().get() as string;
    db.prepare(`UPDATE phase_entries SET body = 'Ensomme borgere.' WHERE id = ?`).run(phase);
    const dialogue = db.prepare(`SELECT id FROM dialogues WHERE deleted_at IS NULL LIMIT 1`).pluck().get() as string;
    db.prepare(`UPDATE dialogues SET summary = 'Møder om dørene.' WHERE id = ?`).run(dialogue);
    expect(stemsMismatches(db)).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM events_fts_stems`).pluck().get()).toBe(db.prepare(`SELECT count(*) FROM events`).pluck().get());
    expect(idsOf(db, 'ensomheden')).toContain(phase);
    expect(idsOf(db, 'døren')).toEqual(expect.arrayContaining([note, dialogue, '0190a000-0000-7000-8000-0000000000f3']));
    expect(idsOf(db, 'dørene')).not.toContain('0190a000-0000-7000-8000-0000000000f1');
    expect(idsOf(db, 'meeting')).not.toContain('0190a000-0000-7000-8000-0000000000f2');
    expect(() => db.prepare(`INSERT INTO events_fts_stems (events_fts_stems) VALUES ('integrity-check')`).run()).not.toThrow();
    db.close();
  });
});
