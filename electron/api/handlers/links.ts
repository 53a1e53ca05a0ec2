import { listBacklinks } from '../../../db/repositories/links.js';
import type { linkChannels } from '../channels/links.js';
import type { HandlersFor } from './types.js';

export const linkHandlers: HandlersFor<typeof linkChannels> = {
  'links:backlinks': (db, { target_type, target_id }) => listBacklinks(db, target_type, target_id),
};
