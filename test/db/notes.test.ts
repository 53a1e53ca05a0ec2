import { describe, expect, it } from 'vitest';
import { trashEntity } from '../../db/repositories/entities.js';
import { captureDefaults, createNote, getNote, listNotes, trashNote, updateNote } from '../../db/repositories/notes.js';
import { createCode } from '../../db/repositories/codes.js';
import { addAttachment } from '../../db/repositories/attachments.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedTwoProjects, TINY_PNG } from './notes-seed.js';

describe('field notes store', () => {
  it('creates a note with now as default time and recorded_at, and keeps it in the search index', () => {
    const { db } = tempDatabase();
    const { project } = seedTwoProjects(db);
    const before = new Date().toISOString();
    const note = createNote(db, { project_id: project.id, body: 'Kaffe på biblioteket\nAnna talte om ensomhed' });
    expect(note.occurred_at >= before).toBe(true);
    expect(note.recorded_at).toBe(note.occurred_at);
    expect(note.revision).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'ensomhed'`).pluck().get()).toBe(1);
  });

  it('normalises a time with an offset to UTC', () => {
    const { db } = tempDatabase();
    const { project } = seedTwoProjects(db);
    const note = createNote(db, { project_id: project.id, occurred_at: '2025-03-04T10:15:00+01:00' });
    expect(note.occurred_at).toBe('2025-03-04T09:15:00.000Z');
  });

  it('lists newest first with the first non-empty line of the body, counts and paging', () => {
    const { db } = tempDatabase();
    const { project, cycles, stakeholders } = seedTwoProjects(db);
    for (let day = 1; day <= 25; day++) {
      createNote(db, {
        project_id: project.id,
        cycle_id: day % 2 === 0 ? cycles[0] : null,
        phase: day % 2 === 0 ? 'observe' : null,
        body: `\n\n  Day ${day}\r\nsecond line`,
        occurred_at: `2025-01-${String(day).padStart(2, '0')}T12:00:00Z`,
        stakeholder_ids: day === 25 ? stakeholders : [],
      });
    }
    const first = listNotes(db, { project_id: project.id, limit: 10, offset: 0 });
    expect(first.total).toBe(25);
    expect(first.items.map((item) => item.first_line)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16].map((day) => `Day ${day}`));
    expect(first.items[0]!.stakeholder_count).toBe(3);
    const last = listNotes(db, { project_id: project.id, limit: 10, offset: 20 });
    expect(last.items.map((item) => item.first_line)).toEqual(['Day 5', 'Day 4', 'Day 3', 'Day 2', 'Day 1']);

    const inCycle = listNotes(db, { project_id: project.id, cycle_id: cycles[0], limit: 200, offset: 0 });
    expect(inCycle.total).toBe(12);
    expect(inCycle.items.every((item) => item.cycle_id === cycles[0] && item.phase === 'observe')).toBe(true);
    expect(listNotes(db, { project_id: project.id, cycle_id: null, limit: 200, offset: 0 }).total).toBe(13);
    expect(listNotes(db, { project_id: project.id, phase: 'observe', limit: 200, offset: 0 }).total).toBe(12);
  });

  it('leaves trashed notes out of the list and counts only live stakeholders and attachments', () => {
    const { db } = tempDatabase();
    const { project, stakeholders } = seedTwoProjects(db);
    const kept = createNote(db, { project_id: project.id, body: 'kept', stakeholder_ids: stakeholders.slice(0, 2) });
    const gone = createNote(db, { project_id: project.id, body: 'gone' });
    trashNote(db, gone.id);
    trashEntity(db, 'stakeholder', stakeholders[0]!);
    addAttachment(db, { project_id: project.id, owner_type: 'field_note', owner_id: kept.id, file_name: 'a.png', media_type: 'image/png', content: TINY_PNG });
    const { total, items } = listNotes(db, { project_id: project.id, limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ id: kept.id, stakeholder_count: 1, attachment_count: 1 });
    expect(getNote(db, kept.id)!.stakeholder_ids).toEqual([stakeholders[1]]);
  });

  it('replaces stakeholder and code sets in one update, keeping a revision only when the text or a set changes', () => {
    const { db } = tempDatabase();
    const { project, stakeholders } = seedTwoProjects(db);
    const tagA = createCode(db, { project_id: project.id, name: 'trust' });
    const tagB = createCode(db, { project_id: project.id, name: 'belonging' });
    const note = createNote(db, { project_id: project.id, body: 'x', stakeholder_ids: [stakeholders[0]!], code_ids: [tagA.id] });
    expect(note.code_ids).toEqual([tagA.id]);

    // Tags and stakeholders are part of a note's history (issue 13.5): changing only them keeps a version too.
    const linksOnly = updateNote(db, note.id, { stakeholder_ids: [stakeholders[1]!, stakeholders[2]!], code_ids: [tagB.id, tagA.id] }, 1)!;
    expect(linksOnly.revision).toBe(2);
    expect(linksOnly.stakeholder_ids.sort()).toEqual([stakeholders[1], stakeholders[2]].sort());
    expect(linksOnly.code_ids).toEqual([tagB.id, tagA.id]); // by name: belonging, trust

    const edited = updateNote(db, note.id, { body: 'y', code_ids: [tagB.id] }, 2)!;
    expect(edited.revision).toBe(3);
    expect(edited.code_ids).toEqual([tagB.id]);
    // The removed coding is kept as a deleted application, not erased.
    expect(db.prepare(`SELECT count(*) FROM code_applications WHERE code_id = ? AND deleted_at IS NOT NULL`).pluck().get(tagA.id)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM revisions WHERE entity_id = ?`).pluck().get(note.id)).toBe(2);

    // The same text and the same sets (in any order) are no edit.
    const same = updateNote(db, note.id, { body: 'y', code_ids: [tagB.id], stakeholder_ids: [stakeholders[2]!, stakeholders[1]!] })!;
    expect(same.revision).toBe(3);
  });

  it('suggests the place, cycle and phase of the most recently recorded live note', () => {
    const { db } = tempDatabase();
    const { project, cycles } = seedTwoProjects(db);
    expect(captureDefaults(db, project.id)).toEqual({ place: '', cycle_id: null, phase: null });
    createNote(db, { project_id: project.id, place: 'Library', cycle_id: cycles[0], phase: 'act', occurred_at: '2030-01-01T00:00:00Z' });
    const recent = createNote(db, { project_id: project.id, place: 'Town hall', cycle_id: cycles[1], phase: 'observe', occurred_at: '2020-01-01T00:00:00Z' });
    // Recorded last wins, even though it happened earlier.
    expect(captureDefaults(db, project.id)).toEqual({ place: 'Town hall', cycle_id: cycles[1], phase: 'observe' });
    trashEntity(db, 'cycle', cycles[1]!);
    expect(captureDefaults(db, project.id)).toEqual({ place: 'Town hall', cycle_id: null, phase: 'observe' });
    trashNote(db, recent.id);
    expect(captureDefaults(db, project.id)).toEqual({ place: 'Library', cycle_id: cycles[0], phase: 'act' });
  });
});
