/** Notes' own fixtures; the rows other tests share come from test/helpers/seed.ts. */
import type { Db } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { seedCycle, seedStakeholder } from '../helpers/seed.js';

/** Two inquiries, the first with two cycles and three stakeholders, the second with one of each. */
export function seedTwoProjects(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const other = createProject(db, { title: 'Sydby' });
  return {
    project,
    other,
    cycles: [seedCycle(db, project.id, 1, 'Getting to know'), seedCycle(db, project.id, 2, 'Trying the café')],
    stakeholders: [seedStakeholder(db, project.id, 'Anna'), seedStakeholder(db, project.id, 'Bo'), seedStakeholder(db, project.id, 'Carla', 'public')],
    otherCycle: seedCycle(db, other.id, 1),
    otherStakeholder: seedStakeholder(db, other.id, 'Stranger'),
  };
}

/** The smallest valid PNG: one transparent pixel. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
