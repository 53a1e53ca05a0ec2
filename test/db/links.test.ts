import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  codePointSlice,
  findDuplicateLink,
  insertLink,
  listBacklinks,
  listLinksOf,
  removeLink,
} from '../../db/repositories/links.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedNote, seedProject } from '../helpers/seed.js';

describe('code points', () => {
  it('counts an emoji once and slices by code points, not UTF-16 units', () => {
    const text = 'Hej 👋🏽 Søren, på gensyn';
    expect(text.length).toBe(25);
    expect(codePointLength(text)).toBe(23);
    expect(codePointSlice(text, 4, 6)).toBe('👋🏽');
    expect(codePointSlice(text, 7, 12)).toBe('Søren');
    expect(codePointSlice(text, 14, 16)).toBe('på');
  });
});

describe('links repository', () => {
  it('stores an excerpt, lists live links in order and shows them as backlinks', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const note = seedNote(db, project, { body: 'Vi mødtes på biblioteket' });
    const reflection = createReflection(db, { project_id: project, title: 'Mødet', mode: 'aboutness' });
    const whole = insertLink(db, { project_id: project, reflection_id: reflection.id, target_type: 'field_note', target_id: note });
    const passage = insertLink(db, {
      project_id: project,
      reflection_id: reflection.id,
      target_type: 'field_note',
      target_id: note,
      excerpt: { start: 13, end: 24, text: 'biblioteket' },
      comment: 'where',
    });
    expect(passage).toMatchObject({ excerpt_start: 13, excerpt_end: 24, excerpt_text: 'biblioteket', comment: 'where' });
    expect(listLinksOf(db, reflection.id).map((link) => link.id)).toEqual([whole.id, passage.id]);
    expect(listBacklinks(db, 'field_note', note).map((b) => [b.link.id, b.reflection.title, b.reflection.mode])).toEqual([
      [whole.id, 'Mødet', 'aboutness'],
      [passage.id, 'Mødet', 'aboutness'],
    ]);
  });

  it('finds an identical live link as a duplicate, but not another passage or a removed link', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const note = seedNote(db, project, { body: 'abcdef' });
    const reflection = createReflection(db, { project_id: project });
    const base = { project_id: project, reflection_id: reflection.id, target_type: 'field_note' as const, target_id: note };
    const link = insertLink(db, { ...base, excerpt: { start: 0, end: 2, text: 'ab' } });
    expect(findDuplicateLink(db, { ...base, excerpt: { start: 0, end: 2, text: 'ab' } })?.id).toBe(link.id);
    expect(findDuplicateLink(db, { ...base, excerpt: { start: 0, end: 3, text: 'abc' } })).toBeUndefined();
    expect(findDuplicateLink(db, base)).toBeUndefined();
    removeLink(db, link.id);
    expect(findDuplicateLink(db, { ...base, excerpt: { start: 0, end: 2, text: 'ab' } })).toBeUndefined();
  });

  it('soft-deletes a link once', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const reflection = createReflection(db, { project_id: project });
    const note = seedNote(db, project);
    const link = insertLink(db, { project_id: project, reflection_id: reflection.id, target_type: 'field_note', target_id: note });
    expect(removeLink(db, link.id)?.deleted_at).toEqual(expect.any(String));
    expect(removeLink(db, link.id)).toBeUndefined();
    expect(listLinksOf(db, reflection.id)).toEqual([]);
    expect(listBacklinks(db, 'field_note', note)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM prompt_links').pluck().get()).toBe(1);
  });
});
