import type { z } from 'zod';
import type { Db } from '../../../db/connection.js';

interface ChannelDefinition {
  input: z.ZodType;
  output: z.ZodType;
}

/** The handlers of one domain's channels: plain functions of (db, validated input). */
export type HandlersFor<Channels extends Record<string, ChannelDefinition>> = {
  [C in keyof Channels]: (db: Db, input: z.output<Channels[C]['input']>) => z.output<Channels[C]['output']> | Promise<z.output<Channels[C]['output']>>;
};
