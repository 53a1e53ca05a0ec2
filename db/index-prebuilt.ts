/**
 * The search indexes of a bulk build made on another thread, in a scratch file, while the rows are still being
 * written (issue 14.3).
 *
 * The set-wise fill (db/index-fill.ts) runs after the last row, on the writing thread: for the large inquiry most of
 * its time is FTS5 tokenising and building `events_fts` and `events_fts_stems`. An IndexBuilder does that work
 * anywhere (the generator's worker thread) into a scratch SQLite file holding the same two FTS5 tables (created from
 * the journal's own stored SQL) and a table of the doc ids it gave each event. It numbers the events in the order
 * the rows are written, which is the order the insert triggers would have numbered them. The fill then adds the
 * `events` rows with those doc ids and copies the two tables' shadow tables in as they are (a B-tree copy, no
 * tokenising): the same rows, terms and positions as the triggers would have made.
 */
import { rmSync } from 'node:fs';
import type { Db } from './connection.js';
import { openSqlite } from './sqlite.js';

/** The FTS5 tables built aside, and the shadow tables of each that hold what FTS5 stores. */
export const PREBUILT_TABLES = ['events_fts', 'events_fts_stems'] as const;
const SHADOWS = ['data', 'idx', 'content', 'docsize'] as const;

export type PrebuiltTable = (typeof PREBUILT_TABLES)[number];

/** What an IndexBuilder needs, cloneable into a worker thread. */
export interface PrebuiltIndexPlan {
  /** The scratch files (beside the journal), one per table, so two threads can build at once; removed by discardPrebuiltIndex. */
  files: Record<PrebuiltTable, string>;
  /** The journal's CREATE VIRTUAL TABLE statements of PREBUILT_TABLES. */
  tablesSql: Record<PrebuiltTable, string>;
}

/** The schema name the exact index's scratch file (with the doc ids, `index_docs`) is attached under for the fill. */
export const PREBUILT_SCHEMA = 'index_build';
/** Where the fill reads each table from. */
const SCHEMAS: Record<PrebuiltTable, string> = { events_fts: PREBUILT_SCHEMA, events_fts_stems: 'index_build_stems' };

/**
 * Whether a bulk build into this journal can have its index built aside: a file-backed, unencrypted journal (the
 * scratch file holds every text in clear) with no events yet, outside a transaction (the scratch file is attached
 * now: SQLite refuses ATTACH inside one). Attaches the (not yet existing) scratch file; undefined when not possible.
 */
export function planPrebuiltIndex(db: Db, key: Buffer | undefined): PrebuiltIndexPlan | undefined {
  if (key || db.memory || db.inTransaction || !db.name) return undefined;
  if (db.prepare(`SELECT 1 FROM events LIMIT 1`).get() !== undefined) return undefined;
  const tablesSql = PREBUILT_TABLES.map(
    (name) => db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(name) as string | undefined,
  );
  if (tablesSql.some((sql) => !sql)) return undefined;
  const files = { events_fts: `${db.name}.index-build`, events_fts_stems: `${db.name}.index-build-stems` };
  for (const table of PREBUILT_TABLES) {
    removeScratch(files[table]);
    db.prepare(`ATTACH ? AS ${SCHEMAS[table]}`).run(files[table]);
  }
  return { files, tablesSql: { events_fts: tablesSql[0]!, events_fts_stems: tablesSql[1]! } };
}

function removeScratch(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** After the journal's transaction ended (committed or not): detaches and removes the scratch file. */
export function discardPrebuiltIndex(db: Db, plan: PrebuiltIndexPlan): void {
  for (const table of PREBUILT_TABLES) {
    if (db.open && !db.inTransaction) {
      const attached = (db.pragma('database_list') as { name: string }[]).some((row) => row.name === SCHEMAS[table]);
      if (attached) db.exec(`DETACH ${SCHEMAS[table]}`);
    }
    removeScratch(plan.files[table]);
  }
}

/**
 * Builds one of the two FTS5 tables in its scratch file, one event at a time, in the order the rows are written. Its
 * own connection and transaction: it can run on any thread while the journal's connection writes elsewhere. The
 * exact index's builder also records which event each doc id is (`index_docs`); both number from 1 in the same order.
 */
export class IndexBuilder {
  private readonly db: Db;
  private readonly insert;
  private readonly docs;
  private nextDocId = 1;

  constructor(
    plan: PrebuiltIndexPlan,
    readonly table: PrebuiltTable,
  ) {
    this.db = openSqlite(plan.files[table]);
    // A scratch file thrown away when anything fails: no journal, no fsync.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -8192');
    this.db.exec(plan.tablesSql[table]);
    if (table === 'events_fts') this.db.exec(`CREATE TABLE index_docs (doc_id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL)`);
    this.db.exec('BEGIN');
    // A larger pending-data buffer: fewer segments to merge (the journal's %_config is kept, only the index copied).
    this.db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
    this.insert = this.db.prepare(`INSERT INTO ${table} (rowid, title, body) VALUES (?, ?, ?)`);
    this.docs = table === 'events_fts' ? this.db.prepare(`INSERT INTO index_docs (doc_id, entity_type, entity_id) VALUES (?, ?, ?)`) : undefined;
  }

  /**
   * The next event, with the title and body its insert trigger would give this table (SQL's NULL as null): for the
   * exact index the texts as they are, for the stems index their `indexedStems` (db/stems.ts).
   */
  add(entityType: string, entityId: string, title: string | null, body: string | null): void {
    const docId = this.nextDocId++;
    this.docs?.run(docId, entityType, entityId);
    this.insert.run(docId, title, body);
  }

  /** Commits the scratch file and closes it; returns how many events it holds. */
  finish(): number {
    // The fill looks each new row's doc id up by its entity.
    if (this.docs) this.db.exec(`CREATE UNIQUE INDEX index_docs_entity ON index_docs (entity_type, entity_id)`);
    this.db.exec('COMMIT');
    this.db.close();
    return this.nextDocId - 1;
  }

  /** Closes without keeping anything (the caller removes the file). */
  abandon(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Inside the fill's transaction, once the rows are in and `events` holds the prebuilt doc ids: puts the scratch
 * file's two FTS5 tables in place of the journal's empty ones. Each table is dropped and created again from its
 * stored SQL first, so no FTS5 object of this connection holds a cached view of the empty index; then its shadow
 * tables are copied as they are. The journal's own FTS5 settings (its %_config rows) stay. Refuses unless each
 * holds exactly `events` documents.
 */
export function adoptPrebuiltIndex(db: Db, events: number): void {
  for (const table of PREBUILT_TABLES) {
    if (db.prepare(`SELECT 1 FROM main.${table}_docsize LIMIT 1`).get() !== undefined) {
      throw new Error(`${table} already holds documents; the index built aside cannot replace it. Nothing was indexed.`);
    }
    const built = db.prepare(`SELECT count(*) FROM ${SCHEMAS[table]}.${table}_docsize`).pluck().get() as number;
    if (built !== events) throw new Error(`The ${table} index built aside holds ${built} events, not the ${events} new ones; nothing was indexed.`);
  }
  // FTS5's shadow tables are writable only outside SQLite's defensive mode, which better-sqlite3 turns on (and
  // off with unsafe mode): off for the copy alone.
  db.unsafeMode(true);
  try {
    for (const table of PREBUILT_TABLES) {
      const sql = db.prepare(`SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string;
      const config = db.prepare(`SELECT k, v FROM main.${table}_config`).all() as { k: string; v: unknown }[];
      db.exec(`DROP TABLE main.${table}`);
      db.exec(sql);
      for (const shadow of SHADOWS) {
        db.exec(`DELETE FROM main.${table}_${shadow}`);
        db.exec(`INSERT INTO main.${table}_${shadow} SELECT * FROM ${SCHEMAS[table]}.${table}_${shadow}`);
      }
      const putConfig = db.prepare(`INSERT OR REPLACE INTO main.${table}_config (k, v) VALUES (?, ?)`);
      for (const row of config) putConfig.run(row.k, row.v);
    }
  } finally {
    db.unsafeMode(false);
  }
}
