import { z } from 'zod';
import { EventType, Id, IsoDate, IsoTimestamp, Phase, ShortText } from '../schemas.js';
import { ReflectionMode } from './links.js';
import { Sector } from './stakeholders.js';

/** Most events one timeline:window call returns; more are counted (total) and summarised (density). */
export const TIMELINE_MAX_LIMIT = 5000;

const IdList = z.array(Id).max(500, 'At most 500 ids.');

export const TimelineFilters = z.strictObject({
  /** Only events of these cycles. */
  cycle_ids: IdList.optional(),
  phases: z.array(Phase).max(4).optional(),
  types: z.array(EventType).max(5).optional(),
  /** Events that involve one of these stakeholders: speaker of a turn, participant of a dialogue, involved in a note. */
  stakeholder_ids: IdList.optional(),
  /** Events that involve a stakeholder of one of these sectors (as for stakeholder_ids). */
  sectors: z.array(Sector).max(6).optional(),
  /** Events coded with one of these codes or a code beneath it. */
  code_ids: IdList.optional(),
  /** Narrows the reflections to these modes; other events are not affected. */
  modes: z.array(ReflectionMode).max(2).optional(),
  /** Words to find (full-text, all required, the last as a prefix); punctuation is ignored. */
  text: ShortText(500).optional(),
});
export type TimelineFilters = z.infer<typeof TimelineFilters>;

export const LaneMode = z.enum(['type', 'sector']);

/**
 * A place in the timeline's order — time, then kind (phase entry, note, dialogue, turn, reflection), then a turn's
 * position in its dialogue, then id: the last event of a page, as `next` returned it. `position` is a turn's
 * position and null for any other kind of event.
 */
export const WindowCursor = z
  .strictObject({
    occurred_at: IsoTimestamp,
    type: EventType,
    position: z.number().int().nullable(),
    id: Id,
  })
  .refine((cursor) => (cursor.type === 'turn') === (cursor.position !== null), {
    message: 'A turn has a position in its dialogue; no other event has one.',
    path: ['position'],
  });
export type WindowCursor = z.infer<typeof WindowCursor>;

export const TimelineEvent = z.object({
  type: EventType,
  id: Id,
  label: z.string(),
  occurred_at: IsoTimestamp,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  /** For a dialogue its own id, for a turn its dialogue's; null otherwise. */
  dialogue_id: Id.nullable(),
  stakeholder_ids: z.array(Id),
  sectors: z.array(Sector),
  code_ids: z.array(Id),
  mode: ReflectionMode.nullable(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const TimelineLink = z.object({ reflection_id: Id, target_type: EventType, target_id: Id });

export const TimelineWindow = z.object({
  events: z.array(TimelineEvent),
  /** Prompt links whose reflection and target are both among `events`, so lines can be drawn. */
  links: z.array(TimelineLink),
  /** How many events in the window pass the filters (can exceed `events.length`). */
  total: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** Per-bucket counts per lane, when `buckets` was asked for and the window holds more than `limit` (`events` is then empty). */
  density: z
    .object({
      from: IsoTimestamp,
      to: IsoTimestamp,
      bucket_ms: z.number().int().positive(),
      lanes: z.array(z.object({ key: z.string(), counts: z.array(z.number().int().nonnegative()) })),
    })
    .nullable(),
  /** Pass as `after` to get the next page; null when no event of the window follows `events` (and with density). */
  next: WindowCursor.nullable(),
});

const PhaseSpan = z.object({ phase: Phase, first_at: IsoTimestamp, last_at: IsoTimestamp, event_count: z.number().int() });

export const CycleBand = z.object({
  id: Id,
  parent_id: Id.nullable(),
  ordinal: z.number().int(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  started_on: IsoDate.nullable(),
  ended_on: IsoDate.nullable(),
  first_event_at: IsoTimestamp.nullable(),
  last_event_at: IsoTimestamp.nullable(),
  from: IsoTimestamp.nullable(),
  to: IsoTimestamp.nullable(),
  event_count: z.number().int(),
  phases: z.array(PhaseSpan),
});
export type CycleBand = z.infer<typeof CycleBand>;

const ChainEvent = z.object({
  type: EventType,
  id: Id,
  project_id: Id,
  label: z.string(),
  occurred_at: IsoTimestamp,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  dialogue_id: Id.nullable(),
});
const ChainItem = ChainEvent.extend({ excerpt_text: z.string().nullable(), comment: z.string() });
export type ChainItem = z.infer<typeof ChainItem>;

export const timelineChannels = {
  /**
   * The live events of an inquiry in [from, to) that pass the filters, in time order (a dialogue
   * before its turns, turns by position), at most `limit`; `order: 'desc'` returns the latest first.
   */
  'timeline:window': {
    input: z.strictObject({
      project_id: Id,
      from: IsoTimestamp.optional(),
      to: IsoTimestamp.optional(),
      filters: TimelineFilters.optional(),
      limit: z.number().int().min(1).max(TIMELINE_MAX_LIMIT, `At most ${TIMELINE_MAX_LIMIT} events at a time.`).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      /**
       * The chart: when the window holds more than `limit` events, summarise them as density in this many time
       * buckets and return no events (the chart draws bars then, not marks); otherwise the events as usual.
       */
      buckets: z.number().int().min(1).max(4000).optional(),
      /** Group the density summary per event type (default) or per stakeholder sector. */
      lanes: LaneMode.optional(),
      /** Paging: only the events after this place in the requested order (the `next` of the previous page). */
      after: WindowCursor.optional(),
    }),
    output: TimelineWindow,
  },
  /** The cycles as time spans with their phases' spans inside, and the inquiry's first and last event. */
  'timeline:bands': {
    input: z.strictObject({ project_id: Id }),
    output: z.object({
      first_event_at: IsoTimestamp.nullable(),
      last_event_at: IsoTimestamp.nullable(),
      event_count: z.number().int(),
      cycles: z.array(CycleBand),
    }),
  },
  /** For a reflection: the events it cites; for any event: the reflections that cite it. */
  'timeline:chain': {
    input: z.strictObject({ type: EventType, id: Id }),
    output: z.object({ event: ChainEvent, targets: z.array(ChainItem), reflections: z.array(ChainItem) }),
  },
} as const;
