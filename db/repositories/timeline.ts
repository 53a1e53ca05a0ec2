import { cachedStatement, type Db } from '../connection.js';
import { EVENT_TYPES, describeEvent, type EventType } from './events.js';
import { toMatchExpression } from './search.js';
import { SECTOR_BITS } from '../timeline-counts.js';

/**
 * The timeline: every live event of an inquiry on one time axis (the `events` table, indexed on
 * project_id + occurred_at), with the cycles and their phases as bands, and the prompt links that
 * tie a reflection to the events that prompted it.
 */

export type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
export type SectorName = 'public' | 'private' | 'voluntary' | 'citizen' | 'researcher' | 'other';
export type ReflectionModeName = 'withness' | 'aboutness';
export type LaneMode = 'type' | 'sector';

export const SECTORS: readonly SectorName[] = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'];
/** The density lane of events that involve no stakeholder (reflections, phase entries, …). */
export const NO_SECTOR = 'none';

export interface TimelineFilters {
  cycle_ids?: string[];
  phases?: PhaseName[];
  types?: EventType[];
  stakeholder_ids?: string[];
  sectors?: SectorName[];
  code_ids?: string[];
  modes?: ReflectionModeName[];
  text?: string;
}

export interface WindowQuery {
  project_id: string;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
  filters?: TimelineFilters;
  limit?: number;
  /** asc (default): the earliest events of the window first; desc: the latest first. */
  order?: 'asc' | 'desc';
  /** When the window holds more than `limit` events: count them in this many equal time buckets. */
  buckets?: number;
  /** How density counts are grouped: per event type (default) or per stakeholder sector. */
  lanes?: LaneMode;
  /** Keyset paging: only the events that come after this one in the requested order (a previous page's `next`). */
  after?: WindowCursor;
}

/**
 * A place in the timeline's order (occurred_at, type rank, turn position, entity id): the last event of a page.
 * `position` is the turn's position in its dialogue, null for any other event.
 */
export interface WindowCursor {
  occurred_at: string;
  type: EventType;
  position: number | null;
  id: string;
}

export interface TimelineEvent {
  type: EventType;
  id: string;
  label: string;
  occurred_at: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  dialogue_id: string | null;
  /** Speaker for a turn, participants for a dialogue, involved stakeholders for a field note. */
  stakeholder_ids: string[];
  sectors: SectorName[];
  code_ids: string[];
  /** withness / aboutness for a reflection, null for any other event. */
  mode: ReflectionModeName | null;
}

export interface TimelineLink {
  reflection_id: string;
  target_type: EventType;
  target_id: string;
}

export interface Density {
  from: string;
  to: string;
  bucket_ms: number;
  /** One row of counts per lane key (an event type or a sector, or 'none'), `buckets` long. */
  lanes: { key: string; counts: number[] }[];
}

export interface TimelineWindow {
  events: TimelineEvent[];
  links: TimelineLink[];
  /** Every event in the window that passes the filters (may be more than `events`). */
  total: number;
  truncated: boolean;
  density: Density | null;
  /** The cursor to ask for the next page with (`after`); null when no event of the window follows this page. */
  next: WindowCursor | null;
}

export const MAX_LIMIT = 5000;
const DEFAULT_LIMIT = 2000;
const LABEL_LENGTH = 80;

const TYPE_RANK_SQL = `CASE e.entity_type WHEN 'phase_entry' THEN 0 WHEN 'field_note' THEN 1 WHEN 'dialogue' THEN 2 WHEN 'turn' THEN 3 ELSE 4 END`;
const TYPE_RANK: Record<EventType, number> = { phase_entry: 0, field_note: 1, dialogue: 2, turn: 3, reflection: 4 };
const TURN_POSITION_SQL = `(SELECT t.position FROM dialogue_turns t WHERE e.entity_type = 'turn' AND t.id = e.entity_id)`;

/** Stored times are UTC ISO text with milliseconds; inputs with an offset are brought to that form. */
function normalizeTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) ? value : new Date(value).toISOString();
}

/**
 * Events that involve a matching stakeholder (speaker of a turn, participant of a dialogue, involved in a note).
 * 'gather' collects every such event once through the join tables' indexes (cheap when few stakeholders match,
 * or when the window is large); 'probe' looks each event of the window up by its id (cheap when the window is
 * small but the condition matches many stakeholders, as a sector does).
 */
function involvement(strategy: InvolvementStrategy, condition: string): string {
  if (strategy === 'probe') {
    // CROSS JOIN keeps the event's own rows as the outer loop: a few index lookups per event.
    return `(CASE e.entity_type
      WHEN 'turn' THEN EXISTS (SELECT 1 FROM dialogue_turns t CROSS JOIN stakeholders s ON s.id = t.speaker_id
        WHERE t.id = e.entity_id AND s.project_id = @project AND s.deleted_at IS NULL AND ${condition})
      WHEN 'dialogue' THEN EXISTS (SELECT 1 FROM dialogue_participants p CROSS JOIN stakeholders s ON s.id = p.stakeholder_id
        WHERE p.dialogue_id = e.entity_id AND s.project_id = @project AND s.deleted_at IS NULL AND ${condition})
      WHEN 'field_note' THEN EXISTS (SELECT 1 FROM field_note_stakeholders n CROSS JOIN stakeholders s ON s.id = n.stakeholder_id
        WHERE n.note_id = e.entity_id AND s.project_id = @project AND s.deleted_at IS NULL AND ${condition})
      ELSE 0 END)`;
  }
  return `(e.entity_type, e.entity_id) IN (
      SELECT 'turn', t.id FROM stakeholders s JOIN dialogue_turns t ON t.speaker_id = s.id
        WHERE s.project_id = @project AND s.deleted_at IS NULL AND ${condition}
      UNION ALL
      SELECT 'dialogue', p.dialogue_id FROM stakeholders s JOIN dialogue_participants p ON p.stakeholder_id = s.id
        WHERE s.project_id = @project AND s.deleted_at IS NULL AND ${condition}
      UNION ALL
      SELECT 'field_note', n.note_id FROM stakeholders s JOIN field_note_stakeholders n ON n.stakeholder_id = s.id
        WHERE s.project_id = @project AND s.deleted_at IS NULL AND ${condition})`;
}

type InvolvementStrategy = 'gather' | 'probe';

/** Up to this many events in the window, sector filters look each event up instead of gathering all involved events. */
const PROBE_WINDOW = 20_000;
const FEW_STAKEHOLDERS = 10;

/** 'probe' when the window (before filters) holds at most PROBE_WINDOW events; counting stops there. */
function involvementStrategy(db: Db, query: WindowQuery, knownSize: number | undefined, probeWindow: number, sectorColumn = true): InvolvementStrategy {
  const f = query.filters ?? {};
  const needed = (!sectorColumn && (f.sectors?.length ?? 0) > 0) || (f.stakeholder_ids?.length ?? 0) > FEW_STAKEHOLDERS;
  if (!needed) return 'gather';
  const size = knownSize ?? windowSize(db, query, probeWindow + 1);
  return size <= probeWindow ? 'probe' : 'gather';
}

interface BuiltWhere {
  sql: string;
  params: Record<string, unknown>;
  /** False when the filters cannot match anything (an empty list, text with no words is ignored). */
}

function jsonList(values: readonly string[]): string {
  return JSON.stringify(values);
}

/** The project and the window's time bounds as conditions on `events` (columns prefixed with `alias`). */
function windowBounds(query: WindowQuery, alias: 'e.' | ''): { where: string[]; params: Record<string, unknown> } {
  const where = [`${alias}project_id = @project`];
  const params: Record<string, unknown> = { project: query.project_id };
  if (query.from) {
    where.push(`${alias}occurred_at >= @from`);
    params.from = normalizeTime(query.from);
  }
  if (query.to) {
    where.push(`${alias}occurred_at < @to`);
    params.to = normalizeTime(query.to);
  }
  return { where, params };
}

/**
 * The WHERE clause over `events e` for a window and its filters. Involvement (stakeholders, sectors)
 * and codes are EXISTS subqueries on indexed join tables, so the range scan on events_time leads.
 */
function buildWhere(query: WindowQuery, strategy: InvolvementStrategy = 'gather', sectorColumn = true): BuiltWhere {
  const { where, params } = windowBounds(query, 'e.');
  const f = query.filters ?? {};
  if (f.types && f.types.length > 0) {
    where.push('e.entity_type IN (SELECT value FROM json_each(@types))');
    params.types = jsonList(f.types);
  }
  if (f.cycle_ids && f.cycle_ids.length > 0) {
    where.push('e.cycle_id IN (SELECT value FROM json_each(@cycles))');
    params.cycles = jsonList(f.cycle_ids);
  }
  if (f.phases && f.phases.length > 0) {
    where.push('e.phase IN (SELECT value FROM json_each(@phases))');
    params.phases = jsonList(f.phases);
  }
  if (f.modes && f.modes.length > 0) {
    // Modes narrow the reflections; other events are not reflections and stay.
    where.push(`(e.entity_type <> 'reflection' OR EXISTS (
      SELECT 1 FROM reflections r WHERE r.id = e.entity_id AND r.mode IN (SELECT value FROM json_each(@modes))))`);
    params.modes = jsonList(f.modes);
  }
  if (f.stakeholder_ids && f.stakeholder_ids.length > 0) {
    // A few stakeholders' events are few: gathering them is cheaper than probing a window's events.
    where.push(involvement(f.stakeholder_ids.length <= FEW_STAKEHOLDERS ? 'gather' : strategy, 's.id IN (SELECT value FROM json_each(@stakeholders))'));
    params.stakeholders = jsonList(f.stakeholder_ids);
  }
  if (f.sectors && f.sectors.length > 0) {
    if (sectorColumn) {
      // Each event's sector set is on its row and in events_time_facets (migration 011): no link is read.
      where.push('(e.sectors & @sector_mask) <> 0');
      params.sector_mask = f.sectors.reduce((mask, sector) => mask | SECTOR_BITS[sector], 0);
    } else {
      where.push(involvement(strategy, 's.sector IN (SELECT value FROM json_each(@sectors))'));
      params.sectors = jsonList(f.sectors);
    }
  }
  if (f.code_ids && f.code_ids.length > 0) {
    // A code stands for itself and every code beneath it.
    where.push(`EXISTS (
      SELECT 1 FROM code_applications ca
      WHERE ca.target_type = e.entity_type AND ca.target_id = e.entity_id AND ca.deleted_at IS NULL
        AND ca.code_id IN (
          WITH RECURSIVE tree(id) AS (
            SELECT c.id FROM codes c WHERE c.id IN (SELECT value FROM json_each(@codes)) AND c.deleted_at IS NULL
            UNION SELECT c.id FROM codes c JOIN tree ON c.parent_id = tree.id WHERE c.deleted_at IS NULL)
          SELECT id FROM tree))`);
    params.codes = jsonList(f.code_ids);
  }
  const match = f.text ? toMatchExpression(f.text) : undefined;
  if (match) {
    where.push('e.doc_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @match)');
    params.match = match;
  }
  return { sql: where.join(' AND '), params };
}

/** The turn's position by its result column (eventsSql's `position`): written out again, it was looked up twice a turn. */
function orderBy(order: 'asc' | 'desc'): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  return `e.occurred_at ${dir}, ${TYPE_RANK_SQL} ${dir}, position ${dir}, e.entity_id ${dir}`;
}

/**
 * The page's events in order. With a cursor (`paged`), only those after it in that order: the window's time
 * bound is moved to the cursor's time (pageQuery) so the index range search starts there, and the tuple
 * comparison settles ties at that instant. Non-turns compare with position -1: events that tie on time and
 * rank are of one type, so this never mixes turns with others.
 */
function eventsSql(where: string, order: 'asc' | 'desc', paged = false): string {
  const after = paged
    ? ` AND (e.occurred_at ${order === 'desc' ? '<' : '>'} @after_at
          OR (${TYPE_RANK_SQL}, coalesce(${TURN_POSITION_SQL}, -1), e.entity_id) ${order === 'desc' ? '<' : '>'} (@after_rank, @after_position, @after_id))`
    : '';
  return `SELECT e.entity_type AS type, e.entity_id AS id, e.occurred_at, e.cycle_id, e.phase, ${TURN_POSITION_SQL} AS position
          FROM events e
          WHERE ${where}${after}
          ORDER BY ${orderBy(order)}
          LIMIT @limit`;
}

/** The window narrowed to what can follow the cursor: from its time on (asc), or up to and including it (desc). */
function pageQuery(query: WindowQuery): WindowQuery {
  if (!query.after) return query;
  const at = normalizeTime(query.after.occurred_at);
  if ((query.order ?? 'asc') === 'asc') {
    const from = query.from ? normalizeTime(query.from) : undefined;
    return { ...query, from: from === undefined || from < at ? at : from };
  }
  const through = new Date(Date.parse(at) + 1).toISOString();
  const to = query.to ? normalizeTime(query.to) : undefined;
  return { ...query, to: to === undefined || to > through ? through : to };
}

function cursorParams(cursor: WindowCursor): Record<string, unknown> {
  return {
    after_at: normalizeTime(cursor.occurred_at),
    after_rank: TYPE_RANK[cursor.type],
    after_position: cursor.type === 'turn' ? (cursor.position ?? -1) : -1,
    after_id: cursor.id,
  };
}

function countSql(where: string): string {
  return `SELECT count(*) FROM events e WHERE ${where}`;
}

/** The statements timeline:window runs, with their query plans (for tests that check index use). */
export function explainWindow(db: Db, query: WindowQuery, strategy: InvolvementStrategy = 'gather'): { statement: string; plan: string[] }[] {
  const { sql, params } = buildWhere(query, strategy);
  const page = buildWhere(pageQuery(query), strategy);
  const statements = [
    {
      statement: 'events',
      sql: eventsSql(page.sql, query.order ?? 'asc', query.after !== undefined),
      params: { ...page.params, ...(query.after ? cursorParams(query.after) : {}), limit: 10 },
    },
    { statement: 'count', sql: countSql(sql), params },
    { statement: 'density', sql: densitySql(sql, query.lanes ?? 'type'), params: { ...params, fromMs: 0, bucketMs: 1, buckets: 10 } },
    { statement: 'density by type ranges', sql: typeRangeSql(EVENT_TYPES), params: { project: query.project_id, bounds: '[]' } },
  ];
  return statements.map(({ statement, sql: text, params: p }) => ({
    statement,
    plan: (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(p) as { detail: string }[]).map((row) => row.detail),
  }));
}

function densitySql(where: string, lanes: LaneMode): string {
  const bucket = `CAST((unixepoch(e.occurred_at, 'subsec') * 1000 - @fromMs) / @bucketMs AS INTEGER)`;
  if (lanes === 'type') {
    return `SELECT e.entity_type AS lane, ${bucket} AS bucket, count(*) AS n
            FROM events e WHERE ${where}
            GROUP BY lane, bucket`;
  }
  return `WITH picked AS (SELECT e.doc_id, e.entity_type, e.entity_id, ${bucket} AS bucket FROM events e WHERE ${where}),
          involved AS (
            SELECT picked.doc_id, picked.bucket, s.sector FROM picked
              JOIN dialogue_turns t ON picked.entity_type = 'turn' AND t.id = picked.entity_id
              JOIN stakeholders s ON s.id = t.speaker_id AND s.deleted_at IS NULL
            UNION
            SELECT picked.doc_id, picked.bucket, s.sector FROM picked
              JOIN dialogue_participants p ON picked.entity_type = 'dialogue' AND p.dialogue_id = picked.entity_id
              JOIN stakeholders s ON s.id = p.stakeholder_id AND s.deleted_at IS NULL
            UNION
            SELECT picked.doc_id, picked.bucket, s.sector FROM picked
              JOIN field_note_stakeholders n ON picked.entity_type = 'field_note' AND n.note_id = picked.entity_id
              JOIN stakeholders s ON s.id = n.stakeholder_id AND s.deleted_at IS NULL)
          SELECT sector AS lane, bucket, count(*) AS n FROM involved GROUP BY lane, bucket
          UNION ALL
          SELECT '${NO_SECTOR}' AS lane, bucket, count(*) AS n FROM picked
            WHERE doc_id NOT IN (SELECT doc_id FROM involved) GROUP BY bucket`;
}

interface EventRow {
  type: EventType;
  id: string;
  occurred_at: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  position: number | null;
}

/** A short, plain one-line label: Markdown marks and line breaks are dropped. */
export function shortLabel(text: string, max = LABEL_LENGTH): string {
  // Most labels carry no Markdown: without brackets, marks or a line start other than the text's own
  // (where a heading, quote or list marker would be), only the whitespace needs folding.
  const plain = (
    MARKUP_ANYWHERE.test(text) || LINE_MARKER.test(text)
      ? text
          .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
          .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
          .replace(/[*_`~]+/g, '')
      : text
  )
    .replace(/\s+/g, ' ')
    .trim();
  // Fewer UTF-16 units than `max` means fewer code points too; otherwise count code points up to `max`.
  if (plain.length <= max) return plain;
  let units = 0;
  let points = 0;
  for (const char of plain) {
    points++;
    if (points === max) break;
    units += char.length;
  }
  // `units` now spans the first max - 1 code points; is there more than one code point after them?
  const rest = plain.length - units;
  if (points < max || rest <= 1 || (rest === 2 && plain.codePointAt(units)! > 0xffff)) return plain;
  return `${plain.slice(0, units).trimEnd()}…`;
}

/** Characters that any of shortLabel's Markdown rules could act on, wherever they stand (line breaks start new lines). */
const MARKUP_ANYWHERE = /[[*_`~\n\r\u2028\u2029]/;
/** A heading, quote or list marker at the very start of the text. */
const LINE_MARKER = /^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s/;

const DETAIL_QUERIES: Record<EventType, string> = {
  field_note: `SELECT id, CASE WHEN trim(title) <> '' THEN title ELSE substr(body, 1, 200) END AS label, NULL AS dialogue_id, NULL AS mode
               FROM field_notes WHERE id IN (SELECT value FROM json_each(?))`,
  dialogue: `SELECT id, CASE WHEN trim(title) <> '' THEN title ELSE kind END AS label, id AS dialogue_id, NULL AS mode
             FROM dialogues WHERE id IN (SELECT value FROM json_each(?))`,
  // The speaker comes along (when not in the trash): a turn's involvement needs no second read of the turn.
  turn: `SELECT t.id, coalesce(s.pseudonym, '?') || ': ' || substr(t.text, 1, 200) AS label, t.dialogue_id, NULL AS mode,
                CASE WHEN s.deleted_at IS NULL THEN s.id END AS speaker_id, s.sector AS speaker_sector
         FROM dialogue_turns t LEFT JOIN stakeholders s ON s.id = t.speaker_id
         WHERE t.id IN (SELECT value FROM json_each(?))`,
  phase_entry: `SELECT id, substr(body, 1, 200) AS label, NULL AS dialogue_id, NULL AS mode
                FROM phase_entries WHERE id IN (SELECT value FROM json_each(?))`,
  reflection: `SELECT id, CASE WHEN trim(title) <> '' THEN title ELSE substr(body, 1, 200) END AS label, NULL AS dialogue_id, mode
               FROM reflections WHERE id IN (SELECT value FROM json_each(?))`,
};

const INVOLVED_QUERIES: Partial<Record<EventType, string>> = {
  dialogue: `SELECT p.dialogue_id AS event_id, s.id AS stakeholder_id, s.sector FROM dialogue_participants p JOIN stakeholders s ON s.id = p.stakeholder_id
             WHERE p.dialogue_id IN (SELECT value FROM json_each(?)) AND s.deleted_at IS NULL ORDER BY s.pseudonym`,
  field_note: `SELECT n.note_id AS event_id, s.id AS stakeholder_id, s.sector FROM field_note_stakeholders n JOIN stakeholders s ON s.id = n.stakeholder_id
               WHERE n.note_id IN (SELECT value FROM json_each(?)) AND s.deleted_at IS NULL ORDER BY s.pseudonym`,
};

const CODES_QUERY = `SELECT DISTINCT ca.target_id, ca.code_id FROM code_applications ca JOIN codes c ON c.id = ca.code_id
  WHERE ca.target_type = ? AND ca.target_id IN (SELECT value FROM json_each(?)) AND ca.deleted_at IS NULL AND c.deleted_at IS NULL`;

/** Labels, stakeholders, sectors, codes and modes for a page of events, a few set-wise queries per type. */
function describeRows(db: Db, rows: EventRow[]): TimelineEvent[] {
  const byType = new Map<EventType, string[]>();
  for (const row of rows) {
    const ids = byType.get(row.type) ?? [];
    ids.push(row.id);
    byType.set(row.type, ids);
  }
  const details = new Map<string, { label: string; dialogue_id: string | null; mode: ReflectionModeName | null }>();
  const involved = new Map<string, { ids: string[]; sectors: Set<SectorName> }>();
  const codes = new Map<string, Set<string>>();
  for (const [type, ids] of byType) {
    const list = jsonList(ids);
    for (const detail of cachedStatement(db, DETAIL_QUERIES[type]).all(list) as {
      id: string;
      label: string;
      dialogue_id: string | null;
      mode: ReflectionModeName | null;
      speaker_id?: string | null;
      speaker_sector?: SectorName | null;
    }[]) {
      details.set(`${type}:${detail.id}`, { label: shortLabel(detail.label ?? ''), dialogue_id: detail.dialogue_id, mode: detail.mode });
      if (detail.speaker_id) involved.set(`${type}:${detail.id}`, { ids: [detail.speaker_id], sectors: new Set([detail.speaker_sector!]) });
    }
    const involvedSql = INVOLVED_QUERIES[type];
    if (involvedSql) {
      for (const row of cachedStatement(db, involvedSql).all(list) as { event_id: string; stakeholder_id: string; sector: SectorName }[]) {
        const key = `${type}:${row.event_id}`;
        const entry = involved.get(key) ?? { ids: [], sectors: new Set<SectorName>() };
        entry.ids.push(row.stakeholder_id);
        entry.sectors.add(row.sector);
        involved.set(key, entry);
      }
    }
    const codeRows = cachedStatement(db, CODES_QUERY).all(type, list) as { target_id: string; code_id: string }[];
    for (const row of codeRows) {
      const key = `${type}:${row.target_id}`;
      const set = codes.get(key) ?? new Set<string>();
      set.add(row.code_id);
      codes.set(key, set);
    }
  }
  return rows.map((row) => {
    const key = `${row.type}:${row.id}`;
    const detail = details.get(key);
    const people = involved.get(key);
    return {
      type: row.type,
      id: row.id,
      label: detail?.label ?? '',
      occurred_at: row.occurred_at,
      cycle_id: row.cycle_id,
      phase: row.phase,
      dialogue_id: detail?.dialogue_id ?? null,
      stakeholder_ids: people?.ids ?? [],
      sectors: people ? SECTORS.filter((sector) => people.sectors.has(sector)) : [],
      code_ids: [...(codes.get(key) ?? [])],
      mode: row.type === 'reflection' ? (detail?.mode ?? 'withness') : null,
    };
  });
}

/** The live prompt links whose reflection and target are both among the given events. */
function linksAmong(db: Db, events: TimelineEvent[]): TimelineLink[] {
  const reflections = events.filter((event) => event.type === 'reflection').map((event) => event.id);
  if (reflections.length === 0) return [];
  const present = new Set(events.map((event) => `${event.type}:${event.id}`));
  const rows = cachedStatement(
    db,
    `SELECT DISTINCT reflection_id, target_type, target_id FROM prompt_links
     WHERE reflection_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL
     ORDER BY reflection_id, target_type, target_id`,
  ).all(jsonList(reflections)) as TimelineLink[];
  return rows.filter((row) => present.has(`${row.target_type}:${row.target_id}`));
}

/**
 * The first and last event time of a project. Two subqueries: min and max together in one SELECT (or beside
 * count(*)) would read every event instead of two index ends.
 */
function eventEnds(db: Db, projectId: string): { first: string | null; last: string | null } {
  return cachedStatement(
    db,
    `SELECT (SELECT min(occurred_at) FROM events WHERE project_id = @project) AS first,
            (SELECT max(occurred_at) FROM events WHERE project_id = @project) AS last`,
  ).get({ project: projectId }) as { first: string | null; last: string | null };
}

/** The window's first and last event time, for density buckets when the window is open-ended. */
function windowEdges(db: Db, query: WindowQuery): { from: string; to: string } | undefined {
  const row = eventEnds(db, query.project_id);
  if (!row.first || !row.last) return undefined;
  const from = query.from ? normalizeTime(query.from) : row.first;
  const to = query.to ? normalizeTime(query.to) : new Date(Date.parse(row.last) + 1).toISOString();
  return Date.parse(to) > Date.parse(from) ? { from, to } : undefined;
}

/** How a window is cut into buckets: as asked, or whole UTC days from the start of the first day (`days` > 0). */
interface BucketPlan {
  from: string;
  fromMs: number;
  bucketMs: number;
  count: number;
  /** Days per bucket when the buckets are whole days, else 0. */
  days: number;
}

const DAY_MS = 86_400_000;

/**
 * Buckets of at least a day are made whole days starting at midnight (UTC), so the per-day counts fill them
 * exactly; there are then at most as many as asked (the chart draws each at from + i × bucket_ms). Shorter
 * buckets are cut as asked, unless `coarse` (a window too crowded to count event by event) makes them days too.
 */
function bucketPlan(edges: { from: string; to: string }, buckets: number, coarse = false): BucketPlan {
  const fromMs = Date.parse(edges.from);
  const toMs = Date.parse(edges.to);
  const raw = Math.max(1, Math.ceil((toMs - fromMs) / buckets));
  if (raw < DAY_MS && !coarse) return { from: edges.from, fromMs, bucketMs: raw, count: buckets, days: 0 };
  const start = Math.floor(fromMs / DAY_MS) * DAY_MS;
  let days = Math.max(1, Math.ceil(raw / DAY_MS));
  while (Math.ceil((toMs - start) / (days * DAY_MS)) > buckets) days++;
  return { from: new Date(start).toISOString(), fromMs: start, bucketMs: days * DAY_MS, count: Math.max(1, Math.ceil((toMs - start) / (days * DAY_MS))), days };
}

function computeDensity(db: Db, where: BuiltWhere, edges: { from: string; to: string }, plan: BucketPlan, lanes: LaneMode): Density {
  const rows = cachedStatement(db, densitySql(where.sql, lanes)).all({ ...where.params, fromMs: plan.fromMs, bucketMs: plan.bucketMs }) as { lane: string; bucket: number; n: number }[];
  return shapeDensity({ from: plan.from, to: edges.to }, plan.bucketMs, plan.count, lanes, rows);
}

/** Per-type density of a window filtered by kinds at most, on the (project_id, entity_type, occurred_at) index alone. */
function densityOnTypeIndex(db: Db, query: WindowQuery, edges: { from: string; to: string }, plan: BucketPlan): Density {
  const types = query.filters?.types?.length ? query.filters.types : EVENT_TYPES;
  const rows = cachedStatement(
    db,
    `SELECT e.entity_type AS lane, CAST((unixepoch(e.occurred_at, 'subsec') * 1000 - @fromMs) / @bucketMs AS INTEGER) AS bucket, count(*) AS n
     FROM events e INDEXED BY events_type_time
     WHERE e.project_id = @project AND e.entity_type IN (SELECT value FROM json_each(@types)) AND e.occurred_at >= @from AND e.occurred_at < @to
     GROUP BY lane, bucket`,
  ).all({ project: query.project_id, types: jsonList(types), from: edges.from, to: edges.to, fromMs: plan.fromMs, bucketMs: plan.bucketMs }) as {
    lane: string;
    bucket: number;
    n: number;
  }[];
  return shapeDensity({ from: plan.from, to: edges.to }, plan.bucketMs, plan.count, 'type', rows);
}

function shapeDensity(edges: { from: string; to: string }, bucketMs: number, buckets: number, lanes: LaneMode, rows: { lane: string; bucket: number; n: number }[]): Density {
  const keys = lanes === 'type' ? [...EVENT_TYPES] : [...SECTORS, NO_SECTOR];
  const counts = new Map(keys.map((key) => [key, new Array<number>(buckets).fill(0)]));
  for (const row of rows) {
    const lane = counts.get(row.lane);
    if (lane && row.bucket >= 0 && row.bucket < buckets) lane[row.bucket] = (lane[row.bucket] ?? 0) + row.n;
  }
  return { from: edges.from, to: edges.to, bucket_ms: bucketMs, lanes: keys.map((key) => ({ key, counts: counts.get(key)! })) };
}

/** Above this many events in a window (before filters), density per type is counted bucket by bucket on an index. */
const LARGE_WINDOW = 30_000;

/** How many events the window holds before filters, counting no further than `cap`. */
function windowSize(db: Db, query: WindowQuery, cap: number): number {
  const { where, params } = windowBounds(query, '');
  return cachedStatement(db, `SELECT count(*) FROM (SELECT 1 FROM events WHERE ${where.join(' AND ')} LIMIT @cap)`, 'pluck').get({ ...params, cap }) as number;
}

/** Whether the filters narrow by nothing but event types (the per-type density can then count on an index alone). */
function onlyTypes(filters: TimelineFilters | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([key, value]) => key === 'types' || value === undefined || (Array.isArray(value) ? value.length === 0 : !toMatchExpression(String(value))));
}

function typeRangeSql(types: readonly EventType[]): string {
  const columns = types.map(
    (type) => `(SELECT count(*) FROM events e INDEXED BY events_type_time
       WHERE e.project_id = @project AND e.entity_type = '${type}' AND e.occurred_at >= b.lo AND e.occurred_at < b.hi) AS "${type}"`,
  );
  return `WITH b(i, lo, hi) AS MATERIALIZED (SELECT key, value ->> 0, value ->> 1 FROM json_each(@bounds))
          SELECT b.i AS bucket, ${columns.join(', ')} FROM b`;
}

/**
 * Density per type of a large window that is filtered by types at most: each bucket's events of each type
 * are counted on the (project_id, entity_type, occurred_at) index, so no event row is read. The total is their sum.
 */
function densityByTypeRanges(db: Db, query: WindowQuery, buckets: number): { density: Density; total: number } | null {
  const edges = windowEdges(db, query);
  if (!edges) return null;
  const fromMs = Date.parse(edges.from);
  const bucketMs = Math.max(1, Math.ceil((Date.parse(edges.to) - fromMs) / buckets));
  const bounds: [string, string][] = [];
  for (let i = 0; i < buckets; i++) {
    const lo = i === 0 ? edges.from : new Date(fromMs + i * bucketMs).toISOString();
    const hi = i === buckets - 1 ? edges.to : new Date(fromMs + (i + 1) * bucketMs).toISOString();
    bounds.push([lo, hi < edges.to ? hi : edges.to]);
  }
  const wanted = query.filters?.types?.length ? EVENT_TYPES.filter((type) => query.filters!.types!.includes(type)) : [...EVENT_TYPES];
  const found = cachedStatement(db, typeRangeSql(wanted)).all({ project: query.project_id, bounds: JSON.stringify(bounds) }) as Record<string, number>[];
  const rows: { lane: string; bucket: number; n: number }[] = [];
  let total = 0;
  for (const row of found) {
    for (const type of wanted) {
      const n = row[type] ?? 0;
      total += n;
      if (n > 0) rows.push({ lane: type, bucket: row.bucket!, n });
    }
  }
  return { density: shapeDensity(edges, bucketMs, buckets, 'type', rows), total };
}

/** Whether the per-day counts answer these filters: kinds, cycles, phases and sectors are counted; nothing else is. */
function countable(filters: TimelineFilters | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(
    ([key, value]) =>
      ['types', 'cycle_ids', 'phases', 'sectors'].includes(key) ||
      value === undefined ||
      (Array.isArray(value) ? value.length === 0 : !toMatchExpression(String(value))),
  );
}

/** The window's whole UTC days [d0, d1) and the parts of days at its ends (the whole window when it holds no whole day). */
function splitDays(edges: { from: string; to: string }): { d0: number; d1: number; parts: { from: string; to: string }[] } {
  const fromMs = Date.parse(edges.from);
  const toMs = Date.parse(edges.to);
  const d0 = Math.ceil(fromMs / DAY_MS);
  const d1 = Math.floor(toMs / DAY_MS);
  if (d0 >= d1) return { d0, d1: d0, parts: toMs > fromMs ? [edges] : [] };
  const parts: { from: string; to: string }[] = [];
  if (fromMs < d0 * DAY_MS) parts.push({ from: edges.from, to: new Date(d0 * DAY_MS).toISOString() });
  if (toMs > d1 * DAY_MS) parts.push({ from: new Date(d1 * DAY_MS).toISOString(), to: edges.to });
  return { d0, d1, parts };
}

/** The conditions on timeline_counts (or, when `byDay`, timeline_day_counts) for the query's countable filters. */
function countsWhere(query: WindowQuery, byDay: boolean): { sql: string; params: Record<string, unknown> } {
  const f = query.filters ?? {};
  const where = ['c.project_id = @project', 'c.day >= @d0', 'c.day < @d1'];
  const params: Record<string, unknown> = { project: query.project_id };
  if (f.types?.length) {
    where.push('c.entity_type IN (SELECT value FROM json_each(@types))');
    params.types = jsonList(f.types);
  }
  if (!byDay) {
    if (f.cycle_ids?.length) {
      where.push('c.cycle_id IN (SELECT value FROM json_each(@cycles))');
      params.cycles = jsonList(f.cycle_ids);
    }
    if (f.phases?.length) {
      where.push('c.phase IN (SELECT value FROM json_each(@phases))');
      params.phases = jsonList(f.phases);
    }
    if (f.sectors?.length) {
      where.push('(c.sectors & @sectors) <> 0');
      params.sectors = f.sectors.reduce((mask, sector) => mask | SECTOR_BITS[sector], 0);
    }
  }
  return { sql: where.join(' AND '), params };
}

/** Whether only kinds narrow the query, so the counts by day and kind (the smaller table) answer it. */
function byDayOnly(query: WindowQuery, lanes: LaneMode): boolean {
  const f = query.filters ?? {};
  return lanes === 'type' && !f.cycle_ids?.length && !f.phases?.length && !f.sectors?.length;
}

/** The window's events that pass the (countable) filters: whole days from the counts, the ends of days event by event. */
function countedTotal(db: Db, query: WindowQuery, edges: { from: string; to: string }): number {
  const { d0, d1, parts } = splitDays(edges);
  let total = 0;
  if (d1 > d0) {
    const byDay = byDayOnly(query, 'type');
    const where = countsWhere(query, byDay);
    total += (cachedStatement(db, `SELECT coalesce(sum(c.n), 0) FROM ${byDay ? 'timeline_day_counts' : 'timeline_counts'} c WHERE ${where.sql}`, 'pluck').get({
      ...where.params,
      d0,
      d1,
    }) as number);
  }
  for (const part of parts) {
    const where = buildWhere({ ...query, ...part }, 'probe');
    total += cachedStatement(db, countSql(where.sql), 'pluck').get(where.params) as number;
  }
  return total;
}

/** A count row packed as ((day offset × 64 + lane) × PACK + n): exact below 2^53 for windows under PACKED_DAYS days. */
const PACK = 2 ** 30;
const PACKED_DAYS = 2 ** 16;
/** Event types by their TYPE_RANK_SQL number. */
const RANKED_TYPES: EventType[] = ['phase_entry', 'field_note', 'dialogue', 'turn', 'reflection'];

/** Density in whole-day buckets: whole days from the counts, the ends of days event by event, in the same buckets. */
function densityFromCounts(db: Db, query: WindowQuery, edges: { from: string; to: string }, plan: BucketPlan, lanes: LaneMode): Density {
  const { d0, d1, parts } = splitDays(edges);
  const rows: { lane: string; bucket: number; n: number }[] = [];
  if (d1 > d0) {
    const byDay = byDayOnly(query, lanes);
    const where = countsWhere(query, byDay);
    const firstDay = Math.round(plan.fromMs / DAY_MS);
    const table = byDay ? 'timeline_day_counts' : 'timeline_counts';
    if (d1 - firstDay < PACKED_DAYS) {
      // Each row as one number (day, lane, count), summed into buckets here: SQLite's GROUP BY on a computed
      // bucket sorts every row first, which cost twice as much on the whole inquiry.
      const laneSql = lanes === 'type' ? `(${TYPE_RANK_SQL.replace(/e\.entity_type/g, 'c.entity_type')})` : 'c.sectors';
      const values = cachedStatement(db, `SELECT ((c.day - @firstDay) * 64 + ${laneSql}) * ${PACK} + c.n FROM ${table} c WHERE ${where.sql}`, 'pluck').all({
        ...where.params,
        d0,
        d1,
        firstDay,
      }) as number[];
      const sums = new Float64Array(plan.count * 64);
      for (const value of values) {
        const n = value % PACK;
        const key = (value - n) / PACK;
        const lane = key % 64;
        sums[Math.floor((key - lane) / 64 / plan.days) * 64 + lane]! += n;
      }
      for (let key = 0; key < sums.length; key++) {
        const n = sums[key]!;
        if (n === 0) continue;
        const lane = key % 64;
        const bucket = (key - lane) / 64;
        if (lanes === 'type') rows.push({ lane: RANKED_TYPES[lane]!, bucket, n });
        else if (lane === 0) rows.push({ lane: NO_SECTOR, bucket, n });
        else for (const sector of SECTORS) if (lane & SECTOR_BITS[sector]) rows.push({ lane: sector, bucket, n });
      }
    } else {
      const bucket = `CAST((c.day - @firstDay) / @days AS INTEGER)`;
      const params = { ...where.params, d0, d1, firstDay, days: plan.days };
      if (lanes === 'type') {
        rows.push(
          ...(cachedStatement(db, `SELECT c.entity_type AS lane, ${bucket} AS bucket, sum(c.n) AS n FROM ${table} c WHERE ${where.sql} GROUP BY 2, 1`).all(params) as {
            lane: string;
            bucket: number;
            n: number;
          }[]),
        );
      } else {
        const sets = cachedStatement(db, `SELECT c.sectors, ${bucket} AS bucket, sum(c.n) AS n FROM timeline_counts c WHERE ${where.sql} GROUP BY 2, 1`).all(params) as {
          sectors: number;
          bucket: number;
          n: number;
        }[];
        for (const set of sets) {
          if (set.sectors === 0) rows.push({ lane: NO_SECTOR, bucket: set.bucket, n: set.n });
          else for (const sector of SECTORS) if (set.sectors & SECTOR_BITS[sector]) rows.push({ lane: sector, bucket: set.bucket, n: set.n });
        }
      }
    }
  }
  for (const part of parts) {
    const where = buildWhere({ ...query, ...part }, 'probe');
    rows.push(...(cachedStatement(db, densitySql(where.sql, lanes)).all({ ...where.params, fromMs: plan.fromMs, bucketMs: plan.bucketMs }) as { lane: string; bucket: number; n: number }[]));
  }
  return shapeDensity({ from: plan.from, to: edges.to }, plan.bucketMs, plan.count, lanes, rows);
}

/** Where the window query switches strategy (tests set them low to exercise both ways on small data). */
export interface WindowTuning {
  /** Above this many events in the window, per-type density is counted bucket by bucket on an index. */
  largeWindow?: number;
  /** Up to this many events in the window, sector and stakeholder filters look each event up. */
  probeWindow?: number;
  /** False: count every event instead of reading the per-day counts (tests compare the two). */
  counts?: boolean;
  /** False: filter by sector through each event's links instead of its sector set (events.sectors; tests compare the two). */
  sectorColumn?: boolean;
}

/**
 * The live events of a project in [from, to) that pass the filters, time-ordered (a dialogue before
 * its turns, turns by position), at most `limit` of them, with their prompt links and the total.
 * With `buckets` (the chart): a window holding more than `limit` events is summarised as density
 * instead, and no events are returned (the chart draws bars then, not marks).
 */
export function timelineWindow(db: Db, query: WindowQuery, tuning: WindowTuning = {}): TimelineWindow {
  const largeWindow = tuning.largeWindow ?? LARGE_WINDOW;
  const probeWindow = tuning.probeWindow ?? PROBE_WINDOW;
  const sectorColumn = tuning.sectorColumn !== false;
  const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT));
  const order = query.order ?? 'asc';
  const read = db.transaction((): TimelineWindow => {
    const buckets = query.buckets;
    const lanes = query.lanes ?? 'type';
    // Windows filtered by kinds, cycles, phases and sectors at most are counted from the per-day counts.
    const counted = tuning.counts !== false && countable(query.filters);
    const edges = counted || buckets ? windowEdges(db, query) : undefined;
    let total: number | undefined = counted ? (edges ? countedTotal(db, query, edges) : 0) : undefined;
    let size: number | undefined;
    if (buckets) {
      if (total === undefined && lanes === 'type' && onlyTypes(query.filters)) {
        size = windowSize(db, query, largeWindow + 1);
        if (size > largeWindow) {
          const summary = densityByTypeRanges(db, query, buckets);
          if (summary && summary.total > limit) return { events: [], links: [], total: summary.total, truncated: true, density: summary.density, next: null };
        }
      }
      let where: BuiltWhere | undefined;
      if (total === undefined) {
        where = buildWhere(query, involvementStrategy(db, query, size, probeWindow, sectorColumn), sectorColumn);
        total = cachedStatement(db, countSql(where.sql), 'pluck').get(where.params) as number;
      }
      if (total > limit) {
        if (!edges) return { events: [], links: [], total, truncated: true, density: null, next: null };
        // Day-sized buckets (and any window too crowded to count event by event) come from the counts.
        const plan = bucketPlan(edges, buckets, counted && total > largeWindow);
        const density =
          counted && plan.days > 0
            ? densityFromCounts(db, query, edges, plan, lanes)
            : lanes === 'type' && onlyTypes(query.filters)
              ? densityOnTypeIndex(db, query, edges, plan)
              : computeDensity(db, where ?? buildWhere(query, involvementStrategy(db, query, size, probeWindow, sectorColumn), sectorColumn), edges, plan, lanes);
        return { events: [], links: [], total, truncated: true, density, next: null };
      }
    }
    const strategy = involvementStrategy(db, query, size, probeWindow, sectorColumn);
    const where = buildWhere(query, strategy, sectorColumn);
    // One row past the page tells whether another page follows.
    const paged = query.after !== undefined;
    const page = paged ? buildWhere(pageQuery(query), strategy, sectorColumn) : where;
    const params = { ...page.params, ...(query.after ? cursorParams(query.after) : {}), limit: limit + 1 };
    const rows = cachedStatement(db, eventsSql(page.sql, order, paged)).all(params) as EventRow[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    // A first page that holds every event of the window is its own count; a later page never is.
    total ??= !more && !paged ? rows.length : (cachedStatement(db, countSql(where.sql), 'pluck').get(where.params) as number);
    const events = describeRows(db, rows);
    const last = rows[rows.length - 1];
    const next = more && last ? { occurred_at: last.occurred_at, type: last.type, position: last.type === 'turn' ? last.position : null, id: last.id } : null;
    return { events, links: linksAmong(db, events), total, truncated: total > events.length, density: null, next };
  });
  return read();
}

export interface PhaseSpan {
  phase: PhaseName;
  first_at: string;
  last_at: string;
  event_count: number;
}

export interface CycleBand {
  id: string;
  parent_id: string | null;
  ordinal: number;
  title: string;
  status: 'open' | 'closed';
  started_on: string | null;
  ended_on: string | null;
  first_event_at: string | null;
  last_event_at: string | null;
  /** started_on (start of that day, UTC) or else the first event; null when the cycle has neither. */
  from: string | null;
  /** ended_on (end of that day, UTC) or else the last event; null when the cycle has neither. */
  to: string | null;
  event_count: number;
  phases: PhaseSpan[];
}

export interface TimelineBands {
  first_event_at: string | null;
  last_event_at: string | null;
  event_count: number;
  cycles: CycleBand[];
}

const PHASE_ORDER: PhaseName[] = ['plan', 'act', 'observe', 'reflect'];

/** The live cycles with their spans and, inside each, the span of each phase's events. */
export function timelineBands(db: Db, projectId: string): TimelineBands {
  return db.transaction(() => {
    // The ends are two index lookups; each cycle's phase spans are one index-only range read
    // (events_cycle_phase_time), and the count is their sum plus the events outside any cycle.
    const ends = eventEnds(db, projectId);
    const outsideCycles = cachedStatement(db, `SELECT count(*) FROM events INDEXED BY events_cycle WHERE cycle_id IS NULL AND project_id = ?`, 'pluck').get(
      projectId,
    ) as number;
    const allCycles = db
      .prepare(
        `SELECT id, parent_id, ordinal, title, status, started_on, ended_on, deleted_at FROM cycles
         WHERE project_id = ? ORDER BY parent_id IS NOT NULL, ordinal, created_at`,
      )
      .all(projectId) as (Omit<CycleBand, 'first_event_at' | 'last_event_at' | 'from' | 'to' | 'event_count' | 'phases'> & { deleted_at: string | null })[];
    const spansOf = cachedStatement(
      db,
      `SELECT phase, min(occurred_at) AS first_at, max(occurred_at) AS last_at, count(*) AS n
       FROM events INDEXED BY events_cycle_phase_time WHERE cycle_id = ? GROUP BY phase`,
    );
    const byCycle = new Map<string, { phase: PhaseName | null; first_at: string; last_at: string; n: number }[]>();
    let eventCount = outsideCycles;
    for (const cycle of allCycles) {
      const spans = spansOf.all(cycle.id) as { phase: PhaseName | null; first_at: string; last_at: string; n: number }[];
      for (const span of spans) eventCount += span.n;
      byCycle.set(cycle.id, spans);
    }
    // Events of a cycle in the trash still count towards the inquiry; the cycle gets no band.
    const cycles = allCycles.filter((cycle) => cycle.deleted_at === null).map(({ deleted_at: _deleted, ...cycle }) => cycle);
    return {
      first_event_at: ends.first,
      last_event_at: ends.last,
      event_count: eventCount,
      cycles: cycles.map((cycle) => {
        const own = byCycle.get(cycle.id) ?? [];
        const first = own.reduce<string | null>((min, span) => (min === null || span.first_at < min ? span.first_at : min), null);
        const last = own.reduce<string | null>((max, span) => (max === null || span.last_at > max ? span.last_at : max), null);
        const phases = own
          .filter((span): span is typeof span & { phase: PhaseName } => span.phase !== null)
          .sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase))
          .map((span) => ({ phase: span.phase, first_at: span.first_at, last_at: span.last_at, event_count: span.n }));
        return {
          ...cycle,
          first_event_at: first,
          last_event_at: last,
          from: cycle.started_on ? `${cycle.started_on}T00:00:00.000Z` : first,
          to: cycle.ended_on ? `${cycle.ended_on}T23:59:59.999Z` : last,
          event_count: own.reduce((sum, span) => sum + span.n, 0),
          phases,
        };
      }),
    };
  })();
}

export interface ChainItem {
  type: EventType;
  id: string;
  project_id: string;
  label: string;
  occurred_at: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  dialogue_id: string | null;
  /** The quoted passage when the link is to a passage, else null. */
  excerpt_text: string | null;
  comment: string;
}

export interface Chain {
  event: Omit<ChainItem, 'excerpt_text' | 'comment'>;
  /** For a reflection: the live events it cites (what prompted it). Empty for other events. */
  targets: ChainItem[];
  /** The live reflections that cite this event (what it prompted). */
  reflections: ChainItem[];
}

function chainEvent(db: Db, type: EventType, id: string) {
  const ref = describeEvent(db, type, id);
  if (!ref || ref.deleted) return undefined;
  return {
    type: ref.type,
    id: ref.id,
    project_id: ref.project_id,
    label: shortLabel(ref.label),
    occurred_at: ref.occurred_at,
    cycle_id: ref.cycle_id,
    phase: ref.phase as PhaseName | null,
    dialogue_id: ref.dialogue_id,
  };
}

/** What prompted a reflection and what an event prompted; undefined when there is no such live event. */
export function timelineChain(db: Db, type: EventType, id: string): Chain | undefined {
  return db.transaction(() => {
    const event = chainEvent(db, type, id);
    if (!event) return undefined;
    const targets: ChainItem[] = [];
    if (type === 'reflection') {
      const links = db
        .prepare(
          `SELECT target_type, target_id, excerpt_text, comment FROM prompt_links
           WHERE reflection_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
        )
        .all(id) as { target_type: EventType; target_id: string; excerpt_text: string | null; comment: string }[];
      for (const link of links) {
        const target = chainEvent(db, link.target_type, link.target_id);
        if (target) targets.push({ ...target, excerpt_text: link.excerpt_text, comment: link.comment });
      }
    }
    const citing = db
      .prepare(
        `SELECT l.reflection_id, l.excerpt_text, l.comment FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id
         WHERE l.target_type = ? AND l.target_id = ? AND l.deleted_at IS NULL AND r.deleted_at IS NULL
         ORDER BY r.written_at, l.created_at`,
      )
      .all(type, id) as { reflection_id: string; excerpt_text: string | null; comment: string }[];
    const reflections: ChainItem[] = [];
    for (const link of citing) {
      const reflection = chainEvent(db, 'reflection', link.reflection_id);
      if (reflection) reflections.push({ ...reflection, excerpt_text: link.excerpt_text, comment: link.comment });
    }
    return { event, targets, reflections };
  })();
}

/** Whether a live project with this id exists. */
export function projectExists(db: Db, projectId: string): boolean {
  return cachedStatement(db, `SELECT 1 FROM projects WHERE id = ? AND deleted_at IS NULL`).get(projectId) !== undefined;
}
