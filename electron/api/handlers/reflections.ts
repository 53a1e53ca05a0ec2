import type { Db } from '../../../db/connection.js';
import { getEntity, type EntityRow } from '../../../db/repositories/entities.js';
import { browseEvents, getEventRef, searchEvidence } from '../../../db/repositories/evidence.js';
import { listLinksOf } from '../../../db/repositories/links.js';
import * as reflections from '../../../db/repositories/reflections.js';
import { REFLECTIONS_DEFAULT_LIMIT, type reflectionChannels } from '../channels/reflections.js';
import { ApiError, notFound } from '../result.js';
import { requireLive, trashOrThrow } from './common.js';
import type { HandlersFor } from './types.js';

/** A cycle given for a reflection must be a live cycle of the same inquiry. */
function checkCycle(db: Db, projectId: string, cycleId: string | null | undefined): void {
  if (!cycleId) return;
  const cycle = getEntity(db, 'cycle', cycleId);
  if (!cycle || cycle.deleted_at || cycle.project_id !== projectId) {
    throw new ApiError('invalid_input', 'The chosen cycle does not belong to this inquiry (or is in the trash).', [
      { path: 'cycle_id', message: 'Not a cycle of this inquiry.' },
    ]);
  }
}

function withLinks(db: Db, reflection: reflections.ReflectionRow) {
  const links = listLinksOf(db, reflection.id).map((link) => {
    const target = getEventRef(db, link.target_type, link.target_id);
    if (!target) return { ...link, target: null };
    const { text: _text, ...described } = target;
    return { ...link, target: described };
  });
  return { ...reflection, links };
}

export const reflectionHandlers: HandlersFor<typeof reflectionChannels> = {
  'reflections:list': (db, { project_id, unlinked_only, limit, offset, after, with_total }) => {
    requireLive(db, 'project', project_id);
    // Keyset comparisons are on the stored form (UTC, milliseconds, Z), whatever offset the caller wrote.
    const cursor = after ? { written_at: new Date(after.written_at).toISOString(), id: after.id } : undefined;
    return reflections.listReflections(db, {
      project_id,
      unlinked_only: unlinked_only ?? false,
      limit: limit ?? REFLECTIONS_DEFAULT_LIMIT,
      offset,
      after: cursor,
      with_total,
    });
  },
  'reflections:get': (db, { id }) => withLinks(db, requireLive<reflections.ReflectionRow & EntityRow>(db, 'reflection', id)),
  'reflections:create': (db, input) => {
    requireLive(db, 'project', input.project_id);
    checkCycle(db, input.project_id, input.cycle_id);
    return reflections.createReflection(db, input);
  },
  'reflections:update': (db, { id, expected_revision, ...changes }) => {
    const current = requireLive<reflections.ReflectionRow & EntityRow>(db, 'reflection', id);
    checkCycle(db, current.project_id, changes.cycle_id);
    const updated = reflections.updateReflection(db, id, changes, expected_revision);
    if (!updated) throw notFound('reflection', id);
    return updated;
  },
  'reflections:delete': (db, { id }) => ({ id, group_id: trashOrThrow(db, 'reflection', id) }),
  'events:search': (db, { project_id, query, types, limit }) => {
    requireLive(db, 'project', project_id);
    return searchEvidence(db, project_id, query, { types, limit });
  },
  'events:browse': (db, { project_id, type, cycle_id, limit, before, before_id }) => {
    requireLive(db, 'project', project_id);
    return browseEvents(db, project_id, { type, cycleId: cycle_id, limit, before, beforeId: before_id });
  },
  'events:get': (db, { type, id }) => {
    const event = getEventRef(db, type, id);
    if (!event) throw notFound(type.replace('_', ' '), id);
    return event;
  },
};
