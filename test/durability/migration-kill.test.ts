import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations, migrate } from '../../db/migrations.js';
import { tempDir } from '../helpers/temp.js';

/** A second migration that takes a while: a big table filled, then a column added to an old one. */
const SLOW_MIGRATION = `
CREATE TABLE big (n INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 400000)
  INSERT INTO big SELECT n, printf('row %d with some text to make pages', n) FROM c;
ALTER TABLE projects ADD COLUMN migrated_marker TEXT NOT NULL DEFAULT 'yes';
`;

function migrationsWithSlowSecond(): string {
  const dir = join(tempDir(), 'migrations');
  mkdirSync(dir);
  copyFileSync(join(defaultMigrationsDir, '001_initial.sql'), join(dir, '001_initial.sql'));
  writeFileSync(join(dir, '002_slow.sql'), SLOW_MIGRATION);
  return dir;
}

async function killDuringMigration(file: string, dir: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/durability/migrator.ts', file, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('migrating')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('exit', () => resolve());
  });
}

describe('a migration interrupted by SIGKILL', () => {
  it('leaves the old version or the new one, never a mix', async () => {
    const dir = migrationsWithSlowSecond();
    const outcomes = new Set<number>();
    for (const delay of [0, 30, 80, 150, 300, 600]) {
      const file = join(tempDir(), `journal-${delay}.sqlite`);
      const db = openSqlite(file);
      migrate(db, loadMigrations(dir), 1);
      db.prepare(`INSERT INTO projects (id, title, created_at, updated_at) VALUES ('0190a000-0000-7000-8000-000000000001', 'Kept', 'x', 'x')`).run();
      db.close();

      await killDuringMigration(file, dir, delay);
      const after = openSqlite(file);
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      const version = after.pragma('user_version', { simple: true }) as number;
      const hasBig = after.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'big'`).pluck().get() === 1;
      const columns = (after.prepare(`SELECT name FROM pragma_table_info('projects')`).pluck().all() as string[]).includes('migrated_marker');
      if (version === 1) {
        expect(hasBig).toBe(false);
        expect(columns).toBe(false);
      } else {
        expect(version).toBe(2);
        expect(hasBig).toBe(true);
        expect(columns).toBe(true);
        expect(after.prepare('SELECT count(*) FROM big').pluck().get()).toBe(400000);
      }
      expect(after.prepare('SELECT title FROM projects').pluck().all()).toEqual(['Kept']);
      outcomes.add(version);
      after.close();
    }
    // At least one kill landed inside the migration (old version kept) — otherwise the test proved nothing.
    expect(outcomes.has(1)).toBe(true);
  }, 120_000);
});
