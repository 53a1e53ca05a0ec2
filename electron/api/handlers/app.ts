import type { Db } from '../../../db/connection.js';
import { schemaVersion } from '../../../db/migrations.js';
import type { Output } from '../contract.js';
import { APP_VERSION } from '../../version.js';

export function appInfo(db: Db): Output<'app:info'> {
  return { name: 'Withness', version: APP_VERSION, schemaVersion: schemaVersion(db) };
}
