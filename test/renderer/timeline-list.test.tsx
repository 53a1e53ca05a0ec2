import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { LIST_PAGE } from '../../renderer/src/features/timeline/TimelineScreen';
import { seedTimeline, timelineSeeder } from '../db/timeline-seed.js';
import { renderApp } from './render-app.js';

const SLOW = 30_000;
const EXTRA = 450;

describe('timeline list in pages', () => {
  it(
    'loads the window page by page as the list scrolls, each row placed among all the window’s events',
    async () => {
      const user = userEvent.setup();
      const { container } = renderApp({
        seed: (db: Db) => {
          const seeded = seedTimeline(db);
          const s = timelineSeeder(db, seeded.project);
          db.transaction(() => {
            for (let i = 0; i < EXTRA; i++) s.note(new Date(Date.parse('2025-09-20T06:00:00.000Z') + i * 60_000).toISOString(), { title: `Paged note ${String(i).padStart(3, '0')}` });
          })();
          window.location.hash = `#/projects/${seeded.project}/timeline`;
        },
      });
      const total = 11 + EXTRA;
      await screen.findByText(`${total} events in view.`, {}, { timeout: 8000 });
      await user.click(screen.getByRole('button', { name: 'List' }));
      const list = await screen.findByRole('list', { name: 'Events in view, in time order' });
      await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBeGreaterThan(3));
      const first = within(list).getAllByRole('listitem')[0]!;
      // The whole window's count, though only the first page is loaded.
      expect(first.getAttribute('aria-setsize')).toBe(String(total));
      expect(screen.getByText(`${total} events in view.`)).toBeTruthy();

      const scroller = container.querySelector<HTMLElement>('.tl-list')!;
      // jsdom lays nothing out: the list's scroll offset is set by hand, then announced as a scroll.
      const scrollTo = (index: number) => {
        Object.defineProperty(scroller, 'scrollTop', { value: index * 64, configurable: true, writable: true });
        fireEvent.scroll(scroller);
      };
      // Towards the end of what is loaded, the next pages load by themselves, up to the window's last event.
      // (jsdom gives rendered rows no height, so every loaded row counts as in view and the pages follow at once;
      // the e2e test sees the first page alone in Chromium.)
      scrollTo(LIST_PAGE - 12);
      await waitFor(() => expect(list.querySelector(`[aria-posinset="${total}"]`)).toBeTruthy(), { timeout: 10_000 });
      const row = within(list).getByRole('button', { name: /Paged note 449/ }).closest('li')!;
      expect(row.getAttribute('aria-setsize')).toBe(String(total));
      expect(Number(row.getAttribute('aria-posinset'))).toBeGreaterThan(LIST_PAGE);
      // Every event exactly once, in order.
      const labels = [...list.querySelectorAll('.tl-list__label')].map((label) => label.textContent ?? '').filter((label) => label.startsWith('Paged note'));
      expect(labels).toEqual([...labels].sort());
      expect(new Set(labels).size).toBe(labels.length);
      expect(container.querySelector('.tl-list__more')).toBeNull();
    },
    SLOW,
  );
});
