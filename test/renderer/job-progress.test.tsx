import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { setJobPauseHook, type JobStatus } from '../../electron/jobs/jobs.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { ImportBundle } from '../../renderer/src/features/exchange/ImportBundle';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

// SQLite and a whole bundle run for real under jsdom; allow a slow machine. Nothing asserts timing.
configure({ asyncUtilTimeout: 8000 });
afterEach(() => setJobPauseHook(undefined));

const realTransport = (db: Db): Transport => (channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });

function renderImport(db: Db, language: Language) {
  const onImported = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ClientProvider client={createClient(realTransport(db))}>
        <ImportBundle onImported={onImported} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { onImported };
}

const asFile = (bytes: Uint8Array, name = 'egeby.withness') => new File([bytes as BlobPart], name, { type: 'application/octet-stream' });

describe('JobProgress on a bundle import', { timeout: 30_000 }, () => {
  it('shows a real percentage and the step in Danish mid-way, and Cancel leaves the journal as it was', async () => {
    const user = userEvent.setup({ delay: null });
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const bytes = buildBundle(source, project.id)!.bytes;
    const { db } = tempDatabase();
    const before = rowCounts(db);
    // Hold the job inside its transaction, rows half written, until the test has looked and pressed Cancel.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: (status: JobStatus) => void;
    const atHold = new Promise<JobStatus>((resolve) => (reached = resolve));
    let held: JobStatus | undefined;
    setJobPauseHook(async (status) => {
      if (held || status.step !== 'job.importing_rows') return;
      held = { ...status };
      reached(held);
      await released;
    });
    const { onImported } = renderImport(db, 'da');
    await user.upload(screen.getByLabelText('Importér en projektpakke (.withness)'), asFile(bytes));

    // The bar passes through earlier steps (checking the bundle is already past 10 %) before the job is held, and a
    // poll sent before the hold may still answer with one of them: wait until the bar shows the held status itself.
    const status = await atHold;
    const shown = 10 + Math.floor(status.percent * 0.9);
    await waitFor(() => {
      const bar = screen.getByRole('progressbar', { name: 'Importerer egeby.withness' });
      expect(Number(bar.getAttribute('aria-valuenow'))).toBe(shown);
      expect(screen.getByText(/^Importerer rækker \(\d+ af \d+\)$/)).toBeTruthy();
    });
    const bar = screen.getByRole('progressbar', { name: 'Importerer egeby.withness' });
    const now = Number(bar.getAttribute('aria-valuenow'));
    expect(now).toBeGreaterThan(10);
    expect(now).toBeLessThan(100);
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    const line = screen.getByText(/^Importerer rækker \(\d+ af \d+\)$/);
    expect(line.getAttribute('aria-live')).toBe('polite');
    expect(bar.getAttribute('aria-valuetext')).toBe(`${now} procent: ${line.textContent}`);
    expect(db.inTransaction).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Annullér' }));
    release();
    await screen.findByText('Annulleret. Intet blev ændret.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(onImported).not.toHaveBeenCalled();
    expect(db.inTransaction).toBe(false);
    expect(rowCounts(db)).toEqual(before);
  });

  it('says why a file is refused in Danish, with no English left', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    renderImport(db, 'da');
    await user.upload(screen.getByLabelText('Importér en projektpakke (.withness)'), asFile(new TextEncoder().encode('bare nogle noter'), 'noter.withness'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Denne fil er ikke et zip-arkiv, så den kan ikke være en Withness-pakke.');
    expect(alert.textContent).not.toMatch(/\b(This|file|cannot|bundle|Dismiss)\b/);
    expect(within(alert).getByRole('button', { name: 'Luk' })).toBeTruthy();
  });
});
