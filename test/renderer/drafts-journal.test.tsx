import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { App } from '../../renderer/src/App';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { draftsSettled } from '../../renderer/src/components/draftStore';
import { viewMemory } from '../../renderer/src/components/viewMemory';
import { createI18n } from '../../renderer/src/i18n';
import { tempDatabase } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

afterEach(() => viewMemory.clear());

const PLANTED = 'Kirsten Holm told me about her brother in Vollsmose';
const SAVE = { timeout: 8000 };

/** Everything Chromium would keep in its profile for this origin, as one string. */
function webStorage(): string {
  return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });
}

function seed(db: Db): string {
  const project = createProject(db, { title: 'Nordby' });
  const note = createNote(db, { project_id: project.id, body: 'Saved.' });
  window.location.hash = `#/projects/${project.id}/notes/${note.id}`;
  return note.id;
}

/** The real App over the real API on the given journal; `refuse` names channels that fail as if the window died first. */
function mount(db: Db, refuse: string[] = []) {
  const transport: Transport = (channel, input) =>
    refuse.includes(channel)
      ? new Promise(() => undefined)
      : dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
  return render(<App client={createClient(transport)} i18n={createI18n('en')} />);
}

describe('drafts live in the journal, not in Chromium’s storage', () => {
  it('a draft typed before a crash comes back after a reload, from the journal file', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    const noteId = seed(db);
    // The note's save never answers (the window dies before it lands); the draft goes through the real API.
    const first = mount(db, ['notes:update']);
    const body = (await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement;
    await waitFor(() => expect(body.value).toBe('Saved.'));
    await user.click(body);
    await user.keyboard(` ${PLANTED}`);
    await expect
      .poll(() => db.prepare('SELECT body FROM drafts WHERE key = ?').pluck().get(`note:${noteId}`), SAVE)
      .toContain(PLANTED);
    expect(db.prepare('SELECT body FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe('Saved.');
    first.unmount();

    // A new window (a new client, nothing kept in memory) over the same journal file.
    mount(db);
    const offer = await screen.findByRole('button', { name: 'Use the draft' });
    expect(((await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement).value).toBe('Saved.');
    await user.click(offer);
    expect((screen.getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe(`Saved. ${PLANTED}`);
    await waitFor(() => expect(db.prepare('SELECT body FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe(`Saved. ${PLANTED}`), SAVE);
    // Saved, the draft is gone from the journal.
    await expect.poll(() => db.prepare('SELECT count(*) FROM drafts').pluck().get(), SAVE).toBe(0);
    expect(webStorage()).not.toContain('Vollsmose');
  }, 30_000);

  it('typing a note writes nothing to localStorage or sessionStorage', async () => {
    const user = userEvent.setup({ delay: null });
    let noteId = '';
    const { db } = renderApp({ seed: (journal) => (noteId = seed(journal)) });
    const body = (await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement;
    await waitFor(() => expect(body.value).toBe('Saved.'));
    await user.click(body);
    await user.keyboard(` ${PLANTED}`);
    // While the text is only a draft…
    expect(webStorage()).not.toContain('Vollsmose');
    // …and once it is saved.
    await waitFor(() => expect(db.prepare('SELECT body FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe(`Saved. ${PLANTED}`), SAVE);
    await draftsSettled();
    expect(webStorage()).not.toContain('Vollsmose');
    expect(webStorage()).not.toContain('Kirsten');
  }, 30_000);

  it('a search for a name is remembered while the window is open, in memory only', async () => {
    const user = userEvent.setup({ delay: null });
    let projectId = '';
    renderApp({
      seed: (journal) => {
        seed(journal);
        projectId = journal.prepare('SELECT id FROM projects').pluck().get() as string;
        window.location.hash = `#/projects/${projectId}/search`;
      },
    });
    const box = await screen.findByRole('searchbox', { name: 'Search this inquiry' });
    await user.type(box, 'Kirsten');
    expect(await screen.findByRole('heading', { name: 'No results for “Kirsten”' })).toBeTruthy();
    window.location.hash = `#/projects/${projectId}/notes`;
    await waitFor(() => expect(screen.queryByRole('searchbox', { name: 'Search this inquiry' })).toBeNull());
    window.location.hash = `#/projects/${projectId}/search`;
    expect(((await screen.findByRole('searchbox', { name: 'Search this inquiry' })) as HTMLInputElement).value).toBe('Kirsten');
    expect(webStorage()).not.toContain('Kirsten');
  }, 30_000);

  it('takes a draft an earlier version left in localStorage into the journal, and removes it there', async () => {
    const { db } = tempDatabase();
    const noteId = seed(db);
    const draft = { title: '', body: `Saved. ${PLANTED}`, place: '', occurred_local: '2025-01-01T10:00', cycle_id: null, phase: null, stakeholder_ids: [], code_ids: [] };
    localStorage.setItem(`withness.draft.note:${noteId}`, JSON.stringify({ value: draft, at: new Date(Date.now() + 60_000).toISOString() }));
    localStorage.setItem('withness.language', 'en');
    mount(db);
    expect(await screen.findByRole('button', { name: 'Use the draft' })).toBeTruthy();
    expect(JSON.parse(db.prepare('SELECT body FROM drafts WHERE key = ?').pluck().get(`note:${noteId}`) as string)).toEqual(draft);
    expect(webStorage()).not.toContain('Vollsmose');
    // The language choice is not a draft and stays.
    expect(localStorage.getItem('withness.language')).toBe('en');
    localStorage.clear();
  }, 30_000);
});
