import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftOffer, useDraftOffer } from '../../renderer/src/components/DraftOffer';
import { createI18n } from '../../renderer/src/i18n';

const KEY = 'test:record';
const STORE = `withness.draft.${KEY}`;

function keepDraft(value: string, at = '2026-03-02T10:00:00.000Z') {
  localStorage.setItem(STORE, JSON.stringify({ value, at }));
}

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

afterEach(() => localStorage.clear());

describe('DraftOffer', () => {
  it('offers nothing without a draft, or when the draft is what is stored', () => {
    const { unmount } = render(<Editor stored="Saved" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
    unmount();
    keepDraft('Saved');
    render(<Editor stored="Saved" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
  });

  it('offers nothing when the draft is older than the stored record (newerThan)', () => {
    keepDraft('Older text', '2026-03-01T10:00:00.000Z');
    render(<Editor stored="Saved" newerThan="2026-03-02T10:00:00.000Z" />);
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
  });

  it('replaces nothing until the writer chooses; "Use the draft" puts it back and says so', async () => {
    const user = userEvent.setup();
    keepDraft('Never saved');
    render(<Editor stored="Saved" newerThan="2026-03-01T10:00:00.000Z" />);
    const offer = screen.getByRole('group', { name: /^Unsaved changes from .+ were kept as a draft on this computer\.$/ });
    expect(offer).toBeTruthy();
    expect(box().value).toBe('Saved');
    await user.click(screen.getByRole('button', { name: 'Use the draft' }));
    expect(box().value).toBe('Never saved');
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('The draft is back in the editor and is being saved.');
  });

  it('"Discard the draft" removes it from this computer and keeps the stored text', async () => {
    const user = userEvent.setup();
    keepDraft('Never saved');
    render(<Editor stored="Saved" />);
    await user.click(screen.getByRole('button', { name: 'Discard the draft' }));
    expect(box().value).toBe('Saved');
    expect(localStorage.getItem(STORE)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use the draft' })).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('speaks Danish', () => {
    keepDraft('Aldrig gemt');
    render(<Editor stored="Gemt" language="da" />);
    expect(screen.getByRole('button', { name: 'Brug kladden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kassér kladden' })).toBeTruthy();
  });
});
