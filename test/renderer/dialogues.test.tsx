import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { SEARCH_LIMIT } from '../../renderer/src/features/dialogues/StakeholderSearch.js';
import { newId, nowIso } from '../../db/ids.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

// The journal runs for real under jsdom (SQLite, every request); on a busy machine a reload can take
// longer than Testing Library's default second. Nothing here asserts timing.
configure({ asyncUtilTimeout: 8000 });

function seed(db: Db, options: { turns?: string[] } = {}) {
  const project = createProject(db, { title: 'Nordby' });
  const mette = createStakeholder(db, { project_id: project.id, pseudonym: 'Mette', sector: 'public' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'citizen' });
  const ali = createStakeholder(db, { project_id: project.id, pseudonym: 'Ali', sector: 'voluntary' });
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'workshop', title: 'Kick-off at the library', place: 'Library' }, [mette.id, bo.id]);
  const turns = (options.turns ?? []).map((text, index) =>
    addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: index % 2 === 0 ? bo.id : mette.id, text }),
  );
  return { project, mette, bo, ali, dialogue, turns };
}

function open(path: string) {
  window.location.hash = `#${path}`;
}

const speakers = (db: Db, dialogueId: string) =>
  db
    .prepare(
      `SELECT t.position, coalesce(s.pseudonym, '?') AS speaker, t.text FROM dialogue_turns t LEFT JOIN stakeholders s ON s.id = t.speaker_id
       WHERE t.dialogue_id = ? AND t.deleted_at IS NULL ORDER BY t.position`,
    )
    .all(dialogueId);

/** The turn texts as the transcript shows them, in order. */
const shownTurns = () => [...document.querySelectorAll('.transcript .turn__text')].map((element) => element.textContent);

describe('dialogue screen', { timeout: 30_000 }, () => {
  it('adds three turns by keyboard, choosing speakers with Alt+digit and keeping focus in the composer', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Kick-off at the library' });
    const composer = await screen.findByRole('textbox', { name: 'Next turn' });
    const speaker = screen.getByRole('combobox', { name: 'Speaker' });
    // Participants are numbered by pseudonym: 1 Bo, 2 Mette.
    expect(within(speaker).getAllByRole('option').map((option) => option.textContent)).toEqual(['0 · Unknown speaker', '1 · Bo', '2 · Mette']);

    await user.click(composer);
    await user.keyboard('{Alt>}[Digit2]{/Alt}');
    expect((speaker as HTMLSelectElement).value).toBe(ids.mette.id);
    await user.keyboard('Shall we start?{Shift>}{Enter}{/Shift}Everyone here?{Enter}');
    await waitFor(() => expect(shownTurns()).toEqual(['Shall we start?\nEveryone here?']));
    expect(document.activeElement).toBe(composer);
    expect((composer as HTMLTextAreaElement).value).toBe('');

    await user.keyboard('{Alt>}[Digit1]{/Alt}Yes, let us begin.{Enter}');
    await waitFor(() => expect(shownTurns()).toHaveLength(2));
    // Two people taking turns: the next speaker is suggested, and the hint says so.
    expect((speaker as HTMLSelectElement).value).toBe(ids.mette.id);
    expect(screen.getByText(/Next speaker: Mette — taking turns with Bo\./)).toBeTruthy();

    await user.keyboard('{Alt>}[Digit0]{/Alt}(someone at the back){Enter}');
    await waitFor(() => expect(shownTurns()).toHaveLength(3));
    expect(document.activeElement).toBe(composer);

    expect(speakers(db, ids.dialogue.id)).toEqual([
      { position: 1, speaker: 'Mette', text: 'Shall we start?\nEveryone here?' },
      { position: 2, speaker: 'Bo', text: 'Yes, let us begin.' },
      { position: 3, speaker: '?', text: '(someone at the back)' },
    ]);
    const transcript = screen.getAllByRole('list').find((list) => list.classList.contains('transcript'))!;
    expect(within(transcript).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual([
      'Turn 1, Mette',
      'Turn 2, Bo',
      'Turn 3, Unknown speaker',
    ]);
  });

  it('adds a participant from the directory, then lets them speak', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    const search = await screen.findByRole('combobox', { name: 'Add from the directory' });
    await user.type(search, 'al');
    await user.click(screen.getByRole('option', { name: /Ali/ }));
    await screen.findByRole('button', { name: 'Remove Ali from the participants' });
    const composer = screen.getByRole('textbox', { name: 'Next turn' });
    await user.click(composer);
    await user.keyboard('{Alt>}[Digit1]{/Alt}I volunteer at the café.{Enter}');
    await waitFor(() => expect(shownTurns()).toEqual(['I volunteer at the café.']));
    expect(speakers(db, ids.dialogue.id)).toEqual([{ position: 1, speaker: 'Ali', text: 'I volunteer at the café.' }]);

    // A new stakeholder can be created inline with pseudonym and sector.
    await user.type(screen.getByLabelText('Pseudonym of the new stakeholder'), 'Karen');
    await user.selectOptions(screen.getByLabelText('Sector of the new stakeholder'), 'private');
    await user.click(screen.getByRole('button', { name: 'Create and add' }));
    await screen.findByRole('button', { name: 'Remove Karen from the participants' });
    expect(db.prepare(`SELECT sector FROM stakeholders WHERE pseudonym = 'Karen'`).pluck().get()).toBe('private');

    // Someone who has spoken cannot be removed; the reason is shown in words.
    await user.click(screen.getByRole('button', { name: 'Remove Ali from the participants' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Ali speaks in one turn of this dialogue');
  });

  it('reorders a focused turn with Alt+ArrowUp and the move buttons, and edits a turn in place', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db, { turns: ['First', 'Second', 'Third'] })) });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    const third = await screen.findByRole('listitem', { name: 'Turn 3, Bo' });
    third.focus();
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(speakers(db, ids.dialogue.id).map((row) => (row as { text: string }).text)).toEqual(['First', 'Third', 'Second']));
    await screen.findByRole('listitem', { name: 'Turn 2, Bo' });
    await waitFor(() => expect(document.activeElement?.id).toBe(`turn-${ids.turns[2]!.id}`));

    await user.click(screen.getByRole('button', { name: 'Move turn 1 down' }));
    await waitFor(() => expect(speakers(db, ids.dialogue.id).map((row) => (row as { text: string }).text)).toEqual(['Third', 'First', 'Second']));
    await waitFor(() => expect(shownTurns()).toEqual(['Third', 'First', 'Second']));

    await user.click(screen.getByRole('button', { name: 'Edit turn 2' }));
    const editor = screen.getByRole('textbox', { name: 'Text of turn 2' });
    await user.clear(editor);
    await user.type(editor, 'First, reworded');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(shownTurns()).toEqual(['Third', 'First, reworded', 'Second']));
    expect(screen.getByRole('button', { name: 'Edit turn 2' })).toBeTruthy();
    expect(db.prepare(`SELECT text, revision FROM dialogue_turns WHERE id = ?`).get(ids.turns[0]!.id)).toEqual({ text: 'First, reworded', revision: 2 });
  });

  it('opens at a turn with its reflections shown, and warns before deleting a cited turn', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({
      seed: (db) => {
        ids = seed(db, { turns: ['We miss a place to meet', 'The library is open'] });
        const now = nowIso();
        const reflectionId = newId();
        db.prepare(`INSERT INTO reflections (id, project_id, title, body, written_at, created_at, updated_at) VALUES (?, ?, 'On meeting places', '', ?, ?, ?)`).run(
          reflectionId,
          ids.project.id,
          now,
          now,
          now,
        );
        db.prepare(`INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, created_at) VALUES (?, ?, ?, 'turn', ?, ?)`).run(
          newId(),
          ids.project.id,
          reflectionId,
          ids.turns[0]!.id,
          now,
        );
      },
    });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}/turns/${ids.turns[0]!.id}`);
    const turn = await screen.findByRole('listitem', { name: 'Turn 1, Bo' });
    expect(turn.className).toContain('turn--highlight');
    expect(await within(turn).findByRole('link', { name: 'On meeting places' })).toBeTruthy();
    expect(within(turn).getByRole('button', { name: 'Hide reflections of turn 1' }).getAttribute('aria-expanded')).toBe('true');

    await user.click(within(turn).getByRole('button', { name: 'Edit turn 1' }));
    await user.click(within(turn).getByRole('button', { name: 'Delete' }));
    expect(within(turn).getByText('One reflection cites this. Its link keeps the quoted text.')).toBeTruthy();
    await user.click(within(turn).getByRole('button', { name: 'Move to trash' }));
    await waitFor(() => expect(speakers(db, ids.dialogue.id)).toEqual([{ position: 1, speaker: 'Mette', text: 'The library is open' }]));
    await waitFor(() => expect(shownTurns()).toEqual(['The library is open']));
    expect(screen.getByText('Turn 1 was moved to the trash.')).toBeTruthy();
  });

  it('asks for the citation counts of all its turns in one call, and shows them', async () => {
    const { db } = tempDatabase();
    const ids = seed(db, { turns: Array.from({ length: 30 }, (_, index) => `Turn text ${index + 1}`) });
    const now = nowIso();
    const reflectionId = newId();
    db.prepare(`INSERT INTO reflections (id, project_id, title, body, written_at, created_at, updated_at) VALUES (?, ?, 'On turns', '', ?, ?, ?)`).run(reflectionId, ids.project.id, now, now, now);
    for (const turn of [ids.turns[2]!, ids.turns[17]!]) {
      db.prepare(`INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, created_at) VALUES (?, ?, ?, 'turn', ?, ?)`).run(newId(), ids.project.id, reflectionId, turn.id, now);
    }
    const requests: { channel: string; input: { target_type?: string } }[] = [];
    renderApp({
      transport: (channel, input) => {
        requests.push({ channel, input: (input ?? {}) as { target_type?: string } });
        return dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
      },
    });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    await waitFor(() => expect(shownTurns()).toHaveLength(30));
    const cited = await screen.findAllByRole('button', { name: /^Turn \d+ prompted 1 reflection/ });
    expect(cited).toHaveLength(2);
    expect(requests.filter((request) => request.channel === 'links:backlinkCounts')).toHaveLength(1);
    // The dialogue itself may still ask for its own backlinks; no turn does.
    expect(requests.filter((request) => request.channel === 'links:backlinks' && request.input.target_type === 'turn')).toEqual([]);
  });

  it('saves header and write-up fields without a Save button', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    const about = await screen.findByRole('region', { name: 'About this dialogue' });
    const title = within(about).getByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Second workshop');
    await user.selectOptions(within(about).getByRole('combobox', { name: 'Kind' }), 'co_creation');
    await user.type(screen.getByRole('textbox', { name: 'Decisions' }), '- Meet on Tuesdays');
    await user.tab();
    await waitFor(() =>
      expect(db.prepare(`SELECT title, kind, decisions FROM dialogues WHERE id = ?`).get(ids.dialogue.id)).toEqual({
        title: 'Second workshop',
        kind: 'co_creation',
        decisions: '- Meet on Tuesdays',
      }),
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Second workshop' })).toBeTruthy();
    // The shared phase select: a phase, then none again.
    await user.selectOptions(within(about).getByRole('combobox', { name: 'Phase' }), 'Act');
    await waitFor(() => expect(db.prepare(`SELECT phase FROM dialogues WHERE id = ?`).pluck().get(ids.dialogue.id)).toBe('act'));
    await user.selectOptions(within(about).getByRole('combobox', { name: 'Phase' }), 'No phase');
    await waitFor(() => expect(db.prepare(`SELECT phase FROM dialogues WHERE id = ?`).pluck().get(ids.dialogue.id)).toBeNull());
  });
});

describe('dialogues list', { timeout: 30_000 }, () => {
  it('lists dialogues newest first and starts a new one with participants', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({
      seed: (db) => {
        ids = seed(db);
        createDialogue(db, { project_id: ids.project.id, kind: 'interview', title: 'Older interview', occurred_at: '2020-01-01T10:00:00.000Z' });
      },
    });
    open(`/projects/${ids.project.id}/dialogues`);
    const list = await screen.findByRole('list', { name: 'Dialogues' });
    expect(within(list).getAllByRole('link').map((link) => link.textContent)).toEqual(['Kick-off at the library', 'Older interview']);
    expect(within(list).getByText('Bo, Mette')).toBeTruthy();

    const form = screen.getByRole('region', { name: 'New dialogue' });
    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Walk in the park');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Kind' }), 'informal');
    await user.type(within(form).getByRole('combobox', { name: 'Add a participant' }), 'ali{Enter}');
    expect(within(form).getByRole('button', { name: 'Remove Ali' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Start dialogue' }));
    await screen.findByRole('heading', { level: 1, name: 'Walk in the park' });
    expect(await screen.findByRole('button', { name: 'Remove Ali from the participants' })).toBeTruthy();
    expect(db.prepare(`SELECT kind FROM dialogues WHERE title = 'Walk in the park'`).pluck().get()).toBe('informal');
  });
});

/** 500 stakeholders, among them Åse, Åsmund and Zoë; the rest are "Person 000" … "Person 496". */
function bigDirectory(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const special = ['Åse', 'Åsmund', 'Zoë'].map((pseudonym) => createStakeholder(db, { project_id: project.id, pseudonym, sector: 'citizen' }));
  db.transaction(() => {
    for (let i = 0; i < 497; i += 1) createStakeholder(db, { project_id: project.id, pseudonym: `Person ${String(i).padStart(3, '0')}`, sector: 'public' });
  })();
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'meeting', title: 'Big meeting' }, []);
  return { project, dialogue, ase: special[0]!, asmund: special[1]!, zoe: special[2]! };
}

const participantsOf = (db: Db, dialogueId: string) =>
  db
    .prepare(`SELECT s.pseudonym FROM dialogue_participants p JOIN stakeholders s ON s.id = p.stakeholder_id WHERE p.dialogue_id = ? ORDER BY s.pseudonym`)
    .pluck()
    .all(dialogueId);

/** The options the picker shows (its listbox is gone when nothing matches); not the options of the page's selects. */
function options(container: HTMLElement = document.body) {
  const listbox = within(container).queryByRole('listbox', { name: /Add a participant|Add from the directory/ });
  return listbox ? within(listbox).getAllByRole('option') : [];
}

describe('participant picker with 500 stakeholders', { timeout: 60_000 }, () => {
  it('starts a dialogue choosing participants by search, not from a wall of checkboxes', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof bigDirectory>;
    const { db } = renderApp({ seed: (db) => (ids = bigDirectory(db)) });
    open(`/projects/${ids.project.id}/dialogues`);
    const form = await screen.findByRole('region', { name: 'New dialogue' });
    const search = await within(form).findByRole('combobox', { name: 'Add a participant' });
    expect(within(form).queryAllByRole('checkbox')).toHaveLength(0);
    expect(options(form)).toHaveLength(SEARCH_LIMIT);
    expect(within(form).getByText('500 matches, showing the first 8; type more to narrow')).toBeTruthy();

    // Accents and case are ignored: "ase" finds Åse (first, as her name starts with it), "ZOE" finds Zoë.
    await user.type(search, 'ase');
    expect(options(form).map((option) => option.querySelector('.stakeholder-search__name')?.textContent)).toEqual(['Åse']);
    expect(within(form).getByText('1 match')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(within(form).getByRole('button', { name: 'Remove Åse' })).toBeTruthy();
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('');

    await user.type(search, 'ZOE');
    await user.click(within(form).getByRole('option', { name: /Zoë/ }));
    expect(document.activeElement).toBe(search);

    // Arrow keys move through the matches; the highlighted one is the active descendant.
    await user.type(search, 'person 12');
    expect(options(form)).toHaveLength(SEARCH_LIMIT);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = document.getElementById(search.getAttribute('aria-activedescendant')!);
    expect(active?.getAttribute('aria-selected')).toBe('true');
    expect(active?.textContent).toContain('Person 122');
    await user.keyboard('{Enter}');
    expect(within(form).getByRole('button', { name: 'Remove Person 122' })).toBeTruthy();

    // No one matches: said in words.
    await user.type(search, 'xyz');
    expect(options(form)).toHaveLength(0);
    expect(within(form).getByText('No one matches “xyz”')).toBeTruthy();
    await user.keyboard('{Escape}');

    // Removing a chip returns focus to the search.
    await user.click(within(form).getByRole('button', { name: 'Remove Zoë' }));
    expect(within(form).queryByRole('button', { name: 'Remove Zoë' })).toBeNull();
    expect(document.activeElement).toBe(search);

    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Town hall');
    await user.click(within(form).getByRole('button', { name: 'Start dialogue' }));
    await screen.findByRole('heading', { level: 1, name: 'Town hall' });
    const created = db.prepare(`SELECT id FROM dialogues WHERE title = 'Town hall'`).pluck().get() as string;
    expect(participantsOf(db, created)).toEqual(['Person 122', 'Åse']);
  });

  it('adds and removes participants of a dialogue through the search, saving each change', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof bigDirectory>;
    const { db } = renderApp({ seed: (db) => (ids = bigDirectory(db)) });
    open(`/projects/${ids.project.id}/dialogues/${ids.dialogue.id}`);
    const search = await screen.findByRole('combobox', { name: 'Add from the directory' });
    expect(options()).toHaveLength(SEARCH_LIMIT);

    await user.type(search, 'ås');
    expect(options().map((option) => option.querySelector('.stakeholder-search__name')?.textContent)).toEqual(['Åse', 'Åsmund']);
    await user.keyboard('{ArrowDown}{Enter}');
    await screen.findByRole('button', { name: 'Remove Åsmund from the participants' });
    await waitFor(() => expect(participantsOf(db, ids.dialogue.id)).toEqual(['Åsmund']));
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('');

    await user.type(search, 'ase');
    await user.click(screen.getByRole('option', { name: /Åse/ }));
    await screen.findByRole('button', { name: 'Remove Åse from the participants' });
    await waitFor(() => expect(participantsOf(db, ids.dialogue.id)).toEqual(['Åse', 'Åsmund']));
    // Someone already taking part is no longer offered.
    await user.type(search, 'ås');
    expect(options()).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Remove Åsmund from the participants' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove Åsmund from the participants' })).toBeNull());
    expect(participantsOf(db, ids.dialogue.id)).toEqual(['Åse']);
  });
});
