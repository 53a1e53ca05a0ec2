import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Stakeholder } from '../stakeholders/StakeholderBits';
import { sectorClass } from '../stakeholders/StakeholderBits';
import { suggestNextSpeaker, type Suggestion, type Turn } from './dialogueBits';

/** Alt+1…Alt+9 (by physical key, so keyboard layouts and macOS Option characters don't matter), Alt+0 = unknown. */
export function speakerDigit(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>): number | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const match = /^(?:Digit|Numpad)([0-9])$/.exec(event.code);
  return match ? Number(match[1]) : undefined;
}

/**
 * Fast turn entry at the end of the transcript: pick the speaker by keyboard, type, press Enter, and
 * carry on with the next turn; the next speaker is suggested (two people taking turns) and said so.
 */
export function Composer({
  participants,
  turns,
  onAdd,
}: {
  participants: readonly Stakeholder[];
  turns: readonly Turn[];
  onAdd: (speakerId: string | null, text: string) => Promise<Turn>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const participantIds = participants.map((person) => person.id);
  const [speakerId, setSpeakerId] = useState<string | null>(() => initialSpeaker(turns, participantIds));
  const [hint, setHint] = useState<string>('');
  const [error, setError] = useState<unknown>();
  const busy = useRef(false);
  const names = new Map(participants.map((person) => [person.id, person.pseudonym]));
  const nameOf = (speaker: string | null) => (speaker === null ? t('dialogues.unknownSpeaker') : (names.get(speaker) ?? t('dialogues.missingSpeaker')));

  // A speaker who left the participants can no longer be chosen.
  const participantKey = participantIds.join(',');
  useEffect(() => {
    setSpeakerId((current) => (current === null || participantIds.includes(current) ? current : (participantIds[0] ?? null)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [participantKey]);

  function choose(speaker: string | null) {
    setSpeakerId(speaker);
    setHint(t('dialogues.speakerChosen', { name: nameOf(speaker) }));
  }

  function describe(suggestion: Suggestion): string {
    if (!suggestion) return '';
    const values = { next: nameOf(suggestion.speakerId), last: nameOf(suggestion.lastId) };
    return suggestion.reason === 'alternate' ? t('dialogues.nextAlternate', values) : t('dialogues.nextInOrder', values);
  }

  async function submit() {
    if (busy.current || text.trim() === '') return;
    busy.current = true;
    setError(undefined);
    try {
      const added = await onAdd(speakerId, text);
      setText('');
      const suggestion = suggestNextSpeaker([...turns, added], participantIds, speakerId);
      if (suggestion) setSpeakerId(suggestion.speakerId);
      setHint(`${t('dialogues.turnAdded', { n: added.position })} ${describe(suggestion)}`.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      busy.current = false;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const digit = speakerDigit(event);
    if (digit !== undefined) {
      event.preventDefault();
      if (digit === 0) choose(null);
      else if (participants[digit - 1]) choose(participants[digit - 1]!.id);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  const speaker = speakerId === null ? undefined : participants.find((person) => person.id === speakerId);
  return (
    <section className={`composer ${sectorClass(speaker?.sector)}`} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="visually-hidden">
        {t('dialogues.composerHeading')}
      </h3>
      <div className="composer__speaker">
        <label htmlFor={`${id}-speaker`}>{t('dialogues.speaker')}</label>
        <select id={`${id}-speaker`} value={speakerId ?? ''} onChange={(event) => choose(event.target.value || null)}>
          <option value="">{t('dialogues.speakerUnknownOption')}</option>
          {participants.map((person, index) => (
            <option key={person.id} value={person.id}>
              {index < 9 ? t('dialogues.speakerOption', { n: index + 1, name: person.pseudonym }) : person.pseudonym}
            </option>
          ))}
        </select>
      </div>
      <div className="composer__input">
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('dialogues.composerLabel')}
        </label>
        <textarea
          id={`${id}-text`}
          className="composer__text"
          rows={2}
          value={text}
          placeholder={`${nameOf(speakerId)}: ${t('dialogues.composerPlaceholder')}`}
          aria-describedby={`${id}-keys ${id}-hint`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button button--primary" onClick={() => void submit()}>
          {t('dialogues.addTurn')}
        </button>
      </div>
      <ErrorMessage error={error} />
      <p id={`${id}-hint`} className="composer__hint" role="status" aria-live="polite">
        {hint}
      </p>
      <p id={`${id}-keys`} className="composer__keys">
        {participants.length === 0 ? t('dialogues.noSpeakers') : t('dialogues.keysHint')}
      </p>
    </section>
  );
}

function initialSpeaker(turns: readonly Turn[], participantIds: readonly string[]): string | null {
  const last = turns.at(-1);
  if (last) {
    const suggestion = suggestNextSpeaker(turns, participantIds, last.speaker_id);
    if (suggestion) return suggestion.speakerId;
  }
  return participantIds[0] ?? null;
}
