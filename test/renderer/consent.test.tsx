import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder, getStakeholder, listConsentChanges, recordConsentChange } from '../../db/repositories/stakeholders.js';
import { renderApp } from './render-app.js';

// The journal runs for real under jsdom; on a busy machine a save and reload can take longer than a second.
configure({ asyncUtilTimeout: 8000 });

function seed(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', real_name: 'Bo Realname', sector: 'citizen', consent_status: 'pending' });
  const gone = createStakeholder(db, { project_id: project.id, pseudonym: 'Gone', real_name: 'Gina Gone', sector: 'other' });
  recordConsentChange(db, { ...gone, consent_status: 'withdrawn' }, 'erased');
  db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(gone.id);
  return { project, bo };
}

const open = (path: string) => {
  window.location.hash = `#${path}`;
};

describe('consent on the stakeholder page and in the register', { timeout: 30_000 }, () => {
  it('chooses what a person agreed to, says what exports then do, saves it and shows it in the history', async () => {
    const user = userEvent.setup({ delay: null });
    let ids!: ReturnType<typeof seed>;
    const { db } = renderApp({ seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/stakeholders/${ids.bo.id}`);
    const group = await screen.findByRole('group', { name: 'What they agreed to' });
    expect((within(group).getByRole('radio', { name: /^May be quoted/ }) as HTMLInputElement).checked).toBe(true);
    // Pending consent: nothing of theirs leaves the journal, whatever the use.
    expect(within(group).getByRole('status').textContent).toBe('Exports now: left out (their words are held back and they are not named).');
    const history = await screen.findByRole('list', { name: 'Consent history' });
    expect(within(history).getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringMatching(/Recorded · pending · May be quoted$/)]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Consent status' }), 'given');
    expect(within(group).getByRole('status').textContent).toBe('Exports now: quoted.');
    await user.click(within(group).getByRole('radio', { name: /^May be described, not quoted/ }));
    expect(within(group).getByRole('status').textContent).toBe('Exports now: described, not quoted.');
    await waitFor(() => expect(getStakeholder(db, ids.bo.id)).toMatchObject({ consent_status: 'given', consent_use: 'describe' }));
    // Every saved change is a row of the history, and the page shows each one, newest first.
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Consent history' })).getAllByRole('listitem')).toHaveLength(listConsentChanges(db, ids.bo.id).length));
    expect(within(screen.getByRole('list', { name: 'Consent history' })).getAllByRole('listitem')[0]!.textContent).toMatch(/Changed · given · May be described, not quoted$/);
  });

  it('the register, in Danish, shows real names for the DPO and a person erased with only their history', async () => {
    let ids!: ReturnType<typeof seed>;
    renderApp({ language: 'da', seed: (db) => (ids = seed(db)) });
    open(`/projects/${ids.project.id}/stakeholders`);
    (await screen.findByRole('link', { name: 'Samtykkeregister' })).click();
    const table = await screen.findByRole('table', { name: 'Alle interessenters samtykke' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['BoRigtigt navn: Bo Realname', 'Slettet person (kun historik)']);
    expect(within(rows[0]!).getByText('Udelades')).toBeTruthy();
    expect(within(rows[1]!).getByText('2 ændringer')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Eksportér CSV' })).toBeTruthy();
    expect(screen.queryByText(/Gina/)).toBeNull();
  });
});
