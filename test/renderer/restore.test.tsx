import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { addAttachment, deleteAttachment } from '../../db/repositories/attachments.js';
import { createCode, trashCode } from '../../db/repositories/codes.js';
import { createCycle } from '../../db/repositories/cycles.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createNote, updateNote } from '../../db/repositories/notes.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { renderApp } from './render-app.js';

const SLOW = 30_000;

beforeAll(() => {
  configure({ asyncUtilTimeout: 5000 });
  window.scrollTo = () => undefined;
});

function open(path: string) {
  window.location.hash = `#${path}`;
}

function trashRow(name: string, listName = 'Trash'): HTMLElement {
  const list = screen.getByRole('list', { name: listName });
  return within(list)
    .getAllByRole('listitem')
    .find((item) => within(item).queryByText(name))!;
}

describe('restoring from the trash (issue 13.5)', () => {
  it('says why an attachment or a phase entry cannot come back yet, and brings them back once their note and cycle are back', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const note = createNote(db, { project_id: project.id, title: 'At the library' });
        const file = addAttachment(db, { project_id: project.id, owner_type: 'field_note', owner_id: note.id, file_name: 'minutes.txt', media_type: 'text/plain', content: Buffer.from('Kaffe') });
        deleteAttachment(db, file.id);
        trashEntity(db, 'field_note', note.id);
        const cycle = createCycle(db, { project_id: project.id, title: 'Listening' });
        const entry = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'We plan to listen.' });
        trashEntity(db, 'phase_entry', entry.id);
        trashEntity(db, 'cycle', cycle.id);
        open(`/projects/${project.id}/trash`);
      },
    });
    await screen.findByRole('list', { name: 'Trash' });
    await waitFor(() => expect(trashRow('minutes.txt')).toBeTruthy());
    expect(within(trashRow('minutes.txt')).getByText('Attachment')).toBeTruthy();

    await user.click(within(trashRow('minutes.txt')).getByRole('button', { name: 'Restore' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/field note “At the library” is in the trash/);
    expect(alert.textContent).toMatch(/Restore the field note first/);

    await user.click(within(trashRow('We plan to listen.')).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/cycle 1 “Listening” is in the trash.*Restore the cycle first/));

    await user.click(within(trashRow('At the library')).getByRole('button', { name: 'Restore' }));
    await screen.findByText('“At the library” is back in the journal.');
    await user.click(within(trashRow('minutes.txt')).getByRole('button', { name: 'Restore' }));
    await screen.findByText('“minutes.txt” is back in the journal.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(db.prepare(`SELECT deleted_at FROM attachments`).pluck().get()).toBeNull();
  }, SLOW);

  it('says in Danish why a phase entry waits for its cycle, with no English left', async () => {
    const user = userEvent.setup({ delay: null });
    renderApp({
      language: 'da',
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const cycle = createCycle(db, { project_id: project.id, title: 'Lytning' });
        const entry = createPhaseEntry(db, { cycle_id: cycle.id, phase: 'plan', body: 'Vi vil lytte.' });
        trashEntity(db, 'phase_entry', entry.id);
        trashEntity(db, 'cycle', cycle.id);
        open(`/projects/${project.id}/trash`);
      },
    });
    await waitFor(() => expect(trashRow('Vi vil lytte.', 'Papirkurv')).toBeTruthy());
    await user.click(within(trashRow('Vi vil lytte.', 'Papirkurv')).getByRole('button', { name: 'Gendan' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Posten (faseindlæg) “Vi vil lytte.” kan ikke komme tilbage endnu: cyklus 1 “Lytning” ligger i papirkurven. Gendan først posten (cyklus), derefter denne (faseindlæg).');
  }, SLOW);
});

describe('restoring a note’s earlier version (issue 13.5)', () => {
  it('brings back its tags and says which were left out because they are in the trash', async () => {
    const user = userEvent.setup({ delay: null });
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const lone = createCode(db, { project_id: project.id, name: 'Loneliness' });
        const trust = createCode(db, { project_id: project.id, name: 'Trust' });
        const note = createNote(db, { project_id: project.id, title: 'Coffee morning', body: 'First words', code_ids: [lone.id, trust.id] });
        updateNote(db, note.id, { body: 'Second words', code_ids: [] });
        trashCode(db, lone.id);
        open(`/projects/${project.id}/notes/${note.id}`);
      },
    });
    await screen.findByRole('textbox', { name: 'Note' });
    expect(screen.queryByRole('button', { name: 'Remove tag Trust' })).toBeNull();
    await user.click(screen.getByText('Earlier versions'));
    // The version names its tags and stakeholders; one in the trash is counted, not named.
    expect(await screen.findByText(/Tags: Trust and one in the trash or gone/)).toBeTruthy();
    expect(screen.getByText(/Stakeholders: none/)).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Restore this version' }));

    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value).toBe('First words'));
    expect(await screen.findByRole('button', { name: 'Remove tag Trust' })).toBeTruthy();
    const status = await screen.findByText(/Left out/);
    expect(status.closest('[role="status"]')?.textContent).toMatch(/tag “Loneliness” is in the trash/);
  }, SLOW);
});
