import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

const TURN = 'The library has a room that is empty on Tuesdays, and nobody knows it.';
const PASSAGE = 'empty on Tuesdays';

/**
 * A new user's first inquiry, end to end in Chromium: a project, a cycle, a field note, two
 * stakeholders, a dialogue with three turns, and a reflection linked to a passage of one turn; the turn
 * shows the backlink; after a reload everything is still there.
 */
describe('the journal, as a new user works (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps a whole first inquiry, with a reflection linked to a passage of a turn', async () => {
    const server = await startServer(join(tempDir(), 'withness.sqlite'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    const nav = page.getByRole('navigation', { name: 'Inquiry' });
    await page.goto(server.launchUrl);

    // The inquiry and its first cycle.
    await page.getByLabel('Title').fill('Loneliness and community in Nordby');
    await page.getByLabel('Research question or thematic concern').fill('How can citizens and the municipality create new communities together?');
    await page.getByRole('button', { name: 'Create inquiry' }).click();
    await page.getByRole('heading', { name: 'Start the first cycle' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Listening first');
    await page.getByLabel('Focus').fill('Who feels lonely, and who already reaches out?');
    await page.getByRole('button', { name: 'Create cycle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Listening first' }).waitFor();
    await screenshot(page, 'journey-01-cycle');

    // A field note, autosaved.
    await nav.getByRole('link', { name: 'Field notes' }).click();
    await page.getByRole('button', { name: 'New note' }).first().click();
    const note = page.getByRole('textbox', { name: 'Note', exact: true });
    await note.waitFor();
    await page.getByRole('textbox', { name: 'Title' }).fill('Coffee at the library');
    await note.fill('Eight people came. **Bo** stayed to wash up.');
    await page.getByText('All changes saved').first().waitFor();
    await screenshot(page, 'journey-02-note');

    // Two stakeholders.
    await nav.getByRole('link', { name: 'Stakeholders' }).click();
    const addForm = page.getByRole('region', { name: 'Add a stakeholder' });
    for (const [pseudonym, sector] of [
      ['Mette', 'public'],
      ['Bo', 'citizen'],
    ] as const) {
      await addForm.getByLabel('Pseudonym').fill(pseudonym);
      await addForm.getByLabel('Sector').selectOption(sector);
      await addForm.getByRole('button', { name: 'Add stakeholder' }).click();
      await page.getByText(`${pseudonym} was added to the directory.`).waitFor();
    }
    await screenshot(page, 'journey-03-stakeholders');

    // A dialogue with both, three turns by keyboard.
    await nav.getByRole('link', { name: 'Dialogues' }).click();
    const newDialogue = page.getByRole('region', { name: 'New dialogue' });
    await newDialogue.getByLabel('Kind').selectOption('workshop');
    await newDialogue.getByLabel('Title').fill('Kick-off at the library');
    // Participants by search-as-you-type: Enter adds the first match, and focus stays in the box.
    const participantSearch = newDialogue.getByRole('combobox', { name: 'Add a participant' });
    await participantSearch.fill('mett');
    await participantSearch.press('Enter');
    await newDialogue.getByRole('button', { name: 'Remove Mette' }).waitFor();
    await participantSearch.fill('bo');
    await participantSearch.press('Enter');
    await newDialogue.getByRole('button', { name: 'Remove Bo' }).waitFor();
    await newDialogue.getByRole('button', { name: 'Start dialogue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kick-off at the library' }).waitFor();
    await page.getByRole('textbox', { name: 'Next turn' }).focus();
    await page.keyboard.press('Alt+Digit2');
    await page.keyboard.type('What would make Nordby feel less lonely?');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 1, Mette' }).waitFor();
    await page.keyboard.press('Alt+Digit1');
    await page.keyboard.type('A place to drop in without an appointment.');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 2, Bo' }).waitFor();
    await page.keyboard.press('Alt+Digit2');
    await page.keyboard.type(TURN);
    await page.keyboard.press('Enter');
    await page.getByRole('listitem', { name: 'Turn 3, Mette' }).waitFor();
    await screenshot(page, 'journey-04-dialogue');

    // A reflection linked to a passage of the third turn, through the evidence picker.
    await nav.getByRole('link', { name: 'Reflections' }).click();
    await page.getByRole('button', { name: 'New reflection' }).first().click();
    await page.getByRole('radio', { name: 'Withness' }).waitFor();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('An empty room on Tuesdays');
    await page.getByLabel('Reflection', { exact: true }).fill('When Mette said it, I felt how much a *place* matters.');
    await page.getByText('All changes saved').first().waitFor();
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByRole('combobox', { name: 'Search the journal' }).fill('Tuesdays');
    const options = page.getByRole('listbox', { name: 'Events to choose from' }).getByRole('option');
    await options.first().waitFor();
    await options.first().click();
    const fullText = page.getByLabel(/Full text — select the passage/);
    await fullText.focus();
    const at = TURN.indexOf(PASSAGE);
    await fullText.evaluate((element: HTMLTextAreaElement, caret: number) => element.setSelectionRange(caret, caret), at);
    for (let index = 0; index < PASSAGE.length; index += 1) await page.keyboard.press('Shift+ArrowRight');
    await page.locator('blockquote', { hasText: PASSAGE }).waitFor();
    await page.getByRole('button', { name: 'Link the selected passage' }).click();
    const evidence = page.getByRole('list', { name: 'Evidence this reflection rests on' });
    await evidence.locator('blockquote', { hasText: PASSAGE }).waitFor();
    await screenshot(page, 'journey-05-reflection');

    // The turn shows the backlink.
    await evidence.getByRole('link', { name: /^Open Mette: / }).click();
    const turn = page.getByRole('listitem', { name: 'Turn 3, Mette' });
    await turn.getByRole('link', { name: 'An empty room on Tuesdays' }).waitFor();
    await screenshot(page, 'journey-06-turn-backlink');

    // Reload: everything is still there.
    await page.reload();
    await page.getByRole('listitem', { name: 'Turn 3, Mette' }).getByRole('link', { name: 'An empty room on Tuesdays' }).waitFor();
    expect(await page.getByRole('listitem', { name: 'Turn 3, Mette' }).textContent()).toContain(TURN);
    await nav.getByRole('link', { name: 'Reflections' }).click();
    await page.getByText('1 piece of evidence').waitFor();
    await nav.getByRole('link', { name: 'Field notes' }).click();
    await page.getByText('Coffee at the library').waitFor();
    await nav.getByRole('link', { name: 'Overview' }).click();
    await page.getByText('Listening first').first().waitFor();
    await screenshot(page, 'journey-07-overview-after-reload');
    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
