import { describeEvent } from '../../../db/repositories/events.js';
import { codePointLength, codePointSlice, countBacklinks, findDuplicateLink, insertLink, listBacklinks, removeLink } from '../../../db/repositories/links.js';
import type { EntityRow } from '../../../db/repositories/entities.js';
import type { ReflectionRow } from '../../../db/repositories/reflections.js';
import type { linkChannels } from '../channels/links.js';
import { ApiError, notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

const NAMES = { field_note: 'field note', dialogue: 'dialogue', turn: 'turn', phase_entry: 'phase entry', reflection: 'reflection' } as const;

function invalid(message: string, path: string): ApiError {
  return new ApiError('invalid_input', message, [{ path, message }]);
}

export const linkHandlers: HandlersFor<typeof linkChannels> = {
  'links:backlinks': (db, { target_type, target_id }) => listBacklinks(db, target_type, target_id),
  'links:backlinkCounts': (db, { target_type, target_ids }) => {
    const counts = countBacklinks(db, target_type, target_ids);
    return Object.fromEntries(target_ids.map((id) => [id, counts.get(id) ?? 0]));
  },

  'links:add': (db, { reflection_id, target_type, target_id, excerpt, comment }) =>
    db.transaction(() => {
      const reflection = requireLive<ReflectionRow & EntityRow>(db, 'reflection', reflection_id);
      if (target_type === 'reflection' && target_id === reflection_id) {
        throw invalid('A reflection cannot cite itself as its evidence.', 'target_id');
      }
      const target = describeEvent(db, target_type, target_id);
      if (!target) throw notFound(NAMES[target_type], target_id);
      if (target.deleted) {
        throw invalid(`That ${NAMES[target_type]} is in the trash. Restore it first to cite it.`, 'target_id');
      }
      if (target.project_id !== reflection.project_id) {
        throw invalid(`That ${NAMES[target_type]} belongs to another inquiry; a reflection can only cite evidence from its own inquiry.`, 'target_id');
      }
      if (excerpt) {
        const length = codePointLength(target.text);
        if (excerpt.end > length) {
          throw invalid(
            `The passage ends at character ${excerpt.end}, but the ${NAMES[target_type]} is only ${length} characters long.`,
            'excerpt.end',
          );
        }
        const actual = codePointSlice(target.text, excerpt.start, excerpt.end);
        if (actual !== excerpt.text) {
          throw invalid(
            `The quoted passage does not match the ${NAMES[target_type]}'s text at characters ${excerpt.start}–${excerpt.end} (it may have changed). Select the passage again.`,
            'excerpt.text',
          );
        }
      }
      const link = { project_id: reflection.project_id, reflection_id, target_type, target_id, excerpt: excerpt ?? null, comment };
      if (findDuplicateLink(db, link)) {
        throw new ApiError(
          'conflict',
          excerpt ? 'This reflection already cites that passage.' : `This reflection already cites this whole ${NAMES[target_type]}.`,
        );
      }
      return insertLink(db, link);
    })(),

  'links:remove': (db, { id }) => {
    const removed = removeLink(db, id);
    if (!removed) throw notFound('link', id);
    return removed;
  },
};
