import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { openDatabase } from '../../db/connection.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('progress you can see, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a bundle import mid-way with its percentage and step in Danish, and Annullér leaves the journal as it was', async () => {
    const source = tempDatabase().db;
    const { project } = createDemoProject(source);
    const bundleFile = join(tempDir(), 'egeby.withness');
    writeFileSync(bundleFile, buildBundle(source, project.id)!.bytes);
    const dbFile = join(tempDir(), 'withness.sqlite');
    // The server (another process) holds every job at its first batch of rows until it is cancelled.
    process.env.WITHNESS_TEST_HOLD_JOBS_AT = 'job.importing_rows';
    const server = await startServer(dbFile);
    delete process.env.WITHNESS_TEST_HOLD_JOBS_AT;
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
      await context.addInitScript(() => window.localStorage.setItem('withness.language', 'da'));
      const tab = await context.newPage();
      const errors = watchForErrors(tab);
      await tab.goto(server.launchUrl);
      const section = tab.locator('section.exchange-import').filter({ hasText: 'Importér en projektpakke' });
      await section.getByLabel('Importér en projektpakke (.withness)').setInputFiles(bundleFile);

      const bar = section.getByRole('progressbar', { name: 'Importerer egeby.withness' });
      await section.getByText(/^Importerer rækker \(\d+ af \d+\)$/).waitFor();
      const now = Number(await bar.getAttribute('aria-valuenow'));
      expect(now).toBeGreaterThan(10);
      expect(now).toBeLessThan(100);
      await section.scrollIntoViewIfNeeded();
      await screenshot(tab, 'progress-01-bundle-import-midway-da');
      // The bar, its live line and Cancel pass the WCAG 2.1 A/AA rules (serious or critical) in the import section.
      const axe = await new AxeBuilder({ page: tab })
        .include('section.exchange-import')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(axe.passes.map((rule) => rule.id)).toContain('aria-progressbar-name');
      expect(axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);

      await section.getByRole('button', { name: 'Annullér' }).click();
      await section.getByText('Annulleret. Intet blev ændret.').waitFor();
      expect(await bar.count()).toBe(0);
      await screenshot(tab, 'progress-02-bundle-import-cancelled-da');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await server.stop();
    }
    const db = openDatabase(dbFile);
    try {
      expect(db.prepare('SELECT count(*) FROM projects').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM field_notes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
