/**
 * The timeline's per-day counts (migration 008: timeline_counts by day, kind, cycle, phase and sector set, and
 * timeline_day_counts by day and kind). Triggers keep them in step with every write. A bulk write into a journal
 * with no events yet (a new corpus, a bundle imported into an empty journal) goes through the set-wise index fill
 * (db/index-fill.ts), which pauses those triggers and counts everything set-wise before its transaction commits:
 * far cheaper than a trigger per row. Into a journal that already holds events (a merge import, a team sync page)
 * the triggers keep counting row by row, so the cost follows the rows written, not the size of the journal.
 */
import type { Db } from './connection.js';

/** The sector bits of `timeline_counts.sectors`, in the order of SECTORS (db/repositories/timeline.ts). */
export const SECTOR_BITS = { public: 1, private: 2, voluntary: 4, citizen: 8, researcher: 16, other: 32 } as const;

const BIT = `CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END`;

/** Each event's sector set as the triggers compute it, for `events e`. */
const EVENT_SECTORS = `CASE e.entity_type
      WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT ${BIT}), 0)
        FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = e.entity_id AND s.deleted_at IS NULL)
      WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT ${BIT}), 0)
        FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = e.entity_id AND s.deleted_at IS NULL)
      WHEN 'turn' THEN coalesce((SELECT ${BIT}
        FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = e.entity_id AND s.deleted_at IS NULL), 0)
      ELSE 0 END`;

/** Every event counted with its sector set worked out from who it involves (before migration 011). */
const RECOUNT_SQL = `
  INSERT INTO timeline_counts (project_id, day, entity_type, cycle_id, phase, sectors, n)
  SELECT e.project_id, unixepoch(substr(e.occurred_at, 1, 10)) / 86400, e.entity_type, coalesce(e.cycle_id, ''), coalesce(e.phase, ''),
    ${EVENT_SECTORS},
    count(*)
  FROM events e GROUP BY 1, 2, 3, 4, 5, 6`;

function countsExist(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'timeline_counts'`).get() !== undefined;
}

/** Migration 011 keeps each event's sector set on its row (events.sectors). */
export function eventSectorsExist(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM pragma_table_info('events') WHERE name = 'sectors'`).get() !== undefined;
}

/**
 * Sets events.sectors again for every event whose set differs (each set worked out once, only changed rows written),
 * then counts from the column: the per-event subqueries run once, not once for the column and again for the counts.
 */
const RESET_SECTORS_SQL = `
  UPDATE events SET sectors = v.s
  FROM (SELECT e.doc_id, ${EVENT_SECTORS} AS s FROM events e WHERE e.entity_type IN ('field_note', 'dialogue', 'turn')) v
  WHERE events.doc_id = v.doc_id AND events.sectors <> v.s`;

const COUNT_FROM_COLUMN_SQL = `
  INSERT INTO timeline_counts (project_id, day, entity_type, cycle_id, phase, sectors, n)
  SELECT e.project_id, unixepoch(substr(e.occurred_at, 1, 10)) / 86400, e.entity_type, coalesce(e.cycle_id, ''), coalesce(e.phase, ''), e.sectors, count(*)
  FROM events e GROUP BY 1, 2, 3, 4, 5, 6`;

/** Sets every event's sector set (events.sectors, migration 011) again from who it involves. */
export function recountEventSectors(db: Db): void {
  db.exec(`UPDATE events SET sectors = 0 WHERE sectors <> 0 AND entity_type NOT IN ('field_note', 'dialogue', 'turn')`);
  db.exec(RESET_SECTORS_SQL);
}

/** Counts every event again from the events table and who is involved (the same sums the triggers keep). */
export function recountTimeline(db: Db): void {
  db.exec('DELETE FROM timeline_counts; DELETE FROM timeline_day_counts;');
  if (eventSectorsExist(db)) {
    recountEventSectors(db);
    db.exec(COUNT_FROM_COLUMN_SQL);
  } else {
    db.exec(RECOUNT_SQL);
  }
  db.exec(`INSERT INTO timeline_day_counts (project_id, day, entity_type, n)
           SELECT project_id, day, entity_type, sum(n) FROM timeline_counts GROUP BY 1, 2, 3`);
}

export interface CountsPause {
  /** Counts everything again and puts the triggers back (in the caller's transaction). */
  finish(): void;
}

/**
 * Inside the caller's transaction: when the journal holds no events yet, drops the triggers that keep the counts, so
 * a bulk write doesn't pay one per row; finish() recounts and recreates them from their stored SQL, and a failure
 * rolls all of it back with the caller. Otherwise (and before migration 008) undefined: the triggers stay.
 */
export function pauseTimelineCounts(db: Db): CountsPause | undefined {
  if (!countsExist(db)) return undefined;
  // Counting everything again costs about 3 µs an event of the whole journal; the triggers cost more per row but
  // only for the rows written. Starting from no events, the recount counts only what this write adds.
  if (db.prepare(`SELECT 1 FROM events LIMIT 1`).get() !== undefined) return undefined;
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'timeline\\_counts\\_%' ESCAPE '\\' AND name <> 'timeline_counts_apply' ORDER BY name`)
    .all() as { name: string; sql: string }[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  return {
    finish() {
      recountTimeline(db);
      for (const trigger of triggers) db.exec(trigger.sql);
    },
  };
}
