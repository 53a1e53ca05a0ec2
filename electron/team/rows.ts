import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { cachedStatement } from '../../db/connection.js';
import { ROW_SCHEMAS, TABLES, columnsOf, type TableName, type TableSpec } from '../exchange/bundle-tables.js';

/**
 * Rows as the team feed carries them (sync-spec "Shape"): the bundle's tables in the bundle's order, each row as
 * exactly `columnsOf(table)` (attachments without their bytes), keyed by its primary key, hashed over its canonical
 * JSON. One module so that the outbox, the apply and the conflicts all read and hash a row the same way.
 */

export type Row = Record<string, unknown>;

export const SYNC_TABLES: readonly TableSpec[] = TABLES;
export const SYNC_TABLE_NAMES: readonly TableName[] = TABLES.map((spec) => spec.name);
const SPEC_BY_NAME = new Map<string, TableSpec>(TABLES.map((spec) => [spec.name, spec]));
/** Where each table stands in the bundle's order (parents before children). */
export const TABLE_ORDER = new Map<string, number>(TABLES.map((spec, index) => [spec.name, index]));

export function isSyncTable(name: string): name is TableName {
  return SPEC_BY_NAME.has(name);
}

export function specOf(table: TableName): TableSpec {
  return SPEC_BY_NAME.get(table)!;
}

const COLUMNS = new Map<TableName, string[]>(TABLES.map((spec) => [spec.name, columnsOf(spec.name)]));

export function columns(table: TableName): string[] {
  return COLUMNS.get(table)!;
}

/** The primary key as one string: `id`, or `note_id/stakeholder_id` for the two link tables. */
export function rowKeyOf(table: TableName, row: Row): string {
  return specOf(table)
    .key.map((column) => String(row[column]))
    .join('/');
}

/** The key's column values of a row key. */
export function keyValues(table: TableName, rowKey: string): Record<string, string> {
  const key = specOf(table).key;
  const parts = key.length === 1 ? [rowKey] : rowKey.split('/');
  return Object.fromEntries(key.map((column, index) => [column, parts[index] ?? '']));
}

/** The inquiry a row belongs to, from the row itself (links: undefined, their parent says). */
export function projectOfRow(table: TableName, row: Row): string | undefined {
  if (table === 'projects') return String(row.id);
  return row.project_id === undefined ? undefined : String(row.project_id);
}

/** The row with exactly the table's columns, in their order, values as stored (a missing optional column is null). */
export function canonicalRow(table: TableName, row: Row): Row {
  const out: Row = {};
  for (const column of columns(table)) out[column] = row[column] === undefined ? null : row[column];
  return out;
}

export function canonicalJson(table: TableName, row: Row): string {
  return JSON.stringify(canonicalRow(table, row));
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a row version: lowercase hex sha256 of its canonical JSON. */
export function rowHash(table: TableName, row: Row): string {
  return sha256Hex(canonicalJson(table, row));
}

/**
 * The hash of a row version whose content equals an older version of the same row that it descends from (a link
 * removed and added again, a trash move undone: rows without a revision column can come back byte for byte). The
 * plain content hash would name the ancestor again and make a cycle, so the parents are hashed in too.
 */
export function rehash(table: TableName, row: Row, parents: readonly string[]): string {
  return sha256Hex(`${canonicalJson(table, row)}\nafter:${[...parents].sort().join(',')}`);
}

/** A deleted row's version: no content; the hash is made from what it deletes (sync-spec). */
export function tombstoneHash(parents: readonly string[]): string {
  return sha256Hex(`tombstone:${[...parents].sort().join(',')}`);
}

/** The server's idempotency key of a version. */
export function changeId(table: string, rowKey: string, hash: string): string {
  return sha256Hex(`${table}|${rowKey}|${hash}`);
}

/** A row's revision (0 for tables without one). */
export function revisionOf(table: TableName, row: Row | null): number {
  if (!row || !specOf(table).revision) return 0;
  return Number(row.revision ?? 0);
}

const selectSql = (table: TableName) =>
  `SELECT ${columns(table).join(', ')} FROM ${table} WHERE ${specOf(table)
    .key.map((column) => `${column} = ?`)
    .join(' AND ')}`;

/** The local row of a key (attachments without content), or undefined. */
export function readLocalRow(db: Db, table: TableName, rowKey: string): Row | undefined {
  const key = keyValues(table, rowKey);
  return cachedStatement<Row>(db, selectSql(table)).get(...specOf(table).key.map((column) => key[column]));
}

/** The row shape check of the bundle; returns the first problem as text, or undefined. */
export function rowProblem(table: TableName, row: unknown): string | undefined {
  const parsed = ROW_SCHEMAS[table].safeParse(row);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'unknown problem'}`;
}

/**
 * A UUID (version 8, RFC 9562 "custom") made from a hash, so every client derives the same id for the same thing
 * (the history entry that keeps a conflict's losing version).
 */
export function uuidFromHash(hex: string): string {
  const variant = '89ab'[parseInt(hex[16]!, 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
