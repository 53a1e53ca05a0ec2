import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { putDraft } from '../../db/repositories/drafts.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { insertLink } from '../../db/repositories/links.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { createClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { UnlinkedReflections } from '../../renderer/src/features/reflections/UnlinkedReflections';
import { createI18n } from '../../renderer/src/i18n';
import { passageFromSelection, toCodePointOffset } from '../../renderer/src/features/reflections/codePoints';
import { seedDialogue, seedNote, seedProject, seedStakeholder, seedTurn } from '../helpers/seed.js';
import { tempDatabase } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

const TURN_TEXT = 'Jeg blev rørt 🥲 da Søren sagde: "vi er her for hinanden".';

function seedJournal(db: Db) {
  const project = seedProject(db, 'Nordby');
  const karen = seedStakeholder(db, project, 'Karen');
  const dialogue = seedDialogue(db, project, { title: 'Workshop på biblioteket', occurred_at: '2026-03-02T10:00:00.000Z' });
  const turn = seedTurn(db, project, dialogue, TURN_TEXT, karen);
  const note = seedNote(db, project, { title: 'Kaffe i hallen', body: 'Vi talte om fællesskab.', occurred_at: '2026-03-01T10:00:00.000Z' });
  return { project, dialogue, turn, note };
}

describe('code points in the renderer', () => {
  it('turns a UTF-16 selection into code-point offsets, never splitting an emoji, and trims spaces', () => {
    const emoji = TURN_TEXT.indexOf('🥲');
    expect(toCodePointOffset(TURN_TEXT, emoji + 2)).toBe(emoji + 1);
    // A selection ending inside the emoji's surrogate pair is widened to the whole emoji.
    expect(passageFromSelection(TURN_TEXT, emoji - 5, emoji + 1)).toEqual({ start: emoji - 5, end: emoji + 1, text: 'rørt 🥲' });
    expect(passageFromSelection(TURN_TEXT, 8, 14)).toEqual({ start: 9, end: 13, text: 'rørt' });
    expect(passageFromSelection(TURN_TEXT, 3, 3)).toBeUndefined();
    // Textareas show "\r\n" as "\n": offsets map back to the stored text.
    expect(passageFromSelection('a\r\nbæ😀c', 2, 6)).toEqual({ start: 3, end: 6, text: 'bæ😀' });
  });
});

const SLOW = 30_000;

describe('reflections screens', () => {
  it('lists reflections newest first with mode, date and evidence count, and filters the unlinked', async () => {
    const user = userEvent.setup();
    let project = '';
    renderApp({
      seed: (db) => {
        const seeded = seedJournal(db);
        project = seeded.project;
        const linked = createReflection(db, { project_id: project, title: 'Tillid', mode: 'aboutness', written_at: '2026-03-03T09:00:00Z' });
        createReflection(db, { project_id: project, title: 'Savn', written_at: '2026-03-04T09:00:00Z' });
        insertLink(db, { project_id: project, reflection_id: linked.id, target_type: 'field_note', target_id: seeded.note });
      },
    });
    window.location.hash = `#/projects/${project}/reflections`;
    const list = await screen.findByRole('list', { name: 'Reflections, newest first' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('link').textContent)).toEqual(['Savn', 'Tillid']);
    expect(within(items[0]!).getByText('No evidence yet')).toBeTruthy();
    expect(within(items[1]!).getByText('1 piece of evidence')).toBeTruthy();
    expect(within(items[1]!).getByText('Aboutness')).toBeTruthy();
    expect(screen.getByText('2 reflections')).toBeTruthy();
    expect(items.map((item) => [item.getAttribute('aria-posinset'), item.getAttribute('aria-setsize')])).toEqual([
      ['1', '2'],
      ['2', '2'],
    ]);

    await user.click(screen.getByLabelText('Only reflections not yet linked to evidence'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Reflections, newest first' })).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Savn' })).toBeTruthy();
    expect(screen.getByText('One reflection without evidence')).toBeTruthy();
  }, SLOW);

  it('shows a plain preview and the count, and renders only the rows in view', async () => {
    window.scrollTo = () => undefined;
    let project = '';
    let ids: string[] = [];
    renderApp({
      seed: (db) => {
        project = seedProject(db, 'Nordby');
        db.transaction(() => {
          for (let i = 0; i < 130; i++) {
            const day = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
            createReflection(db, { project_id: project, title: `Refleksion ${i}`, body: i === 129 ? '**Stærk** tanke om [tillid](withness://x)' : '', written_at: day });
          }
        })();
        ids = db.prepare(`SELECT title FROM reflections ORDER BY written_at DESC, id DESC`).pluck().all() as string[];
      },
    });
    window.location.hash = `#/projects/${project}/reflections`;
    const list = await screen.findByRole('list', { name: 'Reflections, newest first' });
    expect(screen.getByText('130 reflections')).toBeTruthy();
    const firstRow = within(list).getAllByRole('listitem')[0]!;
    expect(within(firstRow).getByRole('link').textContent).toBe(ids[0]);
    expect(within(firstRow).getByText('Stærk tanke om tillid')).toBeTruthy();
    expect(firstRow.getAttribute('aria-setsize')).toBe('130');
    // Only the rows in view are in the page.
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40);
    expect(screen.queryByRole('link', { name: ids[120] })).toBeNull();

    // Scrolling to the next page is tested in Chromium (test/e2e/reflections.test.ts): jsdom lays nothing out.
  }, SLOW);

  it('creates a new reflection, chooses its mode and autosaves its text', async () => {
    const user = userEvent.setup();
    let project = '';
    const { db } = renderApp({ seed: (db) => void (project = seedJournal(db).project) });
    window.location.hash = `#/projects/${project}/reflections`;
    await user.click(await screen.findByRole('button', { name: 'New reflection' }));
    const withness = await screen.findByRole('radio', { name: 'Withness' });
    expect((withness as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/Thinking from within the relationship/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Aboutness' }));
    await user.type(screen.getByLabelText('Title'), 'Om fællesskab');
    await user.type(screen.getByLabelText('Reflection'), 'Det *bevægede* mig.');
    await user.tab();
    await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy());
    expect(db.prepare('SELECT mode, title, body, phase FROM reflections').get()).toEqual({
      mode: 'aboutness',
      title: 'Om fællesskab',
      body: 'Det *bevægede* mig.',
      phase: 'reflect',
    });
    await user.click(screen.getByRole('button', { name: 'Show preview' }));
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(preview.querySelector('em')?.textContent).toBe('bevægede');
  }, SLOW);

  it('adds a passage link through the picker by keyboard', async () => {
    const user = userEvent.setup();
    let seeded!: ReturnType<typeof seedJournal>;
    let reflection = '';
    const { db } = renderApp({
      seed: (db) => {
        seeded = seedJournal(db);
        reflection = createReflection(db, { project_id: seeded.project, title: 'Rørt' }).id;
      },
    });
    window.location.hash = `#/projects/${seeded.project}/reflections/${reflection}`;
    expect(await screen.findByText(/Not linked to evidence yet/)).toBeTruthy();

    const add = screen.getByRole('button', { name: 'Add evidence' });
    add.focus();
    await user.keyboard('{Enter}');
    const search = await screen.findByRole('combobox', { name: 'Search the journal' });
    expect(document.activeElement).toBe(search);
    await user.keyboard('søren sag');
    const listbox = screen.getByRole('listbox', { name: 'Events to choose from' });
    await waitFor(() => expect(within(listbox).getAllByRole('option')).toHaveLength(1));
    const option = within(listbox).getByRole('option');
    expect(option.getAttribute('aria-selected')).toBe('true');
    expect(option.textContent).toContain('Karen: Jeg blev rørt');
    expect(within(option).getByText('Søren').tagName).toBe('MARK');
    await user.keyboard('{Enter}');

    const text = (await screen.findByLabelText(/Full text — select the passage/)) as HTMLTextAreaElement;
    expect(text.value).toBe(TURN_TEXT);
    expect(text.getAttribute('aria-readonly')).toBe('true');
    // Keyboard selection: put the caret before the quote, then extend with Shift+ArrowRight.
    await user.tab();
    await user.tab();
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(text);
    const quoteStart = TURN_TEXT.indexOf('vi er');
    text.setSelectionRange(quoteStart, quoteStart);
    await user.keyboard(`{Shift>}${'{ArrowRight}'.repeat('vi er her for hinanden'.length)}{/Shift}`);
    if (text.selectionStart === text.selectionEnd) {
      // user-event in jsdom moves the caret but does not extend the selection with Shift+arrows (the
      // e2e test does this in Chromium); make the selection the browser would have made.
      text.setSelectionRange(quoteStart, quoteStart + 'vi er her for hinanden'.length);
      fireEvent.select(text);
    }
    const quote = await screen.findByText('vi er her for hinanden', { selector: 'blockquote' });
    expect(quote).toBeTruthy();

    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Comment (optional)'));
    await user.keyboard('Her blev det konkret');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Link the selected passage' }));
    await user.keyboard('{Enter}');

    const evidence = await screen.findByRole('list', { name: 'Evidence this reflection rests on' });
    const item = within(evidence).getByRole('listitem');
    expect(within(item).getByText('vi er her for hinanden', { selector: 'blockquote' })).toBeTruthy();
    expect(within(item).getByText('Her blev det konkret')).toBeTruthy();
    const open = within(item).getByRole('link', { name: /^Open Karen: Jeg blev rørt/ });
    expect(open.getAttribute('href')).toBe(`#/projects/${seeded.project}/dialogues/${seeded.dialogue}/turns/${seeded.turn}`);

    // Offsets are code points: the emoji before the quote counts once.
    const utf16 = TURN_TEXT.indexOf('vi er');
    expect(db.prepare('SELECT excerpt_start, excerpt_end, excerpt_text, comment FROM prompt_links').get()).toEqual({
      excerpt_start: utf16 - 1,
      excerpt_end: utf16 - 1 + 22,
      excerpt_text: 'vi er her for hinanden',
      comment: 'Her blev det konkret',
    });
  }, SLOW);

  it('links a whole event chosen from the browse list, and removes a link', async () => {
    const user = userEvent.setup();
    let seeded!: ReturnType<typeof seedJournal>;
    let reflection = '';
    const { db } = renderApp({
      seed: (db) => {
        seeded = seedJournal(db);
        reflection = createReflection(db, { project_id: seeded.project, title: 'Hallen' }).id;
      },
    });
    window.location.hash = `#/projects/${seeded.project}/reflections/${reflection}`;
    await user.click(await screen.findByRole('button', { name: 'Add evidence' }));
    await user.selectOptions(screen.getByLabelText('Show'), 'field_note');
    const listbox = screen.getByRole('listbox', { name: 'Events to choose from' });
    await waitFor(() => expect(within(listbox).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Kaffe i hallen')]));
    await user.click(within(listbox).getByRole('option'));
    await user.click(await screen.findByRole('button', { name: 'Link the whole event' }));
    const evidence = await screen.findByRole('list', { name: 'Evidence this reflection rests on' });
    expect(within(evidence).getByText('Whole event')).toBeTruthy();
    expect(db.prepare('SELECT excerpt_text FROM prompt_links').pluck().get()).toBeNull();

    // Escape closes the picker and gives focus back to "Add evidence".
    await user.click(screen.getByRole('button', { name: 'Add evidence' }));
    await screen.findByRole('combobox', { name: 'Search the journal' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add evidence' })));
    expect(screen.queryByRole('combobox', { name: 'Search the journal' })).toBeNull();

    await user.click(within(evidence).getByRole('button', { name: 'Remove the link to Kaffe i hallen' }));
    expect(await screen.findByText(/Not linked to evidence yet/)).toBeTruthy();
    expect(db.prepare('SELECT deleted_at IS NOT NULL FROM prompt_links').pluck().get()).toBe(1);
  }, SLOW);

  it('shows a trashed target with its quoted passage and an "in the trash" marker', async () => {
    let seeded!: ReturnType<typeof seedJournal>;
    let reflection = '';
    renderApp({
      seed: (db) => {
        seeded = seedJournal(db);
        reflection = createReflection(db, { project_id: seeded.project, title: 'Efter' }).id;
        insertLink(db, {
          project_id: seeded.project,
          reflection_id: reflection,
          target_type: 'field_note',
          target_id: seeded.note,
          excerpt: { start: 3, end: 8, text: 'talte' },
        });
        trashEntity(db, 'field_note', seeded.note);
      },
    });
    window.location.hash = `#/projects/${seeded.project}/reflections/${reflection}`;
    const evidence = await screen.findByRole('list', { name: 'Evidence this reflection rests on' });
    expect(within(evidence).getByText('in the trash')).toBeTruthy();
    expect(within(evidence).getByText('talte', { selector: 'blockquote' })).toBeTruthy();
    expect(within(evidence).queryByRole('link')).toBeNull();
  }, SLOW);

  it('offers a recovered draft', async () => {
    const user = userEvent.setup();
    let project = '';
    let reflection = '';
    renderApp({
      seed: (db) => {
        project = seedProject(db);
        const row = createReflection(db, { project_id: project, title: 'Kladde', body: 'gemt' });
        reflection = row.id;
        putDraft(db, {
          key: `reflection:${row.id}`,
          project_id: project,
          record_type: 'reflection',
          record_id: row.id,
          body: JSON.stringify({ mode: row.mode, title: 'Kladde', body: 'ikke gemt endnu', cycle_id: null, phase: null, written_at: row.written_at }),
        });
      },
    });
    window.location.hash = `#/projects/${project}/reflections/${reflection}`;
    await user.click(await screen.findByRole('button', { name: 'Use the draft' }));
    expect((screen.getByLabelText('Reflection') as HTMLTextAreaElement).value).toBe('ikke gemt endnu');
    // The recovered text is saved like any edit.
    await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy());
    localStorage.clear();
  }, SLOW);

  it('shows reflections without evidence for the overview, and nothing when all are linked', async () => {
    const { db } = tempDatabase();
    const project = seedProject(db);
    const note = seedNote(db, project, { body: 'x' });
    const lonely = createReflection(db, { project_id: project, title: 'Uden empiri', written_at: '2026-03-04T09:00:00Z' });
    const client = createClient((channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true }));
    const show = () =>
      render(
        <I18nextProvider i18n={createI18n('en')}>
          <ClientProvider client={client}>
            <Router hook={useHashLocation}>
              <UnlinkedReflections projectId={project} />
            </Router>
          </ClientProvider>
        </I18nextProvider>,
      );
    const first = show();
    const section = await screen.findByRole('region', { name: 'Reflections without evidence' });
    expect(within(section).getByRole('link', { name: 'Uden empiri' }).getAttribute('href')).toBe(`#/projects/${project}/reflections/${lonely.id}`);
    expect(within(section).getByText(/This reflection is not yet linked/)).toBeTruthy();
    expect(within(section).queryByText(/more: see all/)).toBeNull();
    first.unmount();

    // Many: the newest ten are named, the rest counted.
    const more = db.transaction(() => Array.from({ length: 12 }, (_, i) => createReflection(db, { project_id: project, title: `Flere ${i}`, written_at: `2026-04-${String(i + 1).padStart(2, '0')}T09:00:00Z` })))();
    const many = show();
    const crowded = await screen.findByRole('region', { name: 'Reflections without evidence' });
    expect(within(crowded).getByText(/These 13 reflections are not yet linked/)).toBeTruthy();
    expect(within(crowded).getAllByRole('listitem')).toHaveLength(10);
    expect(within(crowded).getByRole('link', { name: 'Flere 11' })).toBeTruthy();
    expect(within(crowded).getByRole('link', { name: 'And 3 more: see all on the Reflections screen' }).getAttribute('href')).toBe(`#/projects/${project}/reflections`);
    many.unmount();
    for (const reflection of more) trashEntity(db, 'reflection', reflection.id);

    insertLink(db, { project_id: project, reflection_id: lonely.id, target_type: 'field_note', target_id: note });
    const second = show();
    await waitFor(() => expect(second.container.innerHTML).toBe(''));
    expect(screen.queryByRole('region', { name: 'Reflections without evidence' })).toBeNull();
  }, SLOW);

  it('speaks Danish', async () => {
    let project = '';
    renderApp({ language: 'da', seed: (db) => void (project = seedProject(db)) });
    window.location.hash = `#/projects/${project}/reflections`;
    expect(await screen.findByRole('heading', { name: 'Ingen refleksioner endnu' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ny refleksion' })).toBeTruthy();
  }, SLOW);
});
