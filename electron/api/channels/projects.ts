import { z } from 'zod';
import { ById, Empty, Id, IsoDate, LongText, Project, ProjectStatus, RequiredTitle, ShortText } from '../schemas.js';

export const projectChannels = {
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
      id: Id,
      title: RequiredTitle('A project title').optional(),
      concern: LongText.optional(),
      setting: ShortText(2000).optional(),
      started_on: IsoDate.nullable().optional(),
      status: ProjectStatus.optional(),
    }),
    output: Project,
  },
} as const;
