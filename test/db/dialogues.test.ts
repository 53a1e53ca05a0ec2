import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import {
  addTurn,
  createDialogue,
  listDialogues,
  listParticipantIds,
  listTurns,
  moveTurn,
  setParticipants,
  trashDialogue,
  trashTurn,
} from '../../db/repositories/dialogues.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { restoreTrashGroup } from '../../db/repositories/trash.js';
import { tempDatabase } from '../helpers/temp.js';

function setup() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Nordby' });
  const mette = createStakeholder(db, { project_id: project.id, pseudonym: 'Mette', sector: 'public' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'citizen' });
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'meeting', title: 'Tuesday' }, [mette.id, bo.id]);
  return { db, project, mette, bo, dialogue };
}

const texts = (db: Db, dialogueId: string) => listTurns(db, dialogueId).map((turn) => `${turn.position}:${turn.text}`);

describe('dialogues repository', () => {
  it('keeps positions 1..n through inserts, moves and deletes', () => {
    const { db, project, dialogue } = setup();
    const a = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'A' });
    const b = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'B' });
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'A½', after_turn_id: a.id });
    expect(texts(db, dialogue.id)).toEqual(['1:A', '2:A½', '3:B']);
    moveTurn(db, b.id, 0);
    expect(texts(db, dialogue.id)).toEqual(['1:B', '2:A', '3:A½']);
    trashTurn(db, a.id);
    expect(texts(db, dialogue.id)).toEqual(['1:B', '2:A½']);
    expect(() => addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'x', after_turn_id: a.id })).toThrow(/not a live turn/);
  });

  it('orders turns sharing a position (after a restore) by creation, and the next change renumbers them', () => {
    const { db, project, dialogue } = setup();
    const a = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'A' });
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'B' });
    const group = trashTurn(db, a.id)!;
    const item = db.prepare(`SELECT id FROM trash_items WHERE group_id = ?`).pluck().get(group) as string;
    restoreTrashGroup(db, item);
    expect(texts(db, dialogue.id)).toEqual(['1:A', '1:B']);
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'C' });
    expect(texts(db, dialogue.id)).toEqual(['1:A', '2:B', '3:C']);
  });

  it('trashes a dialogue with its turns as one group and restores them together', () => {
    const { db, project, dialogue } = setup();
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'A' });
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'B' });
    const group = trashDialogue(db, dialogue.id)!;
    expect(db.prepare(`SELECT count(*) FROM trash_items WHERE group_id = ?`).pluck().get(group)).toBe(3);
    expect(listDialogues(db, { project_id: project.id, limit: 10 })).toEqual({ total: 0, items: [] });
    expect(trashDialogue(db, dialogue.id)).toBeUndefined();
    const item = db.prepare(`SELECT id FROM trash_items WHERE group_id = ? AND entity_type = 'turn'`).pluck().get(group) as string;
    expect(restoreTrashGroup(db, item)).toHaveLength(3);
    expect(texts(db, dialogue.id)).toEqual(['1:A', '2:B']);
  });

  it('replaces participants but keeps the link of a stakeholder in the trash', () => {
    const { db, project, mette, bo, dialogue } = setup();
    const ali = createStakeholder(db, { project_id: project.id, pseudonym: 'Ali', sector: 'voluntary' });
    expect(listParticipantIds(db, dialogue.id)).toEqual([bo.id, mette.id]);
    trashEntity(db, 'stakeholder', bo.id);
    expect(listParticipantIds(db, dialogue.id)).toEqual([mette.id]);
    setParticipants(db, dialogue.id, [ali.id]);
    expect(listParticipantIds(db, dialogue.id)).toEqual([ali.id]);
    expect(listDialogues(db, { project_id: project.id, limit: 10 }).items[0]).toMatchObject({ participant_count: 1, turn_count: 0 });
    const item = db.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().get(bo.id) as string;
    restoreTrashGroup(db, item);
    expect(listParticipantIds(db, dialogue.id)).toEqual([ali.id, bo.id]);
  });
});
