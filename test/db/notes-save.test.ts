import { describe, expect, it } from 'vitest';
import { cachedStatement } from '../../db/connection.js';
import { RevisionConflictError, updateEntityRow, type EntityRow } from '../../db/repositories/entities.js';
import { listRevisions } from '../../db/repositories/revisions.js';
import { createNote, getNote, getNoteRow, updateNote } from '../../db/repositories/notes.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { seedTwoProjects } from './notes-seed.js';

describe('saving a note without reading it again', () => {
  it('returns the stored note with the revision kept and the search index updated', () => {
    const { db } = tempDatabase();
    const { project, stakeholders } = seedTwoProjects(db);
    const note = createNote(db, { project_id: project.id, title: 'Kaffe', body: 'Første udkast', stakeholder_ids: [stakeholders[0]!] });
    const saved = updateNote(db, note.id, { body: 'Andet udkast om madspild' }, 1)!;
    expect(saved).toEqual(getNote(db, note.id));
    expect(saved.revision).toBe(2);
    expect(saved.body).toBe('Andet udkast om madspild');
    expect(saved.stakeholder_ids).toEqual([stakeholders[0]!]);
    const [revision] = listRevisions(db, 'field_note', note.id);
    expect(revision!.revision).toBe(1);
    expect(JSON.parse(revision!.snapshot).body).toBe('Første udkast');
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'madspild'`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Første'`).pluck().get()).toBe(0);
  });

  it('refuses a stale revision and writes nothing', () => {
    const { db } = tempDatabase();
    const { project } = seedTwoProjects(db);
    const note = createNote(db, { project_id: project.id, body: 'Et' });
    updateNote(db, note.id, { body: 'To' }, 1);
    const before = rowCounts(db);
    expect(() => updateNote(db, note.id, { body: 'Tre' }, 1)).toThrow(RevisionConflictError);
    expect(rowCounts(db)).toEqual(before);
    expect(getNoteRow(db, note.id)!.body).toBe('To');
  });

  it('updateEntityRow only runs inside a transaction and only on editable columns', () => {
    const { db } = tempDatabase();
    const { project } = seedTwoProjects(db);
    const note = createNote(db, { project_id: project.id, body: 'Et' });
    const row = getNoteRow(db, note.id) as unknown as EntityRow;
    expect(() => updateEntityRow(db, 'field_note', row, { body: 'To' })).toThrow(/inside a transaction/);
    expect(() => db.transaction(() => updateEntityRow(db, 'field_note', row, { project_id: 'x' }))()).toThrow(/Not editable/);
    const updated = db.transaction(() => updateEntityRow<EntityRow>(db, 'field_note', row, { body: 'To' }))()!;
    expect(updated.body).toBe('To');
    expect(updated.revision).toBe(2);
    expect(listRevisions(db, 'field_note', note.id)).toHaveLength(1);
  });
});

describe('cached statements', () => {
  it('prepares a statement once per connection, text and mode', () => {
    const { db } = tempDatabase();
    const other = tempDatabase().db;
    const sql = `SELECT 1 AS one, 2 AS two`;
    const rows = cachedStatement(db, sql);
    expect(cachedStatement(db, sql)).toBe(rows);
    expect(cachedStatement(other, sql)).not.toBe(rows);
    const pluck = cachedStatement(db, sql, 'pluck');
    const raw = cachedStatement(db, sql, 'raw');
    expect(pluck).not.toBe(rows);
    // The modes do not leak into each other.
    expect(rows.get()).toEqual({ one: 1, two: 2 });
    expect(pluck.get()).toBe(1);
    expect(raw.get()).toEqual([1, 2]);
    expect(rows.get()).toEqual({ one: 1, two: 2 });
  });
});
