import type pg from 'pg';
import { describeError } from './server-connection.js';
import type { Row } from './rows.js';

/**
 * The calls the sync engine makes on the team server: the functions of the `withness` schema
 * (electron/team/server-schema.ts). Each failure becomes the connection module's clear ServerError.
 */

export interface OutgoingChange {
  change_id: string;
  table_name: string;
  row_key: string;
  hash: string;
  parents: readonly string[];
  revision: number;
  row: Row | null;
}

export interface FeedRow {
  xid: string;
  seq: string;
  change_id: string;
  table_name: string;
  row_key: string;
  hash: string;
  parents: string[];
  revision: number;
  row: Row | null;
  author: string;
  client_id: string;
  committed_at: Date;
  own: boolean;
}

export interface ServerErasure {
  id: string;
  stakeholder_id: string;
  mode: 'erase' | 'anonymise';
  record_ids: string[];
  rewritten_ids: string[];
  erased_at: Date;
  erased_by: string;
}

async function run<T extends pg.QueryResultRow>(client: pg.ClientBase, sql: string, params: unknown[], inquiry: string): Promise<pg.QueryResult<T>> {
  try {
    return await client.query<T>(sql, params);
  } catch (error) {
    throw describeError(error, { inquiry });
  }
}

export async function pushChanges(client: pg.ClientBase, inquiry: string, clientId: string, changes: readonly OutgoingChange[]): Promise<number> {
  const result = await run<{ n: number }>(client, `SELECT withness.push($1, $2, $3::jsonb) AS n`, [inquiry, clientId, JSON.stringify(changes)], inquiry);
  return Number(result.rows[0]?.n ?? 0);
}

export async function pullChanges(client: pg.ClientBase, inquiry: string, clientId: string, afterXid: string, afterSeq: number, limit: number): Promise<FeedRow[]> {
  const result = await run<FeedRow>(
    client,
    `SELECT xid::text AS xid, seq::text AS seq, change_id, table_name, row_key, hash, parents, revision, "row", author::text AS author, client_id, committed_at, own
       FROM withness.pull($1, $2, $3::xid8, $4, $5)`,
    [inquiry, clientId, afterXid, afterSeq, limit],
    inquiry,
  );
  return result.rows;
}

/** Which of these blobs the server lacks. */
export async function missingBlobs(client: pg.ClientBase, inquiry: string, shas: readonly string[]): Promise<string[]> {
  if (shas.length === 0) return [];
  const result = await run<{ sha256: string }>(
    client,
    `SELECT s AS sha256 FROM unnest($2::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM withness.blobs b WHERE b.inquiry_id = $1 AND b.sha256 = s)`,
    [inquiry, shas],
    inquiry,
  );
  return result.rows.map((row) => row.sha256);
}

export async function putBlob(client: pg.ClientBase, inquiry: string, sha: string, content: Buffer): Promise<void> {
  await run(client, `SELECT withness.put_blob($1, $2, $3)`, [inquiry, sha, content], inquiry);
}

export async function getBlob(client: pg.ClientBase, inquiry: string, sha: string): Promise<Buffer | undefined> {
  const result = await run<{ content: Buffer | null }>(client, `SELECT withness.get_blob($1, $2) AS content`, [inquiry, sha], inquiry);
  return result.rows[0]?.content ?? undefined;
}

export async function listServerErasures(client: pg.ClientBase, inquiry: string): Promise<ServerErasure[]> {
  const result = await run<ServerErasure>(
    client,
    `SELECT id, stakeholder_id, mode, record_ids, rewritten_ids, erased_at, erased_by::text AS erased_by FROM withness.list_erasures($1)`,
    [inquiry],
    inquiry,
  );
  return result.rows;
}

export async function sendErasure(
  client: pg.ClientBase,
  inquiry: string,
  erasure: { id: string; stakeholder_id: string; mode: string; record_ids: string[]; rewritten_ids: string[] },
): Promise<void> {
  await run(client, `SELECT withness.erase($1, $2::jsonb)`, [inquiry, JSON.stringify(erasure)], inquiry);
}

export async function listServerMembers(client: pg.ClientBase, inquiry: string): Promise<{ member: string; added_at: string }[]> {
  const result = await run<{ member: string; added_at: Date }>(
    client,
    `SELECT member::text AS member, added_at FROM withness.members WHERE inquiry_id = $1 ORDER BY member`,
    [inquiry],
    inquiry,
  );
  return result.rows.map((row) => ({ member: row.member, added_at: new Date(row.added_at).toISOString() }));
}

export async function isMember(client: pg.ClientBase, inquiry: string): Promise<boolean> {
  const result = await run<{ ok: boolean }>(client, `SELECT EXISTS (SELECT 1 FROM withness.inquiries WHERE id = $1) AS ok`, [inquiry], inquiry);
  return result.rows[0]?.ok === true;
}

/**
 * The content of some of this client's own feed rows (pull sends them without it): for versions the journal no
 * longer knows, e.g. after a backup older than its last push was restored.
 */
export async function ownRows(client: pg.ClientBase, inquiry: string, changeIds: readonly string[]): Promise<Map<string, Row | null>> {
  if (changeIds.length === 0) return new Map();
  const result = await run<{ change_id: string; row: Row | null }>(
    client,
    `SELECT change_id, "row" FROM withness.changes WHERE inquiry_id = $1 AND change_id = ANY ($2::text[])`,
    [inquiry, changeIds],
    inquiry,
  );
  return new Map(result.rows.map((row) => [row.change_id, row.row]));
}
