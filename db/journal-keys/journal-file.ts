import { closeSync, existsSync, fstatSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { listBackups } from '../backup.js';
import { connectionKey, looksEncrypted, openSqlite, rekeySqlite, type Db } from '../sqlite.js';

/**
 * What changes the key of a journal's files: converting a plain journal and its backups, and rotating the data key
 * of an encrypted one. The envelope (envelope.ts) is the caller's part; these functions only touch SQLite files.
 */

/** Every table's row count, shadow tables included: the copy must hold exactly what the original holds. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`).pluck().get() as number]));
}

export class ConversionError extends Error {}

/**
 * Writes an encrypted copy of an open plain connection to `target`: VACUUM INTO a plain copy, then PRAGMA rekey on
 * that copy in place (its rollback journal kept in memory, so no second plaintext file appears), then opens it
 * with the key and checks it (integrity_check, and every table's row count against the source). Throws, leaving
 * no `target`, when anything differs.
 */
export function writeEncryptedCopy(source: Db, target: string, key: Buffer): void {
  rmSync(target, { force: true });
  try {
    source.prepare('VACUUM INTO ?').run(target);
    const copy = openSqlite(target, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = MEMORY');
      rekeySqlite(copy, key);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    syncFile(target);
    const check = openSqlite(target, { readonly: true, fileMustExist: true, key });
    try {
      const integrity = check.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
        throw new ConversionError(`The encrypted copy failed its integrity check (${integrity[0]?.integrity_check}); the journal was not changed.`);
      }
      const want = tableCounts(source);
      const got = tableCounts(check);
      const differing = Object.keys({ ...want, ...got }).filter((table) => want[table] !== got[table]);
      if (differing.length > 0) throw new ConversionError(`The encrypted copy differs from the journal in ${differing.join(', ')}; the journal was not changed.`);
    } finally {
      check.close();
    }
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  }
}

/**
 * Overwrites a file with zeros (fsynced) before removing it, so the plaintext does not simply stay in the freed
 * blocks. On copy-on-write file systems and SSDs the old blocks can survive anyway; the README says so.
 */
export function wipeFile(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const zeros = Buffer.alloc(1024 * 1024);
    for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(path, { force: true });
}

export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; the rename is atomic there all the same.
  }
}

/**
 * Puts a checked encrypted copy in place of the closed plain journal: the plain file is first moved aside (so a
 * crash leaves one whole journal under the name, plain or encrypted), the copy renamed in, and only then the plain
 * file and its -wal/-shm overwritten and removed.
 */
export function swapInEncrypted(journalPath: string, encryptedCopy: string): void {
  const aside = `${journalPath}.plain-${Date.now()}`;
  renameSync(journalPath, aside);
  try {
    renameSync(encryptedCopy, journalPath);
  } catch (error) {
    renameSync(aside, journalPath);
    throw error;
  }
  syncFolder(dirname(journalPath));
  wipeFile(aside);
  for (const suffix of ['-wal', '-shm', '-journal']) wipeFile(journalPath + suffix);
}

export interface BackupConversion {
  converted: string[];
  /** Backups that could not be read (damaged, or made with another key): left as they are. */
  skipped: { name: string; reason: string }[];
}

/** Encrypts every plain backup of a journal with `key` (encrypted copy, checked, swapped in, the plain one wiped). */
export function encryptPlainBackups(journalPath: string, key: Buffer): BackupConversion {
  const result: BackupConversion = { converted: [], skipped: [] };
  for (const backup of listBackups(journalPath)) {
    if (looksEncrypted(backup.path)) continue;
    const temp = `${dirname(backup.path)}/.${basename(backup.path)}.encrypting`;
    try {
      const plain = openSqlite(backup.path, { readonly: true, fileMustExist: true });
      try {
        writeEncryptedCopy(plain, temp, key);
      } finally {
        plain.close();
      }
      const aside = `${backup.path}.plain`;
      renameSync(backup.path, aside);
      renameSync(temp, backup.path);
      wipeFile(aside);
      result.converted.push(backup.name);
    } catch (error) {
      rmSync(temp, { force: true });
      result.skipped.push({ name: backup.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/**
 * A new data key for an open encrypted journal: PRAGMA rekey (refused in WAL mode, so DELETE around it), then each
 * backup re-encrypted from the old key to the new one, so every copy opens with the one key in the envelope.
 */
export function rekeyOpenJournal(db: Db, newKey: Buffer): BackupConversion {
  const oldKey = connectionKey(db);
  if (!oldKey) throw new ConversionError('This journal is not encrypted; encrypt it first.');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  try {
    rekeySqlite(db, newKey);
  } finally {
    db.pragma('journal_mode = WAL');
  }
  return rekeyBackups(db.name, oldKey, newKey);
}

export function rekeyBackups(journalPath: string, oldKey: Buffer, newKey: Buffer): BackupConversion {
  const result: BackupConversion = { converted: [], skipped: [] };
  for (const backup of listBackups(journalPath)) {
    try {
      const copy = openSqlite(backup.path, { fileMustExist: true, key: oldKey });
      try {
        copy.pragma('journal_mode = DELETE');
        rekeySqlite(copy, newKey);
      } finally {
        copy.close();
      }
      result.converted.push(backup.name);
    } catch (error) {
      result.skipped.push({ name: backup.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
