import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('cycles in Chromium through browser mode', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plans, reflects, starts the next cycle with the next steps, and draws the spiral', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);

    await page.getByLabel('Title').fill('Loneliness and community in Nordby');
    await page.getByLabel('Research question or thematic concern').fill(
      'How can citizens, volunteers and the municipality create new communities together?',
    );
    await page.getByRole('button', { name: 'Create inquiry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Loneliness and community in Nordby' }).waitFor();
    await page.getByRole('heading', { name: 'Start the first cycle' }).waitFor();
    await screenshot(page, 'cycles-01-overview-empty');

    // A first cycle, from the overview.
    await page.getByLabel('Title', { exact: true }).fill('Listening to the volunteers');
    await page.getByLabel('Focus').fill('Who feels lonely, and who is already reaching out?');
    await page.getByRole('button', { name: 'Create cycle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Listening to the volunteers' }).waitFor();

    // A plan entry, written by keyboard.
    await page.getByLabel('New entry in Plan').focus();
    await page.keyboard.type('Visit the **library café** on Tuesday and ask who comes, and who does not.');
    await page.getByLabel('Written by (optional)').fill('Mette');
    await page.keyboard.press('Enter');
    await page.getByText('Entry added to Plan.').waitFor();
    await page.getByText('library café').first().waitFor();

    // A reflect entry with its next steps, reached with the arrow keys.
    await page.getByRole('tab', { name: /Plan/ }).focus();
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: /Reflect/ }).getAttribute('aria-selected')).toBe('true');
    await page
      .getByLabel('New entry in Reflect')
      .fill('Vi hørte, at mange kommer for kaffen, men bliver for samtalen.\n\n## Næste skridt\n\n- Inviter de frivillige til at være værter\n- Spørg biblioteket om faste tider\n\n## Tvivl\n\nHvem mangler vi at høre?');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByText('Entry added to Reflect.').waitFor();
    await page.getByRole('tab', { name: /Plan/ }).click();
    await screenshot(page, 'cycles-02-cycle-screen');

    // Start the next cycle: it opens with the next steps in its plan.
    await page.getByLabel('Title of the next cycle (optional)').fill('Volunteers as hosts');
    await page.getByRole('button', { name: 'Close and start cycle 2' }).click();
    await page.getByRole('heading', { level: 1, name: 'Volunteers as hosts' }).waitFor();
    await page.getByText('From the reflection of cycle 1:').waitFor();
    const quote = page.locator('.phase-entry blockquote');
    expect(await quote.innerText()).toContain('Inviter de frivillige til at være værter');
    expect(await quote.innerText()).not.toContain('Hvem mangler');
    await screenshot(page, 'cycles-03-next-cycle');

    // A sub-cycle, and the cycle moved on to acting.
    await page.getByLabel('Title of a new sub-cycle').fill('Host training');
    await page.getByRole('button', { name: 'Add sub-cycle' }).click();
    await page.getByRole('link', { name: 'Cycle 2.1: Host training' }).waitFor();
    await page.getByLabel('Current phase', { exact: true }).selectOption('act');
    await page.getByRole('tab', { name: /Act.*current phase/ }).waitFor();

    // The overview: the spiral and the cycles in words.
    await page.getByRole('link', { name: 'Back to the overview' }).click();
    const spiral = page.getByRole('group', { name: /cycles of this inquiry/ });
    await spiral.waitFor();
    await spiral.getByRole('link', { name: '2 Act – Cycle 2: Volunteers as hosts. Now: Act' }).waitFor();
    await spiral.getByRole('link', { name: 'Cycle 1: Listening to the volunteers. Closed' }).waitFor();
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    await screenshot(page, 'cycles-04-overview-spiral');

    // Keyboard: from a cycle's centre to its reflect phase, and Enter opens that phase.
    await spiral.getByRole('link', { name: 'Cycle 1: Listening to the volunteers. Closed' }).focus();
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Cycle 1, Reflect: 1 entry/);
    await page.screenshot({ path: join(process.env.WITHNESS_E2E_SCREENSHOTS ?? 'test-results/screenshots', 'cycles-05-spiral-focus.png'), clip: { x: 0, y: 0, width: 1280, height: 700 } });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Listening to the volunteers' }).waitFor();
    expect(await page.getByRole('tab', { name: /Reflect/ }).getAttribute('aria-selected')).toBe('true');

    // Settings: the guiding questions, in Danish too.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Questions for Plan, one per line').fill('Hvem mangler i rummet?');
    await page.getByLabel('Setting', { exact: true }).focus();
    await page.getByText('Using your own questions.').waitFor();
    await screenshot(page, 'cycles-06-settings');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('da');
    await page.getByRole('link', { name: 'Overblik' }).click();
    await page.getByRole('heading', { name: 'Spiralen af cyklusser' }).waitFor();
    await screenshot(page, 'cycles-07-overview-danish');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });

  it('looks right in the dark theme on a small laptop', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByLabel('Title').fill('Nordby');
    await page.getByRole('button', { name: 'Create inquiry' }).click();
    for (const title of ['Listening', 'Hosting', 'Sharing']) {
      await page.getByRole('heading', { level: 1, name: 'Nordby' }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByRole('button', { name: 'Create cycle' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByLabel('New entry in Plan').fill(`Plan for ${title.toLowerCase()}`);
      await page.getByRole('button', { name: 'Add entry' }).click();
      await page.getByText('Entry added to Plan.').waitFor();
      if (title !== 'Sharing') await page.getByRole('button', { name: 'Close this cycle' }).click();
      await page.getByRole('button', { name: title === 'Sharing' ? 'Close this cycle' : 'Reopen this cycle' }).waitFor();
      await page.getByRole('link', { name: 'Back to the overview' }).click();
    }
    await page.getByRole('group', { name: /cycles of this inquiry/ }).waitFor();
    await screenshot(page, 'cycles-08-overview-dark');
    expect(errors).toEqual([]);
    await context.close();
    await server.stop();
  });
});
