import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeychainProtector } from '../../db/journal-keys/envelope.js';
import { JournalHost } from '../../electron/journal.js';
import { App } from '../../renderer/src/App';
import { createClient } from '../../renderer/src/api/client';
import { createI18n } from '../../renderer/src/i18n';
import { tempDir } from '../helpers/temp.js';

beforeAll(() => {
  // Scrypt runs for real (about 0.3 s per passphrase here, more under load).
  configure({ asyncUtilTimeout: 10_000 });
});

/** Stands in for the operating system's keychain (Electron safeStorage in the app). */
function keychain(): KeychainProtector {
  const osKey = randomBytes(32);
  return {
    wrap(data) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', osKey, iv);
      return Buffer.concat([iv, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    },
    unwrap(blob) {
      const decipher = createDecipheriv('aes-256-gcm', osKey, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(-16));
      return Buffer.concat([decipher.update(blob.subarray(12, -16)), decipher.final()]);
    },
  };
}

/** The real App over a real JournalHost (the app's own start-up path), in-process. */
async function renderOverHost(host: JournalHost, language: 'en' | 'da' = 'en') {
  const calls: string[] = [];
  const client = createClient(async (channel, input) => {
    calls.push(String(channel));
    return host.dispatch(channel, JSON.parse(JSON.stringify(input ?? {})));
  });
  render(<App client={client} i18n={createI18n(language)} />);
  return calls;
}

describe('the encrypted journal’s screens over the journal host', () => {
  it('in the app with a keychain: a new journal opens at its recovery key, issued once, and Continue waits for the check', async () => {
    const user = userEvent.setup({ delay: null });
    const host = await JournalHost.open(join(tempDir(), 'withness.sqlite'), { newJournal: 'encrypted', keychain: keychain() });
    const calls = await renderOverHost(host);
    await screen.findByRole('heading', { name: 'Your recovery key' });
    const sheet = screen.getByText(/^Recovery key: /);
    expect(sheet.textContent).toMatch(/^Recovery key: ([0-9A-Z]{5}, ){6}[0-9A-Z]{5}$/);
    expect(calls.filter((channel) => channel === 'journal:newRecoveryKey')).toHaveLength(1);
    const proceed = screen.getByRole('button', { name: 'Continue' });
    expect((proceed as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByLabelText('I have written down or printed the recovery key'));
    await user.click(proceed);
    await screen.findByRole('heading', { level: 1, name: 'Your inquiries' });
    expect(await host.dispatch('journal:status', {})).toMatchObject({ ok: true, value: { recovery_pending: false, encrypted: true } });
    host.close();
  });

  it('asks for the current passphrase before making a new recovery key in the settings, in Danish (review M4)', { timeout: 30_000 }, async () => {
    const user = userEvent.setup({ delay: null });
    const file = join(tempDir(), 'withness.sqlite');
    const setup = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(await setup.dispatch('journal:setup', { passphrase: 'fjorden om vinteren' })).toMatchObject({ ok: true });
    expect(await setup.dispatch('journal:confirmRecoveryKey', {})).toMatchObject({ ok: true });
    setup.close();
    const host = await JournalHost.open(file, { secret: 'fjorden om vinteren' });
    const envelope = () => readFileSync(`${file}.keys.json`, 'utf8');
    const before = envelope();
    await renderOverHost(host, 'da');
    await user.click(await screen.findByRole('link', { name: 'Kryptering' }));
    const section = within(await screen.findByRole('region', { name: 'Ny gendannelsesnøgle' }));
    const button = section.getByRole('button', { name: 'Lav en ny gendannelsesnøgle' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await user.type(section.getByLabelText('Nuværende adgangssætning'), 'forkert sætning her');
    await user.click(button);
    expect(await section.findAllByText(/does not unlock|låser ikke/)).not.toHaveLength(0);
    expect(envelope()).toBe(before);
    await user.clear(section.getByLabelText('Nuværende adgangssætning'));
    await user.type(section.getByLabelText('Nuværende adgangssætning'), 'fjorden om vinteren{Enter}');
    await screen.findByRole('heading', { name: 'Din gendannelsesnøgle' });
    expect(envelope()).not.toBe(before);
    host.close();
  });

  it('unlocks by keyboard in Danish, showing the refusal of a wrong passphrase', { timeout: 30_000 }, async () => {
    const user = userEvent.setup({ delay: null });
    const file = join(tempDir(), 'withness.sqlite');
    const setup = await JournalHost.open(file, { newJournal: 'encrypted' });
    expect(await setup.dispatch('journal:setup', { passphrase: 'fjorden om vinteren' })).toMatchObject({ ok: true });
    setup.close();
    const host = await JournalHost.open(file, { newJournal: 'encrypted' });
    const calls = await renderOverHost(host, 'da');
    await screen.findByRole('heading', { name: 'Lås din journal op' });
    const field = screen.getByLabelText('Adgangssætning');
    await user.type(field, 'forkert sætning{Enter}');
    await screen.findByText(/does not unlock this journal/);
    expect(host.state).toBe('locked');
    await user.clear(field);
    await user.type(field, 'fjorden om vinteren{Enter}');
    await waitFor(() => expect(host.state).toBe('ok'));
    // The key shown at set-up was never confirmed: asked about, not replaced (that would void the key on paper).
    await screen.findByRole('heading', { name: 'Har du gemt gendannelsesnøglen?' });
    expect(calls).not.toContain('journal:newRecoveryKey');
    await user.click(screen.getByLabelText('Jeg har skrevet gendannelsesnøglen ned eller udskrevet den'));
    await user.click(screen.getByRole('button', { name: 'Fortsæt' }));
    await screen.findByRole('heading', { level: 1, name: 'Dine undersøgelser' });
    expect(await host.dispatch('journal:status', {})).toMatchObject({ ok: true, value: { recovery_pending: false } });
    host.close();
  });
});
