import { getRevision, restoreRevision, type LeftOut } from '../../../db/repositories/history.js';
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
    const { row, left_out: leftOut } = restored;
    const result = { entity_type: revision.entity_type as never, id: row.id, revision: row.revision };
    return leftOut.length === 0 ? result : { ...result, left_out: leftOut, message: leftOutMessage(leftOut) };
  },
  'trash:list': (db, { project_id }) => listTrash(db, project_id),
  'trash:restore': (db, { id }) => {
    const restored = restoreTrashGroup(db, id, trashRestoreCheck(db));
    if (restored.length === 0) throw notFound('item in the trash', id);
    return restored;
  },
};

/** “The earlier version is back, except: the tag “Loneliness” is in the trash; …”: what a restore left out, in words. */
function leftOutMessage(leftOut: readonly LeftOut[]): string {
  const noun = (item: LeftOut) => (item.kind === 'code' ? 'tag' : 'stakeholder');
  const parts = leftOut.map((item) =>
    item.reason === 'in_trash' ? `the ${noun(item)} “${item.name ?? ''}” is in the trash` : `a ${noun(item)} of that version no longer exists`,
  );
  const inTrash = leftOut.some((item) => item.reason === 'in_trash');
  return `The earlier version is back, but not all of its tags and stakeholders: ${parts.join('; ')}.${
    inTrash ? ' To have them on the note again, restore them from the trash and add them to the note.' : ''
  }`;
}
