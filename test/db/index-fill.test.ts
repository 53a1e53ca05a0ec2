import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { beginIndexFill, INDEX_INSERT_TRIGGERS, indexFillApplies } from '../../db/index-fill.js';
import { tempDatabase } from '../helpers/temp.js';

function triggers(db: Db): unknown[] {
  return db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).all();
}

/** The index of one project (each journal's own demo project has its own ids). */
function index(db: Db, projectId: string): unknown[] {
  return db
    .prepare(
      `SELECT e.*, f.title, f.body, s.title AS stems_title, s.body AS stems_body
       FROM events e LEFT JOIN events_fts f ON f.rowid = e.doc_id LEFT JOIN events_fts_stems s ON s.rowid = e.doc_id
       WHERE e.project_id = ? ORDER BY e.doc_id`,
    )
    .all(projectId);
}

/** Copies every indexed table's rows of one journal into another, in rowid order (what a bulk writer does). */
function copyRows(from: Db, to: Db): void {
  for (const table of ['projects', 'cycles', 'stakeholders', 'phase_entries', 'field_notes', 'dialogues', 'dialogue_turns', 'reflections']) {
    const rows = from.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    const insert = to.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    for (const row of rows) insert.run(row);
  }
}

describe('index fill (db/index-fill.ts)', () => {
  it('knows the triggers of a freshly migrated journal', () => {
    const { db } = tempDatabase();
    expect(indexFillApplies(db)).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (${INDEX_INSERT_TRIGGERS.map(() => '?').join(', ')})`).pluck().get(...INDEX_INSERT_TRIGGERS)).toBe(5);
  });

  it('gives the events and search index the triggers give, doc ids included, and puts the triggers back', () => {
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    source.prepare(`UPDATE field_notes SET deleted_at = '2030-01-01T00:00:00.000Z' WHERE rowid = (SELECT min(rowid) FROM field_notes)`).run();
    const triggered = tempDatabase().db;
    const filled = tempDatabase().db;
    // Something indexed already, so the marks are not zero.
    for (const db of [triggered, filled]) createDemoProject(db);
    const before = triggers(filled);

    triggered.transaction(() => copyRows(source, triggered))();
    let added = 0;
    filled.transaction(() => {
      const fill = beginIndexFill(filled)!;
      expect(fill).toBeDefined();
      expect(filled.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_index_insert'`).pluck().get()).toBe(0);
      copyRows(source, filled);
      added = fill.finish();
      expect(() => fill.finish()).toThrow(/already finished/);
    })();

    expect(index(filled, project.id)).toEqual(index(triggered, project.id));
    expect(index(filled, project.id)[0]).toMatchObject({ doc_id: (triggered.prepare(`SELECT count(*) FROM events`).pluck().get() as number) - added + 1 });
    expect(filled.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(triggered.prepare(`SELECT count(*) FROM events`).pluck().get());
    expect(added).toBe(source.prepare(`SELECT count(*) FROM events`).pluck().get());
    expect(triggers(filled)).toEqual(before);
    expect(() => filled.prepare(`INSERT INTO events_fts(events_fts) VALUES ('integrity-check')`).run()).not.toThrow();
    expect(() => filled.prepare(`INSERT INTO events_fts_stems(events_fts_stems) VALUES ('integrity-check')`).run()).not.toThrow();
    // The stems table holds every event, filled from the same text (db/stems.ts) by either way.
    expect(index(filled, project.id).every((row) => typeof (row as { stems_body: unknown }).stems_body === 'string')).toBe(true);
  });

  it('rolls back with the transaction: a failure leaves the triggers as they were', () => {
    const { db } = tempDatabase();
    const before = triggers(db);
    expect(() =>
      db.transaction(() => {
        beginIndexFill(db);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(triggers(db)).toEqual(before);
  });

  it('runs only inside a transaction, and not when a trigger differs from the one it mirrors', () => {
    const { db } = tempDatabase();
    expect(() => beginIndexFill(db)).toThrow(/inside a transaction/);
    const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'field_notes_index_insert'`).pluck().get() as string;
    db.exec(`DROP TRIGGER field_notes_index_insert`);
    db.exec(sql.replace("new.title || ' ' || new.place", 'new.title'));
    expect(indexFillApplies(db)).toBe(false);
    const before = triggers(db);
    db.transaction(() => expect(beginIndexFill(db)).toBeUndefined())();
    expect(triggers(db)).toEqual(before);
    db.exec(`DROP TRIGGER field_notes_index_insert`);
    expect(indexFillApplies(db)).toBe(false);
  });

  it('takes stems supplied by the caller (the same index as the triggers), and refuses to finish when one is missing', () => {
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const triggered = tempDatabase().db;
    triggered.transaction(() => copyRows(source, triggered))();
    const texts = source
      .prepare(
        `SELECT e.entity_type, e.entity_id, withness_stems(f.title) AS title, withness_stems(f.body) AS body
         FROM events e JOIN events_fts f ON f.rowid = e.doc_id ORDER BY e.doc_id`,
      )
      .raw()
      .all() as [string, string, string, string][];
    const supplied = tempDatabase().db;
    supplied.transaction(() => {
      const fill = beginIndexFill(supplied, { precomputedStems: true })!;
      copyRows(source, supplied);
      const insert = supplied.prepare(`INSERT INTO ${fill.stemsTable!} (entity_type, entity_id, title, body) VALUES (?, ?, ?, ?)`);
      for (const row of texts) insert.run(...row);
      fill.finish();
    })();
    expect(index(supplied, project.id)).toEqual(index(triggered, project.id));
    expect(supplied.prepare(`SELECT count(*) FROM sqlite_temp_schema WHERE name = 'index_fill_stems'`).pluck().get()).toBe(0);

    const short = tempDatabase().db;
    const before = triggers(short);
    expect(() =>
      short.transaction(() => {
        const fill = beginIndexFill(short, { precomputedStems: true })!;
        copyRows(source, short);
        const insert = short.prepare(`INSERT INTO ${fill.stemsTable!} (entity_type, entity_id, title, body) VALUES (?, ?, ?, ?)`);
        for (const row of texts.slice(1)) insert.run(...row);
        fill.finish();
      })(),
    ).toThrow(/stems of 1 new .* rows were not supplied/);
    expect(triggers(short)).toEqual(before);
    expect(short.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
  });
});
