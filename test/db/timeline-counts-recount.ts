import { expect } from 'vitest';
import type { Db } from '../../db/connection.js';

/**
 * The timeline's counts worked out again the slow way, from the base tables (not from `events` or the triggers):
 * every live note, dialogue, phase entry and reflection, and every live turn at its dialogue's time, cycle and
 * phase, with the set of sectors of the live stakeholders it involves.
 */
const BITS: Record<string, number> = { public: 1, private: 2, voluntary: 4, citizen: 8, researcher: 16, other: 32 };
const DAY = 86_400_000;

interface Row {
  id: string;
  project_id: string;
  at: string;
  cycle_id: string | null;
  phase: string | null;
}

export function recountFromBaseTables(db: Db): { fine: Record<string, number>; byDay: Record<string, number>; events: Record<string, number> } {
  const live = new Map(
    (db.prepare(`SELECT id, sector FROM stakeholders WHERE deleted_at IS NULL`).all() as { id: string; sector: string }[]).map((s) => [s.id, BITS[s.sector]!]),
  );
  const setOf = (sql: string) => {
    const sets = new Map<string, number>();
    for (const link of db.prepare(sql).all() as { owner: string; who: string | null }[]) {
      const bit = link.who ? (live.get(link.who) ?? 0) : 0;
      sets.set(link.owner, (sets.get(link.owner) ?? 0) | bit);
    }
    return sets;
  };
  const noteSets = setOf(`SELECT note_id AS owner, stakeholder_id AS who FROM field_note_stakeholders`);
  const dialogueSets = setOf(`SELECT dialogue_id AS owner, stakeholder_id AS who FROM dialogue_participants`);
  const turnSets = setOf(`SELECT id AS owner, speaker_id AS who FROM dialogue_turns`);
  const kinds: [string, string, Map<string, number> | null][] = [
    ['field_note', `SELECT id, project_id, occurred_at AS at, cycle_id, phase FROM field_notes WHERE deleted_at IS NULL`, noteSets],
    ['dialogue', `SELECT id, project_id, occurred_at AS at, cycle_id, phase FROM dialogues WHERE deleted_at IS NULL`, dialogueSets],
    [
      'turn',
      `SELECT t.id, t.project_id, d.occurred_at AS at, d.cycle_id, d.phase FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id WHERE t.deleted_at IS NULL`,
      turnSets,
    ],
    ['phase_entry', `SELECT id, project_id, occurred_at AS at, cycle_id, phase FROM phase_entries WHERE deleted_at IS NULL`, null],
    ['reflection', `SELECT id, project_id, written_at AS at, cycle_id, phase FROM reflections WHERE deleted_at IS NULL`, null],
  ];
  const fine: Record<string, number> = {};
  const byDay: Record<string, number> = {};
  const events: Record<string, number> = {};
  for (const [type, sql, sets] of kinds) {
    for (const row of db.prepare(sql).all() as Row[]) {
      const day = Math.floor(Date.parse(`${row.at.slice(0, 10)}T00:00:00.000Z`) / DAY);
      events[`${type}:${row.id}`] = sets?.get(row.id) ?? 0;
      const key = [row.project_id, day, type, row.cycle_id ?? '', row.phase ?? '', sets?.get(row.id) ?? 0].join('|');
      fine[key] = (fine[key] ?? 0) + 1;
      const dayKey = [row.project_id, day, type].join('|');
      byDay[dayKey] = (byDay[dayKey] ?? 0) + 1;
    }
  }
  return { fine, byDay, events };
}

/** Each event's stored sector set (events.sectors, migration 011) by type:id; undefined before that migration. */
export function storedEventSectors(db: Db): Record<string, number> | undefined {
  if (db.prepare(`SELECT 1 FROM pragma_table_info('events') WHERE name = 'sectors'`).get() === undefined) return undefined;
  const sets: Record<string, number> = {};
  for (const row of db.prepare(`SELECT entity_type, entity_id, sectors FROM events`).raw().all() as [string, string, number][]) sets[`${row[0]}:${row[1]}`] = row[2];
  return sets;
}

export function storedCounts(db: Db): { fine: Record<string, number>; byDay: Record<string, number> } {
  const fine: Record<string, number> = {};
  for (const row of db.prepare(`SELECT project_id, day, entity_type, cycle_id, phase, sectors, n FROM timeline_counts`).raw().all() as unknown[][]) {
    fine[row.slice(0, 6).join('|')] = row[6] as number;
  }
  const byDay: Record<string, number> = {};
  for (const row of db.prepare(`SELECT project_id, day, entity_type, n FROM timeline_day_counts`).raw().all() as unknown[][]) {
    byDay[row.slice(0, 3).join('|')] = row[3] as number;
  }
  return { fine, byDay };
}

/** The stored counts equal the recount (no row missing, none extra, none at zero), and so does each event's sector set. */
export function expectCountsMatch(db: Db, message = ''): void {
  const expected = recountFromBaseTables(db);
  const stored = storedCounts(db);
  expect(stored.fine, `timeline_counts ${message}`).toEqual(expected.fine);
  expect(stored.byDay, `timeline_day_counts ${message}`).toEqual(expected.byDay);
  const sectors = storedEventSectors(db);
  if (sectors) expect(sectors, `events.sectors ${message}`).toEqual(expected.events);
}
