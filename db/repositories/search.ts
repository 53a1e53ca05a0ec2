import type { Db } from '../connection.js';
import { cycleNumber, listCycles } from './cycles.js';
import { getEventRef, toMatchExpression, type EventRef } from './evidence.js';
import type { EventType } from './events.js';
import type { Sector } from './stakeholders.js';

/**
 * Full-text search over a project's events (notes, dialogues, turns, phase entries, reflections) through
 * the FTS5 index `events_fts`, which triggers keep in step with every write. What a person types never
 * reaches MATCH as syntax: it is cut into words (and "quoted phrases"), each passed as an FTS5 string.
 */

type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
export type ReflectionMode = 'withness' | 'aboutness';

/** Marks around matched words in a snippet: control characters that never survive into typed text. */
export const HIT_START = '\u0001';
export const HIT_END = '\u0002';

/** Most phrases honoured in one query; more than anyone types. */
const MAX_PHRASES = 8;
/** Words per phrase, and their length: longer cannot match a real token anyway. */
const MAX_PHRASE_WORDS = 24;
const MAX_WORD_LENGTH = 100;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** One thing to look for: a word (the last typed one as a prefix) or a phrase of words in order. */
export interface SearchTerm {
  kind: 'word' | 'phrase';
  words: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or undefined when the text holds no word to look for. */
  match: string | undefined;
  terms: SearchTerm[];
}

function wordsOf(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).map((word) => word.slice(0, MAX_WORD_LENGTH));
}

/**
 * Turns typed text into a safe MATCH expression. Text between double quotes becomes a phrase (its words in
 * order); everything else is words, all required, and the last word typed outside quotes is a prefix.
 * The words outside phrases go through evidence.ts's `toMatchExpression` (the evidence picker's builder).
 * Quotes, AND/OR/NOT/NEAR, `*`, `^`, `:`, `-`, parentheses and other punctuation are never syntax.
 */
export function parseQuery(query: string): ParsedQuery {
  const text = query.normalize('NFC');
  const phrases: string[][] = [];
  const loose: string[] = [];
  // Only balanced pairs of quotes make phrases; a lone quote is punctuation like any other.
  const quotes = [...text.matchAll(/"/g)].length;
  const usable = quotes - (quotes % 2);
  let rest = text;
  let seen = 0;
  let endsInPhrase = false;
  while (seen < usable) {
    const open = rest.indexOf('"');
    const close = rest.indexOf('"', open + 1);
    loose.push(rest.slice(0, open));
    const words = wordsOf(rest.slice(open + 1, close)).slice(0, MAX_PHRASE_WORDS);
    const isPhrase = words.length > 1 && phrases.length < MAX_PHRASES;
    if (isPhrase) phrases.push(words);
    else loose.push(words.join(' '));
    rest = rest.slice(close + 1);
    seen += 2;
    endsInPhrase = isPhrase && wordsOf(rest).length === 0;
  }
  loose.push(rest);
  const looseText = loose.join(' ');
  const looseMatch = toMatchExpression(looseText);
  // toMatchExpression quotes each word; words hold only letters, marks and digits, never a quote.
  const looseWords = (looseMatch?.match(/"[^"]*"/g) ?? []).map((quoted) => quoted.slice(1, -1));
  const terms: SearchTerm[] = looseWords.map((word, index) => ({
    kind: 'word',
    words: [word],
    prefix: index === looseWords.length - 1 && !endsInPhrase,
  }));
  // toMatchExpression makes its last word a prefix; when the query ended with a phrase, it should not be.
  let looseExpression = looseMatch;
  if (looseExpression && endsInPhrase) looseExpression = looseExpression.replace(/\*$/, '');
  for (const words of phrases) terms.push({ kind: 'phrase', words, prefix: false });
  const parts = [
    ...(looseExpression ? [looseExpression] : []),
    ...phrases.map((words) => `"${words.join(' ').replaceAll('"', '""')}"`),
  ];
  return { match: parts.length > 0 ? parts.join(' AND ') : undefined, terms };
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

/**
 * Where the first match stands in an event's text, in code points (end exclusive), so the event can be
 * opened at the match; undefined when the words matched only its title (or a field not in `text`).
 */
export function findMatch(text: string, terms: readonly SearchTerm[]): { start: number; end: number } | undefined {
  let best: { index: number; length: number } | undefined;
  for (const term of terms) {
    const body = term.words.map(escapeRegExp).join(`${NOT_WORD}+`);
    const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}${term.prefix ? '[\\p{L}\\p{M}\\p{N}]*' : '(?![\\p{L}\\p{M}\\p{N}])'}`, 'iu');
    const found = pattern.exec(text);
    if (found && (!best || found.index < best.index)) best = { index: found.index, length: found[0].length };
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

/**
 * Live events matching the query and filters, ranked by bm25 (title words weigh three times the body),
 * newest first among equals; or, when the query is blank, every event matching the filters in time order.
 * Never throws for odd text: text without words searches nothing and says so.
 */
export function searchEvents(db: Db, request: SearchRequest): SearchResult {
  const blank = request.query.trim() === '';
  const parsed = blank ? { match: undefined, terms: [] } : parseQuery(request.query);
  if (!blank && !parsed.match) return { total: 0, hits: [], terms: [], nothing_to_search: true };
  const limit = Math.max(1, Math.min(request.limit ?? 20, MAX_LIMIT));
  const offset = Math.max(0, request.offset ?? 0);
  const params: Record<string, unknown> = { hitStart: HIT_START, hitEnd: HIT_END, limit, offset };
  const where = [
    // Turns of a dialogue in the trash are not live, and neither is anything in a project in the trash.
    `(e.entity_type <> 'turn' OR EXISTS (SELECT 1 FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
       WHERE t.id = e.entity_id AND d.deleted_at IS NULL))`,
    `EXISTS (SELECT 1 FROM projects p WHERE p.id = e.project_id AND p.deleted_at IS NULL)`,
    ...filterSql(request.filters ?? {}, params),
  ];
  if (request.projectId !== undefined) {
    where.push('e.project_id = @project');
    params.project = request.projectId;
  }
  const order = request.order ?? (blank ? 'newest' : 'relevance');
  const orderBy =
    order === 'oldest'
      ? 'e.occurred_at ASC, e.entity_id ASC'
      : order === 'newest' || blank
        ? 'e.occurred_at DESC, e.entity_id DESC'
        : 'score ASC, e.occurred_at DESC, e.entity_id DESC';
  let from: string;
  let select: string;
  if (parsed.match) {
    params.match = parsed.match;
    from = 'events_fts JOIN events e ON e.doc_id = events_fts.rowid';
    where.unshift('events_fts MATCH @match');
    select = `e.entity_type AS type, e.entity_id AS id, bm25(events_fts, 3.0, 1.0) AS score,
              snippet(events_fts, -1, @hitStart, @hitEnd, '…', 20) AS snippet`;
  } else {
    from = 'events e';
    select = `e.entity_type AS type, e.entity_id AS id, 0 AS score, NULL AS snippet`;
  }
  const whereSql = where.join('\n  AND ');
  const countParams = Object.fromEntries(Object.entries(params).filter(([key]) => !['hitStart', 'hitEnd', 'limit', 'offset'].includes(key)));
  const total = db.prepare(`SELECT count(*) FROM ${from} WHERE ${whereSql}`).pluck().get(countParams) as number;
  const rows = db
    .prepare(`SELECT ${select} FROM ${from} WHERE ${whereSql} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`)
    .all(params) as { type: EventType; id: string; snippet: string | null }[];
  const hits: SearchHit[] = [];
  rows.forEach((row, index) => {
    const ref = getEventRef(db, row.type, row.id);
    if (!ref || ref.deleted) return;
    const match = parsed.terms.length > 0 ? findMatch(ref.text, parsed.terms) : undefined;
    hits.push({ ...ref, snippet: row.snippet ? splitSnippet(row.snippet) : [], match: match ?? null, rank: offset + index + 1 });
  });
  return { total, hits, terms: parsed.terms, nothing_to_search: false };
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
  const counts = db
    .prepare(
      `SELECT who, cycle_id, sum(turns) AS turns, sum(notes) AS notes, sum(dialogues) AS dialogues FROM (
         SELECT t.speaker_id AS who, d.cycle_id, 1 AS turns, 0 AS notes, 0 AS dialogues
           FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
           WHERE t.project_id = @project AND t.deleted_at IS NULL AND d.deleted_at IS NULL AND t.speaker_id IS NOT NULL
         UNION ALL
         SELECT l.stakeholder_id, n.cycle_id, 0, 1, 0
           FROM field_note_stakeholders l JOIN field_notes n ON n.id = l.note_id
           WHERE n.project_id = @project AND n.deleted_at IS NULL
         UNION ALL
         SELECT p.stakeholder_id, d.cycle_id, 0, 0, 1
           FROM dialogue_participants p JOIN dialogues d ON d.id = p.dialogue_id
           WHERE d.project_id = @project AND d.deleted_at IS NULL
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
