import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { consentToQuoteForAll } from '../helpers/consent.js';
import { tempDatabase } from '../helpers/temp.js';

/** Each live dialogue of an inquiry by title: its summary and its turns as [speaker's name or null, words]. */
function dialoguesOf(db: Db, projectId: string): Map<string, { summary: string; turns: [string | null, string][] }> {
  const dialogues = db.prepare(`SELECT id, title, summary FROM dialogues WHERE project_id = ? AND deleted_at IS NULL`).all(projectId) as { id: string; title: string; summary: string }[];
  const turns = db.prepare(
    `SELECT s.real_name AS real_name, s.pseudonym AS pseudonym, t.text AS text FROM dialogue_turns t LEFT JOIN stakeholders s ON s.id = t.speaker_id
     WHERE t.dialogue_id = ? AND t.deleted_at IS NULL ORDER BY t.position`,
  );
  return new Map(
    dialogues.map((dialogue) => [
      dialogue.title,
      {
        summary: dialogue.summary,
        turns: (turns.all(dialogue.id) as { real_name: string | null; pseudonym: string | null; text: string }[]).map((turn) => [
          turn.real_name || turn.pseudonym || null,
          turn.text,
        ]),
      },
    ]),
  );
}

describe('REFI-QDA round trip of dialogues the text alone does not show as transcripts', () => {
  it('brings back single-turn dialogues, a turn without a speaker, an empty turn and multi-line turns as the same dialogues, turns and speakers', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    consentToQuoteForAll(db, project.id);
    const people = db.prepare(`SELECT id, real_name FROM stakeholders WHERE project_id = ? AND deleted_at IS NULL ORDER BY real_name`).all(project.id) as { id: string; real_name: string }[];
    const [anna, bo] = [people[0]!, people[1]!];
    const dialogue = (title: string, turns: [string | null, string][], summary = '') => {
      const row = createDialogue(db, { project_id: project.id, kind: 'meeting', title, summary });
      for (const [speaker, text] of turns) addTurn(db, project.id, { dialogue_id: row.id, speaker_id: speaker, text });
    };
    // The large generated inquiry has 128 dialogues of one turn: they came back as field notes.
    dialogue('One turn', [[anna.id, 'We open the library on Tuesdays from now on.']]);
    dialogue('One turn with a summary', [[bo.id, 'Agreed.']], 'Short check-in after the meeting.');
    dialogue('One turn, nobody named', [[null, 'Someone at the back asked about the bus.']]);
    // Lines inside a turn that look like "Heading: value" must stay in the turn, not start new ones.
    dialogue('Multi-line turns', [
      [anna.id, 'Two things.\nAgenda: the Tuesday table\nTime: after school'],
      [bo.id, 'Fine by me.'],
    ]);
    dialogue('An empty turn', [
      [anna.id, 'Any questions?'],
      [bo.id, ''],
      [anna.id, 'Then we stop here.'],
    ]);
    const before = dialoguesOf(db, project.id);

    const file = await callOrThrow(db, 'exchange:qdpx', { project_id: project.id, real_names: true });
    const { db: other } = tempDatabase();
    // The empty turn's selection is empty as well: no "points outside its text" in the preview.
    const preview = await callOrThrow(other, 'exchange:qdpxPreview', { data_base64: file.data_base64 });
    expect(preview.skipped.filter((entry) => /selection/.test(entry.what))).toEqual([]);
    const result = await callOrThrow(other, 'exchange:qdpxImport', { data_base64: file.data_base64 });
    const after = dialoguesOf(other, result.project_id);

    const turnCount = [...before.values()].reduce((sum, d) => sum + d.turns.length, 0);
    expect(result.created).toMatchObject({ dialogues: before.size, turns: turnCount });
    expect(after.size).toBe(before.size);
    for (const [title, expected] of before) expect({ title, ...after.get(title) }).toEqual({ title, ...expected });
  });

  it('still reads one-line texts of other tools as notes, even with a selection named like a turn that is not one', async () => {
    const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const texts = { [GUID(2)]: 'Agenda: the Tuesday table', [GUID(3)]: 'Agenda: the Tuesday table', [GUID(4)]: 'R: Since the table started.' };
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Other tool" origin="Another tool">
  <Users><User guid="${GUID(1)}" name="Coder"/></Users>
  <Sources>
    <TextSource guid="${GUID(2)}" name="Plain" plainTextPath="internal://${GUID(2)}.txt"/>
    <TextSource guid="${GUID(3)}" name="Named selection" plainTextPath="internal://${GUID(3)}.txt">
      <PlainTextSelection guid="${GUID(5)}" name="Agenda, turn 1" startPosition="0" endPosition="25"/>
    </TextSource>
    <TextSource guid="${GUID(4)}" name="One speaker line" plainTextPath="internal://${GUID(4)}.txt"/>
  </Sources>
</Project>`;
    const files = Object.fromEntries(Object.entries(texts).map(([guid, text]) => [`sources/${guid}.txt`, strToU8(text)]));
    const bytes = zipSync({ 'project.qde': strToU8(qde), ...files });
    const { db } = tempDatabase();
    const preview = await callOrThrow(db, 'exchange:qdpxPreview', { data_base64: Buffer.from(bytes).toString('base64') });
    expect(preview.sources.map((source) => [source.name, source.transcript])).toEqual([
      ['Plain', null],
      ['Named selection', null],
      ['One speaker line', null],
    ]);
    const result = await callOrThrow(db, 'exchange:qdpxImport', { data_base64: Buffer.from(bytes).toString('base64') });
    expect(result.created).toMatchObject({ field_notes: 3, dialogues: 0, turns: 0 });
  });
});
