import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { applyPage, type IncomingChange } from '../../electron/team/apply.js';
import { listConflicts, resolveConflict } from '../../electron/team/conflicts.js';
import { materializeOutbox } from '../../electron/team/outbox.js';
import { rowHash, tombstoneHash, type Row } from '../../electron/team/rows.js';
import { linkProject, teamStatus } from '../../electron/team/sync.js';
import { headOf, tipsOf, type Version } from '../../electron/team/versions.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

/**
 * The head rule without a server: hand-made versions of one row applied in every order end in the same head, the
 * same tips, the same kept conflict content and the same history entries; a bad row is refused whole.
 */

const PROJECT = '01930000-0000-7000-8000-000000000001';
const NOTE = '01930000-0000-7000-8000-000000000002';
const T = '2026-03-01T10:00:00.000Z';

const projectRow: Row = { id: PROJECT, revision: 1, created_at: T, updated_at: T, deleted_at: null, title: 'Nordby', concern: '', setting: '', started_on: null, status: 'active', is_fictional: 0 };
const note = (revision: number, body: string, extra: Row = {}): Row => ({
  id: NOTE,
  revision,
  created_at: T,
  updated_at: `2026-03-0${revision}T10:00:00.000Z`,
  deleted_at: null,
  project_id: PROJECT,
  cycle_id: null,
  phase: null,
  title: 'Library',
  body,
  place: '',
  occurred_at: T,
  recorded_at: T,
  ...extra,
});

function version(table: string, row: Row, parents: string[]): IncomingChange {
  const hash = rowHash(table as 'field_notes', row);
  return { table_name: table, row_key: String(row.id), hash, parents, revision: Number(row.revision), row, author: 'someone', committed_at: T };
}

const projectVersion = version('projects', projectRow, []);
const base = version('field_notes', note(1, 'Base.'), []);
const a = version('field_notes', note(2, 'Alice.'), [base.hash]);
const b = version('field_notes', note(2, 'Bob.'), [base.hash]);
const c = version('field_notes', note(2, 'Carol.', { title: 'Library (Carol)' }), [base.hash]);
const trashA = version('field_notes', note(3, 'Alice.', { deleted_at: '2026-03-05T10:00:00.000Z' }), [a.hash]);
const ALL = [base, a, b, c, trashA];

function state(db: Db) {
  return {
    note: db.prepare(`SELECT * FROM field_notes WHERE id = ?`).get(NOTE),
    versions: db.prepare(`SELECT hash, tip, row FROM sync_versions WHERE row_key = ? ORDER BY hash`).all(NOTE),
    history: db.prepare(`SELECT id, revision, snapshot, created_at FROM revisions ORDER BY id`).all(),
    events: db.prepare(`SELECT entity_type, entity_id, occurred_at FROM events ORDER BY entity_id`).all(),
  };
}

function journalWith(order: readonly IncomingChange[], pages: 'one' | 'each'): Db {
  const { db } = tempDatabase();
  applyPage(db, PROJECT, [projectVersion]);
  if (pages === 'one') applyPage(db, PROJECT, order);
  else for (const change of order) applyPage(db, PROJECT, [change]);
  return db;
}

describe('the head rule', () => {
  it('picks the greatest tip by (revision, hash), whatever the order of the versions', () => {
    const expected = headOf(ALL)!.hash;
    expect(expected).toBe(trashA.hash);
    fc.assert(
      fc.property(fc.shuffledSubarray(ALL, { minLength: ALL.length, maxLength: ALL.length }), (order: Version[]) => {
        expect(headOf(order)!.hash).toBe(expected);
        expect(tipsOf(order).map((tip) => tip.hash).sort()).toEqual([b.hash, c.hash, trashA.hash].sort());
      }),
    );
  });

  it('gives every journal the same row, tips, conflict content and history, for versions applied in any order and paging', () => {
    const reference = state(journalWith(ALL, 'each'));
    expect(reference.note).toMatchObject({ body: 'Alice.', revision: 3 });
    expect(reference.versions.filter((row) => (row as { tip: number }).tip === 1)).toHaveLength(3);
    // b and c lost (non-head tips): both in the history, under ids every journal derives alike. a was superseded by
    // an ordinary edit (the trash move), whose author kept it in the history.
    const bodies = reference.history.map((row) => (JSON.parse((row as { snapshot: string }).snapshot) as { body: string }).body).sort();
    expect(bodies).toEqual(['Bob.', 'Carol.']);
    expect(reference.events).toEqual([]);
    fc.assert(
      fc.property(fc.shuffledSubarray(ALL, { minLength: ALL.length, maxLength: ALL.length }), fc.constantFrom<'one' | 'each'>('one', 'each'), (order, pages) => {
        // Page by page, the feed brings parents before children (a child is pushed after its parent committed, so
        // its transaction id is greater); inside one page any order goes.
        if (pages === 'each') fc.pre(order.every((change, index) => change.parents.every((parent) => order.slice(0, index).some((earlier) => earlier.hash === parent))));
        const db = journalWith(order, pages);
        expect(state(db)).toEqual(reference);
        db.close();
      }),
      { numRuns: 30 },
    );
  });

  it('applying the same page twice changes nothing', () => {
    const db = journalWith(ALL, 'one');
    const before = { ...state(db), counts: rowCounts(db) };
    applyPage(db, PROJECT, ALL);
    expect({ ...state(db), counts: rowCounts(db) }).toEqual(before);
  });

  it('indexes pulled rows for the timeline and search as the triggers would', () => {
    const db = journalWith([base, a], 'one');
    expect(db.prepare(`SELECT entity_type, entity_id FROM events`).all()).toEqual([{ entity_type: 'field_note', entity_id: NOTE }]);
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'alice'`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'base'`).pluck().get()).toBe(0);
  });

  it('refuses a page with a bad row whole: nothing written', () => {
    const { db } = tempDatabase();
    applyPage(db, PROJECT, [projectVersion, base]);
    const before = rowCounts(db);
    const bad = { ...a, row: { ...a.row!, phase: 'dance' } };
    expect(() => applyPage(db, PROJECT, [b, bad])).toThrow(/Change 2 of the page \(field_notes .*\) is not a valid row \(phase/);
    const foreign = { ...b, row: { ...b.row!, project_id: '01930000-0000-7000-8000-0000000000ff' } };
    expect(() => applyPage(db, PROJECT, [foreign])).toThrow(/another inquiry/);
    const unknown = { ...b, table_name: 'sync_links' };
    expect(() => applyPage(db, PROJECT, [unknown])).toThrow(/does not sync/);
    expect(rowCounts(db)).toEqual(before);
  });

  it('deletes a row on a tombstone, and a local edit of a row in conflict becomes a child of the head', async () => {
    const { db } = tempDatabase();
    applyPage(db, PROJECT, [projectVersion, base, a, b]);
    await linkProject(db, PROJECT, { url: 'postgres://alice@127.0.0.1/team', member: 'alice' });
    // Linking queues every row; materialising it makes no version for rows the journal already has as they are, nor
    // for the history entry of the losing version, which every journal derives alike.
    expect(db.prepare(`SELECT count(*) FROM revisions`).pluck().get()).toBe(1);
    expect(db.transaction(() => materializeOutbox(db, PROJECT, 'alice'))()).toBe(0);
    expect(teamStatus(db, PROJECT)).toMatchObject({ pending: 0, conflicts: 1 });
    const headHash = [a, b].sort((x, y) => (x.hash < y.hash ? 1 : -1))[0]!.hash;
    db.prepare(`UPDATE field_notes SET body = 'Edited here.', revision = 3 WHERE id = ?`).run(NOTE);
    expect(db.transaction(() => materializeOutbox(db, PROJECT, 'alice'))()).toBe(1);
    const pending = db.prepare(`SELECT parents, revision, pending, tip FROM sync_versions WHERE pending = 1`).get();
    expect(pending).toEqual({ parents: JSON.stringify([headHash]), revision: 3, pending: 1, tip: 1 });
    // Still a conflict: the other tip is open until someone resolves it with every tip as parent.
    expect(listConflicts(db, PROJECT)).toHaveLength(1);
    resolveConflict(db, { table_name: 'field_notes', row_key: NOTE, keep: 'head' });
    expect(teamStatus(db, PROJECT).conflicts).toBe(0);
    expect(db.prepare(`SELECT body, revision FROM field_notes WHERE id = ?`).get(NOTE)).toEqual({ body: 'Edited here.', revision: 4 });

    const gone = { table_name: 'field_notes', row_key: NOTE, hash: tombstoneHash(['x']), parents: ['x'], revision: 99, row: null };
    applyPage(db, PROJECT, [gone]);
    expect(db.prepare(`SELECT count(*) FROM field_notes`).pluck().get()).toBe(0);
  });
});
