import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { expectNoRealNames, seedDemo } from '../exports/report-fixture.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, SCREENSHOTS, screenshot, startServer, watchForErrors } from './harness.js';

describe('exporting a reflection report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('previews the pseudonymisation, exports HTML from the export screen, and the file opens inert and offline', async () => {
    const folder = tempDir();
    const file = join(folder, 'withness.sqlite');
    const db = openDatabase(file);
    const seeded = await seedDemo(db);
    db.close();
    const server = await startServer(file);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    await page.evaluate((id) => {
      window.location.hash = `#/projects/${id}/export`;
    }, seeded.projectId);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();

    // The preview: which names will be replaced, and how often.
    const table = page.getByRole('table', { name: 'Names that will be replaced' });
    await table.waitFor();
    const firstRow = table.getByRole('row').nth(1);
    expect(await firstRow.textContent()).toMatch(/Lone Kirkegaard\s*Birgitte\s*Full name\s*\d+/);
    expect(await page.getByRole('checkbox', { name: 'Use real names instead of pseudonyms' }).isChecked()).toBe(false);
    await screenshot(page, 'exports-01-preview');

    // The real-names choice warns, and can be undone.
    await page.getByRole('checkbox', { name: 'Use real names instead of pseudonyms' }).check();
    await page.getByText('This report will contain stakeholders’ real names').waitFor();
    await screenshot(page, 'exports-02-real-names-warning');
    await page.getByRole('checkbox', { name: 'Use real names instead of pseudonyms' }).uncheck();

    await page.getByRole('radio', { name: /^Web page \(\.html\)/ }).check();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^faellesskaber-mod-ensomhed-i-egeby-kommune-fiktivt-eksempel-report-\d{4}-\d{2}-\d{2}\.html$/);
    const saved = join(folder, download.suggestedFilename());
    await download.saveAs(saved);
    await page.getByText(/is ready\. Your browser or Withness asks where to save it\./).waitFor();
    await screenshot(page, 'exports-03-exported');

    const html = readFileSync(saved, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expectNoRealNames(html, seeded);

    // The exported file in Chromium: nothing runs, nothing is fetched.
    const reader = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const report = await reader.newPage();
    const reportErrors = watchForErrors(report);
    const requests: string[] = [];
    const dialogs: string[] = [];
    report.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    report.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await report.goto(`file://${saved}`);
    await report.getByRole('heading', { level: 1 }).waitFor();
    expect(await report.getByRole('heading', { level: 2, name: /^Cycle 1: / }).count()).toBe(1);
    expect(await report.locator('figure.evidence').count()).toBeGreaterThan(10);
    await report.screenshot({ path: join(SCREENSHOTS, 'exports-04-report-top.png') });
    await report.getByRole('heading', { level: 5, name: 'Elses kalender og min egen travlhed' }).scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(SCREENSHOTS, 'exports-05-report-reflection.png') });
    const hostile = report.locator('article.reflection').filter({ hasText: 'Efter mødet med Poul' });
    await hostile.scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(SCREENSHOTS, 'exports-06-report-hostile-inert.png') });
    expect(await report.evaluate(() => document.querySelectorAll('script, img, iframe, svg').length)).toBe(0);
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: join(SCREENSHOTS, 'exports-07-report-print.png') });
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(reportErrors).toEqual([]);
    await reader.close();

    // A narrow window: the form stacks.
    await page.setViewportSize({ width: 420, height: 900 });
    await screenshot(page, 'exports-08-narrow');
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });
});
