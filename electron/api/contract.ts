import { z } from 'zod';
import { ById, Empty, IsoDate, LongText, Project, ProjectStatus, RequiredTitle, ShortText } from './schemas.js';

/**
 * The one API of Withness. Every channel is `domain:verb` with a zod schema for its input and its
 * result. Main registers a handler per channel, the preload exposes exactly these names, the HTTP
 * bridge serves them, and the renderer imports only the types. Keep this file free of Node.
 */
export const contract = {
  'app:info': {
    input: Empty,
    output: z.object({ name: z.literal('Withness'), version: z.string(), schemaVersion: z.number().int() }),
  },
  'projects:list': {
    input: Empty,
    output: z.array(Project),
  },
  'projects:get': {
    input: ById,
    output: Project,
  },
  'projects:create': {
    input: z.strictObject({
      title: RequiredTitle('A project title'),
      concern: LongText.optional(),
      setting: ShortText(2000).optional(),
      started_on: IsoDate.nullable().optional(),
    }),
    output: Project,
  },
  'projects:update': {
    input: z.strictObject({
      id: ById.shape.id,
      title: RequiredTitle('A project title').optional(),
      concern: LongText.optional(),
      setting: ShortText(2000).optional(),
      started_on: IsoDate.nullable().optional(),
      status: ProjectStatus.optional(),
    }),
    output: Project,
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
