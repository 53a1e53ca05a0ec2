import { cachedStatement, type Db } from '../../db/connection.js';
import type { Row } from './rows.js';

/**
 * The head rule (sync-spec): per row, a client knows a set of versions. A version is a TIP when no known version
 * lists it as a parent; the HEAD is the tip with the greatest (revision, hash). It depends only on the set, never on
 * the order versions arrived in, so every client that has seen the same versions holds the same head.
 */

export interface Version {
  hash: string;
  parents: readonly string[];
  revision: number;
}

/** Orders versions by (revision, hash): numeric revision first, then the hash as a string. */
export function compareVersions(a: Version, b: Version): number {
  if (a.revision !== b.revision) return a.revision < b.revision ? -1 : 1;
  return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
}

/** The versions no other known version lists as a parent. */
export function tipsOf<V extends Version>(versions: readonly V[]): V[] {
  const parents = new Set<string>();
  for (const version of versions) for (const parent of version.parents) parents.add(parent);
  const seen = new Set<string>();
  return versions.filter((version) => {
    if (parents.has(version.hash) || seen.has(version.hash)) return false;
    seen.add(version.hash);
    return true;
  });
}

/** The head of a set of versions (undefined for none): the greatest tip. */
export function headOf<V extends Version>(versions: readonly V[]): V | undefined {
  let head: V | undefined;
  for (const tip of tipsOf(versions)) if (!head || compareVersions(tip, head) > 0) head = tip;
  return head;
}

// ---------------------------------------------------------------------------------------------
// The versions a journal knows (sync_versions)

export interface StoredVersion extends Version {
  project_id: string;
  table_name: string;
  row_key: string;
  author: string | null;
  committed_at: string | null;
  tip: number;
  /** JSON of the row; only kept for versions the local table does not hold (conflict content, and null = tombstone unknown). */
  row: string | null;
  pending: number;
  local_seq: number | null;
}

interface RawVersion extends Omit<StoredVersion, 'parents'> {
  parents: string;
}

const parse = (raw: RawVersion): StoredVersion => ({ ...raw, parents: JSON.parse(raw.parents) as string[] });

export function versionsOf(db: Db, table: string, rowKey: string): StoredVersion[] {
  return cachedStatement<RawVersion>(db, `SELECT * FROM sync_versions WHERE table_name = ? AND row_key = ?`)
    .all(table, rowKey)
    .map(parse);
}

export function hasVersion(db: Db, table: string, rowKey: string, hash: string): boolean {
  return cachedStatement(db, `SELECT 1 FROM sync_versions WHERE table_name = ? AND row_key = ? AND hash = ?`, 'pluck').get(table, rowKey, hash) !== undefined;
}

export interface NewVersion {
  project_id: string;
  table_name: string;
  row_key: string;
  hash: string;
  parents: readonly string[];
  revision: number;
  author?: string | null;
  committed_at?: string | null;
  pending?: boolean;
  /** The order of a pending version among this journal's own (see nextLocalSeq). */
  local_seq?: number | null;
  /** Stored only when the version is (or may become) content the local table does not hold. */
  row?: Row | null;
}

/** Adds a version (nothing when it is known: applying a version twice changes nothing). Returns whether it was new. */
export function insertVersion(db: Db, version: NewVersion): boolean {
  const { changes } = cachedStatement(
    db,
    `INSERT OR IGNORE INTO sync_versions (project_id, table_name, row_key, hash, parents, revision, author, committed_at, tip, row, pending, local_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  ).run(
    version.project_id,
    version.table_name,
    version.row_key,
    version.hash,
    JSON.stringify(version.parents),
    version.revision,
    version.author ?? null,
    version.committed_at ?? null,
    version.row === undefined || version.row === null ? null : JSON.stringify(version.row),
    version.pending ? 1 : 0,
    version.pending ? (version.local_seq ?? null) : null,
  );
  if (changes !== 1) return false;
  // Tip flags stay true to the set whatever order versions come in: its parents are no longer tips, and it is not
  // one itself when a version already known names it as a parent.
  if (version.parents.length > 0) {
    cachedStatement(db, `UPDATE sync_versions SET tip = 0 WHERE table_name = ? AND row_key = ? AND tip = 1 AND hash IN (SELECT value FROM json_each(?))`).run(
      version.table_name,
      version.row_key,
      JSON.stringify(version.parents),
    );
  }
  const named = cachedStatement(db, `SELECT 1 FROM sync_versions s, json_each(s.parents) p WHERE s.table_name = ? AND s.row_key = ? AND p.value = ? LIMIT 1`, 'pluck');
  if (named.get(version.table_name, version.row_key, version.hash) !== undefined) {
    cachedStatement(db, `UPDATE sync_versions SET tip = 0 WHERE table_name = ? AND row_key = ? AND hash = ?`).run(version.table_name, version.row_key, version.hash);
  }
  return true;
}

/** The next free place in the order of pending versions (read once per batch; the caller counts on from it). */
export function nextLocalSeq(db: Db, projectId: string): number {
  return ((cachedStatement(db, `SELECT max(local_seq) FROM sync_versions WHERE project_id = ? AND pending = 1`, 'pluck').get(projectId) as number | null) ?? 0) + 1;
}

/**
 * Sets each version's tip flag of one row from its known versions (whatever order they came in); returns the
 * row's versions with their flags, so the caller can take the head from them.
 */
export function refreshTips(db: Db, table: string, rowKey: string): StoredVersion[] {
  const versions = versionsOf(db, table, rowKey);
  const tips = new Set(tipsOf(versions).map((version) => version.hash));
  const update = cachedStatement(db, `UPDATE sync_versions SET tip = ? WHERE table_name = ? AND row_key = ? AND hash = ?`);
  for (const version of versions) {
    const tip = tips.has(version.hash) ? 1 : 0;
    if (version.tip !== tip) {
      update.run(tip, table, rowKey, version.hash);
      version.tip = tip;
    }
  }
  return versions;
}

/** Keeps (or drops, with null) the JSON of a version the local table does not hold. */
export function setVersionRow(db: Db, table: string, rowKey: string, hash: string, row: string | null): void {
  cachedStatement(db, `UPDATE sync_versions SET row = ? WHERE table_name = ? AND row_key = ? AND hash = ? AND row IS NOT ?`).run(row, table, rowKey, hash, row);
}

/** The head of a row among the versions this journal knows, or undefined when it knows none. */
export function storedHead(db: Db, table: string, rowKey: string): StoredVersion | undefined {
  return headOf(versionsOf(db, table, rowKey).filter((version) => version.tip === 1));
}
