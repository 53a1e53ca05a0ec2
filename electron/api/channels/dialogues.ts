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

export const DialogueSummary = Dialogue.extend({
  /** Live participants by pseudonym. */
  participant_ids: z.array(Id),
  participant_count: z.number().int(),
  turn_count: z.number().int(),
});

const ParticipantIds = z.array(Id).max(500, 'At most 500 participants.');
const TurnText = z.string().trim().min(1, 'A turn needs some text.').max(200_000, 'At most 200,000 characters.');
const Deleted = z.object({ id: Id, group_id: Id });

/** Dialogues with stakeholders and their turns. */
export const dialogueChannels = {
  /** Live dialogues of an inquiry, newest first, with participant and turn counts. */
  'dialogues:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(DialogueSummary),
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
