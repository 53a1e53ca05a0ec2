/**
 * Filling the timeline (`events`) and the search indexes (`events_fts`, and `events_fts_stems` with each text's
 * words and their stems) set-wise for many new rows at once.
 *
 * The schema's five insert triggers (created by db/migrations/001_initial.sql, rewritten by 003_search_stems.sql:
 * phase_entries_index_insert, field_notes_index_insert, dialogues_index_insert, dialogue_turns_index_insert,
 * reflections_index_insert) index
 * every new row as it is inserted. That is right for the app's single writes, but for a bulk write it is slow:
 * FTS5 flushes its pending data at the end of every statement, so a trigger per row costs a flush per row.
 *
 * beginIndexFill, inside the caller's transaction, drops those five triggers and notes the last rowid of each
 * indexed table; the caller then inserts its rows (updates and deletes still fire their own triggers); finish()
 * adds, with one INSERT … SELECT per kind and table, exactly what the triggers would have added for the rows
 * inserted since (rowid above the mark, not in the trash), in the order the triggers would have added them, and
 * recreates the triggers from their stored SQL. A failure anywhere rolls the caller's transaction back, and the
 * dropped triggers with it. The fill is used only when the stored triggers are exactly the ones it mirrors.
 */
import { createHash } from 'node:crypto';
import type { Db } from './connection.js';
import { adoptPrebuiltIndex, PREBUILT_SCHEMA } from './index-prebuilt.js';
import { pauseSyncOutbox } from './sync-outbox-pause.js';
import { pauseTimelineCounts } from './timeline-counts.js';

/** The schema's triggers that index a new row, in the order the fill adds their kinds. */
export const INDEX_INSERT_TRIGGERS = [
  'phase_entries_index_insert',
  'field_notes_index_insert',
  'dialogues_index_insert',
  'dialogue_turns_index_insert',
  'reflections_index_insert',
] as const;

/**
 * SHA-256 of the five triggers' SQL as 003_search_stems.sql creates them (in INDEX_INSERT_TRIGGERS order,
 * whitespace collapsed). If a later migration changes one of them, the fill no longer mirrors it and is not used
 * (test/db/index-fill.test.ts checks that a freshly migrated journal matches).
 */
const KNOWN_TRIGGERS_SHA256 = 'df9e17419256298dae1c7e7298d820d72c96ad8e4d2598f5fe67ddc523b1e288';

/** Above this rowid SQLite may pick rowids at random, so "rowid above the mark" would not mean "new". */
const MAX_SAFE_MARK = 2 ** 52;

interface Kind {
  table: string;
  /** The entity type its events carry. */
  type: string;
  events: string;
  fts: string;
  /** The same rows' text for events_fts_stems, through withness_stems (db/stems.ts) as the trigger does. */
  stems: string;
}

const join = (type: string) => `JOIN events e ON e.entity_type = '${type}' AND e.entity_id = x.id`;

/** What each insert trigger computes, for every row inserted since the mark (`?`). */
const KINDS: readonly Kind[] = [
  {
    table: 'phase_entries',
    type: 'phase_entry',
    events: `SELECT 'phase_entry', id, project_id, cycle_id, phase, occurred_at FROM phase_entries WHERE rowid > ? AND deleted_at IS NULL ORDER BY rowid`,
    fts: `SELECT e.doc_id, x.author, x.body FROM phase_entries x ${join('phase_entry')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
    stems: `SELECT e.doc_id, withness_stems(x.author), withness_stems(x.body) FROM phase_entries x ${join('phase_entry')}
            WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
  },
  {
    table: 'field_notes',
    type: 'field_note',
    events: `SELECT 'field_note', id, project_id, cycle_id, phase, occurred_at FROM field_notes WHERE rowid > ? AND deleted_at IS NULL ORDER BY rowid`,
    fts: `SELECT e.doc_id, x.title || ' ' || x.place, x.body FROM field_notes x ${join('field_note')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
    stems: `SELECT e.doc_id, withness_stems(x.title || ' ' || x.place), withness_stems(x.body) FROM field_notes x ${join('field_note')}
            WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
  },
  {
    table: 'dialogues',
    type: 'dialogue',
    events: `SELECT 'dialogue', id, project_id, cycle_id, phase, occurred_at FROM dialogues WHERE rowid > ? AND deleted_at IS NULL ORDER BY rowid`,
    fts: `SELECT e.doc_id, x.title || ' ' || x.place, x.summary || char(10) || x.decisions || char(10) || x.follow_ups
          FROM dialogues x ${join('dialogue')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
    stems: `SELECT e.doc_id, withness_stems(x.title || ' ' || x.place), withness_stems(x.summary || char(10) || x.decisions || char(10) || x.follow_ups)
            FROM dialogues x ${join('dialogue')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
  },
  {
    // A turn stands at its dialogue's cycle, phase and time; without its dialogue it is not indexed (as the trigger).
    table: 'dialogue_turns',
    type: 'turn',
    events: `SELECT 'turn', t.id, t.project_id, d.cycle_id, d.phase, d.occurred_at FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
             WHERE t.rowid > ? AND t.deleted_at IS NULL ORDER BY t.rowid`,
    fts: `SELECT e.doc_id, '', x.text FROM dialogue_turns x ${join('turn')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
    stems: `SELECT e.doc_id, '', withness_stems(x.text) FROM dialogue_turns x ${join('turn')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
  },
  {
    table: 'reflections',
    type: 'reflection',
    events: `SELECT 'reflection', id, project_id, cycle_id, phase, written_at FROM reflections WHERE rowid > ? AND deleted_at IS NULL ORDER BY rowid`,
    fts: `SELECT e.doc_id, x.title, x.body FROM reflections x ${join('reflection')} WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
    stems: `SELECT e.doc_id, withness_stems(x.title), withness_stems(x.body) FROM reflections x ${join('reflection')}
            WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
  },
];

/** A kind's new events, with the doc ids the index built aside gave them; throws when one has none. */
function insertPrebuiltEvents(db: Db, kind: Kind, mark: number): number {
  const changes = db
    .prepare(
      `WITH q (entity_type, entity_id, project_id, cycle_id, phase, occurred_at) AS (${kind.events})
       INSERT INTO events (doc_id, entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
       SELECT m.doc_id, q.* FROM q JOIN ${PREBUILT_SCHEMA}.index_docs m ON m.entity_type = q.entity_type AND m.entity_id = q.entity_id ORDER BY m.doc_id`,
    )
    .run(mark).changes;
  const wanted = db.prepare(`SELECT count(*) FROM (${kind.events})`).pluck().get(mark) as number;
  if (changes !== wanted) throw new Error(`${wanted - changes} new ${kind.table} rows have no place in the index built aside; nothing was indexed.`);
  return changes;
}

interface Stored {
  name: string;
  sql: string;
}

function storedTriggers(db: Db): Stored[] {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (${INDEX_INSERT_TRIGGERS.map(() => '?').join(', ')})`)
    .all(...INDEX_INSERT_TRIGGERS) as Stored[];
  const byName = new Map(rows.map((row) => [row.name, row]));
  return INDEX_INSERT_TRIGGERS.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
}

/** The digest KNOWN_TRIGGERS_SHA256 is compared with. */
export function insertTriggersDigest(db: Db): string {
  const text = storedTriggers(db)
    .map((trigger) => trigger.sql.replace(/\s+/g, ' ').trim())
    .join('\n');
  return createHash('sha256').update(text).digest('hex');
}

/** Whether this journal's insert triggers are the five the fill mirrors, unchanged. */
export function indexFillApplies(db: Db): boolean {
  return storedTriggers(db).length === INDEX_INSERT_TRIGGERS.length && insertTriggersDigest(db) === KNOWN_TRIGGERS_SHA256;
}

export interface IndexFill {
  /** Indexes the rows inserted since beginIndexFill and recreates the triggers; returns the events it added. */
  finish(): number;
  /**
   * With `precomputedStems`: the temporary table the caller fills with each new event's stems text, one row per
   * event: (entity_type, entity_id, title, body), each column exactly `indexedStems(...)` of what the trigger would
   * stem (db/stems.ts). finish() takes the stems table's text from there instead of calling withness_stems.
   */
  stemsTable?: string;
}

export interface IndexFillOptions {
  /**
   * The caller supplies the stems text (see IndexFill.stemsTable), e.g. computed in a worker thread while this thread
   * writes: stemming is the costliest part of a bulk fill. finish() refuses to commit an event without its stems.
   */
  precomputedStems?: boolean;
  /**
   * The two FTS5 tables were built aside, in the scratch file attached as PREBUILT_SCHEMA (db/index-prebuilt.ts),
   * with a doc id for every new event: finish() gives the events those ids and copies the index in.
   */
  prebuilt?: boolean;
}

const STEMS_TABLE = 'temp.index_fill_stems';

/**
 * Inside a transaction: drops the five insert triggers and marks where each indexed table ends. Returns undefined
 * (dropping nothing) when the fill does not apply (see indexFillApplies, and rowids near SQLite's limit): the
 * caller then lets the triggers index its rows one by one.
 */
export function beginIndexFill(db: Db, options: IndexFillOptions = {}): IndexFill | undefined {
  if (!db.inTransaction) throw new Error('beginIndexFill must run inside a transaction (its triggers are dropped and put back in it).');
  if (!indexFillApplies(db)) return undefined;
  const marks = KINDS.map((kind) => (db.prepare(`SELECT max(rowid) FROM ${kind.table}`).pluck().get() as number | null) ?? 0);
  if (marks.some((mark) => mark > MAX_SAFE_MARK)) return undefined;
  const triggers = storedTriggers(db);
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  // The timeline's per-day counts (migration 008) are counted again set-wise at the end instead of row by row.
  const counts = pauseTimelineCounts(db);
  // Unlinked, the team-sync outbox triggers write nothing, yet each gives every row's INSERT a statement journal
  // (db/sync-outbox-pause.ts): most of the CPU a bulk build spent since migration 007.
  const outbox = pauseSyncOutbox(db);
  if (options.precomputedStems) {
    db.exec(`DROP TABLE IF EXISTS ${STEMS_TABLE}`);
    db.exec(`CREATE TABLE ${STEMS_TABLE} (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (entity_type, entity_id))`);
  }
  let finished = false;
  return {
    ...(options.precomputedStems ? { stemsTable: STEMS_TABLE } : {}),
    finish() {
      if (finished) throw new Error('This index fill is already finished.');
      finished = true;
      if (!db.inTransaction) throw new Error('The transaction of this index fill has ended; nothing was indexed.');
      let added = 0;
      KINDS.forEach((kind, index) => {
        const events = options.prebuilt
          ? insertPrebuiltEvents(db, kind, marks[index]!)
          : db.prepare(`INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at) ${kind.events}`).run(marks[index]).changes;
        added += events;
        if (options.prebuilt) return;
        db.prepare(`INSERT INTO events_fts (rowid, title, body) ${kind.fts}`).run(marks[index]);
        if (options.precomputedStems) {
          const stems = db
            .prepare(
              `INSERT INTO events_fts_stems (rowid, title, body) SELECT e.doc_id, p.title, p.body FROM ${kind.table} x ${join(kind.type)}
               JOIN ${STEMS_TABLE} p ON p.entity_type = '${kind.type}' AND p.entity_id = x.id WHERE x.rowid > ? AND x.deleted_at IS NULL ORDER BY e.doc_id`,
            )
            .run(marks[index]).changes;
          if (stems !== events) throw new Error(`The stems of ${events - stems} new ${kind.table} rows were not supplied; nothing was indexed.`);
        } else {
          db.prepare(`INSERT INTO events_fts_stems (rowid, title, body) ${kind.stems}`).run(marks[index]);
        }
      });
      if (options.prebuilt) {
        adoptPrebuiltIndex(db, added);
      }
      if (options.precomputedStems) db.exec(`DROP TABLE ${STEMS_TABLE}`);
      for (const trigger of triggers) db.exec(trigger.sql);
      counts?.finish();
      outbox?.finish();
      return added;
    },
  };
}
