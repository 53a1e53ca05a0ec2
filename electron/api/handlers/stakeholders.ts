import { listStakeholders } from '../../../db/repositories/stakeholders.js';
import type { stakeholderChannels } from '../channels/stakeholders.js';
import type { HandlersFor } from './types.js';

export const stakeholderHandlers: HandlersFor<typeof stakeholderChannels> = {
  'stakeholders:list': (db, { project_id }) => listStakeholders(db, project_id),
};
