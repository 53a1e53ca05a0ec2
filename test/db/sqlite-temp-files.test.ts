import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite.js';
import { tempDir } from '../helpers/temp.js';

const PLANTED = 'PLANTED-TEMP-SENTENCE-7f3a';

/** The bytes of every file this process holds open that SQLite made as a temporary file (unlinked at once). */
function openTemporaryFiles(): Buffer[] {
  const found: Buffer[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (/etilqs_/.test(target)) found.push(readFileSync(`/proc/self/fd/${fd}`));
  }
  return found;
}

/** Sorts more rows than a tiny page cache holds, which makes SQLite spill to a temporary file unless kept in memory. */
function sortSpilling(db: ReturnType<typeof openSqlite>, onFirstRow: () => void): void {
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5000; i += 1) insert.run(`${PLANTED} ${i} ${'words of a field note '.repeat(10)}`);
  })();
  db.pragma('cache_size = 20');
  for (const _row of db.prepare('SELECT x FROM t ORDER BY substr(x, 30) DESC').iterate()) {
    onFirstRow();
    break;
  }
}

describe('SQLite temporary files', () => {
  it('are kept in memory on every connection, so an encrypted journal never writes its words to a temporary file in clear', () => {
    const db = openSqlite(join(tempDir(), 'encrypted.sqlite'), { key: randomBytes(32) });
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    let temporary: Buffer[] = [];
    sortSpilling(db, () => (temporary = openTemporaryFiles()));
    db.close();
    expect(temporary.filter((bytes) => bytes.includes(Buffer.from(PLANTED)))).toEqual([]);
  });

  it('would spill in clear with the default temp_store (the check above can fail)', () => {
    const db = openSqlite(join(tempDir(), 'encrypted.sqlite'), { key: randomBytes(32) });
    db.pragma('temp_store = DEFAULT');
    let temporary: Buffer[] = [];
    sortSpilling(db, () => (temporary = openTemporaryFiles()));
    db.close();
    expect(temporary.some((bytes) => bytes.includes(Buffer.from(PLANTED)))).toBe(true);
  });
});
