import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { callOrThrow, dispatch } from '../../electron/api/dispatch.js';
import { createClient, type Transport } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/ClientContext';
import { ImportQdpx } from '../../renderer/src/features/exchange/ImportQdpx';
import { createI18n, type Language } from '../../renderer/src/i18n';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

// SQLite, the schema check and a whole import run for real under jsdom; allow a slow machine. Nothing asserts timing.
configure({ asyncUtilTimeout: 15_000 });

const realTransport = (db: Db): Transport => (channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true });

function renderImport(db: Db, language: Language = 'en', projects: { id: string; title: string }[] = []) {
  const onImported = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ClientProvider client={createClient(realTransport(db))}>
        <ImportQdpx projects={projects} onImported={onImported} />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { onImported };
}

async function demoQdpx(): Promise<File> {
  const { db } = tempDatabase();
  const { project } = createDemoProject(db);
  const file = await callOrThrow(db, 'exchange:qdpx', { project_id: project.id });
  return new File([Buffer.from(file.data_base64, 'base64')], 'egeby.qdpx', { type: 'application/zip' });
}

describe('ImportQdpx', { timeout: 60_000 }, () => {
  it('previews a .qdpx, lets the researcher keep a transcript as a note, and imports only on request', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    const { onImported } = renderImport(db);
    await user.upload(screen.getByLabelText('Choose a REFI-QDA project (.qdpx)'), await demoQdpx());

    const preview = await screen.findByRole('heading', { name: /^In “Fællesskaber mod ensomhed/ });
    expect(preview).toBeTruthy();
    expect(screen.getByText(/43 sources, 12 memos, 10 codes, 47 codings/)).toBeTruthy();
    expect(rowCounts(db).projects).toBe(0);
    const transcripts = within(screen.getByRole('group', { name: /read as transcripts/ })).getAllByRole('checkbox');
    expect(transcripts).toHaveLength(6);
    expect(transcripts.every((box) => (box as HTMLInputElement).checked)).toBe(true);
    await user.click(transcripts[0]!);
    expect(screen.getByRole('combobox', { name: 'Import into' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Import' }));
    const done = await screen.findByText(/^Imported \d+ field notes, 5 dialogues, 12 reflections and 47 codings\./);
    expect(done).toBeTruthy();
    expect(onImported).toHaveBeenCalledTimes(1);
    const projectId = onImported.mock.calls[0]![0] as string;
    expect(db.prepare(`SELECT count(*) FROM dialogues WHERE project_id = ?`).pluck().get(projectId)).toBe(5);
    expect(screen.getByRole('link', { name: 'Open the inquiry' }).getAttribute('href')).toContain(`/projects/${projectId}`);
  });

  it('says in Danish what is wrong with a file that is not a .qdpx, writing nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const { db } = tempDatabase();
    renderImport(db, 'da');
    await user.upload(screen.getByLabelText('Vælg et REFI-QDA-projekt (.qdpx)'), new File(['not a zip'], 'notes.qdpx'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/zip/);
    expect(screen.queryByRole('button', { name: 'Importér' })).toBeNull();
    expect(rowCounts(db).projects).toBe(0);
  });
});
