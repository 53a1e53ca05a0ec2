import { cachedStatement, type Db } from '../../db/connection.js';
import { nowIso } from '../../db/ids.js';
import { beginIndexFill } from '../../db/index-fill.js';
import { recordConsentChange, recordConsentIfChanged, type StakeholderRow } from '../../db/repositories/stakeholders.js';
import { ApiError } from '../api/result.js';
import type { TableName } from '../exchange/bundle-tables.js';
import {
  canonicalJson,
  canonicalRow,
  columns,
  isSyncTable,
  keyValues,
  projectOfRow,
  readLocalRow,
  rowHash,
  rowKeyOf,
  rowProblem,
  sha256Hex,
  specOf,
  TABLE_ORDER,
  tombstoneHash,
  uuidFromHash,
  type Row,
} from './rows.js';
import { headOf, insertVersion, nextLocalSeq, refreshTips, setVersionRow, versionsOf, type StoredVersion } from './versions.js';

/**
 * Applying versions to the local tables by the head rule (versions.ts), in one SQLite transaction per page.
 *
 * Every version is recorded in sync_versions first; then each touched row is SETTLED once: its head among the known
 * tips is computed and, when the local table holds something else, the head's content is written there (a
 * tombstone deletes the row). Content the local table does not hold stays in sync_versions.row for as long as it is a
 * non-head tip (a conflict, shown side by side). A version that lost to a concurrent one is also kept as an earlier
 * version in `revisions`, under an id derived from its hash, so every client keeps the same history entry whatever
 * order the versions came in.
 */

/** A version as the feed carries it; `row` undefined = content not sent (the client's own versions). */
export interface IncomingChange {
  table_name: string;
  row_key: string;
  hash: string;
  parents: readonly string[];
  revision: number;
  row: Row | null | undefined;
  author?: string | null;
  committed_at?: string | null;
  /** Pushed by this client (the server already has it). */
  own?: boolean;
}

/** What settling rows did, for the mass-trash guard and the result. */
export interface SettleStats {
  written: number;
  /** Live records (of the kinds people edit) moved to the trash or deleted by a head. */
  trashed: number;
}

export interface SettleContext {
  projectId: string;
  /** Content of versions that are not stored (the page being applied), by `table/row_key/hash`. */
  incoming?: Map<string, Row | null>;
  /** Attachment bytes fetched for this page, by sha256. */
  blobs?: Map<string, Buffer>;
  stats: SettleStats;
}

const contentKey = (table: string, rowKey: string, hash: string) => `${table}\u0000${rowKey}\u0000${hash}`;

export function isTombstone(version: { hash: string; parents: readonly string[] }): boolean {
  return version.hash === tombstoneHash(version.parents);
}

/** A version's content: null for a tombstone, undefined when this journal does not have it. */
function contentOf(ctx: SettleContext, table: TableName, version: StoredVersion, local: { row: Row | undefined; hash: string | undefined }): Row | null | undefined {
  if (isTombstone(version)) return null;
  if (local.hash === version.hash) return local.row;
  const incoming = ctx.incoming?.get(contentKey(table, version.row_key, version.hash));
  if (incoming !== undefined) return incoming;
  if (version.row !== null) return JSON.parse(version.row) as Row;
  return undefined;
}

/**
 * The versions of a row whose content only the conflict machinery keeps, so each must have a history entry: the
 * non-head tips, and the parents of a resolution except its greatest (the resolver's journal showed that one, and
 * its edit kept it in the history as any edit does). A version superseded by an ordinary edit needs none: whoever
 * edited it kept it in the history. A function of the set of versions alone, so every journal keeps the same entries.
 */
function conflictLosers(versions: readonly StoredVersion[], head: StoredVersion): Set<string> {
  const out = new Set<string>();
  for (const version of versions) if (version.tip === 1 && version.hash !== head.hash) out.add(version.hash);
  const byHash = new Map(versions.map((version) => [version.hash, version]));
  for (const version of versions) {
    if (version.parents.length < 2) continue;
    const parents = version.parents.map((hash) => byHash.get(hash)).filter((parent): parent is StoredVersion => parent !== undefined);
    const greatest = headOf(parents.map((parent) => ({ ...parent, parents: [] })));
    for (const parent of parents) if (parent.hash !== greatest?.hash) out.add(parent.hash);
  }
  return out;
}

const LIVE_KINDS = new Set(['stakeholders', 'codes', 'cycles', 'phase_entries', 'field_notes', 'dialogues', 'dialogue_turns', 'reflections', 'attachments']);

/**
 * Settles one row: the head among its tips goes into the local table; non-head tips keep their content in
 * sync_versions.row; losing versions are kept in `revisions`. Runs inside the caller's transaction, with sync_applying
 * set (nothing it writes goes back to the outbox).
 */
export function settleRow(db: Db, table: TableName, rowKey: string, ctx: SettleContext): void {
  const versions = refreshTips(db, table, rowKey);
  const tips = versions.filter((version) => version.tip === 1);
  const head = headOf(tips);
  if (!head) return;
  const localRow = readLocalRow(db, table, rowKey);
  const local = { row: localRow, hash: localRow ? rowHash(table, localRow) : undefined };
  const headContent = contentOf(ctx, table, head, local);

  // Content the local table will no longer hold, kept while it is a tip.
  for (const tip of tips) {
    if (tip.hash === head.hash) continue;
    const content = contentOf(ctx, table, tip, local);
    if (content) setVersionRow(db, table, rowKey, tip.hash, canonicalJson(table, content));
  }
  for (const version of versions) {
    if (version.row === null) continue;
    if (version.hash === head.hash || version.tip === 0) {
      // Only a pending version's content is still needed when it is not a tip: nothing else holds it until it is pushed.
      if (version.pending === 1 && version.hash !== head.hash) continue;
      if (version.hash === head.hash && headContent === undefined) continue;
      setVersionRow(db, table, rowKey, version.hash, null);
    }
  }
  const entity = specOf(table).entity;
  if (entity && versions.length > 1) {
    const keep = conflictLosers(versions, head);
    for (const version of versions) {
      if (keep.has(version.hash)) {
        const content = contentOf(ctx, table, version, local);
        if (content) keepLoser(db, table, entity, rowKey, version.hash, content);
      } else {
        cachedStatement(db, `DELETE FROM revisions WHERE id = ?`).run(loserId(table, rowKey, version.hash));
      }
    }
  }

  if (headContent === undefined || head.hash === local.hash) return;
  if (localRow && LIVE_KINDS.has(table) && localRow.deleted_at === null && (headContent === null || headContent.deleted_at !== null)) ctx.stats.trashed += 1;
  writeLocal(db, table, rowKey, localRow, headContent, ctx);
  ctx.stats.written += 1;
}

/** The id of a losing version's history entry: a UUID (version 8) every journal derives alike. */
export function loserId(table: string, rowKey: string, hash: string): string {
  return uuidFromHash(sha256Hex(`withness-sync-lost:${table}/${rowKey}/${hash}`));
}

/** The losing version as an earlier version in the history, under an id every client derives alike. */
function keepLoser(db: Db, table: TableName, entity: string, rowKey: string, hash: string, content: Row): void {
  const row = canonicalRow(table, content);
  const projectId = projectOfRow(table, row);
  if (!projectId) return;
  cachedStatement(
    db,
    `INSERT OR IGNORE INTO revisions (id, project_id, entity_type, entity_id, revision, action, snapshot, created_at)
     VALUES (?, ?, ?, ?, ?, 'update', ?, ?)`,
  ).run(
    loserId(table, rowKey, hash),
    projectId,
    entity,
    rowKey,
    Number(row.revision ?? 0),
    JSON.stringify(row),
    String(row.updated_at ?? row.created_at),
  );
}

/** Writes a row's content into its local table (null deletes it), in the caller's transaction. */
export function writeRow(db: Db, table: TableName, rowKey: string, content: Row | null, projectId: string): void {
  writeLocal(db, table, rowKey, readLocalRow(db, table, rowKey), content, { projectId, stats: { written: 0, trashed: 0 } });
}

function writeLocal(db: Db, table: TableName, rowKey: string, localRow: Row | undefined, content: Row | null, ctx: SettleContext): void {
  const spec = specOf(table);
  const key = keyValues(table, rowKey);
  const where = spec.key.map((column) => `${column} = ?`).join(' AND ');
  if (content === null) {
    if (localRow) cachedStatement(db, `DELETE FROM ${table} WHERE ${where}`).run(...spec.key.map((column) => key[column]));
    return;
  }
  const cols = columns(table);
  const values = canonicalRow(table, content);
  if (localRow) {
    const valueColumns = cols.filter((column) => !spec.key.includes(column));
    if (valueColumns.length > 0) {
      cachedStatement(db, `UPDATE ${table} SET ${valueColumns.map((column) => `${column} = @${column}`).join(', ')} WHERE ${spec.key.map((c) => `${c} = @${c}`).join(' AND ')}`).run(values);
    }
    if (table === 'stakeholders') recordConsentIfChanged(db, localRow as unknown as StakeholderRow, values as unknown as StakeholderRow, 'synced');
    return;
  }
  const insertColumns = table === 'attachments' ? [...cols, 'content'] : cols;
  if (table === 'attachments') values.content = attachmentBytes(db, String(values.sha256), ctx);
  if (table === 'trash_items' && !keepOneTrashItem(db, values)) return;
  if (table === 'code_applications' && !keepOneCoding(db, values)) return;
  cachedStatement(db, `INSERT INTO ${table} (${insertColumns.join(', ')}) VALUES (${insertColumns.map((column) => `@${column}`).join(', ')})`).run(values);
  if (table === 'stakeholders') recordConsentChange(db, values as unknown as StakeholderRow, 'synced');
}

/**
 * Two members who trash the same record before either syncs make two trash items for it, and a record has one place
 * in the trash. Every journal keeps the item with the smaller id and deletes the other with a tombstone made from
 * the same parents (so every journal that meets the pair sends the same tombstone, stored once). Returns whether the
 * incoming item is to be inserted.
 */
function keepOneTrashItem(db: Db, incoming: Row): boolean {
  const existing = cachedStatement<string>(db, `SELECT id FROM trash_items WHERE entity_type = ? AND entity_id = ?`, 'pluck').get(incoming.entity_type, incoming.entity_id);
  return keepOne(db, 'trash_items', incoming, existing);
}

/**
 * Two members who code the same passage with the same code before either syncs made two codings of it (a journal
 * refuses that locally: "That passage is already coded"). Settled as the double trash item is: the smaller id stays
 * on every journal, the other is deleted with a tombstone from the same parents.
 */
function keepOneCoding(db: Db, incoming: Row): boolean {
  if (incoming.deleted_at !== null && incoming.deleted_at !== undefined) return true;
  const existing = cachedStatement<string>(
    db,
    `SELECT id FROM code_applications WHERE code_id = ? AND target_type = ? AND target_id = ? AND excerpt_start IS ? AND excerpt_end IS ? AND deleted_at IS NULL AND id <> ?
     ORDER BY id LIMIT 1`,
    'pluck',
  ).get(incoming.code_id, incoming.target_type, incoming.target_id, incoming.excerpt_start ?? null, incoming.excerpt_end ?? null, incoming.id);
  return keepOne(db, 'code_applications', incoming, existing);
}

/** Keeps the one of two duplicate rows with the smaller id; returns whether the incoming row is to be inserted. */
function keepOne(db: Db, table: 'trash_items' | 'code_applications', incoming: Row, existing: string | undefined): boolean {
  if (existing === undefined || existing === incoming.id) return true;
  const incomingWins = String(incoming.id) < existing;
  const loser = incomingWins ? existing : String(incoming.id);
  const projectId = String(incoming.project_id);
  const head = headOf(versionsOf(db, table, loser).filter((version) => version.tip === 1));
  if (head && !isTombstone(head)) {
    const member = (cachedStatement(db, `SELECT member FROM sync_links WHERE project_id = ?`, 'pluck').get(projectId) as string | undefined) ?? null;
    insertVersion(db, {
      project_id: projectId,
      table_name: table,
      row_key: loser,
      hash: tombstoneHash([head.hash]),
      parents: [head.hash],
      revision: head.revision,
      author: member,
      committed_at: nowIso(),
      pending: true,
      local_seq: nextLocalSeq(db, projectId),
    });
  }
  if (incomingWins) cachedStatement(db, `DELETE FROM ${table} WHERE id = ?`).run(existing);
  return incomingWins;
}

function attachmentBytes(db: Db, sha: string, ctx: SettleContext): Buffer {
  const fetched = ctx.blobs?.get(sha);
  if (fetched) return fetched;
  const here = cachedStatement(db, `SELECT content FROM attachments WHERE sha256 = ? LIMIT 1`, 'pluck').get(sha) as Buffer | undefined;
  if (here) return here;
  throw new ApiError('storage_failed', `The file ${sha.slice(0, 12)}… of an attachment is not on the server; nothing of this page was applied.`);
}

// ---------------------------------------------------------------------------------------------
// A page of the feed

function refused(message: string): ApiError {
  return new ApiError('invalid_input', message);
}

/** Checks a page before anything is written: known tables, valid rows of this inquiry, keys that match. */
export function checkChanges(projectId: string, changes: readonly IncomingChange[]): void {
  changes.forEach((change, index) => {
    const where = `Change ${index + 1} of the page (${change.table_name} ${change.row_key})`;
    if (!isSyncTable(change.table_name)) throw refused(`${where} names a table Withness does not sync. Nothing of this page was applied.`);
    if (!/^[0-9a-f]{64}$/.test(change.hash)) throw refused(`${where} has no valid hash. Nothing of this page was applied.`);
    if (!change.row) return;
    const table = change.table_name;
    const problem = rowProblem(table, change.row);
    if (problem) throw refused(`${where} is not a valid row (${problem}). Nothing of this page was applied.`);
    if (rowKeyOf(table, change.row) !== change.row_key) throw refused(`${where} holds a row with another key. Nothing of this page was applied.`);
    const owner = projectOfRow(table, change.row);
    if (owner !== undefined && owner !== projectId) throw refused(`${where} belongs to another inquiry. Nothing of this page was applied.`);
  });
}

export interface ApplyOptions {
  blobs?: Map<string, Buffer>;
  /** Runs last in the page's transaction (the cursor moves with the page, or not at all). */
  inTransaction?: () => void;
  /** Turn the local edits made meanwhile into versions first (the outbox), so the head rule sees them. */
  beforeApply?: () => void;
}

/**
 * Applies one page of the feed in one transaction: every version recorded, every touched row settled once (parents'
 * tables before children's), new rows indexed set-wise (db/index-fill.ts). Applying a page twice changes nothing.
 */
export function applyPage(db: Db, projectId: string, changes: readonly IncomingChange[], options: ApplyOptions = {}): SettleStats {
  checkChanges(projectId, changes);
  const stats: SettleStats = { written: 0, trashed: 0 };
  db.transaction(() => {
    cachedStatement(db, `INSERT OR IGNORE INTO sync_applying (id) VALUES (1)`).run();
    db.pragma('defer_foreign_keys = ON');
    options.beforeApply?.();
    const acknowledge = cachedStatement(db, `UPDATE sync_versions SET pending = 0 WHERE table_name = ? AND row_key = ? AND hash = ? AND pending = 1`);
    const incoming = new Map<string, Row | null>();
    const touched = new Map<string, { table: TableName; rowKey: string; order: number; seen: number }>();
    changes.forEach((change, index) => {
      const table = change.table_name as TableName;
      if (change.row !== undefined) incoming.set(contentKey(table, change.row_key, change.hash), change.row === null ? null : canonicalRow(table, change.row));
      const added = insertVersion(db, {
        project_id: projectId,
        table_name: table,
        row_key: change.row_key,
        hash: change.hash,
        parents: change.parents,
        revision: change.revision,
        author: change.author ?? null,
        committed_at: change.committed_at ?? null,
      });
      if (change.own) acknowledge.run(table, change.row_key, change.hash);
      const key = `${table}\u0000${change.row_key}`;
      if (added && !touched.has(key)) touched.set(key, { table, rowKey: change.row_key, order: TABLE_ORDER.get(table)!, seen: index });
    });
    const fill = touched.size > 0 ? beginIndexFill(db) : undefined;
    const ctx: SettleContext = { projectId, incoming, blobs: options.blobs, stats };
    for (const { table, rowKey } of [...touched.values()].sort((a, b) => a.order - b.order || a.seen - b.seen)) settleRow(db, table, rowKey, ctx);
    fill?.finish();
    options.inTransaction?.();
    cachedStatement(db, `DELETE FROM sync_applying`).run();
  })();
  return stats;
}
