import { z } from 'zod';
import { DialogueKind } from './dialogues.js';
import { ById, ExpectedRevision, Id, IsoDate, IsoTimestamp, LongText, RecordMeta, RequiredTitle, ShortText } from '../schemas.js';

export const Sector = z.enum(['public', 'private', 'voluntary', 'citizen', 'researcher', 'other']);
export const ConsentStatus = z.enum(['unknown', 'pending', 'given', 'declined', 'withdrawn']);
/** What the person agreed to: quoted, described but not quoted, or no use (migration 004). */
export const ConsentUse = z.enum(['quote', 'describe', 'none']);

export const Stakeholder = z.object({
  ...RecordMeta,
  project_id: Id,
  real_name: z.string(),
  pseudonym: z.string(),
  /** JSON array of strings: other names the person goes by. */
  aliases: z.string(),
  sector: Sector,
  organisation: z.string(),
  role: z.string(),
  consent_status: ConsentStatus,
  consent_use: ConsentUse,
  consent_date: IsoDate.nullable(),
  consent_scope: z.string(),
  notes: z.string(),
});
export type Stakeholder = z.infer<typeof Stakeholder>;

/** Other names a person goes by; stored as the column's JSON array text, given here as a list. */
const Aliases = z.array(ShortText(200)).max(50, 'At most 50 other names.');

/** Fields a researcher can write besides pseudonym and sector; optional in create and update. */
const optionalFields = {
  real_name: ShortText(300).optional(),
  aliases: Aliases.optional(),
  organisation: ShortText(300).optional(),
  role: ShortText(300).optional(),
  consent_status: ConsentStatus.optional(),
  consent_use: ConsentUse.optional(),
  consent_date: IsoDate.nullable().optional(),
  consent_scope: ShortText(2000).optional(),
  notes: LongText.optional(),
};

const Pseudonym = RequiredTitle('A pseudonym', 200);

export const StakeholderActivity = z.object({
  /** Every live turn they spoke, newest dialogue first. */
  turns: z.array(
    z.object({
      id: Id,
      text: z.string(),
      position: z.number().int(),
      dialogue_id: Id,
      dialogue_title: z.string(),
      dialogue_kind: DialogueKind,
      occurred_at: IsoTimestamp,
    }),
  ),
  /** Every live dialogue they took part in, newest first. */
  dialogues: z.array(z.object({ id: Id, title: z.string(), kind: DialogueKind, place: z.string(), occurred_at: IsoTimestamp })),
  /** Every live field note they are involved in, newest first. */
  notes: z.array(z.object({ id: Id, title: z.string(), excerpt: z.string(), place: z.string(), occurred_at: IsoTimestamp })),
});

/** The stakeholder directory. */
export const stakeholderChannels = {
  'stakeholders:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(Stakeholder),
  },
  'stakeholders:get': {
    input: ById,
    output: Stakeholder,
  },
  /** Pseudonyms are unique per inquiry (case-insensitive). */
  'stakeholders:create': {
    input: z.strictObject({ project_id: Id, pseudonym: Pseudonym, sector: Sector, ...optionalFields }),
    output: Stakeholder,
  },
  'stakeholders:update': {
    input: z.strictObject({
      id: Id,
      expected_revision: ExpectedRevision,
      pseudonym: Pseudonym.optional(),
      sector: Sector.optional(),
      ...optionalFields,
    }),
    output: Stakeholder,
  },
  /** Moves the stakeholder to the trash; their turns keep them as speaker. */
  'stakeholders:delete': {
    input: ById,
    output: z.object({ id: Id, group_id: Id }),
  },
  /** Turns spoken, dialogues taken part in and field notes involved in, all live, newest first. */
  'stakeholders:activity': {
    input: ById,
    output: StakeholderActivity,
  },
} as const;
