import { userInfo } from 'node:os';
import { erasureAudit, ErasureError, previewErasure, withdrawStakeholder } from '../../erasure/index.js';
import { subjectAccessFileBase, subjectAccessHtml, subjectAccessReport } from '../../erasure/subject-access.js';
import type { erasureChannels } from '../channels/erasure.js';
import { ApiError } from '../result.js';
import type { HandlersFor } from './types.js';

function apiError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ErasureError) throw new ApiError(error.code, error.message);
    throw error;
  }
}

/** Who withdrew: what the caller says, else the account the app runs under (never empty in the log). */
function whoErases(given: string | undefined): string {
  if (given?.trim()) return given.trim();
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

export const erasureHandlers: HandlersFor<typeof erasureChannels> = {
  'erasure:preview': (db, { stakeholder_id, mode }) => apiError(() => previewErasure(db, stakeholder_id, mode)),
  'erasure:withdraw': (db, { stakeholder_id, mode, erased_by }) =>
    apiError(() => withdrawStakeholder(db, { stakeholder_id, mode, erased_by: whoErases(erased_by) })),
  'erasure:log': (db, { project_id }) => erasureAudit(db, project_id),
  'erasure:subjectAccess': (db, { stakeholder_id }) =>
    apiError(() => {
      const report = subjectAccessReport(db, stakeholder_id);
      return { file_base: subjectAccessFileBase(report), json: `${JSON.stringify(report, null, 2)}\n`, html: subjectAccessHtml(report) };
    }),
};
