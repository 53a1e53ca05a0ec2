import type { Db } from '../../../db/connection.js';
import {
  closeCycle,
  createCycle,
  listCycleEvidence,
  listCycles,
  reopenCycle,
  startNextCycle,
  trashCycle,
  updateCycle,
  type CycleRow,
} from '../../../db/repositories/cycles.js';
import type { EntityRow } from '../../../db/repositories/entities.js';
import { projectOverview } from '../../../db/repositories/overview.js';
import {
  createPhaseEntry,
  listPhaseEntries,
  listPhasePrompts,
  setPhasePrompts,
  trashPhaseEntry,
  updatePhaseEntry,
} from '../../../db/repositories/phases.js';
import type { cycleChannels } from '../channels/cycles.js';
import { ApiError, notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

type LiveCycle = CycleRow & EntityRow;

function requireProject(db: Db, id: string): void {
  requireLive(db, 'project', id);
}

/** A cycle cannot end before it started. */
function checkDates(startedOn: string | null, endedOn: string | null): void {
  if (startedOn && endedOn && endedOn < startedOn) {
    throw new ApiError('invalid_input', `A cycle cannot end (${endedOn}) before it started (${startedOn}).`, [
      { path: 'ended_on', message: 'The end date is before the start date.' },
    ]);
  }
}

export const cycleHandlers: HandlersFor<typeof cycleChannels> = {
  'cycles:list': (db, { project_id }) => listCycles(db, project_id),

  'cycles:get': (db, { id }) => requireLive<LiveCycle>(db, 'cycle', id),

  'cycles:create': (db, { project_id, parent_id, ...rest }) => {
    requireProject(db, project_id);
    if (parent_id) {
      const parent = requireLive<LiveCycle>(db, 'cycle', parent_id);
      if (parent.project_id !== project_id) {
        throw new ApiError('invalid_input', 'A sub-cycle must belong to the same inquiry as its parent cycle.', [
          { path: 'parent_id', message: 'The parent cycle belongs to another inquiry.' },
        ]);
      }
    }
    return createCycle(db, { project_id, parent_id: parent_id ?? null, ...rest });
  },

  'cycles:update': (db, { id, expected_revision, ...changes }) => {
    const current = requireLive<LiveCycle>(db, 'cycle', id);
    checkDates(
      changes.started_on === undefined ? current.started_on : changes.started_on,
      changes.ended_on === undefined ? current.ended_on : changes.ended_on,
    );
    const updated = updateCycle(db, id, changes, expected_revision);
    if (!updated) throw notFound('cycle', id);
    return updated;
  },

  'cycles:close': (db, { id, ended_on, expected_revision }) => {
    const current = requireLive<LiveCycle>(db, 'cycle', id);
    if (ended_on) checkDates(current.started_on, ended_on);
    const closed = closeCycle(db, id, ended_on, expected_revision);
    if (!closed) throw notFound('cycle', id);
    return closed;
  },

  'cycles:reopen': (db, { id, expected_revision }) => {
    const reopened = reopenCycle(db, id, expected_revision);
    if (!reopened) throw notFound('cycle', id);
    return reopened;
  },

  'cycles:delete': (db, { id }) => {
    const result = trashCycle(db, id);
    if (!result) throw notFound('cycle', id);
    return result;
  },

  'cycles:startNext': (db, { id, ...options }) => {
    const result = startNextCycle(db, id, options);
    if (!result) throw notFound('cycle', id);
    return result;
  },

  'cycles:evidence': (db, { id, phase }) => {
    requireLive(db, 'cycle', id);
    return listCycleEvidence(db, id, phase);
  },

  'phases:prompts': (db, { project_id }) => {
    requireProject(db, project_id);
    return listPhasePrompts(db, project_id);
  },

  'phases:setPrompts': (db, { project_id, phase, prompts }) => {
    requireProject(db, project_id);
    return setPhasePrompts(db, project_id, phase, prompts);
  },

  'phaseEntries:list': (db, { cycle_id, phase }) => {
    requireLive(db, 'cycle', cycle_id);
    return listPhaseEntries(db, cycle_id, phase);
  },

  'phaseEntries:create': (db, input) => {
    requireLive(db, 'cycle', input.cycle_id);
    return createPhaseEntry(db, input);
  },

  'phaseEntries:update': (db, { id, expected_revision, ...changes }) => {
    const updated = updatePhaseEntry(db, id, changes, expected_revision);
    if (!updated) throw notFound('phase entry', id);
    return updated;
  },

  'phaseEntries:delete': (db, { id }) => {
    const groupId = trashPhaseEntry(db, id);
    if (!groupId) throw notFound('phase entry', id);
    return { group_id: groupId };
  },

  'projects:overview': (db, { id }) => {
    const overview = projectOverview(db, id);
    if (!overview) throw notFound('project', id);
    return overview as never;
  },
};
