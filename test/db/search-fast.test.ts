import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { describeEvent, EVENT_TYPES, type EventType } from '../../db/repositories/events.js';
import { createNote, trashNote } from '../../db/repositories/notes.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { createProject } from '../../db/repositories/projects.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { eventRefsOf, searchEvents, type SearchRequest } from '../../db/repositories/search.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { restoreTrashGroup, listTrash } from '../../db/repositories/trash.js';
import { createBackup, restoreIntoOpenJournal } from '../../db/backup.js';
import { tempDatabase } from '../helpers/temp.js';

/**
 * The ranked search without filters takes a fast path (bm25 from the index alone, the page's events and
 * snippets afterwards, liveness from a list of excluded documents kept while nothing is written). These tests
 * hold it to the general path: with a filter that lets everything through, the query goes the general way
 * (a join with the per-match conditions), and both must give the very same results.
 */
const ALL_KINDS = { types: [...EVENT_TYPES] };

function both(db: Db, request: SearchRequest) {
  // Ranked just as far as the page needs (no ranking ahead, nothing remembered), so that pages end inside
  // groups of ties.
  const fast = searchEvents(db, { ...request, tuning: { rankAhead: 0, remember: false } });
  const general = searchEvents(db, { ...request, filters: ALL_KINDS });
  expect(fast).toEqual(general);
  // And ranked ahead, served from the remembered ranking for the pages after the first.
  expect(searchEvents(db, request)).toEqual(general);
  return fast;
}

const ids = (result: ReturnType<typeof searchEvents>) => result.hits.map((hit) => hit.id);

function manyTies(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  // Twenty notes with the very same words score the same: newest first among them, then by id.
  const same = Array.from({ length: 20 }, (_, i) =>
    createNote(db, {
      project_id: project.id,
      title: 'Kaffe',
      body: 'Vi drak kaffe ved bordet.',
      // Pairs share a time, so the id decides within each pair; the earlier written are the newer, so that
      // neither the order of writing nor its reverse is the order wanted.
      occurred_at: `2025-01-${String(20 - (i % 10) * 2 - Math.floor(i / 10)).padStart(2, '0')}T08:00:00.000Z`,
    }),
  );
  // Two that score better (the word in the title and a short body) and sixty that score worse, each a little
  // worse than the one before (longer bodies), so that a page can end inside the tied group or after it.
  const best = createNote(db, { project_id: project.id, title: 'Kaffe kaffe', body: 'Kaffe.', occurred_at: '2024-01-01T08:00:00.000Z' });
  const good = createNote(db, { project_id: project.id, title: 'Kaffe', body: 'Kaffe.', occurred_at: '2024-02-01T08:00:00.000Z' });
  const worse = Array.from({ length: 60 }, (_, i) =>
    createNote(db, {
      project_id: project.id,
      title: 'En lang dag',
      body: `${'Vi talte om mange ting. '.repeat(5 + i)}Til sidst kaffe.`,
      occurred_at: '2026-01-01T08:00:00.000Z',
    }),
  );
  return { project, same, best, good, worse };
}

describe('searchEvents fast path', () => {
  it('ranks ties newest first across page boundaries, exactly as the general path does', () => {
    const { db } = tempDatabase();
    const s = manyTies(db);
    const byTime = [...s.same].sort((a, b) => (a.occurred_at === b.occurred_at ? (a.id < b.id ? 1 : -1) : a.occurred_at < b.occurred_at ? 1 : -1));
    const whole = both(db, { projectId: s.project.id, query: 'kaffe', limit: 100 });
    expect(whole.total).toBe(82);
    const expected = ids(whole);
    expect(expected.slice(0, 22)).toEqual([s.best.id, s.good.id, ...byTime.map((note) => note.id)]);
    expect(expected.slice(22)).toEqual(s.worse.map((note) => note.id));

    // Pages of every size cut through the tied group somewhere: they must join up without gaps or repeats.
    for (const limit of [1, 4, 7, 16, 30]) {
      const pages: string[] = [];
      for (let offset = 0; offset < 82; offset += limit) {
        const page = both(db, { projectId: s.project.id, query: 'kaffe', limit, offset });
        expect(page.total).toBe(82);
        expect(page.hits.map((hit) => hit.rank)).toEqual(page.hits.map((_, i) => offset + i + 1));
        pages.push(...ids(page));
      }
      expect(pages).toEqual(expected);
    }
    expect(both(db, { projectId: s.project.id, query: 'kaffe', limit: 10, offset: 90 }).hits).toEqual([]);
  });

  it('ranks the exact matches first and those found through stems after, across page boundaries, as the general path does', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
    const at = (i: number) => `2025-01-${String(1 + (i % 20)).padStart(2, '0')}T08:00:00.000Z`;
    // "kaffen" as written (ties in pairs of times), and "kaffe", "kaffes" sharing its stem, some in the title.
    const exact = Array.from({ length: 30 }, (_, i) => createNote(db, { project_id: project.id, title: 'Morgen', body: 'Kaffen var kold.', occurred_at: at(i) }));
    const stemmed = Array.from({ length: 40 }, (_, i) =>
      createNote(db, { project_id: project.id, title: i % 5 === 0 ? 'Kaffe' : 'Dag', body: i % 2 ? 'Vi drak kaffe.' : 'Kaffes duft.', occurred_at: at(i) }),
    );
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', title: 'Samtale', occurred_at: '2025-03-01T10:00:00.000Z' }, [anna.id]);
    const turns = Array.from({ length: 6 }, () => addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Mere kaffe, tak.' }));
    createNote(db, { project_id: project.id, title: 'Te', body: 'Kun te.' });
    const whole = both(db, { projectId: project.id, query: 'kaffen', limit: 100 });
    expect(whole.total).toBe(76);
    const order = ids(whole);
    expect(new Set(order.slice(0, 30))).toEqual(new Set(exact.map((note) => note.id)));
    expect(new Set(order.slice(30))).toEqual(new Set([...stemmed, ...turns].map((event) => event.id)));
    for (const limit of [1, 7, 16, 29, 31]) {
      const pages: string[] = [];
      for (let offset = 0; offset < 76; offset += limit) {
        const page = both(db, { projectId: project.id, query: 'kaffen', limit, offset });
        expect(page.total).toBe(76);
        expect(page.hits.every((hit) => hit.snippet.some((part) => part.hit))).toBe(true);
        pages.push(...ids(page));
      }
      expect(pages).toEqual(order);
    }
    // A word with a phrase: the phrase as written, the word by its stem too.
    expect(both(db, { projectId: project.id, query: 'kaffen "vi drak"', limit: 100 }).total).toBe(20);
    expect(both(db, { projectId: project.id, query: '"vi drak" kaffen', limit: 100 }).total).toBe(20);
    // The turns of a dialogue in the trash stay out of both tiers.
    trashEntity(db, 'dialogue', dialogue.id);
    expect(both(db, { projectId: project.id, query: 'kaffen', limit: 100 }).total).toBe(70);
    expect(both(db, { projectId: project.id, query: 'kaffen', limit: 10, offset: 25 }).hits).toHaveLength(10);
  });

  it('leaves out the turns of a dialogue in the trash, counts without them, and takes them back on restore', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', title: 'Samtale', occurred_at: '2025-03-01T10:00:00.000Z' }, [anna.id]);
    const turns = Array.from({ length: 5 }, (_, i) => addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: `Bussen kommer ${i} gange.` }));
    const notes = Array.from({ length: 60 }, (_, i) =>
      createNote(db, { project_id: project.id, title: `Note ${i}`, body: 'Bussen var sen.', occurred_at: `2025-02-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00.000Z` }),
    );
    expect(both(db, { projectId: project.id, query: 'bussen', limit: 50 }).total).toBe(65);

    // Trashing only the dialogue (its turns stay in the index) must hide the turns all the same.
    trashEntity(db, 'dialogue', dialogue.id);
    const hidden = both(db, { projectId: project.id, query: 'bussen', limit: 50 });
    expect(hidden.total).toBe(60);
    expect(hidden.hits).toHaveLength(50);
    expect(ids(hidden).some((id) => turns.some((turn) => turn.id === id))).toBe(false);
    expect(both(db, { projectId: project.id, query: 'bussen', limit: 50, offset: 50 }).hits).toHaveLength(10);
    expect(both(db, { query: 'bussen', limit: 100 }).total).toBe(60);

    const [item] = listTrash(db, project.id);
    restoreTrashGroup(db, item!.id);
    const back = both(db, { projectId: project.id, query: 'bussen', limit: 100 });
    expect(back.total).toBe(65);
    expect(new Set(ids(back))).toEqual(new Set([...turns, ...notes].map((event) => event.id)));
  });

  it('keeps other projects and projects in the trash out, for one project and for all', () => {
    const { db } = tempDatabase();
    const nordby = createProject(db, { title: 'Nordby' });
    const sydby = createProject(db, { title: 'Sydby' });
    const mine = Array.from({ length: 8 }, (_, i) => createNote(db, { project_id: nordby.id, title: `Kaffe ${i}`, body: 'kaffe' }));
    const theirs = Array.from({ length: 8 }, (_, i) => createNote(db, { project_id: sydby.id, title: 'Kaffe', body: `kaffe ${i} kaffe` }));
    const hits = both(db, { projectId: nordby.id, query: 'kaffe', limit: 5 });
    expect(hits.total).toBe(8);
    expect(hits.hits.every((hit) => hit.project_id === nordby.id)).toBe(true);
    expect(both(db, { query: 'kaffe', limit: 50 }).total).toBe(16);
    trashEntity(db, 'project', sydby.id);
    expect(new Set(ids(both(db, { query: 'kaffe', limit: 50 })))).toEqual(new Set(mine.map((note) => note.id)));
    // A project in the trash finds nothing.
    expect(searchEvents(db, { projectId: sydby.id, query: 'kaffe' })).toMatchObject({ total: 0, hits: [] });
    expect(theirs).toHaveLength(8);
  });

  it('checks per match in SQL when too many events lie outside the project to list, with the same results', () => {
    const { db } = tempDatabase();
    const nordby = createProject(db, { title: 'Nordby' });
    const sydby = createProject(db, { title: 'Sydby' });
    const anna = createStakeholder(db, { project_id: nordby.id, pseudonym: 'Anna', sector: 'citizen' });
    const dialogue = createDialogue(db, { project_id: nordby.id, kind: 'interview', title: 'Samtale' }, [anna.id]);
    addTurn(db, nordby.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Kaffe i salen.' });
    for (let i = 0; i < 6; i++) createNote(db, { project_id: nordby.id, title: 'Kaffe', body: `kaffe ${i}` });
    for (let i = 0; i < 6; i++) createNote(db, { project_id: sydby.id, title: 'Kaffe', body: `kaffe ${i}` });
    trashEntity(db, 'dialogue', dialogue.id);
    for (const request of [
      { projectId: nordby.id, query: 'kaffe', limit: 4 },
      { projectId: nordby.id, query: 'kaffe', limit: 4, offset: 4 },
      { query: 'kaffe', limit: 50 },
    ]) {
      const listed = searchEvents(db, request);
      const checked = searchEvents(db, { ...request, tuning: { maxExcluded: 0 } });
      expect(checked).toEqual(listed);
    }
    expect(searchEvents(db, { projectId: nordby.id, query: 'kaffe', tuning: { maxExcluded: 0 } }).total).toBe(6);
    expect(searchEvents(db, { query: 'kaffe', tuning: { maxExcluded: 0 } }).total).toBe(12);
  });

  it('ranks again after any write instead of paging through a remembered ranking', () => {
    const { db } = tempDatabase();
    const s = manyTies(db);
    const first = searchEvents(db, { projectId: s.project.id, query: 'kaffe', limit: 10 });
    expect(first.hits[0]!.id).toBe(s.best.id);
    const better = createNote(db, { project_id: s.project.id, title: 'Kaffe kaffe kaffe', body: 'Kaffe kaffe.' });
    const again = searchEvents(db, { projectId: s.project.id, query: 'kaffe', limit: 10, offset: 0 });
    expect(again.total).toBe(first.total + 1);
    expect(ids(again).slice(0, 2)).toEqual([better.id, s.best.id]);
    trashNote(db, better.id);
    expect(searchEvents(db, { projectId: s.project.id, query: 'kaffe', limit: 10 })).toEqual(first);
  });

  it('sees writes made through another connection and forgets what a rolled-back transaction showed', () => {
    const { db, file } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', title: 'Samtale' }, [anna.id]);
    const turn = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Bussen kom for sent.' });
    expect(ids(searchEvents(db, { projectId: project.id, query: 'bussen' }))).toEqual([turn.id]);

    const other = openDatabase(file);
    try {
      trashEntity(other, 'dialogue', dialogue.id);
      expect(searchEvents(db, { projectId: project.id, query: 'bussen' }).total).toBe(0);
      restoreTrashGroup(other, listTrash(other, project.id)[0]!.id);
      expect(ids(searchEvents(db, { projectId: project.id, query: 'bussen' }))).toEqual([turn.id]);
    } finally {
      other.close();
    }

    expect(() =>
      db.transaction(() => {
        trashEntity(db, 'dialogue', dialogue.id);
        expect(searchEvents(db, { projectId: project.id, query: 'bussen' }).total).toBe(0);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(ids(searchEvents(db, { projectId: project.id, query: 'bussen' }))).toEqual([turn.id]);
  });
});

describe('remembered search state after a restore', () => {
  it('forgets what it remembered when a backup is restored into the open journal', async () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const kept = createNote(db, { project_id: project.id, title: 'Kaffe', body: 'Vi drak kaffe.' });
    const backup = await createBackup(db, 'manual');
    const later = createNote(db, { project_id: project.id, title: 'Kaffe igen', body: 'Mere kaffe.' });
    expect(ids(searchEvents(db, { projectId: project.id, query: 'kaffe' })).sort()).toEqual([kept.id, later.id].sort());
    await restoreIntoOpenJournal(db, backup);
    expect(ids(searchEvents(db, { projectId: project.id, query: 'kaffe' }))).toEqual([kept.id]);
  });
});

describe('eventRefsOf', () => {
  it('describes every kind of event exactly as describeEvent does, live, trashed and missing', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const cycle = createCycle(db, { project_id: project.id, title: 'Lytte' });
    const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
    const note = createNote(db, { project_id: project.id, title: '', body: '## **Kaffe** ved [bordet](https://x.dk)\n\nmere', cycle_id: cycle.id, phase: 'act' });
    const titled = createNote(db, { project_id: project.id, title: 'Bageriet', body: 'brød' });
    const gone = createNote(db, { project_id: project.id, title: 'Væk', body: 'væk' });
    trashNote(db, gone.id);
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'workshop', title: '' }, [anna.id]);
    const spoken = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Jeg er ikke ensom 😀 '.repeat(10) });
    const nobody = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: 'Hvem sagde det?' });
    const entry = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: '- Vi planlægger at lytte.', author: 'Ida' });
    const reflection = createReflection(db, { project_id: project.id, mode: 'withness', title: '', body: '> Ved døren', written_at: '2025-10-06T20:00:00.000Z' });
    const trashedDialogue = createDialogue(db, { project_id: project.id, kind: 'meeting', title: 'Møde' });
    const orphan = addTurn(db, project.id, { dialogue_id: trashedDialogue.id, speaker_id: null, text: 'Sidste ord.' });
    trashEntity(db, 'dialogue', trashedDialogue.id);

    const events: { type: EventType; id: string }[] = [
      { type: 'field_note', id: note.id },
      { type: 'field_note', id: titled.id },
      { type: 'field_note', id: gone.id },
      { type: 'dialogue', id: dialogue.id },
      { type: 'dialogue', id: trashedDialogue.id },
      { type: 'turn', id: spoken.id },
      { type: 'turn', id: nobody.id },
      { type: 'turn', id: orphan.id },
      { type: 'phase_entry', id: entry.id },
      { type: 'reflection', id: reflection.id },
      { type: 'reflection', id: '0190f0f0-0000-7000-8000-000000000000' },
    ];
    const refs = eventRefsOf(db, events);
    for (const event of events) expect(refs.get(`${event.type}:${event.id}`)).toEqual(describeEvent(db, event.type, event.id));
    expect(refs.size).toBe(events.length - 1);
    expect(refs.get(`turn:${orphan.id}`)?.deleted).toBe(true);
    expect(refs.get(`field_note:${note.id}`)?.label).toBe('Kaffe ved bordet');
  });
});
