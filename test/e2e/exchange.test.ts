import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { ENCRYPTED_BUNDLE_MAGIC } from '../../electron/exchange/bundle-crypto.js';
import { buildReviewPage } from '../../electron/exchange/review-page.js';
import { addHostileNote } from '../exports/exchange-helpers.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';
import { openDatabase } from '../../db/connection.js';

const BUNDLE_PASSPHRASE = 'solsikker i egeby 2026';
/** The encrypted bundle the export test downloaded, for the import test after it (temp folders go after each test). */
let bundleBytes: Buffer | undefined;

declare global {
  interface Window {
    __pwned?: number;
  }
}

describe('the team review page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline from a file, draws the timeline, filters, shows details, and never runs a script from the data', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    addHostileNote(db, project.id);
    const page = buildReviewPage(db, project.id)!;
    const file = join(tempDir(), page.file_name);
    writeFileSync(file, page.html);

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    const tab = await context.newPage();
    const errors = watchForErrors(tab);
    const requests: string[] = [];
    tab.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await tab.goto(pathToFileURL(file).href);

    const marks = tab.locator('svg .mark');
    await marks.first().waitFor();
    expect(await marks.count()).toBe(25 + 1 + 6 + 12 + 12);
    expect(await tab.locator('svg .cycle-band').count()).toBe(3);
    expect(await tab.locator('svg .phase-band').count()).toBe(12);
    expect(await tab.locator('svg .link').count()).toBe(32);
    await tab.getByRole('status').filter({ hasText: 'Showing 56 of 56 events' }).waitFor();
    await screenshot(tab, 'exchange-01-review-timeline');

    // The hostile note, opened from the list: its markup shows as text and nothing ran.
    await tab.locator('#list').getByRole('button', { name: /Hostile note/ }).click();
    const details = tab.locator('#details');
    await details.getByRole('heading', { level: 3, name: '<img src=x onerror="window.__pwned = 3">Hostile note' }).waitFor();
    expect(await details.textContent()).toContain('</script><script>window.__pwned = 1</script>');
    expect(await details.locator('img, script').count()).toBe(0);
    expect(await tab.locator('body img').count()).toBe(0);
    expect(await tab.locator('script').count()).toBe(2);
    expect(await tab.evaluate(() => window.__pwned)).toBeUndefined();
    await screenshot(tab, 'exchange-02-review-hostile-note');

    // A reflection shows the evidence that prompted it; its lines light up; evidence links back.
    await tab.locator('svg .mark--reflection').nth(2).click();
    await details.getByRole('heading', { level: 3, name: 'Prompted by' }).waitFor();
    expect(await tab.locator('svg .link--active').count()).toBeGreaterThan(0);
    const evidence = details.locator('ul.links button').first();
    await evidence.click();
    await details.getByRole('heading', { level: 3, name: 'Prompted these reflections' }).waitFor();
    await screenshot(tab, 'exchange-03-review-evidence');

    // Filters: by type and by cycle.
    await tab.getByRole('checkbox', { name: /Field notes/ }).uncheck();
    expect(await tab.locator('svg .mark--field_note').count()).toBe(0);
    await tab.getByRole('status').filter({ hasText: 'Showing 30 of 56 events' }).waitFor();
    const second = await tab.locator('#cycle option').nth(2).getAttribute('value');
    await tab.getByLabel('Cycle').selectOption(second!);
    const inCycle = await tab.locator('svg .mark').count();
    expect(inCycle).toBeGreaterThan(0);
    expect(inCycle).toBeLessThan(30);
    await screenshot(tab, 'exchange-04-review-filtered');

    // Keyboard: marks are reachable and open with Enter.
    await tab.getByRole('checkbox', { name: /Field notes/ }).check();
    await tab.locator('svg .mark').first().focus();
    await tab.keyboard.press('Enter');
    await details.locator('h3').first().waitFor();
    expect(await tab.locator('svg .mark--selected').count()).toBe(1);

    // A narrow window still reads well.
    await tab.setViewportSize({ width: 600, height: 900 });
    await tab.waitForTimeout(300);
    await screenshot(tab, 'exchange-05-review-narrow');

    expect(await tab.evaluate(() => window.__pwned)).toBeUndefined();
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports the three exchange files from the export screen as downloads', async () => {
    const dbFile = join(tempDir(), 'withness.sqlite');
    const seedDb = openDatabase(dbFile);
    const { project } = createDemoProject(seedDb);
    seedDb.close();
    const server = await startServer(dbFile);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const tab = await context.newPage();
    const errors = watchForErrors(tab);
    await tab.goto(server.launchUrl);
    await tab.evaluate((id) => (window.location.hash = `#/projects/${id}/export`), project.id);
    const panel = tab.locator('section.exchange');
    await panel.getByRole('heading', { level: 2, name: 'Share and continue elsewhere' }).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(tab, 'exchange-06-export-panel');

    // A bundle is encrypted: its passphrase first, typed twice.
    const bundleCard = panel.getByRole('listitem').filter({ has: tab.getByRole('heading', { name: 'Project bundle (.withness)' }) });
    await bundleCard.getByLabel('Passphrase', { exact: true }).fill(BUNDLE_PASSPHRASE);
    await bundleCard.getByLabel('The same passphrase again').fill(BUNDLE_PASSPHRASE);
    const expectations: [string, RegExp, (bytes: Buffer) => void][] = [
      ['Export .qdpx', /\.qdpx$/, (bytes) => expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')],
      ['Export bundle', /\.withness$/, (bytes) => expect(bytes.subarray(0, ENCRYPTED_BUNDLE_MAGIC.length).toString('latin1')).toBe(ENCRYPTED_BUNDLE_MAGIC)],
      ['Export review page', /-review-.*\.html$/, (bytes) => expect(bytes.toString('utf8')).toMatch(/^<!doctype html>/)],
    ];
    for (const [name, fileName, check] of expectations) {
      const [download] = await Promise.all([tab.waitForEvent('download'), panel.getByRole('button', { name }).click()]);
      expect(download.suggestedFilename()).toMatch(fileName);
      const saved = join(tempDir(), download.suggestedFilename());
      await download.saveAs(saved);
      check(readFileSync(saved));
      await panel.getByText(`${download.suggestedFilename()} is ready.`, { exact: false }).waitFor();
      if (name === 'Export bundle') {
        bundleBytes = readFileSync(saved);
        await bundleCard.getByText(/It is encrypted with your passphrase/).waitFor();
        await screenshot(tab, 'exchange-06b-bundle-encrypted');
      }
    }
    await screenshot(tab, 'exchange-07-export-panel-done');
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });

  it('imports the encrypted bundle on the home screen: asks for its passphrase, refuses a wrong one, imports with the right one', async () => {
    expect(bundleBytes, 'the export test above keeps the encrypted bundle').toBeDefined();
    const bundleFile = join(tempDir(), 'egeby.withness');
    writeFileSync(bundleFile, bundleBytes!);
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const errors = watchForErrors(tab);
    await tab.goto(server.launchUrl);
    const section = tab.locator('section.exchange-import').filter({ hasText: 'Import a project bundle' });
    await section.getByLabel('Import a project bundle (.withness)').setInputFiles(bundleFile);
    const field = section.getByLabel('Passphrase of the bundle');
    await field.waitFor();
    await section.getByText(/is encrypted\. Enter the passphrase it was exported with\./).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(tab, 'exchange-10-bundle-passphrase');

    await field.fill('not the passphrase at all');
    await section.getByRole('button', { name: 'Open and import' }).click();
    await section.getByRole('alert').filter({ hasText: 'The passphrase is wrong for this bundle' }).waitFor();
    await screenshot(tab, 'exchange-11-bundle-wrong-passphrase');

    await field.fill(BUNDLE_PASSPHRASE);
    await field.press('Enter');
    await section.getByText(/Imported “Fællesskaber mod ensomhed/).waitFor();
    expect(await section.getByLabel('Passphrase of the bundle').count()).toBe(0);
    await screenshot(tab, 'exchange-12-bundle-imported');
    await section.getByRole('link', { name: 'Open the inquiry' }).click();
    await tab.getByRole('heading', { level: 1, name: /Fællesskaber mod ensomhed/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });

  it('imports a .qdpx on the home screen: preview, a transcript kept as a note, import, and the inquiry opens', async () => {
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const file = join(tempDir(), 'egeby.qdpx');
    writeFileSync(file, buildQdpx(source, project.id)!.bytes);
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const errors = watchForErrors(tab);
    await tab.goto(server.launchUrl);
    const section = tab.locator('section.exchange-import').filter({ hasText: 'Import from another QDA tool' });
    await section.getByLabel('Choose a REFI-QDA project (.qdpx)').setInputFiles(file);
    await section.getByRole('heading', { name: /^In “Fællesskaber mod ensomhed/ }).waitFor();
    const transcripts = section.getByRole('group', { name: /read as transcripts/ }).getByRole('checkbox');
    expect(await transcripts.count()).toBe(6);
    await transcripts.first().uncheck();
    await section.scrollIntoViewIfNeeded();
    await screenshot(tab, 'exchange-08-qdpx-import-preview');
    await section.getByRole('button', { name: 'Import', exact: true }).click();
    await section.getByText(/Imported \d+ field notes, 5 dialogues, 12 reflections and 47 codings\./).waitFor();
    await screenshot(tab, 'exchange-09-qdpx-imported');
    await section.getByRole('link', { name: 'Open the inquiry' }).click();
    await tab.getByRole('heading', { level: 1, name: /Fællesskaber mod ensomhed/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });
});
