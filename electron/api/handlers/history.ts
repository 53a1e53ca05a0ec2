import { getRevision, restoreRevision } from '../../../db/repositories/history.js';
import { ENTITIES } from '../../../db/repositories/entities.js';
import { listRevisions } from '../../../db/repositories/revisions.js';
import { listTrash, restoreTrashGroup } from '../../../db/repositories/trash.js';
import type { historyChannels } from '../channels/history.js';
import { revisionRestoreCheck, trashRestoreCheck } from '../records.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

export const historyHandlers: HandlersFor<typeof historyChannels> = {
  'history:list': (db, { entity_type, id }) => listRevisions(db, entity_type, id) as never,
  // Earlier versions and trash may have come from a bundle: both restores check what they would write with the
  // API's rules (records.ts) inside their transaction, so a refusal writes nothing.
  'history:restore': (db, { revision_id: revisionId }) => {
    const revision = getRevision(db, revisionId);
    if (!revision) throw notFound('earlier version', revisionId);
    if (!(revision.entity_type in ENTITIES)) {
      throw new ApiError('invalid_input', 'This earlier version is of a kind of record Withness does not know, so it cannot be restored.', [
        { path: 'entity_type', message: `Not a kind of record: ${revision.entity_type.slice(0, 50)}` },
      ]);
    }
    const restored = restoreRevision(db, revisionId, revisionRestoreCheck(db));
    if (!restored) throw new ApiError('conflict', 'This record is in the trash; restore it from the trash first.');
    return { entity_type: revision.entity_type as never, id: restored.id, revision: restored.revision };
  },
  'trash:list': (db, { project_id }) => listTrash(db, project_id),
  'trash:restore': (db, { id }) => {
    const restored = restoreTrashGroup(db, id, trashRestoreCheck(db));
    if (restored.length === 0) throw notFound('item in the trash', id);
    return restored;
  },
};
