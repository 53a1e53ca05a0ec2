import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { ExchangePanel } from '../../renderer/src/features/exchange/ExchangePanel';
import { readFileBytes } from '../../renderer/src/features/exchange/files';
import { createI18n } from '../../renderer/src/i18n';
import { tempDatabase } from '../helpers/temp.js';

configure({ asyncUtilTimeout: 8000 });

const downloads: { name: string; blob: Blob }[] = [];
const originalCreate = URL.createObjectURL;
const originalRevoke = URL.revokeObjectURL;

beforeEach(() => {
  downloads.length = 0;
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});

afterEach(() => {
  URL.createObjectURL = originalCreate;
  URL.revokeObjectURL = originalRevoke;
  vi.restoreAllMocks();
});

function renderPanel(options: { realNames?: boolean; transport?: (db: Db) => Transport } = {}) {
  const { db } = tempDatabase();
  const { project } = createDemoProject(db);
  const calls: { channel: string; input: unknown }[] = [];
  const real: Transport = (channel, input) => {
    // Long work is started as a job: recorded as the channel it runs, without the polling that follows.
    if (channel === 'jobs:start') calls.push(input as { channel: string; input: unknown });
    else if (!channel.startsWith('jobs:')) calls.push({ channel, input });
    return dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
  };
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <ClientProvider client={createClient(options.transport ? options.transport(db) : real)}>
        <ExchangePanel projectId={project.id} realNames={options.realNames ?? false} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { db, project, calls };
}

/** A bundle is encrypted: its passphrase, typed twice (test/renderer/bundle-encryption.test.tsx covers the rest). */
async function typePassphrase(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Passphrase'), 'solsikker i egeby');
  await user.type(screen.getByLabelText('The same passphrase again'), 'solsikker i egeby');
}

describe('ExchangePanel', { timeout: 30_000 }, () => {
  it('offers three exports, each explained, and downloads the REFI-QDA file', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderPanel();
    expect(screen.getByRole('heading', { level: 2, name: 'Share and continue elsewhere' })).toBeTruthy();
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'REFI-QDA project (.qdpx)',
      'Project bundle (.withness)',
      'Team review page (.html)',
    ]);
    const qdpx = screen.getByRole('button', { name: 'Export .qdpx' });
    expect(qdpx.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(qdpx.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toMatch(/NVivo, ATLAS\.ti, MAXQDA or QualCoder/);
    expect(within(items[0]!).getByText('Pseudonymised: stakeholders appear by their pseudonyms.')).toBeTruthy();
    expect(within(items[1]!).getByText(/Contains real names and all personal data/)).toBeTruthy();

    await user.click(qdpx);
    await screen.findByText(/\.qdpx is ready\./);
    expect(calls.at(-1)).toMatchObject({ channel: 'exchange:qdpx', input: { real_names: false } });
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toMatch(/\.qdpx$/);
    const bytes = await readFileBytes(downloads[0]!.blob);
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });

  it('passes the real-names choice to the pseudonymised exports, never to the bundle', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls } = renderPanel({ realNames: true });
    expect(screen.getAllByText('With real names, as you chose above.')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Export review page' }));
    await screen.findByText(/-real-names\.html is ready\./);
    expect(calls.at(-1)).toMatchObject({ channel: 'exchange:reviewPage', input: { real_names: true } });
    expect(downloads[0]!.blob.type).toBe('text/html');
    await typePassphrase(user);
    await user.click(screen.getByRole('button', { name: 'Export bundle' }));
    await screen.findByText(/\.withness is ready\./);
    expect(calls.at(-1)!.channel).toBe('exchange:bundleExport');
    expect(calls.at(-1)!.input).not.toHaveProperty('real_names');
  });

  it('says a bundle carries real names when it is made, even when pseudonyms were chosen, and never calls it pseudonymised', async () => {
    const user = userEvent.setup({ delay: null });
    renderPanel({ realNames: false });
    const bundleCard = screen.getByRole('heading', { name: 'Project bundle (.withness)' }).closest('li')!;
    expect(bundleCard.textContent).toContain('Contains real names');
    expect(bundleCard.textContent).not.toMatch(/pseudonymised/i);
    await typePassphrase(user);
    await user.click(screen.getByRole('button', { name: 'Export bundle' }));
    const done = await screen.findByText(/\.withness is ready\./);
    expect(done.textContent).toContain('Contains real names and all personal data.');
    expect(done.textContent).not.toMatch(/pseudonymised/i);
  });

  it('shows progress while an export is made, with the buttons disabled, and a failure in words', async () => {
    const user = userEvent.setup({ delay: null });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    renderPanel({
      transport: () => async (channel, input) => {
        await gate;
        const asked = channel === 'jobs:start' ? (input as { channel: string }).channel : channel;
        return { ok: false, error: { code: 'storage_failed', message: `The disk is full (${asked}). Nothing was changed.` } };
      },
    });
    await typePassphrase(user);
    await user.click(screen.getByRole('button', { name: 'Export bundle' }));
    // A progress bar (at 0 until the job answers) with Cancel; the export buttons wait.
    const bar = await screen.findByRole('progressbar', { name: 'Preparing Project bundle (.withness)' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    for (const button of screen.getAllByRole('button').filter((button) => button.textContent !== 'Cancel')) expect((button as HTMLButtonElement).disabled).toBe(true);
    release();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The disk is full (exchange:bundleExport). Nothing was changed.');
    expect(within(screen.getAllByRole('listitem')[1]!).getByRole('alert')).toBe(alert);
    expect(downloads).toHaveLength(0);
    expect((screen.getByRole('button', { name: 'Export .qdpx' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
