import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksEncrypted } from '../../db/sqlite.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

const PASSPHRASE = 'boats in the winter harbour';

/** WCAG 2.0/2.1 A and AA violations of serious or critical impact on the page as it stands (as in accessibility.test.ts). */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.passes.length).toBeGreaterThan(0);
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);
}

/** Issue 11.1 in Chromium (browser mode): set up an encrypted journal, then unlock it after restarts. */
describe('the encrypted journal in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
    // A context of its own: axe-core's Playwright builder needs one.
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(url);
    return { page, errors };
  }

  it('sets up encryption with a recovery key, then unlocks with the passphrase and with the recovery key after restarts', async () => {
    const file = join(tempDir(), 'withness.sqlite');

    // 1. A new journal in browser mode starts at its set-up: a passphrase is required here.
    let server = await startServer(file, { encrypted: true });
    let { page, errors } = await openPage(server.launchUrl);
    await page.getByRole('heading', { name: 'Lock your journal' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('elleve tegn');
    await page.getByLabel('Type the passphrase again').fill('elleve tegn');
    await page.getByRole('button', { name: 'Encrypt the journal' }).click();
    await page.getByText('The passphrase needs at least 12 characters.').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
    await screenshot(page, 'encryption-01-setup');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Encrypt the journal' }).click();

    // 2. The recovery key, once, in groups; Continue only after the check is ticked.
    await page.getByRole('heading', { name: 'Your recovery key' }).waitFor();
    const groups = await page.locator('.recovery-key__group').allTextContents();
    expect(groups).toHaveLength(7);
    const recoveryKey = groups.join('-');
    expect(recoveryKey).toMatch(/^([0-9A-Z]{5}-){6}[0-9A-Z]{5}$/);
    await page.getByRole('button', { name: 'Print the recovery key' }).waitFor();
    const proceed = page.getByRole('button', { name: 'Continue' });
    expect(await proceed.isDisabled()).toBe(true);
    await screenshot(page, 'encryption-02-recovery-key');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('I have written down or printed the recovery key').check();
    await proceed.click();
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    await page.getByRole('link', { name: 'Encryption' }).click();
    await page.getByText('This journal and its backups are encrypted.').waitFor();
    await screenshot(page, 'encryption-03-settings');
    expect(errors).toEqual([]);
    await page.context().close();
    await server.stop();
    expect(looksEncrypted(file)).toBe(true);
    expect(readFileSync(`${file}.keys.json`, 'utf8')).toContain('"recovery_confirmed": true');

    // 3. Restarted: locked. A wrong passphrase is refused; the right one opens it.
    server = await startServer(file, { encrypted: true });
    ({ page, errors } = await openPage(server.launchUrl));
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').getByText('That passphrase does not unlock this journal.', { exact: false }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await screenshot(page, 'encryption-04-unlock-passphrase');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    await page.context().close();
    await server.stop();

    // 4. Restarted again: unlocked with the recovery key, typed loosely (small letters, spaces).
    server = await startServer(file, { encrypted: true });
    ({ page } = await openPage(server.launchUrl));
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    await page.getByLabel('The recovery key').check();
    await page.getByLabel('Recovery key', { exact: true }).fill(recoveryKey.toLowerCase().replace(/-/g, ' '));
    await screenshot(page, 'encryption-05-unlock-recovery-key');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    expect(errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
    await page.context().close();
    await server.stop();

    // 5. With --key-file, browser mode starts unlocked.
    const keyFile = join(tempDir(), 'passphrase.txt');
    writeFileSync(keyFile, `${PASSPHRASE}\n`);
    server = await startServer(file, { encrypted: true, keyFile });
    ({ page } = await openPage(server.launchUrl));
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    await page.context().close();
    await server.stop();
  });
});
