import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { seedDialogue, seedNote, seedProject, seedStakeholder, seedTurn } from '../helpers/seed.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

const TURN = 'Jeg kom her første gang efter min mand døde 🕊️. Det var svært at gå ind ad døren, men nu er det her, jeg hører til.';
const PASSAGE = 'nu er det her, jeg hører til';

/** Seeds the journal file with plain SQL (the dialogue channels are built in parallel), then closes it. */
function seedJournal(file: string) {
  const db = openDatabase(file);
  const project = seedProject(db, 'Fællesskab i Nordby');
  const karen = seedStakeholder(db, project, 'Karen');
  const dialogue = seedDialogue(db, project, {
    title: 'Workshop i biblioteket',
    summary: 'Borgere og frivillige talte om, hvad der får folk til at komme igen.',
    occurred_at: '2026-03-02T10:00:00.000Z',
  });
  const turn = seedTurn(db, project, dialogue, TURN, karen);
  seedNote(db, project, { title: 'Kaffe i hallen', body: 'Tre nye ansigter ved kaffebordet i dag.', occurred_at: '2026-03-01T09:00:00.000Z' });
  db.close();
  return { project, dialogue, turn };
}

describe('reflections in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('writes a reflection, links a passage of a turn through the picker by keyboard, and shows the backlink', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const seeded = seedJournal(file);
    const server = await startServer(file);
    const token = new URL(server.launchUrl).searchParams.get('token')!;
    const api = async (channel: string, input: unknown) => {
      const response = await fetch(`${server.url}api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value: any };
    };

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${seeded.project}/reflections`);
    await page.getByRole('heading', { name: 'No reflections yet' }).waitFor();
    await screenshot(page, 'reflections-01-empty');

    await page.getByRole('button', { name: 'New reflection' }).click();
    await page.getByRole('radio', { name: 'Withness' }).waitFor();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('At høre til');
    await page
      .getByLabel('Reflection', { exact: true })
      .fill('Da Karen sagde det, mærkede jeg, hvor meget **stedet** betyder.\n\n> Det handler ikke om kaffen.');
    await page.getByRole('button', { name: 'Show preview' }).click();
    await page.getByText('All changes saved').waitFor();
    await screenshot(page, 'reflections-02-writing');

    // The picker, by keyboard: open it, search, arrow to the turn, Enter.
    await page.getByRole('button', { name: 'Add evidence' }).focus();
    await page.keyboard.press('Enter');
    const search = page.getByRole('combobox', { name: 'Search the journal' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('hører');
    const options = page.getByRole('listbox', { name: 'Events to choose from' }).getByRole('option');
    await options.first().waitFor();
    await expect.poll(() => options.count()).toBe(1);
    await screenshot(page, 'reflections-03-picker-search');
    await page.keyboard.press('Enter');

    // Select the passage with Shift+arrows in the read-only text.
    const text = page.getByLabel(/Full text — select the passage/);
    await text.focus();
    const start = Array.from(TURN).length - Array.from(`${PASSAGE}.`).length;
    const utf16Start = TURN.indexOf(PASSAGE);
    await text.evaluate((el: HTMLTextAreaElement, at: number) => el.setSelectionRange(at, at), utf16Start);
    for (let i = 0; i < PASSAGE.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.locator('blockquote', { hasText: PASSAGE }).waitFor();
    // Typing into the text changes nothing: it is there to select from, not to edit.
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    expect(await text.inputValue()).toBe(TURN);
    await page.getByLabel('Comment (optional)').fill('Her skifter det fra at være gæst til at høre til.');
    await screenshot(page, 'reflections-04-picker-passage');
    await page.getByRole('button', { name: 'Link the selected passage' }).click();

    const evidence = page.getByRole('list', { name: 'Evidence this reflection rests on' });
    await evidence.getByRole('listitem').first().waitFor();
    expect(await evidence.locator('blockquote').textContent()).toBe(PASSAGE);
    const open = evidence.getByRole('link', { name: /^Open Karen: / });
    expect(await open.getAttribute('href')).toBe(`#/projects/${seeded.project}/dialogues/${seeded.dialogue}/turns/${seeded.turn}`);
    await screenshot(page, 'reflections-05-evidence');

    const backlinks = await api('links:backlinks', { target_type: 'turn', target_id: seeded.turn });
    expect(backlinks.ok).toBe(true);
    expect(backlinks.value).toHaveLength(1);
    expect(backlinks.value[0].reflection.title).toBe('At høre til');
    expect(backlinks.value[0].link).toMatchObject({ excerpt_text: PASSAGE, excerpt_start: start, excerpt_end: start + Array.from(PASSAGE).length });

    // The list shows the reflection with its evidence count.
    await page.getByRole('link', { name: 'All reflections' }).click();
    const list = page.getByRole('list', { name: 'Reflections, newest first' });
    await list.getByText('1 piece of evidence').waitFor();
    await screenshot(page, 'reflections-06-list');

    // Danish, narrow window.
    await page.setViewportSize({ width: 760, height: 900 });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('da');
    await page.getByRole('link', { name: 'At høre til' }).click();
    await page.getByRole('heading', { name: 'Empiri, som refleksionen bygger på' }).waitFor();
    await screenshot(page, 'reflections-07-danish-narrow');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });

  it('pages a long list as it scrolls: fixed-height rows, the next page loaded by key', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file);
    const project = seedProject(db, 'Mange refleksioner');
    db.transaction(() => {
      for (let i = 0; i < 250; i++) {
        createReflection(db, {
          project_id: project,
          title: `Refleksion ${i + 1}`,
          mode: i % 3 === 0 ? 'aboutness' : 'withness',
          body: `**Tanke ${i + 1}:** [fællesskab](withness://x) ${'og tillid i hverdagen '.repeat(20)}`,
          written_at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
        });
      }
    })();
    db.close();
    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    const lists: { limit?: number; after?: unknown; with_total?: boolean; offset?: number }[] = [];
    page.on('request', (request) => {
      if (decodeURIComponent(request.url()).endsWith('/api/reflections:list')) lists.push(JSON.parse(request.postData() ?? '{}'));
    });
    await page.goto(`${server.launchUrl}#/projects/${project}/reflections`);
    const list = page.getByRole('list', { name: 'Reflections, newest first' });
    await list.getByRole('link', { name: 'Refleksion 250' }).waitFor();
    await page.getByText('250 reflections').waitFor();
    expect(await list.getByRole('listitem').count()).toBeLessThan(30);
    await screenshot(page, 'reflections-08-long-list');

    // Every row is the same height.
    const heights = await list.getByRole('listitem').evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
    expect(new Set(heights).size).toBe(1);

    // Scroll to the bottom: pages 2 and 3 come by key, without the count.
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, 6000);
      await page.waitForTimeout(150);
    }
    await list.getByRole('link', { name: 'Refleksion 1', exact: true }).waitFor();
    const last = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Refleksion 1', exact: true }) });
    expect(await last.getAttribute('aria-posinset')).toBe('250');
    expect(await last.getAttribute('aria-setsize')).toBe('250');
    await screenshot(page, 'reflections-09-long-list-end');
    expect(lists[0]).toMatchObject({ limit: 100 });
    expect(lists[0]).not.toHaveProperty('with_total');
    // Only first pages ask for the count; the later ones come by key.
    const later = lists.filter((request) => request.after !== undefined || request.offset !== undefined);
    expect(later).toHaveLength(2);
    for (const request of later) expect(request).toMatchObject({ limit: 100, with_total: false, after: expect.anything() });
    // The first page is asked for once, with the count.
    expect(lists.filter((request) => !later.includes(request))).toEqual([{ project_id: project, limit: 100 }]);

    // Keyboard: Shift+Tab from the last row's link goes to the row before.
    await last.getByRole('link').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset') ?? null)).toBe('249');

    // Danish.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('combobox', { name: 'Language' }).selectOption('da');
    await page.getByText('250 refleksioner').waitFor();
    await screenshot(page, 'reflections-10-long-list-danish');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
