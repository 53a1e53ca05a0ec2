import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreIntoOpenJournal } from '../../db/backup.js';
import type { Db } from '../../db/connection.js';
import { generateInquiry } from '../../db/generate/generate.js';
import { newId } from '../../db/ids.js';
import { addTurn, createDialogue, setParticipants, trashDialogue, updateDialogue, updateTurn } from '../../db/repositories/dialogues.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createNote, trashNote, updateNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { updateStakeholder } from '../../db/repositories/stakeholders.js';
import { timelineWindow, type WindowQuery } from '../../db/repositories/timeline.js';
import { listTrash, restoreTrashGroup } from '../../db/repositories/trash.js';
import { beginIndexFill } from '../../db/index-fill.js';
import { recountTimeline } from '../../db/timeline-counts.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { seedWithdrawal } from '../electron/erasure/seed.js';
import { tempDatabase } from '../helpers/temp.js';
import { expectCountsMatch, storedCounts } from './timeline-counts-recount.js';
import { seedTimeline, timelineSeeder } from './timeline-seed.js';

/**
 * Migration 008's per-day counts against a recount from the base tables after every kind of write, and the
 * timeline read from the counts against the same read event by event.
 */

/** 008's twelve count triggers and 011's ten that keep events.sectors (all paused together by the set-wise fill). */
const COUNT_TRIGGERS = 22;

function generated(seed = 3): { db: Db; project: string } {
  const { db } = tempDatabase();
  const result = generateInquiry(db, { scale: 'small', seed });
  return { db, project: result.project_id };
}

/** Windows with edges inside days and on midnight, open ends, every countable filter, both lanes, density forced. */
function queries(db: Db, project: string): WindowQuery[] {
  const cycles = db.prepare(`SELECT id FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal`).pluck().all(project) as string[];
  const ends = db.prepare(`SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM events WHERE project_id = ?`).get(project) as { first: string; last: string };
  const firstMs = Date.parse(ends.first);
  const at = (days: number, hours = 0) => new Date(Math.floor(firstMs / 86_400_000) * 86_400_000 + days * 86_400_000 + hours * 3_600_000).toISOString();
  const windows: Pick<WindowQuery, 'from' | 'to'>[] = [{}, { from: at(20), to: at(50) }, { from: at(20, 7.5), to: at(80, 13.25) }, { from: at(33, 2) }, { to: at(40, 23) }, { from: at(60, 1), to: at(60, 20) }];
  const filters: WindowQuery['filters'][] = [
    undefined,
    { types: ['field_note', 'turn'] },
    { phases: ['act', 'observe'] },
    { cycle_ids: cycles.slice(0, 2) },
    { sectors: ['citizen', 'voluntary'] },
    { phases: ['act', 'observe'], types: ['field_note', 'turn', 'reflection'], sectors: ['citizen', 'voluntary'] },
    { text: '   ' },
  ];
  const out: WindowQuery[] = [];
  for (const window of windows) {
    for (const f of filters) {
      for (const lanes of ['type', 'sector'] as const) {
        for (const buckets of [7, 40, 250]) out.push({ project_id: project, ...window, ...(f ? { filters: f } : {}), limit: 3, buckets, lanes });
      }
      out.push({ project_id: project, ...window, ...(f ? { filters: f } : {}), limit: 50 });
    }
  }
  return out;
}

function expectSameWindows(db: Db, project: string): void {
  for (const query of queries(db, project)) {
    const fromCounts = timelineWindow(db, query);
    // Event by event, each event's sectors read from its links rather than its row.
    const eventByEvent = timelineWindow(db, query, { counts: false, sectorColumn: false });
    expect(fromCounts, JSON.stringify(query)).toEqual(eventByEvent);
    expect(timelineWindow(db, query, { counts: false }), JSON.stringify(query)).toEqual(eventByEvent);
  }
}

describe('timeline counts after generator ingest (set-wise fill)', () => {
  it('match a recount from the base tables, and the windows read from them match the windows counted event by event', () => {
    const { db, project } = generated();
    expect(db.prepare(`SELECT sum(n) FROM timeline_counts`).pluck().get()).toBe(db.prepare(`SELECT count(*) FROM events`).pluck().get());
    expectCountsMatch(db, 'after generate');
    // The fill put the count triggers back: a single write is counted again.
    const triggers = db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'timeline_counts_%'`).pluck().get();
    expect(triggers).toBe(COUNT_TRIGGERS);
    expectSameWindows(db, project);
    // A density window over the whole inquiry is whole days and sums to the total.
    const whole = timelineWindow(db, { project_id: project, limit: 10, buckets: 50 });
    expect(whole.density!.lanes.reduce((sum, lane) => sum + lane.counts.reduce((a, b) => a + b, 0), 0)).toBe(whole.total);
    expect(whole.density!.bucket_ms % 86_400_000).toBe(0);
  });

  it('a medium journal of three generated inquiries (the first recounted at the end of its fill, the others counted by the triggers) matches the recount', () => {
    const { db } = tempDatabase();
    const projects = [6, 7, 8].map((seed) => generateInquiry(db, { scale: 'small', seed }).project_id);
    expect(db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBeGreaterThan(6000);
    expectCountsMatch(db, 'after three generations');
    expect(new Set((db.prepare(`SELECT DISTINCT project_id FROM timeline_counts`).pluck().all() as string[]))).toEqual(new Set(projects));
    expectSameWindows(db, projects[1]!);
  });

  it('are rebuilt exactly by recountTimeline (the fill and the migration use the same sums)', () => {
    const { db } = generated(5);
    const before = storedCounts(db);
    db.exec(`UPDATE timeline_counts SET n = n + 1 WHERE day % 2 = 0`);
    db.exec(`DELETE FROM timeline_counts WHERE day % 3 = 0`);
    recountTimeline(db);
    expect(storedCounts(db)).toEqual(before);
  });
});

describe('timeline counts after bundle import and backup restore', () => {
  it('an imported bundle (set-wise fill into an empty journal and again as a merge) is counted as a recount says', async () => {
    const { db, project } = generated(4);
    const exported = await dispatch(db, 'exchange:bundleExport', { project_id: project, passphrase: 'counts test passphrase' });
    expect(exported.ok).toBe(true);
    const data = (exported as { value: { data_base64: string } }).value.data_base64;
    const { db: target } = tempDatabase();
    const s = seedTimeline(target);
    const imported = await dispatch(target, 'exchange:bundleImport', { file_name: 'x.withness', data_base64: data, passphrase: 'counts test passphrase' });
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    expectCountsMatch(target, 'after import');
    expect(storedCounts(target).byDay).toMatchObject(Object.fromEntries(Object.entries(storedCounts(db).byDay)));
    // Importing it again (into the journal that holds it) leaves the counts right too.
    const again = await dispatch(target, 'exchange:bundleImport', { file_name: 'x.withness', data_base64: data, passphrase: 'counts test passphrase' });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    expectCountsMatch(target, 'after a second import');
    // Into a journal that held events the fill left the count triggers in place (they counted row by row).
    expect(target.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'timeline_counts_%'`).pluck().get()).toBe(COUNT_TRIGGERS);
    expectSameWindows(target, project);
    expectSameWindows(target, s.project);
  });

  it('a restored backup brings its own counts back, matching its rows', async () => {
    const { db } = tempDatabase();
    const s = seedTimeline(db);
    const before = storedCounts(db);
    const backup = await createBackup(db, 'manual');
    const seeder = timelineSeeder(db, s.project);
    for (let i = 0; i < 20; i++) seeder.note(`2025-10-${String(1 + i).padStart(2, '0')}T10:00:00.000Z`, { stakeholders: [s.stakeholders.karen] });
    updateStakeholder(db, s.stakeholders.bo, { sector: 'private' });
    expect(storedCounts(db)).not.toEqual(before);
    expectCountsMatch(db, 'before restore');
    await restoreIntoOpenJournal(db, backup);
    expect(storedCounts(db)).toEqual(before);
    expectCountsMatch(db, 'after restore');
  });
});

describe('timeline counts through the set-wise index fill with other writes in it (as a team sync page applies)', () => {
  function mixedWrites(db: Db, project: string, people: string[], existingNote?: string, existingTurn?: string) {
    const seeder = timelineSeeder(db, project);
    db.transaction(() => {
      const fill = beginIndexFill(db)!;
      expect(fill).toBeDefined();
      const dialogue = seeder.dialogue('2025-10-02T10:00:00.000Z', { participants: people.slice(0, 2), phase: 'act' });
      seeder.turn(dialogue, 1, 'new turn', people[2]!);
      const fresh = seeder.note('2025-10-03T23:30:00.000Z', { stakeholders: [people[0]!] });
      db.prepare(`INSERT INTO field_note_stakeholders VALUES (?, ?)`).run(fresh, people[1]);
      if (existingNote) {
        db.prepare(`UPDATE field_notes SET occurred_at = '2025-10-04T01:00:00.000Z', phase = 'reflect' WHERE id = ?`).run(existingNote);
        db.prepare(`DELETE FROM field_note_stakeholders WHERE note_id = ?`).run(existingNote);
        db.prepare(`INSERT INTO field_note_stakeholders VALUES (?, ?)`).run(existingNote, people[2]);
      }
      if (existingTurn) db.prepare(`DELETE FROM dialogue_turns WHERE id = ?`).run(existingTurn);
      db.prepare(`UPDATE stakeholders SET sector = 'other' WHERE id = ?`).run(people[1]);
      fill.finish();
    })();
  }

  it('into a journal that holds events (triggers keep counting) and into one that holds none (recount at the end)', () => {
    const { db } = tempDatabase();
    const s = seedTimeline(db);
    const people = [s.stakeholders.karen, s.stakeholders.mette, s.stakeholders.bo];
    mixedWrites(db, s.project, people, s.events.note1, s.events.turn1);
    expectCountsMatch(db, 'fill into a journal with events');
    const { db: empty } = tempDatabase();
    const project = createProject(empty, { title: 'Empty' }).id;
    const seeder = timelineSeeder(empty, project);
    mixedWrites(empty, project, [seeder.stakeholder('A', 'citizen'), seeder.stakeholder('B', 'public'), seeder.stakeholder('C', 'private')]);
    expectCountsMatch(empty, 'fill into a journal without events');
    expect(empty.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'timeline_counts_%'`).pluck().get()).toBe(COUNT_TRIGGERS);
  });
});

describe('timeline counts follow single writes', () => {
  it('trash and restore of notes, dialogues (with their turns), turns and stakeholders', () => {
    const { db } = tempDatabase();
    const s = seedTimeline(db);
    expectCountsMatch(db, 'seeded');
    trashNote(db, s.events.note1);
    expectCountsMatch(db, 'note trashed');
    trashDialogue(db, s.events.dialogue);
    expectCountsMatch(db, 'dialogue trashed');
    trashEntity(db, 'turn', s.events.turn3);
    expectCountsMatch(db, 'turn trashed');
    trashEntity(db, 'stakeholder', s.stakeholders.karen);
    expectCountsMatch(db, 'stakeholder trashed');
    for (const item of listTrash(db, s.project)) {
      if (listTrash(db, s.project).some((left) => left.id === item.id)) restoreTrashGroup(db, item.id);
      expectCountsMatch(db, `restored ${item.entity_type}`);
    }
    expect(listTrash(db, s.project)).toEqual([]);
  });

  it("edits that move an event's day, cycle or phase, its people, a turn's speaker and a stakeholder's sector", () => {
    const { db } = tempDatabase();
    const s = seedTimeline(db);
    const { karen, mette, bo } = s.stakeholders;
    updateNote(db, s.events.note1, { occurred_at: '2025-11-20T23:59:59.999Z', cycle_id: s.cycles.cycle2, phase: 'reflect' });
    expectCountsMatch(db, 'note moved');
    updateNote(db, s.events.note1, { stakeholder_ids: [mette] });
    expectCountsMatch(db, 'note people changed');
    updateDialogue(db, s.events.dialogue, { occurred_at: '2025-10-01T00:00:00.000Z', phase: 'observe', cycle_id: null });
    expectCountsMatch(db, 'dialogue (and its turns) moved');
    setParticipants(db, s.events.dialogue, [bo]);
    expectCountsMatch(db, 'participants changed');
    updateTurn(db, s.events.turn1, { speaker_id: mette });
    expectCountsMatch(db, 'speaker changed');
    updateTurn(db, s.events.turn2, { speaker_id: null });
    expectCountsMatch(db, 'speaker removed');
    updateStakeholder(db, karen, { sector: 'researcher' });
    expectCountsMatch(db, 'sector changed');
    const note = createNote(db, { project_id: s.project, title: 'New', body: '', occurred_at: '2025-09-05T23:00:00.000Z', stakeholder_ids: [karen, bo] });
    const dialogue = createDialogue(db, { project_id: s.project, kind: 'meeting', title: 'Meeting', occurred_at: '2025-09-05T01:00:00.000Z' }, [karen, mette]);
    addTurn(db, s.project, { dialogue_id: dialogue.id, speaker_id: bo, text: 'Hello' });
    expectCountsMatch(db, 'created with people');
    updateNote(db, note.id, { occurred_at: '2025-09-06T00:00:00.000Z' });
    expectCountsMatch(db, 'note moved over midnight');
  });

  it('erasure of a stakeholder (erase and anonymise) leaves the counts as a recount says', async () => {
    for (const mode of ['erase', 'anonymise'] as const) {
      const { db } = tempDatabase();
      const seeded = seedWithdrawal(db);
      expectCountsMatch(db, 'seeded');
      const done = await dispatch(db, 'erasure:withdraw', { stakeholder_id: seeded.personId, mode, confirm: true });
      expect(done.ok, JSON.stringify(done)).toBe(true);
      expectCountsMatch(db, `after ${mode}`);
    }
  });
});

describe('timeline counts under random writes (property)', () => {
  const SECTORS = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'] as const;
  const PHASES = [null, 'plan', 'act', 'observe', 'reflect'] as const;
  const time = fc.integer({ min: 0, max: 20 * 24 * 4 - 1 }).map((quarter) => new Date(Date.parse('2025-03-01T00:00:00.000Z') + quarter * 6 * 3_600_000 + 59_999).toISOString());
  const pick = fc.nat();
  const op = fc.oneof(
    fc.record({ kind: fc.constant('note' as const), at: time, phase: fc.constantFrom(...PHASES), cycle: pick, people: fc.array(pick, { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('dialogue' as const), at: time, phase: fc.constantFrom(...PHASES), people: fc.array(pick, { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('turn' as const), dialogue: pick, speaker: fc.option(pick) }),
    fc.record({ kind: fc.constant('reflection' as const), at: time, phase: fc.constantFrom(...PHASES) }),
    fc.record({ kind: fc.constant('moveNote' as const), note: pick, at: time, phase: fc.constantFrom(...PHASES), cycle: pick }),
    fc.record({ kind: fc.constant('moveDialogue' as const), dialogue: pick, at: time, phase: fc.constantFrom(...PHASES) }),
    fc.record({ kind: fc.constant('link' as const), note: pick, person: pick, on: fc.boolean() }),
    fc.record({ kind: fc.constant('participant' as const), dialogue: pick, person: pick, on: fc.boolean() }),
    fc.record({ kind: fc.constant('speaker' as const), turn: pick, speaker: fc.option(pick) }),
    fc.record({ kind: fc.constant('sector' as const), person: pick, sector: fc.constantFrom(...SECTORS) }),
    fc.record({ kind: fc.constant('trash' as const), table: fc.constantFrom('field_notes', 'dialogues', 'dialogue_turns', 'stakeholders', 'reflections'), row: pick, on: fc.boolean() }),
    fc.record({ kind: fc.constant('delete' as const), table: fc.constantFrom('field_notes', 'dialogues', 'dialogue_turns', 'stakeholders', 'reflections'), row: pick }),
    fc.record({ kind: fc.constant('person' as const), sector: fc.constantFrom(...SECTORS) }),
  );

  it('after any sequence of inserts, moves, link changes, trash, restore and deletes, counts == recount', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const { db } = tempDatabase();
        const s = seedTimeline(db);
        const seed = timelineSeeder(db, s.project);
        const ids = (table: string) => db.prepare(`SELECT id FROM ${table} WHERE project_id = ? ORDER BY id`).pluck().all(s.project) as string[];
        const one = (table: string, n: number) => {
          const all = ids(table);
          return all.length ? all[n % all.length]! : undefined;
        };
        const cycles = [null, s.cycles.cycle1, s.cycles.cycle2];
        for (const o of ops) {
          switch (o.kind) {
            case 'person':
              seed.stakeholder(`P${newId().slice(-6)}`, o.sector);
              break;
            case 'note':
              seed.note(o.at, { phase: o.phase, cycle_id: cycles[o.cycle % 3]!, stakeholders: [...new Set(o.people.map((p) => one('stakeholders', p)!).filter(Boolean))] });
              break;
            case 'dialogue':
              seed.dialogue(o.at, { phase: o.phase, participants: [...new Set(o.people.map((p) => one('stakeholders', p)!).filter(Boolean))] });
              break;
            case 'turn': {
              const dialogue = one('dialogues', o.dialogue);
              if (dialogue) seed.turn(dialogue, o.dialogue, 'turn', o.speaker === null ? null : (one('stakeholders', o.speaker) ?? null));
              break;
            }
            case 'reflection':
              seed.reflection(o.at, { phase: o.phase });
              break;
            case 'moveNote': {
              const note = one('field_notes', o.note);
              if (note) db.prepare(`UPDATE field_notes SET occurred_at = ?, phase = ?, cycle_id = ? WHERE id = ?`).run(o.at, o.phase, cycles[o.cycle % 3], note);
              break;
            }
            case 'moveDialogue': {
              const dialogue = one('dialogues', o.dialogue);
              if (dialogue) db.prepare(`UPDATE dialogues SET occurred_at = ?, phase = ? WHERE id = ?`).run(o.at, o.phase, dialogue);
              break;
            }
            case 'link': {
              const note = one('field_notes', o.note);
              const person = one('stakeholders', o.person);
              if (note && person) {
                if (o.on) db.prepare(`INSERT OR IGNORE INTO field_note_stakeholders VALUES (?, ?)`).run(note, person);
                else db.prepare(`DELETE FROM field_note_stakeholders WHERE note_id = ? AND stakeholder_id = ?`).run(note, person);
              }
              break;
            }
            case 'participant': {
              const dialogue = one('dialogues', o.dialogue);
              const person = one('stakeholders', o.person);
              if (dialogue && person) {
                if (o.on) db.prepare(`INSERT OR IGNORE INTO dialogue_participants VALUES (?, ?)`).run(dialogue, person);
                else db.prepare(`DELETE FROM dialogue_participants WHERE dialogue_id = ? AND stakeholder_id = ?`).run(dialogue, person);
              }
              break;
            }
            case 'speaker': {
              const turn = one('dialogue_turns', o.turn);
              if (turn) db.prepare(`UPDATE dialogue_turns SET speaker_id = ? WHERE id = ?`).run(o.speaker === null ? null : (one('stakeholders', o.speaker) ?? null), turn);
              break;
            }
            case 'sector': {
              const person = one('stakeholders', o.person);
              if (person) db.prepare(`UPDATE stakeholders SET sector = ? WHERE id = ?`).run(o.sector, person);
              break;
            }
            case 'trash': {
              const row = one(o.table, o.row);
              if (row) db.prepare(`UPDATE ${o.table} SET deleted_at = ? WHERE id = ?`).run(o.on ? '2026-01-01T00:00:00.000Z' : null, row);
              break;
            }
            case 'delete': {
              const row = one(o.table, o.row);
              if (row) db.prepare(`DELETE FROM ${o.table} WHERE id = ?`).run(row);
              break;
            }
          }
        }
        expectCountsMatch(db, JSON.stringify(ops));
        db.close();
      }),
      { numRuns: 40 },
    );
  });
});
