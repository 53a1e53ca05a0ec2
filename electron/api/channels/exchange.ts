import { z } from 'zod';
import { Id } from '../schemas.js';

/** The tables a project bundle (.withness) carries, in the order an import writes them. */
export const BUNDLE_TABLES = [
  'projects',
  'team_members',
  'stakeholders',
  'codes',
  'cycles',
  'phase_prompts',
  'phase_entries',
  'field_notes',
  'field_note_stakeholders',
  'dialogues',
  'dialogue_participants',
  'dialogue_turns',
  'reflections',
  'prompt_links',
  'code_applications',
  'attachments',
  'revisions',
  'trash_items',
] as const;
export type BundleTable = (typeof BUNDLE_TABLES)[number];

const Count = z.number().int().nonnegative();
/** Rows per table. */
export const BundleCounts = z.object(Object.fromEntries(BUNDLE_TABLES.map((name) => [name, Count])) as Record<BundleTable, typeof Count>);
export type BundleCounts = z.infer<typeof BundleCounts>;

/** A compressed bundle of at most 256 MB (its base64 text is a third longer). */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;
const MAX_BUNDLE_BASE64 = Math.ceil(MAX_BUNDLE_BYTES / 3) * 4;

const ExportInput = z.strictObject({
  project_id: Id,
  /** Off by default: stakeholders appear by pseudonym, also inside free text. */
  real_names: z.boolean().optional(),
});

/** Bundles carry real names, so they are sealed with a passphrase of at least this many characters (code points). */
export const MIN_BUNDLE_PASSPHRASE_LENGTH = 12;
export const MAX_BUNDLE_PASSPHRASE_LENGTH = 1024;

const passphraseLength = (passphrase: string) => [...passphrase.normalize('NFC')].length;

/**
 * A bundle export is encrypted unless plain: true says otherwise, explicitly; so exactly one of the two is given.
 * The passphrase's own rules are said here too, so every transport refuses a short one with the same words.
 */
const BundleExportInput = z
  .strictObject({
    project_id: Id,
    real_names: z.boolean().optional(),
    passphrase: z.string().max(MAX_BUNDLE_PASSPHRASE_LENGTH * 4, `At most ${MAX_BUNDLE_PASSPHRASE_LENGTH} characters.`).optional(),
    /** An unencrypted bundle anyone with the file can read: for pseudonymised demo or test data only. */
    plain: z.literal(true).optional(),
  })
  .superRefine((input, context) => {
    if (input.plain && input.passphrase !== undefined) {
      context.addIssue({ code: 'custom', path: ['plain'], message: 'Choose either a passphrase or a plain bundle, not both.' });
    } else if (!input.plain && input.passphrase === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['passphrase'],
        message: `A bundle is encrypted: give a passphrase of at least ${MIN_BUNDLE_PASSPHRASE_LENGTH} characters, or ask for a plain bundle explicitly.`,
      });
    } else if (input.passphrase !== undefined) {
      const length = passphraseLength(input.passphrase);
      if (input.passphrase.trim().length === 0 || length < MIN_BUNDLE_PASSPHRASE_LENGTH) {
        context.addIssue({ code: 'custom', path: ['passphrase'], message: `The passphrase must be at least ${MIN_BUNDLE_PASSPHRASE_LENGTH} characters long (it has ${input.passphrase.trim().length === 0 ? 0 : length}).` });
      } else if (length > MAX_BUNDLE_PASSPHRASE_LENGTH) {
        context.addIssue({ code: 'custom', path: ['passphrase'], message: `At most ${MAX_BUNDLE_PASSPHRASE_LENGTH} characters.` });
      }
    }
  });

/** A file for the user to save: its suggested name, media type and bytes as base64. */
export const ExportFile = z.object({
  file_name: z.string().min(1),
  media_type: z.string().min(1),
  data_base64: z.string(),
});
export type ExportFile = z.infer<typeof ExportFile>;

const QdpxFile = z
  .string()
  .min(1, 'The .qdpx file is empty.')
  .max(MAX_BUNDLE_BASE64, 'The .qdpx file is larger than 256 MB.')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected the file as base64.');

/** A person of an imported file whose names matched someone withdrawn here (electron/erasure/index.ts NameMatch). */
const NameMatch = z.object({ stakeholder_id: Id, pseudonym: z.string(), log_id: z.string(), matched_by: z.enum(['name', 'pseudonym']) });
const QdpxCounts = z.object({ codes: Count, cases: Count, sources: Count, notes: Count, codings: Count, links: Count });

export const exchangeChannels = {
  /** REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder …; pseudonymised unless real_names. */
  'exchange:qdpx': { input: ExportInput, output: ExportFile },
  /**
   * Project bundle (.withness): every row of the project, trash and history included, attachments with their
   * bytes — real data, never pseudonymised (it is how a team shares its work). `real_names` is accepted for a
   * uniform shape and has no effect. Encrypted with `passphrase` (electron/exchange/bundle-crypto.ts) unless
   * `plain: true` is asked for explicitly.
   */
  'exchange:bundleExport': { input: BundleExportInput, output: ExportFile },
  /** One self-contained HTML page with the timeline, for a team review offline; pseudonymised unless real_names. */
  'exchange:reviewPage': { input: ExportInput, output: ExportFile },
  /**
   * Imports a bundle: checks all of it first (and writes nothing if anything is wrong), then merges it by id in
   * one transaction — new rows added, existing rows replaced only by a newer revision, identical rows left alone.
   */
  /** What a .qdpx holds and how it would be imported (which sources read as transcripts), before anything is written. */
  'exchange:qdpxPreview': {
    input: z.strictObject({ file_name: z.string().max(1000, 'At most 1000 characters.').optional(), data_base64: QdpxFile }),
    output: z.object({
      project_name: z.string(),
      sources: z.array(
        z.object({
          guid: z.string(),
          name: z.string(),
          characters: Count,
          transcript: z.object({ turns: Count, speakers: z.array(z.string()) }).nullable(),
        }),
      ),
      counts: QdpxCounts,
      skipped: z.array(z.object({ what: z.string(), reason: z.string() })),
    }),
  },
  /**
   * Imports a .qdpx into a new inquiry (or into project_id): text sources become field notes, or dialogues with turns
   * where they read as transcripts (unless listed in as_notes), codes the code book, selections coded passages at the
   * same code points, notes reflections linked to what they annotate, cases stakeholders. All or nothing.
   */
  'exchange:qdpxImport': {
    input: z.strictObject({
      file_name: z.string().max(1000, 'At most 1000 characters.').optional(),
      data_base64: QdpxFile,
      project_id: Id.optional(),
      as_notes: z.array(z.string().max(100)).max(100_000).optional(),
    }),
    output: z.object({
      project_id: Id,
      created: z.object({ codes: Count, stakeholders: Count, field_notes: Count, dialogues: Count, turns: Count, reflections: Count, codings: Count, links: Count }),
      widened: Count,
      /** People recognised by name as someone withdrawn here: withdrawn again, or kept with the reason (electron/erasure). */
      erasure: z
        .object({
          applied: Count,
          withdrawn: z.array(NameMatch),
          kept: z.array(NameMatch.extend({ reason: z.enum(['several_match', 'pseudonym_elsewhere']) })),
        })
        .optional(),
    }),
  },
  'exchange:bundleImport': {
    input: z.strictObject({
      file_name: z.string().max(1000, 'At most 1000 characters.').optional(),
      data_base64: z
        .string()
        .min(1, 'The bundle is empty.')
        .max(MAX_BUNDLE_BASE64, 'The bundle is larger than 256 MB.')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected the file as base64.')
        .optional(),
      /** Instead of data_base64: a bundle sent ahead in pieces (uploads:begin, uploads:chunk), larger than one request may carry. */
      upload_id: Id.optional(),
      /** Needed for an encrypted bundle; a plain bundle ignores it. */
      passphrase: z.string().max(MAX_BUNDLE_PASSPHRASE_LENGTH * 4, `At most ${MAX_BUNDLE_PASSPHRASE_LENGTH} characters.`).optional(),
    }).refine((input) => (input.data_base64 === undefined) !== (input.upload_id === undefined), {
      message: 'Send the bundle either as data_base64 or as an upload_id.',
      path: ['data_base64'],
    }),
    output: z.object({
      project_id: Id,
      title: z.string(),
      created: BundleCounts,
      updated: BundleCounts,
      unchanged: BundleCounts,
    }),
  },
} as const;
