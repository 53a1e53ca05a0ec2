import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createProject } from '../../db/repositories/projects.js';
import { fitView, stackRows, ticks, zoomView, DAY } from '../../renderer/src/features/timeline/timelineMath';
import { enGB } from 'date-fns/locale';
import { seedTimeline } from '../db/timeline-seed.js';
import { renderApp } from './render-app.js';

const SLOW = 20_000;

function openTimeline(options: { language?: 'en' | 'da' } = {}) {
  let seeded!: ReturnType<typeof seedTimeline>;
  const view = renderApp({
    ...options,
    seed: (db: Db) => {
      seeded = seedTimeline(db);
      window.location.hash = `#/projects/${seeded.project}/timeline`;
    },
  });
  return { ...view, ...seeded };
}

const marks = (container: HTMLElement, type?: string) => container.querySelectorAll(type ? `.tl-mark--${type}` : '.tl-mark');
const mark = (container: HTMLElement, type: string, id: string) => container.querySelector(`.tl-mark[data-key="${type}:${id}"]`)!;

describe('timeline screen', () => {
  it(
    'draws every event of the inquiry with the cycles as bands and the prompt links as lines',
    async () => {
      const { container } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      await waitFor(() => expect(marks(container)).toHaveLength(11));
      expect(marks(container, 'turn')).toHaveLength(3);
      expect(marks(container, 'reflection')).toHaveLength(2);
      // Cycle bands carry their number and title; phase spans are drawn per cycle.
      expect(container.querySelector('.tl-cycle-label')?.textContent).toBe('1 · Listening');
      expect(container.querySelectorAll('.tl-phase')).toHaveLength(6);
      // Four prompt links among the events: two from each reflection.
      expect(container.querySelectorAll('.tl-link')).toHaveLength(4);
      expect(screen.getByRole('application', { name: 'Timeline picture with 11 events in view' })).toBeTruthy();
    },
    SLOW,
  );

  it(
    'shows only what the filters let through',
    async () => {
      const user = userEvent.setup();
      const { container, cycles, events: e } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });

      await user.click(screen.getByRole('checkbox', { name: 'Reflection' }));
      await screen.findByText('2 events in view.');
      await waitFor(() => expect(marks(container)).toHaveLength(2));
      expect(marks(container, 'reflection')).toHaveLength(2);
      // A reflection citing another reflection: the one link with both ends shown.
      expect(container.querySelectorAll('.tl-link')).toHaveLength(1);

      await user.click(screen.getByRole('checkbox', { name: 'Turn' }));
      await screen.findByText('5 events in view.');
      await user.selectOptions(screen.getByRole('combobox', { name: 'Cycle' }), cycles.cycle1);
      await screen.findByText('4 events in view.');
      await user.click(screen.getByRole('checkbox', { name: 'Aboutness' }));
      await screen.findByText('3 events in view.');
      await waitFor(() => expect(marks(container, 'reflection')).toHaveLength(0));

      // Choosing a cycle brought its stretch of time into view: the later events are out of sight.
      await user.click(screen.getByRole('button', { name: 'Clear 3 filters' }));
      await screen.findByText('7 events in view.');
      await user.click(screen.getByRole('button', { name: 'Whole inquiry' }));
      await screen.findByText('11 events in view.');

      await user.type(screen.getByRole('searchbox', { name: 'Words' }), 'door');
      await screen.findByText('3 events in view.');
      await waitFor(() => expect(marks(container)).toHaveLength(3));
      expect(mark(container, 'turn', e.turn2)).toBeTruthy();
      expect(mark(container, 'reflection', e.reflection1)).toBeTruthy();

      await user.clear(screen.getByRole('searchbox', { name: 'Words' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Stakeholder' }), 'Mette (Public sector)');
      await screen.findByText('2 events in view.');
      await user.selectOptions(screen.getByRole('combobox', { name: 'Stakeholder' }), 'Everyone');
      await user.click(screen.getByRole('checkbox', { name: 'Voluntary sector' }));
      await screen.findByText('2 events in view.');
      await waitFor(() => expect(marks(container, 'field_note')).toHaveLength(2));
      await user.click(screen.getByRole('checkbox', { name: 'Voluntary sector' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Code' }), 'Belonging');
      await screen.findByText('2 events in view.');
      await user.click(screen.getByRole('checkbox', { name: 'Plan' }));
      await screen.findByText('No events here match the filters. Clear some filters, zoom out or fit the whole inquiry.');
    },
    SLOW,
  );

  it(
    'moves the selection with the arrow keys, Home and End, says where it is, and opens it with Enter',
    async () => {
      const user = userEvent.setup();
      const { container, project, cycles, events: e } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      const timeline = screen.getByRole('application');
      timeline.focus();
      const status = () => within(container.querySelector('.tl')! as HTMLElement).getByRole('status').textContent ?? '';

      await user.keyboard('{ArrowRight}');
      await waitFor(() => expect(status()).toMatch(/^Phase entry, .*: We want to listen before we act\. 1 of 11 in view\.$/));
      expect(mark(container, 'phase_entry', e.plan1).classList.contains('is-selected')).toBe(true);
      await user.keyboard('{ArrowRight}');
      await waitFor(() => expect(status()).toMatch(/^Field note, .*: Coffee in the hall\. 2 of 11/));
      await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
      await waitFor(() => expect(status()).toMatch(/^Turn, .*: Karen: Nobody knocks on my door any more\. 5 of 11/));
      expect(screen.getByRole('heading', { level: 2, name: 'Karen: Nobody knocks on my door any more.' })).toBeTruthy();
      // The turn prompted a reflection: it is listed, and the chain is lit while the rest is dimmed.
      const details = screen.getByRole('region', { name: 'Karen: Nobody knocks on my door any more.' });
      await within(details).findByRole('heading', { name: 'Reflections it prompted' });
      expect(within(details).getAllByText('The door').length).toBeGreaterThan(0);
      await waitFor(() => expect(mark(container, 'reflection', e.reflection1).classList.contains('is-chain')).toBe(true));
      expect(mark(container, 'field_note', e.note2).classList.contains('is-dim')).toBe(true);
      expect(container.querySelectorAll('.tl-link--chain')).toHaveLength(1);

      await user.keyboard('{ArrowLeft}');
      await waitFor(() => expect(status()).toMatch(/^Turn, .*: Karen: I am not lonely, I am just alone\. 4 of 11/));
      await user.keyboard('{End}');
      await waitFor(() => expect(status()).toMatch(/^Field note, .*: Outside any cycle\./));
      await user.keyboard('{ArrowRight}');
      await waitFor(() => expect(status()).toBe('No later event.'));
      await user.keyboard('{Home}');
      await waitFor(() => expect(status()).toMatch(/^Phase entry, .*: We want to listen/));
      await user.keyboard('{Enter}');
      await waitFor(() => expect(window.location.hash).toBe(`#/projects/${project}/cycles/${cycles.cycle1}/entries/${e.plan1}`));
      // The cycle screen opens (and finishes loading) at that entry.
      expect(await screen.findByRole('heading', { level: 1, name: /Listening/ }, { timeout: 5000 })).toBeTruthy();
      await waitFor(() => expect(screen.queryByText('Loading…')).toBeNull(), { timeout: 5000 });
    },
    SLOW,
  );

  it(
    'follows a reflection to the turn that prompted it',
    async () => {
      const user = userEvent.setup();
      const { container, project, events: e } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      await waitFor(() => expect(mark(container, 'reflection', e.reflection1)).toBeTruthy());
      await user.click(mark(container, 'reflection', e.reflection1));
      const details = await screen.findByRole('region', { name: 'The door' });
      await within(details).findByRole('heading', { name: 'Prompted by' });
      const items = within(details).getAllByRole('listitem');
      expect(items.map((item) => item.querySelector('.tl-chain__label')?.textContent)).toEqual([
        'Karen: Nobody knocks on my door any more.',
        'Coffee in the hall',
        'Karen: Nobody knocks on my door any more.',
        'Counting heads',
      ]);
      expect(within(items[2]!).getByText('Nobody').tagName).toBe('BLOCKQUOTE');
      await waitFor(() => expect(container.querySelectorAll('.tl-link--chain')).toHaveLength(3));

      // "Select" moves the selection along the chain; "Open" opens the event where it lives.
      await user.click(within(items[3]!).getByRole('button', { name: 'Select: Counting heads' }));
      await screen.findByRole('region', { name: 'Counting heads' });
      await user.click(screen.getByRole('button', { name: 'Select: The door' }));
      const back = await screen.findByRole('region', { name: 'The door' });
      await user.click((await within(back).findAllByRole('link', { name: 'Open: Karen: Nobody knocks on my door any more.' }))[0]!);
      await waitFor(() => expect(window.location.hash).toBe(`#/projects/${project}/dialogues/${e.dialogue}/turns/${e.turn2}`));
      expect((await screen.findAllByText('Nobody knocks on my door any more.', {}, { timeout: 5000 })).length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'zooms, pans and fits, and switches the lanes to sectors',
    async () => {
      const user = userEvent.setup();
      const { container } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      const range = () => container.querySelector('.tl-status__range')?.textContent;
      const whole = range();
      await user.click(screen.getByRole('button', { name: 'Zoom in' }));
      await user.click(screen.getByRole('button', { name: 'Zoom in' }));
      await waitFor(() => expect(range()).not.toBe(whole));
      await screen.findByText(/^\d events? in view\./);
      const zoomed = range();
      await user.click(screen.getByRole('button', { name: 'Earlier' }));
      await waitFor(() => expect(range()).not.toBe(zoomed));
      await user.click(screen.getByRole('button', { name: 'Whole inquiry' }));
      await waitFor(() => expect(range()).toBe(whole));
      await screen.findByText('11 events in view.');

      // Ctrl + wheel zooms, Shift + wheel moves in time; a plain wheel leaves the page to scroll.
      const svg = container.querySelector('svg.tl-chart')!;
      fireEvent.wheel(svg, { deltaY: 100 });
      expect(range()).toBe(whole);
      fireEvent.wheel(svg, { deltaY: -400, ctrlKey: true, clientX: 500 });
      await waitFor(() => expect(range()).not.toBe(whole));
      const wheeled = range();
      fireEvent.wheel(svg, { deltaY: 300, shiftKey: true });
      await waitFor(() => expect(range()).not.toBe(wheeled));
      // The keyboard zooms and fits too.
      screen.getByRole('application').focus();
      await user.keyboard('0');
      await waitFor(() => expect(range()).toBe(whole));
      await user.keyboard('++');
      await waitFor(() => expect(range()).not.toBe(whole));
      await user.keyboard('0');
      await waitFor(() => expect(range()).toBe(whole));

      await user.click(screen.getByRole('button', { name: 'Sector' }));
      await waitFor(() => expect(container.querySelectorAll('.tl-lane-label')[0]?.textContent).toBe('Public sector'));
      // The dialogue stands in two lanes (citizen and public participants); the reflections in "No stakeholder".
      const labels = [...container.querySelectorAll('.tl-lane-label')].map((label) => label.textContent);
      expect(labels).toEqual(['Public sector', 'Private sector', 'Voluntary sector', 'Citizen', 'Researcher', 'Other', 'No stakeholder']);
      await waitFor(() => expect(marks(container, 'dialogue')).toHaveLength(2));
    },
    SLOW,
  );

  it(
    'shows the same events as an accessible list',
    async () => {
      const user = userEvent.setup();
      openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      await user.click(screen.getByRole('button', { name: 'List' }));
      const list = await screen.findByRole('list', { name: 'Events in view, in time order' });
      await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBeGreaterThan(3));
      const first = within(list).getAllByRole('listitem')[0]!;
      expect(first.getAttribute('aria-setsize')).toBe('11');
      expect(first.textContent).toContain('We want to listen before we act.');
      await user.click(within(list).getByRole('button', { name: /Coffee in the hall/ }));
      expect(await screen.findByRole('region', { name: 'Coffee in the hall' })).toBeTruthy();
      expect(within(list).getByRole('button', { name: /Coffee in the hall/ }).getAttribute('aria-pressed')).toBe('true');
    },
    SLOW,
  );

  it(
    'remembers the view and selection when coming back, and lets go of an event that went to the trash',
    async () => {
      const user = userEvent.setup();
      const { container, db, project, events: e } = openTimeline();
      await screen.findByText('11 events in view.', {}, { timeout: 8000 });
      await waitFor(() => expect(mark(container, 'field_note', e.note2)).toBeTruthy());
      await user.click(mark(container, 'field_note', e.note2));
      await screen.findByRole('region', { name: 'First café morning' });

      window.location.hash = `#/projects/${project}`;
      await waitFor(() => expect(screen.queryByRole('heading', { level: 1, name: 'Timeline' })).toBeNull());
      window.location.hash = `#/projects/${project}/timeline`;
      expect(await screen.findByRole('region', { name: 'First café morning' })).toBeTruthy();

      trashEntity(db, 'field_note', e.note2);
      window.location.hash = `#/projects/${project}`;
      await waitFor(() => expect(screen.queryByRole('heading', { level: 1, name: 'Timeline' })).toBeNull());
      window.location.hash = `#/projects/${project}/timeline`;
      await screen.findByText('10 events in view.');
      await waitFor(() => expect(screen.queryByRole('region', { name: 'First café morning' })).toBeNull());
      expect(screen.getByText(/^Select an event/)).toBeTruthy();
    },
    SLOW,
  );

  it(
    'explains what to do when the inquiry has no events yet, in Danish too',
    async () => {
      renderApp({
        language: 'da',
        seed: (db) => {
          window.location.hash = `#/projects/${createProject(db, { title: 'Tom' }).id}/timeline`;
        },
      });
      expect(await screen.findByRole('heading', { name: 'Intet på tidslinjen endnu' })).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Skriv en feltnote' })).toBeTruthy();
    },
    SLOW,
  );

  it(
    'speaks Danish',
    async () => {
      openTimeline({ language: 'da' });
      expect(await screen.findByText('11 begivenheder i visningen.')).toBeTruthy();
      expect(screen.getByRole('heading', { level: 1, name: 'Tidslinje' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Hele undersøgelsen' })).toBeTruthy();
    },
    SLOW,
  );
});

describe('timeline geometry', () => {
  it('fits the whole inquiry with air, never narrower than a day', () => {
    const view = fitView(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-12-31T00:00:00Z'));
    expect(view.start).toBeLessThan(Date.parse('2025-01-01T00:00:00Z'));
    expect(view.end).toBeGreaterThan(Date.parse('2025-12-31T00:00:00Z'));
    const single = fitView(1000, 1000);
    expect(single.end - single.start).toBe(DAY);
  });

  it('zooms around an anchor, between a day and the widest span', () => {
    const view = { start: 0, end: 100 * DAY };
    const zoomed = zoomView(view, 0.5, 25 * DAY, 1000 * DAY);
    expect(zoomed).toEqual({ start: 12.5 * DAY, end: 62.5 * DAY });
    expect(zoomView(view, 0.0001, 0, 1000 * DAY).end - zoomView(view, 0.0001, 0, 1000 * DAY).start).toBe(DAY);
    const out = zoomView(view, 100, 50 * DAY, 300 * DAY);
    expect(out.end - out.start).toBe(300 * DAY);
  });

  it('puts ticks on calendar boundaries suited to the zoom', () => {
    const year = ticks({ start: Date.parse('2025-01-01T00:00:00'), end: Date.parse('2026-01-01T00:00:00') }, 1200, enGB);
    expect(year.map((tick) => tick.label)).toEqual(['2025', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    const day = ticks({ start: Date.parse('2025-03-01T00:00:00'), end: Date.parse('2025-03-02T00:00:00') }, 2000, enGB);
    expect(day[0]!.label).toBe('1 Mar');
    expect(day[1]!.label).toBe('01:00');
  });

  it('stacks marks that stand too close into rows', () => {
    expect(stackRows([0, 2, 4, 20], 10, 5)).toEqual({ rows: [0, 1, 2, 0], used: 3 });
    expect(stackRows([0, 0, 0], 10, 2).used).toBe(2);
  });
});
