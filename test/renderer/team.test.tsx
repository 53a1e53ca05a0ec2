import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createNote, getNote, updateNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { call } from '../../electron/api/dispatch.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

/**
 * The Team screen in jsdom over the real API on real journals: unlinked (the inquiry id to copy, the connect form and
 * its refusals in words, in English and Danish), and linked to a real throwaway PostgreSQL with a real conflict made
 * by two journals: both versions side by side, merged by keyboard, gone afterwards. Also "Written by" on a note.
 */

const PASSWORD = 'renderer team password';
let postgres: TestPostgres | undefined;
let address = '';
const others: Db[] = [];

beforeAll(() => {
  configure({ asyncUtilTimeout: 10_000 });
  window.scrollTo = () => undefined;
});

afterAll(async () => {
  for (const db of others) db.close();
  await postgres?.stop();
});

function open(path: string) {
  window.location.hash = `#${path}`;
}

async function ok(db: Db, channel: Parameters<typeof call>[1], input: unknown) {
  const result = await call(db, channel, input as never);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as never;
}

describe('Team screen, not linked', () => {
  it('shows the inquiry id with a Copy button, and says in words why a connection was refused', async () => {
    const user = userEvent.setup({ delay: null });
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void (copied = text) }, configurable: true });
    let projectId = '';
    renderApp({
      seed: (db) => {
        projectId = createProject(db, { title: 'Nordby' }).id;
        open(`/projects/${projectId}/team`);
      },
    });
    await screen.findByRole('heading', { name: 'Team', level: 1 });
    expect(screen.getByRole('link', { name: 'Team' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByText(projectId)).toBeTruthy();
    expect(screen.getByText(/Give this to your administrator/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy the id' }));
    await waitFor(() => expect(copied).toBe(projectId));
    expect(screen.getByText('The id is copied.')).toBeTruthy();

    await user.type(screen.getByLabelText('Server address'), 'https://team.example.org');
    await user.type(screen.getByLabelText('Your member name'), 'ann');
    await user.type(screen.getByLabelText('Password'), 'whatever it is');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/postgres:\/\/host:5432\/database/);
  });

  it('speaks Danish', async () => {
    renderApp({
      language: 'da',
      seed: (db) => open(`/projects/${createProject(db, { title: 'Nordby' }).id}/team`),
    });
    await screen.findByRole('heading', { name: 'Team', level: 1 });
    expect(screen.getByText(/Giv det til din administrator/)).toBeTruthy();
    expect(await screen.findByLabelText('Serverens adresse')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Forbind' })).toBeTruthy();
  });
});

describe('Team screen, linked, with a conflict', () => {
  it('shows both versions side by side and merges them by keyboard; the note then says who wrote it', async () => {
    postgres = await startPostgres();
    const adminUrl = await postgres.createDatabase('team');
    address = `postgres://${postgres.host}:${postgres.port}/team`;
    const user = userEvent.setup({ delay: null });
    let projectId = '';
    let noteId = '';
    const { db: ann } = renderApp({
      seed: (db) => {
        projectId = createProject(db, { title: 'Nordby' }).id;
        noteId = createNote(db, { project_id: projectId, body: 'The café was full.' }).id;
        open('/');
      },
    });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await initServer(admin);
    await addMember(admin, { inquiry: projectId, member: 'ann', password: PASSWORD });
    await addMember(admin, { inquiry: projectId, member: 'bo', password: PASSWORD });
    await admin.end();

    const bo = openDatabase(join(tempDir('withness-team-renderer-'), 'bo.sqlite'));
    others.push(bo);
    await ok(ann, 'team:link', { project_id: projectId, server_url: address, member: 'ann', password: PASSWORD });
    await ok(ann, 'team:syncNow', { project_id: projectId });
    await ok(bo, 'team:join', { inquiry_id: projectId, server_url: address, member: 'bo', password: PASSWORD });
    updateNote(ann, noteId, { body: 'Ann: full and warm.' }, getNote(ann, noteId)!.revision);
    updateNote(bo, noteId, { body: 'Bo: out of cups.' }, getNote(bo, noteId)!.revision);
    await ok(bo, 'team:syncNow', { project_id: projectId });
    await ok(ann, 'team:syncNow', { project_id: projectId });

    open(`/projects/${projectId}/team`);
    const heading = await screen.findByRole('heading', { name: /Field note/, level: 3 });
    const card = heading.closest('article')!;
    const shown = within(card).getByRole('region', { name: 'Shown now' });
    const other = within(card).getByRole('region', { name: 'Other version' });
    expect([shown.textContent, other.textContent].join(' ')).toContain('Ann: full and warm.');
    expect([shown.textContent, other.textContent].join(' ')).toContain('Bo: out of cups.');
    expect(within(card).getAllByText(/^by (ann|bo)/).length).toBe(2);
    expect(screen.getByTestId('team-conflicts').textContent).toBe('1');

    // By keyboard: to Merge…, Enter; the merge box has focus, prefilled with both versions.
    const merge = within(card).getByRole('button', { name: 'Merge…' });
    merge.focus();
    await user.keyboard('{Enter}');
    const box = await within(card).findByLabelText('Merged text');
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect((box as HTMLTextAreaElement).value).toContain('Ann: full and warm.');
    expect((box as HTMLTextAreaElement).value).toContain('Bo: out of cups.');
    await user.clear(box);
    await user.type(box, 'Both: full, warm, out of cups.');
    await user.tab();
    expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Save the merged version' }));
    await user.keyboard('{Enter}');
    await screen.findByText('Resolved. Your choice goes to the team with the next sync.');
    await screen.findByText('No conflicts.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Conflicts', level: 2 }));
    expect(getNote(ann, noteId)!.body).toBe('Both: full, warm, out of cups.');

    await ok(ann, 'team:syncNow', { project_id: projectId });
    open(`/projects/${projectId}/notes/${noteId}`);
    await waitFor(() => expect(document.querySelector('.written-by')?.textContent).toBe('Written by ann'));
  }, 120_000);
});
