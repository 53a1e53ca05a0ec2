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
import { indexedStems } from './stems.js';
import { openSqlite } from './sqlite.js';

/** The FTS5 tables built aside, and the shadow tables of each that hold what FTS5 stores. */
export const PREBUILT_TABLES = ['events_fts', 'events_fts_stems'] as const;
const SHADOWS = ['data', 'idx', 'content', 'docsize'] as const;

/** What an IndexBuilder needs, cloneable into a worker thread. */
export interface PrebuiltIndexPlan {
  /** The scratch file (beside the journal); removed by discardPrebuiltIndex. */
  file: string;
  /** The journal's CREATE VIRTUAL TABLE statements of PREBUILT_TABLES, in that order. */
  tablesSql: string[];
}

/** The schema name the scratch file is attached under while the fill reads it. */
export const PREBUILT_SCHEMA = 'index_build';

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
  const file = `${db.name}.index-build`;
  removeScratch(file);
  db.prepare(`ATTACH ? AS ${PREBUILT_SCHEMA}`).run(file);
  return { file, tablesSql: tablesSql as string[] };
}

function removeScratch(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** After the journal's transaction ended (committed or not): detaches and removes the scratch file. */
export function discardPrebuiltIndex(db: Db, plan: PrebuiltIndexPlan): void {
  if (db.open && !db.inTransaction) {
    const attached = (db.pragma('database_list') as { name: string }[]).some((row) => row.name === PREBUILT_SCHEMA);
    if (attached) db.exec(`DETACH ${PREBUILT_SCHEMA}`);
  }
  removeScratch(plan.file);
}

/**
 * Builds the two FTS5 tables in the scratch file, one event at a time, in the order the rows are written. Its own
 * connection and transaction: it can run on any thread while the journal's connection writes elsewhere.
 */
export class IndexBuilder {
  private readonly db: Db;
  private readonly fts;
  private readonly stems;
  private readonly docs;
  private nextDocId = 1;

  constructor(plan: PrebuiltIndexPlan) {
    this.db = openSqlite(plan.file);
    // A scratch file thrown away when anything fails: no journal, no fsync.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -131072');
    for (const sql of plan.tablesSql) this.db.exec(sql);
    // Which event each doc id is: the fill gives the journal's events these ids.
    this.db.exec(`CREATE TABLE index_docs (doc_id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL)`);
    this.db.exec('BEGIN');
    // A larger pending-data buffer: fewer segments to merge (the journal's config is not copied, only the index).
    for (const table of PREBUILT_TABLES) this.db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
    this.fts = this.db.prepare(`INSERT INTO events_fts (rowid, title, body) VALUES (?, ?, ?)`);
    this.stems = this.db.prepare(`INSERT INTO events_fts_stems (rowid, title, body) VALUES (?, ?, ?)`);
    this.docs = this.db.prepare(`INSERT INTO index_docs (doc_id, entity_type, entity_id) VALUES (?, ?, ?)`);
  }

  /**
   * One event, with the title and body its insert trigger would index (SQL's NULL as null): the exact index gets
   * them as they are, the stems index their `indexedStems` (db/stems.ts), as the triggers do.
   */
  add(entityType: string, entityId: string, title: string | null, body: string | null): void {
    const docId = this.nextDocId++;
    this.docs.run(docId, entityType, entityId);
    this.fts.run(docId, title, body);
    this.stems.run(docId, indexedStems(title), indexedStems(body));
  }

  /** Commits the scratch file and closes it; returns how many events it holds. */
  finish(): number {
    // The fill looks each new row's doc id up by its entity.
    this.db.exec(`CREATE UNIQUE INDEX index_docs_entity ON index_docs (entity_type, entity_id)`);
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
 * tables are copied as they are. The journal's own FTS5 settings (its %_config rows) stay.
 */
export function adoptPrebuiltIndex(db: Db): void {
  // FTS5's shadow tables are writable only outside SQLite's defensive mode, which better-sqlite3 turns on (and
  // off with unsafe mode): off for the copy alone.
  db.unsafeMode(true);
  try {
    for (const table of PREBUILT_TABLES) {
      if (db.prepare(`SELECT 1 FROM ${table}_docsize LIMIT 1`).get() !== undefined) {
        throw new Error(`${table} already holds documents; the prebuilt index cannot replace it. Nothing was indexed.`);
      }
      const sql = db.prepare(`SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string;
      const config = db.prepare(`SELECT k, v FROM main.${table}_config`).all() as { k: string; v: unknown }[];
      db.exec(`DROP TABLE main.${table}`);
      db.exec(sql);
      for (const shadow of SHADOWS) {
        db.exec(`DELETE FROM main.${table}_${shadow}`);
        db.exec(`INSERT INTO main.${table}_${shadow} SELECT * FROM ${PREBUILT_SCHEMA}.${table}_${shadow}`);
      }
      const putConfig = db.prepare(`INSERT OR REPLACE INTO main.${table}_config (k, v) VALUES (?, ?)`);
      for (const row of config) putConfig.run(row.k, row.v);
    }
  } finally {
    db.unsafeMode(false);
  }
}
