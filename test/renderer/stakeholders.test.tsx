import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { newId, nowIso } from '../../db/ids.js';
import { renderApp } from './render-app.js';

// The journal runs for real under jsdom (SQLite, every request); on a busy machine a reload can take
// longer than Testing Library's default second. Nothing here asserts timing.
configure({ asyncUtilTimeout: 8000 });

function seed(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const mette = createStakeholder(db, {
    project_id: project.id,
    pseudonym: 'Mette',
    sector: 'public',
    organisation: 'Nordby Kommune',
    role: 'Social worker',
    consent_status: 'given',
    real_name: 'Mette Sørensen',
  });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'citizen', consent_status: 'pending' });
  return { project, mette, bo };
}

const open = (path: string) => {
  window.location.hash = `#${path}`;
};

describe('stakeholder directory', { timeout: 30_000 }, () => {
  it('lists stakeholders with organisation, role and consent, filters by sector, and adds one', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/stakeholders`);
    const list = await screen.findByRole('list', { name: 'Stakeholders' });
    expect(within(list).getAllByRole('link').map((link) => link.textContent)).toEqual(['Bo', 'Mette']);
    expect(within(list).getByText('Social worker · Nordby Kommune')).toBeTruthy();
    expect(within(list).getByText('Consent given')).toBeTruthy();
    expect(within(list).getByText('Consent pending')).toBeTruthy();
    // The real name is confidential: never shown in the directory.
    expect(screen.queryByText(/Sørensen/)).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show sector' }), 'citizen');
    expect(within(screen.getByRole('list', { name: 'Stakeholders' })).getAllByRole('link').map((link) => link.textContent)).toEqual(['Bo']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show sector' }), 'researcher');
    expect(screen.getByText(/No stakeholders in this sector/)).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show sector' }), '');

    const form = screen.getByRole('region', { name: 'Add a stakeholder' });
    await user.type(within(form).getByRole('textbox', { name: 'Pseudonym' }), 'Ali');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Sector' }), 'voluntary');
    await user.type(within(form).getByRole('textbox', { name: 'Organisation' }), 'Red Cross café');
    await user.click(within(form).getByRole('button', { name: 'Add stakeholder' }));
    expect(await screen.findByText('Ali was added to the directory.')).toBeTruthy();
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Stakeholders' })).getAllByRole('link').map((link) => link.textContent)).toEqual(['Ali', 'Bo', 'Mette']),
    );
    expect(db.prepare(`SELECT sector, organisation FROM stakeholders WHERE pseudonym = 'Ali'`).get()).toEqual({ sector: 'voluntary', organisation: 'Red Cross café' });

    // A pseudonym in use is refused with the reason.
    await user.type(within(form).getByRole('textbox', { name: 'Pseudonym' }), 'mette');
    await user.click(within(form).getByRole('button', { name: 'Add stakeholder' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('already called “Mette”');
    expect(db.prepare(`SELECT count(*) FROM stakeholders`).pluck().get()).toBe(3);
  });

  it('explains what to do when the directory is empty', async () => {
    let projectId = '';
    renderApp({ seed: (db) => (projectId = createProject(db, { title: 'Empty' }).id) });
    open(`/projects/${projectId}/stakeholders`);
    expect(await screen.findByText(/No stakeholders yet/)).toBeTruthy();
  });
});

describe('stakeholder page', { timeout: 30_000 }, () => {
  it('autosaves every field, marks the real name confidential and shows their activity with links', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    let dialogueId = '';
    let turnId = '';
    let noteId = '';
    const { db } = renderApp({
      seed: (db) => {
        ids = seed(db);
        const dialogue = createDialogue(db, { project_id: ids.project.id, kind: 'meeting', title: 'Tuesday meeting' }, [ids.mette.id, ids.bo.id]);
        dialogueId = dialogue.id;
        turnId = addTurn(db, ids.project.id, { dialogue_id: dialogue.id, speaker_id: ids.mette.id, text: 'We could use the library.' }).id;
        addTurn(db, ids.project.id, { dialogue_id: dialogue.id, speaker_id: ids.bo.id, text: 'Bo says something else.' });
        noteId = newId();
        const now = nowIso();
        db.prepare(
          `INSERT INTO field_notes (id, project_id, title, body, occurred_at, recorded_at, created_at, updated_at) VALUES (?, ?, 'Visit to the café', 'Body', ?, ?, ?, ?)`,
        ).run(noteId, ids.project.id, now, now, now, now);
        db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`).run(noteId, ids.mette.id);
      },
    });
    open(`/projects/${ids.project.id}/stakeholders/${ids.mette.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Mette' });
    const realName = screen.getByRole('textbox', { name: 'Real name (Confidential)' });
    expect((realName as HTMLInputElement).value).toBe('Mette Sørensen');

    await user.clear(realName);
    await user.type(realName, 'Mette S. Sørensen');
    await user.type(screen.getByRole('textbox', { name: 'Other names (Confidential)' }), 'Mette S.{Enter}MS');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Consent status' }), 'withdrawn');
    await user.type(screen.getByRole('textbox', { name: 'Scope of consent' }), 'No quotes');
    await user.tab();
    await waitFor(() =>
      expect(db.prepare(`SELECT real_name, aliases, consent_status, consent_scope FROM stakeholders WHERE id = ?`).get(ids.mette.id)).toEqual({
        real_name: 'Mette S. Sørensen',
        aliases: '["Mette S.","MS"]',
        consent_status: 'withdrawn',
        consent_scope: 'No quotes',
      }),
    );
    expect(screen.getAllByText('Consent withdrawn').length).toBeGreaterThan(0);

    const turns = await screen.findByRole('list', { name: 'Turns spoken' });
    const turnLink = within(turns).getByRole('link', { name: 'We could use the library.' });
    expect(turnLink.getAttribute('href')).toBe(`#/projects/${ids.project.id}/dialogues/${dialogueId}/turns/${turnId}`);
    expect(screen.queryByText('Bo says something else.')).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Dialogues taken part in' })).getByRole('link', { name: 'Tuesday meeting' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Field notes' })).getByRole('link', { name: 'Visit to the café' }).getAttribute('href')).toBe(
      `#/projects/${ids.project.id}/notes/${noteId}`,
    );

    // Renaming to someone else's pseudonym is refused in words, and the stored name stays.
    const pseudonym = screen.getByRole('textbox', { name: 'Pseudonym' });
    await user.clear(pseudonym);
    await user.type(pseudonym, 'BO');
    await user.tab();
    expect((await screen.findByRole('alert')).textContent).toContain('already called “Bo”');
    expect(db.prepare(`SELECT pseudonym FROM stakeholders WHERE id = ?`).pluck().get(ids.mette.id)).toBe('Mette');
    await user.clear(pseudonym);
    await user.type(pseudonym, 'Mette K');
    await user.tab();
    await waitFor(() => expect(db.prepare(`SELECT pseudonym FROM stakeholders WHERE id = ?`).pluck().get(ids.mette.id)).toBe('Mette K'));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('moves a stakeholder to the trash and returns to the directory', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/stakeholders/${ids.bo.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Bo' });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Move to trash' }));
    await screen.findByRole('heading', { level: 1, name: 'Stakeholders' });
    expect(db.prepare(`SELECT deleted_at IS NOT NULL FROM stakeholders WHERE id = ?`).pluck().get(ids.bo.id)).toBe(1);
  });
});
