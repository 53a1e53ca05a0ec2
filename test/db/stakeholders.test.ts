import { describe, expect, it } from 'vitest';
import { createProject } from '../../db/repositories/projects.js';
import {
  aliasesJson,
  createStakeholder,
  findPseudonymHolder,
  getStakeholder,
  listStakeholders,
  updateStakeholder,
} from '../../db/repositories/stakeholders.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { tempDatabase } from '../helpers/temp.js';

describe('stakeholders repository', () => {
  it('stores aliases as a JSON array, trimmed and without repeats', () => {
    expect(aliasesJson([' Mette S. ', 'mette s.', '', 'MS'])).toBe('["Mette S.","MS"]');
    expect(aliasesJson([])).toBe('[]');
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const row = createStakeholder(db, { project_id: project.id, pseudonym: ' Mette ', sector: 'public', aliases: ['Mette S.'] });
    expect(getStakeholder(db, row.id)).toEqual(row);
    expect(db.prepare(`SELECT json_extract(aliases, '$[0]') FROM stakeholders WHERE id = ?`).pluck().get(row.id)).toBe('Mette S.');
    const updated = updateStakeholder(db, row.id, { aliases: ['A', 'a', 'B'] }, 1);
    expect(updated?.aliases).toBe('["A","B"]');
  });

  it('finds the live holder of a pseudonym case-insensitively, also for Danish letters', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const other = createProject(db, { title: 'Other' });
    const søren = createStakeholder(db, { project_id: project.id, pseudonym: 'Søren Å', sector: 'citizen' });
    createStakeholder(db, { project_id: other.id, pseudonym: 'Bo', sector: 'citizen' });
    expect(findPseudonymHolder(db, project.id, ' SØREN å ')?.id).toBe(søren.id);
    expect(findPseudonymHolder(db, project.id, 'søren å', søren.id)).toBeUndefined();
    expect(findPseudonymHolder(db, project.id, 'bo')).toBeUndefined();
    trashEntity(db, 'stakeholder', søren.id);
    expect(findPseudonymHolder(db, project.id, 'Søren Å')).toBeUndefined();
    expect(listStakeholders(db, project.id)).toEqual([]);
  });

  it('the schema refuses aliases that are not a JSON array', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const row = createStakeholder(db, { project_id: project.id, pseudonym: 'A', sector: 'other' });
    expect(() => db.prepare(`UPDATE stakeholders SET aliases = '"B"' WHERE id = ?`).run(row.id)).toThrow(/CHECK/);
  });
});
