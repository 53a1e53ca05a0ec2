import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createCode } from '../../db/repositories/codes.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { putDraft } from '../../db/repositories/drafts.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { seedCycle, seedStakeholder } from '../helpers/seed.js';
import { viewMemory } from '../../renderer/src/components/viewMemory';
import { renderApp } from './render-app.js';

const SAVE = { timeout: 4000 };
const SLOW = 30_000;

beforeAll(() => {
  // The app loads over the real API on a real file; allow for a busy machine.
  configure({ asyncUtilTimeout: 5000 });
  // jsdom has no scrolling; the virtualised list asks for it.
  window.scrollTo = () => undefined;
});

function seedProject(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const cycle = seedCycle(db, project.id, 1, 'Getting to know');
  const anna = seedStakeholder(db, project.id, 'Anna');
  const bo = seedStakeholder(db, project.id, 'Bo');
  return { project, cycle, anna, bo };
}

function open(path: string) {
  window.location.hash = `#${path}`;
}

describe('notes list', () => {
  it('explains how to write a note, mentioning the quick-capture shortcut, and "New note" opens a new one', async () => {
    const user = userEvent.setup({ delay: null });
    let projectId = '';
    const { db } = renderApp({
      seed: (db) => {
        projectId = seedProject(db).project.id;
        open(`/projects/${projectId}/notes`);
      },
    });
    const empty = await screen.findByRole('heading', { name: 'No field notes yet' });
    expect(empty.parentElement!.textContent).toContain('Ctrl+Alt+N');
    await user.click(screen.getByRole('button', { name: 'New note' }));
    await screen.findByRole('textbox', { name: 'Note' });
    const ids = db.prepare('SELECT id FROM field_notes').pluck().all() as string[];
    expect(ids).toHaveLength(1);
    expect(window.location.hash).toBe(`#/projects/${projectId}/notes/${ids[0]}`);
  });

  it('lists notes newest first with their first line, and filters by cycle', async () => {
    const user = userEvent.setup({ delay: null });
    renderApp({
      seed: (db) => {
        const { project, cycle } = seedProject(db);
        createNote(db, { project_id: project.id, body: 'Older, outside any cycle', occurred_at: '2025-01-01T10:00:00Z' });
        createNote(db, { project_id: project.id, title: 'Library visit', body: '## Anna came early\nmore', cycle_id: cycle, phase: 'observe', occurred_at: '2025-02-01T10:00:00Z' });
        open(`/projects/${project.id}/notes`);
      },
    });
    const list = await screen.findByRole('list', { name: 'Field notes, newest first' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const links = within(list).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Library visit', 'Older, outside any cycle']);
    expect(within(list).getByText('Anna came early')).toBeTruthy();
    expect(within(list).getByText('Observe')).toBeTruthy();
    expect(screen.getByText('2 notes')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Show notes from'), 'Cycle 1: Getting to know');
    await waitFor(() => expect(screen.getByText('One note')).toBeTruthy());
    expect(within(screen.getByRole('list', { name: 'Field notes, newest first' })).getAllByRole('link').map((link) => link.textContent)).toEqual(['Library visit']);
    await user.selectOptions(screen.getByLabelText('Show notes from'), 'Outside any cycle');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Field notes, newest first' })).getAllByRole('link').map((link) => link.textContent)).toEqual(['Older, outside any cycle']));
    viewMemory.clear();
  });
});

describe('note editor', () => {
  it('autosaves what is written, with stakeholders and a tag created inline, into the database', async () => {
    const user = userEvent.setup({ delay: null });
    let noteId = '';
    let ids: ReturnType<typeof seedProject> | undefined;
    const { db } = renderApp({
      seed: (db) => {
        ids = seedProject(db);
        createCode(db, { project_id: ids.project.id, name: 'Belonging' });
        createCycle(db, { project_id: ids.project.id, parent_id: ids.cycle, title: 'Interviews' });
        noteId = createNote(db, { project_id: ids.project.id }).id;
        open(`/projects/${ids.project.id}/notes/${noteId}`);
      },
    });
    const body = await screen.findByRole('textbox', { name: 'Note' });
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Coffee morning');
    await user.click(body);
    await user.keyboard('Anna brought **cake**.');
    await user.click(screen.getByRole('checkbox', { name: /Bo/ }));
    await user.type(screen.getByRole('textbox', { name: 'Place' }), 'Nordby library');
    // A sub-cycle is named by its full number, as everywhere else.
    expect(within(screen.getByRole('combobox', { name: 'Cycle' })).getByRole('option', { name: /^\W*Cycle 1\.1: Interviews$/ })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cycle' }), 'Cycle 1: Getting to know');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Phase' }), 'Observe');

    const tagInput = screen.getByRole('combobox', { name: 'Add a tag' });
    await user.click(tagInput);
    await user.keyboard('Trust');
    expect(screen.getByRole('option', { name: 'Create tag “Trust”' })).toBeTruthy();
    await user.keyboard('{Enter}');
    await user.keyboard('Bel');
    expect(await screen.findByRole('option', { name: 'Belonging' })).toBeTruthy();
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect(await screen.findByRole('button', { name: 'Remove tag Trust' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove tag Belonging' })).toBeTruthy();

    await waitFor(() => {
      const row = db.prepare('SELECT * FROM field_notes WHERE id = ?').get(noteId) as Record<string, unknown>;
      expect(row).toMatchObject({ title: 'Coffee morning', body: 'Anna brought **cake**.', place: 'Nordby library', cycle_id: ids!.cycle, phase: 'observe' });
      const codes = db
        .prepare(`SELECT c.name FROM code_applications a JOIN codes c ON c.id = a.code_id WHERE a.target_id = ? AND a.deleted_at IS NULL ORDER BY c.name`)
        .pluck()
        .all(noteId);
      expect(codes).toEqual(['Belonging', 'Trust']);
      expect(db.prepare('SELECT stakeholder_id FROM field_note_stakeholders WHERE note_id = ?').pluck().all(noteId)).toEqual([ids!.bo]);
    }, SAVE);
    await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy(), SAVE);

    await user.click(screen.getByRole('button', { name: 'Show preview' }));
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('cake').tagName).toBe('STRONG');
    localStorage.clear();
  }, SLOW);

  it('shows the time in local time and stores it as UTC', async () => {
    const user = userEvent.setup({ delay: null });
    let noteId = '';
    const { db } = renderApp({
      seed: (db) => {
        const { project } = seedProject(db);
        noteId = createNote(db, { project_id: project.id, body: 'x', occurred_at: '2025-06-01T08:00:00Z' }).id;
        open(`/projects/${project.id}/notes/${noteId}`);
      },
    });
    const when = (await screen.findByLabelText('When it happened')) as HTMLInputElement;
    const local = new Date('2025-06-01T08:00:00Z');
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(when.value).toBe(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`);
    await user.clear(when);
    await user.type(when, '2025-07-15T14:30');
    await waitFor(() => {
      expect(db.prepare('SELECT occurred_at FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe(new Date('2025-07-15T14:30').toISOString());
    }, SAVE);
  }, SLOW);

  it('offers to restore an unsaved draft newer than the note', async () => {
    const user = userEvent.setup({ delay: null });
    let noteId = '';
    const { db } = renderApp({
      seed: (db) => {
        const { project } = seedProject(db);
        noteId = createNote(db, { project_id: project.id, body: 'Saved text' }).id;
        putDraft(db, {
          key: `note:${noteId}`,
          project_id: project.id,
          record_type: 'note',
          record_id: noteId,
          saved_at: new Date(Date.now() + 60_000).toISOString(),
          body: JSON.stringify({ title: '', body: 'Text that never reached the journal', place: '', occurred_local: '2025-01-01T10:00', cycle_id: null, phase: null, stakeholder_ids: [], code_ids: [] }),
        });
        open(`/projects/${project.id}/notes/${noteId}`);
      },
    });
    expect(((await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement).value).toBe('Saved text');
    await user.click(screen.getByRole('button', { name: 'Use the draft' }));
    expect((screen.getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('Text that never reached the journal');
    await waitFor(() => expect(db.prepare('SELECT body FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe('Text that never reached the journal'), SAVE);
    localStorage.clear();
  });

  it('moves the note to the trash and goes back to the list', async () => {
    const user = userEvent.setup({ delay: null });
    let projectId = '';
    const { db } = renderApp({
      seed: (db) => {
        const { project } = seedProject(db);
        projectId = project.id;
        const note = createNote(db, { project_id: project.id, title: 'To be deleted' });
        open(`/projects/${project.id}/notes/${note.id}`);
      },
    });
    await screen.findByRole('textbox', { name: 'Note' });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Move to trash' }));
    await screen.findByRole('heading', { name: 'No field notes yet' });
    expect(window.location.hash).toBe(`#/projects/${projectId}/notes`);
    expect(db.prepare('SELECT deleted_at IS NOT NULL FROM field_notes').pluck().get()).toBe(1);
  });
});

describe('quick capture', () => {
  it('opens with Ctrl+Alt+N, creates the note on the first keystroke, saves as you type and closes with Esc', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = renderApp({
      seed: (db) => {
        const { project, cycle } = seedProject(db);
        createNote(db, { project_id: project.id, body: 'Earlier', place: 'Town hall', cycle_id: cycle, phase: 'act', occurred_at: '2024-01-01T00:00:00Z' });
        open(`/projects/${project.id}/notes`);
      },
    });
    await screen.findByRole('list', { name: 'Field notes, newest first' });
    const opener = screen.getByRole('button', { name: /Quick note/ });
    opener.focus();
    await user.keyboard('{Control>}{Alt>}n{/Alt}{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Quick note' });
    const body = await within(dialog).findByRole('textbox', { name: 'What is happening?' });
    expect(document.activeElement).toBe(body);
    // Defaults: the last note's place, cycle and phase.
    expect((within(dialog).getByLabelText('Place') as HTMLInputElement).value).toBe('Town hall');
    expect((within(dialog).getByLabelText('Phase') as HTMLSelectElement).value).toBe('act');

    await user.keyboard('B');
    await waitFor(() => expect(db.prepare(`SELECT count(*) FROM field_notes WHERE body = 'B'`).pluck().get()).toBe(1), SAVE);
    await user.keyboard('o arrived late and sat by the window.');
    await waitFor(() => expect(within(dialog).getByRole('link', { name: 'Open full note' })).toBeTruthy());

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Quick note saved.')).toBeTruthy();
    const rows = db.prepare(`SELECT body, place, phase FROM field_notes WHERE deleted_at IS NULL ORDER BY recorded_at`).all();
    expect(rows).toEqual([
      { body: 'Earlier', place: 'Town hall', phase: 'act' },
      { body: 'Bo arrived late and sat by the window.', place: 'Town hall', phase: 'act' },
    ]);
    await waitFor(() => expect(document.activeElement).toBe(opener));
    // The open list picks up the new note.
    await waitFor(() => expect(screen.getByRole('link', { name: 'Bo arrived late and sat by the window.' })).toBeTruthy());
    localStorage.clear();
  }, SLOW);

  it('keeps focus inside the dialog and makes no note when nothing is written', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = renderApp({
      seed: (db) => {
        const { project } = seedProject(db);
        open(`/projects/${project.id}/notes`);
      },
    });
    await user.click(await screen.findByRole('button', { name: /Quick note/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Quick note' });
    await within(dialog).findByRole('textbox', { name: 'What is happening?' });
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('Nothing was written, so no note was made.')).toBeTruthy();
    expect(db.prepare('SELECT count(*) FROM field_notes').pluck().get()).toBe(0);
  });
});
