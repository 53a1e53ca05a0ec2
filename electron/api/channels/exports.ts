import { z } from 'zod';
import { Id, IsoDate } from '../schemas.js';
import { ConsentStatus, ConsentUse } from './stakeholders.js';

/** What a report covers: nothing set is the whole inquiry; chosen cycles include their sub-cycles; dates are inclusive. */
export const ReportScope = z
  .strictObject({
    cycle_ids: z.array(Id).min(1, 'Choose at least one cycle, or leave cycles out for the whole inquiry.').max(1000, 'At most 1000 cycles.').optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .refine((scope) => !scope.from || !scope.to || scope.from <= scope.to, {
    message: 'The start date must not be after the end date.',
    path: ['to'],
  });
export type ReportScope = z.infer<typeof ReportScope>;

export const ReportFormat = z.enum(['md', 'html', 'pdf', 'docx']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** A file to save: its suggested name, media type and bytes (base64, so it crosses IPC and HTTP as JSON). */
export const ExportFile = z.object({
  file_name: z.string(),
  media_type: z.string(),
  data_base64: z.string(),
});
export type ExportFile = z.infer<typeof ExportFile>;

export const PreviewReplacement = z.object({
  stakeholder_id: Id,
  pseudonym: z.string(),
  /** The text that is replaced: a full real name, a part of it, or an alias. */
  term: z.string(),
  kind: z.enum(['real_name', 'name_part', 'alias']),
  occurrences: z.number().int().nonnegative(),
});
export type PreviewReplacement = z.infer<typeof PreviewReplacement>;

/** One person whose words an export held back, by pseudonym only (never the real name), with counts. */
export const HeldBack = z.object({
  stakeholder_id: z.string(),
  pseudonym: z.string(),
  decision: z.enum(['describe', 'leave_out']),
  /** 'gone' when the speaker is no longer in the journal. */
  consent_status: z.union([ConsentStatus, z.literal('gone')]),
  consent_use: z.union([ConsentUse, z.literal('gone')]),
  turns: z.number().int().nonnegative(),
  passages: z.number().int().nonnegative(),
});
export type HeldBack = z.infer<typeof HeldBack>;

/** Reflection reports (Markdown, HTML, PDF, Word), pseudonymised unless real names are chosen. */
export const exportChannels = {
  /** What a pseudonymised report of this scope will replace, with how often each name occurs; shown before exporting. */
  'exports:preview': {
    input: z.strictObject({ project_id: Id, scope: ReportScope.optional() }),
    output: z.object({
      replacements: z.array(PreviewReplacement),
      /** How many pieces of text the report holds (all of them were checked). */
      texts_checked: z.number().int().nonnegative(),
      /** Whose words consent holds back from the report, by pseudonym, with counts . */
      held_back: z.array(HeldBack),
    }),
  },
  /** The report as a file. Pseudonymised by default; real names only with real_names: true. */
  'exports:report': {
    input: z.strictObject({
      project_id: Id,
      format: ReportFormat,
      scope: ReportScope.optional(),
      real_names: z.boolean().optional(),
      /** The language of the report's own headings and labels (the researcher's text is kept as written). */
      language: z.enum(['en', 'da']).optional(),
    }),
    output: ExportFile,
  },
} as const;
