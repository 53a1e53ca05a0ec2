import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { MIN_BUNDLE_PASSPHRASE_LENGTH } from '../../electron/api/channels/exchange.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { ENCRYPTED_BUNDLE_MAGIC, sealBundle } from '../../electron/exchange/bundle-crypto.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import * as rendererSide from '../../renderer/src/features/exchange/encrypted-bundle';
import { ExchangePanel } from '../../renderer/src/features/exchange/ExchangePanel';
import { readFileBytes } from '../../renderer/src/features/exchange/files';
import { ImportBundle } from '../../renderer/src/features/exchange/ImportBundle';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

// SQLite, scrypt and whole bundles run for real under jsdom; allow a slow machine. Nothing asserts timing.
configure({ asyncUtilTimeout: 15_000 });

const PASSPHRASE = 'solsikker i egeby';

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

function recording(db: Db) {
  const calls: { channel: string; input: Record<string, unknown> }[] = [];
  const transport: Transport = (channel, input) => {
    calls.push({ channel, input: (input ?? {}) as Record<string, unknown> });
    return dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
  };
  return { calls, transport };
}

function renderPanel(language: Language = 'en') {
  const { db } = tempDatabase();
  const { project } = createDemoProject(db);
  const { calls, transport } = recording(db);
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ClientProvider client={createClient(transport)}>
        <ExchangePanel projectId={project.id} realNames={false} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { db, calls, bundleCard: screen.getByRole('heading', { name: /\.withness/ }).closest('li')! };
}

function renderImport(db: Db) {
  const { calls, transport } = recording(db);
  const onImported = vi.fn();
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <ClientProvider client={createClient(transport)}>
        <ImportBundle onImported={onImported} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { calls, onImported };
}

/** The calls that export a bundle, made directly or as a job (the panel makes others too, e.g. for consent). */
const bundleExports = (calls: { channel: string; input: Record<string, unknown> }[]) => calls.filter((call) => JSON.stringify(call).includes('exchange:bundleExport'));

const asFile = (bytes: Uint8Array, name = 'egeby.withness') => new File([bytes as BlobPart], name, { type: 'application/octet-stream' });

/** The input of the last bundle import started as a job. */
const lastImport = (calls: { channel: string; input: Record<string, unknown> }[]) =>
  calls.filter((call) => call.channel === 'jobs:start' && call.input.channel === 'exchange:bundleImport').at(-1)!.input.input as Record<string, unknown>;

describe('encrypted bundles in the UI', { timeout: 60_000 }, () => {
  it('knows the same magic and passphrase minimum as the Node side', () => {
    expect(rendererSide.ENCRYPTED_BUNDLE_MAGIC).toBe(ENCRYPTED_BUNDLE_MAGIC);
    expect(rendererSide.MIN_PASSPHRASE_LENGTH).toBe(MIN_BUNDLE_PASSPHRASE_LENGTH);
    expect(rendererSide.isEncryptedBundle(new TextEncoder().encode(`${ENCRYPTED_BUNDLE_MAGIC}…`))).toBe(true);
    expect(rendererSide.isEncryptedBundle(new TextEncoder().encode('PK\u0003\u0004'))).toBe(false);
  });

  it('exports an encrypted bundle only with a passphrase of 12 characters typed twice', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls, bundleCard } = renderPanel();
    const card = within(bundleCard);
    const passphrase = card.getByLabelText('Passphrase');
    expect(passphrase.getAttribute('type')).toBe('password');
    expect(document.getElementById(passphrase.getAttribute('aria-describedby')!)?.textContent).toMatch(/at least 12 characters/);

    // Nothing typed: refused in words, at the field, with nothing sent.
    await user.click(card.getByRole('button', { name: 'Export bundle' }));
    expect(card.getByRole('alert').textContent).toBe('The passphrase must be at least 12 characters long (it has 0).');
    expect(document.activeElement).toBe(passphrase);
    expect(passphrase.getAttribute('aria-invalid')).toBe('true');
    await user.type(passphrase, 'elleve tegn');
    await user.click(card.getByRole('button', { name: 'Export bundle' }));
    expect(card.getByRole('alert').textContent).toContain('(it has 11)');
    await user.type(passphrase, '!!!!');
    await user.type(card.getByLabelText('The same passphrase again'), 'something else');
    await user.click(card.getByRole('button', { name: 'Export bundle' }));
    expect(card.getByRole('alert').textContent).toBe('The two passphrases differ. Type the same passphrase twice.');
    expect(bundleExports(calls)).toEqual([]);

    await user.clear(passphrase);
    await user.clear(card.getByLabelText('The same passphrase again'));
    await user.type(passphrase, PASSPHRASE);
    await user.type(card.getByLabelText('The same passphrase again'), PASSPHRASE);
    await user.click(card.getByRole('button', { name: 'Export bundle' }));
    const done = await card.findByText(/\.withness is ready\./);
    expect(done.textContent).toContain('It is encrypted with your passphrase');
    expect(bundleExports(calls)).toHaveLength(1);
    expect(JSON.stringify(bundleExports(calls))).toContain(`"passphrase":"${PASSPHRASE}"`);
    expect(JSON.stringify(bundleExports(calls))).not.toContain('"plain"');
    const bytes = await readFileBytes(downloads[0]!.blob);
    expect(new TextDecoder().decode(bytes.subarray(0, ENCRYPTED_BUNDLE_MAGIC.length))).toBe(ENCRYPTED_BUNDLE_MAGIC);
    // The fields are emptied once the file exists.
    expect((card.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
  });

  it('exports a plain bundle only when ticked, and says what that means', async () => {
    const user = userEvent.setup({ delay: null });
    const { calls, bundleCard } = renderPanel();
    const card = within(bundleCard);
    const plain = card.getByRole('checkbox', { name: 'Export without encryption (a plain bundle)' });
    expect(document.getElementById(plain.getAttribute('aria-describedby')!)?.textContent).toMatch(/only for demo or test data with no real people in it/);
    await user.click(plain);
    expect(card.queryByLabelText('Passphrase')).toBeNull();
    await user.click(card.getByRole('button', { name: 'Export bundle' }));
    const done = await card.findByText(/\.withness is ready\./);
    expect(done.textContent).toContain('It is NOT encrypted');
    expect(JSON.stringify(bundleExports(calls))).toContain('"plain":true');
    expect(JSON.stringify(bundleExports(calls))).not.toContain('"passphrase"');
    const bytes = await readFileBytes(downloads[0]!.blob);
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });

  it('speaks Danish', () => {
    const { bundleCard } = renderPanel('da');
    expect(within(bundleCard).getByLabelText('Adgangsfrase')).toBeTruthy();
    expect(within(bundleCard).getByRole('checkbox', { name: 'Eksportér uden kryptering (en ukrypteret pakke)' })).toBeTruthy();
  });

  it('asks for the passphrase of an encrypted bundle before sending it, refuses a wrong one writing nothing, and imports with the right one', async () => {
    const user = userEvent.setup({ delay: null });
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const sealed = await sealBundle(buildBundle(source, project.id)!.bytes, PASSPHRASE);
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const { calls, onImported } = renderImport(db);

    await user.upload(screen.getByLabelText('Import a project bundle (.withness)'), asFile(sealed));
    await screen.findByText('“egeby.withness” is encrypted. Enter the passphrase it was exported with.');
    const field = screen.getByLabelText('Passphrase of the bundle');
    expect(document.activeElement).toBe(field);
    expect(calls).toEqual([]);

    await user.type(field, 'not the passphrase');
    await user.click(screen.getByRole('button', { name: 'Open and import' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The passphrase is wrong for this bundle');
    expect(rowCounts(db)).toEqual(before);
    expect(onImported).not.toHaveBeenCalled();

    // Still there to try again, without choosing the file again.
    await user.clear(screen.getByLabelText('Passphrase of the bundle'));
    await user.type(screen.getByLabelText('Passphrase of the bundle'), `${PASSPHRASE}{Enter}`);
    await screen.findByText(/Imported “Fællesskaber mod ensomhed/);
    expect(onImported).toHaveBeenCalledWith(project.id);
    expect(screen.queryByLabelText('Passphrase of the bundle')).toBeNull();
    // The import runs as a job (after the file went ahead in pieces): its input carries the passphrase.
    expect(lastImport(calls)).toMatchObject({ passphrase: PASSPHRASE });
    expect(db.prepare(`SELECT count(*) FROM field_notes WHERE project_id = ?`).pluck().get(project.id)).toBe(25);
  });

  it('imports a plain bundle at once, without asking for a passphrase', async () => {
    const user = userEvent.setup({ delay: null });
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const { db } = tempDatabase();
    const { calls } = renderImport(db);
    await user.upload(screen.getByLabelText('Import a project bundle (.withness)'), asFile(buildBundle(source, project.id)!.bytes));
    await screen.findByText(/Imported “Fællesskaber mod ensomhed/);
    expect(lastImport(calls)).not.toHaveProperty('passphrase');
    expect(calls.some((call) => 'passphrase' in call.input)).toBe(false);
  });
});
