import { getRevision, restoreRevision } from '../../../db/repositories/history.js';
import { listRevisions } from '../../../db/repositories/revisions.js';
import { listTrash, restoreTrashGroup } from '../../../db/repositories/trash.js';
import type { historyChannels } from '../channels/history.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

export const historyHandlers: HandlersFor<typeof historyChannels> = {
  'history:list': (db, { entity_type, id }) => listRevisions(db, entity_type, id) as never,
  'history:restore': (db, { revision_id: revisionId }) => {
    const revision = getRevision(db, revisionId);
    if (!revision) throw notFound('earlier version', revisionId);
    const restored = restoreRevision(db, revisionId);
    if (!restored) throw new ApiError('conflict', 'This record is in the trash; restore it from the trash first.');
    return { entity_type: revision.entity_type as never, id: restored.id, revision: restored.revision };
  },
  'trash:list': (db, { project_id }) => listTrash(db, project_id),
  'trash:restore': (db, { id }) => {
    const restored = restoreTrashGroup(db, id);
    if (restored.length === 0) throw notFound('item in the trash', id);
    return restored;
  },
};
