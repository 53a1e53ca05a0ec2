/**
 * The team-sync outbox triggers (migration 007) during a set-wise bulk write (db/index-fill.ts).
 *
 * Their WHEN clause keeps an unlinked journal's writes out of sync_outbox, but a trigger's mere presence costs far
 * more than its body: SQLite gives every statement on a table with a trigger (and NOT NULL/CHECK/FOREIGN KEY
 * constraints, as all of ours have) a statement journal once a transaction is open, so each single-row INSERT of a
 * bulk write copies every page it touches into the in-memory sub-journal. Measured on a generated inquiry (20% of
 * the large one): prompt_links 6.6 → 47 µs a row, dialogue_turns 5.2 → 28, dialogue_participants 3.3 → 24.
 *
 * So while nothing in the journal is linked to a team server, the fill drops them and puts them back from their
 * stored SQL before its transaction commits; they would have written nothing. A journal with a link (a team sync
 * page, an import beside a linked inquiry) keeps them.
 */
import type { Db } from './connection.js';

export interface OutboxPause {
  /** Puts the triggers back (in the caller's transaction); refuses if a link was made meanwhile. */
  finish(): void;
}

function hasLinks(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sync_links LIMIT 1`).get() !== undefined;
}

/** Inside the caller's transaction: undefined (nothing dropped) before migration 007 or when any inquiry is linked. */
export function pauseSyncOutbox(db: Db): OutboxPause | undefined {
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_links'`).get() === undefined) return undefined;
  if (hasLinks(db)) return undefined;
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_outbox\\_%' ESCAPE '\\' ORDER BY rowid`)
    .all() as { name: string; sql: string }[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  return {
    finish() {
      // Rows written while the triggers were away are in no outbox: a link made meanwhile would never send them.
      if (hasLinks(db)) throw new Error('An inquiry was linked to a team server during a bulk write; nothing was written.');
      for (const trigger of triggers) db.exec(trigger.sql);
    },
  };
}
