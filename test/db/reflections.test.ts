import { describe, expect, it } from 'vitest';
import { RevisionConflictError } from '../../db/repositories/entities.js';
import { insertLink, listBacklinks, removeLink } from '../../db/repositories/links.js';
import { createReflection, getReflection, listReflections, trashReflection, updateReflection } from '../../db/repositories/reflections.js';
import { restoreTrashGroup } from '../../db/repositories/trash.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedNote, seedProject } from '../helpers/seed.js';

describe('reflections repository', () => {
  it('creates a withness reflection by default, written now, with every column', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const before = new Date().toISOString();
    const reflection = createReflection(db, { project_id: project, title: 'Being in the room', body: 'I *felt* it.' });
    expect(reflection).toMatchObject({ mode: 'withness', title: 'Being in the room', revision: 1, cycle_id: null, phase: null, deleted_at: null });
    expect(reflection.written_at >= before).toBe(true);
    expect(getReflection(db, reflection.id)).toEqual(reflection);
    // The trigger puts it on the timeline and in the search index.
    expect(db.prepare(`SELECT count(*) FROM events WHERE entity_id = ?`).pluck().get(reflection.id)).toBe(1);
  });

  it('stores written_at in UTC whatever offset it was given in', () => {
    const { db } = tempDatabase();
    const reflection = createReflection(db, { project_id: seedProject(db), written_at: '2026-03-01T10:00:00+02:00' });
    expect(reflection.written_at).toBe('2026-03-01T08:00:00.000Z');
  });

  it('lists newest first with live link counts, and the unlinked ones alone', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const other = seedProject(db, 'Other inquiry');
    const older = createReflection(db, { project_id: project, title: 'Older', written_at: '2026-01-01T09:00:00Z' });
    const newer = createReflection(db, { project_id: project, title: 'Newer', written_at: '2026-02-01T09:00:00Z' });
    createReflection(db, { project_id: other, title: 'Elsewhere' });
    const note = seedNote(db, project, { body: 'Coffee' });
    insertLink(db, { project_id: project, reflection_id: older.id, target_type: 'field_note', target_id: note });
    const removed = insertLink(db, { project_id: project, reflection_id: newer.id, target_type: 'field_note', target_id: note });
    removeLink(db, removed.id);

    const all = listReflections(db, project);
    expect(all.map((r) => [r.title, r.link_count])).toEqual([
      ['Newer', 0],
      ['Older', 1],
    ]);
    expect(listReflections(db, project, true).map((r) => r.title)).toEqual(['Newer']);
  });

  it('keeps the previous version on update and refuses a stale revision', () => {
    const { db } = tempDatabase();
    const reflection = createReflection(db, { project_id: seedProject(db), body: 'first' });
    const updated = updateReflection(db, reflection.id, { body: 'second', mode: 'aboutness' }, 1);
    expect(updated).toMatchObject({ body: 'second', mode: 'aboutness', revision: 2 });
    expect(() => updateReflection(db, reflection.id, { body: 'third' }, 1)).toThrow(RevisionConflictError);
    expect(getReflection(db, reflection.id)?.body).toBe('second');
    const snapshot = db.prepare(`SELECT snapshot FROM revisions WHERE entity_id = ? AND action = 'update'`).pluck().get(reflection.id) as string;
    expect(JSON.parse(snapshot).body).toBe('first');
  });

  it('trashes a reflection with its links kept, and restores both', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const reflection = createReflection(db, { project_id: project, title: 'To trash' });
    const note = seedNote(db, project, { body: 'Evidence' });
    insertLink(db, { project_id: project, reflection_id: reflection.id, target_type: 'field_note', target_id: note });
    expect(trashReflection(db, reflection.id)).toBeTruthy();
    expect(listReflections(db, project)).toEqual([]);
    expect(listBacklinks(db, 'field_note', note)).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM prompt_links WHERE deleted_at IS NULL`).pluck().get()).toBe(1);
    expect(trashReflection(db, reflection.id)).toBeUndefined();

    const item = db.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().get(reflection.id) as string;
    restoreTrashGroup(db, item);
    expect(listReflections(db, project).map((r) => r.link_count)).toEqual([1]);
    expect(listBacklinks(db, 'field_note', note)).toHaveLength(1);
  });
});
