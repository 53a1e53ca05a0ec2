import { cachedStatement, type Db } from '../../db/connection.js';
import { nowIso } from '../../db/ids.js';
import type { TableName } from '../exchange/bundle-tables.js';
import { settleRow, type SettleStats } from './apply.js';
import { readLocalRow, rehash, revisionOf, rowHash, SYNC_TABLES, tombstoneHash } from './rows.js';
import { headOf, insertVersion, nextLocalSeq, versionsOf } from './versions.js';

/**
 * The outbox: keys of rows written here since they were last turned into versions (the triggers of migration 007
 * fill it). Materialising turns each into a pending version of the row as it now stands — parents: the head it was
 * edited from — so the head rule sees local edits before anything pulled is applied, and the push sends exactly
 * what was materialised.
 */

/**
 * History entries sync derives itself for conflicts (apply.ts loserId: UUID version 8; the app's own ids are version
 * 7): every journal makes the same ones from the same versions, so they are never sent.
 */
export function isDerivedHistory(table: string, rowKey: string): boolean {
  return table === 'revisions' && rowKey[14] === '8';
}

/** Rows of the driving table per chunk of a link's fill (link tables go by their note's or dialogue's rows). */
export const FILL_CHUNK = 5000;

/** Per synced table: the table whose rows a chunk is counted in, and the keys those rows queue. */
function fillSource(table: TableName): { driver: string; keys: string } {
  const inRange = `rowid > @after AND rowid <= @to AND project_id = @project`;
  switch (table) {
    case 'projects':
      return { driver: 'projects', keys: `SELECT id AS k FROM projects WHERE id = @project AND rowid > @after AND rowid <= @to` };
    case 'field_note_stakeholders':
      return { driver: 'field_notes', keys: `SELECT x.note_id || '/' || x.stakeholder_id AS k FROM field_note_stakeholders x WHERE x.note_id IN (SELECT id FROM field_notes WHERE ${inRange})` };
    case 'dialogue_participants':
      return { driver: 'dialogues', keys: `SELECT x.dialogue_id || '/' || x.stakeholder_id AS k FROM dialogue_participants x WHERE x.dialogue_id IN (SELECT id FROM dialogues WHERE ${inRange})` };
    case 'revisions':
      return { driver: 'revisions', keys: `SELECT id AS k FROM revisions WHERE ${inRange} AND substr(id, 15, 1) <> '8'` };
    default:
      return { driver: table, keys: `SELECT id AS k FROM ${table} WHERE ${inRange}` };
  }
}

/**
 * Queues every row of a project a chunk at a time, each chunk its own short transaction, the event loop turning
 * between them (a first link of a large inquiry must not freeze the app). Edits made meanwhile are queued by the
 * triggers (the link exists already); queuing a row twice is a no-op. Returns how many entries were added.
 */
export async function fillOutboxInChunks(db: Db, projectId: string, options: { chunk?: number; signal?: AbortSignal } = {}): Promise<number> {
  const chunk = Math.max(1, options.chunk ?? FILL_CHUNK);
  let queued = 0;
  for (const spec of SYNC_TABLES) {
    const source = fillSource(spec.name);
    const projectColumn = source.driver === 'projects' ? 'id' : 'project_id';
    const upTo = db.prepare(`SELECT max(rowid) FROM (SELECT rowid FROM ${source.driver} WHERE ${projectColumn} = @project AND rowid > @after ORDER BY rowid LIMIT @chunk)`).pluck();
    const insert = db.prepare(`INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) SELECT @project, '${spec.name}', k FROM (${source.keys})`);
    let after = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const to = upTo.get({ project: projectId, after, chunk }) as number | null;
      if (to === null || to === undefined) break;
      queued += db.transaction(() => insert.run({ project: projectId, after, to }).changes)();
      after = to;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return queued;
}

export function outboxCount(db: Db, projectId: string): number {
  return cachedStatement(db, `SELECT count(*) FROM sync_outbox WHERE project_id = ?`, 'pluck').get(projectId) as number;
}

/**
 * Turns the project's outbox into pending versions, in the caller's transaction (which must hold sync_applying when
 * it settles rows). Rows whose content is what the journal already knows make no version. Returns how many versions
 * were made.
 */
export function materializeOutbox(db: Db, projectId: string, member: string, stats: SettleStats = { written: 0, trashed: 0 }, limit = Number.POSITIVE_INFINITY): number {
  if (!db.inTransaction) throw new Error('materializeOutbox must run inside a transaction.');
  // Table by table in the bundle's order (parents first), each through the outbox's primary key: a first link queues
  // every row of a large inquiry, and it is turned into versions a chunk at a time between pushes.
  const entries: { table_name: TableName; row_key: string }[] = [];
  for (const spec of SYNC_TABLES) {
    if (entries.length >= limit) break;
    const keys = cachedStatement<string>(db, `SELECT row_key FROM sync_outbox WHERE table_name = ? AND project_id = ? ORDER BY row_key LIMIT ?`, 'pluck').all(
      spec.name,
      projectId,
      Number.isFinite(limit) ? limit - entries.length : -1,
    );
    for (const rowKey of keys) entries.push({ table_name: spec.name, row_key: rowKey });
  }
  if (entries.length === 0) return 0;
  let seq = nextLocalSeq(db, projectId);
  const now = nowIso();
  let made = 0;
  const remove = cachedStatement(db, `DELETE FROM sync_outbox WHERE table_name = ? AND row_key = ?`);
  const applying = cachedStatement(db, `SELECT 1 FROM sync_applying`, 'pluck').get() !== undefined;
  if (!applying) cachedStatement(db, `INSERT INTO sync_applying (id) VALUES (1)`).run();
  for (const { table_name: table, row_key: rowKey } of entries) {
    remove.run(table, rowKey);
    if (isDerivedHistory(table, rowKey)) continue;
    const versions = versionsOf(db, table, rowKey);
    const head = headOf(versions.filter((version) => version.tip === 1));
    const parents = head ? [head.hash] : [];
    const row = readLocalRow(db, table, rowKey);
    let hash: string;
    let revision: number;
    if (row) {
      hash = rowHash(table, row);
      if (head?.hash === hash) continue;
      const known = new Set(versions.map((version) => version.hash));
      if (known.has(hash)) hash = rehash(table, row, parents);
      if (known.has(hash)) continue;
      revision = revisionOf(table, row);
    } else {
      // Never synced and gone again, or already deleted by the head: nothing to tell.
      if (!head || head.hash === tombstoneHash(head.parents)) continue;
      hash = tombstoneHash(parents);
      if (versions.some((version) => version.hash === hash)) continue;
      revision = head.revision;
    }
    insertVersion(db, { project_id: projectId, table_name: table, row_key: rowKey, hash, parents, revision, author: member, committed_at: now, pending: true, local_seq: seq++ });
    made += 1;
    // A local edit of a row in conflict may not be the head (a table without revisions): the head rule decides here too.
    if (versions.filter((version) => version.tip === 1).length > 1) settleRow(db, table, rowKey, { projectId, stats });
  }
  if (!applying) cachedStatement(db, `DELETE FROM sync_applying`).run();
  return made;
}
