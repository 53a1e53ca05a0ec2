import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

describe('Stakeholders and dialogues in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates two stakeholders, a dialogue with both, and logs three turns by keyboard', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);

    await page.getByLabel('Title').fill('Loneliness and community in Nordby');
    await page.getByRole('button', { name: 'Create inquiry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Loneliness and community in Nordby' }).waitFor();

    // The directory: two people, added with the form.
    await page.getByRole('navigation').getByRole('link', { name: 'Stakeholders' }).click();
    await page.getByText(/No stakeholders yet/).waitFor();
    const addForm = page.getByRole('region', { name: 'Add a stakeholder' });
    for (const person of [
      { pseudonym: 'Mette', sector: 'public', organisation: 'Nordby Municipality', role: 'Social worker' },
      { pseudonym: 'Bo', sector: 'citizen', organisation: '', role: 'Retired teacher' },
    ]) {
      await addForm.getByLabel('Pseudonym').fill(person.pseudonym);
      await addForm.getByLabel('Sector').selectOption(person.sector);
      await addForm.getByLabel('Organisation').fill(person.organisation);
      await addForm.getByLabel('Role').fill(person.role);
      await addForm.getByRole('button', { name: 'Add stakeholder' }).click();
      await page.getByText(`${person.pseudonym} was added to the directory.`).waitFor();
    }
    const directory = page.getByRole('list', { name: 'Stakeholders' });
    await directory.getByRole('link', { name: 'Mette' }).waitFor();
    expect(await directory.getByRole('listitem').count()).toBe(2);
    await screenshot(page, 'dialogues-01-directory');

    // A new dialogue with both.
    await page.getByRole('navigation').getByRole('link', { name: 'Dialogues' }).click();
    const newForm = page.getByRole('region', { name: 'New dialogue' });
    await newForm.getByLabel('Kind').selectOption('co_creation');
    await newForm.getByLabel('Title').fill('Kick-off at the library');
    await newForm.getByLabel('Place').fill('Nordby library, room 2');
    // Participants by search-as-you-type: type, Enter adds the first match, focus stays in the box.
    const search = newForm.getByRole('combobox', { name: 'Add a participant' });
    await search.fill('mett');
    await search.press('Enter');
    await newForm.getByRole('button', { name: 'Remove Mette' }).waitFor();
    await search.fill('bo');
    await newForm.getByRole('listbox', { name: 'Add a participant' }).getByRole('option', { name: /Bo/ }).click();
    await newForm.getByRole('button', { name: 'Remove Bo' }).waitFor();
    await newForm.getByRole('button', { name: 'Start dialogue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kick-off at the library' }).waitFor();

    // Three turns by keyboard only: Alt+digit picks the speaker (1 Bo, 2 Mette), Enter adds.
    const composer = page.getByRole('textbox', { name: 'Next turn' });
    await composer.focus();
    await page.keyboard.press('Alt+Digit2');
    await page.keyboard.type('Thank you all for coming. What would make Nordby feel less lonely?');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 1, Mette' }).waitFor();
    await page.keyboard.press('Alt+Digit1');
    await page.keyboard.type('A place to drop in without an appointment.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Somewhere with coffee.');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 2, Bo' }).waitFor();
    // The composer suggests Mette again (taking turns) and says so.
    await page.getByText('Next speaker: Mette — taking turns with Bo.').waitFor();
    await page.keyboard.type('The library has a room that is empty on Tuesdays.');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 3, Mette' }).waitFor();
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('listitem', { name: 'Turn 2, Bo' }).textContent()).toContain('A place to drop in without an appointment.\nSomewhere with coffee.');

    await page.getByRole('textbox', { name: 'Summary' }).fill('We looked for **places to meet**. The library offered a room.');
    await page.getByRole('textbox', { name: 'Decisions' }).fill('- Try Tuesday afternoons at the library');
    await page.getByRole('textbox', { name: 'Follow-ups' }).fill('- Mette asks the librarian');
    await page.getByRole('textbox', { name: 'Follow-ups' }).blur();
    await page.getByText('All changes saved').first().waitFor();
    await composer.focus();
    await page.keyboard.press('Alt+Digit1');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dialogues-02-dialogue');

    // Reorder by keyboard: Alt+ArrowUp on a focused turn.
    await page.getByRole('listitem', { name: 'Turn 3, Mette' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByRole('listitem', { name: 'Turn 2, Mette' }).waitFor();
    expect(await page.getByRole('listitem', { name: 'Turn 2, Mette' }).textContent()).toContain('empty on Tuesdays');

    // The stakeholder page shows the turns Mette spoke and links back to them.
    await page.getByRole('link', { name: 'Mette', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mette' }).waitFor();
    const spoken = page.getByRole('list', { name: 'Turns spoken' });
    await spoken.getByRole('listitem').first().waitFor();
    expect(await spoken.getByRole('listitem').count()).toBe(2);
    await page.getByLabel('Real name (Confidential)').fill('Mette Sørensen');
    await page.getByLabel('Consent status').selectOption('given');
    await page.getByLabel('Date of consent').fill('2026-03-02');
    await page.getByLabel('Date of consent').blur();
    await page.getByText('All changes saved').waitFor();
    await screenshot(page, 'dialogues-03-stakeholder');

    await spoken.getByRole('link', { name: /empty on Tuesdays/ }).click();
    const highlighted = page.locator('.turn--highlight');
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('aria-label')).toBe('Turn 2, Mette');

    // A small laptop window in the dark theme: the side column moves above the transcript.
    await page.setViewportSize({ width: 760, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dialogues-04-dialogue-narrow-dark');

    // The list of dialogues: a count line and rows that say where they are in the list.
    await page.getByRole('link', { name: 'All dialogues' }).first().click();
    const list = page.getByRole('list', { name: 'Dialogues' });
    const row = list.getByRole('listitem').first();
    await row.getByRole('link', { name: 'Kick-off at the library' }).waitFor();
    expect(await row.getAttribute('aria-posinset')).toBe('1');
    expect(await row.getAttribute('aria-setsize')).toBe('1');
    expect(await row.textContent()).toContain('3 turns');
    await page.getByText('1 dialogue, newest first').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dialogues-05-list-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'dialogues-06-list-wide-dark');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
