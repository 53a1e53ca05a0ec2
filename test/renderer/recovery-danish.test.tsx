import { configure, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { JournalHost } from '../../electron/journal.js';
import { createClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { JournalGate } from '../../renderer/src/features/backups/JournalGate';
import { createI18n } from '../../renderer/src/i18n';
import { writeDamagedJournal } from '../helpers/damaged.js';
import { tempDir } from '../helpers/temp.js';

configure({ asyncUtilTimeout: 8000 });

describe('the recovery screen in Danish', { timeout: 30_000 }, () => {
  it('says in Danish why the journal did not open, with only SQLite’s own detail left as it is', async () => {
    const host = await JournalHost.open(await writeDamagedJournal(tempDir()), { dailyBackup: false });
    try {
      expect(host.damaged).toBe(true);
      render(
        <I18nextProvider i18n={createI18n('da')}>
          <ClientProvider client={createClient((channel, input) => host.dispatch(channel, JSON.parse(JSON.stringify(input ?? {}))))}>
            <JournalGate>
              <p>The app</p>
            </JournalGate>
          </ClientProvider>
        </I18nextProvider>,
      );
      const reason = await screen.findByText(/^Withness fandt skader i journalfilen/);
      expect(reason.textContent).not.toMatch(/Withness found damage|Restore the newest/);
      expect(screen.queryByText('The app')).toBeNull();
    } finally {
      host.close();
    }
  });
});
