import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Db } from '../../db/connection.js';
import { generateInquiry } from '../../db/generate/generate.js';
import { beginIndexFill } from '../../db/index-fill.js';
import { adoptPrebuiltIndex, discardPrebuiltIndex, IndexBuilder, planPrebuiltIndex, PREBUILT_TABLES } from '../../db/index-prebuilt.js';
import { openDatabase } from '../../db/connection.js';
import { withnessInChild } from '../helpers/cli-child.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { join } from 'node:path';

/** Every term occurrence of one FTS5 table, by doc id, column and (detail=full) position: what a MATCH reads. */
function postings(db: Db, table: string): string {
  db.exec(`DROP TABLE IF EXISTS temp.vocab; CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, ${table}, instance)`);
  const rows = db.prepare(`SELECT term, doc, col, offset FROM temp.vocab ORDER BY term, doc, col, offset`).raw().all();
  db.exec(`DROP TABLE temp.vocab`);
  return JSON.stringify(rows);
}

function events(db: Db): string {
  return JSON.stringify(db.prepare(`SELECT * FROM events ORDER BY doc_id`).raw().all());
}

function content(db: Db, table: string): string {
  return JSON.stringify(db.prepare(`SELECT rowid, title, body FROM ${table} ORDER BY rowid`).raw().all());
}

function integrity(db: Db, table: string): void {
  db.prepare(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`).run();
}

function matches(db: Db, query: string): number[] {
  return db.prepare(`SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid`).pluck().all(query) as number[];
}

describe('the search index built aside for a bulk build (db/index-prebuilt.ts)', { timeout: 180_000 }, () => {
  it('gives the same events (doc ids included), index content and postings as the triggers, row by row', () => {
    const { db: bulk, file } = tempDatabase();
    const { db: triggered } = tempDatabase();
    // A new, file-backed, unencrypted journal: the bulk build takes the prebuilt path.
    const plan = planPrebuiltIndex(bulk, undefined);
    expect(plan).toBeDefined();
    discardPrebuiltIndex(bulk, plan!);
    generateInquiry(bulk, { scale: 'small', seed: 5 });
    generateInquiry(triggered, { scale: 'small', seed: 5, index: 'triggers', bulk: false });

    // Numbered in the order the rows were written, as the triggers number them.
    expect(events(bulk)).toBe(events(triggered));
    for (const table of PREBUILT_TABLES) {
      expect(content(bulk, table)).toBe(content(triggered, table));
      expect(postings(bulk, table)).toBe(postings(triggered, table));
      // Checks the prefix indexes ('2 3') and the doc sizes against the stored content too.
      integrity(bulk, table);
    }
    for (const query of ['borgermøde', 'bo*', 'mø*', '"the meeting"', 'title: møde*']) {
      expect(matches(bulk, query)).toEqual(matches(triggered, query));
    }
    expect(matches(bulk, 'bo*').length).toBeGreaterThan(0);
    // The scratch file is gone and no longer attached.
    expect(existsSync(`${file}.index-build`)).toBe(false);
    expect(existsSync(`${file}.index-build-stems`)).toBe(false);
    expect((bulk.pragma('database_list') as { name: string }[]).map((row) => row.name)).toEqual(['main', 'temp']);

    // The journal's FTS5 tables keep working afterwards: a new note is indexed by its trigger and found.
    const project = bulk.prepare(`SELECT id, (SELECT id FROM cycles LIMIT 1) AS cycle FROM projects LIMIT 1`).get() as { id: string; cycle: string };
    bulk
      .prepare(
        `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
         VALUES ('0190a000-0000-7000-8000-000000000001', ?, ?, 'act', 'Zebrafinke', 'zebrafinkerne sang', 'Aarhus', '2024-01-01T10:00:00.000Z', '2024-01-01T10:00:00.000Z', 1,
                 '2024-01-01T10:00:00.000Z', '2024-01-01T10:00:00.000Z', NULL)`,
      )
      .run(project.id, project.cycle);
    expect(matches(bulk, 'zebrafinke*').length).toBe(1);
    for (const table of PREBUILT_TABLES) integrity(bulk, table);
  });

  it('refuses to finish when the index built aside lacks a new row, and writes nothing', () => {
    const { db } = tempDatabase();
    generateInquiry(db, { scale: 'small', seed: 2 }); // a journal with rows to copy from
    const { db: target } = tempDatabase();
    const plan = planPrebuiltIndex(target, undefined)!;
    const builder = new IndexBuilder(plan, 'events_fts');
    const stemsBuilder = new IndexBuilder(plan, 'events_fts_stems');
    target.exec('BEGIN');
    const fill = beginIndexFill(target, { prebuilt: true })!;
    const project = db.prepare(`SELECT * FROM projects`).get() as Record<string, unknown>;
    target.prepare(`INSERT INTO projects (${Object.keys(project).join(', ')}) VALUES (${Object.keys(project).map((k) => `@${k}`).join(', ')})`).run(project);
    const cycles = db.prepare(`SELECT * FROM cycles`).all() as Record<string, unknown>[];
    for (const cycle of cycles) target.prepare(`INSERT INTO cycles (${Object.keys(cycle).join(', ')}) VALUES (${Object.keys(cycle).map((k) => `@${k}`).join(', ')})`).run(cycle);
    const notes = db.prepare(`SELECT * FROM field_notes LIMIT 3`).all() as Record<string, unknown>[];
    for (const note of notes) target.prepare(`INSERT INTO field_notes (${Object.keys(note).join(', ')}) VALUES (${Object.keys(note).map((k) => `@${k}`).join(', ')})`).run(note);
    // Only two of the three notes were indexed aside.
    for (const note of notes.slice(0, 2)) {
      builder.add('field_note', String(note.id), `${String(note.title)} ${String(note.place)}`, String(note.body));
      stemsBuilder.add('field_note', String(note.id), '', '');
    }
    builder.finish();
    stemsBuilder.finish();
    expect(() => fill.finish()).toThrow(/1 new field_notes rows have no place in the index built aside/);
    target.exec('ROLLBACK');
    expect(target.prepare(`SELECT count(*) FROM field_notes`).pluck().get()).toBe(0);
    expect(target.prepare(`SELECT count(*) FROM events_fts`).pluck().get()).toBe(0);
  });

  it('is not used for an encrypted journal, one that already has events, or inside a transaction', () => {
    const { db } = tempDatabase();
    expect(planPrebuiltIndex(db, Buffer.alloc(32, 1))).toBeUndefined();
    db.exec('BEGIN');
    expect(planPrebuiltIndex(db, undefined)).toBeUndefined();
    db.exec('ROLLBACK');
    generateInquiry(db, { scale: 'small', seed: 4 });
    expect(planPrebuiltIndex(db, undefined)).toBeUndefined();
    expect(() => adoptPrebuiltIndex(db, 1)).toThrow(/already holds documents/);
  });

  it('gives the same index from the command line, where the worker thread builds the exact index beside the writer', async () => {
    const file = join(tempDir(), 'threaded.sqlite');
    const result = await withnessInChild(['generate', '--db', file, '--scale', 'small', '--seed', '5', '--json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { bulk: boolean; threaded: boolean };
    // The path under test: a new plain file (bulk, prebuilt index) with the rows and the exact index made in the worker.
    expect(printed).toMatchObject({ bulk: true, threaded: true });
    const { db: triggered } = tempDatabase();
    generateInquiry(triggered, { scale: 'small', seed: 5, index: 'triggers', bulk: false, threads: false });
    const threaded = openDatabase(file);
    try {
      expect(events(threaded)).toBe(events(triggered));
      for (const table of PREBUILT_TABLES) {
        expect(content(threaded, table)).toBe(content(triggered, table));
        expect(postings(threaded, table)).toBe(postings(triggered, table));
        integrity(threaded, table);
      }
      expect(existsSync(`${file}.index-build`)).toBe(false);
      expect(existsSync(`${file}.index-build-stems`)).toBe(false);
    } finally {
      threaded.close();
    }
  });
});
