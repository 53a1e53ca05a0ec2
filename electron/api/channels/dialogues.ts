import { z } from 'zod';
import { ById, ExpectedRevision, Id, IsoTimestamp, LongText, Phase, RecordMeta, ShortText } from '../schemas.js';

export const DialogueKind = z.enum(['workshop', 'meeting', 'interview', 'co_creation', 'informal']);
export type DialogueKind = z.infer<typeof DialogueKind>;

export const Dialogue = z.object({
  ...RecordMeta,
  project_id: Id,
  cycle_id: Id.nullable(),
  phase: Phase.nullable(),
  kind: DialogueKind,
  title: z.string(),
  occurred_at: IsoTimestamp,
  place: z.string(),
  summary: z.string(),
  decisions: z.string(),
  follow_ups: z.string(),
});
export type Dialogue = z.infer<typeof Dialogue>;

export const Turn = z.object({
  ...RecordMeta,
  project_id: Id,
  dialogue_id: Id,
  /** 1-based place in the transcript; live turns are numbered without gaps. */
  position: z.number().int(),
  /** A participant of the dialogue, or null for an unknown speaker. */
  speaker_id: Id.nullable(),
  text: z.string(),
});
export type Turn = z.infer<typeof Turn>;

/** A dialogue with its live participants (by pseudonym) and its live turns in transcript order. */
export const DialogueDetail = Dialogue.extend({
  participant_ids: z.array(Id),
  turns: z.array(Turn),
});
export type DialogueDetail = z.infer<typeof DialogueDetail>;

/** What the list of dialogues shows of one dialogue (nothing of its write-up). */
export const DialogueSummary = z.object({
  id: Id,
  kind: DialogueKind,
  title: z.string(),
  occurred_at: IsoTimestamp,
  place: z.string(),
  /** The first live participants by pseudonym (at most 4); participant_count says how many there are in all. */
  participant_ids: z.array(Id).max(4),
  participant_count: z.number().int().nonnegative(),
  turn_count: z.number().int().nonnegative(),
});

/** A page of the dialogues list when no limit is given. */
export const DIALOGUES_DEFAULT_LIMIT = 100;

const ParticipantIds = z.array(Id).max(500, 'At most 500 participants.');
const TurnText = z.string().trim().min(1, 'A turn needs some text.').max(200_000, 'At most 200,000 characters.');
const Deleted = z.object({ id: Id, group_id: Id });

/** Dialogues with stakeholders and their turns. */
export const dialogueChannels = {
  /**
   * A page of an inquiry's live dialogues, newest first (then by id), with participant and turn counts. `limit`
   * is at most 200 and defaults to 100 (DIALOGUES_DEFAULT_LIMIT): a caller that gives none gets the first 100.
   * `after` (the occurred_at and id of the last dialogue of the page before) pages by key; `offset` skips rows
   * (after `after`, when given); `with_total: false` leaves out the count (total), which a list needs once.
   */
  'dialogues:list': {
    input: z.strictObject({
      project_id: Id,
      limit: z.number().int().min(1).max(200, 'At most 200 dialogues per page.').default(DIALOGUES_DEFAULT_LIMIT),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      after: z.strictObject({ occurred_at: IsoTimestamp, id: Id }).optional(),
      with_total: z.boolean().optional(),
    }),
    output: z.object({ total: z.number().int().nonnegative().optional(), items: z.array(DialogueSummary).max(200) }),
  },
  'dialogues:get': {
    input: ById,
    output: DialogueDetail,
  },
  'dialogues:create': {
    input: z.strictObject({
      project_id: Id,
      kind: DialogueKind,
      title: ShortText(500).optional(),
      /** Defaults to now. */
      occurred_at: IsoTimestamp.optional(),
      place: ShortText(500).optional(),
      cycle_id: Id.nullable().optional(),
      phase: Phase.nullable().optional(),
      participant_ids: ParticipantIds.optional(),
    }),
    output: DialogueDetail,
  },
  /** participant_ids, when given, replaces the set of participants. */
  'dialogues:update': {
    input: z.strictObject({
      id: Id,
      expected_revision: ExpectedRevision,
      kind: DialogueKind.optional(),
      title: ShortText(500).optional(),
      occurred_at: IsoTimestamp.optional(),
      place: ShortText(500).optional(),
      cycle_id: Id.nullable().optional(),
      phase: Phase.nullable().optional(),
      participant_ids: ParticipantIds.optional(),
      summary: LongText.optional(),
      decisions: LongText.optional(),
      follow_ups: LongText.optional(),
    }),
    output: DialogueDetail,
  },
  /** Moves the dialogue and its turns to the trash as one group. */
  'dialogues:delete': {
    input: ById,
    output: Deleted,
  },
  /** Adds a turn after `after_turn_id` (or at the end); the speaker must be a participant, or null. */
  'turns:add': {
    input: z.strictObject({
      dialogue_id: Id,
      speaker_id: Id.nullable(),
      text: TurnText,
      after_turn_id: Id.nullable().optional(),
    }),
    output: Turn,
  },
  'turns:update': {
    input: z.strictObject({
      id: Id,
      text: TurnText.optional(),
      speaker_id: Id.nullable().optional(),
      expected_revision: ExpectedRevision,
    }),
    output: Turn,
  },
  /** Moves a turn to a 0-based place in its transcript; returns the live turns in their new order. */
  'turns:move': {
    input: z.strictObject({
      id: Id,
      to_index: z.number().int('Expected a whole number.').min(0, 'A place in the transcript starts at 0.').max(1_000_000),
    }),
    output: z.array(Turn),
  },
  /** Moves a turn to the trash; the turns after it close the gap. */
  'turns:delete': {
    input: ById,
    output: Deleted,
  },
} as const;
