import { render } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { dispatch } from '../../electron/api/dispatch.js';
import type { Db } from '../../db/connection.js';
import { tempDatabase } from '../helpers/temp.js';

/** The real App over the real API on a real SQLite file; only the transport is in-process. */
export function renderApp(options: { language?: Language; transport?: Transport; seed?: (db: Db) => void } = {}) {
  const { db } = tempDatabase();
  options.seed?.(db);
  const calls: string[] = [];
  const transport: Transport =
    options.transport ??
    ((channel, input) => {
      calls.push(channel);
      return dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
    });
  const view = render(<App client={createClient(transport)} i18n={createI18n(options.language ?? 'en')} />);
  return { ...view, db, calls };
}
