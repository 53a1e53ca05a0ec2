import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { tempDir } from '../helpers/temp.js';
import { join } from 'node:path';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('consent in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sets a person to “described, not quoted”, sees the change in their history, the export preview holds them back, and the register lists everyone', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file);
    const { project } = createDemoProject(db);
    const elseId = db.prepare(`SELECT id FROM stakeholders WHERE project_id = ? AND pseudonym = 'Else'`).pluck().get(project.id) as string;
    db.close();
    const server = await startServer(file);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByRole('heading', { name: 'Your inquiries' }).waitFor();
    const go = (hash: string) => page.evaluate((value) => void (window.location.hash = value), hash);

    // Before: Else may be quoted, and the report's preview does not hold her back.
    await go(`#/projects/${project.id}/export`);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
    const reportHeldBack = page.locator('.exports__preview').getByRole('region', { name: 'Held back because of consent' });
    await expect.poll(() => reportHeldBack.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Fatima — 1 quoted passage \(may be described, not quoted\)$/),
      expect.stringMatching(/^Villy — 1 turn, 1 quoted passage \(consent pending\)$/),
    ]);

    // Else's page: choose "May be described, not quoted"; the page says what exports now do, and the history grows.
    await go(`#/projects/${project.id}/stakeholders/${elseId}`);
    await page.getByRole('heading', { level: 1, name: 'Else' }).waitFor();
    const history = page.getByRole('list', { name: 'Consent history' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(1);
    await page.getByText('Exports now: quoted.').waitFor();
    await page.getByRole('radio', { name: /^May be described, not quoted/ }).check();
    await page.getByText('Exports now: described, not quoted.').waitFor();
    await page.getByText('All changes saved').waitFor();
    await expect.poll(() => history.getByRole('listitem').count()).toBe(2);
    expect(await history.getByRole('listitem').first().textContent()).toMatch(/Changed · given · May be described, not quoted/);
    await page.getByRole('group', { name: 'What they agreed to' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-01-describe-only');

    // The export preview now holds Else back too, by pseudonym, with counts and the reason; never a real name.
    await go(`#/projects/${project.id}/export`);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
    await expect.poll(() => reportHeldBack.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Else — 2 quoted passages \(may be described, not quoted\)$/),
      expect.stringMatching(/^Fatima — /),
      expect.stringMatching(/^Villy — /),
    ]);
    expect(await reportHeldBack.textContent()).not.toMatch(/Inger Margrethe Dahl/);
    await reportHeldBack.scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-02-export-preview-held-back');
    // The .qdpx and review page exports list what they hold back as well (every turn of theirs).
    const qdpx = page.locator('.exchange__item').filter({ has: page.getByRole('heading', { name: /REFI-QDA/ }) });
    await expect.poll(() => qdpx.locator('.held-back li').count()).toBe(3);
    await qdpx.scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-03-qdpx-held-back');

    // The register, reached from the stakeholders screen: real names for the DPO, Else's two changes.
    await go(`#/projects/${project.id}/stakeholders`);
    await page.getByRole('link', { name: 'Consent register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Consent register' }).waitFor();
    const table = page.getByRole('table', { name: 'Consent of every stakeholder' });
    const elseRow = table.getByRole('row').filter({ hasText: 'Inger Margrethe Dahl' });
    await expect.poll(() => elseRow.textContent()).toMatch(/Else.*Described, not quoted.*2 changes/);
    await screenshot(page, 'consent-04-register');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await downloading).suggestedFilename()).toMatch(/^consent-register-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });
});
