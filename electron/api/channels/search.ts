import { z } from 'zod';
import { ById, EventRef, EventType, Id, IsoTimestamp, Phase } from '../schemas.js';
import { ReflectionMode as Mode } from './links.js';
import { Sector } from './stakeholders.js';

/** Longest query accepted: a search box, not a document. */
export const MAX_QUERY_LENGTH = 1000;
const MAX_FILTER_VALUES = 200;

const Many = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).max(MAX_FILTER_VALUES, `At most ${MAX_FILTER_VALUES} ${what}.`).optional();

/**
 * The same filters as the timeline (timeline.ts TimelineFilters, without its text): each list means "any of
 * these", lists combine with "and"; a code includes the codes below it; modes narrow only the reflections.
 */
export const SearchFilters = z.strictObject({
  cycle_ids: Many(Id, 'cycles'),
  phases: Many(Phase, 'phases'),
  types: Many(EventType, 'kinds of event'),
  stakeholder_ids: Many(Id, 'stakeholders'),
  sectors: Many(Sector, 'sectors'),
  code_ids: Many(Id, 'codes'),
  modes: Many(Mode, 'modes'),
});
export type SearchFilters = z.infer<typeof SearchFilters>;

export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });
export const SearchTerm = z.object({
  kind: z.enum(['word', 'phrase']),
  words: z.array(z.string()),
  prefix: z.boolean(),
  /** Matches only as written (a phrase, or a word typed in quotes); other words are also found by their stems. */
  exact: z.boolean(),
  /** The word's Danish and English stems that differ from it: words sharing one are found too. */
  stems: z.array(z.string()),
});
const Span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() });

export const SearchHit = EventRef.extend({
  /** A short passage around the match; `hit` parts are the matched words. Plain text, never HTML. */
  snippet: z.array(SnippetPart),
  /** Where the first match stands in `text`, in code points (end exclusive); null when only the title matched. */
  match: Span.nullable(),
  rank: z.number().int().positive(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const CodeApplication = z.object({
  id: Id,
  project_id: Id,
  code_id: Id,
  target_type: EventType,
  target_id: Id,
  excerpt_start: z.number().int().nullable(),
  excerpt_end: z.number().int().nullable(),
  excerpt_text: z.string().nullable(),
  created_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
});

export const CodedSegment = z.object({
  coding: CodeApplication,
  code: z.object({ id: Id, name: z.string(), color: z.string() }),
  event: EventRef,
  /** The passage inside a little of the event's current text. */
  context: z.object({ before: z.string(), passage: z.string(), after: z.string() }),
  /** whole: the whole event is coded; moved: the text changed and the passage stands elsewhere; changed: the passage is gone. */
  state: z.enum(['current', 'moved', 'changed', 'whole']),
});
export type CodedSegment = z.infer<typeof CodedSegment>;

const Count = z.number().int().nonnegative();

/** Full-text search, who spoke when, and coding of whole events and passages. */
export const searchChannels = {
  /**
   * Ranked search over a project's events (bm25; title words weigh more). The query is cut into words and
   * "quoted phrases"; the last word matches as a prefix; a word also finds the words sharing its Danish or
   * English stem (dør → døren), ranked after the exact matches; phrases and words in quotes match only as
   * written; search syntax and punctuation are never operators.
   * With a blank query, every event that matches the filters, newest first (or as `order` says).
   */
  'search:query': {
    input: z.strictObject({
      project_id: Id,
      query: z.string().max(MAX_QUERY_LENGTH, `A search can be at most ${MAX_QUERY_LENGTH} characters long; search for a few words from the passage.`),
      filters: SearchFilters.optional(),
      order: z.enum(['relevance', 'newest', 'oldest']).optional(),
      limit: z.number().int().min(1, 'At least 1 result per page.').max(100, 'At most 100 results per page.').optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.object({
      total: Count,
      /** `total` is an estimate: show it as "about". */
      total_is_estimate: z.boolean(),
      /**
       * The query matched more than the ranking bound: only the newest this many matches were ranked and can be
       * listed (the screen says so and suggests another word). Null when every match was ranked.
       */
      ranked_among: Count.nullable(),
      hits: z.array(SearchHit),
      terms: z.array(SearchTerm),
      /** The query held no word to search for (only punctuation or operators); nothing was searched. */
      nothing_to_search: z.boolean(),
    }),
  },
  /** Who spoke when: per stakeholder (grouped by sector) and per cycle, turns spoken, notes and dialogues involved in. */
  'search:speakers': {
    input: z.strictObject({ project_id: Id }),
    output: z.object({
      columns: z.array(z.object({ cycle_id: Id.nullable(), number: z.string(), title: z.string() })),
      rows: z.array(
        z.object({
          stakeholder_id: Id,
          pseudonym: z.string(),
          sector: Sector,
          cells: z.array(z.object({ cycle_id: Id.nullable(), turns: Count, notes: Count, dialogues: Count })),
          turns: Count,
          notes: Count,
          dialogues: Count,
        }),
      ),
    }),
  },
  /**
   * Applies a code to a whole event or to a passage of its current text, given as code-point offsets
   * (end exclusive) and the quoted text, which must match exactly.
   */
  'codings:add': {
    input: z.strictObject({
      code_id: Id,
      target_type: EventType,
      target_id: Id,
      excerpt: z
        .strictObject({
          start: z.number().int().min(0, 'A passage cannot start before the text.'),
          end: z.number().int().min(1),
          text: z.string().min(1, 'The coded passage cannot be empty.').max(100_000, 'At most 100,000 characters.'),
        })
        .refine((excerpt) => excerpt.end > excerpt.start, { message: 'A passage must end after it starts.', path: ['end'] })
        .optional(),
    }),
    output: CodeApplication,
  },
  /** Removes a coding (kept, marked as removed). */
  'codings:remove': {
    input: ById,
    output: CodeApplication,
  },
  /** Coded segments with their context, oldest event first: of one code (and optionally those below it), or of all. */
  'codings:list': {
    input: z.strictObject({
      project_id: Id,
      code_id: Id.optional(),
      include_children: z.boolean().optional(),
      limit: z.number().int().min(1).max(500, 'At most 500 segments per page.').optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.object({ total: Count, segments: z.array(CodedSegment) }),
  },
  /** How many whole events and passages each live code is applied to. */
  'codings:counts': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(z.object({ code_id: Id, events: Count, passages: Count })),
  },
} as const;
