import { z } from 'zod';
import { Empty, Id, Project } from '../schemas.js';

const Count = z.number().int().nonnegative();

/** How many live rows of each kind an inquiry holds. */
export const ProjectCounts = z.object({
  team_members: Count,
  stakeholders: Count,
  codes: Count,
  cycles: Count,
  phase_entries: Count,
  field_notes: Count,
  dialogues: Count,
  turns: Count,
  reflections: Count,
  prompt_links: Count,
  code_applications: Count,
});
export type ProjectCounts = z.infer<typeof ProjectCounts>;

/** The fictional example inquiry (db/demo): offered on first start and by `withness demo`. */
export const demoChannels = {
  /** Writes the example inquiry (marked fictional) in one transaction; refused with 'conflict' if it is already there. */
  'demo:create': {
    input: Empty,
    output: Project,
  },
  /** What an inquiry holds, counted per kind (the command line prints this after creating the example). */
  'demo:summary': {
    input: z.strictObject({ project_id: Id }),
    output: z.object({ project_id: Id, counts: ProjectCounts }),
  },
} as const;
