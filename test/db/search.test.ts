import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createCode } from '../../db/repositories/codes.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { addTurn, createDialogue, trashDialogue } from '../../db/repositories/dialogues.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createNote, trashNote, updateNote } from '../../db/repositories/notes.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { findMatch, parseQuery, searchEvents, speakerMap, splitSnippet, HIT_END, HIT_START } from '../../db/repositories/search.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { insertCoding } from '../../db/repositories/coding.js';
import { tempDatabase } from '../helpers/temp.js';
import { NASTY_QUERIES } from './search-queries.js';


function seed(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const other = createProject(db, { title: 'Sydby' });
  const cycle1 = createCycle(db, { project_id: project.id, title: 'Lytte' });
  const cycle2 = createCycle(db, { project_id: project.id, title: 'Prøve' });
  const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'public' });
  const carla = createStakeholder(db, { project_id: project.id, pseudonym: 'Carla', sector: 'voluntary' });
  const code = createCode(db, { project_id: project.id, name: 'Mødesteder' });
  const child = createCode(db, { project_id: project.id, name: 'Bageriet', parent_id: code.id });
  const titleNote = createNote(db, {
    project_id: project.id,
    cycle_id: cycle1.id,
    phase: 'observe',
    title: 'Bageriet om morgenen',
    body: 'Vi sad ved det lange bord og drak kaffe.',
    occurred_at: '2025-09-01T08:00:00.000Z',
    stakeholder_ids: [anna.id],
  });
  const bodyNote = createNote(db, {
    project_id: project.id,
    cycle_id: cycle2.id,
    phase: 'act',
    title: 'En tirsdag',
    body: 'Lang tekst om mange ting. Vi talte om byen, om vejret, om bussen og om hvem der kommer. Til sidst nævnte Anna bageriet, hvor hun køber brød. Så gik vi hjem igen efter en lang dag med mange samtaler og kaffe.',
    occurred_at: '2025-10-01T08:00:00.000Z',
    stakeholder_ids: [bo.id],
  });
  const softNote = createNote(db, {
    project_id: project.id,
    title: 'Bløde værdier',
    body: 'De bløde værdier fylder mere end tallene. Om et år ved vi mere. Der står en blode skrivefejl her.',
    occurred_at: '2025-11-01T08:00:00.000Z',
  });
  const dialogue = createDialogue(
    db,
    { project_id: project.id, kind: 'workshop', title: 'Workshop i salen', cycle_id: cycle2.id, phase: 'act', occurred_at: '2025-10-05T10:00:00.000Z', summary: 'Vi talte om ensomhed.' },
    [anna.id, carla.id],
  );
  const turn1 = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Jeg er ikke ensom, jeg er bare alene. Ensom er et hårdt ord.' });
  const turn2 = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: carla.id, text: 'Ensom, ensom, ensom: det siger de aldrig selv.' });
  const withness = createReflection(db, {
    project_id: project.id,
    mode: 'withness',
    title: 'Ved døren',
    body: 'Jeg stod ved døren og følte mig som en gæst. Ensom i rummet.',
    written_at: '2025-10-06T20:00:00.000Z',
    cycle_id: cycle2.id,
    phase: 'reflect',
  });
  const aboutness = createReflection(db, {
    project_id: project.id,
    mode: 'aboutness',
    title: 'Om ensomhed',
    body: 'Litteraturen om ensomhed.',
    written_at: '2025-10-07T20:00:00.000Z',
  });
  const entry = createPhaseEntry(db, { cycle_id: cycle1.id, phase: 'plan', body: 'Vi planlægger at lytte til ensomme borgere.', author: 'Ida' });
  const foreign = createNote(db, { project_id: other.id, title: 'Bageriet i Sydby', body: 'Ensom kaffe.' });
  insertCoding(db, { project_id: project.id, code_id: child.id, target_type: 'turn', target_id: turn1.id, excerpt: null });
  return { project, other, cycle1, cycle2, anna, bo, carla, code, child, titleNote, bodyNote, softNote, dialogue, turn1, turn2, withness, aboutness, entry, foreign };
}

const ids = (result: ReturnType<typeof searchEvents>) => result.hits.map((hit) => hit.id);

describe('parseQuery', () => {
  it('quotes every word, makes the last a prefix and ignores punctuation and operators', () => {
    expect(parseQuery('bløde værdier').match).toBe('"bløde" AND "værdier"*');
    expect(parseQuery('kaffe OR te').match).toBe('"kaffe" AND "OR" AND "te"*');
    expect(parseQuery('-x col:y ^z (a)').match).toBe('"x" AND "col" AND "y" AND "z" AND "a"*');
    expect(parseQuery('!?.,;').match).toBeUndefined();
    expect(parseQuery('').terms).toEqual([]);
  });

  it('turns balanced quotes into phrases and leaves a lone quote as punctuation', () => {
    expect(parseQuery('"ikke ensom" alene')).toEqual({
      match: '"alene"* AND "ikke ensom"',
      // The word also by its stem; the phrase only as written.
      stemmed: '("alene"* OR "alen")',
      exactOnly: '"ikke ensom"',
      terms: [
        { kind: 'word', words: ['alene'], prefix: true, exact: false, stems: ['alen'] },
        { kind: 'phrase', words: ['ikke', 'ensom'], prefix: false, exact: true, stems: [] },
      ],
    });
    // A query that ends with a phrase has no prefix word.
    expect(parseQuery('alene "ikke ensom"').match).toBe('"alene" AND "ikke ensom"');
    expect(parseQuery('"ikke ensom').match).toBe('"ikke" AND "ensom"*');
    expect(parseQuery('"kaffe"').match).toBe('"kaffe"*');
    expect(parseQuery('""').match).toBeUndefined();
  });

  it('keeps Danish letters as they are', () => {
    expect(parseQuery('Æble ØL år').match).toBe('"Æble" AND "ØL" AND "år"*');
  });
});

describe('splitSnippet and findMatch', () => {
  it('splits on the markers and never lets a marker through', () => {
    expect(splitSnippet(`a ${HIT_START}b${HIT_END} c`)).toEqual([
      { text: 'a ', hit: false },
      { text: 'b', hit: true },
      { text: ' c', hit: false },
    ]);
    expect(splitSnippet(`${HIT_START}open`)).toEqual([{ text: 'open', hit: true }]);
  });

  it('finds the first match in code points, whole words except the prefix', () => {
    const terms = parseQuery('ensom').terms;
    expect(findMatch('😀 Uensom. Ensomhed', terms)).toEqual({ start: 10, end: 18 });
    expect(findMatch('ikke her', terms)).toBeUndefined();
    expect(findMatch('Jeg er IKKE   ensom.', parseQuery('"ikke ensom"').terms)).toEqual({ start: 7, end: 19 });
    // "år" is not "ar", and a whole word (not last) must end where the word ends.
    expect(findMatch('et par år', parseQuery('år').terms)).toEqual({ start: 7, end: 9 });
    expect(findMatch('årene og år', parseQuery('år kaffe').terms)).toEqual({ start: 9, end: 11 });
  });
});

describe('searchEvents', () => {
  it('ranks a title match above a body match, and more matches higher', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const bakery = searchEvents(db, { projectId: s.project.id, query: 'bageriet' });
    expect(ids(bakery).slice(0, 2)).toEqual([s.titleNote.id, s.bodyNote.id]);
    expect(bakery.total).toBe(2);
    expect(bakery.hits.map((hit) => hit.rank)).toEqual([1, 2]);

    const lonely = searchEvents(db, { projectId: s.project.id, query: 'ensom', filters: { types: ['turn'] } });
    // Three times "ensom" in one turn outranks twice in the other.
    expect(ids(lonely)).toEqual([s.turn2.id, s.turn1.id]);
  });

  it('marks the query words in snippets and gives the match offset in the text', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const [hit] = searchEvents(db, { projectId: s.project.id, query: 'alene' }).hits;
    expect(hit).toMatchObject({ type: 'turn', id: s.turn1.id, dialogue_id: s.dialogue.id, cycle_id: s.cycle2.id, phase: 'act' });
    expect(hit!.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['alene']);
    expect(hit!.snippet.map((part) => part.text).join('')).toContain('jeg er bare alene');
    expect(hit!.match).toEqual({ start: 31, end: 36 });
    expect(Array.from(hit!.text).slice(31, 36).join('')).toBe('alene');
    // A title-only match has no offset in the text.
    const title = searchEvents(db, { projectId: s.project.id, query: 'morgenen' }).hits[0]!;
    expect(title.id).toBe(s.titleNote.id);
    expect(title.match).toBeNull();
    expect(title.snippet.some((part) => part.hit && part.text === 'morgenen')).toBe(true);
  });

  it('matches the last word as a prefix', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'planlæg' }))).toEqual([s.entry.id]);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'bløde vær' }))).toEqual([s.softNote.id]);
    // Only the last word is a prefix: "bløde vær" needs the whole word "bløde".
    expect(searchEvents(db, { projectId: s.project.id, query: 'blø vær' }).total).toBe(0);
  });

  it('keeps æ, ø and å distinct from a and o', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const soft = searchEvents(db, { projectId: s.project.id, query: 'bløde' });
    expect(ids(soft)).toEqual([s.softNote.id]);
    const marked = soft.hits[0]!.snippet.filter((part) => part.hit).map((part) => part.text.toLowerCase());
    expect(marked.length).toBeGreaterThan(0);
    expect(new Set(marked)).toEqual(new Set(['bløde']));
    expect(soft.hits[0]!.match).toEqual({ start: 3, end: 8 });
    // "blode" (a typo in the text) is found as itself, and never as "bløde".
    const typo = searchEvents(db, { projectId: s.project.id, query: 'blode' });
    expect(typo.hits[0]!.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['blode']);
    // "år" finds the note with "år", not "ar…" words; upper case finds it too.
    for (const query of ['år', 'ÅR', '"år"']) expect(ids(searchEvents(db, { projectId: s.project.id, query }))).toEqual([s.softNote.id]);
    expect(searchEvents(db, { projectId: s.project.id, query: 'ar' }).total).toBe(0);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'døren' }))).toEqual([s.withness.id]);
    expect(searchEvents(db, { projectId: s.project.id, query: 'doren' }).total).toBe(0);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'hård' }))).toEqual([s.turn1.id]);
  });

  it('searches phrases in order', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: '"ikke ensom"' }))).toEqual([s.turn1.id]);
    expect(searchEvents(db, { projectId: s.project.id, query: '"ensom ikke"' }).total).toBe(0);
  });

  it('filters by cycle, phase, type, stakeholder, sector, code (with the codes below it) and mode', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const find = (filters: Parameters<typeof searchEvents>[1]['filters']) =>
      ids(searchEvents(db, { projectId: s.project.id, query: 'ensom', filters, limit: 100 })).sort();
    const all = find({});
    expect(all).toEqual([s.turn1.id, s.turn2.id, s.withness.id, s.aboutness.id, s.dialogue.id, s.entry.id].sort());
    expect(find({ cycle_ids: [s.cycle1.id] })).toEqual([s.entry.id]);
    expect(find({ phases: ['reflect'] })).toEqual([s.withness.id]);
    expect(find({ types: ['reflection', 'phase_entry'] })).toEqual([s.withness.id, s.aboutness.id, s.entry.id].sort());
    expect(find({ stakeholder_ids: [s.anna.id] })).toEqual([s.turn1.id, s.dialogue.id].sort());
    expect(find({ sectors: ['voluntary'] })).toEqual([s.turn2.id, s.dialogue.id].sort());
    expect(find({ sectors: ['public'] })).toEqual([]);
    expect(find({ code_ids: [s.code.id] })).toEqual([s.turn1.id]);
    expect(find({ code_ids: [s.child.id] })).toEqual([s.turn1.id]);
    // Modes narrow the reflections only, as on the timeline.
    expect(find({ modes: ['aboutness'] })).toEqual(all.filter((id) => id !== s.withness.id));
    expect(find({ modes: ['withness'], types: ['reflection'] })).toEqual([s.withness.id]);
    expect(find({ types: ['turn'], stakeholder_ids: [s.carla.id], cycle_ids: [s.cycle2.id] })).toEqual([s.turn2.id]);
  });

  it('keeps to the project, leaves out the trash, and follows edits', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'Sydby' }))).toEqual([]);
    expect(ids(searchEvents(db, { projectId: s.other.id, query: 'bageriet' }))).toEqual([s.foreign.id]);
    // Without a project: every live project.
    expect(searchEvents(db, { query: 'bageriet' }).total).toBe(3);
    trashEntity(db, 'project', s.other.id);
    expect(searchEvents(db, { query: 'bageriet' }).total).toBe(2);

    trashNote(db, s.titleNote.id);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'bageriet' }))).toEqual([s.bodyNote.id]);
    trashDialogue(db, s.dialogue.id);
    expect(searchEvents(db, { projectId: s.project.id, query: 'alene' }).total).toBe(0);
    updateNote(db, s.bodyNote.id, { body: 'Nu handler den om rugbrød.' });
    expect(searchEvents(db, { projectId: s.project.id, query: 'bageriet' }).total).toBe(0);
    expect(ids(searchEvents(db, { projectId: s.project.id, query: 'rugbrød' }))).toEqual([s.bodyNote.id]);
  });

  it('pages with a total count, and lists by time when the query is blank', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const first = searchEvents(db, { projectId: s.project.id, query: 'ensom', limit: 4 });
    const second = searchEvents(db, { projectId: s.project.id, query: 'ensom', limit: 4, offset: 4 });
    expect(first.total).toBe(6);
    expect(second.total).toBe(6);
    expect(first.hits).toHaveLength(4);
    expect(second.hits.map((hit) => hit.rank)).toEqual([5, 6]);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(6);

    const blank = searchEvents(db, { projectId: s.project.id, query: '  ', filters: { stakeholder_ids: [s.anna.id] } });
    expect(blank.nothing_to_search).toBe(false);
    expect(ids(blank)).toEqual([s.turn1.id, s.dialogue.id, s.titleNote.id]);
    const oldest = searchEvents(db, { projectId: s.project.id, query: '', filters: { stakeholder_ids: [s.anna.id] }, order: 'oldest' });
    expect(ids(oldest)[0]).toBe(s.titleNote.id);
    expect(blank.hits.every((hit) => hit.snippet.length === 0 && hit.match === null)).toBe(true);
  });

  it('says when there is nothing to search for', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    expect(searchEvents(db, { projectId: s.project.id, query: '!?*' })).toEqual({ total: 0, total_is_estimate: false, ranked_among: null, hits: [], terms: [], nothing_to_search: true });
  });

  it('never throws for nasty queries', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    for (const query of NASTY_QUERIES) {
      const result = searchEvents(db, { projectId: s.project.id, query, limit: 100 });
      expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
    }
    // "kaffe" hidden among operators still finds the coffee.
    expect(searchEvents(db, { projectId: s.project.id, query: '((kaffe' }).total).toBe(2);
    expect(searchEvents(db, { projectId: s.project.id, query: 'NOT kaffe' }).total).toBe(0);
  });

  it('never throws for arbitrary strings (property)', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          fc.array(fc.constantFrom('"', '*', '^', ':', '-', '(', ')', 'NEAR', 'AND', 'OR', 'NOT', ' ', 'ensom', 'æ', 'ø', 'å', '{', '}', '+', ','), { maxLength: 30 }).map((parts) => parts.join('')),
        ),
        (query) => {
          const result = searchEvents(db, { projectId: s.project.id, query });
          expect(result.hits.length).toBeLessThanOrEqual(result.total);
          for (const hit of result.hits) for (const part of hit.snippet) expect(part.text).not.toMatch(/[\u0001\u0002]/);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('speakerMap', () => {
  it('counts turns, notes and dialogues per stakeholder and cycle, grouped by sector', () => {
    const { db } = tempDatabase();
    const s = seed(db);
    const map = speakerMap(db, s.project.id);
    expect(map.columns.map((column) => [column.cycle_id, column.number])).toEqual([
      [s.cycle1.id, '1'],
      [s.cycle2.id, '2'],
    ]);
    expect(map.rows.map((row) => [row.pseudonym, row.sector])).toEqual([
      ['Anna', 'citizen'],
      ['Carla', 'voluntary'],
      ['Bo', 'public'],
    ]);
    const anna = map.rows[0]!;
    expect(anna.cells.map((cell) => [cell.turns, cell.notes, cell.dialogues])).toEqual([
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(anna).toMatchObject({ turns: 1, notes: 1, dialogues: 1 });
    expect(map.rows[2]!.cells.map((cell) => cell.notes)).toEqual([0, 1]);
    // Events outside any cycle get a column of their own.
    const outsideNote = createNote(db, { project_id: s.project.id, title: 'Uden cyklus', stakeholder_ids: [s.bo.id] });
    const withOutside = speakerMap(db, s.project.id);
    expect(withOutside.columns.at(-1)).toEqual({ cycle_id: null, number: '', title: '' });
    expect(withOutside.rows[2]!.cells.map((cell) => cell.notes)).toEqual([0, 1, 1]);
    // A note in the trash no longer counts.
    trashNote(db, outsideNote.id);
    expect(speakerMap(db, s.project.id).rows[2]!.notes).toBe(1);

    trashDialogue(db, s.dialogue.id);
    expect(speakerMap(db, s.project.id).rows[0]).toMatchObject({ turns: 0, dialogues: 0, notes: 1 });
    expect(speakerMap(db, s.other.id)).toEqual({ columns: [], rows: [] });
  });
});

describe('search with Danish and English stems (issue 13)', () => {
  function forms(db: Db) {
    const project = createProject(db, { title: 'Nordby' });
    const cycle = createCycle(db, { project_id: project.id, title: 'Lytte' });
    const at = (day: number) => `2025-09-${String(day).padStart(2, '0')}T08:00:00.000Z`;
    const door = createNote(db, { project_id: project.id, title: 'Indgangen', body: 'Hun bankede på døren og ventede.', occurred_at: at(1) });
    const doors = createNote(db, { project_id: project.id, title: 'Gangen', body: 'Alle dørene stod åbne.', occurred_at: at(2) });
    const oneDoor = createNote(db, { project_id: project.id, title: 'Vinden', body: 'En dør slog i vinden.', occurred_at: at(3) });
    const lonely = createReflection(db, { project_id: project.id, title: 'Blandt andre', body: 'De ensomme borgere kom alligevel.', written_at: at(4) });
    const loneliness = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Vi vil forstå ensomheden i byen.', author: 'Ida' });
    const alone = createNote(db, { project_id: project.id, title: 'Bænken', body: 'Han var ensom på bænken ved døren.', occurred_at: at(5) });
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'meeting', title: 'Styregruppen', occurred_at: at(6) }, []);
    const meetings = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'We had two meetings with the volunteers.' });
    const meeting = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'The meeting ran late.' });
    return { project, door, doors, oneDoor, lonely, loneliness, alone, dialogue, meetings, meeting };
  }
  const found = (db: Db, projectId: string, query: string) => ids(searchEvents(db, { projectId, query, limit: 100 }));

  it('finds the other forms of a word: dør → døren, dørene; ensom → ensomme, ensomheden; meeting → meetings', () => {
    const { db } = tempDatabase();
    const s = forms(db);
    const p = s.project.id;
    // Whole words (not the last word typed, which is also a prefix) find every form that shares their stem.
    expect(found(db, p, 'dør ventede')).toEqual([s.door.id]);
    expect(found(db, p, 'ensom byen')).toEqual([s.loneliness.id]);
    expect(found(db, p, 'ensom borgere')).toEqual([s.lonely.id]);
    expect(found(db, p, 'meeting volunteers')).toEqual([s.meetings.id]);
    // And the longer forms, typed in full, find the shorter ones.
    expect(found(db, p, 'dørene').sort()).toEqual([s.door.id, s.doors.id, s.oneDoor.id, s.alone.id].sort());
    expect(found(db, p, 'ensomheden').sort()).toEqual([s.lonely.id, s.loneliness.id, s.alone.id].sort());
    expect(found(db, p, 'meetings').sort()).toEqual([s.meetings.id, s.meeting.id].sort());
    const result = searchEvents(db, { projectId: p, query: 'dørene' });
    expect(result.total).toBe(4);
    expect(result.terms).toEqual([{ kind: 'word', words: ['dørene'], prefix: true, exact: false, stems: ['dør'] }]);
  });

  it('ranks every exact match above those found through stems, each group by bm25', () => {
    const { db } = tempDatabase();
    const s = forms(db);
    // Exact: one "dørene" in a longer body. Found through the stem: "Døren" in a title, where words weigh three times.
    const long = createNote(db, {
      project_id: s.project.id,
      title: 'En lang dag',
      body: `${'Vi talte om mange ting den dag. '.repeat(20)}Til sidst lukkede hun dørene.`,
      occurred_at: '2020-01-01T08:00:00.000Z',
    });
    const titled = createNote(db, { project_id: s.project.id, title: 'Døren', body: 'Døren.', occurred_at: '2026-01-01T08:00:00.000Z' });
    const result = found(db, s.project.id, 'dørene');
    expect(result.slice(0, 2).sort()).toEqual([s.doors.id, long.id].sort());
    expect(result.slice(2).sort()).toEqual([s.door.id, s.oneDoor.id, s.alone.id, titled.id].sort());
    // Among the exact matches, and among the others, bm25 decides: the title counts there as before.
    expect(result[0]).toBe(s.doors.id);
    expect(result[2]).toBe(titled.id);
  });

  it('matches "quoted phrases" and words in quotes only as written', () => {
    const { db } = tempDatabase();
    const s = forms(db);
    const p = s.project.id;
    expect(found(db, p, '"ensomme borgere"')).toEqual([s.lonely.id]);
    createNote(db, { project_id: p, title: 'Én', body: 'En ensom borger på torvet.' });
    expect(found(db, p, '"ensomme borgere"')).toEqual([s.lonely.id]);
    expect(found(db, p, '"ensom borger"').length).toBe(1);
    expect(found(db, p, 'ensomme borgere').length).toBe(2);
    // A word in quotes is not stemmed: "dørene" finds "dørene" and nothing else; beside a stemmed word too.
    expect(found(db, p, '"dørene"')).toEqual([s.doors.id]);
    expect(found(db, p, '"døren" ensom')).toEqual([s.alone.id]);
    expect(found(db, p, 'ensom "døren"')).toEqual([s.alone.id]);
    expect(found(db, p, '"dør" ensomme')).toEqual([]);
    // (The last word stays a prefix in quotes too, as it always was: "dør" finds "døren" there.)
    expect(found(db, p, 'ensomme "dør"')).toEqual([s.alone.id]);
    // A phrase beside a stemmed word: the phrase as written, the word in any form.
    expect(found(db, p, 'bænk "på bænken"')).toEqual([s.alone.id]);
    expect(found(db, p, 'bænk "på bænk"')).toEqual([]);
  });

  it('marks the form found in the snippet, and says where it stands in the text', () => {
    const { db } = tempDatabase();
    const s = forms(db);
    const hits = searchEvents(db, { projectId: s.project.id, query: 'dørene', limit: 10 }).hits;
    const byId = new Map(hits.map((hit) => [hit.id, hit]));
    const one = byId.get(s.oneDoor.id)!;
    expect(one.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['dør']);
    expect(one.match).toEqual({ start: 3, end: 6 });
    const door = byId.get(s.door.id)!;
    expect(door.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['døren']);
    expect(Array.from(door.text).slice(door.match!.start, door.match!.end).join('')).toBe('døren');
    // A turn and a phase entry found through stems know where their match is, as notes do.
    const meeting = searchEvents(db, { projectId: s.project.id, query: 'meetings' }).hits.find((hit) => hit.id === s.meeting.id)!;
    expect(meeting.match).toEqual({ start: 4, end: 11 });
    const plan = searchEvents(db, { projectId: s.project.id, query: 'ensomme' }).hits.find((hit) => hit.id === s.loneliness.id)!;
    expect(Array.from(plan.text).slice(plan.match!.start, plan.match!.end).join('')).toBe('ensomheden');
    expect(findMatch('Vi så døren.', parseQuery('dørene').terms, true)).toEqual({ start: 6, end: 11 });
    expect(findMatch('Vi så døren.', parseQuery('dørene').terms)).toBeUndefined();
  });

  it('leaves words it cannot stem to the exact index, and never lets stems reach MATCH as syntax', () => {
    const { db } = tempDatabase();
    const s = forms(db);
    expect(parseQuery('Istanbul İstanbul').stemmed).toBeUndefined();
    expect(parseQuery('الكتاب').stemmed).toBeUndefined();
    // A single prefix word that is its own stem finds what the prefix finds: no second index is asked.
    expect(parseQuery('dør').stemmed).toBeUndefined();
    expect(parseQuery('dør').match).toBe('"dør"*');
    for (const query of NASTY_QUERIES) {
      expect(() => searchEvents(db, { projectId: s.project.id, query }), query).not.toThrow();
      expect(() => searchEvents(db, { projectId: s.project.id, query, filters: { types: ['field_note', 'turn'] }, order: 'newest' }), query).not.toThrow();
    }
  });
});
