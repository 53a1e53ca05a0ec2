import type { Db } from '../connection.js';
import { describeEvent, type EventRef as AnyEventRef, type EventType } from './events.js';

type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
/** describeEvent's EventRef with its phase typed as one of the four phases (the column's CHECK). */
export type EventRef = Omit<AnyEventRef, 'phase'> & { phase: PhaseName | null };

/** Any event by type and id, or undefined when there is no such row (trashed events have `deleted`). */
export function getEventRef(db: Db, type: EventType, id: string): EventRef | undefined {
  return describeEvent(db, type, id) as EventRef | undefined;
}

/** Marks around matched words in a snippet; control characters that never appear in typed text. */
const HIT_START = '\u0001';
const HIT_END = '\u0002';
/** More words than anyone types into a search box; the rest of a pasted essay is ignored. */
const MAX_WORDS = 24;
/** A single "word" longer than this cannot match a real token; keep the expression small. */
const MAX_WORD_LENGTH = 100;

/**
 * Turns what a person typed into a safe FTS5 MATCH expression: the words (Unicode letters, marks and
 * digits — so æ, ø and å are part of words), each quoted as a string literal, the last one as a prefix,
 * all required. Punctuation and FTS5 syntax (quotes, NEAR, *, -, :, AND/OR/NOT, parentheses) never
 * reach the query parser as syntax. Returns undefined when there is no word to look for.
 */
export function toMatchExpression(query: string): string | undefined {
  const words = (query.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [])
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (words.length === 0) return undefined;
  const quoted = words.map((word) => `"${word.replaceAll('"', '""')}"`);
  quoted[quoted.length - 1] += '*';
  return quoted.join(' AND ');
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit extends EventRef {
  /** A short passage around the match, split into plain text and matched words (never HTML). */
  snippet: SnippetPart[];
}

function splitSnippet(raw: string): SnippetPart[] {
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
  return parts.filter((part) => part.text.length > 0);
}

export interface SearchOptions {
  types?: EventType[];
  limit?: number;
}

/**
 * Live events of a project whose text matches the query, best first (title words weigh more).
 * Never throws for odd input: text with no words finds nothing.
 */
export function searchEvents(db: Db, projectId: string, query: string, options: SearchOptions = {}): SearchHit[] {
  const match = toMatchExpression(query);
  if (!match) return [];
  const types = options.types && options.types.length > 0 ? options.types : undefined;
  const limit = Math.max(1, Math.min(options.limit ?? 20, 50));
  const rows = db
    .prepare(
      `SELECT e.entity_type AS type, e.entity_id AS id,
              snippet(events_fts, -1, @hitStart, @hitEnd, '…', 16) AS snippet
       FROM events_fts JOIN events e ON e.doc_id = events_fts.rowid
       WHERE events_fts MATCH @match AND e.project_id = @project
         ${types ? `AND e.entity_type IN (${types.map((_, i) => `@t${i}`).join(', ')})` : ''}
       ORDER BY bm25(events_fts, 2.0, 1.0), e.occurred_at DESC
       LIMIT @limit`,
    )
    .all({
      match,
      project: projectId,
      limit,
      hitStart: HIT_START,
      hitEnd: HIT_END,
      ...Object.fromEntries((types ?? []).map((type, i) => [`t${i}`, type])),
    }) as { type: EventType; id: string; snippet: string }[];
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const ref = getEventRef(db, row.type, row.id);
    if (ref && !ref.deleted) hits.push({ ...ref, snippet: splitSnippet(row.snippet) });
  }
  return hits;
}

export interface BrowseOptions {
  type?: EventType;
  cycleId?: string;
  limit?: number;
  /** Cursor: only events that happened before this time… */
  before?: string;
  /** …or at that very time with a smaller id (events of one dialogue share its time). */
  beforeId?: string;
}

/** Live events of a project, newest first, for browsing when one does not know what to search for. */
export function browseEvents(db: Db, projectId: string, options: BrowseOptions = {}): EventRef[] {
  const limit = Math.max(1, Math.min(options.limit ?? 30, 100));
  const where = ['project_id = @project'];
  if (options.type) where.push('entity_type = @type');
  if (options.cycleId) where.push('cycle_id = @cycle');
  if (options.before) where.push(options.beforeId ? '(occurred_at, entity_id) < (@before, @beforeId)' : 'occurred_at < @before');
  const rows = db
    .prepare(
      `SELECT entity_type AS type, entity_id AS id FROM events
       WHERE ${where.join(' AND ')}
       ORDER BY occurred_at DESC, entity_id DESC
       LIMIT @limit`,
    )
    .all({
      project: projectId,
      type: options.type ?? null,
      cycle: options.cycleId ?? null,
      before: options.before ? (options.before.endsWith('Z') ? options.before : new Date(options.before).toISOString()) : null,
      beforeId: options.beforeId ?? null,
      limit,
    }) as { type: EventType; id: string }[];
  return rows.map((row) => getEventRef(db, row.type, row.id)).filter((ref): ref is EventRef => ref !== undefined && !ref.deleted);
}
