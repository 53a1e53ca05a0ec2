import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { format, getISOWeek, getISOWeekYear } from 'date-fns';
import { connectionKey, openSqlite, type Db } from './sqlite.js';

/**
 * Backups of a journal, kept in a `backups` folder beside it. Each is written with SQLite's online
 * backup API (never a file copy of a live database), then checked with integrity_check. An encrypted journal is
 * backed up with VACUUM INTO instead, which writes the copy encrypted with the journal's own key (the backup API
 * cannot copy between an encrypted source and a new file), so no backup ever holds plaintext.
 */
export const BACKUP_KINDS = ['daily', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export interface BackupInfo {
  name: string;
  path: string;
  kind: BackupKind;
  created_at: string;
  size: number;
}

export interface Verification {
  ok: boolean;
  /** intact; damaged (integrity_check found problems); unreadable (not a database, or not with this key). */
  state: 'intact' | 'damaged' | 'unreadable';
  /** In English, for the command line and logs; the UI words it from `state` in the reader's language. */
  message: string;
  /** SQLite's own words about the problem (empty when intact): technical detail, shown as it is. */
  detail: string;
  schema_version: number | null;
}

const NAME = /^withness-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|manual|pre-migration|pre-restore)\.sqlite$/;

export function backupDirFor(journalPath: string): string {
  return join(dirname(journalPath), 'backups');
}

/** Newest first. */
export function listBackups(journalPath: string): BackupInfo[] {
  const dir = backupDirFor(journalPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({
      name,
      path: join(dir, name),
      kind: match[2] as BackupKind,
      created_at: match[1]!.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/, 'T$1:$2:$3.$4Z'),
      size: statSync(join(dir, name)).size,
    }))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.name.localeCompare(a.name));
}

/** Resolves a backup by its file name, refusing anything that is not one of this journal's backups. */
export function findBackup(journalPath: string, name: string): BackupInfo | undefined {
  return listBackups(journalPath).find((backup) => backup.name === name);
}

/** Opens a backup read-only (with the journal's key when it is encrypted) and runs integrity_check on it. */
export function verifyBackup(path: string, key?: Buffer): Verification {
  let db: Db | undefined;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true, key });
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const schema = db.pragma('user_version', { simple: true }) as number;
    const ok = problems.length === 1 && problems[0]!.integrity_check === 'ok';
    if (ok) return { ok, state: 'intact', message: 'Intact.', detail: '', schema_version: schema };
    const detail = problems.slice(0, 3).map((p) => p.integrity_check).join('; ');
    return { ok, state: 'damaged', message: `Damaged: ${detail}`, detail, schema_version: schema };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, state: 'unreadable', message: `Cannot be read: ${detail}`, detail, schema_version: null };
  } finally {
    db?.close();
  }
}

/** Writes a backup of the open journal with the backup API, verifies it, then rotates old ones. */
export async function createBackup(
  db: Db,
  kind: BackupKind,
  now: Date = new Date(),
  options: { snapshot?: boolean } = {},
): Promise<BackupInfo & { verification: Verification }> {
  const dir = backupDirFor(db.name);
  mkdirSync(dir, { recursive: true });
  const name = `withness-${now.toISOString().replace(/:/g, '-').replace('.', '-')}-${kind}.sqlite`;
  const partial = join(dir, `.${name}.partial`);
  const key = connectionKey(db);
  // A connection other than the app's (the daily backup's worker) copies with VACUUM INTO too: it reads one snapshot,
  // where the backup API would start again every time the app's connection writes.
  if (key || options.snapshot) {
    rmSync(partial, { force: true });
    // VACUUM INTO writes a self-contained rollback-journal file, encrypted with this connection's key.
    db.prepare('VACUUM INTO ?').run(partial);
    syncFile(partial);
    if (!key) useRollbackJournal(partial);
  } else {
    await db.backup(partial);
    useRollbackJournal(partial);
  }
  const verification = verifyBackup(partial, key);
  if (!verification.ok) {
    rmSync(partial, { force: true });
    throw new Error(`The backup could not be verified (${verification.message}). The journal itself is unchanged.`);
  }
  renameSync(partial, join(dir, name));
  rotateBackups(db.name, now);
  const info = listBackups(db.name).find((backup) => backup.name === name)!;
  return { ...info, verification };
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A backup is one self-contained file: switch it out of WAL mode so no -wal/-shm files follow it around. */
function useRollbackJournal(path: string): void {
  const copy = openSqlite(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Makes the day's automatic backup unless one already exists for this local day. */
export async function ensureDailyBackup(db: Db, now: Date = new Date(), options: { snapshot?: boolean } = {}): Promise<BackupInfo | undefined> {
  const today = format(now, 'yyyy-MM-dd');
  const hasToday = listBackups(db.name).some((backup) => backup.kind === 'daily' && format(new Date(backup.created_at), 'yyyy-MM-dd') === today);
  return hasToday ? undefined : createBackup(db, 'daily', now, options);
}

export const RETENTION = { daily: 7, weekly: 4, monthly: 12, 'pre-migration': 5, 'pre-restore': 5, manual: 20 } as const;

/**
 * Grandfather–father–son rotation of the automatic backups, as backup tools do it ("keep daily 7,
 * weekly 4, monthly 12"): for each tier, the newest backup of each of its most recent periods is
 * kept; a backup kept by any tier stays. Other kinds keep their newest few. Returns the names removed.
 */
export function rotateBackups(journalPath: string, now: Date = new Date()): string[] {
  const all = listBackups(journalPath).filter((backup) => new Date(backup.created_at) <= now);
  const daily = all.filter((backup) => backup.kind === 'daily');
  const keep = new Set<string>();
  const tiers: [number, (date: Date) => string][] = [
    [RETENTION.daily, (date) => format(date, 'yyyy-MM-dd')],
    [RETENTION.weekly, (date) => `${getISOWeekYear(date)}-W${getISOWeek(date)}`],
    [RETENTION.monthly, (date) => format(date, 'yyyy-MM')],
  ];
  for (const [periods, periodOf] of tiers) {
    const seen = new Set<string>();
    for (const backup of daily) {
      const period = periodOf(new Date(backup.created_at));
      if (seen.has(period)) continue;
      if (seen.size === periods) break;
      seen.add(period);
      keep.add(backup.name);
    }
  }
  for (const kind of ['manual', 'pre-migration', 'pre-restore'] as const) {
    all.filter((backup) => backup.kind === kind).slice(0, RETENTION[kind]).forEach((backup) => keep.add(backup.name));
  }
  const removed = all.filter((backup) => !keep.has(backup.name));
  for (const backup of removed) rmSync(backup.path, { force: true });
  return removed.map((backup) => backup.name);
}

/**
 * Replaces the open journal's contents with a verified backup, through the backup API, after
 * keeping a copy of the current state as a 'pre-restore' backup.
 */
export async function restoreIntoOpenJournal(db: Db, backup: BackupInfo): Promise<BackupInfo> {
  if (connectionKey(db)) {
    // The backup API cannot write into an encrypted file; the journal host closes, swaps and reopens instead.
    throw new Error('An encrypted journal is restored by closing it and putting the backup in its place (restoreOverJournal).');
  }
  const check = verifyBackup(backup.path);
  if (!check.ok) throw new Error(`This backup cannot be restored: ${check.message}`);
  const safety = await createBackup(db, 'pre-restore');
  const source = openSqlite(backup.path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(db.name);
  } finally {
    source.close();
  }
  return safety;
}

/**
 * For a journal that cannot be opened: move the damaged files aside (never deleted) and write the
 * backup in their place. Returns where the damaged file was put.
 */
export async function restoreOverDamagedJournal(journalPath: string, backup: BackupInfo, now: Date = new Date(), key?: Buffer): Promise<string> {
  const check = verifyBackup(backup.path, key);
  if (!check.ok) throw new Error(`This backup cannot be restored: ${check.message}`);
  const aside = join(dirname(journalPath), `${basename(journalPath)}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(journalPath + suffix)) renameSync(journalPath + suffix, aside + suffix);
  }
  await putBackupInPlace(journalPath, backup, key);
  return aside;
}

/**
 * Writes a verified backup where the (closed) journal file was. An encrypted backup is a self-contained file in
 * the journal's own key, so it is copied as it is (through a temp file, then renamed): a plain backup goes
 * through the backup API as before.
 */
export async function putBackupInPlace(journalPath: string, backup: BackupInfo, key?: Buffer): Promise<void> {
  if (key) {
    const temp = `${journalPath}.restoring`;
    copyFileSync(backup.path, temp);
    syncFile(temp);
    renameSync(temp, journalPath);
    return;
  }
  const source = openSqlite(backup.path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(journalPath);
  } finally {
    source.close();
  }
}
