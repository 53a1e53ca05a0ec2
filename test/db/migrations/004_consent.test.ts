import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite, type Db } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/**
 * Migration 004 gives stakeholders `consent_use` (quote / describe / none, default quote) and adds the audit table
 * `consent_changes`, starting every existing stakeholder's history with the consent it has. Checked on the demo
 * journal of version 1 (test/fixtures/journal-v1.sqlite) brought to version 3, with one stakeholder in the trash.
 */
const FIXTURE = 'test/fixtures/journal-v1.sqlite';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function versionThreeJournal(): Db {
  const file = join(tempDir(), 'j.sqlite');
  copyFileSync(FIXTURE, file);
  const db = openSqlite(file);
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 3);
  expect(schemaVersion(db)).toBe(3);
  db.prepare(`UPDATE stakeholders SET deleted_at = '2026-03-01T10:00:00.000Z' WHERE id = (SELECT id FROM stakeholders ORDER BY id LIMIT 1)`).run();
  return db;
}

function counts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

interface Stakeholder {
  id: string;
  project_id: string;
  consent_status: string;
  consent_scope: string;
}

describe('migration 004: consent use and the consent history', () => {
  it('upgrades a version 3 journal: every row kept, consent_use defaults to quote, each stakeholder gets a first history row', () => {
    const db = versionThreeJournal();
    const before = counts(db);
    const stakeholders = db.prepare(`SELECT id, project_id, consent_status, consent_scope FROM stakeholders ORDER BY id`).all() as Stakeholder[];
    expect(stakeholders.length).toBeGreaterThan(3);
    expect(before.consent_changes).toBeUndefined();

    const started = new Date().toISOString();
    migrate(db, loadMigrations(), 4);
    expect(schemaVersion(db)).toBe(4);
    const after = counts(db);
    expect({ ...after, consent_changes: undefined }).toEqual({ ...before, consent_changes: undefined });
    expect(after.consent_changes).toBe(stakeholders.length);

    // Existing people keep what their status meant: use 'quote', so only 'given' is quotable.
    expect(db.prepare(`SELECT DISTINCT consent_use FROM stakeholders`).pluck().all()).toEqual(['quote']);
    const history = db.prepare(`SELECT * FROM consent_changes ORDER BY stakeholder_id`).all() as Record<string, string>[];
    expect(history.map((row) => ({ stakeholder_id: row.stakeholder_id, project_id: row.project_id, status: row.status, scope_note: row.scope_note }))).toEqual(
      stakeholders.map((s) => ({ stakeholder_id: s.id, project_id: s.project_id, status: s.consent_status, scope_note: s.consent_scope })),
    );
    for (const row of history) {
      expect(row.id).toMatch(UUID);
      expect(row.consent_use).toBe('quote');
      expect(row.reason).toBe('migrated');
      expect(row.changed_at! >= started.slice(0, 19)).toBe(true);
      expect(new Date(row.changed_at!).toISOString()).toBe(row.changed_at);
    }
    expect(new Set(history.map((row) => row.id)).size).toBe(history.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // The schema: the new column refuses other uses; the audit table is strict and has no foreign key, so its rows
    // outlive a stakeholder who is deleted outright (erasure).
    const someone = stakeholders[1]!.id;
    expect(() => db.prepare(`UPDATE stakeholders SET consent_use = 'maybe' WHERE id = ?`).run(someone)).toThrow(/CHECK/);
    db.prepare(`UPDATE stakeholders SET consent_use = 'describe' WHERE id = ?`).run(someone);
    expect(db.prepare(`SELECT consent_use FROM stakeholders WHERE id = ?`).pluck().get(someone)).toBe('describe');
    expect(db.prepare(`PRAGMA foreign_key_list(consent_changes)`).all()).toEqual([]);
    expect(() => db.prepare(`INSERT INTO consent_changes (id, project_id, stakeholder_id, changed_at, status, consent_use) VALUES ('x', 'p', 's', x'00', 'given', 'quote')`).run()).toThrow(
      /cannot store BLOB value in TEXT column/,
    );
    db.prepare(`DELETE FROM dialogue_turns WHERE speaker_id = ?`).run(someone);
    db.prepare(`DELETE FROM dialogue_participants WHERE stakeholder_id = ?`).run(someone);
    db.prepare(`DELETE FROM field_note_stakeholders WHERE stakeholder_id = ?`).run(someone);
    db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(someone);
    expect(db.prepare(`SELECT count(*) FROM consent_changes WHERE stakeholder_id = ?`).pluck().get(someone)).toBe(1);

    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan(`SELECT * FROM consent_changes WHERE stakeholder_id = 's' ORDER BY changed_at`)).toMatch(/INDEX consent_changes_stakeholder/);
    expect(plan(`SELECT * FROM consent_changes WHERE project_id = 'p' ORDER BY changed_at`)).toMatch(/INDEX consent_changes_project/);
    db.close();
  });
});
