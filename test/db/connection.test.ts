import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { DatabaseTooNewError, loadMigrations, migrate, schemaVersion } from '../../db/migrations.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';

const latest = loadMigrations().length;

describe('opening a journal', () => {
  it('creates a fresh file at the latest schema with the durability pragmas', () => {
    const { db } = tempDatabase();
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('makes every domain table STRICT', () => {
    const { db } = tempDatabase();
    const tables = db
      .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts%'`)
      .all() as { name: string; strict: number }[];
    expect(tables.map((table) => table.name).sort()).toEqual(
      [
        'attachments', 'code_applications', 'codes', 'consent_changes', 'cycles', 'dialogue_participants', 'dialogue_turns', 'dialogues', 'drafts',
        'erasure_log', 'erasure_salt', 'events', 'field_note_stakeholders', 'field_notes', 'phase_entries', 'phase_prompts', 'projects', 'prompt_links',
        'reflections', 'revisions', 'stakeholders', 'team_members', 'trash_items',
        'sync_applying', 'sync_links', 'sync_outbox', 'sync_refused', 'sync_versions', 'timeline_counts', 'timeline_day_counts',
      ].sort(),
    );
    expect(tables.filter((table) => table.strict !== 1)).toEqual([]);
  });

  it('zeroes freed pages (secure_delete), so deleted rows leave nothing in the file', () => {
    const { db } = tempDatabase();
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('reopens an existing file without migrating again', () => {
    const { db, file } = tempDatabase();
    db.prepare(`INSERT INTO projects (id, title, created_at, updated_at) VALUES ('0190a000-0000-7000-8000-000000000001', 'Kept', 'x', 'x')`).run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT title FROM projects').pluck().all()).toEqual(['Kept']);
    again.close();
  });

  it('refuses a journal written by a newer version and leaves the file byte-identical', () => {
    const dir = tempDir();
    const file = join(dir, 'newer.sqlite');
    const newer = openSqlite(file);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${latest + 5}`);
    newer.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');

    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Withness/);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
    const check = openSqlite(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });
});

describe('migrations', () => {
  it('are numbered from 001 without gaps', () => {
    const versions = loadMigrations().map((migration) => migration.version);
    expect(versions).toEqual(Array.from({ length: latest }, (_, index) => index + 1));
  });

  it('refuses a folder with a gap in its numbering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (x) STRICT;');
    writeFileSync(join(dir, '003_third.sql'), 'CREATE TABLE c (x) STRICT;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('leave the old version intact when a migration fails half-way', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001_first.sql'), 'CREATE TABLE a (x INTEGER) STRICT; INSERT INTO a VALUES (1);');
    writeFileSync(join(dir, 'm', '002_broken.sql'), 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO a VALUES (2); THIS IS NOT SQL;');
    const db = openSqlite(join(dir, 'j.sqlite'));
    const migrations = loadMigrations(join(dir, 'm'));
    expect(() => migrate(db, migrations)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT x FROM a').pluck().all()).toEqual([1]);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'b'`).pluck().get()).toBe(0);
    db.close();
  });
});
