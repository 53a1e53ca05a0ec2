import { describe, expect, it } from 'vitest';
import { browseEvents, searchEvidence, toMatchExpression } from '../../db/repositories/evidence.js';
import { trashEntity, updateEntity } from '../../db/repositories/entities.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedCycle, seedDialogue, seedNote, seedProject, seedStakeholder, seedTurn } from '../helpers/seed.js';

const HOSTILE = [
  '"',
  '"unbalanced',
  'foo"bar',
  'NEAR(',
  'NEAR(a b, 2)',
  '*',
  'a*b*',
  '-',
  '-kaffe',
  ':',
  'title:kaffe',
  'body : x',
  'AND OR NOT',
  'kaffe AND',
  'OR',
  '(',
  ')',
  '((kaffe',
  'kaffe))',
  '',
  '   ',
  '!?.,;…—',
  '^kaffe',
  '{title body}: kaffe',
  "'; DROP TABLE events; --",
  '\u0000\u0001\u0002',
  'x'.repeat(10_000),
  'kaffe '.repeat(2_000),
  '😀🙂',
];

describe('toMatchExpression', () => {
  it('quotes each word, makes the last a prefix and requires all', () => {
    expect(toMatchExpression('kaffe i  biblioteket')).toBe('"kaffe" AND "i" AND "biblioteket"*');
    expect(toMatchExpression('Søren 2026')).toBe('"Søren" AND "2026"*');
  });

  it('keeps FTS5 syntax out of the expression and finds nothing in text without words', () => {
    expect(toMatchExpression('NEAR(a b) OR -c:d*')).toBe('"NEAR" AND "a" AND "b" AND "OR" AND "c" AND "d"*');
    for (const empty of ['', '   ', '!?.,;', '"', '()', '*', '-:']) expect(toMatchExpression(empty)).toBeUndefined();
  });

  it('keeps Danish letters inside words, also when typed decomposed', () => {
    expect(toMatchExpression('blåbærgrød')).toBe('"blåbærgrød"*');
    expect(toMatchExpression('bla\u030Abær')).toBe('"blåbær"*');
  });
});

describe('searchEvidence', () => {
  function seeded() {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const other = seedProject(db, 'Other');
    const karen = seedStakeholder(db, project, 'Karen');
    const note = seedNote(db, project, { title: 'Kaffe på biblioteket', body: 'Vi drak kaffe og talte om ensomhed.' });
    const danish = seedNote(db, project, { title: 'Høstfest', body: 'Blåbærgrød og æbler i haven; Søren fortalte om året.' });
    const dialogue = seedDialogue(db, project, { title: 'Workshop i Nordby', summary: 'Borgerne talte om fællesskab.' });
    const turn = seedTurn(db, project, dialogue, 'Jeg savner nogen at drikke kaffe med.', karen);
    const reflection = createReflection(db, { project_id: project, title: 'Om kaffe', body: 'Kaffen som anledning.' }).id;
    seedNote(db, other, { title: 'Kaffe elsewhere', body: 'kaffe kaffe kaffe' });
    return { db, project, other, note, danish, dialogue, turn, reflection };
  }

  it('finds live events of the project only, best first, with a plain-text snippet', () => {
    const { db, project, note, turn, reflection } = seeded();
    const hits = searchEvidence(db, project, 'kaffe');
    expect(hits.map((hit) => hit.id).sort()).toEqual([note, turn, reflection].sort());
    expect(hits.every((hit) => hit.project_id === project)).toBe(true);
    const turnHit = hits.find((hit) => hit.id === turn)!;
    expect(turnHit.type).toBe('turn');
    expect(turnHit.label).toMatch(/^Karen: Jeg savner/);
    expect(turnHit.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['kaffe']);
    expect(turnHit.snippet.map((part) => part.text).join('')).toBe('Jeg savner nogen at drikke kaffe med.');
  });

  it('matches prefixes of the last word and requires every word', () => {
    const { db, project, note, reflection } = seeded();
    expect(searchEvidence(db, project, 'bibliot').map((hit) => hit.id)).toEqual([note]);
    expect(searchEvidence(db, project, 'kaf').length).toBe(3);
    expect(searchEvidence(db, project, 'kaffe ensom').map((hit) => hit.id)).toEqual([note]);
    expect(searchEvidence(db, project, 'kaffe zebra')).toEqual([]);
    // "Kaffen" as written first; "kaffe" shares its stem and comes after.
    const kaffen = searchEvidence(db, project, 'Kaffen').map((hit) => hit.id);
    expect(kaffen[0]).toBe(reflection);
    expect(kaffen.length).toBe(3);
  });

  it('searches Danish words with æ, ø and å, also by prefix, without folding them', () => {
    const { db, project, danish } = seeded();
    expect(searchEvidence(db, project, 'blåbærgrød').map((hit) => hit.id)).toEqual([danish]);
    expect(searchEvidence(db, project, 'blåb').map((hit) => hit.id)).toEqual([danish]);
    expect(searchEvidence(db, project, 'æbl').map((hit) => hit.id)).toEqual([danish]);
    expect(searchEvidence(db, project, 'søren året').map((hit) => hit.id)).toEqual([danish]);
    expect(searchEvidence(db, project, 'høst').map((hit) => hit.id)).toEqual([danish]);
    // remove_diacritics 0: "aret" is not "året".
    expect(searchEvidence(db, project, 'aret')).toEqual([]);
  });

  it('filters by type and caps the number of hits', () => {
    const { db, project, turn } = seeded();
    expect(searchEvidence(db, project, 'kaffe', { types: ['turn'] }).map((hit) => hit.id)).toEqual([turn]);
    expect(searchEvidence(db, project, 'kaffe', { limit: 1 })).toHaveLength(1);
    expect(searchEvidence(db, project, 'kaffe', { limit: 10_000 }).length).toBeLessThanOrEqual(50);
  });

  it('leaves out trashed events', () => {
    const { db, project, note, turn, reflection } = seeded();
    trashEntity(db, 'field_note', note);
    expect(searchEvidence(db, project, 'kaffe').map((hit) => hit.id).sort()).toEqual([turn, reflection].sort());
  });

  it.each(HOSTILE.map((query) => [query.length > 40 ? `${query.slice(0, 20)}… (${query.length} chars)` : JSON.stringify(query), query]))(
    'never errors on the hostile query %s',
    (_name, query) => {
      const { db, project } = seeded();
      expect(() => searchEvidence(db, project, query)).not.toThrow();
      expect(Array.isArray(searchEvidence(db, project, query))).toBe(true);
    },
  );
});

describe('browseEvents', () => {
  it('lists live events newest first, by type and cycle, and pages through events that share a time', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const cycle = seedCycle(db, project);
    const early = seedNote(db, project, { body: 'early', occurred_at: '2026-01-01T09:00:00.000Z' });
    const inCycle = seedNote(db, project, { body: 'in cycle', occurred_at: '2026-02-01T09:00:00.000Z', cycle_id: cycle });
    const dialogue = seedDialogue(db, project, { occurred_at: '2026-03-01T09:00:00.000Z' });
    const turns = [1, 2, 3].map((n) => seedTurn(db, project, dialogue, `turn ${n}`, null, n));
    const trashed = seedNote(db, project, { body: 'trashed', occurred_at: '2026-04-01T09:00:00.000Z' });
    trashEntity(db, 'field_note', trashed);

    const all = browseEvents(db, project);
    // The dialogue and its turns share one time; among them the later-created come first.
    expect(all.map((event) => event.id)).toEqual([...[...turns].reverse(), dialogue, inCycle, early]);

    expect(browseEvents(db, project, { type: 'field_note' }).map((event) => event.id)).toEqual([inCycle, early]);
    expect(browseEvents(db, project, { cycleId: cycle }).map((event) => event.id)).toEqual([inCycle]);

    // Page by two: every event is seen exactly once, even the turns that share their dialogue's time.
    const seen: string[] = [];
    let page = browseEvents(db, project, { limit: 2 });
    while (page.length > 0) {
      seen.push(...page.map((event) => event.id));
      const last = page.at(-1)!;
      page = browseEvents(db, project, { limit: 2, before: last.occurred_at, beforeId: last.id });
    }
    expect(seen).toEqual(all.map((event) => event.id));
    expect(browseEvents(db, project, { before: '2026-02-01T09:00:00.000Z' }).map((event) => event.id)).toEqual([early]);
  });

  it('follows edits: an event moved in time moves in the list', () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const a = seedNote(db, project, { body: 'a', occurred_at: '2026-01-01T09:00:00.000Z' });
    const b = seedNote(db, project, { body: 'b', occurred_at: '2026-01-02T09:00:00.000Z' });
    expect(browseEvents(db, project).map((event) => event.id)).toEqual([b, a]);
    updateEntity(db, 'field_note', a, { occurred_at: '2026-01-03T09:00:00.000Z' });
    expect(browseEvents(db, project).map((event) => event.id)).toEqual([a, b]);
  });
});
