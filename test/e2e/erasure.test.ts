import { existsSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { PLANTED, seedWithdrawal } from '../electron/erasure/seed.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

/** Serious or critical WCAG 2.1 A/AA problems on the page as it stands (the open dialog included). */
async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

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
    // A context of its own: axe-core's Playwright runner needs one.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);

    // Before: the reflection cites the quoted passage.
    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/reflections/${seeded.reflectionId}`);
    await page.getByText(PLANTED.quote, { exact: true }).waitFor();

    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/stakeholders/${seeded.personId}`);
    const open = page.getByRole('button', { name: 'Withdraw consent…' });
    await open.waitFor();

    // The access request first: two downloads, the page and the data, with their words in them.
    const downloads: import('playwright-core').Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.getByRole('button', { name: 'Everything about this person' }).click();
    await expect.poll(() => downloads.length).toBe(2);
    const names = downloads.map((download) => download.suggestedFilename()).sort();
    expect(names).toEqual([expect.stringMatching(/^subject-access-Ravnkilde-\d{4}-\d{2}-\d{2}\.html$/), expect.stringMatching(/\.json$/)]);
    const { readFileSync } = await import('node:fs');
    const html = readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith('.html'))!.path())!, 'utf8');
    expect(html).toContain(PLANTED.turn);
    await page.getByText(/^Saved subject-access-/).waitFor();
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
      expect.arrayContaining(['2 turns they spoke', '1 link in a reflection quoting or citing those turns', '1 coding of those turns', '1 file kept only with their notes or dialogues']),
    );
    await dialog.getByText('What the cold room taught us').waitFor();
    await screenshot(page, 'erasure-01-preview');
    expect(await axeProblems(page)).toEqual([]);

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
    // The audit trail lists the erasure by record id, mode, time and who; no name.
    const log = page.getByRole('region', { name: 'Erasures' });
    await log.getByText(seeded.personId).waitFor();
    await log.getByText(/Erased · \d+ records/).waitFor();
    expect(await log.innerText()).not.toMatch(new RegExp(`${PLANTED.realName}|${PLANTED.alias}|${PLANTED.pseudonym}`));
    await log.scrollIntoViewIfNeeded();
    await screenshot(page, 'erasure-03-log');
    expect(await axeProblems(page)).toEqual([]);

    // The reflection keeps its text and shows the marker where the link was.
    await page.goto(`${server.launchUrl}#/projects/${seeded.projectId}/reflections/${seeded.reflectionId}`);
    await page.getByText('[evidence withdrawn]').waitFor();
    expect(await page.getByText(PLANTED.quote).count()).toBe(0);
    await screenshot(page, 'erasure-04-reflection');
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
    expect(existsSync(file)).toBe(true);
  });
});
