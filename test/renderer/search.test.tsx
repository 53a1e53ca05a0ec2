import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { createNote } from '../../db/repositories/notes.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { createClient } from '../../renderer/src/api/client';
import { StakeholderMap } from '../../renderer/src/features/codes/StakeholderMap';
import { createI18n } from '../../renderer/src/i18n';
import { I18nextProvider } from 'react-i18next';
import { tempDatabase } from '../helpers/temp.js';
import { viewMemory } from '../../renderer/src/components/viewMemory';
import { renderApp } from './render-app.js';

// The journal runs for real under jsdom; on a busy machine a search can take longer than a second.
configure({ asyncUtilTimeout: 8000 });

function seed(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const cycle = createCycle(db, { project_id: project.id, title: 'Lytte' });
  const anna = createStakeholder(db, { project_id: project.id, pseudonym: 'Anna', sector: 'citizen' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'public' });
  const note = createNote(db, {
    project_id: project.id,
    cycle_id: cycle.id,
    title: 'Bageriet om morgenen',
    body: 'Vi drak kaffe ved det lange bord. De bløde værdier fyldte.',
    occurred_at: '2025-09-01T08:00:00.000Z',
    stakeholder_ids: [bo.id],
  });
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', title: 'Samtale med Anna', cycle_id: cycle.id, occurred_at: '2025-09-03T10:00:00.000Z' }, [anna.id]);
  const turn = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Jeg er ikke ensom, jeg er bare alene. Kaffe hjælper.' });
  addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: anna.id, text: 'Om et år ved vi mere.' });
  const reflection = createReflection(db, { project_id: project.id, title: 'Om kaffe', body: 'Kaffen samler folk.', written_at: '2025-09-04T20:00:00.000Z' });
  for (let i = 0; i < 25; i++) {
    createNote(db, { project_id: project.id, title: `Besøg ${i + 1}`, body: `Besøg nummer ${i + 1} hos naboen.`, occurred_at: `2025-10-${String(i + 1).padStart(2, '0')}T09:00:00.000Z` });
  }
  return { project, cycle, anna, bo, note, dialogue, turn, reflection };
}

const open = (path: string) => {
  window.location.hash = `#${path}`;
};

beforeEach(() => {
  viewMemory.clear();
});

describe('search screen', { timeout: 30_000 }, () => {
  it('explains what to do before anything is typed', async () => {
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    expect(await screen.findByRole('heading', { name: 'Type to search' })).toBeTruthy();
    const box = screen.getByRole('searchbox', { name: 'Search this inquiry' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    // Where to start without a word: who spoke when; a cell filters the search by that person and cycle.
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Anna, Cycle 1: 2 turns, 0 notes' }));
    expect((screen.getByRole('combobox', { name: 'Stakeholder' }) as HTMLSelectElement).value).toBe(ids.anna.id);
    expect((screen.getByRole('combobox', { name: 'Cycle' }) as HTMLSelectElement).value).toBe(ids.cycle.id);
    expect(await screen.findByText('3 results')).toBeTruthy();
  });

  it('types, shows ranked results with the words marked, and opens a turn at the turn with arrow keys and Enter', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.type(box, 'kaffe');
    expect(await screen.findByText('3 results')).toBeTruthy();
    const results = screen.getAllByRole('link').filter((link) => link.classList.contains('search-hit__link'));
    // The reflection with "kaffe" in its title comes first.
    expect(results[0]!.textContent).toBe('Om kaffe');
    expect(results.map((link) => link.textContent).sort()).toEqual(['Anna: Jeg er ikke ensom, jeg er bare alene. Kaffe hjælper.', 'Bageriet om morgenen', 'Om kaffe']);
    const marks = document.querySelectorAll('.search-hit mark');
    expect(Array.from(marks).every((mark) => mark.textContent!.toLowerCase().startsWith('kaffe'))).toBe(true);
    expect(marks.length).toBeGreaterThanOrEqual(3);

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(results[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(results[2]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(results[2]);
    const turnIndex = results.findIndex((link) => link.textContent!.startsWith('Anna:'));
    await user.keyboard('{ArrowUp}'.repeat(2 - turnIndex));
    expect(document.activeElement).toBe(results[turnIndex]);
    await user.keyboard('{Enter}');
    // At the turn, and at the match in it ("Kaffe", code points 38–43).
    await waitFor(() => expect(window.location.hash).toBe(`#/projects/${ids.project.id}/dialogues/${ids.dialogue.id}/turns/${ids.turn.id}/match/38-43`));
    const mark = await waitFor(() => document.querySelector(`#turn-${ids.turn.id} mark.search-match`)!);
    expect(mark.textContent).toBe('Kaffe');
  });

  it('opens a note, a reflection and a phase entry at the match, found through a stem too, with the match selected or marked', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    let more!: { note: string; reflection: string; entry: string };
    const long = `${'Vi talte længe om mange ting.\n'.repeat(60)}Til sidst stod alle dørene åbne 😀 for naboerne.`;
    renderApp({
      seed: (db) => {
        ids = seed(db);
        more = {
          note: createNote(db, { project_id: ids.project.id, title: 'Opgangen', body: long, occurred_at: '2025-09-05T08:00:00.000Z' }).id,
          reflection: createReflection(db, { project_id: ids.project.id, title: 'Om at banke på', body: `${'Tanker.\n'.repeat(40)}Jeg bankede på døren hos Anna.`, written_at: '2025-09-06T20:00:00.000Z' }).id,
          entry: createPhaseEntry(db, { cycle_id: ids.cycle.id, phase: 'observe', body: 'Vi så **hvem** der kom.\n\nEn dør stod på klem; ved døren stod Bo.', author: 'Ida' }).id,
        };
      },
    });
    const search = async (query: string, label: string | RegExp) => {
      open(`/projects/${ids.project.id}/search`);
      const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
      await user.clear(box);
      await user.type(box, query);
      const link = await waitFor(() => {
        const found = screen
          .getAllByRole('link')
          .find((candidate) => candidate.classList.contains('search-hit__link') && (typeof label === 'string' ? candidate.textContent === label : label.test(candidate.textContent ?? '')));
        expect(found).toBeTruthy();
        return found!;
      });
      await user.click(link);
    };

    // A note found through the stem of "døren": opened with "dørene" selected in its text, 60 lines down (the text
    // box has to come to it).
    await search('døren', 'Opgangen');
    await waitFor(() => expect(window.location.hash).toMatch(new RegExp(`/notes/${more.note}/match/\\d+-\\d+$`)));
    const noteBody = (await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(noteBody));
    expect(noteBody.value.slice(noteBody.selectionStart, noteBody.selectionEnd)).toBe('dørene');

    // A reflection: the exact word, selected.
    await search('bankede', 'Om at banke på');
    await waitFor(() => expect(window.location.hash).toContain(`/reflections/${more.reflection}/match/`));
    const reflectionBody = (await screen.findByRole('textbox', { name: 'Reflection' })) as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(reflectionBody));
    expect(reflectionBody.value.slice(reflectionBody.selectionStart, reflectionBody.selectionEnd)).toBe('bankede');

    // A phase entry, found through the stem: its phase shown, the entry highlighted, the first word that shares the
    // stem of "dørene" marked in its rendered Markdown.
    await search('dørene', /^Vi så hvem der kom/);
    await waitFor(() => expect(window.location.hash).toContain(`/entries/${more.entry}/match/`));
    const mark = await waitFor(() => {
      const found = document.querySelector(`#entry-${more.entry} mark.search-match`);
      expect(found).toBeTruthy();
      return found!;
    });
    expect(mark.textContent).toBe('dør');
    expect(mark.closest('.phase-entry__body')).toBeTruthy();
    expect(document.activeElement).toBe(document.getElementById(`entry-${more.entry}`));
  });

  it('moves back up to the box and opens the first result with Enter in the box', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.type(box, 'bløde');
    expect(await screen.findByText('One result')).toBeTruthy();
    await user.keyboard('{ArrowDown}{ArrowUp}');
    expect(document.activeElement).toBe(box);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(window.location.hash).toBe(`#/projects/${ids.project.id}/notes/${ids.note.id}/match/37-42`));
  });

  it('keeps Danish letters apart and says when nothing matches, with a hint', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.type(box, 'blode');
    expect(await screen.findByRole('heading', { name: 'No results for “blode”' })).toBeTruthy();
    expect(screen.getByText(/ø, æ and å count as their own letters/)).toBeTruthy();
    await user.clear(box);
    await user.type(box, 'år');
    expect(await screen.findByText('One result')).toBeTruthy();
    expect(document.querySelector('.search-hit mark')?.textContent).toBe('år');
    await user.clear(box);
    await user.type(box, '"*()');
    expect(await screen.findByRole('heading', { name: '“"*()” holds no word to search for' })).toBeTruthy();
  });

  it('filters by kind, stakeholder and cycle, lists by filter alone, and pages', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.type(box, 'kaffe');
    await screen.findByText('3 results');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'turn');
    expect(await screen.findByText('One result')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Filters (one in use)' })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stakeholder' }), ids.bo.id);
    await waitFor(() => expect(screen.getAllByRole('link').filter((link) => link.classList.contains('search-hit__link')).map((link) => link.textContent)).toEqual(['Bageriet om morgenen']));

    // No words, only a filter: everything that matches it, newest first.
    await user.clear(box);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stakeholder' }), ids.anna.id);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cycle' }), ids.cycle.id);
    expect(await screen.findByText('Everything that matches the filters, newest first.')).toBeTruthy();
    expect(await screen.findByText('3 results')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('heading', { name: 'Type to search' })).toBeTruthy();

    // Paging: 26 notes mention "besøg"/"nummer"; 20 on a page.
    await user.type(box, 'nummer');
    expect(await screen.findByText('25 results')).toBeTruthy();
    expect(screen.getByText('Results 1–20 of 25')).toBeTruthy();
    expect((screen.getByRole('button', { name: '← Previous page' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Next page →' }));
    expect(await screen.findByText('Results 21–25 of 25')).toBeTruthy();
    expect(document.querySelectorAll('.search-hit')).toHaveLength(5);
  });

  it('says when a common word was ranked among its newest matches only, and pages through those, in English and Danish', { timeout: 120_000 }, async () => {
    // More notes with "kaffe" than the ranking bound (db/repositories/search.ts RANK_BOUND, 2,000).
    const many = (db: Db) => {
      const project = createProject(db, { title: 'Nordby' });
      db.transaction(() => {
        for (let i = 0; i < 2_010; i += 1) {
          createNote(db, { project_id: project.id, title: `Morgen ${i}`, body: 'Vi drak kaffe.', occurred_at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString() });
        }
      })();
      return project;
    };
    const user = userEvent.setup({ delay: null });
    let project!: ReturnType<typeof many>;
    const english = renderApp({ seed: (db) => (project = many(db)) });
    open(`/projects/${project.id}/search`);
    await user.type(await screen.findByRole('searchbox', { name: 'Search this inquiry' }), 'kaffe');
    expect(await screen.findByText('Ranked among the newest 2,000 of 2,010 matches — add a word to rank them all.')).toBeTruthy();
    expect(screen.getByText(/^2,?010 results$/)).toBeTruthy();
    // Only the ranked ones are listed: the pages end at 2,000.
    expect(screen.getByText(/^Results 1–20 of 2,?000$/)).toBeTruthy();
    english.unmount();

    renderApp({ language: 'da', seed: (db) => (project = many(db)) });
    open(`/projects/${project.id}/search`);
    await user.type(await screen.findByRole('searchbox', { name: 'Søg i denne undersøgelse' }), 'kaffe');
    expect(await screen.findByText('Rangeret blandt de nyeste 2.000 af 2.010 resultater – tilføj et ord for at rangere dem alle.')).toBeTruthy();
  });

  it('focuses the box with / and Ctrl+K, but lets / be typed into other fields', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.click(screen.getByRole('heading', { level: 1, name: 'Search' }));
    expect(document.activeElement).not.toBe(box);
    await user.keyboard('/');
    expect(document.activeElement).toBe(box);
    expect((box as HTMLInputElement).value).toBe('');
    await user.click(screen.getByRole('heading', { level: 1, name: 'Search' }));
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement).toBe(box);
    await user.type(box, 'a/b');
    expect((box as HTMLInputElement).value).toBe('a/b');
  });

  it('remembers the search when coming back from a result', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    await user.type(await screen.findByRole('searchbox', { name: 'Search this inquiry' }), 'bageriet');
    await user.click(await screen.findByRole('link', { name: 'Bageriet om morgenen' }));
    await waitFor(() => expect(window.location.hash).toContain('/notes/'));
    open(`/projects/${ids.project.id}/search`);
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    expect((box as HTMLInputElement).value).toBe('bageriet');
    expect(await screen.findByRole('link', { name: 'Bageriet om morgenen' })).toBeTruthy();
  });

  it('speaks Danish', async () => {
    let ids!: ReturnType<typeof seed>;
    renderApp({ language: 'da', seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/search`);
    expect(await screen.findByRole('heading', { name: 'Skriv for at søge' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Søg i denne undersøgelse' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Hvem talte hvornår' })).toBeTruthy();
  });
});

describe('StakeholderMap', { timeout: 30_000 }, () => {
  function renderMap(seedDb: (db: Db) => string) {
    const { db } = tempDatabase();
    const projectId = seedDb(db);
    const client = createClient((channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true }));
    const { hook } = memoryLocation({ path: '/' });
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ClientProvider client={client}>
          <Router hook={hook}>
            <StakeholderMap projectId={projectId} />
          </Router>
        </ClientProvider>
      </I18nextProvider>,
    );
  }

  it('shows turns and notes per stakeholder and cycle, grouped by sector, and opens a cell by keyboard', async () => {
    const user = userEvent.setup({ delay: null });
    renderMap((db) => seed(db).project.id);
    const table = await screen.findByRole('table', { name: 'Turns spoken and notes involved per stakeholder and cycle' });
    expect(within(table).getByRole('columnheader', { name: /Cycle 1/ })).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'Anna' })).toBeTruthy();
    expect(within(table).getByText('Citizen')).toBeTruthy();
    expect(within(table).getByText('Public sector')).toBeTruthy();
    const anna = within(table).getByRole('button', { name: 'Anna, Cycle 1: 2 turns, 0 notes' });
    expect(within(table).getByRole('button', { name: 'Bo, Cycle 1: 0 turns, 1 notes' })).toBeTruthy();
    expect(anna.getAttribute('aria-pressed')).toBe('false');
    anna.focus();
    await user.keyboard('{Enter}');
    expect(anna.getAttribute('aria-pressed')).toBe('true');
    expect(await screen.findByRole('heading', { name: 'Anna in Cycle 1' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: /Jeg er ikke ensom, jeg er bare alene/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Om et år ved vi mere/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('heading', { name: 'Anna in Cycle 1' })).toBeNull();
  });

  it('explains what to do when there are no stakeholders', async () => {
    renderMap((db) => createProject(db, { title: 'Tom' }).id);
    expect(await screen.findByText(/No stakeholders yet/)).toBeTruthy();
  });
});
