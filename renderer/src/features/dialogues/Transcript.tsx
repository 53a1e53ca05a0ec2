import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { DeleteButton } from '../../components/DeleteButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { utf16Range, type TextMatch } from '../events/openAtMatch';
import { useQuery } from '../../api/useQuery';
import { Backlinks } from '../reflections/Backlinks';
import { sectorClass, type Stakeholder } from '../stakeholders/StakeholderBits';
import type { Turn } from './dialogueBits';

export interface TranscriptProps {
  projectId: string;
  turns: readonly Turn[];
  /** Everyone who may speak: the participants, in their numbered order. */
  participants: readonly Stakeholder[];
  /** Every stakeholder of the inquiry, to name speakers who are no longer participants. */
  stakeholders: ReadonlyMap<string, Stakeholder>;
  highlightId?: string;
  /** A search match in the highlighted turn's text (code points), marked there. */
  highlightMatch?: TextMatch;
  onMove: (turn: Turn, toIndex: number, focusId: string) => Promise<void>;
  onDelete: (turn: Turn) => Promise<void>;
  onChanged: () => void;
}

/** The turns in order: speaker and sector colour, edit in place, reorder, delete, and their reflections. */
export function Transcript(props: TranscriptProps) {
  const { t } = useTranslation();
  const cited = useTurnCitations(props.turns);
  if (props.turns.length === 0) return <p className="empty-state">{t('dialogues.transcriptEmpty')}</p>;
  return (
    <ol className="transcript">
      {props.turns.map((turn, index) => (
        <TurnItem key={turn.id} {...props} turn={turn} index={index} count={props.turns.length} cited={cited[turn.id] ?? 0} />
      ))}
    </ol>
  );
}

const COUNTS_PER_CALL = 10_000;

/** How many reflections cite each turn, asked for the whole transcript at once (not one call per turn). */
function useTurnCitations(turns: readonly Turn[]): Output<'links:backlinkCounts'> {
  const client = useClient();
  const ids = turns.map((turn) => turn.id);
  const counts = useQuery(async () => {
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += COUNTS_PER_CALL) chunks.push(ids.slice(start, start + COUNTS_PER_CALL));
    const answers = await Promise.all(chunks.map((chunk) => client.call('links:backlinkCounts', { target_type: 'turn', target_ids: chunk })));
    return Object.assign({}, ...answers) as Output<'links:backlinkCounts'>;
  }, [ids.join(',')]);
  return counts.data ?? {};
}

function TurnItem({
  projectId,
  turn,
  index,
  count,
  participants,
  stakeholders,
  highlightId,
  highlightMatch,
  onMove,
  onDelete,
  onChanged,
  cited,
}: TranscriptProps & { turn: Turn; index: number; count: number; cited: number }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const highlighted = highlightId === turn.id;
  const [expanded, setExpanded] = useState(highlighted);
  const [error, setError] = useState<unknown>();
  const n = index + 1;
  const speaker = turn.speaker_id ? stakeholders.get(turn.speaker_id) : undefined;
  const speakerName = turn.speaker_id === null ? t('dialogues.unknownSpeaker') : (speaker?.pseudonym ?? t('dialogues.missingSpeaker'));
  const elementId = `turn-${turn.id}`;

  async function move(toIndex: number, focusId: string) {
    setError(undefined);
    try {
      await onMove(turn, toIndex, focusId);
    } catch (failure) {
      setError(failure);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    const target = event.target as HTMLElement;
    if (target.closest('textarea, input, select, .confirm')) return;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      event.stopPropagation();
      const to = event.key === 'ArrowUp' ? index - 1 : index + 1;
      if (to >= 0 && to < count) void move(to, elementId);
    } else if (event.key === 'Enter' && target === event.currentTarget && !editing) {
      event.preventDefault();
      setEditing(true);
    }
  }

  return (
    <li
      id={elementId}
      tabIndex={0}
      className={`turn ${sectorClass(speaker?.sector)} ${highlighted ? 'turn--highlight' : ''} ${turn.speaker_id === null ? 'turn--unknown' : ''}`}
      aria-label={t('dialogues.turnLabel', { n, speaker: speakerName })}
      onKeyDown={onKeyDown}
    >
      <div className="turn__head">
        <span className="turn__number" aria-hidden="true">
          {n}
        </span>
        <span className="turn__speaker">{speakerName}</span>
        <span className="turn__tools">
          {(cited > 0 || expanded) && (
            <button
              type="button"
              className="button button--small turn__cited"
              aria-expanded={expanded}
              aria-label={expanded ? t('dialogues.hideBacklinks', { n }) : t('dialogues.citedByTurn', { n, count: cited })}
              onClick={() => setExpanded((value) => !value)}
            >
              ↩ {t('dialogues.citedBy', { count: cited })}
            </button>
          )}
          {!editing && (
            <button type="button" className="button button--small" aria-label={t('dialogues.editTurn', { n })} onClick={() => setEditing(true)}>
              {t('dialogues.edit')}
            </button>
          )}
          <button
            type="button"
            id={`${elementId}-up`}
            className="button button--small"
            aria-label={t('dialogues.moveUpTurn', { n })}
            title={t('dialogues.moveUp')}
            disabled={index === 0}
            onClick={() => void move(index - 1, index - 1 === 0 ? elementId : `${elementId}-up`)}
          >
            ↑
          </button>
          <button
            type="button"
            id={`${elementId}-down`}
            className="button button--small"
            aria-label={t('dialogues.moveDownTurn', { n })}
            title={t('dialogues.moveDown')}
            disabled={index === count - 1}
            onClick={() => void move(index + 1, index + 1 === count - 1 ? elementId : `${elementId}-down`)}
          >
            ↓
          </button>
        </span>
      </div>
      {editing ? (
        <TurnEditor
          turn={turn}
          n={n}
          participants={participants}
          citedBy={cited}
          onDelete={() => onDelete(turn)}
          onDone={() => {
            setEditing(false);
            onChanged();
            document.getElementById(elementId)?.focus();
          }}
          onChanged={onChanged}
        />
      ) : (
        <p className="turn__text">
          <TurnText text={turn.text} match={highlighted ? highlightMatch : undefined} />
        </p>
      )}
      <ErrorMessage error={error} />
      {expanded && <Backlinks projectId={projectId} targetType="turn" targetId={turn.id} />}
    </li>
  );
}

/** A turn's text, with a search match in it marked. */
function TurnText({ text, match }: { text: string; match?: TextMatch }) {
  const range = match ? utf16Range(text, match) : undefined;
  if (!range) return <>{text}</>;
  return (
    <>
      {text.slice(0, range.start)}
      <mark className="search-match">{text.slice(range.start, range.end)}</mark>
      {text.slice(range.end)}
    </>
  );
}

function TurnEditor({
  turn,
  n,
  participants,
  citedBy,
  onDelete,
  onDone,
  onChanged,
}: {
  turn: Turn;
  n: number;
  participants: readonly Stakeholder[];
  citedBy: number;
  onDelete: () => Promise<void>;
  onDone: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [text, setText] = useState(turn.text);
  const [error, setError] = useState<unknown>();
  const revision = useRef(turn.revision);
  const autosave = useAutosave({
    value: text,
    draftKey: `turn:${turn.id}`,
    save: async (value) => {
      const updated = await client.call('turns:update', { id: turn.id, text: value, expected_revision: revision.current });
      revision.current = updated.revision;
    },
  });
  const speakerIsParticipant = turn.speaker_id === null || participants.some((person) => person.id === turn.speaker_id);

  async function changeSpeaker(speakerId: string | null) {
    setError(undefined);
    try {
      await autosave.flush();
      const updated = await client.call('turns:update', { id: turn.id, speaker_id: speakerId, expected_revision: revision.current });
      revision.current = updated.revision;
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div className="turn__editor">
      <div className="field">
        <label htmlFor={`${id}-speaker`}>{t('dialogues.turnSpeaker', { n })}</label>
        <select id={`${id}-speaker`} value={turn.speaker_id ?? ''} onChange={(event) => void changeSpeaker(event.target.value || null)}>
          <option value="">{t('dialogues.unknownSpeaker')}</option>
          {!speakerIsParticipant && <option value={turn.speaker_id!}>{t('dialogues.missingSpeaker')}</option>}
          {participants.map((person) => (
            <option key={person.id} value={person.id}>
              {person.pseudonym}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('dialogues.turnText', { n })}</label>
        <textarea
          id={`${id}-text`}
          rows={Math.min(12, Math.max(2, Math.ceil(text.length / 70)))}
          value={text}
          autoFocus
          onChange={(event) => setText(event.target.value)}
          onBlur={() => void autosave.flush()}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              void autosave.flush().then(onDone);
            }
          }}
        />
      </div>
      <SaveStatus status={autosave.status} error={autosave.error} />
      <ErrorMessage error={error} />
      <div className="turn__editor-actions">
        <button type="button" className="button button--small" onClick={() => void autosave.flush().then(onDone)}>
          {t('dialogues.done')}
        </button>
        <DeleteButton label={`${t('events.turn')} ${n}`} citedBy={citedBy} onDelete={onDelete} />
      </div>
    </div>
  );
}
