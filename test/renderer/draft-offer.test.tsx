import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { putDraft } from '../../db/repositories/drafts.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { createClient } from '../../renderer/src/api/client';
import { DraftOffer, useDraftOffer } from '../../renderer/src/components/DraftOffer';
import { draftsSettled, loadDrafts } from '../../renderer/src/components/draftStore';
import { createI18n } from '../../renderer/src/i18n';
import { tempDatabase } from '../helpers/temp.js';

let KEY = '';
let db: Db;
let keepDraft: (value: string, at?: string) => Promise<void>;

/** Each test: a real journal with a note; a draft is planted in it and read the way the app reads it at start. */
beforeEach(() => {
  db = tempDatabase().db;
  const project = createProject(db, { title: 'Nordby' });
  const note = createNote(db, { project_id: project.id, body: 'Saved' });
  KEY = `note:${note.id}`;
  const client = createClient((channel, input) => dispatch(db, channel, JSON.parse(JSON.stringify(input ?? {})), { checkOutput: true }));
  keepDraft = async (value, at = '2026-03-02T10:00:00.000Z') => {
    putDraft(db, { key: KEY, project_id: project.id, record_type: 'note', record_id: note.id, body: JSON.stringify(value), saved_at: at });
    await loadDrafts(client);
  };
  return loadDrafts(client);
});

/** An editor the way the screens use it: the stored value, the draft offer above a text box. */
function Editor({ stored, newerThan, language = 'en' }: { stored: string; newerThan?: string; language?: 'en' | 'da' }) {
  return (
    <I18nextProvider i18n={createI18n(language)}>
      <Inner stored={stored} newerThan={newerThan} />
    </I18nextProvider>
  );
}

function Inner({ stored, newerThan }: { stored: string; newerThan?: string }) {
  const [text, setText] = useState(stored);
  const offer = useDraftOffer(KEY, stored, newerThan === undefined ? {} : { newerThan });
  return (
    <>
      <DraftOffer offer={offer} onUse={setText} />
      <label>
        Text
        <textarea value={text} onChange={(event) => setText(event.target.value)} />
      </label>
    </>
  );
}

const box = () => screen.getByRole('textbox', { name: 'Text' }) as HTMLTextAreaElement;

describe('DraftOffer', () => {
  it('offers nothing without a draft, or when the draft is what is stored', async () => {
    const { unmount } = render(<Editor stored="Saved" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
    unmount();
    await keepDraft('Saved');
    render(<Editor stored="Saved" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
  });

  it('offers nothing when the draft is older than the stored record (newerThan)', async () => {
    await keepDraft('Older text', '2026-03-01T10:00:00.000Z');
    render(<Editor stored="Saved" newerThan="2026-03-02T10:00:00.000Z" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
  });

  it('replaces nothing until the writer chooses; "Use the draft" puts it back and says so', async () => {
    const user = userEvent.setup();
    await keepDraft('Never saved');
    render(<Editor stored="Saved" newerThan="2026-03-01T10:00:00.000Z" />);
    const offer = screen.getByRole('group', { name: /^Unsaved changes from .+ were kept as a draft on this computer\.$/ });
    expect(offer).toBeTruthy();
    expect(box().value).toBe('Saved');
    await user.click(screen.getByRole('button', { name: 'Use the draft' }));
    expect(box().value).toBe('Never saved');
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('The draft is back in the editor and is being saved.');
  });

  it('"Discard the draft" removes it from the journal and keeps the stored text', async () => {
    const user = userEvent.setup();
    await keepDraft('Never saved');
    render(<Editor stored="Saved" />);
    await user.click(screen.getByRole('button', { name: 'Discard the draft' }));
    expect(box().value).toBe('Saved');
    await draftsSettled();
    expect(db.prepare('SELECT count(*) FROM drafts WHERE key = ?').pluck().get(KEY)).toBe(0);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('speaks Danish', async () => {
    await keepDraft('Aldrig gemt');
    render(<Editor stored="Gemt" language="da" />);
    expect(screen.getByRole('button', { name: 'Brug kladden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kassér kladden' })).toBeTruthy();
  });
});
