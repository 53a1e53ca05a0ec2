import { describe, expect, it } from 'vitest';
import { call } from '../../electron/api/dispatch.js';
import { createProject } from '../../db/repositories/projects.js';
import { trashEntity, updateEntity } from '../../db/repositories/entities.js';
import { newId, nowIso } from '../../db/ids.js';
import type { Db } from '../../db/connection.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

const strict = { checkOutput: true };

function seedDialogue(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const now = nowIso();
  const dialogueId = newId();
  db.prepare(
    `INSERT INTO dialogues (id, project_id, kind, title, occurred_at, summary, created_at, updated_at) VALUES (?, ?, 'workshop', 'Kick-off', ?, 'Første møde', ?, ?)`,
  ).run(dialogueId, project.id, now, now, now);
  const turnIds = [newId(), newId()];
  turnIds.forEach((id, index) =>
    db
      .prepare(`INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, project.id, dialogueId, index + 1, `Replik ${index + 1}`, now, now),
  );
  return { project, dialogueId, turnIds };
}

describe('history', () => {
  it('lists earlier versions newest first and restores one, keeping the replaced text too', async () => {
    const { db } = tempDatabase();
    const { project, turnIds } = seedDialogue(db);
    const turnId = turnIds[0]!;
    updateEntity(db, 'turn', turnId, { text: 'Second wording' });
    updateEntity(db, 'turn', turnId, { text: 'Third wording' });

    const listed = await call(db, 'history:list', { entity_type: 'turn', id: turnId }, strict);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((revision) => JSON.parse(revision.snapshot).text)).toEqual(['Second wording', 'Replik 1']);
    expect(listed.value.every((revision) => revision.project_id === project.id)).toBe(true);

    const oldest = listed.value[1]!;
    const restored = await call(db, 'history:restore', { revision_id: oldest.id }, strict);
    expect(restored).toEqual({ ok: true, value: { entity_type: 'turn', id: turnId, revision: 4 } });
    expect(db.prepare('SELECT text FROM dialogue_turns WHERE id = ?').pluck().get(turnId)).toBe('Replik 1');
    const after = await call(db, 'history:list', { entity_type: 'turn', id: turnId });
    expect(after.ok && after.value.map((revision) => JSON.parse(revision.snapshot).text)).toEqual(['Third wording', 'Second wording', 'Replik 1']);
  });

  it('refuses to restore a version of something in the trash, and unknown revisions', async () => {
    const { db } = tempDatabase();
    const { turnIds } = seedDialogue(db);
    updateEntity(db, 'turn', turnIds[0]!, { text: 'Edited' });
    const revisionId = db.prepare(`SELECT id FROM revisions WHERE entity_id = ?`).pluck().get(turnIds[0]) as string;
    trashEntity(db, 'turn', turnIds[0]!);
    expect(await call(db, 'history:restore', { revision_id: revisionId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(db, 'history:restore', { revision_id: newId() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses an edit based on an older revision as a conflict, writing nothing', async () => {
    const { db } = tempDatabase();
    const { turnIds } = seedDialogue(db);
    updateEntity(db, 'turn', turnIds[0]!, { text: 'One window' }, 1);
    const before = rowCounts(db);
    expect(() => updateEntity(db, 'turn', turnIds[0]!, { text: 'Other window' }, 1)).toThrow(/changed elsewhere/);
    expect(rowCounts(db)).toEqual(before);
    expect(() => updateEntity(db, 'turn', turnIds[0]!, { dialogue_id: 'x' })).toThrow(/Not editable/);
  });
});

describe('trash', () => {
  it('restores everything deleted together, and search finds it again', async () => {
    const { db } = tempDatabase();
    const { project, dialogueId, turnIds } = seedDialogue(db);
    const group = trashEntity(db, 'dialogue', dialogueId)!;
    for (const id of turnIds) trashEntity(db, 'turn', id, group);
    const searchCount = () => db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'replik'`).pluck().get();
    expect(searchCount()).toBe(0);

    const listed = await call(db, 'trash:list', { project_id: project.id }, strict);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value).toHaveLength(3);
    expect(new Set(listed.value.map((item) => item.group_id))).toEqual(new Set([group]));
    expect(listed.value.find((item) => item.entity_type === 'dialogue')?.label).toBe('Kick-off');

    const restored = await call(db, 'trash:restore', { id: listed.value.find((item) => item.entity_type === 'turn')!.id }, strict);
    expect(restored.ok && restored.value).toHaveLength(3);
    expect(db.prepare('SELECT count(*) FROM dialogue_turns WHERE deleted_at IS NULL').pluck().get()).toBe(2);
    expect(db.prepare('SELECT deleted_at FROM dialogues').pluck().get()).toBeNull();
    expect(searchCount()).toBe(2);
    expect(await call(db, 'trash:list', { project_id: project.id })).toEqual({ ok: true, value: [] });
  });

  it('says not_found for an unknown trash item and refuses bad input', async () => {
    const { db } = tempDatabase();
    expect(await call(db, 'trash:restore', { id: newId() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'trash:list', { project_id: 'nope' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'history:list', { entity_type: 'spaceship', id: newId() } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
