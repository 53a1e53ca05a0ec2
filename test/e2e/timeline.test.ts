import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { timelineSeeder } from '../db/timeline-seed.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors, type Server } from './harness.js';

async function api(server: Server, channel: string, input: unknown) {
  const token = new URL(server.launchUrl).searchParams.get('token')!;
  const response = await fetch(`${server.url}api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value: any; error?: { message: string } };
  if (!result.ok) throw new Error(result.error?.message);
  return result.value;
}

/** The number of events the picture draws (marks), read from the SVG. */
async function markCount(page: Page): Promise<number> {
  return page.locator('.tl-mark').count();
}

describe('the timeline in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the example inquiry on one axis, filters it, and follows a reflection to the turn that prompted it', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const project = await api(server, 'demo:create', {});
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${project.id}/timeline`);
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    await page.getByText('115 events in view.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tl-mark').length > 100);
    await screenshot(page, 'timeline-01-whole-inquiry');
    const whole = await markCount(page);
    expect(whole).toBeGreaterThanOrEqual(115);

    // Zoom in twice around the middle: fewer events in view, drawn wider apart.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForFunction((before) => {
      const text = document.querySelector('.tl-status__count')?.textContent ?? '';
      const n = Number(/(\d+) events? in view/.exec(text)?.[1] ?? NaN);
      return n > 0 && n < before;
    }, 115);
    await screenshot(page, 'timeline-02-zoomed');
    await page.getByRole('button', { name: 'Whole inquiry' }).click();
    await page.getByText('115 events in view.').waitFor();

    // Only reflections and turns of the first cycle.
    await page.getByRole('checkbox', { name: 'Reflection' }).check();
    await page.getByRole('checkbox', { name: 'Turn' }).check();
    await page.getByRole('combobox', { name: 'Cycle' }).selectOption({ label: 'Cycle 1: At lytte: hvem er alene, og hvor mødes man?' });
    const filtered = await api(server, 'timeline:window', {
      project_id: project.id,
      filters: { types: ['reflection', 'turn'], cycle_ids: [(await api(server, 'timeline:bands', { project_id: project.id })).cycles[0].id] },
    });
    await page.getByText(`${filtered.total} events in view.`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.tl-mark').length === n, filtered.total);
    expect(await page.locator('.tl-mark--field_note').count()).toBe(0);
    expect(await page.locator('.tl-mark--reflection').count()).toBeGreaterThan(0);
    await screenshot(page, 'timeline-03-filtered');

    // Select a reflection: the chain lights up and the details name the turn that prompted it.
    await page.locator('.tl-mark--reflection', { has: page.locator('title', { hasText: 'Da Poul sagde' }) }).click();
    const details = page.getByRole('region', { name: /Da Poul sagde, at de frivillige også er gamle/ });
    await details.waitFor();
    await details.getByRole('heading', { name: 'Prompted by' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tl-link--chain').length > 0);
    expect(await page.locator('.tl-mark.is-dim').count()).toBeGreaterThan(0);
    await screenshot(page, 'timeline-04-chain');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'timeline-04-chain-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The keyboard moves the selection and says where it is.
    await page.locator('.tl-canvas').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('status').filter({ hasText: /of \d+ in view/ }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('status').filter({ hasText: 'Da Poul sagde' }).waitFor();

    // Follow the link to the turn: the dialogue opens at that turn.
    await details.getByRole('link', { name: /^Open: Poul: Og så skal I huske/ }).click();
    await page.waitForURL(/#\/projects\/[^/]+\/dialogues\/[^/]+\/turns\/[^/]+$/);
    await page.getByText('Og så skal I huske, at vi frivillige også er gamle.').first().waitFor();
    await screenshot(page, 'timeline-05-followed-to-turn');

    // Back on the timeline: the same view, filters and selection; then lanes by sector and the list.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    await page.getByRole('region', { name: /Da Poul sagde/ }).waitFor();
    await page.getByRole('button', { name: /^Clear \d+ filters$/ }).click();
    await page.getByRole('button', { name: 'Whole inquiry' }).click();
    await page.getByRole('button', { name: 'Sector', exact: true }).click();
    await page.getByText('115 events in view.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tl-mark').length > 115);
    await screenshot(page, 'timeline-06-sector-lanes');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    const list = page.getByRole('list', { name: 'Events in view, in time order' });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(5);
    await screenshot(page, 'timeline-07-list');

    const small = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await small.goto(`${server.launchUrl}#/projects/${project.id}/timeline`);
    await small.getByText('115 events in view.').waitFor();
    await screenshot(small, 'timeline-08-narrow');
    await small.close();

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });

  it('draws a crowded inquiry as density and each event again when zoomed in', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file);
    const project = createProject(db, { title: 'Tre år i Nordby' }).id;
    const seed = timelineSeeder(db, project);
    db.transaction(() => {
      const cycles = [1, 2, 3].map((n) => seed.cycle(n, { title: ['Lytte', 'Prøve', 'Forankre'][n - 1], started_on: `${2022 + n}-01-01`, ended_on: `${2022 + n}-12-31` }));
      const people = ['public', 'citizen', 'voluntary', 'private'].map((sector, i) => seed.stakeholder(`P${i}`, sector));
      const start = Date.parse('2023-01-02T08:00:00.000Z');
      for (let i = 0; i < 6000; i++) {
        // Busy weeks and quiet ones: a wave over the three years.
        const at = start + Math.floor(i * (3 * 364 * 86_400_000) / 6000 + Math.sin(i / 300) * 20 * 86_400_000);
        const cycle = cycles[Math.min(2, Math.floor((at - start) / (364 * 86_400_000)))]!;
        const phase = ['plan', 'act', 'observe', 'reflect'][Math.floor(((at - start) / (91 * 86_400_000)) % 4)]!;
        seed.note(new Date(at).toISOString(), { title: `Note ${i}`, cycle_id: cycle, phase, stakeholders: [people[i % 4]!] });
      }
    })();
    db.close();
    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${project}/timeline`);
    await page.getByText(/6,000 events in view\. Too many to draw one by one/).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tl-density rect').length > 50);
    expect(await markCount(page)).toBe(0);
    await screenshot(page, 'timeline-09-density');

    // Zoom in by keyboard until the events are drawn one by one.
    await page.locator('.tl-canvas').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await page.waitForFunction(() => document.querySelectorAll('.tl-mark').length > 0);
    expect(await page.locator('.tl-density rect').count()).toBe(0);
    await page.keyboard.press('Home');
    await page.getByRole('status').filter({ hasText: 'Note 0' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('status').filter({ hasText: 'Note 1.' }).waitFor();
    await screenshot(page, 'timeline-10-crowded-zoomed');

    // The whole crowded inquiry as a list: the first page, then the next ones as the list scrolls.
    await page.keyboard.press('0');
    await page.getByText(/6,000 events in view\./).waitFor();
    await page.getByRole('button', { name: 'List', exact: true }).click();
    const list = page.getByRole('list', { name: 'Events in view, in time order' });
    await list.getByRole('button', { name: /Note 0$/ }).waitFor();
    expect(await list.locator('li').first().getAttribute('aria-setsize')).toBe('6000');
    // Scrolled to the end of what is loaded, the last row says so. The next page loads as soon as that row comes
    // into view, which moves the row out of view again, so scroll to the end until it is seen.
    await page.waitForFunction(() => {
      const element = document.querySelector('.tl-list')!;
      element.scrollTo(0, element.scrollHeight);
      return [...element.querySelectorAll('.tl-list__meta')].some((meta) =>
        /^(200|400|600) of 6,000 events loaded; more load as you scroll\.$/.test(meta.textContent ?? ''),
      );
    });
    await screenshot(page, 'timeline-11-list-next-page');
    // The next page loads by itself: scrolling on to the end of what is loaded brings row 400 into view.
    await page.waitForFunction(() => {
      const element = document.querySelector('.tl-list')!;
      element.scrollTo(0, element.scrollHeight);
      return document.querySelector('.tl-list li[aria-posinset="400"]') !== null;
    });
    await list.getByRole('button', { name: /Note 399$/ }).click();
    expect(await list.getByRole('button', { name: /Note 399$/ }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'timeline-12-list-scrolled');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
