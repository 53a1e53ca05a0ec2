import { describe, expect, it } from 'vitest';
import { createCode, listCodes, listEventCodeIds, setEventCodes, trashCode, updateCode, wouldCreateCycle } from '../../db/repositories/codes.js';
import { createNote } from '../../db/repositories/notes.js';
import { restoreTrashGroup } from '../../db/repositories/trash.js';
import { createProject } from '../../db/repositories/projects.js';
import { tempDatabase } from '../helpers/temp.js';

describe('codes store', () => {
  it('lists parents before their children, siblings by name, with a colour each', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const relations = createCode(db, { project_id: project.id, name: 'Relations' });
    const zeal = createCode(db, { project_id: project.id, name: 'zeal', color: '#ABCDEF' });
    const trust = createCode(db, { project_id: project.id, name: 'Trust', parent_id: relations.id });
    const care = createCode(db, { project_id: project.id, name: 'care', parent_id: relations.id });
    expect(listCodes(db, project.id).map((code) => code.name)).toEqual(['Relations', 'care', 'Trust', 'zeal']);
    expect(zeal.color).toBe('#abcdef');
    expect(relations.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(wouldCreateCycle(db, relations.id, trust.id)).toBe(true);
    expect(wouldCreateCycle(db, care.id, zeal.id)).toBe(false);
  });

  it('trashes a code with its sub-codes as one group, and restores them together', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const parent = createCode(db, { project_id: project.id, name: 'Relations' });
    const child = createCode(db, { project_id: project.id, name: 'Trust', parent_id: parent.id });
    createCode(db, { project_id: project.id, name: 'Deep trust', parent_id: child.id });
    const note = createNote(db, { project_id: project.id, code_ids: [child.id] });
    trashCode(db, parent.id);
    expect(listCodes(db, project.id)).toEqual([]);
    expect(listEventCodeIds(db, 'field_note', note.id)).toEqual([]);
    const trashId = db.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().get(parent.id) as string;
    expect(restoreTrashGroup(db, trashId)).toHaveLength(3);
    expect(listCodes(db, project.id)).toHaveLength(3);
    expect(listEventCodeIds(db, 'field_note', note.id)).toEqual([child.id]);
  });

  it('renames through the history, and leaves excerpt codings alone when the whole-event set changes', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const code = createCode(db, { project_id: project.id, name: 'Trust' });
    const renamed = updateCode(db, code.id, { name: '  Tillid ' })!;
    expect(renamed).toMatchObject({ name: 'Tillid', revision: 2 });
    const note = createNote(db, { project_id: project.id, body: 'Anna stoler på os' });
    db.prepare(
      `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at)
       VALUES ('00000000-0000-7000-8000-000000000001', ?, ?, 'field_note', ?, 0, 4, 'Anna', '2025-01-01T00:00:00Z')`,
    ).run(project.id, code.id, note.id);
    setEventCodes(db, project.id, 'field_note', note.id, [code.id]);
    setEventCodes(db, project.id, 'field_note', note.id, []);
    expect(db.prepare(`SELECT count(*) FROM code_applications WHERE excerpt_start IS NOT NULL AND deleted_at IS NULL`).pluck().get()).toBe(1);
    expect(listEventCodeIds(db, 'field_note', note.id)).toEqual([]);
  });
});
