import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupDirFor } from '../../db/backup.js';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { callOrThrow, dispatch } from '../../electron/api/dispatch.js';
import { setJobPauseHook } from '../../electron/jobs/jobs.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { BackupsScreen } from '../../renderer/src/features/backups/BackupsScreen';
import { createI18n } from '../../renderer/src/i18n';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

configure({ asyncUtilTimeout: 8000 });
afterEach(() => setJobPauseHook(undefined));

const realTransport = (db: Db): Transport => (channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });

describe('restoring a backup from the backups screen', { timeout: 30_000 }, () => {
  it('shows the restore’s steps as a percentage; cancelled before the swap, the journal is as it was; run through, it is restored', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    createProject(db, { title: 'Before the backup' });
    await callOrThrow(db, 'backups:create', {});
    createProject(db, { title: 'After the backup' });
    const before = rowCounts(db);
    let release!: () => void;
    let released = new Promise<void>((resolve) => (release = resolve));
    setJobPauseHook(async (status) => {
      if (status.step === 'job.saving_current') await released;
    });
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ClientProvider client={createClient(realTransport(db))}>
          <BackupsScreen />
        </ClientProvider>
      </I18nextProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Restore' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Restore this backup' }));
    const bar = await screen.findByRole('progressbar', { name: /^Restoring / });
    await screen.findByText('Keeping a copy of the journal as it is');
    expect(Number(bar.getAttribute('aria-valuenow'))).toBe(25);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    release();
    await screen.findByText('Cancelled. Nothing was changed.');
    expect(rowCounts(db)).toEqual(before);

    released = Promise.resolve();
    await user.click(await screen.findByRole('button', { name: 'Restore' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Restore this backup' }));
    await screen.findByText(/^Restored the backup from /);
    expect((db.prepare('SELECT title FROM projects ORDER BY title').pluck().all() as string[])).toEqual(['Before the backup']);
  });
});

describe('checking a backup in the Danish UI', { timeout: 30_000 }, () => {
  it('says a damaged backup is damaged in Danish, with only SQLite’s own detail left as it is', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    createProject(db, { title: 'Nordby' });
    const made = await callOrThrow(db, 'backups:create', {});
    const file = join(backupDirFor(db.name), made.name);
    // Overwrite the file's header so SQLite cannot read it as a database at all.
    writeFileSync(file, Buffer.alloc(4096, 7));
    render(
      <I18nextProvider i18n={createI18n('da')}>
        <ClientProvider client={createClient(realTransport(db))}>
          <BackupsScreen />
        </ClientProvider>
      </I18nextProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Kontrollér' }));
    const status = await screen.findByText(/^Kan ikke læses: /);
    expect(status.textContent).toMatch(/file is not a database/);
    expect(status.textContent).not.toMatch(/Cannot be read|Damaged/);
  });
});
