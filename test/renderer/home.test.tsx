import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../db/repositories/projects.js';
import { renderApp } from './render-app.js';

describe('home screen', () => {
  it('explains what to do when there are no inquiries yet', async () => {
    renderApp();
    expect(await screen.findByRole('heading', { name: 'No inquiries yet' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Start a new inquiry' })).toBeTruthy();
  });

  it('lists existing inquiries with their research question', async () => {
    renderApp({
      seed: (db) => {
        createProject(db, { title: 'Ensomhed i Nordby', concern: 'Hvordan skaber vi fællesskab med borgerne?' });
        createProject(db, { title: 'Demo', is_fictional: true });
      },
    });
    const list = await screen.findByRole('list', { name: 'Inquiries' });
    expect(within(list).getByRole('link', { name: 'Ensomhed i Nordby' })).toBeTruthy();
    expect(within(list).getByText('Hvordan skaber vi fællesskab med borgerne?')).toBeTruthy();
    expect(within(list).getByText('Fictional example')).toBeTruthy();
  });

  it('creates an inquiry by keyboard and opens it', async () => {
    const user = userEvent.setup();
    const { db } = renderApp();
    await user.click(await screen.findByLabelText('Title'));
    await user.keyboard('Co-creation with volunteers');
    await user.tab();
    await user.keyboard('How do volunteers and staff share responsibility?');
    await user.tab();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Co-creation with volunteers' })).toBeTruthy();
    expect(screen.getByText('How do volunteers and staff share responsibility?')).toBeTruthy();
    expect(db.prepare('SELECT title FROM projects').pluck().all()).toEqual(['Co-creation with volunteers']);
  });

  it('shows a refused request in words instead of swallowing it', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText('Title'), '   ');
    await user.click(screen.getByRole('button', { name: 'Create inquiry' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Please check what you entered.');
    expect(alert.textContent).toContain('A project title cannot be empty.');
  });

  it('says when the server cannot be reached', async () => {
    renderApp({ transport: async () => ({ ok: false, error: { code: 'unreachable' as never, message: 'The Withness server cannot be reached.' } }) });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/cannot be reached/);
  });

  it('speaks Danish', async () => {
    renderApp({ language: 'da' });
    expect(await screen.findByRole('heading', { name: 'Ingen undersøgelser endnu' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Opret undersøgelse' })).toBeTruthy();
  });

  it('switches language from the header', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole('heading', { name: 'Your inquiries' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'da');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Dine undersøgelser' })).toBeTruthy());
    expect(document.documentElement.lang).toBe('da');
  });
});

