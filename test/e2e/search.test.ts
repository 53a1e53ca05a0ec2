import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, SCREENSHOTS, screenshot, startServer, watchForErrors, type Server } from './harness.js';

describe('search, codes and who spoke when, in Chromium, on the demo inquiry', () => {
  let browser: Browser;
  let server: Server;
  let projectId: string;
  let api: (channel: string, input: unknown) => Promise<{ ok: boolean; value: any }>;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer(join(tempDir('withness-e2e-search-'), 'withness.sqlite'));
    const token = new URL(server.launchUrl).searchParams.get('token')!;
    api = async (channel, input) => {
      const response = await fetch(`${server.url}api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value: any };
    };
    const demo = await api('demo:create', {});
    expect(demo.ok).toBe(true);
    projectId = demo.value.id;
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
  });

  it('searches a Danish word, filters by kind, and opens a turn at the match by keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${projectId}/search`);
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await page.getByRole('heading', { name: 'Type to search' }).waitFor();
    await page.getByRole('table', { name: /Turns spoken and notes involved/ }).waitFor();
    await screenshot(page, 'search-01-empty');

    // "/" from anywhere on the screen comes back to the box.
    const box = page.getByRole('searchbox', { name: 'Search this inquiry' });
    await page.getByRole('heading', { level: 1, name: 'Search' }).click();
    await page.keyboard.press('/');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('døren');
    await page.getByRole('status').filter({ hasText: /\d+ results|One result/ }).waitFor();
    const hits = page.locator('.search-hit');
    await expect.poll(() => hits.count()).toBeGreaterThan(2);
    const marked = await page.locator('.search-hit mark').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    // "døren" as written, or another form of it ("dør", "dørene": the stem "dør").
    for (const word of marked) expect(word.toLowerCase().startsWith('dør')).toBe(true);
    await screenshot(page, 'search-02-results');

    // Only turns.
    await page.getByLabel('Kind').selectOption('turn');
    await page.getByRole('group', { name: /Filters \(one in use\)/ }).waitFor();
    await expect.poll(async () => (await page.locator('.search-hit .search-type').allTextContents()).every((type) => type === 'Turn')).toBe(true);
    const firstLabel = (await page.locator('.search-hit__link').first().textContent())!;
    await screenshot(page, 'search-03-filtered');

    // Arrow down from the box to the first result, Enter opens its dialogue at that turn.
    await box.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(firstLabel);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/projects/${projectId}/dialogues/[0-9a-f-]+/turns/[0-9a-f-]+/match/\\d+-\\d+$`));
    await page.waitForLoadState('networkidle');
    // The match is marked in the turn.
    expect((await page.locator('.turn--highlight mark.search-match').textContent())!.toLowerCase()).toMatch(/^dør/);
    await screenshot(page, 'search-04-opened-turn');

    // Back: the search is as it was.
    await page.goBack();
    await page.getByRole('searchbox', { name: 'Search this inquiry' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search this inquiry' }).inputValue()).toBe('døren');
    expect(await page.getByLabel('Kind').inputValue()).toBe('turn');

    // Hostile syntax is just text.
    await box.fill('("døren" -*');
    await page.locator('.search-hit').first().waitFor();
    await box.fill('"()*');
    await page.getByRole('heading', { name: /holds no word to search for/ }).waitFor();
    await box.fill('xylofonklaver');
    await page.getByRole('heading', { name: 'No results for “xylofonklaver”' }).waitFor();
    await screenshot(page, 'search-05-no-results');

    const narrow = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const narrowErrors = watchForErrors(narrow);
    await narrow.goto(`${server.launchUrl}#/projects/${projectId}/search`);
    await narrow.getByRole('searchbox', { name: 'Search this inquiry' }).fill('fællesbordet');
    await narrow.locator('.search-hit').first().waitFor();
    await screenshot(narrow, 'search-06-narrow');
    await narrow.screenshot({ path: join(SCREENSHOTS, 'search-06b-narrow-first-screen.png') });
    await narrow.close();

    expect([...errors, ...narrowErrors]).toEqual([]);
    await page.close();
  });

  it('finds other forms of a word, and opens a note, a reflection and a phase entry at the match, marked', async () => {
    const cycle = (await api('cycles:list', { project_id: projectId })).value[0];
    const filler = Array.from({ length: 45 }, (_, i) => `Linje ${i + 1}: vi talte om vejret, bussen og kaffen.`).join('\n');
    const note = (
      await api('notes:create', { project_id: projectId, title: 'Opgangen i blok 4', body: `${filler}\nTil sidst stod opgangsdøren åben, og naboerne mødtes i ensomheden.` })
    ).value;
    const reflection = (
      await api('reflections:create', { project_id: projectId, title: 'At banke på', body: `${filler}\nJeg tænker på de ensomme naboer bag opgangsdørene.` })
    ).value;
    const entry = (
      await api('phaseEntries:create', { cycle_id: cycle.id, phase: 'observe', body: `Vi **så** hvem der kom.\n\n${filler}\n\nEnsomme naboer stod ved opgangsdøren.` })
    ).value;
    expect([note.id, reflection.id, entry.id].every(Boolean)).toBe(true);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchForErrors(page);
    const box = page.getByRole('searchbox', { name: 'Search this inquiry' });
    const openHit = async (query: string, label: RegExp) => {
      await page.goto(`${server.launchUrl}#/projects/${projectId}/search`);
      await box.fill(query);
      const link = page.locator('.search-hit__link').filter({ hasText: label }).first();
      await link.waitFor();
      return link;
    };
    /** Whether a text box's selection stands inside the window (measured with a copy of the box, as the app does). */
    const selectionInView = (selector: string) =>
      page.evaluate((css) => {
        const box = document.querySelector<HTMLTextAreaElement>(css)!;
        const style = getComputedStyle(box);
        const mirror = document.createElement('div');
        for (const key of ['boxSizing', 'width', 'padding', 'border', 'font', 'lineHeight', 'letterSpacing'] as const) mirror.style[key] = style[key];
        Object.assign(mirror.style, { position: 'absolute', top: '0', left: '-10000px', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', visibility: 'hidden' });
        mirror.textContent = box.value.slice(0, box.selectionStart);
        const caret = document.createElement('span');
        caret.textContent = '\u200b';
        mirror.append(caret);
        document.body.append(mirror);
        const y = box.getBoundingClientRect().top + caret.offsetTop - box.scrollTop;
        mirror.remove();
        return { y, height: window.innerHeight, selected: box.value.slice(box.selectionStart, box.selectionEnd), focused: document.activeElement === box };
      }, selector);

    // "opgangsdørene" finds the note through the stem it shares with "opgangsdøren"; the note opens with
    // "opgangsdøren" selected in its text, 46 lines down, scrolled into the window.
    const noteLink = await openHit('opgangsdørene', /Opgangen i blok 4/);
    await noteLink.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`/notes/${note.id}/match/\\d+-\\d+$`));
    await page.locator('textarea.note-editor__body').waitFor();
    await expect.poll(() => selectionInView('textarea.note-editor__body').then((view) => view.selected)).toBe('opgangsdøren');
    const noteView = await selectionInView('textarea.note-editor__body');
    expect(noteView.focused).toBe(true);
    expect(noteView.y).toBeGreaterThan(0);
    expect(noteView.y).toBeLessThan(noteView.height);
    await screenshot(page, 'search-10-note-at-match');
    await page.screenshot({ path: join(SCREENSHOTS, 'search-10-note-at-match-window.png') });

    // "ensomme" is found as written in the reflection: selected there.
    const reflectionLink = await openHit('ensomme naboer', /At banke på/);
    await reflectionLink.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`/reflections/${reflection.id}/match/`);
    await expect.poll(() => selectionInView('textarea.reflection__body').then((view) => view.selected)).toBe('ensomme');
    const reflectionView = await selectionInView('textarea.reflection__body');
    expect(reflectionView.y).toBeGreaterThan(0);
    expect(reflectionView.y).toBeLessThan(reflectionView.height);
    await screenshot(page, 'search-11-reflection-at-match');
    await page.screenshot({ path: join(SCREENSHOTS, 'search-11-reflection-at-match-window.png') });

    // "ensomheden" finds the phase entry through its stem: it opens in its cycle, its phase shown, "Ensomme" marked
    // in the rendered text and in view.
    const entryLink = await openHit('ensomheden', /Vi så hvem der kom/);
    await entryLink.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`/entries/${entry.id}/match/`);
    const mark = page.locator(`#entry-${entry.id} .phase-entry__body mark.search-match`);
    await mark.waitFor();
    expect(await mark.textContent()).toBe('Ensomme');
    await expect.poll(() => mark.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    await screenshot(page, 'search-12-entry-at-match');
    await page.screenshot({ path: join(SCREENSHOTS, 'search-12-entry-at-match-window.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows who spoke when; a cell filters the search', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${projectId}/search`);
    const table = page.getByRole('table', { name: /Turns spoken and notes involved/ });
    await table.waitFor();
    expect(await table.getByRole('columnheader', { name: /Cycle 1/ }).count()).toBe(1);
    const cell = table.getByRole('button', { name: /^Else, Cycle 1: \d+ turns/ });
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Stakeholder').inputValue()).not.toBe('');
    await page.locator('.search-hit').first().waitFor();
    const labels = await page.locator('.search-hit__link').allTextContents();
    expect(labels.some((label) => label.startsWith('Else:'))).toBe(true);
    await screenshot(page, 'search-07-map-filter');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the code book with coded segments in context, and codes a passage', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${projectId}/codes`);
    await page.getByRole('heading', { level: 1, name: 'Codes' }).waitFor();
    const tree = page.getByRole('list', { name: 'Codes' });
    await tree.getByRole('button').first().waitFor();
    await screenshot(page, 'codes-01-book');

    await tree.getByRole('button', { name: /Transport/ }).click();
    await page.getByRole('heading', { name: /Coded with “Transport/ }).waitFor();
    const segments = page.locator('.segment');
    await expect.poll(() => segments.count()).toBeGreaterThan(2);
    expect(await page.locator('.segment mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'codes-02-segments');

    // Code a passage of a turn: find it, select words with the keyboard, code the selection.
    const before = await segments.count();
    await page.getByText('Code a passage').click();
    await page.getByLabel('Find the event').fill('rollatoren');
    await page.locator('.codes__found-item').first().click();
    const text = page.getByLabel('Text of the event (select a passage)');
    await text.waitFor();
    const value = await text.inputValue();
    const start = value.indexOf('rollatoren');
    expect(start).toBeGreaterThanOrEqual(0);
    await text.evaluate((el, [s, e]) => (el as HTMLTextAreaElement).setSelectionRange(s!, e!), [start, start + 'rollatoren'.length]);
    await page.getByRole('button', { name: 'Code selection' }).click();
    await page.getByText('Coded.').waitFor();
    await expect.poll(() => segments.count()).toBe(before + 1);
    await expect.poll(() => page.locator('.segment mark', { hasText: /^rollatoren$/ }).count()).toBe(1);
    await screenshot(page, 'codes-03-coded-passage');

    // The segment links to its event.
    const link = page.locator('.segment').filter({ has: page.locator('mark', { hasText: /^rollatoren$/ }) }).getByRole('link');
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/\/dialogues\/[0-9a-f-]+\/turns\/[0-9a-f-]+$/);

    const narrow = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await narrow.goto(`${server.launchUrl}#/projects/${projectId}/codes`);
    await narrow.getByRole('list', { name: 'Codes' }).getByRole('button', { name: /Barrierer/ }).click();
    await narrow.locator('.segment').first().waitFor();
    await screenshot(narrow, 'codes-04-narrow');
    await narrow.screenshot({ path: join(SCREENSHOTS, 'codes-04b-narrow-first-screen.png') });
    await narrow.close();

    expect(errors).toEqual([]);
    await page.close();
  });
});
