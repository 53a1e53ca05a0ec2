import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProject, getProject, listProjects, updateProject } from '../../db/repositories/projects.js';
import { listRevisions } from '../../db/repositories/revisions.js';
import { tempDatabase } from '../helpers/temp.js';

describe('projects repository', () => {
  it('round-trips a project through a real file', () => {
    const { db } = tempDatabase();
    const created = createProject(db, { title: 'Ensomhed i Nordby', concern: 'Hvordan skaber vi fællesskab?', started_on: '2026-02-01' });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(getProject(db, created.id)).toEqual(created);
    expect(listProjects(db)).toEqual([created]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the most recently changed first', () => {
    const { db } = tempDatabase();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const first = createProject(db, { title: 'First' });
    vi.setSystemTime(new Date('2026-01-02T10:00:00Z'));
    const second = createProject(db, { title: 'Second' });
    expect(listProjects(db).map((project) => project.id)).toEqual([second.id, first.id]);
    vi.setSystemTime(new Date('2026-01-03T10:00:00Z'));
    updateProject(db, first.id, { setting: 'Aarhus' });
    expect(listProjects(db).map((project) => project.id)).toEqual([first.id, second.id]);
  });

  it('keeps the previous version on every update', () => {
    const { db } = tempDatabase();
    const created = createProject(db, { title: 'Draft title' });
    const updated = updateProject(db, created.id, { title: 'Better title', status: 'paused' });
    expect(updated).toMatchObject({ title: 'Better title', status: 'paused', revision: 2 });
    const revisions = listRevisions(db, 'project', created.id);
    expect(revisions).toHaveLength(1);
    expect(JSON.parse(revisions[0]!.snapshot)).toMatchObject({ title: 'Draft title', revision: 1 });
    expect(updateProject(db, '0190a000-0000-7000-8000-00000000dead', { title: 'x' })).toBeUndefined();
  });
});
