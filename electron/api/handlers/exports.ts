import { generateReport, previewReplacements, ReportNotFoundError } from '../../exports/report/index.js';
import { PdfUnavailableError } from '../../exports/pdf.js';
import { reportProgress } from '../../jobs/long-work.js';
import type { exportChannels } from '../channels/exports.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

function translateFailure(error: unknown): never {
  if (error instanceof ReportNotFoundError) throw notFound(error.what, error.id);
  if (error instanceof PdfUnavailableError) throw new ApiError('internal', error.message);
  throw error;
}

export const exportHandlers: HandlersFor<typeof exportChannels> = {
  'exports:preview': (db, { project_id, scope }) => {
    try {
      const { entries, texts, held_back } = previewReplacements(db, project_id, scope);
      return { replacements: entries, texts_checked: texts, held_back };
    } catch (error) {
      return translateFailure(error);
    }
  },
  'exports:report': async (db, input, context) => {
    try {
      const file = await generateReport(db, input, context ? { onProgress: reportProgress(context) } : {});
      await context?.checkpoint();
      return { file_name: file.file_name, media_type: file.media_type, data_base64: file.data.toString('base64') };
    } catch (error) {
      return translateFailure(error);
    }
  },
};
