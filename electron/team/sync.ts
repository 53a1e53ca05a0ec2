import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { cachedStatement, type Db } from '../../db/connection.js';
import { nowIso } from '../../db/ids.js';
import * as erasureRepo from '../../db/repositories/erasure.js';
import { makePhysical, reapplyErasureLog } from '../erasure/index.js';
import { ApiError } from '../api/result.js';
import { applyPage, checkChanges, isTombstone, type ApplyOptions, type IncomingChange } from './apply.js';
import { authorsOf, conflictCount, listConflicts, resolveConflict, type Conflict, type Keep } from './conflicts.js';
import { applyServerErasures, dropErasedFromSync, markErasureSent, unsentErasures } from './erasures.js';
import { fillOutboxInChunks, materializeOutbox, outboxCount } from './outbox.js';
import {
  getBlob,
  isMember,
  listServerErasures,
  listServerMembers,
  missingBlobs,
  ownRows,
  pullChanges,
  pushChanges,
  putBlob,
  sendErasure,
  type FeedRow,
  type OutgoingChange,
} from './remote.js';
import { changeId, readLocalRow, rehash, rowHash, sha256Hex, type Row } from './rows.js';
import { connectChecked, type ServerOptions } from './server-connection.js';
import { hasVersion } from './versions.js';
import type { TableName } from '../exchange/bundle-tables.js';

/**
 * The client sync engine (sync-spec "Client"). One sync of an inquiry:
 *   connect + schema version check → the server's erasures applied here → this journal's erasures sent →
 *   the outbox pushed (pages of PUSH_PAGE changes, blobs first) → the feed pulled and applied a page per SQLite
 *   transaction together with the cursor (a kill loses at most the page in flight) → the erasure log re-applied →
 *   the mass-trash guard stops before a page that would move more than the link's share of live records to the trash.
 * SQLite work is synchronous in short transactions; only the server calls are awaited.
 */

export type { ServerOptions };
export { authorsOf, listConflicts, resolveConflict, type Conflict, type Keep };

export interface SyncOptions {
  server: ServerOptions;
  allowMassTrash?: boolean;
  pageSize?: number;
  onProgress?: (p: { stage: 'erasures' | 'push' | 'pull'; done: number; total?: number }) => void;
  signal?: AbortSignal;
}

export interface SyncResult {
  status: 'ok' | 'needs_confirmation';
  pushed: number;
  pulled: number;
  conflicts: number;
  erasures_applied: number;
  mass_trash?: { count: number; live: number };
}

export interface LinkRow {
  project_id: string;
  server_url: string;
  member: string;
  client_id: string;
  cursor_xid: string;
  cursor_seq: number;
  linked_at: string;
  last_sync_at: string | null;
  last_error: string | null;
  mass_trash_share: number;
  /** 1 while the link's first fill of the outbox has not finished (migration 010). */
  fill_pending: number;
}

/** Changes per withness.push call. */
export const PUSH_PAGE = 1000;
/** Feed rows per pull (and per SQLite transaction) unless the caller says otherwise; the server caps it at 10 000. */
export const PULL_PAGE = 2000;
/**
 * The mass-trash guard never asks about fewer records than this: in a small inquiry, putting two of six notes in the
 * trash is ordinary work, not the accident the guard is for.
 */
export const MASS_TRASH_MIN = 5;

/** The tables whose live rows count as an inquiry's records for the mass-trash guard. */
const RECORD_TABLES = ['stakeholders', 'codes', 'cycles', 'phase_entries', 'field_notes', 'dialogues', 'dialogue_turns', 'reflections', 'attachments'];

export function getLink(db: Db, projectId: string): LinkRow | undefined {
  return cachedStatement<LinkRow>(db, `SELECT * FROM sync_links WHERE project_id = ?`).get(projectId);
}

/** A server address as a link keeps it: never with a password. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.password = '';
    return parsed.toString();
  } catch {
    throw new ApiError('invalid_input', 'The team server address is not a valid postgres:// URL.');
  }
}

/**
 * Links a project of this journal to an inquiry on a server (local only) and queues every row of it, a chunk at a
 * time with the event loop free between chunks. Should the fill be cut short (the app closed), the link keeps
 * fill_pending and the next sync finishes it before pushing.
 */
export async function linkProject(db: Db, projectId: string, server: { url: string; member: string }, options: { chunk?: number } = {}): Promise<void> {
  const member = server.member.trim();
  if (!member) throw new ApiError('invalid_input', 'A member name is needed to link an inquiry.');
  const url = withoutPassword(server.url);
  db.transaction(() => {
    if (db.prepare(`SELECT 1 FROM projects WHERE id = ?`).get(projectId) === undefined) throw new ApiError('not_found', `No inquiry with id ${projectId} exists in this journal.`);
    if (getLink(db, projectId)) throw new ApiError('conflict', 'This inquiry is already linked to a team server.');
    db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at, fill_pending) VALUES (?, ?, ?, ?, ?, 1)`).run(projectId, url, member, randomUUID(), nowIso());
  })();
  await finishFill(db, projectId, options.chunk);
}

/** Queues the rows of a link whose first fill has not finished; clears fill_pending when done. */
async function finishFill(db: Db, projectId: string, chunk?: number, signal?: AbortSignal): Promise<void> {
  await fillOutboxInChunks(db, projectId, { ...(chunk ? { chunk } : {}), ...(signal ? { signal } : {}) });
  db.prepare(`UPDATE sync_links SET fill_pending = 0 WHERE project_id = ?`).run(projectId);
}

/** Unlinks a project: what sync kept of it goes; the project's rows stay. */
export function unlinkProject(db: Db, projectId: string): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM sync_links WHERE project_id = ?`).run(projectId);
    db.prepare(`DELETE FROM sync_outbox WHERE project_id = ?`).run(projectId);
    db.prepare(`DELETE FROM sync_versions WHERE project_id = ?`).run(projectId);
    db.prepare(`DELETE FROM sync_refused WHERE project_id = ?`).run(projectId);
  })();
}

function pendingCount(db: Db, projectId: string): number {
  return (
    outboxCount(db, projectId) + (cachedStatement(db, `SELECT count(*) FROM sync_versions WHERE project_id = ? AND pending = 1`, 'pluck').get(projectId) as number)
  );
}

export function teamStatus(
  db: Db,
  projectId: string,
): { linked: boolean; server_url?: string; member?: string; last_sync_at?: string; last_error?: string; pending: number; conflicts: number; refused: number } {
  const link = getLink(db, projectId);
  if (!link) return { linked: false, pending: 0, conflicts: 0, refused: 0 };
  return {
    linked: true,
    server_url: link.server_url,
    member: link.member,
    ...(link.last_sync_at ? { last_sync_at: link.last_sync_at } : {}),
    ...(link.last_error ? { last_error: link.last_error } : {}),
    pending: pendingCount(db, projectId),
    conflicts: conflictCount(db, projectId),
    refused: refusedCount(db, projectId),
  };
}

export function refusedCount(db: Db, projectId: string): number {
  return cachedStatement(db, `SELECT count(*) FROM sync_refused WHERE project_id = ?`, 'pluck').get(projectId) as number;
}

export async function listMembers(server: ServerOptions, inquiryId: string): Promise<Array<{ member: string; added_at: string }>> {
  const client = await connectChecked(server);
  try {
    return await listServerMembers(client, inquiryId);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function liveRecords(db: Db, projectId: string): number {
  let live = 0;
  for (const table of RECORD_TABLES) {
    live += cachedStatement(db, `SELECT count(*) FROM ${table} WHERE project_id = ? AND deleted_at IS NULL`, 'pluck').get(projectId) as number;
  }
  return live;
}

interface RunState {
  result: SyncResult;
  live: number;
  trashed: number;
  /** The first sync of an inquiry joined from the server (nothing of this journal's own to guard). */
  joining?: boolean;
}

/** Syncs one linked inquiry with its server. */
export async function syncProject(db: Db, projectId: string, options: SyncOptions): Promise<SyncResult> {
  const link = getLink(db, projectId);
  if (!link) throw new ApiError('invalid_input', 'This inquiry is not linked to a team server. Connect it on the Team screen first.');
  const client = await connectChecked(options.server).catch((error: unknown) => {
    recordError(db, projectId, error);
    throw error;
  });
  try {
    return await run(db, client, projectId, options);
  } catch (error) {
    recordError(db, projectId, error);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Joins an inquiry this journal does not hold: the feed brings the project and everything in it. The link is written
 * in the transaction of the first page, so a journal never holds a link without its inquiry.
 */
export async function joinInquiry(db: Db, inquiryId: string, server: { url: string; member: string }, options: SyncOptions): Promise<SyncResult> {
  if (getLink(db, inquiryId)) return syncProject(db, inquiryId, options);
  if (db.prepare(`SELECT 1 FROM projects WHERE id = ?`).get(inquiryId) !== undefined) {
    throw new ApiError('conflict', 'This inquiry is already in this journal. Link it to the team server instead of joining it.');
  }
  const member = server.member.trim();
  if (!member) throw new ApiError('invalid_input', 'A member name is needed to join an inquiry.');
  const url = withoutPassword(server.url);
  const client = await connectChecked(options.server);
  try {
    if (!(await isMember(client, inquiryId))) {
      throw new ApiError('forbidden', `The team server has no inquiry ${inquiryId} that ${member} is a member of. Ask the administrator to add you (withness server add-member).`);
    }
    const clientId = randomUUID();
    const page = await pullChanges(client, inquiryId, clientId, '0', 0, options.pageSize ?? PULL_PAGE);
    if (page.length === 0) throw new ApiError('not_found', `The inquiry ${inquiryId} has nothing on the team server yet: its first member has not synced it.`);
    // The inquiry's own row and the link first, in one transaction (a journal never holds a link without its
    // inquiry); then the feed from its start by the usual path, where a version this journal cannot apply is set
    // aside instead of stopping the join.
    const { good } = screen(inquiryId, page.filter((row) => row.table_name === 'projects' && row.row_key === inquiryId));
    applyPage(db, inquiryId, feedChanges(good.slice(0, 1)), {
      beforeApply: () => {
        db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at) VALUES (?, ?, ?, ?, ?)`).run(inquiryId, url, member, clientId, nowIso());
      },
      inTransaction: () => {
        if (db.prepare(`SELECT 1 FROM projects WHERE id = ?`).get(inquiryId) === undefined) {
          throw new ApiError('not_found', `The first changes of inquiry ${inquiryId} on the team server do not hold the inquiry itself; nothing was written.`);
        }
      },
    });
    const result = await run(db, client, inquiryId, options, true);
    return result;
  } catch (error) {
    if (getLink(db, inquiryId)) recordError(db, inquiryId, error);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function recordError(db: Db, projectId: string, error: unknown): void {
  if (!db.open) return;
  try {
    db.prepare(`UPDATE sync_links SET last_error = ? WHERE project_id = ?`).run(error instanceof Error ? error.message : String(error), projectId);
  } catch {
    // The journal may be closing; the error still reaches the caller.
  }
}

async function run(db: Db, client: pg.ClientBase, projectId: string, options: SyncOptions, joining = false): Promise<SyncResult> {
  const link = getLink(db, projectId)!;
  const state: RunState = {
    result: { status: 'ok', pushed: 0, pulled: 0, conflicts: 0, erasures_applied: 0 },
    live: liveRecords(db, projectId),
    trashed: 0,
    joining,
  };
  const progress = options.onProgress ?? (() => {});
  const check = () => options.signal?.throwIfAborted();

  // 1. The server's erasures, before anything is sent: an old journal must not push a withdrawn person back.
  progress({ stage: 'erasures', done: 0 });
  check();
  const erasures = await listServerErasures(client, projectId);
  state.result.erasures_applied += applyServerErasures(db, projectId, erasures);
  // 2. This journal's own withdrawals, so the server purges its feed.
  const unsent = unsentErasures(db, projectId);
  for (const [index, erasure] of unsent.entries()) {
    check();
    db.transaction(() => dropErasedFromSync(db, projectId, erasure))();
    await sendErasure(client, projectId, erasure);
    markErasureSent(db, erasure.id);
    progress({ stage: 'erasures', done: index + 1, total: unsent.length });
  }

  // 3. Push (after the link's first fill, when it was cut short).
  if (link.fill_pending === 1) await finishFill(db, projectId, undefined, options.signal);
  state.result.pushed = await push(db, client, link, options);

  // 4. Pull.
  const pulled = await pull(db, client, link, options, state);
  state.result.pulled += pulled;

  // 5. The log again, over whatever the feed brought (an old copy cannot bring a withdrawn person back).
  if (erasureRepo.listErasureLog(db, projectId).length > 0) {
    const again = db.transaction(() => {
      cachedStatement(db, `INSERT OR IGNORE INTO sync_applying (id) VALUES (1)`).run();
      const applied = reapplyErasureLog(db);
      cachedStatement(db, `DELETE FROM sync_applying`).run();
      return applied;
    })();
    if (again > 0 || state.result.erasures_applied > 0) makePhysical(db);
  }
  state.result.conflicts = conflictCount(db, projectId);
  if (state.result.status === 'ok') {
    db.prepare(`UPDATE sync_links SET last_sync_at = ?, last_error = NULL WHERE project_id = ?`).run(nowIso(), projectId);
  }
  return state.result;
}

/**
 * Sends every pending version, oldest first, blobs before rows. The outbox is turned into versions a chunk at a time
 * (short transactions: the app stays responsive during a first sync of a large inquiry), and the next page is read
 * from SQLite while the previous one is on its way to the server.
 */
async function push(db: Db, client: pg.ClientBase, link: LinkRow, options: SyncOptions): Promise<number> {
  const projectId = link.project_id;
  const pageSize = Math.max(1, Math.min(options.pageSize ?? PUSH_PAGE, PUSH_PAGE));
  const pendingNow = () => cachedStatement(db, `SELECT count(*) FROM sync_versions WHERE project_id = ? AND pending = 1`, 'pluck').get(projectId) as number;
  const total = pendingNow() + outboxCount(db, projectId);
  let pushed = 0;
  let sent = 0;
  let afterSeq = -1;
  let inFlight: Promise<void> | undefined;
  const send = async (changes: OutgoingChange[], done: { table_name: string; row_key: string; hash: string }[]) => {
    const shas = [...new Set(changes.filter((change) => change.table_name === 'attachments' && change.row).map((change) => String(change.row!.sha256)))];
    for (const sha of await missingBlobs(client, projectId, shas)) {
      const content = cachedStatement(db, `SELECT content FROM attachments WHERE sha256 = ? LIMIT 1`, 'pluck').get(sha) as Buffer | undefined;
      if (content) await putBlob(client, projectId, sha, content);
    }
    if (changes.length > 0) pushed += await pushChanges(client, projectId, link.client_id, changes);
    db.transaction(() => {
      const acknowledged = cachedStatement(db, `UPDATE sync_versions SET pending = 0 WHERE table_name = ? AND row_key = ? AND hash = ?`);
      for (const version of done) acknowledged.run(version.table_name, version.row_key, version.hash);
    })();
    sent += done.length;
    options.onProgress?.({ stage: 'push', done: sent, total });
  };
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      if (outboxCount(db, projectId) > 0) db.transaction(() => materializeOutbox(db, projectId, link.member, undefined, pageSize))();
      const batch = cachedStatement<{ table_name: TableName; row_key: string; hash: string; parents: string; revision: number; row: string | null; local_seq: number }>(
        db,
        `SELECT table_name, row_key, hash, parents, revision, row, local_seq FROM sync_versions
         WHERE project_id = ? AND pending = 1 AND local_seq > ? ORDER BY local_seq LIMIT ?`,
      ).all(projectId, afterSeq, pageSize);
      if (batch.length === 0) {
        if (outboxCount(db, projectId) > 0) continue;
        break;
      }
      afterSeq = batch[batch.length - 1]!.local_seq;
      const changes: OutgoingChange[] = [];
      for (const version of batch) {
        const parents = JSON.parse(version.parents) as string[];
        const content = pendingContent(db, version.table_name, version.row_key, version.hash, parents, version.row);
        // Edited again before it was sent: its child carries the edit, and this one is not sent.
        if (content === undefined) continue;
        changes.push({ change_id: changeId(version.table_name, version.row_key, version.hash), table_name: version.table_name, row_key: version.row_key, hash: version.hash, parents, revision: version.revision, row: content });
      }
      await inFlight;
      inFlight = send(changes, batch);
      // Read by nobody until the next turn; a failure is still thrown by the await above or below.
      inFlight.catch(() => undefined);
    }
    await inFlight;
  } catch (error) {
    await inFlight?.catch(() => undefined);
    throw error;
  }
  return pushed;
}

/**
 * The content of a pending version: kept in sync_versions.row when the local table no longer holds it, else the
 * local row when it still is that version; undefined when it is neither (edited again before it was sent: the newer
 * version, its child, carries the edit, and this one is not sent).
 */
function pendingContent(db: Db, table: TableName, rowKey: string, hash: string, parents: string[], stored: string | null): Row | null | undefined {
  if (isTombstone({ hash, parents })) return null;
  if (stored !== null) return JSON.parse(stored) as Row;
  const local = readLocalRow(db, table, rowKey);
  if (!local) return undefined;
  if (rowHash(table, local) === hash || rehash(table, local, parents) === hash) return local;
  return undefined;
}

function feedChanges(rows: readonly FeedRow[]): IncomingChange[] {
  return rows.map((row) => ({
    table_name: row.table_name,
    row_key: row.row_key,
    hash: row.hash,
    parents: row.parents ?? [],
    revision: Number(row.revision),
    row: row.own ? (isTombstone({ hash: row.hash, parents: row.parents ?? [] }) ? null : undefined) : row.row,
    author: row.author,
    committed_at: new Date(row.committed_at).toISOString(),
    own: row.own,
  }));
}

function moveCursor(db: Db, projectId: string, last: FeedRow): void {
  cachedStatement(db, `UPDATE sync_links SET cursor_xid = ?, cursor_seq = ? WHERE project_id = ?`).run(String(last.xid), Number(last.seq), projectId);
}

/**
 * Own rows come without their content (this journal made them), unless this journal does not know them any more (a
 * backup restored over it, an acknowledgement lost with the process): then their content is read from the feed, so
 * nothing this client once sent is missing from it.
 */
async function fillOwnRows(db: Db, client: pg.ClientBase, projectId: string, page: FeedRow[]): Promise<void> {
  const unknown = page.filter((row) => row.own && !hasVersion(db, row.table_name, row.row_key, row.hash) && !isTombstone({ hash: row.hash, parents: row.parents ?? [] }));
  if (unknown.length === 0) return;
  const rows = await ownRows(client, projectId, unknown.map((row) => row.change_id));
  for (const row of unknown) {
    if (!rows.has(row.change_id)) continue;
    row.row = rows.get(row.change_id) ?? null;
    row.own = false;
  }
}

/** The bytes of the page's new attachments that this journal does not hold, checked against their sha256. */
async function fetchBlobs(db: Db, client: pg.ClientBase, projectId: string, rows: readonly FeedRow[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  for (const row of rows) {
    if (row.table_name !== 'attachments' || !row.row || row.own) continue;
    const sha = String(row.row.sha256);
    if (blobs.has(sha)) continue;
    if (cachedStatement(db, `SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1`, 'pluck').get(sha) !== undefined) continue;
    const content = await getBlob(client, projectId, sha);
    if (!content) continue;
    if (sha256Hex(content) !== sha) throw new ApiError('storage_failed', `The file of attachment “${String(row.row.file_name)}” on the team server does not match its checksum; nothing of this page was applied.`);
    blobs.set(sha, content);
  }
  return blobs;
}

/** Feed rows the guard's look-ahead keeps to apply afterwards; past this it pulls them again (memory stays bounded). */
export const LOOKAHEAD_KEEP = 20_000;

interface FeedPosition {
  xid: bigint;
  seq: number;
}

const positionOf = (row: FeedRow): FeedPosition => ({ xid: BigInt(String(row.xid)), seq: Number(row.seq) });
const after = (row: FeedRow, end: FeedPosition) => {
  const xid = BigInt(String(row.xid));
  return xid > end.xid || (xid === end.xid && Number(row.seq) > end.seq);
};

/**
 * The live records the pending feed would move to the trash or delete, counted before anything is applied: per row,
 * its last version in the feed, when it trashes (deleted_at set, or a tombstone) a record this journal holds live. It
 * can count a record whose trashing then loses to a local edit (the guard asks once too often, never too rarely).
 */
function wouldTrash(db: Db, rows: readonly FeedRow[], counted: Map<string, boolean>): void {
  for (const row of rows) {
    if (row.own || !LIVE_TABLES.has(row.table_name)) continue;
    const key = `${row.table_name}\u0000${row.row_key}`;
    const trashes = row.row === null ? isTombstone({ hash: row.hash, parents: row.parents ?? [] }) : row.row.deleted_at !== null && row.row.deleted_at !== undefined;
    if (!trashes) {
      counted.set(key, false);
      continue;
    }
    const local = readLocalRow(db, row.table_name as TableName, row.row_key);
    counted.set(key, local !== undefined && (local.deleted_at === null || local.deleted_at === undefined));
  }
}

const LIVE_TABLES = new Set(RECORD_TABLES);

/**
 * The guard decides before anything is applied: it reads the whole pending feed (up to its end as of now), counts
 * what it would trash and, over the limit, applies nothing — no page under the limit slips in, so repeated unconfirmed
 * syncs (the scheduler's) cannot wear the inquiry down a page at a time. When it lets the sync go on, only the feed
 * it looked at is applied; what arrived meanwhile waits for the next sync and its own look.
 */
async function lookAhead(
  db: Db,
  client: pg.ClientBase,
  link: LinkRow,
  limit: number,
  state: RunState,
  signal?: AbortSignal,
): Promise<{ refused: boolean; kept: FeedRow[][] | undefined; end: FeedPosition | undefined }> {
  const projectId = link.project_id;
  const counted = new Map<string, boolean>();
  let kept: FeedRow[][] | undefined = [];
  let keptRows = 0;
  const now = getLink(db, projectId)!;
  let cursor = { xid: now.cursor_xid, seq: now.cursor_seq };
  let end: FeedPosition | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await pullChanges(client, projectId, link.client_id, cursor.xid, cursor.seq, limit);
    if (page.length === 0) break;
    wouldTrash(db, page, counted);
    const last = page[page.length - 1]!;
    end = positionOf(last);
    cursor = { xid: String(last.xid), seq: Number(last.seq) };
    if (kept) {
      kept.push(page);
      keptRows += page.length;
      if (keptRows > LOOKAHEAD_KEEP) kept = undefined;
    }
    if (page.length < limit) break;
  }
  let trashed = 0;
  for (const trashes of counted.values()) if (trashes) trashed += 1;
  state.trashed = trashed;
  const refused = trashed >= MASS_TRASH_MIN && trashed > link.mass_trash_share * state.live;
  return { refused, kept, end };
}

async function pull(db: Db, client: pg.ClientBase, link: LinkRow, options: SyncOptions, state: RunState): Promise<number> {
  const projectId = link.project_id;
  const limit = Math.max(1, Math.min(options.pageSize ?? PULL_PAGE, 10_000));
  const cursorOf = () => {
    const cursor = getLink(db, projectId)!;
    return { xid: cursor.cursor_xid, seq: cursor.cursor_seq };
  };
  // Joining brings an inquiry this journal did not hold: nothing of the person's can be trashed by it.
  let kept: FeedRow[][] | undefined;
  let end: FeedPosition | undefined;
  if (options.allowMassTrash !== true && !state.joining) {
    const look = await lookAhead(db, client, link, limit, state, options.signal);
    if (look.refused) {
      state.result.status = 'needs_confirmation';
      state.result.mass_trash = { count: state.trashed, live: state.live };
      return 0;
    }
    if (!look.end) return 0;
    kept = look.kept;
    end = look.end;
  }
  let next: Promise<FeedRow[]> | undefined;
  let pulled = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let page: FeedRow[];
    if (kept && kept.length > 0) page = kept.shift()!;
    else if (kept) break;
    else page = await (next ?? pullChanges(client, projectId, link.client_id, cursorOf().xid, cursorOf().seq, limit));
    next = undefined;
    const full = page.length === limit;
    let reachedEnd = false;
    if (end) {
      const bound = end;
      const within = page.filter((row) => !after(row, bound));
      reachedEnd = within.length < page.length;
      page = within;
    }
    if (page.length === 0) break;
    await fillOwnRows(db, client, projectId, page);
    const blobs = await fetchBlobs(db, client, projectId, page);
    const last = page[page.length - 1]!;
    if (end && positionOf(last).xid === end.xid && positionOf(last).seq === end.seq) reachedEnd = true;
    // The next page is asked for while this one is applied (the cursor it starts from is this page's last row).
    if (!kept && full && !reachedEnd) {
      next = pullChanges(client, projectId, link.client_id, String(last.xid), Number(last.seq), limit);
      next.catch(() => undefined);
    }
    applyOrSetAside(db, projectId, page, last, { blobs, beforeApply: () => materializeOutbox(db, projectId, link.member) });
    pulled += page.length;
    options.onProgress?.({ stage: 'pull', done: pulled });
    if (reachedEnd) break;
    if (!kept && !next) break;
  }
  return pulled;
}

// ---------------------------------------------------------------------------------------------
// Versions this journal cannot apply

interface Refusal {
  row: FeedRow;
  reason: string;
}

/** The versions of a page that fail the checks on their own (a table this Withness does not sync, a bad row). */
function screen(projectId: string, rows: readonly FeedRow[]): { good: FeedRow[]; refused: Refusal[] } {
  const good: FeedRow[] = [];
  const refused: Refusal[] = [];
  for (const row of rows) {
    try {
      checkChanges(projectId, feedChanges([row]));
      good.push(row);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refused.push({ row, reason: error.message.replace(/^Change 1 of the page /, 'Version ').replace(/ Nothing of this page was applied\.$/, '') });
    }
  }
  return { good, refused };
}

/**
 * Whether applying failed because of what the versions hold (a check, a constraint: a parent row that is nowhere, a
 * value of the wrong kind) rather than because of the journal or the machine (busy, disk full, closed), which must
 * stop the sync instead.
 */
function isPoison(error: unknown): boolean {
  if (error instanceof ApiError) return true;
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH');
}

/** Keeps versions set aside, whole, with their reason (in the caller's transaction). */
function setAside(db: Db, projectId: string, refusals: readonly Refusal[]): void {
  const insert = cachedStatement(
    db,
    `INSERT OR IGNORE INTO sync_refused (project_id, table_name, row_key, hash, parents, revision, author, committed_at, row, reason, refused_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { row, reason } of refusals) {
    insert.run(
      projectId,
      String(row.table_name),
      String(row.row_key),
      String(row.hash),
      JSON.stringify(row.parents ?? []),
      Number.isFinite(Number(row.revision)) ? Math.trunc(Number(row.revision)) : 0,
      row.author ?? null,
      row.committed_at ? new Date(row.committed_at).toISOString() : null,
      row.row === null || row.row === undefined ? null : JSON.stringify(row.row),
      reason,
      nowIso(),
    );
  }
}

/**
 * Applies a page; a version that cannot be applied is set aside (sync_refused, with its reason) and the cursor moves
 * past it, so one bad version never stops every later sync. Versions that fail on their own are screened out first;
 * a failure only the page as a whole shows (a FOREIGN KEY checked at commit) is found by halving the page, the
 * halves in feed order so a parent still comes before its children. Returns how many were set aside.
 */
function applyOrSetAside(db: Db, projectId: string, rows: readonly FeedRow[], cursorAfter: FeedRow, options: Pick<ApplyOptions, 'blobs' | 'beforeApply'>): number {
  const { good, refused } = screen(projectId, rows);
  try {
    applyPage(db, projectId, feedChanges(good), {
      ...options,
      inTransaction: () => {
        setAside(db, projectId, refused);
        moveCursor(db, projectId, cursorAfter);
      },
    });
    return refused.length;
  } catch (error) {
    if (!isPoison(error)) throw error;
    if (good.length <= 1) {
      const reason = error instanceof Error ? error.message : String(error);
      db.transaction(() => {
        setAside(db, projectId, [...refused, ...good.map((row) => ({ row, reason }))]);
        moveCursor(db, projectId, cursorAfter);
      })();
      return refused.length + good.length;
    }
    db.transaction(() => setAside(db, projectId, refused))();
    const middle = good.length >> 1;
    return (
      refused.length +
      applyOrSetAside(db, projectId, good.slice(0, middle), good[middle - 1]!, options) +
      applyOrSetAside(db, projectId, good.slice(middle), cursorAfter, options)
    );
  }
}
