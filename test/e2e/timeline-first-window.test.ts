import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gutterFor } from '../../renderer/src/features/timeline/TimelineChart';
import { WINDOW_DEBOUNCE_MS } from '../../renderer/src/features/timeline/useTimelineWindow';
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

  it('is asked for once, at the width the chart is drawn, as soon as the bands are in', async () => {
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
      await page.goto(server.launchUrl);
      await page.getByRole('heading', { level: 1 }).first().waitFor();

      const windows: { at: number; body: { buckets?: number } }[] = [];
      let bandsDone: number | undefined;
      page.on('request', (request: Request) => {
        if (request.url().endsWith('/api/timeline%3Awindow')) windows.push({ at: performance.now(), body: JSON.parse(request.postData() ?? '{}') });
      });
      page.on('requestfinished', (request: Request) => {
        if (request.url().endsWith('/api/timeline%3Abands')) bandsDone ??= performance.now();
      });
      await page.goto(`${server.launchUrl}#/projects/${project.id}/timeline`);
      await page.waitForFunction(() => document.querySelector('.tl-canvas .tl-mark') !== null && document.querySelector('.tl-canvas.is-loading') === null);
      await screenshot(page, 'timeline-first-window');

      const frameWidth = await page.locator('.tl-frame').evaluate((element) => element.clientWidth);
      const plotWidth = Math.max(frameWidth - gutterFor(frameWidth) - 16, 40);
      expect(windows.map((item) => item.body.buckets)).toEqual([Math.max(10, Math.floor(plotWidth / 4))]);
      // The old path always waited the debounce after the bands; the demo inquiry renders in far less.
      expect(bandsDone).toBeDefined();
      expect(windows[0]!.at - bandsDone!).toBeLessThan(WINDOW_DEBOUNCE_MS);
      expect(errors).toEqual([]);
    } finally {
      // A failed assertion must not leave the server running.
      await page.close();
      await server.stop();
    }
  });
});
