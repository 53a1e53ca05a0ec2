import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
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
});
