import { checkExcerpt, codeCounts, findDuplicateCoding, insertCoding, listSegments, removeCoding } from '../../../db/repositories/coding.js';
import type { CodeRow } from '../../../db/repositories/codes.js';
import type { EntityRow } from '../../../db/repositories/entities.js';
import { describeEvent } from '../../../db/repositories/events.js';
import { searchEvents, speakerMap } from '../../../db/repositories/search.js';
import type { searchChannels } from '../channels/search.js';
import { ApiError, notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

const NAMES = { field_note: 'field note', dialogue: 'dialogue', turn: 'turn', phase_entry: 'phase entry', reflection: 'reflection' } as const;

function invalid(message: string, path: string): ApiError {
  return new ApiError('invalid_input', message, [{ path, message }]);
}

export const searchHandlers: HandlersFor<typeof searchChannels> = {
  'search:query': (db, { project_id, query, filters, order, limit, offset }) => {
    requireLive(db, 'project', project_id);
    return searchEvents(db, { projectId: project_id, query, filters, order, limit, offset });
  },

  'search:speakers': (db, { project_id }) => {
    requireLive(db, 'project', project_id);
    return speakerMap(db, project_id);
  },

  'codings:add': (db, { code_id, target_type, target_id, excerpt }) =>
    db.transaction(() => {
      const code = requireLive<CodeRow & EntityRow>(db, 'code', code_id);
      const target = describeEvent(db, target_type, target_id);
      if (!target) throw notFound(NAMES[target_type], target_id);
      if (target.deleted) throw invalid(`That ${NAMES[target_type]} is in the trash. Restore it first to code it.`, 'target_id');
      if (target.project_id !== code.project_id) {
        throw invalid(`That ${NAMES[target_type]} belongs to another inquiry; codes can only be applied within their own inquiry.`, 'target_id');
      }
      if (excerpt) {
        const problem = checkExcerpt(target.text, excerpt);
        if (problem?.kind === 'too_long') {
          throw invalid(
            `The passage ends at character ${excerpt.end}, but the ${NAMES[target_type]} is only ${problem.length} characters long.`,
            'excerpt.end',
          );
        }
        if (problem) {
          throw invalid(
            `The passage does not match the ${NAMES[target_type]}'s text at characters ${excerpt.start}–${excerpt.end} (it may have changed). Select the passage again.`,
            'excerpt.text',
          );
        }
      }
      const coding = { project_id: code.project_id, code_id, target_type, target_id, excerpt: excerpt ?? null };
      if (findDuplicateCoding(db, coding)) {
        throw new ApiError(
          'conflict',
          excerpt ? `That passage is already coded “${code.name}”.` : `This whole ${NAMES[target_type]} is already coded “${code.name}”.`,
        );
      }
      return insertCoding(db, coding);
    })(),

  'codings:remove': (db, { id }) => {
    const removed = removeCoding(db, id);
    if (!removed) throw notFound('coding', id);
    return removed;
  },

  'codings:list': (db, { project_id, code_id, include_children, limit, offset }) => {
    requireLive(db, 'project', project_id);
    if (code_id) {
      const code = requireLive<CodeRow & EntityRow>(db, 'code', code_id);
      if (code.project_id !== project_id) throw notFound('code', code_id);
    }
    return listSegments(db, project_id, { codeId: code_id, includeChildren: include_children, limit, offset });
  },

  'codings:counts': (db, { project_id }) => {
    requireLive(db, 'project', project_id);
    return codeCounts(db, project_id);
  },
};
