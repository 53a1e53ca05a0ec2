import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { DeleteButton } from '../../components/DeleteButton';
import { Markdown } from '../../components/Markdown';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { formatDateTime } from '../../format';
import { HistoryPanel } from '../history/HistoryPanel';
import { markInRendered, type TextMatch } from '../events/openAtMatch';
import { Backlinks, useCitationCount } from '../reflections/Backlinks';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { firstLine, type PhaseEntry } from './cycleNames';

/**
 * One phase entry: its Markdown, read as text; "Edit" opens it for writing with autosave. Earlier
 * versions, the reflections it prompted and a delete to the trash sit under it. Highlighted (opened from a link),
 * it comes into view; with a search match, the matched words are marked in its text and brought into view.
 */
export function PhaseEntryCard({
  projectId,
  entry,
  highlighted,
  match,
  onRestored,
  onDeleted,
}: {
  projectId: string;
  entry: PhaseEntry;
  highlighted: boolean;
  /** A search match in the body (code points), marked in the text when the card is highlighted. */
  match?: TextMatch;
  /** An earlier version was brought back: the parent reloads and remounts this card. */
  onRestored: () => void;
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(entry.body);
  const revision = useRef(entry.revision);
  const citedBy = useCitationCount('phase_entry', entry.id);
  const draftKey = `phase-entry.${entry.id}`;
  const draft = useDraftOffer(draftKey, entry.body);
  const autosave = useAutosave({
    value: body,
    draftKey,
    save: async (text) => {
      const saved = await client.call('phaseEntries:update', { id: entry.id, body: text, expected_revision: revision.current });
      revision.current = saved.revision;
    },
  });
  const article = useRef<HTMLElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!highlighted || !article.current) return;
    const text = article.current.querySelector<HTMLElement>('.phase-entry__body');
    const mark = match && text ? markInRendered(text, entry.body, match) : undefined;
    (mark ?? article.current).scrollIntoView?.({ block: 'center' });
    article.current.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once when the card is opened at
  }, [highlighted]);

  useEffect(() => {
    if (editing) editor.current?.focus();
  }, [editing]);

  const when = formatDateTime(entry.occurred_at, i18n.language);
  const label = t('cycles.entryLabel', { date: when });
  return (
    <article
      ref={article}
      id={`entry-${entry.id}`}
      className={`phase-entry${highlighted ? ' phase-entry--highlight' : ''}`}
      aria-label={label}
      tabIndex={-1}
    >
      <header className="phase-entry__meta">
        <time dateTime={entry.occurred_at}>{when}</time>
        {entry.author && <span>{t('cycles.entryBy', { author: entry.author })}</span>}
        <span className="phase-entry__actions">
          <button
            type="button"
            className="button button--small"
            aria-expanded={editing}
            onClick={async () => {
              if (editing) {
                await autosave.flush();
                setEditing(false);
              } else setEditing(true);
            }}
          >
            {editing ? t('cycles.done') : t('cycles.edit')}
          </button>
        </span>
      </header>
      <DraftOffer
        offer={draft}
        onUse={(text) => {
          setBody(text);
          setEditing(true);
        }}
      />
      {editing ? (
        <div className="phase-entry__editor">
          <textarea
            ref={editor}
            aria-label={t('cycles.editLabel', { date: when })}
            value={body}
            rows={Math.min(20, Math.max(4, body.split('\n').length + 1))}
            onChange={(event) => setBody(event.target.value)}
            onBlur={() => void autosave.flush()}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                void autosave.flush().then(() => setEditing(false));
              }
            }}
          />
          <SaveStatus status={autosave.status} error={autosave.error} />
        </div>
      ) : (
        <>
          <Markdown source={body} className="phase-entry__body" />
          {autosave.status !== 'idle' && <SaveStatus status={autosave.status} error={autosave.error} />}
        </>
      )}
      <div className="phase-entry__footer">
        <HistoryPanel entityType="phase_entry" id={entry.id} field="body" onRestored={onRestored} />
        <DeleteButton
          label={firstLine(body, 60) || label}
          citedBy={citedBy}
          onDelete={async () => {
            await client.call('phaseEntries:delete', { id: entry.id });
            onDeleted();
          }}
        />
      </div>
      <Backlinks projectId={projectId} targetType="phase_entry" targetId={entry.id} />
    </article>
  );
}
