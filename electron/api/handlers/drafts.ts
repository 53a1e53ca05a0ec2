import { deleteDraft, draftProject, draftRecord, getDraft, listDrafts, putDraft } from '../../../db/repositories/drafts.js';
import type { draftChannels } from '../channels/drafts.js';
import { notFound } from '../result.js';
import type { HandlersFor } from './types.js';

export const draftHandlers: HandlersFor<typeof draftChannels> = {
  'drafts:list': (db) => listDrafts(db),

  'drafts:get': (db, { key }) => getDraft(db, key) ?? null,

  'drafts:put': (db, { key, body }) => {
    // A draft is filed under its record's inquiry, so erasure and the inquiry's deletion reach it; a key naming no
    // record of this journal is refused (the editor keeps its text in memory and says it is not saved).
    const record = draftRecord(key);
    const project_id = draftProject(db, key);
    if (!record || !project_id) throw notFound('record', key);
    const stored = db.transaction(() => putDraft(db, { key, project_id, ...record, body }))();
    return { key: stored.key, saved_at: stored.saved_at };
  },

  'drafts:delete': (db, { key }) => ({ deleted: db.transaction(() => deleteDraft(db, key))() }),
};
