import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 007 adds what team sync keeps (links, outbox, versions, the apply flag), two erasure_log columns, and the
 * outbox triggers. Checked on the demo journal of version 1 (test/fixtures/journal-v1.sqlite) brought to version 6,
 * then migrated to 7.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';

function versionSixJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 6);
  expect(schemaVersion(db)).toBe(6);
  return db;
}

function counts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

const NEW_TABLES = ['sync_links', 'sync_outbox', 'sync_applying', 'sync_versions'];
const outbox = (db: Db) => db.prepare(`SELECT table_name, row_key FROM sync_outbox ORDER BY table_name, row_key`).all() as { table_name: string; row_key: string }[];

describe('migration 007: team sync', () => {
  it('upgrades a version 6 journal: every row kept, empty sync tables, erasure log entries marked as not sent', () => {
    const db = versionSixJournal();
    db.prepare(
      `INSERT INTO erasure_log (id, project_id, stakeholder_id, mode, name_hash, erased_at) VALUES ('e1', 'p', 's', 'erase', ?, '2026-01-01T00:00:00.000Z')`,
    ).run('f'.repeat(64));
    const before = counts(db);
    migrate(db, loadMigrations(), 7);
    expect(schemaVersion(db)).toBe(7);
    const after = counts(db);
    expect(Object.fromEntries(Object.entries(after).filter(([table]) => !NEW_TABLES.includes(table)))).toEqual(before);
    for (const table of NEW_TABLES) expect(after[table]).toBe(0);
    expect(db.prepare(`SELECT rewritten_ids, pushed_at FROM erasure_log`).get()).toEqual({ rewritten_ids: '[]', pushed_at: null });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('queues writes of linked inquiries only, not while a pull is applied, and the links of notes and dialogues by their parent', () => {
    const db = versionSixJournal();
    migrate(db, loadMigrations(), 7);
    const [linked, other] = db.prepare(`SELECT id FROM projects ORDER BY id`).pluck().all() as string[];
    expect(linked).toBeDefined();
    const note = db.prepare(`SELECT id FROM field_notes WHERE project_id = ? LIMIT 1`).pluck().get(linked) as string;
    const stakeholder = db.prepare(`SELECT id FROM stakeholders WHERE project_id = ? LIMIT 1`).pluck().get(linked) as string;

    // Nothing linked: writes leave the outbox empty.
    db.prepare(`UPDATE field_notes SET body = body || ' (edited)' WHERE id = ?`).run(note);
    expect(outbox(db)).toEqual([]);

    db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at) VALUES (?, 'postgres://a@h/db', 'a', 'c1', '2026-01-01T00:00:00.000Z')`).run(linked);
    db.prepare(`UPDATE field_notes SET body = body || ' (again)' WHERE id = ?`).run(note);
    db.prepare(`UPDATE field_notes SET title = title WHERE id = ?`).run(note);
    const involved = db.prepare(`SELECT stakeholder_id FROM field_note_stakeholders WHERE note_id = ?`).pluck().all(note) as string[];
    db.prepare(`DELETE FROM field_note_stakeholders WHERE note_id = ?`).run(note);
    db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`).run(note, stakeholder);
    expect(outbox(db)).toEqual([
      ...[...new Set([...involved, stakeholder])].sort().map((id) => ({ table_name: 'field_note_stakeholders', row_key: `${note}/${id}` })),
      { table_name: 'field_notes', row_key: note },
    ]);
    expect(db.prepare(`SELECT DISTINCT project_id FROM sync_outbox`).pluck().all()).toEqual([linked]);

    // Another inquiry of the same journal is not queued.
    if (other) {
      db.prepare(`UPDATE projects SET concern = 'x' WHERE id = ?`).run(other);
      expect(db.prepare(`SELECT count(*) FROM sync_outbox WHERE project_id = ?`).pluck().get(other)).toBe(0);
    }

    // Inside the apply transaction nothing is queued.
    db.prepare(`DELETE FROM sync_outbox`).run();
    db.transaction(() => {
      db.prepare(`INSERT INTO sync_applying (id) VALUES (1)`).run();
      db.prepare(`UPDATE field_notes SET body = 'pulled' WHERE id = ?`).run(note);
      db.prepare(`DELETE FROM sync_applying`).run();
    })();
    expect(outbox(db)).toEqual([]);
    expect(() => db.prepare(`INSERT INTO sync_applying (id) VALUES (2)`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('refuses what sync must never hold: a bad hash, parents that are not a list, a share outside (0, 1], a link to no inquiry', () => {
    const db = versionSixJournal();
    migrate(db, loadMigrations(), 7);
    const project = db.prepare(`SELECT id FROM projects LIMIT 1`).pluck().get() as string;
    const insert = db.prepare(
      `INSERT INTO sync_versions (project_id, table_name, row_key, hash, parents, revision) VALUES (@project, 'field_notes', 'k', @hash, @parents, 1)`,
    );
    expect(() => insert.run({ project, hash: 'abc', parents: '[]' })).toThrow(/CHECK/);
    expect(() => insert.run({ project, hash: 'a'.repeat(64), parents: '{"a":1}' })).toThrow(/CHECK/);
    insert.run({ project, hash: 'a'.repeat(64), parents: '[]' });
    expect(() => insert.run({ project, hash: 'a'.repeat(64), parents: '[]' })).toThrow(/UNIQUE|PRIMARY KEY/);
    const link = db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at, mass_trash_share) VALUES (?, 'u', 'm', 'c', 't', ?)`);
    expect(() => link.run(project, 0)).toThrow(/CHECK/);
    expect(() => link.run(project, 1.5)).toThrow(/CHECK/);
    expect(() => link.run('no-such-inquiry', 0.25)).toThrow(/FOREIGN KEY/);
    link.run(project, 0.25);
    // Deleting the inquiry here takes its link along.
    db.prepare(`DELETE FROM projects WHERE id = ?`).run(project);
    expect(db.prepare(`SELECT count(*) FROM sync_links`).pluck().get()).toBe(0);
    db.close();
  });
});
