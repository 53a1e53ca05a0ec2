import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { nativeBindingInUse, openSqlite, useNativeBinding } from '../../db/sqlite.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = join(__dirname, '..', '..');
const OPENER = 'db/sqlite.ts';
const SOURCE_DIRS = ['electron', 'db', 'renderer', 'test', 'bench', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

// Built from pieces so that this file does not match itself. The package we use, and the one it replaced.
const MODULE = ['better', 'sqlite3', 'multiple', 'ciphers'].join('-');
const MODULES = [MODULE, ['better', 'sqlite3'].join('-')];
const MODULE_PATTERN = `better-sqlite3(?:-multiple-ciphers)?`;
const FORBIDDEN = [
  new RegExp(['new', '\\s+Database\\s*\\('].join('')),
  new RegExp(`^\\s*import\\s+(?!type\\b)[^;]*from\\s+['"]${MODULE_PATTERN}['"]`, 'm'),
  new RegExp(`(import|require)\\s*\\(\\s*['"]${MODULE_PATTERN}['"]\\s*\\)`),
];

describe('one way to open a SQLite file', () => {
  afterEach(() => useNativeBinding(undefined));

  it(`opens SQLite nowhere but in ${OPENER}: no Database constructor and no value import of ${MODULE} elsewhere`, () => {
    const files = SOURCE_DIRS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files
      .filter((file) => file !== OPENER)
      .filter((file) => FORBIDDEN.some((pattern) => pattern.test(readFileSync(join(ROOT, file), 'utf8'))));
    expect(offenders).toEqual([]);
    expect(readFileSync(join(ROOT, OPENER), 'utf8')).toMatch(FORBIDDEN[0]!);
  });

  it('the check itself finds each way of opening SQLite around the one function', () => {
    for (const name of MODULES) {
      const samples = [`const db = ${'new'} Database(file);`, `import Database from '${name}';`, `const m = await import('${name}');`, `const D = require("${name}");`];
      for (const sample of samples) expect(FORBIDDEN.some((pattern) => pattern.test(sample)), sample).toBe(true);
      expect(FORBIDDEN.some((pattern) => pattern.test(`import type { Statement } from '${name}';`))).toBe(false);
    }
  });

  it('applies the native binding the process was given to the journal, backups and every other connection', () => {
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    openDatabase(file).close();
    const copy = join(dir, 'native', 'better_sqlite3.node');
    cpSync(createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node'), copy);

    useNativeBinding(copy);
    expect(nativeBindingInUse()).toBe(copy);
    const db = openSqlite(file, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();

    const missing = join(dir, 'nowhere', 'better_sqlite3.node');
    useNativeBinding(missing);
    expect(() => openSqlite(file)).toThrow(/nowhere/);
    expect(() => openDatabase(file)).toThrow(/nowhere/);
    expect(verifyBackup(file)).toMatchObject({ ok: false, message: expect.stringContaining(relative(dir, missing).split('/')[0]!) });
  });
});
