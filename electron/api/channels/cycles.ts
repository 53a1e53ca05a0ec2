import { z } from 'zod';
import { ById, EventRef, ExpectedRevision, Id, IsoDate, IsoTimestamp, LongText, Phase, Project, RecordMeta, ShortText } from '../schemas.js';

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

export const PhaseEntry = z.object({
  ...RecordMeta,
  project_id: Id,
  cycle_id: Id,
  phase: Phase,
  body: z.string(),
  author: z.string(),
  occurred_at: IsoTimestamp,
});
export type PhaseEntry = z.infer<typeof PhaseEntry>;

/** One guiding prompt: a question a researcher asks themselves while writing in a phase. */
export const PromptText = z.string().trim().min(1, 'A prompt cannot be empty.').max(300, 'At most 300 characters.');

/** Per phase: the project's own prompts, or an empty list meaning "use the defaults". */
export const PhasePrompts = z.object({
  plan: z.array(z.string()),
  act: z.array(z.string()),
  observe: z.array(z.string()),
  reflect: z.array(z.string()),
});

export const PhaseSummary = z.object({
  phase_entries: z.number().int(),
  field_notes: z.number().int(),
  dialogues: z.number().int(),
  reflections: z.number().int(),
  latest_entry: z.string().nullable(),
});

export const CycleEvidence = z.object({
  type: z.enum(['field_note', 'dialogue', 'reflection']),
  id: Id,
  project_id: Id,
  cycle_id: Id,
  phase: Phase,
  label: z.string(),
  occurred_at: IsoTimestamp,
});

const CycleTitle = ShortText(300).trim();
const CycleFocus = ShortText(5000);
const EntryBody = LongText.refine((text) => text.trim().length > 0, 'An entry cannot be empty.');
const Author = ShortText(200).trim();
const Language = z.enum(['en', 'da']);

/** Cycles, their phases and phase entries, and the project overview. */
export const cycleChannels = {
  /** Live cycles: top-level by ordinal, each followed by its sub-cycles. */
  'cycles:list': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(Cycle),
  },
  'cycles:get': {
    input: ById,
    output: Cycle,
  },
  /** A new cycle (or a sub-cycle with parent_id), numbered after its siblings; starts today in the plan phase. */
  'cycles:create': {
    input: z.strictObject({
      project_id: Id,
      title: CycleTitle.optional(),
      focus: CycleFocus.optional(),
      parent_id: Id.nullable().optional(),
      started_on: IsoDate.nullable().optional(),
    }),
    output: Cycle,
  },
  'cycles:update': {
    input: z.strictObject({
      id: Id,
      title: CycleTitle.optional(),
      focus: CycleFocus.optional(),
      current_phase: Phase.optional(),
      started_on: IsoDate.nullable().optional(),
      ended_on: IsoDate.nullable().optional(),
      expected_revision: ExpectedRevision,
    }),
    output: Cycle,
  },
  /** Marks a cycle closed, ending today unless another date is given. */
  'cycles:close': {
    input: z.strictObject({ id: Id, ended_on: IsoDate.optional(), expected_revision: ExpectedRevision }),
    output: Cycle,
  },
  'cycles:reopen': {
    input: z.strictObject({ id: Id, expected_revision: ExpectedRevision }),
    output: Cycle,
  },
  /** Moves a cycle, its phase entries and its sub-cycles to the trash, restorable together. */
  'cycles:delete': {
    input: ById,
    output: z.object({ group_id: Id, trashed: z.number().int() }),
  },
  /**
   * Closes the cycle and opens the next one beside it; the closing reflection's next steps become
   * the first entry of its plan phase. `language` is the language of that entry's introduction.
   */
  'cycles:startNext': {
    input: z.strictObject({ id: Id, title: CycleTitle.optional(), focus: CycleFocus.optional(), language: Language.optional() }),
    output: z.object({ cycle: Cycle, closed: Cycle, carried_entry: PhaseEntry.nullable() }),
  },
  /** The field notes, dialogues and reflections recorded in a cycle (optionally in one phase), newest first. */
  'cycles:evidence': {
    input: z.strictObject({ id: Id, phase: Phase.optional() }),
    output: z.array(CycleEvidence),
  },
  'phases:prompts': {
    input: z.strictObject({ project_id: Id }),
    output: PhasePrompts,
  },
  /** Replaces one phase's prompts for the project; an empty list goes back to the defaults. */
  'phases:setPrompts': {
    input: z.strictObject({
      project_id: Id,
      phase: Phase,
      prompts: z.array(PromptText).max(10, 'At most 10 prompts per phase.'),
    }),
    output: PhasePrompts,
  },
  'phaseEntries:list': {
    input: z.strictObject({ cycle_id: Id, phase: Phase.optional() }),
    output: z.array(PhaseEntry),
  },
  'phaseEntries:create': {
    input: z.strictObject({
      cycle_id: Id,
      phase: Phase,
      body: EntryBody,
      author: Author.optional(),
      occurred_at: IsoTimestamp.optional(),
    }),
    output: PhaseEntry,
  },
  'phaseEntries:update': {
    input: z.strictObject({
      id: Id,
      phase: Phase.optional(),
      body: LongText.optional(),
      author: Author.optional(),
      occurred_at: IsoTimestamp.optional(),
      expected_revision: ExpectedRevision,
    }),
    output: PhaseEntry,
  },
  'phaseEntries:delete': {
    input: ById,
    output: z.object({ group_id: Id }),
  },
  /** The inquiry at a glance: cycles with what each phase holds, recent activity, unlinked reflections. */
  'projects:overview': {
    input: ById,
    output: z.object({
      project: Project,
      cycles: z.array(
        z.object({
          cycle: Cycle,
          phases: z.object({ plan: PhaseSummary, act: PhaseSummary, observe: PhaseSummary, reflect: PhaseSummary }),
        }),
      ),
      activity: z.array(EventRef),
      unlinked_reflections: z.number().int(),
    }),
  },
} as const;
