import type { Db } from '../../../db/connection.js';
import {
  createStakeholder,
  findPseudonymHolder,
  listStakeholders,
  stakeholderActivity,
  updateStakeholder,
  type StakeholderRow,
} from '../../../db/repositories/stakeholders.js';
import type { EntityRow } from '../../../db/repositories/entities.js';
import type { stakeholderChannels } from '../channels/stakeholders.js';
import { ApiError, notFound } from '../result.js';
import { requireLive, trashOrThrow } from './common.js';
import type { HandlersFor } from './types.js';

/** Pseudonyms are how people appear in transcripts and exports, so two people may not share one. */
function refuseTakenPseudonym(db: Db, projectId: string, pseudonym: string, exceptId?: string): void {
  const holder = findPseudonymHolder(db, projectId, pseudonym, exceptId);
  if (!holder) return;
  const message = `Another stakeholder in this inquiry is already called “${holder.pseudonym}”. Choose a different pseudonym, so that turns and exports stay unambiguous.`;
  throw new ApiError('invalid_input', message, [{ path: 'pseudonym', message }]);
}

export const stakeholderHandlers: HandlersFor<typeof stakeholderChannels> = {
  'stakeholders:list': (db, { project_id }) => listStakeholders(db, project_id),
  'stakeholders:get': (db, { id }) => requireLive<StakeholderRow & EntityRow>(db, 'stakeholder', id),
  'stakeholders:create': (db, input) =>
    db.transaction(() => {
      requireLive(db, 'project', input.project_id);
      refuseTakenPseudonym(db, input.project_id, input.pseudonym);
      return createStakeholder(db, input);
    })(),
  'stakeholders:update': (db, { id, expected_revision, ...changes }) =>
    db.transaction(() => {
      const current = requireLive<StakeholderRow & EntityRow>(db, 'stakeholder', id);
      if (changes.pseudonym !== undefined) refuseTakenPseudonym(db, current.project_id, changes.pseudonym, id);
      const updated = updateStakeholder(db, id, changes, expected_revision);
      if (!updated) throw notFound('stakeholder', id);
      return updated;
    })(),
  'stakeholders:delete': (db, { id }) => ({ id, group_id: trashOrThrow(db, 'stakeholder', id) }),
  'stakeholders:activity': (db, { id }) => {
    requireLive(db, 'stakeholder', id);
    return stakeholderActivity(db, id);
  },
};
