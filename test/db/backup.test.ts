import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDirFor, createBackup, ensureDailyBackup, listBackups, restoreIntoOpenJournal, rotateBackups, verifyBackup } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { loadMigrations } from '../../db/migrations.js';
import { createProject, listProjects } from '../../db/repositories/projects.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';

describe('backups', () => {
  it('writes a verified copy with the backup API into backups/ beside the journal', async () => {
    const { db, file } = tempDatabase();
    createProject(db, { title: 'Worth keeping' });
    const backup = await createBackup(db, 'manual', new Date('2026-05-01T10:00:00Z'));
    expect(backup.name).toBe('withness-2026-05-01T10-00-00-000Z-manual.sqlite');
    expect(backup.path).toBe(join(backupDirFor(file), backup.name));
    expect(backup.verification).toEqual({ ok: true, state: 'intact', message: 'Intact.', detail: '', schema_version: loadMigrations().length });
    const copy = openDatabase(backup.path);
    expect(listProjects(copy).map((project) => project.title)).toEqual(['Worth keeping']);
    copy.close();
    expect(readdirSync(backupDirFor(file)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('makes at most one automatic backup a day', async () => {
    const { db } = tempDatabase();
    expect(await ensureDailyBackup(db, new Date('2026-05-01T08:00:00Z'))).toBeDefined();
    expect(await ensureDailyBackup(db, new Date('2026-05-01T09:00:00Z'))).toBeUndefined();
    expect(await ensureDailyBackup(db, new Date('2026-05-03T09:00:00Z'))).toBeDefined();
    expect(listBackups(db.name).map((backup) => backup.kind)).toEqual(['daily', 'daily']);
  });

  it('rotates automatic backups: 7 daily, 4 weekly, 12 monthly', async () => {
    const { file } = tempDatabase();
    const dir = backupDirFor(file);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    // One daily backup every day for two years, and a few manual ones.
    const start = Date.parse('2025-01-01T12:00:00Z');
    for (let day = 0; day < 730; day += 1) {
      const stamp = new Date(start + day * 86_400_000).toISOString().replace(/:/g, '-').replace('.', '-');
      writeFileSync(join(dir, `withness-${stamp}-daily.sqlite`), '');
    }
    for (let index = 0; index < 25; index += 1) {
      writeFileSync(join(dir, `withness-2026-01-01T00-00-${String(index).padStart(2, '0')}-000Z-manual.sqlite`), '');
    }
    const now = new Date(start + 729 * 86_400_000);
    rotateBackups(file, now);
    const left = listBackups(file);
    const daily = left.filter((backup) => backup.kind === 'daily').map((backup) => backup.created_at.slice(0, 10));
    expect(daily.slice(0, 7)).toEqual(['2026-12-31', '2026-12-30', '2026-12-29', '2026-12-28', '2026-12-27', '2026-12-26', '2026-12-25']);
    // Kept by the weekly and monthly tiers: the newest of each earlier week and month.
    expect(daily.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(daily.length).toBeGreaterThanOrEqual(7 + 11);
    expect(new Set(daily.map((date) => date.slice(0, 7))).size).toBe(12);
    expect(daily.at(-1)! >= '2026-01-01').toBe(true);
    expect(left.filter((backup) => backup.kind === 'manual')).toHaveLength(20);
  });

  it('tells a damaged backup from an intact one', async () => {
    const { db } = tempDatabase();
    for (let index = 0; index < 200; index += 1) createProject(db, { title: `Project ${index}`, concern: 'x'.repeat(2000) });
    const backup = await createBackup(db, 'manual');
    const handle = openSync(backup.path, 'r+');
    writeSync(handle, Buffer.alloc(4096, 0x41), 0, 4096, 8192);
    closeSync(handle);
    const verification = verifyBackup(backup.path);
    expect(verification.ok).toBe(false);
    expect(verification.message).toMatch(/Damaged|Cannot be read/);
    expect(verifyBackup(join(tempDir(), 'missing.sqlite'))).toMatchObject({ ok: false, message: expect.stringMatching(/Cannot be read/) });
  });

  it('restores into the open journal and keeps a copy of what was there', async () => {
    const { db, file } = tempDatabase();
    createProject(db, { title: 'Before' });
    const backup = await createBackup(db, 'manual');
    createProject(db, { title: 'After the backup' });
    const kept = await restoreIntoOpenJournal(db, backup);
    expect(listProjects(db).map((project) => project.title)).toEqual(['Before']);
    expect(kept.kind).toBe('pre-restore');
    const copy = openDatabase(kept.path);
    expect(listProjects(copy).map((project) => project.title).sort()).toEqual(['After the backup', 'Before']);
    copy.close();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(existsSync(file)).toBe(true);
  });
});
