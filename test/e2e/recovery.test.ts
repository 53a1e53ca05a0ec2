import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { writeDamagedJournal } from '../helpers/damaged.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('a damaged journal in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens on the recovery screen and is restored from the newest good backup', async () => {
    const file = await writeDamagedJournal(tempDir());

    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByRole('heading', { name: 'Your journal needs attention' }).waitFor();
    const restore = page.getByRole('button', { name: /Restore the newest good backup/ });
    await restore.waitFor();
    await screenshot(page, 'recovery-01-damaged');

    await restore.click();
    await page.getByRole('link', { name: 'Interviews with frontline staff' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'recovery-02-restored');
    expect(readdirSync(dirname(file)).some((name) => name.startsWith('withness.sqlite.damaged-'))).toBe(true);

    await page.getByRole('link', { name: 'Backups' }).click();
    await page.getByRole('heading', { name: 'Backups' }).waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/Backup made and checked/).waitFor();
    await screenshot(page, 'recovery-03-backups');
    expect(errors.filter((error) => !error.includes('status of'))).toEqual([]);
    await page.close();
    await server.stop();
  });
});
