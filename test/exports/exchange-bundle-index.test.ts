import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { generateInquiry } from '../../db/generate/generate.js';
import { updateEntity } from '../../db/repositories/entities.js';
import { call } from '../../electron/api/dispatch.js';
import { importBundle, type ImportOptions } from '../../electron/exchange/bundle.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { seedRichProject } from './exchange-helpers.js';

/** Bundle import fills events and events_fts set-wise (db/index-fill.ts): the same as the triggers, in one transaction. */

async function exportBundle(db: Db, projectId: string): Promise<Uint8Array> {
  const result = await call(db, 'exchange:bundleExport', { project_id: projectId, plain: true }, { checkOutput: true });
  if (!result.ok) throw new Error(result.error.message);
  return new Uint8Array(Buffer.from(result.value.data_base64, 'base64'));
}

/** The timeline and the search index, doc ids included (of one project, or all). */
function indexRows(db: Db, projectId?: string): unknown[] {
  return db
    .prepare(
      `SELECT e.doc_id, e.entity_type, e.entity_id, e.project_id, e.cycle_id, e.phase, e.occurred_at, f.rowid AS fts_rowid, f.title, f.body,
              s.rowid AS stems_rowid, s.title AS stems_title, s.body AS stems_body
       FROM events e LEFT JOIN events_fts f ON f.rowid = e.doc_id LEFT JOIN events_fts_stems s ON s.rowid = e.doc_id
       WHERE e.project_id = coalesce(?, e.project_id) ORDER BY e.doc_id`,
    )
    .all(projectId ?? null);
}

/** The same, without doc ids (their numbering follows the order of writes). */
function indexByEntity(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT e.entity_type, e.entity_id, e.project_id, e.cycle_id, e.phase, e.occurred_at, f.title, f.body, s.title AS stems_title, s.body AS stems_body
       FROM events e LEFT JOIN events_fts f ON f.rowid = e.doc_id LEFT JOIN events_fts_stems s ON s.rowid = e.doc_id
       ORDER BY e.entity_type, e.entity_id`,
    )
    .all();
}

function schema(db: Db): unknown[] {
  return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name`).all();
}

function expectSoundIndex(db: Db): void {
  expect(() => db.prepare(`INSERT INTO events_fts(events_fts) VALUES ('integrity-check')`).run()).not.toThrow();
  expect(() => db.prepare(`INSERT INTO events_fts_stems(events_fts_stems) VALUES ('integrity-check')`).run()).not.toThrow();
  expect(db.prepare(`SELECT count(*) FROM events_fts`).pluck().get()).toBe(db.prepare(`SELECT count(*) FROM events`).pluck().get());
  expect(db.prepare(`SELECT count(*) FROM events_fts_stems`).pluck().get()).toBe(db.prepare(`SELECT count(*) FROM events`).pluck().get());
}

function importInto(db: Db, bundle: Uint8Array, index: ImportOptions['index']) {
  const steps: string[] = [];
  const result = importBundle(db, bundle, { index, onProgress: (step) => steps.push(step) });
  return { result, steps };
}

describe('bundle import: events and the search index', () => {
  it('fills an empty journal exactly as the triggers do (doc ids included), and as the source journal holds them', async () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = await exportBundle(source, projectId);
    const filled = tempDatabase().db;
    const triggered = tempDatabase().db;
    const before = schema(filled);
    const { steps } = importInto(filled, bundle, 'fill');
    expect(steps).toContain('Indexing for the timeline and search');
    expect(importInto(triggered, bundle, 'triggers').steps).not.toContain('Indexing for the timeline and search');

    expect(indexRows(filled)).toEqual(indexRows(triggered));
    expect(indexByEntity(filled)).toEqual(indexByEntity(source));
    expect(indexRows(filled).length).toBeGreaterThan(50);
    expect(schema(filled)).toEqual(before); // the triggers are back, as they were
    expectSoundIndex(filled);
    // Trashed rows stay out of the index, as with the triggers.
    expect(filled.prepare(`SELECT count(*) FROM field_notes n JOIN events e ON e.entity_id = n.id WHERE n.deleted_at IS NOT NULL`).pluck().get()).toBe(0);
  });

  it('does the same for a generated inquiry, with a second inquiry already in the journal', async () => {
    const source = tempDatabase().db;
    const generated = generateInquiry(source, { scale: 'small', seed: 7, bulk: false, threads: false });
    const bundle = await exportBundle(source, generated.project_id);
    const filled = tempDatabase().db;
    const triggered = tempDatabase().db;
    for (const db of [filled, triggered]) seedRichProject(db);
    importInto(filled, bundle, 'fill');
    importInto(triggered, bundle, 'triggers');
    expect(indexRows(filled, generated.project_id)).toEqual(indexRows(triggered, generated.project_id));
    expect(indexRows(filled).length).toBe(indexRows(triggered).length);
    expect(filled.prepare(`SELECT count(*) FROM events WHERE project_id = ?`).pluck().get(generated.project_id)).toBe(generated.indexed_events);
    expectSoundIndex(filled);
  });

  it('merges into a journal that holds the inquiry: only the rows this import inserts are added, updates go through their triggers, nothing twice', async () => {
    const alice = tempDatabase().db;
    const { projectId, noteId } = seedRichProject(alice);
    const first = await exportBundle(alice, projectId);
    const filled = tempDatabase().db;
    const triggered = tempDatabase().db;
    importInto(filled, first, 'triggers');
    importInto(triggered, first, 'triggers');

    // Alice edits a note and a dialogue (its turns move with it), and adds a note, a dialogue with turns and a reflection.
    updateEntity(alice, 'field_note', noteId, { body: 'Alice rewrote this note.' });
    const dialogue = alice.prepare(`SELECT id FROM dialogues WHERE project_id = ? ORDER BY id LIMIT 1`).pluck().get(projectId) as string;
    updateEntity(alice, 'dialogue', dialogue, { occurred_at: '2031-01-02T10:00:00.000Z', summary: 'Moved and summarised again.' });
    const note = await call(alice, 'notes:create', { project_id: projectId, title: 'Ny note', body: 'Frisk tekst om pindsvin', occurred_at: '2031-02-03T09:00:00.000Z' });
    if (!note.ok) throw new Error(note.error.message);
    const cloned = alice.prepare(`SELECT * FROM dialogue_turns WHERE dialogue_id = ? ORDER BY position LIMIT 1`).get(dialogue) as Record<string, unknown>;
    alice
      .prepare(`INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`)
      .run('0190f000-0000-7000-8000-0000000000aa', projectId, dialogue, 999, cloned.speaker_id, 'En ny tur om pindsvin', cloned.created_at, cloned.updated_at);
    const second = await exportBundle(alice, projectId);

    const filledResult = importInto(filled, second, 'fill').result;
    const triggeredResult = importInto(triggered, second, 'triggers').result;
    expect(filledResult).toEqual(triggeredResult);
    expect(filledResult.created.field_notes).toBe(1);
    expect(filledResult.created.dialogue_turns).toBe(1);
    expect(filledResult.updated.dialogues).toBe(1);
    expect(indexByEntity(filled)).toEqual(indexByEntity(triggered));
    expect(indexByEntity(filled)).toEqual(indexByEntity(alice));
    expect(filled.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'pindsvin'`).pluck().get()).toBe(2);
    expectSoundIndex(filled);

    // Once more: nothing is inserted, nothing indexed twice.
    const events = indexRows(filled);
    const counts = rowCounts(filled);
    const again = importInto(filled, second, 'fill').result;
    expect(Object.values(again.created).every((count) => count === 0)).toBe(true);
    expect(indexRows(filled)).toEqual(events);
    expect(rowCounts(filled)).toEqual(counts);
    expectSoundIndex(filled);
  });

  it('a bundle that fails midway leaves the journal as it was: rows, index and the triggers in sqlite_schema', async () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = await exportBundle(source, projectId);
    const target = tempDatabase().db;
    seedRichProject(target);
    // Fails on the fifth reflection, after the notes, dialogues and turns are in (and the insert triggers dropped).
    target.exec(`CREATE TRIGGER test_fail_midway BEFORE INSERT ON reflections
      WHEN (SELECT count(*) FROM reflections WHERE project_id = new.project_id) >= 4
      BEGIN SELECT RAISE(ABORT, 'failing midway'); END`);
    const before = { schema: schema(target), index: indexRows(target), counts: rowCounts(target) };
    expect(() => importBundle(target, bundle)).toThrow(/failing midway/);
    expect(target.inTransaction).toBe(false);
    expect(schema(target)).toEqual(before.schema);
    expect(indexRows(target)).toEqual(before.index);
    expect(rowCounts(target)).toEqual(before.counts);
    expectSoundIndex(target);

    // Without the failure, the same journal takes the bundle and indexes it.
    target.exec(`DROP TRIGGER test_fail_midway`);
    importBundle(target, bundle);
    expect(indexByEntity(target).length).toBeGreaterThan(before.index.length);
    expectSoundIndex(target);
  });
});
