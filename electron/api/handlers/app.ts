import { schemaVersion } from '../../../db/migrations.js';
import type { appChannels } from '../channels/app.js';
import { APP_VERSION } from '../../version.js';
import type { HandlersFor } from './types.js';

export const appHandlers: HandlersFor<typeof appChannels> = {
  'app:info': (db) => ({ name: 'Withness', version: APP_VERSION, schemaVersion: schemaVersion(db) }),
};
