import { z } from 'zod';
import { Id, IsoDate, Phase, RecordMeta } from '../schemas.js';

export const Cycle = z.object({
  ...RecordMeta,
  project_id: Id,
  parent_id: Id.nullable(),
  ordinal: z.number().int(),
  title: z.string(),
  focus: z.string(),
  status: z.enum(['open', 'closed']),
  current_phase: Phase,
  started_on: IsoDate.nullable(),
  ended_on: IsoDate.nullable(),
});
export type Cycle = z.infer<typeof Cycle>;

/** Cycles, their phases and phase entries, and the project overview. */
export const cycleChannels = {
  /** Live cycles: top-level by ordinal, each followed by its sub-cycles. */
  'cycles:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(Cycle),
  },
} as const;
