import { cachedStatement, type Db } from '../../db/connection.js';
import { nowIso } from '../../db/ids.js';
import { entityLabel, type EntityRow, type EntityType } from '../../db/repositories/entities.js';
import { recordRevision } from '../../db/repositories/revisions.js';
import { ApiError } from '../api/result.js';
import type { TableName } from '../exchange/bundle-tables.js';
import { isTombstone, writeRow } from './apply.js';
import { canonicalRow, columns, isSyncTable, projectOfRow, readLocalRow, rehash, rowHash, rowKeyOf, rowProblem, specOf, TABLE_ORDER, tombstoneHash, type Row } from './rows.js';
import { compareVersions, headOf, insertVersion, nextLocalSeq, refreshTips, setVersionRow, versionsOf, type StoredVersion } from './versions.js';

/**
 * Conflicts (sync-spec "The head rule"): a row with more than one tip. The head is what the journal shows; the other
 * tips keep their content in sync_versions.row so a person can see both side by side and keep one or a merge.
 * Resolving writes the chosen row as a new local version whose parents are all the tips, with a revision above
 * theirs: once pushed, every journal sees one tip again.
 */

export interface ConflictVersion {
  hash: string;
  revision: number;
  author: string | null;
  committed_at: string | null;
  /** null: this version deletes the row. */
  row: Row | null;
}

export interface Conflict {
  table_name: TableName;
  row_key: string;
  entity_type?: EntityType;
  label: string;
  head: ConflictVersion;
  others: ConflictVersion[];
}

function versionView(version: StoredVersion, row: Row | null): ConflictVersion {
  return { hash: version.hash, revision: version.revision, author: version.author, committed_at: version.committed_at, row };
}

function contentOf(db: Db, table: TableName, version: StoredVersion, local: Row | undefined): Row | null {
  if (isTombstone(version)) return null;
  if (version.row !== null) return JSON.parse(version.row) as Row;
  return local ? canonicalRow(table, local) : null;
}

export function conflictCount(db: Db, projectId: string): number {
  return cachedStatement(
    db,
    `SELECT count(*) FROM (SELECT 1 FROM sync_versions WHERE project_id = ? AND tip = 1 GROUP BY table_name, row_key HAVING count(*) > 1)`,
    'pluck',
  ).get(projectId) as number;
}

/** The inquiry's conflicts, parents' tables first: each with the head (what the journal shows) and the other tips. */
export function listConflicts(db: Db, projectId: string): Conflict[] {
  const rows = cachedStatement<{ table_name: TableName; row_key: string }>(
    db,
    `SELECT table_name, row_key FROM sync_versions WHERE project_id = ? AND tip = 1 GROUP BY table_name, row_key HAVING count(*) > 1`,
  ).all(projectId);
  rows.sort((a, b) => TABLE_ORDER.get(a.table_name)! - TABLE_ORDER.get(b.table_name)! || (a.row_key < b.row_key ? -1 : 1));
  return rows.map(({ table_name: table, row_key: rowKey }) => {
    const tips = versionsOf(db, table, rowKey).filter((version) => version.tip === 1);
    const head = headOf(tips)!;
    const local = readLocalRow(db, table, rowKey);
    const headRow = local ? canonicalRow(table, local) : contentOf(db, table, head, undefined);
    const others = tips
      .filter((tip) => tip.hash !== head.hash)
      .sort((a, b) => compareVersions(b, a))
      .map((tip) => versionView(tip, contentOf(db, table, tip, undefined)));
    const entity = specOf(table).entity;
    const labelRow = headRow ?? others.find((other) => other.row)?.row ?? null;
    const label = entity && labelRow ? entityLabel(entity, labelRow as EntityRow) : rowKey;
    return { table_name: table, row_key: rowKey, ...(entity ? { entity_type: entity } : {}), label: label || rowKey, head: versionView(head, headRow), others };
  });
}

export type Keep = 'head' | string | { merged: Record<string, unknown> };

/**
 * Resolves a conflict with the head, another tip (by hash) or a merged row. One transaction: the row as it stood goes
 * into the history (that entry is sent like any edit), the chosen content is written, and a pending version with all
 * tips as parents is made.
 */
export function resolveConflict(db: Db, input: { table_name: string; row_key: string; keep: Keep }): void {
  const { table_name: tableName, row_key: rowKey, keep } = input;
  if (!isSyncTable(tableName)) throw new ApiError('invalid_input', `There is no synced table called ${tableName}.`);
  const table = tableName;
  db.transaction(() => {
    const tips = versionsOf(db, table, rowKey).filter((version) => version.tip === 1);
    if (tips.length < 2) throw new ApiError('not_found', 'This record has no open conflict (it may have been resolved already).');
    const head = headOf(tips)!;
    const projectId = tips[0]!.project_id;
    const member = (cachedStatement(db, `SELECT member FROM sync_links WHERE project_id = ?`, 'pluck').get(projectId) as string | undefined) ?? '';
    const local = readLocalRow(db, table, rowKey);
    let content: Row | null;
    if (keep === 'head') {
      content = local ? canonicalRow(table, local) : contentOf(db, table, head, undefined);
    } else if (typeof keep === 'string') {
      const tip = tips.find((candidate) => candidate.hash === keep);
      if (!tip) throw new ApiError('not_found', 'That version is not one of the conflicting versions of this record.');
      content = tip.hash === head.hash && local ? canonicalRow(table, local) : contentOf(db, table, tip, undefined);
    } else {
      const merged = canonicalRow(table, keep.merged);
      const problem = rowProblem(table, merged);
      if (problem) throw new ApiError('invalid_input', `The merged record is not valid (${problem}).`);
      if (rowKeyOf(table, merged) !== rowKey) throw new ApiError('invalid_input', 'The merged record must keep the id of the record in conflict.');
      if ((projectOfRow(table, merged) ?? projectId) !== projectId) throw new ApiError('invalid_input', 'The merged record must stay in its inquiry.');
      content = merged;
    }
    const parents = tips.map((tip) => tip.hash).sort();
    const revision = Math.max(...tips.map((tip) => tip.revision)) + (specOf(table).revision ? 1 : 0);
    if (content) {
      content = { ...content };
      if (specOf(table).revision) content.revision = revision;
      if (columns(table).includes('updated_at')) content.updated_at = nowIso();
    }
    // The row as it stood is kept in the history, and that entry travels like any edit's.
    const entity = specOf(table).entity;
    if (entity && local) recordRevision(db, entity, projectId, local as unknown as EntityRow, 'update');
    cachedStatement(db, `INSERT OR IGNORE INTO sync_applying (id) VALUES (1)`).run();
    db.pragma('defer_foreign_keys = ON');
    writeRow(db, table, rowKey, content, projectId);
    const known = new Set(versionsOf(db, table, rowKey).map((version) => version.hash));
    let hash = content ? rowHash(table, content) : tombstoneHash(parents);
    if (known.has(hash) && content) hash = rehash(table, content, parents);
    insertVersion(db, {
      project_id: projectId,
      table_name: table,
      row_key: rowKey,
      hash,
      parents,
      revision: content ? revision : head.revision,
      author: member,
      committed_at: nowIso(),
      pending: true,
      local_seq: nextLocalSeq(db, projectId),
    });
    refreshTips(db, table, rowKey);
    for (const tip of tips) setVersionRow(db, table, rowKey, tip.hash, null);
    cachedStatement(db, `DELETE FROM sync_outbox WHERE table_name = ? AND row_key = ?`).run(table, rowKey);
    cachedStatement(db, `DELETE FROM sync_applying`).run();
  })();
}

/** Who wrote a row: the member of its first known version, and of the version the journal shows. */
export function authorsOf(db: Db, table: string, rowKey: string): { created_by?: string; edited_by?: string; edited_at?: string } {
  const versions = versionsOf(db, table, rowKey);
  if (versions.length === 0) return {};
  const byTime = (a: StoredVersion, b: StoredVersion) => String(a.committed_at ?? '').localeCompare(String(b.committed_at ?? ''));
  const roots = versions.filter((version) => version.parents.length === 0).sort(byTime);
  const head = headOf(versions.filter((version) => version.tip === 1));
  const out: { created_by?: string; edited_by?: string; edited_at?: string } = {};
  if (roots[0]?.author) out.created_by = roots[0].author;
  if (head?.author && head.parents.length > 0) {
    out.edited_by = head.author;
    if (head.committed_at) out.edited_at = head.committed_at;
  }
  return out;
}

