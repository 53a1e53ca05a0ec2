import { listConsentChanges } from '../../../db/repositories/stakeholders.js';
import { heldBackInInquiry } from '../../exports/consent-held-back.js';
import { exportConsentRegister, loadConsentRegister, RegisterProjectNotFoundError } from '../../exports/consent-register.js';
import { PdfUnavailableError } from '../../exports/pdf.js';
import { previewHeldBack, ReportNotFoundError } from '../../exports/report/index.js';
import type { consentChannels } from '../channels/consent.js';
import { ApiError, notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

function translateFailure(error: unknown): never {
  if (error instanceof RegisterProjectNotFoundError) throw notFound('project', error.id);
  if (error instanceof ReportNotFoundError) throw notFound(error.what, error.id);
  if (error instanceof PdfUnavailableError) throw new ApiError('internal', error.message);
  throw error;
}

export const consentHandlers: HandlersFor<typeof consentChannels> = {
  'consent:history': (db, { stakeholder_id }) => {
    // The history outlives the person (erasure), so a missing stakeholder is not an error when history remains.
    const history = listConsentChanges(db, stakeholder_id);
    if (history.length === 0) requireLive(db, 'stakeholder', stakeholder_id);
    return history;
  },
  'consent:heldBack': (db, { project_id, export: kind, scope }) => {
    requireLive(db, 'project', project_id);
    try {
      if (kind === 'report') return { held_back: previewHeldBack(db, project_id, scope) };
      return { held_back: heldBackInInquiry(db, project_id, kind) };
    } catch (error) {
      return translateFailure(error);
    }
  },
  'consent:register': (db, { project_id }) => {
    try {
      const { project_title, generated_at, entries } = loadConsentRegister(db, project_id);
      return { project_title, generated_at, entries };
    } catch (error) {
      return translateFailure(error);
    }
  },
  'consent:registerExport': async (db, { project_id, format, language }) => {
    try {
      const file = await exportConsentRegister(db, project_id, format, { language });
      return { file_name: file.file_name, media_type: file.media_type, data_base64: file.data.toString('base64') };
    } catch (error) {
      return translateFailure(error);
    }
  },
};
