import { projectExists, timelineBands, timelineChain, timelineWindow } from '../../../db/repositories/timeline.js';
import type { timelineChannels } from '../channels/timeline.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

const NAMES = { field_note: 'field note', dialogue: 'dialogue', turn: 'turn', phase_entry: 'phase entry', reflection: 'reflection' } as const;

function requireProject(db: Parameters<typeof projectExists>[0], projectId: string): void {
  if (!projectExists(db, projectId)) throw notFound('inquiry', projectId);
}

export const timelineHandlers: HandlersFor<typeof timelineChannels> = {
  'timeline:window': (db, { project_id, from, to, filters, limit, order, buckets, lanes, after }) => {
    if (from && to && Date.parse(to) <= Date.parse(from)) {
      const message = 'The end of the time window must come after its start.';
      throw new ApiError('invalid_input', message, [{ path: 'to', message }]);
    }
    requireProject(db, project_id);
    return timelineWindow(db, { project_id, from, to, filters, limit, order, buckets, lanes, after });
  },

  'timeline:bands': (db, { project_id }) => {
    requireProject(db, project_id);
    return timelineBands(db, project_id);
  },

  'timeline:chain': (db, { type, id }) => {
    const chain = timelineChain(db, type, id);
    if (!chain) throw notFound(NAMES[type], id);
    return chain;
  },
};
