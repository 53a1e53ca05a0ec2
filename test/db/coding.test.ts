import { describe, expect, it } from 'vitest';
import {
  checkExcerpt,
  codeCounts,
  findDuplicateCoding,
  getCoding,
  insertCoding,
  listSegments,
  removeCoding,
  segmentContext,
} from '../../db/repositories/coding.js';
import { createCode, setEventCodes, trashCode } from '../../db/repositories/codes.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { createNote, trashNote, updateNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { tempDatabase } from '../helpers/temp.js';

const BODY = 'Vi mødtes i bageriet 😀 klokken ni. Else sagde: »Jeg er ikke ensom, jeg er bare alene.« Så drak vi kaffe.';

function seed() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Nordby' });
  const place = createCode(db, { project_id: project.id, name: 'Mødesteder' });
  const bakery = createCode(db, { project_id: project.id, name: 'Bageriet', parent_id: place.id });
  const shame = createCode(db, { project_id: project.id, name: 'Skam' });
  const note = createNote(db, { project_id: project.id, title: 'Tirsdag', body: BODY, occurred_at: '2025-09-01T08:00:00.000Z' });
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', occurred_at: '2025-10-01T08:00:00.000Z' });
  const turn = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'Weekenden er den værste.' });
  return { db, project, place, bakery, shame, note, dialogue, turn };
}

/** The code-point passage of `text` that `quote` occupies. */
function excerpt(text: string, quote: string) {
  const at = text.indexOf(quote);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(quote).length, text: quote };
}

describe('checkExcerpt', () => {
  it('accepts the exact passage in code points and refuses the rest', () => {
    const quote = excerpt(BODY, 'klokken ni');
    expect(checkExcerpt(BODY, quote)).toBeUndefined();
    // In UTF-16 units the emoji would shift the offsets by one; code points are what counts.
    expect(checkExcerpt(BODY, { ...quote, start: quote.start + 1, end: quote.end + 1 })).toEqual({ kind: 'mismatch' });
    expect(checkExcerpt(BODY, { ...quote, text: 'Klokken ni' })).toEqual({ kind: 'mismatch' });
    expect(checkExcerpt(BODY, { start: 0, end: 10_000, text: BODY })).toEqual({ kind: 'too_long', length: Array.from(BODY).length });
  });
});

describe('codings', () => {
  it('adds, finds duplicates and removes (kept, marked removed)', () => {
    const { db, project, shame, note } = seed();
    const passage = excerpt(BODY, 'Jeg er ikke ensom, jeg er bare alene.');
    const coding = insertCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'field_note', target_id: note.id, excerpt: passage });
    expect(coding).toMatchObject({ excerpt_start: passage.start, excerpt_end: passage.end, excerpt_text: passage.text, deleted_at: null });
    expect(getCoding(db, coding.id)).toEqual(coding);
    expect(findDuplicateCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'field_note', target_id: note.id, excerpt: passage })?.id).toBe(coding.id);
    expect(findDuplicateCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'field_note', target_id: note.id })).toBeUndefined();
    const removed = removeCoding(db, coding.id);
    expect(removed?.deleted_at).not.toBeNull();
    expect(getCoding(db, coding.id)?.deleted_at).toBe(removed?.deleted_at);
    expect(removeCoding(db, coding.id)).toBeUndefined();
    expect(findDuplicateCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'field_note', target_id: note.id, excerpt: passage })).toBeUndefined();
  });

  it('lists segments with their context, whole events and passages, per code or with the codes below it', () => {
    const { db, project, place, bakery, shame, note, turn } = seed();
    setEventCodes(db, project.id, 'field_note', note.id, [place.id]);
    const bakeryPassage = excerpt(BODY, 'bageriet');
    insertCoding(db, { project_id: project.id, code_id: bakery.id, target_type: 'field_note', target_id: note.id, excerpt: bakeryPassage });
    insertCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'turn', target_id: turn.id, excerpt: excerpt(turn.text, 'den værste') });

    const all = listSegments(db, project.id);
    expect(all.total).toBe(3);
    expect(all.segments.map((segment) => [segment.code.name, segment.state])).toEqual([
      ['Mødesteder', 'whole'],
      ['Bageriet', 'current'],
      ['Skam', 'current'],
    ]);
    const whole = all.segments[0]!;
    expect(whole.context).toEqual({ before: '', passage: BODY, after: '' });
    expect(whole.event).toMatchObject({ type: 'field_note', id: note.id, label: 'Tirsdag' });
    expect(all.segments[1]!.context).toEqual({ before: 'Vi mødtes i ', passage: 'bageriet', after: ' 😀 klokken ni. Else sagde: »Jeg er ikke ensom, jeg er bare alene.« Så drak vi kaffe.' });
    expect(all.segments[2]!.event).toMatchObject({ type: 'turn', dialogue_id: turn.dialogue_id });

    expect(listSegments(db, project.id, { codeId: place.id }).segments.map((segment) => segment.code.name)).toEqual(['Mødesteder']);
    expect(listSegments(db, project.id, { codeId: place.id, includeChildren: true }).segments.map((segment) => segment.code.name)).toEqual([
      'Mødesteder',
      'Bageriet',
    ]);
    const page = listSegments(db, project.id, { limit: 1, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.segments.map((segment) => segment.code.name)).toEqual(['Bageriet']);

    expect(codeCounts(db, project.id).sort((a, b) => a.code_id.localeCompare(b.code_id))).toEqual(
      [
        { code_id: place.id, events: 1, passages: 0 },
        { code_id: bakery.id, events: 0, passages: 1 },
        { code_id: shame.id, events: 0, passages: 1 },
      ].sort((a, b) => a.code_id.localeCompare(b.code_id)),
    );

    // Trashed codes and trashed events drop out of the list and the counts.
    trashCode(db, place.id);
    expect(listSegments(db, project.id).segments.map((segment) => segment.code.name)).toEqual(['Skam']);
    trashNote(db, note.id);
    trashCode(db, shame.id);
    expect(listSegments(db, project.id).total).toBe(0);
    expect(codeCounts(db, project.id)).toEqual([]);
  });

  it('finds a passage that moved after an edit, and says when it is gone', () => {
    const { db, project, shame, note } = seed();
    const quote = 'jeg er bare alene';
    insertCoding(db, { project_id: project.id, code_id: shame.id, target_type: 'field_note', target_id: note.id, excerpt: excerpt(BODY, quote) });
    updateNote(db, note.id, { body: `Indledning. ${BODY}` });
    const [moved] = listSegments(db, project.id).segments;
    expect(moved!.state).toBe('moved');
    expect(moved!.context.passage).toBe(quote);
    expect(moved!.context.before.endsWith('Jeg er ikke ensom, ')).toBe(true);
    updateNote(db, note.id, { body: 'Helt ny tekst.' });
    const [gone] = listSegments(db, project.id).segments;
    expect(gone).toMatchObject({ state: 'changed', context: { before: '', passage: quote, after: '' } });
  });
});

describe('segmentContext', () => {
  it('cuts long context at word boundaries and marks the cuts', () => {
    const words = Array.from({ length: 200 }, (_, i) => `ord${i}`).join(' ');
    const text = `${words} MIDT ${words}`;
    const start = Array.from(text).indexOf('M');
    const { context, state } = segmentContext(text, { excerpt_start: start, excerpt_end: start + 4, excerpt_text: 'MIDT' });
    expect(state).toBe('current');
    expect(context.passage).toBe('MIDT');
    expect(context.before.startsWith('…ord')).toBe(true);
    expect(context.after.endsWith('…')).toBe(true);
    expect(context.before.length).toBeLessThanOrEqual(162);
    expect(context.after).toMatch(/^ ord0 ord1 .* ord\d+…$/);
  });
});
