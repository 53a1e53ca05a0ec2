import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { backupDirFor, listBackups } from '../backup.js';
import { hasEnvelope } from './envelope.js';
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
  // A leftover of an earlier attempt is a plaintext copy of the journal.
  wipeFile(target);
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
    wipeQuietly(target);
    throw error;
  }
}

/** Wipes a file, or removes it when even that fails (the caller is already reporting another failure). */
function wipeQuietly(path: string): void {
  try {
    wipeFile(path);
  } catch {
    rmSync(path, { force: true });
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
export function swapInEncrypted(journalPath: string, encryptedCopy: string): string[] {
  const aside = `${journalPath}.plain-${Date.now()}`;
  renameSync(journalPath, aside);
  try {
    renameSync(encryptedCopy, journalPath);
  } catch (error) {
    renameSync(aside, journalPath);
    throw error;
  }
  syncFolder(dirname(journalPath));
  // The encrypted journal is in place: a clean-up failure from here on is reported, never thrown, so the caller
  // still reopens the journal and shows the new recovery key.
  return [aside, ...['-wal', '-shm', '-journal'].map((suffix) => journalPath + suffix)].flatMap(wipeReporting);
}

function wipeReporting(path: string): string[] {
  try {
    wipeFile(path);
    return [];
  } catch (error) {
    return [`${basename(path)} could not be overwritten and removed: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/**
 * What an interrupted conversion leaves: `<journal>.encrypting` (a plaintext VACUUM copy being encrypted),
 * `<journal>.plain-*` (the plain journal moved aside), and for backups and damaged copies `.<name>.encrypting`
 * and `<name>.plain`. A crash between a swap's two renames leaves the name empty: the checked encrypted copy goes
 * in when its envelope exists, else the plain file goes back. Everything else is overwritten and removed (review
 * M1). Returns what could not be wiped.
 */
export function settleInterruptedConversion(journalPath: string): string[] {
  const problems: string[] = [];
  const folder = dirname(journalPath);
  const base = basename(journalPath);
  const copy = `${journalPath}.encrypting`;
  const asides = filesIn(folder)
    .filter((name) => name.startsWith(`${base}.plain-`))
    .sort()
    .map((name) => join(folder, name));
  if (!existsSync(journalPath) && asides.length > 0) {
    if (existsSync(copy) && hasEnvelope(journalPath)) renameSync(copy, journalPath);
    else renameSync(asides.pop()!, journalPath);
  }
  problems.push(...[copy, ...asides].flatMap(wipeReporting));
  for (const dir of [folder, backupDirFor(journalPath)]) {
    for (const name of filesIn(dir)) {
      if (!name.endsWith('.plain')) continue;
      const original = join(dir, name.slice(0, -'.plain'.length));
      const temp = join(dir, `.${basename(original)}.encrypting`);
      if (!existsSync(original)) renameSync(existsSync(temp) ? temp : join(dir, name), original);
      if (existsSync(join(dir, name))) problems.push(...wipeReporting(join(dir, name)));
    }
    for (const name of filesIn(dir)) if (name.startsWith('.') && name.endsWith('.encrypting')) problems.push(...wipeReporting(join(dir, name)));
  }
  return problems;
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
    try {
      encryptInPlace(backup.path, key);
      result.converted.push(backup.name);
    } catch (error) {
      result.skipped.push({ name: backup.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** A plain SQLite file replaced by a checked encrypted copy (its -wal read in first), the plain one wiped. */
function encryptInPlace(path: string, key: Buffer): void {
  const temp = join(dirname(path), `.${basename(path)}.encrypting`);
  try {
    const plain = openSqlite(path, { readonly: true, fileMustExist: true });
    try {
      writeEncryptedCopy(plain, temp, key);
    } finally {
      plain.close();
    }
    const aside = `${path}.plain`;
    renameSync(path, aside);
    renameSync(temp, path);
    wipeFile(aside);
  } catch (error) {
    wipeQuietly(temp);
    throw error;
  }
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0');

function hasPlainHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

export interface OtherCopies {
  /** Damaged copies now encrypted. */
  converted: string[];
  /** Damaged copies that could not be read to convert, and plaintext upload pieces: overwritten and removed. */
  wiped: string[];
  problems: string[];
}

/**
 * The journal's other plaintext beside it (review M8): damaged copies kept by a restore (`<journal>.damaged-*`
 * with their -wal/-shm) are encrypted, or wiped when they cannot be read; pieces of bundle uploads in
 * `.withness-uploads` are wiped (an upload can be sent again).
 */
export function encryptOtherCopies(journalPath: string, key: Buffer): OtherCopies {
  const result: OtherCopies = { converted: [], wiped: [], problems: [] };
  const folder = dirname(journalPath);
  const damaged = filesIn(folder).filter((name) => name.startsWith(`${basename(journalPath)}.damaged-`) && !/-(wal|shm|journal)$/.test(name));
  for (const name of damaged) {
    const path = join(folder, name);
    // Not looksEncrypted: a damaged plain file is unreadable too. An encrypted file starts with its random salt.
    if (!hasPlainHeader(path)) continue;
    try {
      encryptInPlace(path, key);
      result.converted.push(name);
    } catch {
      const problems = wipeReporting(path);
      result.problems.push(...problems);
      if (problems.length === 0) result.wiped.push(name);
    }
    result.problems.push(...['-wal', '-shm', '-journal'].flatMap((suffix) => wipeReporting(path + suffix)));
  }
  const uploads = join(folder, '.withness-uploads');
  for (const name of filesIn(uploads)) {
    const problems = wipeReporting(join(uploads, name));
    result.problems.push(...problems);
    if (problems.length === 0) result.wiped.push(`.withness-uploads/${name}`);
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
