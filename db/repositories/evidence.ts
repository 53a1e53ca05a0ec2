import type { Db } from '../connection.js';
import { describeEvent, type EventRef as AnyEventRef, type EventType } from './events.js';
import { searchEvents, type SnippetPart } from './search.js';

type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
/** describeEvent's EventRef with its phase typed as one of the four phases (the column's CHECK). */
export type EventRef = Omit<AnyEventRef, 'phase'> & { phase: PhaseName | null };

/** Any event by type and id, or undefined when there is no such row (trashed events have `deleted`). */
export function getEventRef(db: Db, type: EventType, id: string): EventRef | undefined {
  return describeEvent(db, type, id) as EventRef | undefined;
}

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

export interface EvidenceSearchOptions {
  types?: EventType[];
  limit?: number;
}

/**
 * The evidence picker's search: the same ranked search as the search screen (search.ts, with its fast path
 * for journals of any size), narrowed to a project and optionally to kinds of event, as plain event refs
 * with their snippets.
 */
export function searchEvidence(db: Db, projectId: string, query: string, options: EvidenceSearchOptions = {}): (EventRef & { snippet: SnippetPart[] })[] {
  // Unlike the search screen, a box with no word in it finds nothing (the picker browses instead).
  if (!toMatchExpression(query)) return [];
  const types = options.types && options.types.length > 0 ? options.types : undefined;
  const limit = Math.max(1, Math.min(options.limit ?? 20, 50));
  const result = searchEvents(db, { projectId, query, limit, ...(types ? { filters: { types } } : {}) });
  return result.hits.map(({ match: _match, rank: _rank, ...hit }) => hit);
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
