/**
 * Word stems for search (issue 13): Snowball's Danish and English stemmers, so that *dør* finds *døren* and
 * *dørene*, *ensom* finds *ensomme* and *ensomheden*, and *meeting* finds *meetings*.
 *
 * The stemmers are nlp.js's (@nlpjs/lang-da, @nlpjs/lang-en-min, pinned): JavaScript generated from the Snowball
 * sources, giving Snowball's reference output for every word of its Danish test vocabulary (test/db/stems.test.ts
 * holds a sample of the reference pairs, so an upgrade that changes a stem is noticed).
 *
 * Texts mix Danish and English, so every word is stemmed both ways. The search index keeps, beside the exact
 * index `events_fts`, a second FTS5 table `events_fts_stems` (migration 003) whose text for each column is
 * `indexedStems(text)`: the column's distinct words as they stand, then the distinct stems that differ from
 * their word. The triggers and db/index-fill.ts fill it through the SQL function `withness_stems`, which
 * db/sqlite.ts registers on every connection (deterministic: the same text always gives the same stems).
 */
import { StemmerDa } from '@nlpjs/lang-da';
import { StemmerEn } from '@nlpjs/lang-en-min';

/** The SQL function the triggers, the index fill and migration 003 call. */
export const STEMS_FUNCTION = 'withness_stems';

/** FTS5 unicode61's token characters (categories L*, N*, Co): the words the index sees, split where it splits. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * Words that are stemmed: lower-case Latin letters and digits that FTS5's unicode61 tokenizer (Unicode 6.1 tables)
 * reads as one token. Other words are indexed and searched exactly only — a stem query on the stems table must
 * be one token per term (the table keeps no positions, so it cannot match a phrase).
 */
const STEMMABLE = /^[0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+$/;

const danish = new StemmerDa();
const english = new StemmerEn();

/** Snowball's stem of one lower-case word in Danish or English. */
export function snowballStem(language: 'da' | 'en', word: string): string {
  const stemmer = language === 'da' ? danish : english;
  // The Snowball routine itself (the package's stemWord adds a cache without bound; this module keeps its own).
  stemmer.setCurrent(word);
  stemmer.innerStem();
  return stemmer.getCurrent();
}

/** Words already stemmed, most texts repeating a small vocabulary; cleared when full. */
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 50_000;
const NONE: readonly string[] = Object.freeze([]);

/** Whether a word (as typed or as it stands in a text) is one the stems table holds stems for. */
export function isStemmable(word: string): boolean {
  return STEMMABLE.test(word.normalize('NFC').toLowerCase());
}

/**
 * The Danish and English stems of one word that differ from the word itself (lower case, distinct, Danish
 * first); empty for a word that is its own stem both ways or that is not stemmed at all (see isStemmable).
 */
export function stemsOf(word: string): readonly string[] {
  // Keyed by the word as it stands: a text repeats its words far more often than it spells them anew.
  const known = cache.get(word);
  if (known) return known;
  const lower = word.normalize('NFC').toLowerCase();
  let stems = NONE;
  if (STEMMABLE.test(lower)) {
    const found = new Set([snowballStem('da', lower), snowballStem('en', lower)]);
    found.delete(lower);
    found.delete('');
    if (found.size > 0) stems = Object.freeze([...found]);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stems);
  return stems;
}

/**
 * What the stems table indexes for one column of text: its distinct words exactly as they stand (so that every
 * word the exact index finds is found here too), then the distinct stems that differ from their words.
 * Deterministic; '' for no text.
 */
export function indexedStems(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  const words = new Set<string>();
  const stems = new Set<string>();
  TOKEN.lastIndex = 0;
  for (let found = TOKEN.exec(text); found; found = TOKEN.exec(text)) {
    const token = found[0];
    if (words.has(token)) continue;
    words.add(token);
    const own = stemsOf(token);
    for (let i = 0; i < own.length; i += 1) stems.add(own[i]!);
  }
  let out = '';
  for (const word of words) out = out ? `${out} ${word}` : word;
  for (const stem of stems) out = `${out} ${stem}`;
  return out;
}
