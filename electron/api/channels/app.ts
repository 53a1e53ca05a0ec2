import { z } from 'zod';
import { Empty } from '../schemas.js';

export const appChannels = {
  'app:info': {
    input: Empty,
    output: z.object({ name: z.literal('Withness'), version: z.string(), schemaVersion: z.number().int() }),
  },
} as const;
