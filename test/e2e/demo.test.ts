import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('the fictional example inquiry in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is offered on first start, opens, and is listed as fictional afterwards', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    const offer = page.getByRole('button', { name: 'Explore a fictional example inquiry' });
    await offer.waitFor();
    await screenshot(page, 'demo-01-home-offer');

    await offer.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: DEMO_TITLE }).waitFor();
    expect(await page.getByText('Fictional example').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'demo-02-opened');

    // The example is real data for every screen: a dialogue with its turns, and a reflection with its evidence.
    await page.getByRole('navigation', { name: 'Inquiry' }).getByRole('link', { name: 'Dialogues' }).click();
    await page.getByRole('link', { name: /Interview med Else om hverdagen/ }).first().click();
    await page.getByText('Jeg er ikke ensom, jeg er bare alene.').first().waitFor();
    await screenshot(page, 'demo-05-dialogue');
    await page.getByRole('navigation', { name: 'Inquiry' }).getByRole('link', { name: 'Reflections' }).click();
    await page.getByRole('link', { name: /Elses tale og min plads ved døren/ }).first().click();
    await page.getByText('følte mig pludselig som en gæst, der var blevet for længe').first().waitFor();
    await screenshot(page, 'demo-06-reflection');

    await page.getByRole('link', { name: /Back to all inquiries/ }).first().click();
    const list = page.getByRole('list', { name: 'Inquiries' });
    await list.getByRole('link', { name: DEMO_TITLE }).waitFor();
    expect(await page.getByRole('button', { name: 'Explore a fictional example inquiry' }).count()).toBe(0);
    await screenshot(page, 'demo-03-home-listed');

    const small = await browser.newPage({ viewport: { width: 420, height: 800 } });
    const fresh = await startServer(join(tempDir(), 'withness.sqlite'));
    await small.goto(fresh.launchUrl);
    await small.getByRole('button', { name: 'Explore a fictional example inquiry' }).waitFor();
    await screenshot(small, 'demo-04-home-offer-narrow');
    await small.close();
    await fresh.stop();

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
