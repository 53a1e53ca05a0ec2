import type { Db } from '../connection.js';
import { describeEvent, type EventType } from './events.js';
import { searchEvents, toMatchExpression, type EventRef, type SnippetPart } from './search.js';

// The match-expression builder and the event reference belong to search (search.ts); kept here under their old
// names for the evidence picker's callers.
export { toMatchExpression, type EventRef };

/** Any event by type and id, or undefined when there is no such row (trashed events have `deleted`). */
export function getEventRef(db: Db, type: EventType, id: string): EventRef | undefined {
  return describeEvent(db, type, id) as EventRef | undefined;
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
