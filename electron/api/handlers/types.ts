import type { z } from 'zod';
import type { Db } from '../../../db/connection.js';
import type { JobContext } from '../../jobs/jobs.js';

interface ChannelDefinition {
  input: z.ZodType;
  output: z.ZodType;
}

/** The handlers of one domain's channels: plain functions of (db, validated input). */
export type HandlersFor<Channels extends Record<string, ChannelDefinition>> = {
  [C in keyof Channels]: (
    db: Db,
    input: z.output<Channels[C]['input']>,
    /** Present when the call runs as a job: report progress, and pause where a cancel may stop the work. */
    context?: JobContext,
  ) => z.output<Channels[C]['output']> | Promise<z.output<Channels[C]['output']>>;
};
