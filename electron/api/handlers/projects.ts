import * as projects from '../../../db/repositories/projects.js';
import type { projectChannels } from '../channels/projects.js';
import { notFound } from '../result.js';
import type { HandlersFor } from './types.js';

export const projectHandlers: HandlersFor<typeof projectChannels> = {
  'projects:list': (db) => projects.listProjects(db),
  'projects:get': (db, { id }) => {
    const project = projects.getProject(db, id);
    if (!project || project.deleted_at) throw notFound('project', id);
    return project;
  },
  'projects:create': (db, input) => projects.createProject(db, input),
  'projects:update': (db, { id, ...changes }) => {
    const updated = projects.updateProject(db, id, changes);
    if (!updated) throw notFound('project', id);
    return updated;
  },
};
