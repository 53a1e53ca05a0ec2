import { listCycles } from '../../../db/repositories/cycles.js';
import type { cycleChannels } from '../channels/cycles.js';
import type { HandlersFor } from './types.js';

export const cycleHandlers: HandlersFor<typeof cycleChannels> = {
  'cycles:list': (db, { project_id }) => listCycles(db, project_id),
};
