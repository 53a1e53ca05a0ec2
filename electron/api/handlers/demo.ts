import { countProjectContents, createDemoProject, findDemoProject } from '../../../db/demo/build.js';
import { DEMO_TITLE } from '../../../db/demo/content.js';
import { getProject } from '../../../db/repositories/projects.js';
import type { demoChannels } from '../channels/demo.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

export const demoHandlers: HandlersFor<typeof demoChannels> = {
  'demo:create': (db) =>
    db.transaction(() => {
      if (findDemoProject(db, DEMO_TITLE)) {
        throw new ApiError(
          'conflict',
          `The fictional example inquiry “${DEMO_TITLE}” is already in this journal. Open it from the list, or move it to the trash first to create it again.`,
        );
      }
      return createDemoProject(db).project;
    })(),
  'demo:summary': (db, { project_id }) => {
    const project = getProject(db, project_id);
    if (!project || project.deleted_at) throw notFound('project', project_id);
    return { project_id, counts: countProjectContents(db, project_id) };
  },
};
