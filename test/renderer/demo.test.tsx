import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { createProject } from '../../db/repositories/projects.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

describe('the fictional example inquiry on the home screen', () => {
  it('is offered when there are no inquiries yet, and opens once created', async () => {
    const user = userEvent.setup();
    const { db, calls } = renderApp();
    await screen.findByRole('heading', { name: 'No inquiries yet' });
    const offer = screen.getByRole('button', { name: 'Explore a fictional example inquiry' });
    expect(offer.getAttribute('aria-describedby')).toBeTruthy();
    await user.click(offer);
    expect(await screen.findByRole('heading', { level: 1, name: DEMO_TITLE })).toBeTruthy();
    expect(screen.getByText('Fictional example')).toBeTruthy();
    expect(calls).toContain('demo:create');
    const rows = db.prepare('SELECT id, is_fictional FROM projects').all() as { id: string; is_fictional: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.is_fictional).toBe(1);
    expect(window.location.hash).toBe(`#/projects/${rows[0]!.id}`);
    expect(db.prepare('SELECT count(*) FROM field_notes').pluck().get()).toBe(25);
  });

  it('can be chosen with the keyboard', async () => {
    const user = userEvent.setup();
    renderApp();
    const offer = await screen.findByRole('button', { name: 'Explore a fictional example inquiry' });
    offer.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: DEMO_TITLE })).toBeTruthy();
  });

  it('is not offered once there is an inquiry', async () => {
    renderApp({ seed: (db) => void createProject(db, { title: 'Ensomhed i Nordby' }) });
    await screen.findByRole('list', { name: 'Inquiries' });
    expect(screen.queryByRole('button', { name: 'Explore a fictional example inquiry' })).toBeNull();
  });

  it('shows a refusal in words and stays on the home screen', async () => {
    const user = userEvent.setup();
    const { db } = tempDatabase();
    renderApp({
      transport: (channel, input) =>
        channel === 'demo:create'
          ? Promise.resolve({ ok: false, error: { code: 'storage_failed', message: 'The disk is full, so this change could not be saved. Nothing was changed.' } })
          : dispatch(db, channel, input, { checkOutput: true }),
    });
    await user.click(await screen.findByRole('button', { name: 'Explore a fictional example inquiry' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your journal could not be saved.');
    expect(alert.textContent).toContain('The disk is full');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Explore a fictional example inquiry' }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByRole('heading', { name: 'No inquiries yet' })).toBeTruthy();
  });

  it('speaks Danish', async () => {
    renderApp({ language: 'da' });
    expect(await screen.findByRole('button', { name: 'Udforsk en fiktiv eksempelundersøgelse' })).toBeTruthy();
  });
});
