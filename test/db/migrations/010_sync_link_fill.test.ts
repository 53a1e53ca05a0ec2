import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../../db/migrations.js';
import { openSqlite } from '../../../db/sqlite.js';
import { tempDir } from '../../helpers/temp.js';

/** Migration 010 adds sync_links.fill_pending (a link's first outbox fill not finished); existing links are filled. */
describe('migration 010: sync_links.fill_pending', () => {
  it('upgrades a version 9 journal: a link kept, with fill_pending 0; only 0 or 1 allowed', () => {
    const file = join(tempDir(), 'j.sqlite');
    copyFileSync('test/fixtures/journal-v1.sqlite', file);
    const db = openSqlite(file);
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrations(), 9);
    const project = db.prepare(`SELECT id FROM projects LIMIT 1`).pluck().get() as string;
    db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at) VALUES (?, 'postgres://a@h/t', 'a', 'c', '2026-01-01T00:00:00.000Z')`).run(project);
    migrate(db, loadMigrations(), 10);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare(`SELECT project_id, member, fill_pending FROM sync_links`).all()).toEqual([{ project_id: project, member: 'a', fill_pending: 0 }]);
    expect(() => db.prepare(`UPDATE sync_links SET fill_pending = 2`).run()).toThrow(/CHECK/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
