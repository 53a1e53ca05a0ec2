import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { addAttachment } from '../../db/repositories/attachments.js';
import { insertCoding } from '../../db/repositories/coding.js';
import { createCode } from '../../db/repositories/codes.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { createNote } from '../../db/repositories/notes.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { insertLink } from '../../db/repositories/links.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { createReflection } from '../../db/repositories/reflections.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { viewMemory } from '../../renderer/src/components/viewMemory';
import { seedNote } from '../helpers/seed.js';
import { renderApp } from './render-app.js';

// Real SQLite under jsdom: a reload can take more than a second on a busy machine. Nothing here asserts timing.
configure({ asyncUtilTimeout: 8000 });

afterEach(() => {
  viewMemory.clear();
});

function open(path: string) {
  window.location.hash = `#${path}`;
}

/** Deleting an item that stays on the same page must not drop focus to <body> (issue 13, keyboard). */
describe('focus after an in-page delete', { timeout: 30_000 }, () => {
  it('moves focus to the next phase entry’s Delete, the previous one when it was last, then the entries heading', async () => {
    const user = userEvent.setup({ delay: null });
    const ids = { project: '', cycle: '', entries: [] as string[] };
    const view = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const cycle = createCycle(db, { project_id: project.id, title: 'Listening' });
        ids.project = project.id;
        ids.cycle = cycle.id;
        ids.entries = ['Entry A', 'Entry B', 'Entry C'].map(
          (body, index) => createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body, occurred_at: `2026-01-0${index + 1}T10:00:00Z` }).id,
        );
        open(`/projects/${project.id}/cycles/${cycle.id}`);
      },
    });
    const card = (id: string) => document.getElementById(`entry-${id}`)!;
    const deleteOf = (id: string) => within(card(id)).getByRole('button', { name: 'Delete' });
    const remove = async (id: string) => {
      await user.click(deleteOf(id));
      await user.click(within(card(id)).getByRole('button', { name: 'Move to trash' }));
      await waitFor(() => expect(document.getElementById(`entry-${id}`)).toBeNull());
    };
    const live = () => within(screen.getByRole('region', { name: 'Phases' })).getAllByRole('status').map((element) => element.textContent);
    await screen.findByText('Entry B');

    await remove(ids.entries[1]!);
    expect(document.activeElement).toBe(deleteOf(ids.entries[2]!));
    expect(live()).toContain('Entry moved to the trash.');
    expect(view.db.prepare('SELECT count(*) FROM phase_entries WHERE deleted_at IS NULL').pluck().get()).toBe(2);

    await remove(ids.entries[2]!);
    expect(document.activeElement).toBe(deleteOf(ids.entries[0]!));

    await remove(ids.entries[0]!);
    await screen.findByText(/^Nothing written in this phase yet/);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 3, name: /^Entries/ }));
  });

  it('moves focus to the next turn, the previous one when it was last, then the transcript heading', async () => {
    const user = userEvent.setup({ delay: null });
    const ids = { project: '', dialogue: '', turns: [] as string[] };
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'citizen' });
        const dialogue = createDialogue(db, { project_id: project.id, kind: 'workshop', title: 'Kick-off' }, [bo.id]);
        ids.project = project.id;
        ids.dialogue = dialogue.id;
        ids.turns = ['One', 'Two', 'Three'].map((text) => addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: bo.id, text }).id);
        open(`/projects/${project.id}/dialogues/${dialogue.id}`);
      },
    });
    const item = (id: string) => document.getElementById(`turn-${id}`)!;
    const remove = async (id: string) => {
      await user.click(within(item(id)).getByRole('button', { name: /^Edit turn/ }));
      await user.click(within(item(id)).getByRole('button', { name: 'Delete' }));
      await user.click(within(item(id)).getByRole('button', { name: 'Move to trash' }));
      await waitFor(() => expect(document.getElementById(`turn-${id}`)).toBeNull());
    };
    await screen.findByText('Two');

    await remove(ids.turns[1]!);
    expect(document.activeElement).toBe(item(ids.turns[2]!));
    expect(screen.getByText('Turn 2 was moved to the trash.')).toBeTruthy();

    await remove(ids.turns[2]!);
    expect(document.activeElement).toBe(item(ids.turns[0]!));

    await remove(ids.turns[0]!);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Transcript' }));
  });

  it('moves focus to the next piece of evidence’s Remove, then the evidence heading', async () => {
    const user = userEvent.setup({ delay: null });
    let path = '';
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' }).id;
        const reflection = createReflection(db, { project_id: project, title: 'Hallen' }).id;
        for (const title of ['Kaffe i hallen', 'Bingo i hallen']) {
          const note = seedNote(db, project, { title });
          insertLink(db, { project_id: project, reflection_id: reflection, target_type: 'field_note', target_id: note });
        }
        path = `/projects/${project}/reflections/${reflection}`;
      },
    });
    open(path);
    const evidence = await screen.findByRole('list', { name: 'Evidence this reflection rests on' });
    const removeOf = (label: string) => within(evidence).queryByRole('button', { name: `Remove the link to ${label}` });
    await waitFor(() => expect(removeOf('Bingo i hallen')).not.toBeNull());

    await user.click(removeOf('Kaffe i hallen')!);
    await waitFor(() => expect(removeOf('Kaffe i hallen')).toBeNull());
    expect(document.activeElement).toBe(removeOf('Bingo i hallen'));
    expect(screen.getByText('Link removed.')).toBeTruthy();

    await user.click(removeOf('Bingo i hallen')!);
    await screen.findByText(/Not linked to evidence yet/);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Evidence this reflection rests on' }));
  });

  it('moves focus to the next attachment’s Remove, then the attachments heading; "Keep it" returns to Remove', async () => {
    const user = userEvent.setup({ delay: null });
    let path = '';
    const view = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' }).id;
        const note = seedNote(db, project, { title: 'Kaffe i hallen' });
        for (const name of ['agenda.txt', 'minutes.txt']) {
          addAttachment(db, { project_id: project, owner_type: 'field_note', owner_id: note, file_name: name, media_type: 'text/plain', content: Buffer.from(name) });
        }
        path = `/projects/${project}/notes/${note}`;
      },
    });
    open(path);
    const panel = await screen.findByRole('region', { name: 'Attachments' });
    const removeOf = (name: string) => within(panel).queryByRole('button', { name: `Remove ${name}` });
    await waitFor(() => expect(removeOf('minutes.txt')).not.toBeNull());

    await user.click(removeOf('minutes.txt')!);
    await user.click(within(panel).getByRole('button', { name: 'Keep it' }));
    expect(document.activeElement).toBe(removeOf('minutes.txt'));

    await user.click(removeOf('agenda.txt')!);
    await user.click(within(panel).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(removeOf('agenda.txt')).toBeNull());
    expect(document.activeElement).toBe(removeOf('minutes.txt'));
    expect(within(panel).getByRole('status').textContent).toContain('“agenda.txt” was moved to the trash');
    expect(view.db.prepare('SELECT file_name FROM attachments WHERE deleted_at IS NULL').pluck().all()).toEqual(['minutes.txt']);

    await user.click(removeOf('minutes.txt')!);
    await user.click(within(panel).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(removeOf('minutes.txt')).toBeNull());
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: 'Attachments' }));
  });

  it('moves focus to the next coded segment’s Remove coding, then the segments heading', async () => {
    const user = userEvent.setup({ delay: null });
    let project = '';
    renderApp({
      seed: (db) => {
        project = createProject(db, { title: 'Nordby' }).id;
        const code = createCode(db, { project_id: project, name: 'Beta', color: '#10b981' });
        for (const [title, day] of [['Bussen', '01'], ['Hallen', '02']] as const) {
          const note = seedNote(db, project, { title, occurred_at: `2025-09-${day}T08:00:00.000Z` });
          insertCoding(db, { project_id: project, code_id: code.id, target_type: 'field_note', target_id: note });
        }
      },
    });
    open(`/projects/${project}/codes`);
    await user.click(await within(await screen.findByRole('list', { name: 'Codes' })).findByRole('button', { name: /Beta/ }));
    await screen.findByText('2 segments');
    const removes = () => [...document.querySelectorAll<HTMLElement>('.segment .segment__remove')];
    const [first, second] = removes();

    await user.click(first!);
    await waitFor(() => expect(removes()).toEqual([second]));
    expect(document.activeElement).toBe(second);
    expect(screen.getByText('Coding removed.')).toBeTruthy();

    await user.click(second!);
    await screen.findByText(/Nothing is coded with “Beta” yet/);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Coded with “Beta”' }));
  });

  it('moves focus to the next code in the tree, skipping the deleted code’s own, then the code book heading', async () => {
    const user = userEvent.setup({ delay: null });
    let project = '';
    const view = renderApp({
      seed: (db) => {
        project = createProject(db, { title: 'Nordby' }).id;
        const alpha = createCode(db, { project_id: project, name: 'Alpha', color: '#10b981' });
        createCode(db, { project_id: project, name: 'Inner', color: '#10b981', parent_id: alpha.id });
        createCode(db, { project_id: project, name: 'Beta', color: '#10b981' });
        createCode(db, { project_id: project, name: 'Gamma', color: '#10b981' });
      },
    });
    open(`/projects/${project}/codes`);
    await screen.findByRole('list', { name: 'Codes' });
    // The tree goes when its last code does: look it up afresh each time.
    const item = (name: string) => {
      const tree = screen.queryByRole('list', { name: 'Codes' });
      return tree && within(tree).queryByRole('button', { name: new RegExp(`^${name}\\b`) });
    };
    const remove = async (name: string) => {
      await user.click(item(name)!);
      const editor = (await screen.findByRole('heading', { level: 2, name })).closest('section')!;
      await user.click(within(editor).getByRole('button', { name: 'Delete' }));
      await user.click(within(editor).getByRole('button', { name: 'Move to trash' }));
      await waitFor(() => expect(item(name)).toBeNull());
    };
    await waitFor(() => expect(item('Gamma')).not.toBeNull());

    await remove('Alpha');
    expect(document.activeElement).toBe(item('Beta'));
    expect(screen.getByText('Code “Alpha” moved to the trash.')).toBeTruthy();
    expect(view.db.prepare('SELECT name FROM codes WHERE deleted_at IS NULL ORDER BY name').pluck().all()).toEqual(['Beta', 'Gamma']);

    await remove('Gamma');
    expect(document.activeElement).toBe(item('Beta'));

    await remove('Beta');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Code book' }));
  });
  it('moves focus to the next participant’s Remove, the previous one when they were last, then the add search', async () => {
    const user = userEvent.setup({ delay: null });
    const view = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const people = ['Ada', 'Bo', 'Cai'].map((pseudonym) => createStakeholder(db, { project_id: project.id, pseudonym, sector: 'citizen' }).id);
        const dialogue = createDialogue(db, { project_id: project.id, kind: 'workshop', title: 'Kick-off' }, people);
        open(`/projects/${project.id}/dialogues/${dialogue.id}`);
      },
    });
    const removeOf = (name: string) => screen.queryByRole('button', { name: `Remove ${name} from the participants` });
    const remove = async (name: string) => {
      await user.click(removeOf(name)!);
      await waitFor(() => expect(removeOf(name)).toBeNull());
    };
    await waitFor(() => expect(removeOf('Cai')).not.toBeNull());

    await remove('Bo');
    expect(document.activeElement).toBe(removeOf('Cai'));
    await remove('Cai');
    expect(document.activeElement).toBe(removeOf('Ada'));
    await remove('Ada');
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Add from the directory' }));
    expect(view.db.prepare('SELECT count(*) FROM dialogue_participants').pluck().get()).toBe(0);
  });

  it('moves focus to the next tag’s remove button, the previous one when it was last, then the add-tag box', async () => {
    const user = userEvent.setup({ delay: null });
    const view = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const codes = ['Loneliness', 'Trust', 'Weather'].map((name) => createCode(db, { project_id: project.id, name }).id);
        const note = createNote(db, { project_id: project.id, title: 'At the library', code_ids: codes });
        open(`/projects/${project.id}/notes/${note.id}`);
      },
    });
    const removeOf = (name: string) => screen.queryByRole('button', { name: `Remove tag ${name}` });
    const remove = async (name: string) => {
      await user.click(removeOf(name)!);
      await waitFor(() => expect(removeOf(name)).toBeNull());
    };
    await waitFor(() => expect(removeOf('Weather')).not.toBeNull());

    await remove('Trust');
    expect(document.activeElement).toBe(removeOf('Weather'));
    await remove('Weather');
    expect(document.activeElement).toBe(removeOf('Loneliness'));
    await remove('Loneliness');
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: /tag/i }));
    // The note saves its tags on its own; wait for it, so nothing is still writing when the journal closes.
    await waitFor(() =>
      expect(view.db.prepare(`SELECT count(*) FROM code_applications WHERE target_type = 'field_note' AND deleted_at IS NULL`).pluck().get()).toBe(0),
    );
  });
});
