import { z } from 'zod';
import { ById, EventRef, EventType, ExpectedRevision, Id, IsoTimestamp, LongText, Phase, RecordMeta, ShortText } from '../schemas.js';
import { PromptLink, ReflectionMode } from './links.js';

export const Reflection = z.object({
  ...RecordMeta,
  project_id: Id,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  mode: ReflectionMode,
  title: z.string(),
  body: z.string(),
  written_at: IsoTimestamp,
});
export type Reflection = z.infer<typeof Reflection>;

/**
 * A reflection in a list: what the list shows, with a short plain preview of the body (its opening without Markdown
 * markup, at most 240 characters) instead of the body itself, and the number of live links to its evidence.
 */
export const ReflectionListItem = Reflection.pick({ id: true, cycle_id: true, phase: true, mode: true, title: true, written_at: true }).extend({
  preview: z.string().max(240),
  link_count: z.number().int().nonnegative(),
});

/** Reflections per page of 'reflections:list' when the caller gives no limit. */
export const REFLECTIONS_DEFAULT_LIMIT = 50;

/** What a link points at, described for showing (no full text): label, time, type, and whether it is in the trash. */
export const LinkTarget = EventRef.omit({ text: true });

/** A live link of a reflection with its target; `target` is null only if the target no longer exists at all. */
export const LinkWithTarget = PromptLink.extend({ target: LinkTarget.nullable() });
export type LinkWithTarget = z.infer<typeof LinkWithTarget>;

export const ReflectionWithLinks = Reflection.extend({ links: z.array(LinkWithTarget) });

export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });
/** A search hit: the event, and a short passage around the match split into plain text and matched words. */
export const SearchHit = EventRef.extend({ snippet: z.array(SnippetPart) });

/** Reflections, and the evidence picker's search and browse over every event of an inquiry. */
export const reflectionChannels = {
  /**
   * A page of the inquiry's live reflections, newest first (written_at, then id), each with its number of live links;
   * `unlinked_only` keeps those without evidence. `limit` is 1 to 200 and defaults to 50 (REFLECTIONS_DEFAULT_LIMIT):
   * a caller that gives none gets the first 50. `after` (the written_at and id of the last reflection of the page
   * before) pages by key, `offset` skips rows (after `after`); `with_total: false` leaves out the count (total) of
   * the reflections that match, which a list needs only once per filter.
   */
  'reflections:list': {
    input: z.strictObject({
      project_id: Id,
      unlinked_only: z.boolean().optional(),
      limit: z.number().int().min(1).max(200, 'At most 200 reflections per page.').optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      after: z.strictObject({ written_at: IsoTimestamp, id: Id }).optional(),
      with_total: z.boolean().optional(),
    }),
    output: z.object({ total: z.number().int().nonnegative().optional(), items: z.array(ReflectionListItem) }),
  },
  /** One live reflection with its live links and what each points at. */
  'reflections:get': {
    input: ById,
    output: ReflectionWithLinks,
  },
  'reflections:create': {
    input: z.strictObject({
      project_id: Id,
      mode: ReflectionMode.optional(),
      title: ShortText(500).optional(),
      body: LongText.optional(),
      written_at: IsoTimestamp.optional(),
      cycle_id: Id.nullable().optional(),
      phase: Phase.nullable().optional(),
    }),
    output: Reflection,
  },
  'reflections:update': {
    input: z.strictObject({
      id: Id,
      expected_revision: ExpectedRevision,
      mode: ReflectionMode.optional(),
      title: ShortText(500).optional(),
      body: LongText.optional(),
      written_at: IsoTimestamp.optional(),
      cycle_id: Id.nullable().optional(),
      phase: Phase.nullable().optional(),
    }),
    output: Reflection,
  },
  /** Moves a reflection to the trash; its links stay with it and come back when it is restored. */
  'reflections:delete': {
    input: ById,
    output: z.object({ id: Id, group_id: Id }),
  },
  /** Full-text search over an inquiry's live events, best matches first. Any text is safe to send. */
  'events:search': {
    input: z.strictObject({
      project_id: Id,
      query: z.string().max(10_000, 'At most 10,000 characters.'),
      types: z.array(EventType).max(5).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    output: z.array(SearchHit),
  },
  /** An inquiry's live events, newest first; page with `before` (and `before_id`) from the last item. */
  'events:browse': {
    input: z.strictObject({
      project_id: Id,
      type: EventType.optional(),
      cycle_id: Id.optional(),
      limit: z.number().int().min(1).max(100).optional(),
      before: IsoTimestamp.optional(),
      before_id: Id.optional(),
    }),
    output: z.array(EventRef),
  },
  /** One event with its full text (the text passages are quoted from). */
  'events:get': {
    input: z.strictObject({ type: EventType, id: Id }),
    output: EventRef,
  },
} as const;
