import { configure, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { addTurn, createDialogue } from '../../db/repositories/dialogues.js';
import { newId, nowIso } from '../../db/ids.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder } from '../../db/repositories/stakeholders.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';
import { renderApp } from './render-app.js';

beforeAll(() => {
  // The app loads over the real API on a real file; allow for a busy machine. Nothing here asserts timing.
  configure({ asyncUtilTimeout: 8000 });
  // jsdom has no scrolling; the virtualised list asks for it.
  window.scrollTo = () => undefined;
});

function open(path: string) {
  window.location.hash = `#${path}`;
}

/** `count` untitled meetings a minute apart (the newest is "Meeting <count - 1>"), written straight to the file. */
function manyDialogues(db: Db, projectId: string, count: number) {
  const now = nowIso();
  const insert = db.prepare(`INSERT INTO dialogues (id, project_id, kind, title, occurred_at, created_at, updated_at) VALUES (?, ?, 'meeting', ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(newId(), projectId, `Meeting ${i}`, new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), now, now);
  })();
}

function scrollWindowTo(y: number) {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
  Object.defineProperty(window, 'pageYOffset', { configurable: true, value: y });
  window.dispatchEvent(new Event('scroll'));
}

describe('dialogues list', { timeout: 30_000 }, () => {
  it('shows the newest dialogues first with names, counts and a count line, and rows that say where they are in the list', async () => {
    renderApp({
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        const people = ['Mette', 'Bo', 'Ali', 'Karen', 'Ebbe'].map((pseudonym) => createStakeholder(db, { project_id: project.id, pseudonym, sector: 'citizen' }));
        const older = createDialogue(db, { project_id: project.id, kind: 'interview', title: '', place: 'Café', occurred_at: '2025-01-01T10:00:00.000Z' }, [people[0]!.id]);
        addTurn(db, project.id, { dialogue_id: older.id, speaker_id: people[0]!.id, text: 'Hej' });
        createDialogue(db, { project_id: project.id, kind: 'workshop', title: 'Kick-off', place: 'Library', occurred_at: '2025-02-01T10:00:00.000Z' }, people.map((person) => person.id));
        open(`/projects/${project.id}/dialogues`);
      },
    });
    const list = await screen.findByRole('list', { name: 'Dialogues' });
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(2));
    expect(within(list).getAllByRole('link').map((link) => link.textContent)).toEqual(['Kick-off', 'Untitled interview']);
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => [row.getAttribute('aria-posinset'), row.getAttribute('aria-setsize')])).toEqual([
      ['1', '2'],
      ['2', '2'],
    ]);
    await waitFor(() => expect(rows[0]!.textContent).toContain('Ali, Bo, Ebbe, Karen and one more'));
    expect(rows[0]!.textContent).toContain('0 turns');
    expect(rows[1]!.textContent).toContain('Mette');
    expect(rows[1]!.textContent).toContain('1 turn');
    expect(screen.getByText('2 dialogues, newest first')).toBeTruthy();
    // The form to start one stays in reach above the list.
    expect(screen.getByRole('region', { name: 'New dialogue' })).toBeTruthy();
  });

  it('explains what to do when there are none, in Danish too', async () => {
    renderApp({
      language: 'da',
      seed: (db) => {
        const project = createProject(db, { title: 'Nordby' });
        open(`/projects/${project.id}/dialogues`);
      },
    });
    expect((await screen.findByText(/Ingen dialoger endnu/)).textContent).toContain('formularen ovenfor');
    expect(screen.queryByRole('list', { name: 'Dialoger' })).toBeNull();
  });

  it('draws only the rows in view and loads the next page by key as the list scrolls', async () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    manyDialogues(db, project.id, 250);
    const asked: Record<string, unknown>[] = [];
    renderApp({
      language: 'da',
      transport: (channel, input) => {
        if (channel === 'dialogues:list') asked.push(JSON.parse(JSON.stringify(input)));
        return dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
      },
      seed: () => open(`/projects/${project.id}/dialogues`),
    });
    const list = await screen.findByRole('list', { name: 'Dialoger' });
    expect(screen.getByText('250 dialoger, nyeste først')).toBeTruthy();
    await waitFor(() => expect(within(list).getAllByRole('link')[0]!.textContent).toBe('Meeting 249'));
    const drawn = within(list).getAllByRole('listitem');
    expect(drawn.length).toBeGreaterThan(3);
    expect(drawn.length).toBeLessThan(60);
    expect(asked).toEqual([{ project_id: project.id, limit: 100 }]);

    // Scroll to about the 150th row: the second page is asked for after the last dialogue of the first, without the count.
    // jsdom lays nothing out: the list sits at the top of the page and moves up as the window scrolls.
    list.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: -window.scrollY, width: 800, height: 0 });
    const row = Number.parseFloat(getComputedStyle(drawn[0]!).height);
    expect(row).toBeGreaterThan(0);
    scrollWindowTo(row * 150);
    await waitFor(() => expect(within(list).getByText('Meeting 99')).toBeTruthy());
    const shown = within(list).getByText('Meeting 99').closest('li')!;
    expect(shown.getAttribute('aria-posinset')).toBe('151');
    expect(shown.getAttribute('aria-setsize')).toBe('250');
    const second = asked.find((input) => input.after !== undefined)!;
    expect(second).toMatchObject({ project_id: project.id, limit: 100, with_total: false, after: { occurred_at: new Date(Date.UTC(2025, 0, 1, 0, 150)).toISOString() } });
    expect(asked.some((input) => input.with_total === undefined && input !== asked[0])).toBe(false);
  });
});
