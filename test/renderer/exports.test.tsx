import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { createNote } from '../../db/repositories/notes.js';
import { dispatch } from '../../electron/api/dispatch.js';
import type { ApiResult } from '../../electron/api/result.js';
import { renderApp } from './render-app.js';

let projectId = '';

/** The demo inquiry plus a note in cycle 2 that names a stakeholder by her real name twice. */
function seed(db: Db) {
  const { project } = createDemoProject(db);
  projectId = project.id;
  const cycle2 = db.prepare('SELECT id FROM cycles WHERE project_id = ? AND ordinal = 2 AND parent_id IS NULL').pluck().get(projectId) as string;
  createNote(db, { project_id: projectId, cycle_id: cycle2, phase: 'act', body: 'Lone Kirkegaard ringede. Lonni lød glad.', occurred_at: '2026-01-20T10:00:00.000Z' });
}

type Intercept = (channel: string, input: unknown) => Promise<ApiResult<unknown>> | undefined;

/** Opens the export screen over the real API; `intercept` may answer or watch a call first. */
function openWith(intercept: Intercept) {
  let db: Db | undefined;
  const view = renderApp({
    seed: (seeded) => {
      db = seeded;
      seed(seeded);
    },
    transport: (channel, input) => {
      // Long work is started as a job (jobs:start names the channel and carries its input): watched as that channel.
      const job = channel === 'jobs:start' ? (input as { channel: string; input: unknown }) : undefined;
      return intercept(job?.channel ?? channel, job ? job.input : input) ?? dispatch(db!, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });
    },
  });
  window.location.hash = `#/projects/${projectId}/export`;
  return view;
}

function open(options: Parameters<typeof renderApp>[0] = {}) {
  const view = renderApp({ seed, ...options });
  window.location.hash = `#/projects/${projectId}/export`;
  return view;
}

describe('export screen', { timeout: 30_000 }, () => {
  it('shows what the pseudonymisation will replace before exporting, with counts', async () => {
    open();
    expect(await screen.findByRole('heading', { level: 1, name: 'Export' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Names that will be replaced' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Lone Kirkegaard', 'Birgitte', 'Full name', '1'],
      ['Lonni', 'Birgitte', 'Also known as', '1'],
    ]);
    expect(screen.getByText('2 replacements in the text.')).toBeTruthy();
    // Real names are off by default, and exporting is the ordinary action.
    expect((screen.getByRole('checkbox', { name: 'Use real names instead of pseudonyms' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('button', { name: 'Export report' })).toBeTruthy();
    expect(screen.queryByText(/will contain stakeholders’ real names/)).toBeNull();
  });

  it('exports the chosen format, pseudonymised, and says when the file is ready', async () => {
    const user = userEvent.setup();
    const requests: unknown[] = [];
    openWith((channel, input) => {
      if (channel === 'exports:report') requests.push(input);
      return undefined;
    });
    await user.click(await screen.findByRole('radio', { name: /^Web page \(\.html\)/ }));
    await user.click(screen.getByRole('button', { name: 'Export report' }));
    expect(await screen.findByText(/-report-\d{4}-\d{2}-\d{2}\.html is ready\./)).toBeTruthy();
    expect(requests).toEqual([{ project_id: projectId, format: 'html', real_names: false, language: 'en' }]);
  });

  it('makes real names an explicit choice with a warning', async () => {
    const user = userEvent.setup();
    const requests: { real_names?: boolean }[] = [];
    openWith((channel, input) => {
      if (channel === 'exports:report') requests.push(input as { real_names?: boolean });
      return undefined;
    });
    await user.click(await screen.findByRole('checkbox', { name: 'Use real names instead of pseudonyms' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This report will contain stakeholders’ real names');
    expect(screen.getByText('You chose real names: nothing will be replaced.')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: /^Markdown \(\.md\)/ }));
    await user.click(screen.getByRole('button', { name: 'Export report with real names' }));
    expect(await screen.findByText(/-report-real-names-\d{4}-\d{2}-\d{2}\.md is ready\./)).toBeTruthy();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.real_names).toBe(true);
  });

  it('limits the report to chosen cycles or a period, and says what is missing', async () => {
    const user = userEvent.setup();
    open();
    await screen.findByRole('table', { name: 'Names that will be replaced' });
    await user.click(screen.getByRole('radio', { name: 'Chosen cycles' }));
    const button = screen.getByRole('button', { name: 'Export report' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText('Choose at least one cycle.')).toBeTruthy();
    await user.click(await screen.findByRole('checkbox', { name: /^Cycle 1: / }));
    expect(button.disabled).toBe(false);
    // The note naming Lone is in cycle 2: nothing to replace in cycle 1.
    expect(await screen.findByText(/No real name, name part or alias of a stakeholder occurs/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /^Cycle 2: / }));
    expect(await screen.findByRole('table', { name: 'Names that will be replaced' })).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'A period' }));
    expect(screen.getByText('Choose a start or an end date.')).toBeTruthy();
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await user.type(screen.getByLabelText('To'), '2026-02-01');
    expect(screen.getByText('The start date must not be after the end date.')).toBeTruthy();
    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2026-01-01');
    expect(await screen.findByRole('table', { name: 'Names that will be replaced' })).toBeTruthy();
    expect(button.disabled).toBe(false);
  });

  it('shows a failed export in words', async () => {
    const user = userEvent.setup();
    openWith((channel) =>
      channel === 'exports:report'
        ? Promise.resolve({ ok: false, error: { code: 'internal', message: 'PDF export needs Chromium, which is not available here.' } })
        : undefined,
    );
    await user.click(await screen.findByRole('button', { name: 'Export report' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('PDF export needs Chromium, which is not available here.');
  });

  it('speaks Danish and shows the exchange exports below', async () => {
    open({ language: 'da' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Eksport' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Refleksionsrapport' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Brug rigtige navne i stedet for pseudonymer' })).toBeTruthy();
    expect(await screen.findByText('2 erstatninger i teksten.')).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2 }).length).toBeGreaterThanOrEqual(2);
  });
});
