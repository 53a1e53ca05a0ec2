import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { StakeholderSearch } from './StakeholderSearch';
import { SectorSelect, SectorTag, sectorClass, type Sector, type Stakeholder } from '../stakeholders/StakeholderBits';
import { focusAfterDelete } from '../../components/focusAfterDelete';

/**
 * Who took part, numbered as the composer's Alt+number keys; add from the directory, create someone new
 * (pseudonym and sector) without leaving the dialogue, or remove someone who has not spoken.
 */
export function Participants({
  projectId,
  dialogueId,
  participants,
  directory,
  onChanged,
}: {
  projectId: string;
  dialogueId: string;
  participants: readonly Stakeholder[];
  directory: readonly Stakeholder[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [error, setError] = useState<unknown>();
  const list = useRef<HTMLOListElement>(null);
  const [pseudonym, setPseudonym] = useState('');
  const [sector, setSector] = useState<Sector>('citizen');
  const ids = participants.map((person) => person.id);
  const idsKey = ids.join(' ');
  // Who can still be added; kept stable between renders so the search does not recompute on every keystroke.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const others = useMemo(() => directory.filter((person) => !ids.includes(person.id)), [directory, idsKey]);

  async function setParticipants(next: string[]) {
    setError(undefined);
    try {
      await client.call('dialogues:update', { id: dialogueId, participant_ids: next });
      onChanged();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  /** Removes someone; focus goes to the next person's Remove (the previous one's when they were last), else the search. */
  async function remove(index: number, personId: string) {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('.participant__remove') ?? [])];
    if (await setParticipants(ids.filter((value) => value !== personId))) {
      focusAfterDelete(buttons, index, (button) => button, () => document.getElementById(`${id}-search-input`));
    }
  }

  async function createAndAdd(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const created = await client.call('stakeholders:create', { project_id: projectId, pseudonym, sector });
      if (await setParticipants([...ids, created.id])) setPseudonym('');
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card participants" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('dialogues.participantsHeading')}</h2>
      {participants.length === 0 ? (
        <p className="participants__empty">{t('dialogues.participantsEmpty')}</p>
      ) : (
        <ol ref={list} className="participants__list">
          {participants.map((person, index) => (
            <li key={person.id} className={`participant ${sectorClass(person.sector)}`}>
              {index < 9 ? (
                <kbd className="participant__key" title={t('dialogues.participantNumber', { n: index + 1 })}>
                  {index + 1}
                </kbd>
              ) : (
                <span className="participant__key" />
              )}
              <span className="participant__name">
                <Link href={`/projects/${projectId}/stakeholders/${person.id}`}>{person.pseudonym}</Link>
                <SectorTag sector={person.sector} />
              </span>
              <button
                type="button"
                className="button button--small button--quiet participant__remove"
                aria-label={t('dialogues.removeParticipant', { name: person.pseudonym })}
                onClick={() => void remove(index, person.id)}
              >
                {t('dialogues.remove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <ErrorMessage error={error} />
      <div className="participants__add">
        <StakeholderSearch
          id={`${id}-search`}
          label={t('dialogues.addParticipant')}
          candidates={others}
          emptyText={t('dialogues.addParticipantNone')}
          onAdd={(person) => setParticipants([...ids, person.id])}
        />
      </div>
      <form className="participants__new" onSubmit={createAndAdd} aria-labelledby={`${id}-new`}>
        <h3 id={`${id}-new`}>{t('dialogues.newStakeholderHeading')}</h3>
        <div className="field">
          <label htmlFor={`${id}-pseudonym`}>{t('dialogues.newStakeholderPseudonym')}</label>
          <input id={`${id}-pseudonym`} value={pseudonym} required maxLength={200} onChange={(event) => setPseudonym(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sector`}>{t('dialogues.newStakeholderSector')}</label>
          <SectorSelect id={`${id}-sector`} value={sector} onChange={setSector} />
        </div>
        <button type="submit" className="button button--small">
          {t('dialogues.createAndAdd')}
        </button>
      </form>
    </section>
  );
}
