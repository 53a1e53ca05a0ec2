import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { closeCycle, createCycle, updateCycle } from '../../db/repositories/cycles.js';
import { createPhaseEntry } from '../../db/repositories/phases.js';
import { createProject } from '../../db/repositories/projects.js';
import { newId, nowIso } from '../../db/ids.js';
import { renderApp } from './render-app.js';

describe('overview screen', { timeout: 30_000 }, () => {
  it('explains what to do without cycles, and creates the first one by keyboard', async () => {
    const user = userEvent.setup();
    const view = renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Ensomhed i Nordby', concern: 'Hvordan skaber vi fællesskab?' });
        window.location.hash = `#/projects/${project.id}`;
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ensomhed i Nordby' })).toBeTruthy();
    expect(screen.getByText('Hvordan skaber vi fællesskab?')).toBeTruthy();
    expect(screen.getByText(/No cycles yet\. Start the first one below/)).toBeTruthy();
    expect(screen.getByText(/Nothing recorded yet/)).toBeTruthy();

    await user.click(screen.getByLabelText('Title'));
    await user.keyboard('Listening');
    await user.tab();
    await user.keyboard('Who is lonely?');
    await user.tab();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Listening' })).toBeTruthy();
    expect(view.db.prepare('SELECT ordinal, title, focus FROM cycles').get()).toEqual({ ordinal: 1, title: 'Listening', focus: 'Who is lonely?' });
  });

  it('draws the spiral with a link per cycle and phase, lists what each phase holds, and shows recent activity', async () => {
    const user = userEvent.setup();
    let ids = { project: '', first: '', second: '', sub: '', entry: '' };
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Ensomhed i Nordby' });
        const first = createCycle(db, { project_id: project.id, title: 'Listening' });
        createPhaseEntry(db, { cycle_id: first.id, phase: 'plan', body: '## Invite the library\nand more', occurred_at: '2026-01-02T10:00:00Z' });
        createPhaseEntry(db, { cycle_id: first.id, phase: 'reflect', body: 'We learnt to wait.', occurred_at: '2026-01-20T10:00:00Z' });
        closeCycle(db, first.id, '2026-01-31');
        const second = createCycle(db, { project_id: project.id, title: 'The café' });
        updateCycle(db, second.id, { current_phase: 'observe' });
        const entry = createPhaseEntry(db, { cycle_id: second.id, phase: 'observe', body: 'Hanne spoke first', occurred_at: '2026-02-03T10:00:00Z' });
        const sub = createCycle(db, { project_id: project.id, parent_id: second.id, title: 'Interviews' });
        const now = nowIso();
        db.prepare(
          `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
           VALUES (?, ?, ?, 'reflect', 'withness', 'Slow trust', '', ?, 1, ?, ?, NULL)`,
        ).run(newId(), project.id, first.id, '2026-01-25T10:00:00.000Z', now, now);
        ids = { project: project.id, first: first.id, second: second.id, sub: sub.id, entry: entry.id };
        window.location.hash = `#/projects/${project.id}`;
      },
    });
    const spiral = await screen.findByRole('group', { name: /cycles of this inquiry/ });
    const base = `#/projects/${ids.project}/cycles`;
    const cycleTwo = within(spiral).getByRole('link', { name: '2 Observe – Cycle 2: The café. Now: Observe' });
    expect(cycleTwo.getAttribute('href')).toBe(`${base}/${ids.second}`);
    expect(within(spiral).getByRole('link', { name: 'Cycle 1: Listening. Closed' })).toBeTruthy();
    expect(within(spiral).getByRole('link', { name: 'Cycle 2.1: Interviews. Now: Plan' }).getAttribute('href')).toBe(`${base}/${ids.sub}`);
    const observe = within(spiral).getByRole('link', { name: 'Cycle 2, Observe (current phase): 1 entry' });
    expect(observe.querySelector('.spiral__arc--current')).toBeTruthy();
    expect(within(spiral).getByRole('link', { name: 'Cycle 1, Reflect: 1 entry, 1 reflection' })).toBeTruthy();
    expect(within(spiral).getByRole('link', { name: 'Cycle 1, Act: nothing yet' }).querySelector('.spiral__arc--empty')).toBeTruthy();

    const list = screen.getByRole('heading', { name: 'All cycles' }).closest('section')!;
    expect(within(list).getByRole('link', { name: 'Cycle 1: Listening' })).toBeTruthy();
    expect(within(list).getByText('“Invite the library”')).toBeTruthy();
    expect(within(list).getByText(/Closed 31 Jan 2026/)).toBeTruthy();

    const activity = screen.getByRole('heading', { name: 'Recent activity' }).closest('section')!;
    const links = within(activity).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Hanne spoke first', 'Slow trust', 'We learnt to wait.', 'Invite the library']);
    expect(links[0]!.getAttribute('href')).toBe(`${base}/${ids.second}/entries/${ids.entry}`);
    expect(screen.getByRole('link', { name: '1 reflection not yet linked to evidence' })).toBeTruthy();

    // Choosing a phase in the picture opens the cycle on that phase.
    await user.click(within(spiral).getByRole('link', { name: 'Cycle 1, Reflect: 1 entry, 1 reflection' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Listening' })).toBeTruthy();
    expect((await screen.findByRole('tab', { name: /Reflect/ })).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('link', { name: 'Slow trust' })).toBeTruthy();
    await screen.findByText('No reflection cites this yet.');
  });

  it('reaches every cycle and phase of the picture by keyboard', async () => {
    const user = userEvent.setup();
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Ensomhed i Nordby' });
        createCycle(db, { project_id: project.id, title: 'Listening' });
        window.location.hash = `#/projects/${project.id}`;
      },
    });
    const spiral = await screen.findByRole('group', { name: /cycles of this inquiry/ });
    const centre = within(spiral).getByRole('link', { name: '1 Plan – Cycle 1: Listening. Now: Plan' });
    centre.focus();
    const reached: string[] = [];
    for (let step = 0; step < 4; step += 1) {
      await user.tab();
      reached.push(document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(reached).toEqual([
      'Cycle 1, Plan (current phase): nothing yet',
      'Cycle 1, Act: nothing yet',
      'Cycle 1, Observe: nothing yet',
      'Cycle 1, Reflect: nothing yet',
    ]);
    // (Enter on an SVG link is Chromium's to handle: the end-to-end test presses it there.)
  });
});
