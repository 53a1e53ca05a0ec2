import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { sectorClass, type Stakeholder } from '../stakeholders/StakeholderBits';
import { StakeholderSearch } from './StakeholderSearch';
import { VirtualDialogueList, useDialoguePages } from './DialogueList';
import { KINDS, fromLocalInput, toLocalInput, type DialogueKind } from './dialogueBits';
import './dialogues.css';

/**
 * Every dialogue of the inquiry, newest first, in a virtualised list that loads its pages as they scroll into view,
 * and a form to start a new one (above the list, so it stays in reach however many dialogues there are).
 */
export function DialoguesScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const dialogues = useDialoguePages(projectId);
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const people = stakeholders.data;
  const names = useMemo(() => new Map((people ?? []).map((person) => [person.id, person.pseudonym])), [people]);
  return (
    <div className="dialogues">
      <h1>{t('dialogues.title')}</h1>
      <p className="lede">{t('dialogues.intro')}</p>
      <NewDialogueForm projectId={projectId} />
      <ErrorMessage error={dialogues.error} onDismiss={dialogues.reload} />
      {dialogues.total === undefined ? (
        !dialogues.error && <p aria-live="polite">{t('app.loading')}</p>
      ) : dialogues.total === 0 ? (
        <p className="empty-state">{t('dialogues.empty')}</p>
      ) : (
        <>
          <p className="dialogues__count" aria-live="polite">
            {t('dialogues.count', { count: dialogues.total })}
          </p>
          <VirtualDialogueList projectId={projectId} total={dialogues.total} itemAt={dialogues.itemAt} ensure={dialogues.ensure} names={names} />
        </>
      )}
    </div>
  );
}

function NewDialogueForm({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const [kind, setKind] = useState<DialogueKind>('workshop');
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(new Date().toISOString()));
  const [place, setPlace] = useState('');
  const [participants, setParticipants] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await client.call('dialogues:create', {
        project_id: projectId,
        kind,
        title,
        place,
        occurred_at: fromLocalInput(when),
        participant_ids: participants,
      });
      navigate(`/projects/${projectId}/dialogues/${created.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const people = useMemo(() => stakeholders.data ?? [], [stakeholders.data]);
  const byId = useMemo(() => new Map(people.map((person) => [person.id, person])), [people]);
  const chosen = participants.map((value) => byId.get(value)).filter((person): person is Stakeholder => person !== undefined);
  const candidates = useMemo(() => people.filter((person) => !participants.includes(person.id)), [people, participants]);
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('dialogues.newHeading')}</h2>
      <form onSubmit={submit}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('dialogues.kind')}</label>
            <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as DialogueKind)}>
              {KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(`dialogues.kind_${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-title`}>{t('dialogues.dialogueTitle')}</label>
            <input id={`${id}-title`} value={title} maxLength={500} placeholder={t('dialogues.titlePlaceholder')} onChange={(event) => setTitle(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-when`}>{t('dialogues.occurredAt')}</label>
            <input id={`${id}-when`} type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>{t('dialogues.place')}</label>
            <input id={`${id}-place`} value={place} maxLength={500} placeholder={t('dialogues.placePlaceholder')} onChange={(event) => setPlace(event.target.value)} />
          </div>
        </div>
        {people.length > 0 && (
          <fieldset className="participant-picker">
            <legend>{t('dialogues.participantsChoose')}</legend>
            {chosen.length > 0 && (
              <ul className="participant-chips" aria-label={t('dialogues.chosenParticipants')}>
                {chosen.map((person) => (
                  <li key={person.id} className={`participant-chip ${sectorClass(person.sector)}`}>
                    <span className="participant-chip__name">{person.pseudonym}</span>
                    <button
                      type="button"
                      className="participant-chip__remove"
                      aria-label={t('dialogues.removeChosen', { name: person.pseudonym })}
                      onClick={() => {
                        setParticipants((current) => current.filter((value) => value !== person.id));
                        searchRef.current?.focus();
                      }}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <StakeholderSearch
              id={`${id}-search`}
              label={t('dialogues.searchParticipants')}
              candidates={candidates}
              emptyText={t('dialogues.addParticipantNone')}
              inputRef={searchRef}
              onAdd={(person) => {
                setParticipants((current) => (current.includes(person.id) ? current : [...current, person.id]));
                return true;
              }}
            />
          </fieldset>
        )}
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('dialogues.creating') : t('dialogues.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
