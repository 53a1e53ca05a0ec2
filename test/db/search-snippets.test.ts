import { describe, expect, it } from 'vitest';
import { makeSnippet, type SnippetPhrase } from '../../db/repositories/search-snippets.js';
import { openSqlite } from '../../db/sqlite.js';

/**
 * search-snippets.ts makes the search's snippets in JavaScript instead of asking FTS5's snippet() (which costs a
 * pass over every match). These tests hold it to snippet() itself: the same FTS5 table definition as the journal's
 * index, texts made from a seeded mix of Danish and English words, sentences, colons, line breaks, titles, long and
 * short texts, and queries of every shape the search makes (words, a prefix, several words, phrases, ORs of forms).
 */
const WORDS = [
  'kaffe', 'kaffen', 'borgerne', 'borger', 'borgermøde', 'frivillige', 'frivillig', 'dør', 'døren', 'dørene', 'ældre',
  'dame', 'damer', 'åen', 'Åen', 'fælles', 'fællesskab', 'fællesskabet', 'bus', 'stop', 'volunteers', 'volunteer',
  'community', 'garden', 'the', 'og', 'i', 'på', 'vi', 'Vi', 'KAFFE', 'Borgerne', 'madspild', 'café', '2026', 'x',
];
const PUNCTUATION = [' ', ' ', ' ', ' ', ', ', '. ', ': ', '.\n', ' – ', '! ', '? ', '  ', '.', ' "', '" ', '\n\n'];

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function text(next: () => number, words: number): string {
  let out = next() < 0.2 ? '' : ' '.repeat(Math.floor(next() * 2));
  for (let i = 0; i < words; i += 1) {
    out += WORDS[Math.floor(next() * WORDS.length)]!;
    out += PUNCTUATION[Math.floor(next() * PUNCTUATION.length)]!;
  }
  return next() < 0.5 ? out.trimEnd() : out;
}

const quote = (word: string) => `"${word.replaceAll('"', '""')}"`;
function expression(phrases: readonly SnippetPhrase[], join: 'AND' | 'OR'): string {
  return phrases.map((phrase) => `${quote(phrase.words.join(' '))}${phrase.prefix ? '*' : ''}`).join(` ${join} `);
}

const QUERIES: { phrases: SnippetPhrase[]; join: 'AND' | 'OR' }[] = [
  { phrases: [{ words: ['kaffe'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['kaffe'], prefix: true }], join: 'AND' },
  { phrases: [{ words: ['borger'], prefix: true }], join: 'AND' },
  { phrases: [{ words: ['dør'], prefix: true }], join: 'AND' },
  { phrases: [{ words: ['åen'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['ældre'], prefix: false }, { words: ['dame'], prefix: true }], join: 'AND' },
  { phrases: [{ words: ['frivillige'], prefix: false }, { words: ['kaffen'], prefix: false }, { words: ['stop'], prefix: true }], join: 'AND' },
  { phrases: [{ words: ['ældre', 'dame'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['vi'], prefix: false }, { words: ['bus', 'stop'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['the', 'the'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['dør'], prefix: false }, { words: ['døren'], prefix: false }, { words: ['dørene'], prefix: false }], join: 'OR' },
  { phrases: [{ words: ['fællesskab'], prefix: false }, { words: ['fælles'], prefix: true }, { words: ['og', 'i'], prefix: false }], join: 'OR' },
  { phrases: [{ words: ['i'], prefix: false }], join: 'AND' },
  { phrases: [{ words: ['2026'], prefix: false }, { words: ['x'], prefix: true }], join: 'AND' },
];

describe('search snippets made in JavaScript', () => {
  it('are exactly what FTS5 snippet() gives, for every matching row and every kind of query', () => {
    const db = openSqlite(':memory:');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')`);
    const next = random(14);
    const insert = db.prepare('INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)');
    for (let row = 1; row <= 1500; row += 1) {
      const size = [0, 3, 12, 19, 20, 21, 40, 150][Math.floor(next() * 8)]!;
      insert.run(row, next() < 0.3 ? '' : text(next, 1 + Math.floor(next() * 5)), text(next, size));
    }
    const marks = { start: '[', end: ']', ellipsis: '…', tokens: 20 };
    let compared = 0;
    for (const query of QUERIES) {
      const rows = db
        .prepare(`SELECT rowid AS doc, title, body, snippet(f, -1, '[', ']', '…', 20) AS snippet FROM f WHERE f MATCH ?`)
        .all(expression(query.phrases, query.join)) as { doc: number; title: string; body: string; snippet: string }[];
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        expect({ doc: row.doc, snippet: makeSnippet([row.title, row.body], query.phrases, marks, query.join === 'AND' ? 'all' : 'any') }).toEqual({
          doc: row.doc,
          snippet: row.snippet,
        });
        compared += 1;
      }
      // And the rows FTS5 does not return are the ones that do not match.
      const matched = new Set(rows.map((row) => row.doc));
      const all = db.prepare('SELECT rowid AS doc, title, body FROM f').all() as { doc: number; title: string; body: string }[];
      for (const row of all) {
        if (!matched.has(row.doc)) expect(makeSnippet([row.title, row.body], query.phrases, marks, query.join === 'AND' ? 'all' : 'any')).toBeUndefined();
      }
    }
    expect(compared).toBeGreaterThan(2000);
    db.close();
  });
});
