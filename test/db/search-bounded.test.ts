import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { EVENT_TYPES } from '../../db/repositories/events.js';
import { createNote, trashNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { parseQuery, RANK_BOUND, searchEvents, STEM_RANK_BOUND, type SearchResult } from '../../db/repositories/search.js';
import { tempDatabase } from '../helpers/temp.js';

/**
 * Bounded ranking (issue 14.1): a query matching more than the bound is ranked among its newest matches only (the
 * highest document ids: the index's order), and says so. These tests hold the fast path to the slow exact way, done
 * here in plain SQL: every match with its bm25, the candidates cut to the newest `bound` (exact matches first, then
 * those found only through stems), sorted by score, newest first among equals. Below the bound the results must be
 * those of the unbounded general path, in the same order.
 */
const ALL_KINDS = { types: [...EVENT_TYPES] };

const VOCABULARY = [
  'kaffe', 'kaffen', 'borgerne', 'borger', 'borgere', 'dør', 'døren', 'dørene', 'ensom', 'ensomme', 'ensomheden',
  'frivillige', 'frivillig', 'fællesskab', 'fællesskabet', 'meeting', 'meetings', 'volunteers', 'bus', 'stop',
  'ældre', 'dame', 'bænken', 'og', 'vi', 'på', 'the', 'biblioteket', 'madspild', 'åen',
];

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A journal of `notes` notes (some turns and reflections too) whose words are drawn with skewed frequencies. */
function corpus(db: Db, notes: number, seed: number) {
  const next = random(seed);
  const word = () => VOCABULARY[Math.floor(next() ** 2 * VOCABULARY.length)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const project = createProject(db, { title: 'Nordby' });
  const at = () => new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 700) * 86_400_000).toISOString();
  db.transaction(() => {
    for (let i = 0; i < notes; i += 1) {
      createNote(db, { project_id: project.id, title: next() < 0.5 ? words(2) : '', body: `${words(4 + Math.floor(next() * 30))}.`, occurred_at: at() });
      if (i % 10 === 0) createReflection(db, { project_id: project.id, title: words(1), body: words(12), written_at: at() });
    }
    const dialogue = createDialogue(db, { project_id: project.id, kind: 'meeting', title: 'Styregruppen', occurred_at: at() }, []);
    for (let i = 0; i < notes / 10; i += 1) addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: words(10) });
  })();
  return project;
}

interface Scored {
  doc: number;
  id: string;
  occurred_at: string;
  score: number;
}

/** The slow exact way: every match scored, the newest `bound` kept (exact ones first), each tier sorted. */
function expected(db: Db, query: string, bound: number, stemBound: number): { ids: string[]; total: number; rankedAmong: number | null } {
  const parsed = parseQuery(query);
  const tier = (sql: string, params: Record<string, unknown>) =>
    db
      .prepare(`SELECT m.doc, e.entity_id AS id, e.occurred_at, m.score FROM (${sql}) m JOIN events e ON e.doc_id = m.doc ORDER BY m.doc DESC`)
      .all(params) as Scored[];
  const order = (a: Scored, b: Scored) => a.score - b.score || (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : 0) || (a.id < b.id ? 1 : -1);
  const exact = tier('SELECT rowid AS doc, bm25(events_fts, 3.0, 1.0) AS score FROM events_fts WHERE events_fts MATCH @match', { match: parsed.match });
  const candidates = exact.slice(0, bound).sort(order);
  let total = exact.length;
  if (parsed.stemmed) {
    const narrowed = parsed.exactOnly ? 'AND rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @exactOnly)' : '';
    const exactDocs = new Set(exact.map((row) => row.doc));
    const stemmed = tier(`SELECT rowid AS doc, bm25(events_fts_stems, 3.0, 1.0) AS score FROM events_fts_stems WHERE events_fts_stems MATCH @stemmed ${narrowed}`, {
      stemmed: parsed.stemmed,
      exactOnly: parsed.exactOnly ?? null,
    });
    total = stemmed.length;
    const only = stemmed.filter((row) => !exactDocs.has(row.doc));
    if (exact.length < bound) candidates.push(...only.slice(0, Math.min(bound - exact.length, stemBound)).sort(order));
  }
  return { ids: candidates.map((row) => row.id), total, rankedAmong: total > candidates.length ? candidates.length : null };
}

/** Every result of a query by pages of `limit`, until a page comes back empty. */
function pages(db: Db, projectId: string, query: string, [bound, stemBound]: [number, number], limit: number, remember = true): { ids: string[]; results: SearchResult[] } {
  const ids: string[] = [];
  const results: SearchResult[] = [];
  for (let offset = 0; ; offset += limit) {
    const result = searchEvents(db, { projectId, query, limit, offset, tuning: { rankBound: bound, stemRankBound: stemBound, remember, rankAhead: remember ? undefined : 0 } });
    results.push(result);
    result.hits.forEach((hit, index) => expect(hit.rank).toBe(offset + index + 1));
    ids.push(...result.hits.map((hit) => hit.id));
    if (result.hits.length < limit) return { ids, results };
  }
}

const QUERIES = ['kaffe', 'kaffen', 'borgerne', 'dørene', 'dør', 'ensomme', 'vi og', 'the bus', '"ældre dame"', 'frivillige "kaffe"', 'fællesskab', 'madspild', 'åen', 'meetings'];

describe('bounded ranking', () => {
  it('ranks exactly the newest matches above the bound, and every match exactly below it (small corpus)', { timeout: 60_000 }, () => {
    const { db } = tempDatabase();
    const project = corpus(db, 300, 7);
    let bounded = 0;
    for (const query of QUERIES) {
      for (const bounds of [[1, 1], [10, 3], [60, 60], [60, 7], [250, 40], [100_000, 100_000]] as [number, number][]) {
        const [bound, stemBound] = bounds;
        const want = expected(db, query, bound, stemBound);
        const { ids, results } = pages(db, project.id, query, bounds, 37);
        expect({ query, bounds, ids }).toEqual({ query, bounds, ids: want.ids });
        for (const result of results) {
          expect(result.total).toBe(want.total);
          expect(result.ranked_among).toBe(want.rankedAmong);
          expect(result.total_is_estimate).toBe(false);
        }
        // Ranked just as far as each page needs, nothing remembered: the same.
        expect(pages(db, project.id, query, bounds, 50, false).ids).toEqual(want.ids);
        if (want.rankedAmong !== null) bounded += 1;
        else {
          // Below the bound: the unbounded general path, result for result.
          const general = searchEvents(db, { projectId: project.id, query, limit: 100, filters: ALL_KINDS });
          const fast = searchEvents(db, { projectId: project.id, query, limit: 100, tuning: { rankBound: bound, stemRankBound: stemBound } });
          expect(fast).toEqual(general);
        }
      }
    }
    // The queries exercise both sides of the bound.
    expect(bounded).toBeGreaterThan(30);
  });

  it('holds on a medium corpus with the default bound, and leaves trashed events out of the newest', { timeout: 120_000 }, () => {
    const { db } = tempDatabase();
    const project = corpus(db, RANK_BOUND + 1_500, 11);
    // The newest notes in the trash: the candidates are the newest live matches.
    const newest = db
      .prepare(`SELECT entity_id FROM events WHERE entity_type = 'field_note' ORDER BY doc_id DESC LIMIT 30`)
      .pluck()
      .all() as string[];
    for (const id of newest) trashNote(db, id);
    let bounded = 0;
    for (const query of ['kaffe', 'borgerne', 'dørene', 'dør', 'vi og', 'madspild', '"ældre dame"']) {
      const want = expected(db, query, RANK_BOUND, STEM_RANK_BOUND);
      const result = searchEvents(db, { projectId: project.id, query, limit: 100 });
      expect({ query, ids: result.hits.map((hit) => hit.id) }).toEqual({ query, ids: want.ids.slice(0, 100) });
      expect(result.total).toBe(want.total);
      expect(result.ranked_among).toBe(want.rankedAmong);
      expect(result.hits.some((hit) => newest.includes(hit.id))).toBe(false);
      const last = searchEvents(db, { projectId: project.id, query, limit: 100, offset: Math.max(0, want.ids.length - 60) });
      expect(last.hits.map((hit) => hit.id)).toEqual(want.ids.slice(Math.max(0, want.ids.length - 60)));
      expect(searchEvents(db, { projectId: project.id, query, limit: 100, offset: want.ids.length }).hits).toEqual([]);
      if (want.rankedAmong !== null) bounded += 1;
    }
    expect(bounded).toBeGreaterThanOrEqual(3);
  });
});
