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

    const all = listReflections(db, { project_id: project, limit: 50 });
    expect(all.total).toBe(2);
    expect(all.items.map((r) => [r.title, r.link_count])).toEqual([
      ['Newer', 0],
      ['Older', 1],
    ]);
    expect(listReflections(db, { project_id: project, limit: 50, unlinked_only: true })).toEqual({ total: 1, items: [expect.objectContaining({ title: 'Newer' })] });
  });

  it('pages by key in the list order (ties on the time broken by id), and counts only when asked', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const same = '2026-01-01T09:00:00.000Z';
    const made = [
      createReflection(db, { project_id: project, title: 'A', written_at: same }),
      createReflection(db, { project_id: project, title: 'B', written_at: same }),
      createReflection(db, { project_id: project, title: 'C', written_at: '2026-02-01T09:00:00Z' }),
      createReflection(db, { project_id: project, title: 'D', written_at: '2025-12-01T09:00:00Z' }),
      createReflection(db, { project_id: project, title: 'E', written_at: same }),
    ];
    trashReflection(db, made[4]!.id);
    const expected = db
      .prepare(`SELECT id FROM reflections WHERE project_id = ? AND deleted_at IS NULL ORDER BY written_at DESC, id DESC`)
      .pluck()
      .all(project) as string[];
    const seen: string[] = [];
    let after: { written_at: string; id: string } | undefined;
    for (;;) {
      const page = listReflections(db, { project_id: project, limit: 2, after, with_total: after === undefined });
      expect(page.total).toBe(after === undefined ? 4 : undefined);
      seen.push(...page.items.map((r) => r.id));
      const last = page.items.at(-1);
      if (page.items.length < 2 || !last) break;
      after = { written_at: last.written_at, id: last.id };
    }
    expect(seen).toEqual(expected);
    expect(listReflections(db, { project_id: project, limit: 2, offset: 2, with_total: false }).items.map((r) => r.id)).toEqual(expected.slice(2, 4));
  });

  it('gives a short plain preview of the body instead of the body', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    createReflection(db, { project_id: project, body: `# Heading\n\nIt *moved* me, see [the note](withness://note/1).\n\n${'more words '.repeat(500)}` });
    const [item] = listReflections(db, { project_id: project, limit: 1 }).items;
    expect(item).not.toHaveProperty('body');
    expect(item!.preview.startsWith('Heading It moved me, see the note. more words')).toBe(true);
    expect(item!.preview.length).toBe(240);
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
    expect(listReflections(db, { project_id: project, limit: 50 })).toEqual({ total: 0, items: [] });
    expect(listBacklinks(db, 'field_note', note)).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM prompt_links WHERE deleted_at IS NULL`).pluck().get()).toBe(1);
    expect(trashReflection(db, reflection.id)).toBeUndefined();

    const item = db.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().get(reflection.id) as string;
    restoreTrashGroup(db, item);
    expect(listReflections(db, { project_id: project, limit: 50 }).items.map((r) => r.link_count)).toEqual([1]);
    expect(listBacklinks(db, 'field_note', note)).toHaveLength(1);
  });
});
