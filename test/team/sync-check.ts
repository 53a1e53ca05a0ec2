/**
 * What the sync tests check, shared by the property test, the fault tests and the bench: a journal's synced tables
 * as comparable text, the server's state computed from its feed by the head rule of the design (so the server is
 * judged independently of the client code), and whether every text a client ever saved is still somewhere.
 */
import pg from 'pg';
import type { Db } from '../../db/connection.js';
import { TABLES, columnsOf, type TableName } from '../../electron/exchange/bundle-tables.js';

export type State = Record<TableName, string[]>;

/** One row as the feed carries it: the table's columns in order, values as stored. */
function canonical(table: TableName, row: Record<string, unknown>): string {
  return JSON.stringify(columnsOf(table).map((column) => row[column] ?? null));
}

/** Every synced table of the journal (the journals in these tests hold one inquiry each), rows sorted. */
export function journalState(db: Db): State {
  const state = {} as State;
  for (const spec of TABLES) {
    const rows = db.prepare(`SELECT ${columnsOf(spec.name).join(', ')} FROM ${spec.name}`).all() as Record<string, unknown>[];
    state[spec.name] = rows.map((row) => canonical(spec.name, row)).sort();
  }
  return state;
}

export interface FeedRow {
  table_name: string;
  row_key: string;
  hash: string;
  parents: string[];
  revision: number;
  row: Record<string, unknown> | null;
}

export async function feedRows(adminUrl: string, inquiryId: string): Promise<FeedRow[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<FeedRow>(
      `SELECT table_name, row_key, hash, parents, revision, row FROM withness.changes WHERE inquiry_id = $1 ORDER BY seq`,
      [inquiryId],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/**
 * The heads the server's feed implies (design: tips = versions no other known version names as a parent; head = the
 * tip with the greatest (revision, hash); a tombstone head = no row), and the tips of rows with more than one.
 */
export function feedState(rows: readonly FeedRow[]): { state: State; conflicts: string[] } {
  const byRow = new Map<string, FeedRow[]>();
  for (const row of rows) {
    const key = `${row.table_name}\u0000${row.row_key}`;
    byRow.set(key, [...(byRow.get(key) ?? []), row]);
  }
  const state = Object.fromEntries(TABLES.map((spec) => [spec.name, [] as string[]])) as State;
  const conflicts: string[] = [];
  for (const versions of byRow.values()) {
    const named = new Set(versions.flatMap((version) => version.parents));
    const unique = new Map(versions.map((version) => [version.hash, version]));
    const tips = [...unique.values()].filter((version) => !named.has(version.hash));
    tips.sort((a, b) => b.revision - a.revision || (a.hash < b.hash ? 1 : a.hash > b.hash ? -1 : 0));
    const head = tips[0];
    if (!head) throw new Error(`No tip for ${versions[0]!.table_name}/${versions[0]!.row_key}: the feed has a cycle of parents.`);
    if (tips.length > 1) conflicts.push(...tips.map((tip) => `${tip.table_name}/${tip.row_key}/${tip.hash}`));
    if (head.row !== null) {
      const table = head.table_name as TableName;
      if (!(table in state)) throw new Error(`The feed names an unknown table ${head.table_name}.`);
      state[table].push(canonical(table, head.row));
    }
  }
  for (const table of Object.keys(state) as TableName[]) state[table].sort();
  return { state, conflicts: conflicts.sort() };
}

/**
 * A journal may hold revisions the feed has no row for: the design keeps every version that lost to a concurrent one
 * as an earlier version in `revisions` (under an id derived from its hash, so every member derives the same row),
 * written while applying and so never pushed. This returns the journal's revisions that the server's heads lack AND
 * that are not such a kept loser (their snapshot equal to a version of that record in the feed that is not its head):
 * what should be empty.
 */
export function unexplainedRevisions(journal: State, server: State, feed: readonly FeedRow[]): string[] {
  const onServer = new Set(server.revisions);
  const heads = feedState(feed);
  const headRows = new Set(Object.values(heads.state).flat());
  const versionsOf = new Map<string, string[]>();
  for (const version of feed) {
    if (version.row === null) continue;
    const content = canonical(version.table_name as TableName, version.row);
    if (headRows.has(content)) continue;
    versionsOf.set(version.row_key, [...(versionsOf.get(version.row_key) ?? []), canonical(version.table_name as TableName, version.row)]);
  }
  const tableOf = new Map(feed.map((version) => [version.row_key, version.table_name as TableName]));
  return journal.revisions.filter((text) => {
    if (onServer.has(text)) return false;
    const [, , , entityId, , action, snapshot] = JSON.parse(text) as [string, string, string, string, number, string, string];
    const table = tableOf.get(entityId);
    if (action !== 'update' || !table) return true;
    const content = canonical(table, JSON.parse(snapshot) as Record<string, unknown>);
    return !(versionsOf.get(entityId) ?? []).includes(content);
  });
}

/** The open tips of rows in conflict as a journal knows them (sync_versions, migration 007). */
export function journalConflicts(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT table_name, row_key, hash FROM sync_versions v
       WHERE tip = 1 AND (SELECT count(*) FROM sync_versions w WHERE w.table_name = v.table_name AND w.row_key = v.row_key AND w.tip = 1) > 1`,
    )
    .all() as { table_name: string; row_key: string; hash: string }[];
  return rows.map((row) => `${row.table_name}/${row.row_key}/${row.hash}`).sort();
}

/** Per table, the rows one state has and the other lacks (both ways), for a readable failure. */
export function stateDifference(a: State, b: State): Record<string, { only_first: string[]; only_second: string[] }> {
  const difference: Record<string, { only_first: string[]; only_second: string[] }> = {};
  for (const table of Object.keys(a) as TableName[]) {
    const first = new Set(a[table]);
    const second = new Set(b[table] ?? []);
    const onlyFirst = [...first].filter((row) => !second.has(row));
    const onlySecond = [...second].filter((row) => !first.has(row));
    if (onlyFirst.length || onlySecond.length) difference[table] = { only_first: onlyFirst, only_second: onlySecond };
  }
  return difference;
}

export interface SavedText {
  table: 'field_notes' | 'reflections';
  id: string;
  body: string;
}

/**
 * The saved texts this journal no longer has anywhere: not the record's current body, not the body of one of its
 * revisions, not the body of a conflict version kept for it (sync_versions.row).
 */
export function lostTexts(db: Db, saved: readonly SavedText[]): SavedText[] {
  return saved.filter((text) => {
    const current = db.prepare(`SELECT 1 FROM ${text.table} WHERE id = ? AND body = ?`).get(text.id, text.body);
    if (current) return false;
    const revision = db
      .prepare(`SELECT 1 FROM revisions WHERE entity_id = ? AND json_extract(snapshot, '$.body') = ?`)
      .get(text.id, text.body);
    if (revision) return false;
    const version = db
      .prepare(`SELECT 1 FROM sync_versions WHERE table_name = ? AND row_key = ? AND "row" IS NOT NULL AND json_extract("row", '$.body') = ?`)
      .get(text.table, text.id, text.body);
    return !version;
  });
}

export function integrity(db: Db): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}
