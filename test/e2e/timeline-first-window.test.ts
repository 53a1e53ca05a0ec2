import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gutterFor } from '../../renderer/src/features/timeline/TimelineChart';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

/**
 * Issue 14: opening the timeline asked for its first window at a guessed width (960 px), then, once the frame was
 * measured, again at the real one, and that second request waited out the pan/zoom debounce. The first window must be
 * asked for once, at the drawn width, without the debounce.
 */
describe('the timeline’s first window', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is asked for once, at the width the chart is drawn, without waiting for a timer', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const token = new URL(server.launchUrl).searchParams.get('token')!;
    const response = await fetch(`${server.url}api/demo%3Acreate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
      body: '{}',
    });
    const project = ((await response.json()) as { value: { id: string } }).value;
    // A width that is not the fallback, so a request at the guessed width shows.
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const errors = watchForErrors(page);
      // The page's clock is paused once the app is up: no timer fires from then on, so a window asked for through the
      // debounce timer can never arrive, whatever the machine's load; one asked for at once does.
      await page.clock.install();
      await page.goto(server.launchUrl);
      await page.getByRole('heading', { level: 1 }).first().waitFor();

      const windows: { buckets?: number }[] = [];
      page.on('request', (request: Request) => {
        if (request.url().endsWith('/api/timeline%3Awindow')) windows.push(JSON.parse(request.postData() ?? '{}'));
      });
      await page.clock.pauseAt(Date.now() + 1000);
      const firstWindow = page.waitForRequest((request) => request.url().endsWith('/api/timeline%3Awindow'), { timeout: 60_000 });
      await page.evaluate((hash) => void (window.location.hash = hash), `#/projects/${project.id}/timeline`);
      await firstWindow;
      await page.clock.resume();
      await page.waitForFunction(() => document.querySelector('.tl-canvas .tl-mark') !== null && document.querySelector('.tl-canvas.is-loading') === null);
      await screenshot(page, 'timeline-first-window');

      const frameWidth = await page.locator('.tl-frame').evaluate((element) => element.clientWidth);
      const plotWidth = Math.max(frameWidth - gutterFor(frameWidth) - 16, 40);
      expect(windows.map((item) => item.buckets)).toEqual([Math.max(10, Math.floor(plotWidth / 4))]);
      expect(errors).toEqual([]);
    } finally {
      // A failed assertion must not leave the server running.
      await page.close();
      await server.stop();
    }
  });
});
