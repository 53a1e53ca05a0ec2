import { z } from 'zod';
import { MAX_BUNDLE_BYTES } from './exchange.js';
import { Id } from '../schemas.js';

/**
 * Long work as jobs: the channels below can also be started with jobs:start, which answers at once with an id;
 * jobs:progress tells the step and percentage (and, when done, the channel's own result or error); jobs:cancel stops
 * the work at its next pause, leaving nothing half-written. `exclusive` jobs hold the journal in one open
 * transaction while they pause, so other calls wait for them.
 */
export const JOB_CHANNELS = {
  'exchange:bundleImport': { exclusive: true },
  'exchange:qdpxImport': { exclusive: true },
  'backups:restore': { exclusive: true },
  'exchange:bundleExport': { exclusive: false },
  'exchange:qdpx': { exclusive: false },
  'exports:report': { exclusive: false },
  // Team sync talks to a server between short transactions of its own: other calls go on meanwhile.
  'team:syncNow': { exclusive: false },
  'team:join': { exclusive: false },
} as const;
export type JobChannel = keyof typeof JOB_CHANNELS;
const JobChannelName = z.enum(Object.keys(JOB_CHANNELS) as [JobChannel, ...JobChannel[]], { message: 'This kind of work cannot run as a job.' });

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const JobStatus = z.object({
  id: Id,
  channel: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** A message id (translated by the UI) naming the step, with its parameters. */
  step: z.string(),
  params: Params,
  done: z.number().nonnegative(),
  total: z.number().positive(),
  percent: z.number().int().min(0).max(100),
  /** The channel's own result once state is 'done'. */
  result: z.unknown(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      message_id: z.string().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() }).passthrough()).optional(),
    })
    .nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;

/** Pieces of a file sent ahead of a job (a bundle larger than one request may carry), in order. */
export const MAX_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

export const jobChannels = {
  'jobs:start': {
    input: z.strictObject({ channel: JobChannelName, input: z.unknown() }),
    output: JobStatus,
  },
  'jobs:progress': { input: z.strictObject({ id: Id }), output: JobStatus },
  /** Stops a job and answers once it has stopped (rolled back); a job that already finished is left as it is. */
  'jobs:cancel': { input: z.strictObject({ id: Id }), output: JobStatus },
  /** Opens an upload of `size` bytes; the pieces follow with uploads:chunk, and a job takes the file by its id. */
  'uploads:begin': {
    input: z.strictObject({ size: z.number().int().positive('The file is empty.').max(MAX_BUNDLE_BYTES, 'The file is larger than 256 MB.') }),
    output: z.object({ id: Id, chunk_bytes: z.number().int().positive() }),
  },
  'uploads:chunk': {
    input: z.strictObject({
      id: Id,
      offset: z.number().int().nonnegative(),
      data_base64: z
        .string()
        .min(1, 'The piece is empty.')
        .max(Math.ceil(MAX_UPLOAD_CHUNK_BYTES / 3) * 4, 'The piece is larger than 8 MB.')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected the file as base64.'),
    }),
    output: z.object({ received: z.number().int().nonnegative(), size: z.number().int().positive() }),
  },
  /** Drops an upload that will not be used (the user cancelled). */
  'uploads:discard': { input: z.strictObject({ id: Id }), output: z.object({ discarded: z.boolean() }) },
} as const;
