import { join } from 'node:path';
import { openSqlite, type Db as SqliteDb } from '../../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { tempDir } from '../../helpers/temp.js';

/** The pattern for every migration: migrate to N−1, seed, migrate to N, assert. For 001, N−1 is empty. */
const T = '2026-03-01T10:00:00.000Z';
const P = '0190a000-0000-7000-8000-000000000001';
const C = '0190a000-0000-7000-8000-0000000000c1';
const N = '0190a000-0000-7000-8000-0000000000a1';
const D = '0190a000-0000-7000-8000-0000000000d1';
const TURN = '0190a000-0000-7000-8000-0000000000e1';
const S = '0190a000-0000-7000-8000-0000000000f1';
const R = '0190a000-0000-7000-8000-0000000000b1';

function migratedTo1() {
  const db = openSqlite(join(tempDir(), 'j.sqlite'));
  db.pragma('foreign_keys = ON');
  const migrations = loadMigrations();
  migrate(db, migrations, 0);
  expect(schemaVersion(db)).toBe(0);
  migrate(db, migrations, 1);
  expect(schemaVersion(db)).toBe(1);
  db.prepare(`INSERT INTO projects (id, title, created_at, updated_at) VALUES (?, 'Nordby', ?, ?)`).run(P, T, T);
  db.prepare(`INSERT INTO cycles (id, project_id, ordinal, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`).run(C, P, T, T);
  return db;
}

function search(db: SqliteDb, query: string) {
  return db
    .prepare(`SELECT e.entity_type, e.entity_id FROM events_fts f JOIN events e ON e.doc_id = f.rowid WHERE events_fts MATCH ? ORDER BY e.entity_id`)
    .all(query) as { entity_type: string; entity_id: string }[];
}

describe('migration 001: the whole domain', () => {
  it('indexes a field note for the timeline and for search, following edits and the trash', () => {
    const db = migratedTo1();
    db.prepare(
      `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, created_at, updated_at)
       VALUES (?, ?, ?, 'observe', 'Kaffemøde', 'Borgerne talte om ensomhed på plejehjemmet', 'Medborgerhuset', ?, ?, ?, ?)`,
    ).run(N, P, C, T, T, T, T);
    expect(db.prepare(`SELECT entity_type, cycle_id, phase, occurred_at FROM events`).all()).toEqual([
      { entity_type: 'field_note', cycle_id: C, phase: 'observe', occurred_at: T },
    ]);
    expect(search(db, 'ensomhed')).toEqual([{ entity_type: 'field_note', entity_id: N }]);
    expect(search(db, 'plejeh*')).toHaveLength(1);
    expect(search(db, 'medborgerhuset')).toHaveLength(1);

    db.prepare(`UPDATE field_notes SET body = 'Frivillige fortalte om samvær' WHERE id = ?`).run(N);
    expect(search(db, 'ensomhed')).toEqual([]);
    expect(search(db, 'samvær')).toHaveLength(1);

    db.prepare(`UPDATE field_notes SET deleted_at = ? WHERE id = ?`).run(T, N);
    expect(search(db, 'samvær')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);

    db.prepare(`UPDATE field_notes SET deleted_at = NULL WHERE id = ?`).run(N);
    expect(search(db, 'samvær')).toHaveLength(1);
    db.prepare(`DELETE FROM field_notes WHERE id = ?`).run(N);
    expect(db.prepare('SELECT count(*) FROM events_fts').pluck().get()).toBe(0);
  });

  it('keeps Danish letters distinct in the index', () => {
    const db = migratedTo1();
    db.prepare(
      `INSERT INTO reflections (id, project_id, title, body, written_at, created_at, updated_at) VALUES (?, ?, 'År', 'Vi lærte at gå langsomt', ?, ?, ?)`,
    ).run(R, P, T, T, T);
    expect(search(db, 'år')).toHaveLength(1);
    expect(search(db, 'ar')).toEqual([]);
    expect(search(db, 'gå')).toHaveLength(1);
    expect(search(db, 'ga')).toEqual([]);
  });

  it('places turns at their dialogue’s time and cycle, and moves them with it', () => {
    const db = migratedTo1();
    db.prepare(`INSERT INTO stakeholders (id, project_id, pseudonym, sector, created_at, updated_at) VALUES (?, ?, 'Borger A', 'citizen', ?, ?)`).run(S, P, T, T);
    db.prepare(
      `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, summary, created_at, updated_at)
       VALUES (?, ?, ?, 'act', 'workshop', 'Workshop', ?, 'Vi aftalte en gåtur', ?, ?)`,
    ).run(D, P, C, T, T, T);
    db.prepare(
      `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, created_at, updated_at) VALUES (?, ?, ?, 1, ?, 'Jeg savner fællesskabet', ?, ?)`,
    ).run(TURN, P, D, S, T, T);
    expect(search(db, 'fællesskabet')).toEqual([{ entity_type: 'turn', entity_id: TURN }]);
    expect(search(db, 'gåtur')).toEqual([{ entity_type: 'dialogue', entity_id: D }]);

    const later = '2026-04-02T09:00:00.000Z';
    db.prepare(`UPDATE dialogues SET occurred_at = ?, cycle_id = NULL, phase = NULL WHERE id = ?`).run(later, D);
    expect(db.prepare(`SELECT occurred_at, cycle_id, phase FROM events WHERE entity_type = 'turn'`).get()).toEqual({
      occurred_at: later,
      cycle_id: null,
      phase: null,
    });
  });

  it('enforces the domain’s rules in the schema itself', () => {
    const db = migratedTo1();
    const insertLink = db.prepare(
      `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.prepare(`INSERT INTO reflections (id, project_id, written_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(R, P, T, T, T);
    // An excerpt needs start, end and text together, with end after start.
    expect(() => insertLink.run('0190a000-0000-7000-8000-000000000011', P, R, 'turn', TURN, 5, null, null, T)).toThrow(/CHECK/);
    expect(() => insertLink.run('0190a000-0000-7000-8000-000000000012', P, R, 'turn', TURN, 5, 3, 'x', T)).toThrow(/CHECK/);
    expect(() => insertLink.run('0190a000-0000-7000-8000-000000000013', P, R, 'poem', TURN, null, null, null, T)).toThrow(/CHECK/);
    expect(() => insertLink.run('0190a000-0000-7000-8000-000000000014', P, R, 'reflection', R, null, null, null, T)).toThrow(/CHECK/);
    insertLink.run('0190a000-0000-7000-8000-000000000015', P, R, 'turn', TURN, 0, 4, 'Jeg ', T);
    // Strict types, sectors and foreign keys.
    expect(() =>
      db.prepare(`INSERT INTO stakeholders (id, project_id, pseudonym, sector, created_at, updated_at) VALUES (?, ?, 'X', 'royalty', ?, ?)`).run(S, P, T, T),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO cycles (id, project_id, ordinal, created_at, updated_at) VALUES ('c2', ?, 'one', ?, ?)`).run(P, T, T)).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    expect(() =>
      db.prepare(`INSERT INTO cycles (id, project_id, ordinal, created_at, updated_at) VALUES ('c3', 'no-such-project', 2, ?, ?)`).run(T, T),
    ).toThrow(/FOREIGN KEY/);
  });
});
