import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { PLANTED, seedWithdrawal } from '../electron/erasure/seed.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('withdrawing consent in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('withdraws a stakeholder by keyboard with the exact preview, then the reflection shows "[evidence withdrawn]"', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file);
    const seeded = seedWithdrawal(db);
    db.close();
    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);

    // Before: the reflection cites the quoted passage.
    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/reflections/${seeded.reflectionId}`);
    await page.getByText(PLANTED.quote, { exact: true }).waitFor();

    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/stakeholders/${seeded.personId}`);
    const open = page.getByRole('button', { name: 'Withdraw consent…' });
    await open.waitFor();
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Withdraw consent for ${PLANTED.pseudonym}` });
    await dialog.waitFor();
    // Focus is inside the dialog, on the chosen mode.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('erase');
    const preview = dialog.getByRole('region', { name: 'What this will change' });
    await preview.getByText('turns they spoke').waitFor();
    const counts = await preview.getByRole('listitem').allInnerTexts();
    expect(counts).toEqual(
      expect.arrayContaining(['2 turns they spoke', '1 links in reflections quoting or citing those turns', '1 codings of those turns', '1 files kept only with their notes or dialogues']),
    );
    await dialog.getByText('What the cold room taught us').waitFor();
    await screenshot(page, 'erasure-01-preview');

    // Anonymise shows its own preview with the label; back to erase.
    await page.keyboard.press('ArrowDown');
    await dialog.getByText('2 turns they spoke stay, under Participant W1.').waitFor();
    await page.keyboard.press('ArrowUp');
    await preview.getByText('2', { exact: true }).first().waitFor();

    const confirm = dialog.getByRole('button', { name: 'Erase permanently' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
    await confirm.click();
    await dialog.getByText('Erased. The journal and its backups no longer hold them.').waitFor();
    await screenshot(page, 'erasure-02-done');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Stakeholders' }).first().waitFor();
    expect(await page.getByText(PLANTED.pseudonym).count()).toBe(0);

    // The reflection keeps its text and shows the marker where the link was.
    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/reflections/${seeded.reflectionId}`);
    await page.getByText('[evidence withdrawn]').waitFor();
    expect(await page.getByText(PLANTED.quote).count()).toBe(0);
    await screenshot(page, 'erasure-03-reflection');
    expect(errors).toEqual([]);
    await server.stop();
    expect(existsSync(file)).toBe(true);
  });
});
