import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { readDraft } from '../../renderer/src/components/draftStore';
import { renderApp } from './render-app.js';

/**
 * A journal that refuses writes (full disk, read-only file): simulated with SQLite's own query_only
 * switch on the real database, so the failure comes from SQLite through the real API.
 */
describe('when the journal cannot be written', () => {
  it('says so in words, keeps the text in the editor and as a draft, harms nothing saved, and saves once possible', async () => {
    const user = userEvent.setup({ delay: null });
    let noteId = '';
    let journal: Db | undefined;
    renderApp({
      seed: (db) => {
        journal = db;
        const project = createProject(db, { title: 'Nordby' });
        noteId = createNote(db, { project_id: project.id, title: 'Market day', body: 'Saved before the disk filled up.' }).id;
        window.location.hash = `#/projects/${project.id}/notes/${noteId}`;
      },
    });
    const body = (await screen.findByRole('textbox', { name: 'Note' })) as HTMLTextAreaElement;
    await waitFor(() => expect(body.value).toBe('Saved before the disk filled up.'));

    journal!.pragma('query_only = ON');
    await user.click(body);
    await user.keyboard(' Then the stall owner said something important.');

    expect(await screen.findByText(/Not saved\. Your text is kept here as a draft/, {}, { timeout: 8000 })).toBeTruthy();
    expect(screen.getAllByRole('alert').some((alert) => /read-only/.test(alert.textContent ?? ''))).toBe(true);
    expect(body.value).toBe('Saved before the disk filled up. Then the stall owner said something important.');
    // The journal refuses the draft as well: this window keeps it in memory, and nothing goes to Chromium's storage.
    expect(JSON.stringify(readDraft(`note:${noteId}`)?.value)).toContain('stall owner said something important');
    expect(JSON.stringify({ ...localStorage })).not.toContain('stall owner');
    expect(journal!.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
    const stored = journal!.prepare('SELECT body, revision FROM field_notes WHERE id = ?').get(noteId) as { body: string; revision: number };
    expect(stored).toEqual({ body: 'Saved before the disk filled up.', revision: 1 });
    expect(journal!.pragma('integrity_check', { simple: true })).toBe('ok');

    journal!.pragma('query_only = OFF');
    await user.keyboard('!');
    await waitFor(
      () =>
        expect(journal!.prepare('SELECT body FROM field_notes WHERE id = ?').pluck().get(noteId)).toBe(
          'Saved before the disk filled up. Then the stall owner said something important.!',
        ),
      { timeout: 8000 },
    );
    expect(await screen.findByText('All changes saved', {}, { timeout: 8000 })).toBeTruthy();
  }, 30_000);
});
