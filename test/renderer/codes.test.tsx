import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { insertCoding } from '../../db/repositories/coding.js';
import { createCode } from '../../db/repositories/codes.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { renderApp } from './render-app.js';

configure({ asyncUtilTimeout: 8000 });

const TURN = 'Jeg kan ikke gå så langt med rollatoren, når der er glat. 🙂 Hvis nogen hentede mig.';

function seed(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const barriers = createCode(db, { project_id: project.id, name: 'Barrierer', color: '#b91c1c' });
  const transport = createCode(db, { project_id: project.id, name: 'Transport', parent_id: barriers.id, color: '#ef4444' });
  const places = createCode(db, { project_id: project.id, name: 'Mødesteder', color: '#10b981' });
  const note = createNote(db, { project_id: project.id, title: 'Bussen', body: 'Bussen kører kun hver anden time.', code_ids: [transport.id], occurred_at: '2025-09-01T08:00:00.000Z' });
  const dialogue = createDialogue(db, { project_id: project.id, kind: 'interview', title: 'Else', occurred_at: '2025-09-03T10:00:00.000Z' });
  const turn = addTurn(db, project.id, { dialogue_id: dialogue.id, speaker_id: null, text: TURN });
  insertCoding(db, {
    project_id: project.id,
    code_id: transport.id,
    target_type: 'turn',
    target_id: turn.id,
    excerpt: { start: 29, end: 39, text: 'rollatoren' },
  });
  return { project, barriers, transport, places, note, dialogue, turn };
}

const open = (path: string) => {
  window.location.hash = `#${path}`;
};

describe('codes screen', { timeout: 30_000 }, () => {
  it('shows the code book as a tree with counts, and a code’s segments in context', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/codes`);
    const tree = await screen.findByRole('list', { name: 'Codes' });
    const transport = await within(tree).findByRole('button', { name: /Transport\s*2 coded/ });
    // Nested: Transport's list item sits inside Barrierer's; a parent counts what is coded inside it.
    expect(within(tree).getByRole('button', { name: /Barrierer\s*2 coded/ }).closest('li')!.contains(transport)).toBe(true);
    expect(within(tree).getByRole('button', { name: /Mødesteder\s*0 coded/ })).toBeTruthy();
    expect(screen.getByText('Choose a code to see what is coded with it.')).toBeTruthy();

    await user.click(transport);
    expect(transport.getAttribute('aria-current')).toBe('true');
    expect(await screen.findByRole('heading', { name: 'Coded with “Transport”' })).toBeTruthy();
    expect(screen.getByText('one whole event, one passage')).toBeTruthy();
    expect(await screen.findByText('2 segments')).toBeTruthy();
    const segments = document.querySelectorAll('.segment');
    expect(segments).toHaveLength(2);
    expect(within(segments[0] as HTMLElement).getByText('Whole event')).toBeTruthy();
    expect(within(segments[0] as HTMLElement).getByText('Bussen kører kun hver anden time.')).toBeTruthy();
    const passage = segments[1] as HTMLElement;
    expect(passage.querySelector('mark')?.textContent).toBe('rollatoren');
    expect(passage.querySelector('blockquote')?.textContent).toBe(TURN);
    const link = within(passage).getByRole('link', { name: /^Open / });
    expect(link.getAttribute('href')).toBe(`#/projects/${ids.project.id}/dialogues/${ids.dialogue.id}/turns/${ids.turn.id}`);

    // The parent shows what is coded inside it, with the code named on each segment.
    await user.click(within(tree).getByRole('button', { name: /Barrierer/ }));
    expect(await screen.findByRole('heading', { name: 'Coded with “Barrierer”' })).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Include the codes inside it' }) as HTMLInputElement).checked).toBe(true);
    expect(await screen.findByText('2 segments')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'Include the codes inside it' }));
    expect(await screen.findByText(/Nothing is coded with “Barrierer” yet/)).toBeTruthy();
  });

  it('creates a nested code, renames, recolours, moves and deletes it', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/codes`);
    const form = (await screen.findByRole('heading', { name: 'New code' })).closest('form')!;
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Bageriet');
    // The form shows before the code book has loaded; its parent options come with codes:list.
    await within(form).findByRole('option', { name: 'Mødesteder' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Inside' }), ids.places.id);
    await user.click(within(form).getByRole('button', { name: 'Add code' }));
    expect(await screen.findByText('Code “Bageriet” added.')).toBeTruthy();
    const row = () => db.prepare(`SELECT name, parent_id, color, deleted_at FROM codes WHERE name LIKE 'Bager%'`).get() as Record<string, unknown>;
    expect(row()).toMatchObject({ name: 'Bageriet', parent_id: ids.places.id, deleted_at: null });
    // The new code is chosen at once.
    const editor = (await screen.findByRole('heading', { level: 2, name: 'Bageriet' })).closest('section')!;

    const name = within(editor).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Bageriets bord{Enter}');
    await waitFor(() => expect(row().name).toBe('Bageriets bord'));
    expect(await within(editor).findByText('Saved.')).toBeTruthy();

    await user.selectOptions(within(editor).getByRole('combobox', { name: 'Inside' }), '');
    await waitFor(() => expect(row().parent_id).toBeNull());
    // A code cannot be moved inside itself: it is not offered.
    expect(within(within(editor).getByRole('combobox', { name: 'Inside' })).queryByRole('option', { name: /Bageriets bord/ })).toBeNull();

    const colour = within(editor).getByLabelText('Colour');
    fireEvent.input(colour, { target: { value: '#123456' } });
    await waitFor(() => expect(row().color).toBe('#123456'));

    await user.click(within(editor).getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Move to trash' }));
    await waitFor(() => expect(row().deleted_at).not.toBeNull());
    expect(await screen.findByText('Choose a code to see what is coded with it.')).toBeTruthy();
    // The selection clears at once; the tree changes only when the reloaded code book arrives.
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Codes' })).queryByRole('button', { name: /Bageriets bord/ })).toBeNull());
  });

  it('codes a selected passage of an event, and removes a coding', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/codes`);
    await user.click(await within(await screen.findByRole('list', { name: 'Codes' })).findByRole('button', { name: /Mødesteder/ }));
    expect(await screen.findByText(/Nothing is coded with “Mødesteder” yet/)).toBeTruthy();

    await user.click(screen.getByText('Code a passage'));
    await user.type(screen.getByRole('searchbox', { name: 'Find the event' }), 'hentede');
    await user.click(await screen.findByRole('button', { name: /hentede/ }));
    const text = screen.getByRole('textbox', { name: 'Text of the event (select a passage)' }) as HTMLTextAreaElement;
    expect(text.value).toBe(TURN);
    // Edits are refused: typing leaves the text as it is.
    await user.type(text, 'x');
    expect(text.value).toBe(TURN);

    await user.click(screen.getByRole('button', { name: 'Code selection' }));
    expect(await screen.findByText('Select some words in the text first.')).toBeTruthy();

    // Select "Hvis nogen hentede mig" (after the emoji: UTF-16 offsets differ from code points).
    const start = TURN.indexOf('Hvis');
    text.setSelectionRange(start, TURN.length - 1);
    await user.click(screen.getByRole('button', { name: 'Code selection' }));
    expect(await screen.findByText('Coded.')).toBeTruthy();
    const stored = db.prepare(`SELECT excerpt_start, excerpt_end, excerpt_text FROM code_applications WHERE code_id = ? AND deleted_at IS NULL`).get(ids.places.id);
    expect(stored).toEqual({ excerpt_start: Array.from(TURN.slice(0, start)).length, excerpt_end: Array.from(TURN).length - 1, excerpt_text: 'Hvis nogen hentede mig' });
    expect(await screen.findByText('One segment')).toBeTruthy();
    expect(document.querySelector('.segment mark')?.textContent).toBe('Hvis nogen hentede mig');

    // The same passage again is refused with a clear message.
    text.setSelectionRange(start, TURN.length - 1);
    await user.click(screen.getByRole('button', { name: 'Code selection' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That passage is already coded “Mødesteder”.');

    await user.click(screen.getByRole('button', { name: 'Remove coding' }));
    expect(await screen.findByText('Coding removed.')).toBeTruthy();
    expect(await screen.findByText(/Nothing is coded with “Mødesteder” yet/)).toBeTruthy();
    expect(db.prepare(`SELECT count(*) FROM code_applications WHERE code_id = ? AND deleted_at IS NULL`).pluck().get(ids.places.id)).toBe(0);
  });

  it('explains what to do with an empty code book, in Danish too', async () => {
    let projectId!: string;
    renderApp({ language: 'da', seed: (db) => (projectId = createProject(db, { title: 'Tom' }).id) });
    open(`/projects/${projectId}/codes`);
    expect(await screen.findByText(/Ingen koder endnu/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Tilføj kode' })).toBeTruthy();
  });
});
