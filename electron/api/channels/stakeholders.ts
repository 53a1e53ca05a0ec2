import { z } from 'zod';
import { Id, IsoDate, RecordMeta } from '../schemas.js';

export const Sector = z.enum(['public', 'private', 'voluntary', 'citizen', 'researcher', 'other']);
export const ConsentStatus = z.enum(['unknown', 'pending', 'given', 'declined', 'withdrawn']);

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
  consent_date: IsoDate.nullable(),
  consent_scope: z.string(),
  notes: z.string(),
});
export type Stakeholder = z.infer<typeof Stakeholder>;

/** The stakeholder directory. */
export const stakeholderChannels = {
  'stakeholders:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(Stakeholder),
  },
} as const;
