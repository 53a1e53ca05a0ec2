import { cachedStatement, type Db } from '../connection.js';
import { stemsOf, isStemmable } from '../stems.js';
import { makeSnippet, type SnippetPhrase } from './search-snippets.js';
import { cycleNumber, listCycles } from './cycles.js';
import { plainLabel, type EventRef as AnyEventRef, type EventType } from './events.js';
import type { Sector } from './stakeholders.js';

/**
 * Full-text search over a project's events (notes, dialogues, turns, phase entries, reflections) through
 * two FTS5 indexes that triggers keep in step with every write: `events_fts`, the exact words, and
 * `events_fts_stems`, each text's distinct words with their Danish and English stems (db/stems.ts, migration
 * 003). What a person types never reaches MATCH as syntax: it is cut into words (and "quoted phrases"), each
 * passed as an FTS5 string.
 *
 * A word matches itself (the last one typed also as a prefix) or any word sharing one of its stems; a quoted
 * phrase, or a single quoted word, matches only as written. Exact matches rank above those found only through
 * stems: first every event the exact words find (bm25 on `events_fts`), then the rest (bm25 on the stems).
 */

type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
export type ReflectionMode = 'withness' | 'aboutness';
/** describeEvent's EventRef with its phase typed as one of the four phases (the column's CHECK). */
export type EventRef = Omit<AnyEventRef, 'phase'> & { phase: PhaseName | null };

/** Marks around matched words in a snippet: control characters that never survive into typed text. */
export const HIT_START = '\u0001';
export const HIT_END = '\u0002';

/** Most phrases honoured in one query; more than anyone types. */
const MAX_PHRASES = 8;
/** Words per phrase, and their length: longer cannot match a real token anyway. */
const MAX_PHRASE_WORDS = 24;
/** More words than anyone types into a search box; the rest of a pasted essay is ignored. */
const MAX_WORDS = 24;
const MAX_WORD_LENGTH = 100;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** FTS5 unicode61's token characters (L*, N*, Co), for reading the words of an indexed text. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** One thing to look for: a word (the last typed one as a prefix) or a phrase of words in order. */
export interface SearchTerm {
  kind: 'word' | 'phrase';
  words: string[];
  prefix: boolean;
  /** Matches only as written: a phrase, or a word typed in quotes. Other words are also found through stems. */
  exact: boolean;
  /**
   * The word's Danish and English stems that differ from it (db/stems.ts): words sharing one are found too (and
   * a whole word also finds the words it is the stem of). Empty for exact terms and words that are their own stems.
   */
  stems: string[];
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression on the exact index, or undefined when the text holds no word to look for. */
  match: string | undefined;
  /**
   * The MATCH expression on the stems table `events_fts_stems` for the words outside phrases (each word, its
   * stems, the last word also as a prefix), or undefined when stems would find nothing more than `match`.
   */
  stemmed: string | undefined;
  /**
   * What must match as written when `stemmed` is used — the phrases and any word typed in quotes — as a MATCH
   * expression on the exact index; undefined when there is none.
   */
  exactOnly: string | undefined;
  terms: SearchTerm[];
}

function wordsOf(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).map((word) => word.slice(0, MAX_WORD_LENGTH));
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * Turns what a person typed into a safe FTS5 MATCH expression: the words (Unicode letters, marks and
 * digits — so æ, ø and å are part of words), each quoted as a string literal, the last one as a prefix,
 * all required. Punctuation and FTS5 syntax (quotes, NEAR, *, -, :, AND/OR/NOT, parentheses) never
 * reach the query parser as syntax. Returns undefined when there is no word to look for.
 */
export function toMatchExpression(query: string): string | undefined {
  const words = wordsOf(query).slice(0, MAX_WORDS);
  if (words.length === 0) return undefined;
  const quoted = words.map(quote);
  quoted[quoted.length - 1] += '*';
  return quoted.join(' AND ');
}

/** One word's part of the stems expression: the word itself (a prefix if last) or any of its stems. */
function stemClause(term: SearchTerm): string {
  const word = term.words[0]!;
  const lower = word.toLowerCase();
  // A stem the prefix already covers adds nothing.
  const stems = term.stems.filter((stem) => !(term.prefix && stem.startsWith(lower)));
  const options = [`${quote(word)}${term.prefix ? '*' : ''}`, ...stems.map(quote)];
  return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
}

/**
 * Turns typed text into safe MATCH expressions. Text between double quotes becomes a phrase (its words in
 * order); everything else is words, all required, and the last word typed outside quotes is a prefix.
 * Quotes, AND/OR/NOT/NEAR, `*`, `^`, `:`, `-`, parentheses and other punctuation are never syntax.
 */
export function parseQuery(query: string): ParsedQuery {
  const text = query.normalize('NFC');
  const phrases: string[][] = [];
  const loose: { text: string; quoted: boolean }[] = [];
  // Only balanced pairs of quotes make phrases; a lone quote is punctuation like any other.
  const quotes = [...text.matchAll(/"/g)].length;
  const usable = quotes - (quotes % 2);
  let rest = text;
  let seen = 0;
  let endsInPhrase = false;
  while (seen < usable) {
    const open = rest.indexOf('"');
    const close = rest.indexOf('"', open + 1);
    loose.push({ text: rest.slice(0, open), quoted: false });
    const words = wordsOf(rest.slice(open + 1, close)).slice(0, MAX_PHRASE_WORDS);
    const isPhrase = words.length > 1 && phrases.length < MAX_PHRASES;
    if (isPhrase) phrases.push(words);
    else loose.push({ text: words.join(' '), quoted: true });
    rest = rest.slice(close + 1);
    seen += 2;
    endsInPhrase = isPhrase && wordsOf(rest).length === 0;
  }
  loose.push({ text: rest, quoted: false });
  const looseWords = loose.flatMap((piece) => wordsOf(piece.text).map((word) => ({ word, quoted: piece.quoted }))).slice(0, MAX_WORDS);
  const terms: SearchTerm[] = looseWords.map(({ word, quoted }, index) => ({
    kind: 'word',
    words: [word],
    prefix: index === looseWords.length - 1 && !endsInPhrase,
    exact: quoted,
    stems: quoted ? [] : [...stemsOf(word)],
  }));
  const looseExpression = terms.length > 0 ? terms.map((term) => `${quote(term.words[0]!)}${term.prefix ? '*' : ''}`).join(' AND ') : undefined;
  const phraseExpressions = phrases.map((words) => quote(words.join(' ')));
  for (const words of phrases) terms.push({ kind: 'phrase', words, prefix: false, exact: true, stems: [] });
  const parts = [...(looseExpression ? [looseExpression] : []), ...phraseExpressions];
  // Stems find more than the exact words when a word has stems of its own, or when a whole (not prefix) word may
  // be the stem of other words in a text. Every word must be one token the stems table can hold (isStemmable).
  // Words typed in quotes and phrases match only as written: on the stems side they stay a condition on the
  // exact index.
  const free = looseWords.flatMap((loose, index) => (loose.quoted ? [] : [terms[index]!]));
  const useStems =
    free.length > 0 &&
    free.every((term) => isStemmable(term.words[0]!)) &&
    free.some((term) => term.stems.length > 0 || !term.prefix);
  const exactOnly = [
    ...looseWords.flatMap((loose, index) => (loose.quoted ? [`${quote(loose.word)}${terms[index]!.prefix ? '*' : ''}`] : [])),
    ...phraseExpressions,
  ];
  return {
    match: parts.length > 0 ? parts.join(' AND ') : undefined,
    stemmed: useStems ? free.map(stemClause).join(' AND ') : undefined,
    exactOnly: useStems && exactOnly.length > 0 ? exactOnly.join(' AND ') : undefined,
    terms,
  };
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Splits FTS5 snippet() output on the hit markers into plain parts; the UI renders them as text. */
export function splitSnippet(raw: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const start = rest.indexOf(HIT_START);
    if (start === -1) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(HIT_END, start + 1);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), hit: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  // Marker characters never reach the UI, even if one was stored in a text.
  return parts
    .map((part) => ({ ...part, text: part.text.replaceAll(HIT_START, '').replaceAll(HIT_END, '') }))
    .filter((part) => part.text.length > 0);
}

const NOT_WORD = '[^\\p{L}\\p{M}\\p{N}]';
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function codePointIndex(text: string, utf16: number): number {
  let count = 0;
  for (let i = 0; i < utf16; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    count += 1;
  }
  return count;
}

/** Whether a word of a text is one of the forms a word term finds through stems (as the stems table decides). */
function stemMatches(token: string, term: SearchTerm): boolean {
  const lower = token.normalize('NFC').toLowerCase();
  const word = term.words[0]!.toLowerCase();
  const matches = (form: string) => form === word || term.stems.includes(form) || (term.prefix && form.startsWith(word));
  // Every token of 50 texts comes through here: no arrays made per token.
  return matches(lower) || stemsOf(token).some(matches);
}

/** The words of a text that a search found only through stems (the forms to mark in its snippet). */
function stemmedForms(text: string, terms: readonly SearchTerm[]): string[] {
  const words = terms.filter((term) => !term.exact);
  const forms = new Set<string>();
  for (const token of text.match(TOKEN) ?? []) {
    if (!forms.has(token) && words.some((term) => stemMatches(token, term))) forms.add(token);
  }
  return [...forms];
}

/** One expression per term (a page of results asks the same terms of every text). */
const termPatterns = new WeakMap<SearchTerm, RegExp>();
function termPattern(term: SearchTerm): RegExp {
  let pattern = termPatterns.get(term);
  if (!pattern) {
    const body = term.words.map(escapeRegExp).join(`${NOT_WORD}+`);
    pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}${term.prefix ? '[\\p{L}\\p{M}\\p{N}]*' : '(?![\\p{L}\\p{M}\\p{N}])'}`, 'iu');
    termPatterns.set(term, pattern);
  }
  return pattern;
}

/**
 * Where the first match stands in an event's text, in code points (end exclusive), so the event can be
 * opened at the match; undefined when the words matched only its title (or a field not in `text`). The words
 * as typed (and the phrases) come first; when none of them stands in the text, the first word found through
 * its stems (`stemmed`: the query used the stems table).
 */
export function findMatch(text: string, terms: readonly SearchTerm[], stemmed = false): { start: number; end: number } | undefined {
  let best: { index: number; length: number } | undefined;
  for (const term of terms) {
    const found = termPattern(term).exec(text);
    if (found && (!best || found.index < best.index)) best = { index: found.index, length: found[0].length };
  }
  if (!best && stemmed) {
    const words = terms.filter((term) => !term.exact);
    for (const found of text.matchAll(TOKEN)) {
      if (words.some((term) => stemMatches(found[0], term))) {
        best = { index: found.index, length: found[0].length };
        break;
      }
    }
  }
  if (!best) return undefined;
  const start = codePointIndex(text, best.index);
  return { start, end: start + codePointIndex(text.slice(best.index), best.length) };
}

export interface SearchFilters {
  cycle_ids?: string[];
  phases?: PhaseName[];
  types?: EventType[];
  stakeholder_ids?: string[];
  sectors?: Sector[];
  code_ids?: string[];
  modes?: ReflectionMode[];
}

export type SearchOrder = 'relevance' | 'newest' | 'oldest';

export interface SearchRequest {
  /** One project, or every live project when undefined (the command line). */
  projectId?: string;
  query: string;
  filters?: SearchFilters;
  order?: SearchOrder;
  limit?: number;
  offset?: number;
  /** Knobs of the fast path, for tests of every way through it; the defaults suit journals of any size. */
  tuning?: {
    /**
     * Up to how many indexed events outside the search (other projects, turns of dialogues in the trash) are
     * listed and left out by document id; above it, every match is checked in SQL instead.
     */
    maxExcluded?: number;
    /** How many results to rank ahead on a first search, so that the next pages need no ranking. */
    rankAhead?: number;
    /** False: neither use nor keep a remembered ranking. */
    remember?: boolean;
    /** Rank among at most this many matches, the newest (see RANK_BOUND). */
    rankBound?: number;
    /** Of them, at most this many found only through stems (see STEM_RANK_BOUND). */
    stemRankBound?: number;
  };
}

export interface SearchHit extends EventRef {
  /** A short passage around the match, split into plain text and matched words (never HTML). */
  snippet: SnippetPart[];
  /** Where the match stands in `text` (code points, end exclusive), or null when it was in the title. */
  match: { start: number; end: number } | null;
  /** Rank among all results of the query, from 1. */
  rank: number;
}

export interface SearchResult {
  total: number;
  /** `total` was estimated rather than counted (show it as "about"). Totals are counted today: always false. */
  total_is_estimate: boolean;
  /**
   * When the query matched more than the ranking bound: only the newest this many matches were ranked by
   * relevance and can be listed (see RANK_BOUND). Null when every match was ranked.
   */
  ranked_among: number | null;
  hits: SearchHit[];
  /** What was looked for, once the typed text was cut into words and phrases. */
  terms: SearchTerm[];
  /** True when the text held nothing to look for (only punctuation or operators): nothing was searched. */
  nothing_to_search: boolean;
}

const MAX_LIMIT = 100;

function filterSql(filters: SearchFilters, params: Record<string, unknown>): string[] {
  const where: string[] = [];
  const list = (name: string, values: readonly string[]) => {
    values.forEach((value, i) => (params[`${name}${i}`] = value));
    return values.map((_, i) => `@${name}${i}`).join(', ');
  };
  if (filters.types?.length) where.push(`e.entity_type IN (${list('type', filters.types)})`);
  if (filters.cycle_ids?.length) where.push(`e.cycle_id IN (${list('cycle', filters.cycle_ids)})`);
  if (filters.phases?.length) where.push(`e.phase IN (${list('phase', filters.phases)})`);
  // As on the timeline, modes narrow the reflections and leave other events alone.
  if (filters.modes?.length) {
    where.push(
      `(e.entity_type <> 'reflection' OR EXISTS (SELECT 1 FROM reflections r WHERE r.id = e.entity_id AND r.mode IN (${list('mode', filters.modes)})))`,
    );
  }
  // Who an event involves: the speaker of a turn, the participants of a dialogue, the people a note names.
  const involving = (people: string) => `(
      (e.entity_type = 'turn' AND EXISTS (SELECT 1 FROM dialogue_turns t JOIN stakeholders s ON s.id = t.speaker_id
         WHERE t.id = e.entity_id AND ${people}))
   OR (e.entity_type = 'dialogue' AND EXISTS (SELECT 1 FROM dialogue_participants p JOIN stakeholders s ON s.id = p.stakeholder_id
         WHERE p.dialogue_id = e.entity_id AND ${people}))
   OR (e.entity_type = 'field_note' AND EXISTS (SELECT 1 FROM field_note_stakeholders n JOIN stakeholders s ON s.id = n.stakeholder_id
         WHERE n.note_id = e.entity_id AND ${people})))`;
  if (filters.stakeholder_ids?.length) where.push(involving(`s.id IN (${list('person', filters.stakeholder_ids)})`));
  if (filters.sectors?.length) where.push(involving(`s.deleted_at IS NULL AND s.sector IN (${list('sector', filters.sectors)})`));
  if (filters.code_ids?.length) {
    // A code stands for itself and every live code below it.
    where.push(`EXISTS (
      WITH RECURSIVE chosen(id) AS (
        SELECT id FROM codes WHERE id IN (${list('code', filters.code_ids)}) AND deleted_at IS NULL
        UNION SELECT c.id FROM codes c JOIN chosen ON c.parent_id = chosen.id WHERE c.deleted_at IS NULL
      )
      SELECT 1 FROM code_applications a JOIN chosen ON chosen.id = a.code_id
      WHERE a.target_type = e.entity_type AND a.target_id = e.entity_id AND a.deleted_at IS NULL)`);
  }
  return where;
}

/** bm25 with title words weighing three times the body; lower is better (FTS5's sign). */
const SCORE = 'bm25(events_fts, 3.0, 1.0)';
/** Above this many indexed events outside the search's scope, the scope is checked per match in SQL instead. */
const MAX_EXCLUDED = 10_000;

/**
 * The indexed events a search must never return although they are in `events`: turns of dialogues in the
 * trash (their rows stay indexed while the dialogue is trashed), and events outside the scope (another
 * project, or a project in the trash). Undefined when there are too many to list (several large projects in
 * one journal): then the per-match checks in SQL are used.
 */
interface Scope {
  /** The project is missing or in the trash: nothing is live. */
  dead: boolean;
  excluded: number[] | undefined;
}

/** One scope per connection and project, valid while nothing was written (by this or another connection). */
const scopeCache = new WeakMap<Db, Map<string, { version: string; scope: Scope }>>();

function dataVersion(db: Db): string {
  const changes = cachedStatement<number>(db, 'SELECT total_changes()', 'pluck').get() as number;
  return `${db.pragma('data_version', { simple: true }) as number}:${changes}`;
}

function computeScope(db: Db, projectId: string | undefined, maxExcluded: number): Scope {
  if (projectId !== undefined) {
    const project = db.prepare('SELECT deleted_at FROM projects WHERE id = ?').get(projectId) as { deleted_at: string | null } | undefined;
    if (!project || project.deleted_at !== null) return { dead: true, excluded: [] };
  }
  // Events of other projects (or of projects in the trash), counted through the (project_id, occurred_at) index.
  const outside =
    projectId !== undefined
      ? (db
          .prepare('SELECT (SELECT count(*) FROM events WHERE project_id < @p) + (SELECT count(*) FROM events WHERE project_id > @p)')
          .pluck()
          .get({ p: projectId }) as number)
      : (db
          .prepare('SELECT count(*) FROM events WHERE project_id IN (SELECT id FROM projects WHERE deleted_at IS NOT NULL)')
          .pluck()
          .get() as number);
  if (outside > maxExcluded) return { dead: false, excluded: undefined };
  const outsideDocs =
    outside === 0
      ? []
      : projectId !== undefined
        ? (db.prepare('SELECT doc_id FROM events WHERE project_id < @p OR project_id > @p').pluck().all({ p: projectId }) as number[])
        : (db
            .prepare('SELECT doc_id FROM events WHERE project_id IN (SELECT id FROM projects WHERE deleted_at IS NOT NULL)')
            .pluck()
            .all() as number[]);
  const trashedTurns = db
    .prepare(
      // CROSS JOIN keeps this order (the few trashed dialogues first); left to itself the planner may walk
      // every turn's event instead.
      `SELECT e.doc_id FROM dialogues d CROSS JOIN dialogue_turns t ON t.dialogue_id = d.id
         CROSS JOIN events e ON e.entity_type = 'turn' AND e.entity_id = t.id
       WHERE d.deleted_at IS NOT NULL`,
    )
    .pluck()
    .all() as number[];
  const excluded = [...new Set([...outsideDocs, ...trashedTurns])].sort((a, b) => a - b);
  return { dead: false, excluded: excluded.length > maxExcluded ? undefined : excluded };
}

function scopeOf(db: Db, projectId: string | undefined, maxExcluded: number, version: string | undefined): Scope {
  // Inside a transaction (no version) the state may yet be rolled back: compute afresh and keep nothing.
  if (version === undefined) return computeScope(db, projectId, maxExcluded);
  const key = `${maxExcluded}:${projectId ?? ''}`;
  let perDb = scopeCache.get(db);
  if (!perDb) scopeCache.set(db, (perDb = new Map()));
  const cached = perDb.get(key);
  if (cached && cached.version === version) return cached.scope;
  const scope = computeScope(db, projectId, maxExcluded);
  if (perDb.size > 16) perDb.clear();
  perDb.set(key, { version, scope });
  return scope;
}

interface Ranked {
  doc: number;
  type: EventType;
  id: string;
  occurred_at: string;
  score: number;
}

/** Final order of relevance within a tier: bm25, then newest first, then by id (as SQL's ORDER BY would do). */
function byRelevance(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return a.score - b.score;
  if (a.occurred_at !== b.occurred_at) return a.occurred_at < b.occurred_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const json = (values: readonly number[]) => JSON.stringify(values);

interface Ranking {
  total: number;
  /** The best matches in their final order; every match after them ranks below them. */
  ranked: Ranked[];
  /** `ranked` holds every match that can be listed (every match, or all the ranking bound let in). */
  complete: boolean;
  /** The ranking bound, when the matches were more than it; else null. */
  rankedAmong: number | null;
}

/** Ranked at least this many on a first search, so the next pages come without ranking again. */
const RANK_AHEAD = 200;
/** Recent rankings per connection, valid while nothing is written: paging and going back to the results. */
const rankingCache = new WeakMap<Db, Map<string, { version: string; ranking: Ranking }>>();
const MAX_CACHED_RANKINGS = 8;

function cachedRanking(db: Db, key: string, version: string | undefined, wanted: number): Ranking | undefined {
  if (version === undefined) return undefined;
  const perDb = rankingCache.get(db);
  const cached = perDb?.get(key);
  if (!perDb || !cached || cached.version !== version) return undefined;
  if (!cached.ranking.complete && cached.ranking.ranked.length < wanted) return undefined;
  // Most recently used last.
  perDb.delete(key);
  perDb.set(key, cached);
  return cached.ranking;
}

function rememberRanking(db: Db, key: string, version: string | undefined, ranking: Ranking): void {
  if (version === undefined) return;
  let perDb = rankingCache.get(db);
  if (!perDb) rankingCache.set(db, (perDb = new Map()));
  perDb.delete(key);
  perDb.set(key, { version, ranking });
  while (perDb.size > MAX_CACHED_RANKINGS) perDb.delete(perDb.keys().next().value!);
}

/** bm25 on the stems table, weighted as SCORE: the order among events found only through stems. */
const STEM_SCORE = 'bm25(events_fts_stems, 3.0, 1.0)';
const MATCHES_EXACT_ONLY = 'rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @exactOnly)';

/**
 * How many matches a search ranks by relevance at most: the newest ones (highest document ids: the index's
 * order, in which events are added and re-added when changed). Chosen from measurement on the large generated
 * inquiry (PERFORMANCE.md): FTS5's bm25 costs about a microsecond per match on top of fixed costs per statement
 * (a pass over every match to count the documents holding each phrase), so the commonest words (50,000–170,000
 * matches) took 40–90 ms to rank exactly. Over 19 queries, CPU p50/p95 with bounds of 1,000, 2,000, 5,000 and
 * 10,000 were 20.7/45.5, 20.5/41.6, 24.6/46.0 and 26.4/60.4 ms (load 21): below 2,000 the fixed costs are all
 * that is left. Every query matching fewer keeps its exact ranking. The result says when the bound was used
 * (`ranked_among`), so the screen can say so and suggest another word.
 */
export const RANK_BOUND = 2_000;
/**
 * Of those, how many found only through stems at most: bm25 on the stems table costs about 5–9 µs a match (its
 * table keeps no positions, so FTS5 reads each text again to count the hits), against about 1 µs on the exact index.
 */
export const STEM_RANK_BOUND = 500;

/**
 * The best `wanted` of a tier's candidates by score, straight from its FTS5 table (SQLite's top-N sort, no join,
 * no snippet), with the events looked up for those rows only. `candidates` selects doc and score of the tier's
 * matches, newest first, up to @bound; `size` is how many candidates there were. Undefined when ties in score
 * reach past the rows fetched after a few rounds.
 */
function rankTier(
  db: Db,
  candidates: string,
  params: Record<string, unknown>,
  wanted: number,
): { ranked: Ranked[]; complete: boolean; size: number } | undefined {
  let fetch = wanted + 1;
  for (let round = 0; round < 4; round += 1) {
    const rows = cachedStatement<{ doc: number; score: number; size: number }>(
      db,
      `SELECT doc, score, count(*) OVER () AS size FROM (${candidates}) ORDER BY score LIMIT @fetch`,
    ).all({ ...params, fetch });
    const complete = rows.length < fetch;
    // Every match not fetched scores at least the last fetched one: the page is settled when the rows it
    // needs all score strictly better (ties are then ordered by time below, with all of them in hand).
    if (!complete && !(rows[wanted - 1]!.score < rows[rows.length - 1]!.score)) {
      fetch *= 4;
      continue;
    }
    // The rows scoring strictly better than the last one fetched: every tie among them is in hand.
    const settled = complete ? rows : rows.filter((row) => row.score < rows[rows.length - 1]!.score);
    const events = new Map(
      cachedStatement<Omit<Ranked, 'score'>>(
        db,
        'SELECT doc_id AS doc, entity_type AS type, entity_id AS id, occurred_at FROM events WHERE doc_id IN (SELECT value FROM json_each(@docs))',
      )
        .all({ docs: json(settled.map((row) => row.doc)) })
        .map((event) => [event.doc, event]),
    );
    const ranked = settled.flatMap((row) => {
      const event = events.get(row.doc);
      return event ? [{ ...event, score: row.score }] : [];
    });
    ranked.sort(byRelevance);
    return { ranked, complete, size: rows[0]?.size ?? 0 };
  }
  return undefined;
}

/**
 * The fast path of a ranked search without filters. The candidates are the newest `bound` matches, exact ones
 * first: the best `wanted` of the newest `bound` exact matches by bm25 from `events_fts`; when those are all of
 * the exact matches and the page needs more, the best of the newest of the rest found through stems (up to `bound`
 * in all, and at most `stemBound` of them), by bm25 from `events_fts_stems`. bm25 is computed as for an unbounded search (FTS5 takes its
 * document frequencies and lengths from the whole index), so below the bound the ranking is exactly the full
 * one. Undefined when ties in score reach past the rows fetched after a few rounds.
 */
function rankFromIndex(db: Db, query: ParsedQuery, excluded: readonly number[], wanted: number, bound: number, stemBound: number): Ranking | undefined {
  const notExcluded = excluded.length > 0 ? 'AND rowid NOT IN (SELECT value FROM json_each(@excluded))' : '';
  const exact = rankTier(
    db,
    `SELECT rowid AS doc, ${SCORE} AS score FROM events_fts WHERE events_fts MATCH @match ${notExcluded} ORDER BY rowid DESC LIMIT @bound`,
    { match: query.match, excluded: json(excluded), bound },
    wanted,
  );
  if (!exact) return undefined;
  // Below the bound the candidates are every exact match, and their number is the count.
  const allExact = exact.size < bound;
  // How many found only through stems may join them.
  const rest = allExact ? Math.min(bound - exact.size, stemBound) : 0;
  const candidates = (total: number) => exact.size + Math.min(total - exact.size, rest);
  const among = (total: number) => (total > candidates(total) ? candidates(total) : null);
  if (!query.stemmed) {
    const total = allExact
      ? exact.size
      : (cachedStatement<number>(
          db,
          excluded.length > 0
            ? 'SELECT count(*) - coalesce(sum(rowid IN (SELECT value FROM json_each(@excluded))), 0) FROM events_fts WHERE events_fts MATCH @match'
            : 'SELECT count(*) FROM events_fts WHERE events_fts MATCH @match',
          'pluck',
        ).get({ match: query.match, excluded: json(excluded) }) as number);
    return { total, ranked: exact.ranked, complete: exact.complete, rankedAmong: among(total) };
  }
  // Every exact match is also a match of the stems table (it holds each text's words as they stand), so the
  // stems table counts them all.
  const stemParams = { stemmed: query.stemmed, exactOnly: query.exactOnly ?? null, excluded: json(excluded) };
  const narrowed = query.exactOnly ? `AND ${MATCHES_EXACT_ONLY}` : '';
  const countAll = () =>
    cachedStatement<number>(
      db,
      excluded.length > 0
        ? `SELECT count(*) - coalesce(sum(rowid IN (SELECT value FROM json_each(@excluded))), 0) FROM events_fts_stems WHERE events_fts_stems MATCH @stemmed ${narrowed}`
        : `SELECT count(*) FROM events_fts_stems WHERE events_fts_stems MATCH @stemmed ${narrowed}`,
      'pluck',
    ).get(stemParams) as number;
  if (!exact.complete || !allExact || exact.ranked.length >= wanted) {
    const total = countAll();
    // Bounded, the candidates are the newest exact matches alone; else every exact match was ranked.
    return { total, ranked: exact.ranked, complete: exact.complete && (!allExact || total === exact.ranked.length), rankedAmong: among(total) };
  }
  const skip = [...excluded, ...exact.ranked.map((row) => row.doc)];
  const stemmed = rankTier(
    db,
    `SELECT rowid AS doc, ${STEM_SCORE} AS score FROM events_fts_stems WHERE events_fts_stems MATCH @stemmed ${narrowed}
       AND rowid NOT IN (SELECT value FROM json_each(@skip)) ORDER BY rowid DESC LIMIT @bound`,
    { ...stemParams, skip: json(skip), bound: rest },
    wanted - exact.ranked.length,
  );
  if (!stemmed) return undefined;
  const ranked = [...exact.ranked, ...stemmed.ranked];
  const total = stemmed.size < rest ? exact.size + stemmed.size : countAll();
  return { total, ranked, complete: stemmed.complete, rankedAmong: among(total) };
}

/** Most word forms marked in the snippets of events found through stems. */
const MAX_SNIPPET_FORMS = 64;
const SNIPPET_MARKS = { start: HIT_START, end: HIT_END, ellipsis: '…', tokens: 20 };

/** The texts the index holds for some documents: their columns (title, body) as indexed. */
function indexedTexts(db: Db, docs: readonly number[]): Map<number, [string, string]> {
  const read = cachedStatement<{ title: string; body: string }>(db, 'SELECT title, body FROM events_fts WHERE rowid = ?');
  const texts = new Map<number, [string, string]>();
  for (const doc of docs) {
    const row = read.get(doc);
    if (row) texts.set(doc, [row.title, row.body]);
  }
  return texts;
}

const phraseOf = (words: readonly string[], prefix: boolean): SnippetPhrase => ({ words: words.map((word) => word.toLowerCase()), prefix });

/**
 * Snippets of a page's events (search-snippets.ts: FTS5's snippet() made from the indexed texts). Events matching
 * the words as typed get their hits marked; those found only through stems the forms of the words they hold, and
 * anything typed in quotes.
 */
function snippetsOf(query: ParsedQuery, texts: ReadonlyMap<number, readonly [string, string]>): Map<number, string> {
  const snippets = new Map<number, string>();
  if (query.terms.length === 0) return snippets;
  const exact = query.terms.map((term) => phraseOf(term.words, term.prefix));
  for (const [doc, columns] of texts) {
    const snippet = makeSnippet(columns, exact, SNIPPET_MARKS, 'all');
    if (snippet !== undefined) snippets.set(doc, snippet);
  }
  if (!query.stemmed) return snippets;
  const rest = [...texts].filter(([doc]) => !snippets.has(doc));
  const forms = new Set<string>();
  for (const [, columns] of rest) for (const form of stemmedForms(columns.join('\n'), query.terms)) forms.add(form.toLowerCase());
  const phrases = [
    ...[...forms].slice(0, MAX_SNIPPET_FORMS).map((form) => phraseOf([form], false)),
    ...query.terms.filter((term) => term.exact).map((term) => phraseOf(term.words, term.prefix)),
  ];
  for (const [doc, columns] of rest) {
    const snippet = makeSnippet(columns, phrases, SNIPPET_MARKS, 'any');
    if (snippet !== undefined) snippets.set(doc, snippet);
  }
  return snippets;
}

/**
 * getEventRef (describeEvent in events.ts) for a page of events at once: one prepared statement per kind
 * instead of a statement prepared per hit. The columns are describeEvent's, column for column; a test
 * (test/db/search-fast.test.ts) holds the two together for every kind of event, live and trashed.
 */
const REFS_BY_KIND: Record<EventType, string> = {
  field_note: `SELECT 'field_note' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE substr(body, 1, 80) END AS label,
                 occurred_at, cycle_id, phase, NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
               FROM field_notes WHERE id IN (SELECT value FROM json_each(?))`,
  dialogue: `SELECT 'dialogue' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE kind END AS label,
               occurred_at, cycle_id, phase, id AS dialogue_id, summary AS text, deleted_at IS NOT NULL AS deleted
             FROM dialogues WHERE id IN (SELECT value FROM json_each(?))`,
  turn: `SELECT 'turn' AS type, t.id, t.project_id,
           coalesce(s.pseudonym, '?') || ': ' || substr(t.text, 1, 80) AS label,
           d.occurred_at, d.cycle_id, d.phase, t.dialogue_id, t.text,
           (t.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL) AS deleted
         FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id LEFT JOIN stakeholders s ON s.id = t.speaker_id
         WHERE t.id IN (SELECT value FROM json_each(?))`,
  phase_entry: `SELECT 'phase_entry' AS type, id, project_id, substr(body, 1, 80) AS label, occurred_at, cycle_id, phase,
                  NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
                FROM phase_entries WHERE id IN (SELECT value FROM json_each(?))`,
  reflection: `SELECT 'reflection' AS type, id, project_id, CASE WHEN title <> '' THEN title ELSE substr(body, 1, 80) END AS label,
                 written_at AS occurred_at, cycle_id, phase, NULL AS dialogue_id, body AS text, deleted_at IS NOT NULL AS deleted
               FROM reflections WHERE id IN (SELECT value FROM json_each(?))`,
};

/** EventRefs of many events, keyed by `${type}:${id}`; events that do not exist are absent. */
export function eventRefsOf(db: Db, events: readonly { type: EventType; id: string }[]): Map<string, EventRef> {
  const byKind = new Map<EventType, string[]>();
  for (const event of events) byKind.set(event.type, [...(byKind.get(event.type) ?? []), event.id]);
  const refs = new Map<string, EventRef>();
  for (const [kind, ids] of byKind) {
    const rows = db.prepare(REFS_BY_KIND[kind]).all(JSON.stringify(ids)) as (Omit<EventRef, 'deleted'> & { deleted: number })[];
    for (const row of rows) refs.set(`${kind}:${row.id}`, { ...row, label: plainLabel(row.label), deleted: row.deleted === 1 });
  }
  return refs;
}

function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((values) => Array.isArray(values) && values.length > 0);
}

/**
 * Live events matching the query and filters, ranked by bm25 (title words weigh three times the body),
 * newest first among equals; or, when the query is blank, every event matching the filters in time order.
 * Never throws for odd text: text without words searches nothing and says so.
 */
export function searchEvents(db: Db, request: SearchRequest): SearchResult {
  const blank = request.query.trim() === '';
  const parsed: ParsedQuery = blank ? { match: undefined, stemmed: undefined, exactOnly: undefined, terms: [] } : parseQuery(request.query);
  const none = { total: 0, total_is_estimate: false, ranked_among: null, hits: [] };
  if (!blank && !parsed.match) return { ...none, terms: [], nothing_to_search: true };
  const limit = Math.max(1, Math.min(request.limit ?? 20, MAX_LIMIT));
  const offset = Math.max(0, request.offset ?? 0);
  const filters = request.filters ?? {};
  const order = request.order ?? (blank ? 'newest' : 'relevance');
  const maxExcluded = request.tuning?.maxExcluded ?? MAX_EXCLUDED;
  const version = db.inTransaction ? undefined : dataVersion(db);
  const scope = scopeOf(db, request.projectId, maxExcluded, version);
  const rankingVersion = request.tuning?.remember === false ? undefined : version;
  if (scope.dead) return { ...none, terms: parsed.terms, nothing_to_search: false };

  let total: number | undefined;
  let rankedAmong: number | null = null;
  let page: { doc: number; type: EventType; id: string }[] | undefined;
  if (parsed.match && order === 'relevance' && !hasFilters(filters) && scope.excluded) {
    const rankAhead = request.tuning?.rankAhead ?? RANK_AHEAD;
    const bound = Math.max(1, request.tuning?.rankBound ?? RANK_BOUND);
    const stemBound = Math.max(1, request.tuning?.stemRankBound ?? STEM_RANK_BOUND);
    const key = `${maxExcluded}:${rankAhead}:${bound}:${stemBound}:${request.projectId ?? ''}:${parsed.match}:${parsed.stemmed ?? ''}`;
    let ranking = cachedRanking(db, key, rankingVersion, offset + limit);
    if (!ranking) {
      ranking = rankFromIndex(db, parsed, scope.excluded, Math.max(offset + limit, rankAhead), bound, stemBound);
      if (ranking) rememberRanking(db, key, rankingVersion, ranking);
    }
    if (ranking) {
      total = ranking.total;
      rankedAmong = ranking.rankedAmong;
      page = ranking.ranked.slice(offset, offset + limit);
    }
  }
  if (page === undefined || total === undefined) {
    const params: Record<string, unknown> = { limit, offset };
    const where = filterSql(filters, params);
    if (scope.excluded) {
      if (scope.excluded.length > 0) {
        where.unshift('e.doc_id NOT IN (SELECT value FROM json_each(@excluded))');
        params.excluded = json(scope.excluded);
      }
    } else {
      // Too many events outside the scope to list: check each match. Turns of a dialogue in the trash are
      // not live, and neither is anything in a project in the trash.
      where.unshift(
        `(e.entity_type <> 'turn' OR EXISTS (SELECT 1 FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
           WHERE t.id = e.entity_id AND d.deleted_at IS NULL))`,
      );
      if (request.projectId === undefined) where.push(`EXISTS (SELECT 1 FROM projects p WHERE p.id = e.project_id AND p.deleted_at IS NULL)`);
    }
    if (request.projectId !== undefined) {
      where.push('e.project_id = @project');
      params.project = request.projectId;
    }
    const orderBy =
      order === 'oldest'
        ? 'e.occurred_at ASC, e.entity_id ASC'
        : order === 'newest' || blank
          ? 'e.occurred_at DESC, e.entity_id DESC'
          : 'score ASC, e.occurred_at DESC, e.entity_id DESC';
    const whereSql = (first: string[]) => {
      const all = [...first, ...where];
      return all.length > 0 ? `WHERE ${all.join('\n  AND ')}` : '';
    };
    const countParams = () => Object.fromEntries(Object.entries(params).filter(([key]) => !['limit', 'offset'].includes(key)));
    const columns = 'e.doc_id AS doc, e.entity_type AS type, e.entity_id AS id';
    if (parsed.match && parsed.stemmed) {
      // Everything the exact words find and everything found through stems: the stems table holds both.
      params.match = parsed.match;
      params.stemmed = parsed.stemmed;
      const stems = ['events_fts_stems MATCH @stemmed'];
      if (parsed.exactOnly) {
        params.exactOnly = parsed.exactOnly;
        stems.push(`e.doc_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @exactOnly)`);
      }
      const fromStems = 'events_fts_stems JOIN events e ON e.doc_id = events_fts_stems.rowid';
      total = db.prepare(`SELECT count(*) FROM ${fromStems} ${whereSql(stems)}`).pluck().get(countParams()) as number;
      page = db
        .prepare(
          order === 'relevance'
            ? // Exact matches first (tier 0, bm25 on the exact index), then the rest (tier 1, bm25 on the stems).
              `SELECT doc, type, id FROM (
                 SELECT ${columns}, e.occurred_at, 0 AS tier, ${SCORE} AS score
                   FROM events_fts JOIN events e ON e.doc_id = events_fts.rowid ${whereSql(['events_fts MATCH @match'])}
                 UNION ALL
                 SELECT ${columns}, e.occurred_at, 1 AS tier, ${STEM_SCORE} AS score
                   FROM ${fromStems} ${whereSql([...stems, 'e.doc_id NOT IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @match)'])}
               ) ORDER BY tier, score, occurred_at DESC, id DESC LIMIT @limit OFFSET @offset`
            : `SELECT ${columns} FROM ${fromStems} ${whereSql(stems)} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`,
        )
        .all(params) as { doc: number; type: EventType; id: string }[];
    } else {
      let from = 'events e';
      let score = '0';
      const first: string[] = [];
      if (parsed.match) {
        params.match = parsed.match;
        from = 'events_fts JOIN events e ON e.doc_id = events_fts.rowid';
        first.push('events_fts MATCH @match');
        // bm25 only when it orders the results.
        if (order === 'relevance') score = SCORE;
      }
      total = db.prepare(`SELECT count(*) FROM ${from} ${whereSql(first)}`).pluck().get(countParams()) as number;
      page = db
        .prepare(`SELECT ${columns}, ${score} AS score FROM ${from} ${whereSql(first)} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`)
        .all(params) as { doc: number; type: EventType; id: string }[];
    }
  }

  const snippets = parsed.match ? snippetsOf(parsed, indexedTexts(db, page.map((row) => row.doc))) : new Map<number, string>();
  const hits: SearchHit[] = [];
  const refs = eventRefsOf(db, page);
  page.forEach((row, index) => {
    const ref = refs.get(`${row.type}:${row.id}`);
    if (!ref || ref.deleted) return;
    const match = parsed.terms.length > 0 ? findMatch(ref.text, parsed.terms, parsed.stemmed !== undefined) : undefined;
    const snippet = snippets.get(row.doc);
    hits.push({ ...ref, snippet: snippet ? splitSnippet(snippet) : [], match: match ?? null, rank: offset + index + 1 });
  });
  return { total, total_is_estimate: false, ranked_among: rankedAmong, hits, terms: parsed.terms, nothing_to_search: false };
}

export interface SpeakerCell {
  /** The cycle, or null for events outside any cycle. */
  cycle_id: string | null;
  turns: number;
  notes: number;
  dialogues: number;
}

export interface SpeakerRow {
  stakeholder_id: string;
  pseudonym: string;
  sector: Sector;
  cells: SpeakerCell[];
  turns: number;
  notes: number;
  dialogues: number;
}

export interface SpeakerMap {
  /** The columns: live cycles in reading order ("2.1" is a sub-cycle of 2), then "no cycle" if used. */
  columns: { cycle_id: string | null; number: string; title: string }[];
  rows: SpeakerRow[];
}

const SECTOR_ORDER: Sector[] = ['citizen', 'voluntary', 'public', 'private', 'researcher', 'other'];

/**
 * Who spoke when: for each live stakeholder (by pseudonym, grouped by sector) and each cycle, how many
 * turns they spoke, how many field notes involve them and how many dialogues they took part in.
 */
export function speakerMap(db: Db, projectId: string): SpeakerMap {
  const cycles = listCycles(db, projectId);
  const people = db
    .prepare(`SELECT id, pseudonym, sector FROM stakeholders WHERE project_id = ? AND deleted_at IS NULL ORDER BY pseudonym COLLATE NOCASE, id`)
    .all(projectId) as { id: string; pseudonym: string; sector: Sector }[];
  // Turns are read dialogue by dialogue (CROSS JOIN keeps that order: their rows lie together), and the notes'
  // cycles come from the small events table (live notes only) instead of the notes with their whole text.
  const counts = db
    .prepare(
      `SELECT who, cycle_id, sum(turns) AS turns, sum(notes) AS notes, sum(dialogues) AS dialogues FROM (
         SELECT t.speaker_id AS who, d.cycle_id, count(*) AS turns, 0 AS notes, 0 AS dialogues
           FROM dialogues d CROSS JOIN dialogue_turns t ON t.dialogue_id = d.id
           WHERE d.project_id = @project AND d.deleted_at IS NULL AND t.deleted_at IS NULL AND t.speaker_id IS NOT NULL
           GROUP BY 1, 2
         UNION ALL
         SELECT l.stakeholder_id, e.cycle_id, 0, count(*), 0
           FROM events e CROSS JOIN field_note_stakeholders l ON l.note_id = e.entity_id
           WHERE e.project_id = @project AND e.entity_type = 'field_note'
           GROUP BY 1, 2
         UNION ALL
         SELECT p.stakeholder_id, d.cycle_id, 0, 0, count(*)
           FROM dialogue_participants p JOIN dialogues d ON d.id = p.dialogue_id
           WHERE d.project_id = @project AND d.deleted_at IS NULL
           GROUP BY 1, 2
       ) GROUP BY who, cycle_id`,
    )
    .all({ project: projectId }) as { who: string; cycle_id: string | null; turns: number; notes: number; dialogues: number }[];
  const liveCycles = new Set(cycles.map((cycle) => cycle.id));
  const byPerson = new Map<string, Map<string | null, SpeakerCell>>();
  let outside = false;
  for (const count of counts) {
    // Events in a cycle that is in the trash stand outside any cycle, as on the timeline.
    const cycleId = count.cycle_id && liveCycles.has(count.cycle_id) ? count.cycle_id : null;
    if (cycleId === null) outside = true;
    const cells = byPerson.get(count.who) ?? new Map<string | null, SpeakerCell>();
    const cell = cells.get(cycleId) ?? { cycle_id: cycleId, turns: 0, notes: 0, dialogues: 0 };
    cell.turns += count.turns;
    cell.notes += count.notes;
    cell.dialogues += count.dialogues;
    cells.set(cycleId, cell);
    byPerson.set(count.who, cells);
  }
  const columns: SpeakerMap['columns'] = cycles.map((cycle) => ({ cycle_id: cycle.id, number: cycleNumber(db, cycle), title: cycle.title }));
  if (outside) columns.push({ cycle_id: null, number: '', title: '' });
  const rows = people
    .map((person): SpeakerRow => {
      const cells = columns.map(
        (column) => byPerson.get(person.id)?.get(column.cycle_id) ?? { cycle_id: column.cycle_id, turns: 0, notes: 0, dialogues: 0 },
      );
      const sum = (key: 'turns' | 'notes' | 'dialogues') => cells.reduce((total, cell) => total + cell[key], 0);
      return { stakeholder_id: person.id, pseudonym: person.pseudonym, sector: person.sector, cells, turns: sum('turns'), notes: sum('notes'), dialogues: sum('dialogues') };
    })
    .sort((a, b) => SECTOR_ORDER.indexOf(a.sector) - SECTOR_ORDER.indexOf(b.sector));
  return { columns, rows };
}
