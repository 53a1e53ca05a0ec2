import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { ImportBundle } from '../../renderer/src/features/exchange/ImportBundle';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

// SQLite and a whole bundle run for real under jsdom; allow a slow machine. Nothing asserts timing.
configure({ asyncUtilTimeout: 8000 });

const realTransport = (db: Db): Transport => (channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });

function renderImport(options: { db?: Db; transport?: Transport; language?: Language } = {}) {
  const db = options.db ?? tempDatabase().db;
  const onImported = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(options.language ?? 'en')}>
      <ClientProvider client={createClient(options.transport ?? realTransport(db))}>
        <ImportBundle onImported={onImported} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { db, onImported };
}

/** A bundle of the demo inquiry, made in another journal. */
function demoBundle(): { bytes: Uint8Array; projectId: string } {
  const { db } = tempDatabase();
  const { project } = createDemoProject(db);
  return { bytes: buildBundle(db, project.id)!.bytes, projectId: project.id };
}

const asFile = (bytes: Uint8Array, name = 'egeby.withness') => new File([bytes as BlobPart], name, { type: 'application/octet-stream' });

describe('ImportBundle', { timeout: 30_000 }, () => {
  it('imports a chosen bundle, shows what was added, and hands the inquiry on', async () => {
    const user = userEvent.setup({ delay: null });
    const { bytes, projectId } = demoBundle();
    const { db, onImported } = renderImport();

    const input = screen.getByLabelText('Import a project bundle (.withness)');
    expect(screen.getByText(/Bundles hold real names/)).toBeTruthy();
    await user.upload(input, asFile(bytes));

    const status = await screen.findByText(/Imported “Fællesskaber mod ensomhed i Egeby Kommune \(fiktivt eksempel\)”\./);
    expect(status.textContent).toContain('Added 286, updated 0, unchanged 0.');
    expect(onImported).toHaveBeenCalledWith(projectId);
    const table = screen.getByRole('table', { name: 'What was imported' });
    const row = within(table).getByRole('row', { name: /Field notes/ });
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['25', '0', '0']);
    expect(within(table).queryByRole('row', { name: /Attachments/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open the inquiry' }).getAttribute('href')).toContain(`/projects/${projectId}`);
    expect(db.prepare(`SELECT count(*) FROM field_notes WHERE project_id = ?`).pluck().get(projectId)).toBe(25);

    // The same file again: nothing new, said in words.
    await user.upload(input, asFile(bytes));
    await screen.findByText(/Everything in this bundle was already here; nothing was changed\./);
    expect(within(screen.getByRole('table', { name: 'What was imported' })).getByRole('row', { name: /Field notes/ }).textContent).toContain('25');
    expect(db.prepare(`SELECT count(*) FROM field_notes`).pluck().get()).toBe(25);
  });

  it('explains a refused file in words and writes nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const { db, onImported } = renderImport();
    const before = rowCounts(db);
    await user.upload(screen.getByLabelText('Import a project bundle (.withness)'), asFile(new TextEncoder().encode('just some notes'), 'notes.withness'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This file is not a zip archive, so it cannot be a Withness bundle.');
    expect(onImported).not.toHaveBeenCalled();
    expect(rowCounts(db)).toEqual(before);
    // It can be dismissed, and the input is ready for another file.
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Import a project bundle (.withness)') as HTMLInputElement).disabled).toBe(false);
  });

  it('shows progress while the bundle is checked and imported, with the input disabled', async () => {
    const user = userEvent.setup({ delay: null });
    const { bytes } = demoBundle();
    const { db } = tempDatabase();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transport: Transport = async (channel, input) => {
      await gate;
      return realTransport(db)(channel, input);
    };
    renderImport({ db, transport });
    const input = screen.getByLabelText('Import a project bundle (.withness)') as HTMLInputElement;
    await user.upload(input, asFile(bytes));
    // A real progress bar with its percentage (not a spinner), and a way out.
    const bar = await screen.findByRole('progressbar', { name: 'Importing egeby.withness' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(input.disabled).toBe(true);
    release();
    await screen.findByText(/Imported “/);
    await waitFor(() => expect(input.disabled).toBe(false));
  });

  it('speaks Danish', async () => {
    const user = userEvent.setup({ delay: null });
    const { bytes } = demoBundle();
    renderImport({ language: 'da' });
    expect(screen.getByRole('heading', { name: 'Importér en projektpakke' })).toBeTruthy();
    await user.upload(screen.getByLabelText('Importér en projektpakke (.withness)'), asFile(bytes));
    await screen.findByText(/er importeret\./);
    expect(screen.getByRole('table', { name: 'Hvad der blev importeret' })).toBeTruthy();
    expect(screen.getByRole('row', { name: /Feltnoter/ })).toBeTruthy();
  });
});
