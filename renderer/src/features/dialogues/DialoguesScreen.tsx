import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { SectorTag } from '../stakeholders/StakeholderBits';
import { KINDS, dialogueName, fromLocalInput, toLocalInput, type DialogueKind } from './dialogueBits';
import './dialogues.css';

/** Every dialogue of the inquiry, newest first, and a form to start a new one. */
export function DialoguesScreen({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const dialogues = useQuery(() => client.call('dialogues:list', { project_id: projectId }), [projectId]);
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const names = new Map((stakeholders.data ?? []).map((person) => [person.id, person.pseudonym]));
  const items = dialogues.data ?? [];
  const base = `/projects/${projectId}/dialogues`;
  return (
    <div className="dialogues">
      <h1>{t('dialogues.title')}</h1>
      <p className="lede">{t('dialogues.intro')}</p>
      <ErrorMessage error={dialogues.error} onDismiss={dialogues.reload} />
      {dialogues.data && items.length === 0 && <p className="empty-state">{t('dialogues.empty')}</p>}
      {items.length > 0 && (
        <ol className="dialogue-list" aria-label={t('dialogues.listLabel')}>
          {items.map((dialogue) => (
            <li key={dialogue.id} className="dialogue-row">
              <div className="dialogue-row__main">
                <span className={`kind-tag kind-tag--${dialogue.kind}`}>{t(`dialogues.kind_${dialogue.kind}`)}</span>
                <Link href={`${base}/${dialogue.id}`} className="dialogue-row__title">
                  {dialogueName(t, dialogue)}
                </Link>
              </div>
              <div className="dialogue-row__meta">
                <time dateTime={dialogue.occurred_at}>{formatDateTime(dialogue.occurred_at, i18n.language)}</time>
                {dialogue.place && <span>{dialogue.place}</span>}
                <span>
                  {dialogue.participant_count === 0
                    ? t('dialogues.participantCount', { count: 0 })
                    : participantNames(dialogue.participant_ids.map((id) => names.get(id) ?? '…'), t('dialogues.andMore', { count: dialogue.participant_count - SHOWN_NAMES }))}
                </span>
                <span>{t('dialogues.turnCount', { count: dialogue.turn_count })}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
      <NewDialogueForm projectId={projectId} />
    </div>
  );
}

const SHOWN_NAMES = 4;

function participantNames(names: string[], more: string): string {
  return names.length > SHOWN_NAMES ? `${names.slice(0, SHOWN_NAMES).join(', ')} ${more}` : names.join(', ');
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

  const people = stakeholders.data ?? [];
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
            <ul>
              {people.map((person) => (
                <li key={person.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={participants.includes(person.id)}
                      onChange={(event) =>
                        setParticipants((current) => (event.target.checked ? [...current, person.id] : current.filter((value) => value !== person.id)))
                      }
                    />{' '}
                    {person.pseudonym} <SectorTag sector={person.sector} />
                  </label>
                </li>
              ))}
            </ul>
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
