import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('Withness in Chromium through browser mode', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates an inquiry that is still listed after the server restarts on the same file', async () => {
    const dbFile = join(tempDir(), 'journal', 'withness.sqlite');
    let server = await startServer(dbFile);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchForErrors(page);

    await page.goto(server.launchUrl);
    await page.getByRole('heading', { name: 'No inquiries yet' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await screenshot(page, '01-home-empty');

    await page.getByLabel('Title').fill('Loneliness and community in Nordby');
    await page.getByLabel('Research question or thematic concern').fill(
      'How can citizens, volunteers and the municipality create new communities together?',
    );
    await page.getByRole('button', { name: 'Create inquiry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Loneliness and community in Nordby' }).waitFor();
    await screenshot(page, '02-project-page');

    await server.stop();
    expect(statSync(dbFile).size).toBeGreaterThan(0);
    server = await startServer(dbFile);
    await page.goto(server.launchUrl);
    await page.getByRole('link', { name: 'Loneliness and community in Nordby' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Your inquiries' }).waitFor();
    await screenshot(page, '03-home-after-restart');

    // Keyboard only: the create form works without a mouse.
    await page.getByLabel('Title').focus();
    await page.keyboard.type('Second inquiry');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Second inquiry' }).waitFor();
    await page.getByRole('link', { name: /Back to all inquiries/ }).click();
    const list = page.getByRole('list', { name: 'Inquiries' });
    await list.getByRole('link', { name: 'Second inquiry' }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });

  it('refuses the API without the token and explains how to get in', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('npm run serve');
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/projects:list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return response.status;
    });
    expect(status).toBe(401);
    await page.close();
    await server.stop();
  });

  it('runs the renderer under the strict CSP with Danish text', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByRole('heading', { name: 'Dine undersøgelser' }).waitFor();
    const inlineBlocked = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineBlocked).toBe(false);
    await screenshot(page, '04-home-danish');
    expect(errors.filter((error) => !error.includes('Content Security Policy'))).toEqual([]);
    await context.close();
    await server.stop();
  });
});
