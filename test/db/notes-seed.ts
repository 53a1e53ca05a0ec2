import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { createProject } from '../../db/repositories/projects.js';

/** Rows other features own (cycles, stakeholders), written directly so the notes tests stand alone. */
export function seedCycle(db: Db, projectId: string, ordinal = 1, title = `Cycle ${ordinal}`): string {
  const id = newId();
  const now = nowIso();
  db.prepare(`INSERT INTO cycles (id, project_id, ordinal, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    id,
    projectId,
    ordinal,
    title,
    now,
    now,
  );
  return id;
}

export function seedStakeholder(db: Db, projectId: string, pseudonym: string, sector = 'citizen'): string {
  const id = newId();
  const now = nowIso();
  db.prepare(
    `INSERT INTO stakeholders (id, project_id, real_name, pseudonym, sector, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, projectId, `Real ${pseudonym}`, pseudonym, sector, now, now);
  return id;
}

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
