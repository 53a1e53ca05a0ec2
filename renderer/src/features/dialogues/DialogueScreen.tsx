import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import type { Phase } from '../../../../electron/api/schemas';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { focusAfterDelete } from '../../components/focusAfterDelete';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Markdown } from '../../components/Markdown';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { formatDateTime } from '../../format';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';
import type { TextMatch } from '../events/openAtMatch';
import { Backlinks, useCitationCount } from '../reflections/Backlinks';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { PhaseSelect } from '../../components/PhaseSelect';
import type { Stakeholder } from '../stakeholders/StakeholderBits';
import { Composer } from './Composer';
import { KINDS, dialogueName, fromLocalInput, toLocalInput, type DialogueDetail, type DialogueKind } from './dialogueBits';
import { Participants } from './Participants';
import { Transcript } from './Transcript';
import './dialogues.css';
import { WrittenBy } from '../team/WrittenBy';

type Cycle = Output<'cycles:list'>[number];

/**
 * One dialogue: its header, participants, the transcript with fast turn entry, the write-up and its reflections.
 * Opened at a turn, it brings the turn into view (and marks a search match in it).
 */
export function DialogueScreen({ projectId, dialogueId, turnId, match }: { projectId: string; dialogueId: string; turnId?: string; match?: TextMatch }) {
  const { t } = useTranslation();
  const client = useClient();
  const dialogue = useQuery(() => client.call('dialogues:get', { id: dialogueId }), [dialogueId]);
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const [focusId, setFocusId] = useState<string>();
  const [status, setStatus] = useState('');
  const scrolledTo = useRef<string | undefined>(undefined);
  const back = (
    <Link href={`/projects/${projectId}/dialogues`} className="back-link">
      ← {t('dialogues.back')}
    </Link>
  );

  // After a move the turn's element is re-inserted; give focus back to where the person was.
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [dialogue.data, focusId]);

  // Opened at a turn (from a reflection or the timeline): bring it into view once.
  useEffect(() => {
    if (!turnId || !dialogue.data || scrolledTo.current === turnId) return;
    const element = document.getElementById(`turn-${turnId}`);
    if (!element) return;
    scrolledTo.current = turnId;
    element.scrollIntoView?.({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [turnId, dialogue.data]);

  if (dialogue.error instanceof ApiCallError && dialogue.error.code === 'not_found') {
    return (
      <div>
        {back}
        <p role="alert">{t('dialogues.notFound')}</p>
      </div>
    );
  }
  const data = dialogue.data;
  if (!data) {
    return (
      <div>
        {back}
        <ErrorMessage error={dialogue.error} onDismiss={dialogue.reload} />
        {!dialogue.error && <p>{t('stakeholders.loading')}</p>}
      </div>
    );
  }

  const directory = stakeholders.data ?? [];
  const byId = new Map(directory.map((person) => [person.id, person]));
  const participants = data.participant_ids.map((id) => byId.get(id)).filter((person): person is Stakeholder => person !== undefined);

  return (
    <div className="dialogue-page">
      {back}
      <DialogueEditor key={data.id} projectId={projectId} initial={data} cycles={cycles.data ?? []}>
        <section className="dialogue-page__transcript" aria-labelledby="transcript-heading">
          <div className="transcript__heading">
            <h2 id="transcript-heading" tabIndex={-1}>{t('dialogues.transcriptHeading')}</h2>
            {data.turns.length > 1 && <p className="transcript__hint">{t('dialogues.reorderHint')}</p>}
          </div>
          <ErrorMessage error={stakeholders.error} onDismiss={stakeholders.reload} />
          {/* Speakers are named from the directory: wait for it, or every speaker reads as "deleted" for a moment. */}
          {stakeholders.data && <Transcript
            projectId={projectId}
            turns={data.turns}
            participants={participants}
            stakeholders={byId}
            highlightId={turnId}
            highlightMatch={match}
            onChanged={dialogue.reload}
            onMove={async (turn, toIndex, nextFocus) => {
              await client.call('turns:move', { id: turn.id, to_index: toIndex });
              setStatus(t('dialogues.moved', { n: toIndex + 1 }));
              setFocusId(nextFocus);
              dialogue.reload();
            }}
            onDelete={async (turn) => {
              await client.call('turns:delete', { id: turn.id });
              // The turn's own controls are about to go: the next turn (or the previous, or the heading) takes focus.
              focusAfterDelete(
                data.turns,
                data.turns.findIndex((other) => other.id === turn.id),
                (other) => document.getElementById(`turn-${other.id}`),
                () => document.getElementById('transcript-heading'),
              );
              setStatus(t('dialogues.turnDeleted', { n: turn.position }));
              dialogue.reload();
            }}
          />}
          <p className="visually-hidden" role="status" aria-live="polite">
            {status}
          </p>
          {stakeholders.data && (
            <Composer
              participants={participants}
              turns={data.turns}
              onAdd={async (speakerId, text) => {
                const added = await client.call('turns:add', { dialogue_id: data.id, speaker_id: speakerId, text });
                dialogue.reload();
                return added;
              }}
            />
          )}
        </section>
        <Participants
          projectId={projectId}
          dialogueId={data.id}
          participants={participants}
          directory={directory}
          onChanged={() => {
            stakeholders.reload();
            dialogue.reload();
          }}
        />
      </DialogueEditor>
    </div>
  );
}

interface Fields {
  kind: DialogueKind;
  title: string;
  when: string;
  place: string;
  cycle_id: string;
  phase: Phase | '';
  summary: string;
  decisions: string;
  follow_ups: string;
}

function fieldsOf(dialogue: DialogueDetail): Fields {
  return {
    kind: dialogue.kind,
    title: dialogue.title,
    when: toLocalInput(dialogue.occurred_at),
    place: dialogue.place,
    cycle_id: dialogue.cycle_id ?? '',
    phase: dialogue.phase ?? '',
    summary: dialogue.summary,
    decisions: dialogue.decisions,
    follow_ups: dialogue.follow_ups,
  };
}

/**
 * The dialogue's own fields — header and write-up — in one autosaved value, so there is a single
 * revision to guard against edits made elsewhere. The transcript and participants sit in between.
 */
function DialogueEditor({
  projectId,
  initial,
  cycles,
  children,
}: {
  projectId: string;
  initial: DialogueDetail;
  cycles: readonly Cycle[];
  children: [ReactNode, ReactNode];
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(initial));
  const [reading, setReading] = useState(() => Boolean(initial.summary || initial.decisions || initial.follow_ups));
  const revision = useRef(initial.revision);
  const draftKey = `dialogue:${initial.id}`;
  const draft = useDraftOffer(draftKey, fields);
  const cited = useCitationCount('dialogue', initial.id);
  const autosave = useAutosave({
    value: fields,
    draftKey,
    save: async (value) => {
      const updated = await client.call('dialogues:update', {
        id: initial.id,
        expected_revision: revision.current,
        kind: value.kind,
        title: value.title,
        occurred_at: fromLocalInput(value.when),
        place: value.place,
        cycle_id: value.cycle_id || null,
        phase: value.phase || null,
        summary: value.summary,
        decisions: value.decisions,
        follow_ups: value.follow_ups,
      });
      revision.current = updated.revision;
    },
  });
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const flush = () => void autosave.flush();
  const name = dialogueName(t, fields);
  const occurred = fromLocalInput(fields.when) ?? initial.occurred_at;

  const writeUp = (['summary', 'decisions', 'follow_ups'] as const).map((key) => ({
    key,
    label: t(`dialogues.${key === 'follow_ups' ? 'followUps' : key}`),
  }));

  return (
    <>
      <header className="dialogue-page__header">
        <p className="eyebrow">
          <span className={`kind-tag kind-tag--${fields.kind}`}>{t(`dialogues.kind_${fields.kind}`)}</span>{' '}
          <time dateTime={occurred}>{formatDateTime(occurred, i18n.language)}</time>
          {fields.place && ` · ${fields.place}`}
        </p>
        <h1>{name}</h1>
        <WrittenBy table="dialogues" id={initial.id} version={initial.revision} />
      </header>
      <DraftOffer offer={draft} onUse={setFields} />
      <div className="dialogue-page__grid">
        <div className="dialogue-page__main">
          {children[0]}
          <section className="card write-up" aria-labelledby={`${id}-writeup`}>
            <div className="write-up__heading">
              <h2 id={`${id}-writeup`}>{t('dialogues.writeUpHeading')}</h2>
              <button type="button" className="button button--small" aria-pressed={reading} onClick={() => setReading((value) => !value)}>
                {reading ? t('dialogues.showEditors') : t('dialogues.showFormatted')}
              </button>
            </div>
            {writeUp.map(({ key, label }) =>
              reading ? (
                <div key={key} className="write-up__section">
                  <h3>{label}</h3>
                  {fields[key].trim() ? <Markdown source={fields[key]} /> : <p className="write-up__empty">{t('dialogues.nothingWritten')}</p>}
                </div>
              ) : (
                <div key={key} className="field">
                  <label htmlFor={`${id}-${key}`}>{label}</label>
                  <textarea
                    id={`${id}-${key}`}
                    rows={key === 'summary' ? 6 : 3}
                    value={fields[key]}
                    aria-describedby={`${id}-md`}
                    onChange={(event) => set(key, event.target.value)}
                    onBlur={flush}
                  />
                </div>
              ),
            )}
            {!reading && (
              <p id={`${id}-md`} className="field__hint">
                {t('dialogues.markdownHint')}
              </p>
            )}
            <SaveStatus status={autosave.status} error={autosave.error} />
          </section>
          <Backlinks projectId={projectId} targetType="dialogue" targetId={initial.id} />
          <section className="dialogue-page__delete" aria-labelledby={`${id}-delete`}>
            <h2 id={`${id}-delete`}>{t('dialogues.deleteHeading')}</h2>
            <p className="field__hint">{t('dialogues.deleteHint')}</p>
            <DeleteButton
              label={name}
              citedBy={cited}
              onDelete={async () => {
                await client.call('dialogues:delete', { id: initial.id });
                navigate(`/projects/${projectId}/dialogues`);
              }}
            />
          </section>
        </div>
        <aside className="dialogue-page__side">
          <section className="card" aria-labelledby={`${id}-about`}>
            <h2 id={`${id}-about`}>{t('dialogues.headerHeading')}</h2>
            <div className="field">
              <label htmlFor={`${id}-kind`}>{t('dialogues.kind')}</label>
              <select id={`${id}-kind`} value={fields.kind} onChange={(event) => set('kind', event.target.value as DialogueKind)}>
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`dialogues.kind_${kind}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-title`}>{t('dialogues.dialogueTitle')}</label>
              <input id={`${id}-title`} value={fields.title} maxLength={500} onChange={(event) => set('title', event.target.value)} onBlur={flush} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-when`}>{t('dialogues.occurredAt')}</label>
              <input id={`${id}-when`} type="datetime-local" value={fields.when} onChange={(event) => set('when', event.target.value)} onBlur={flush} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-place`}>{t('dialogues.place')}</label>
              <input id={`${id}-place`} value={fields.place} maxLength={500} onChange={(event) => set('place', event.target.value)} onBlur={flush} />
            </div>
            <div className="form-grid form-grid--tight">
              <div className="field">
                <label htmlFor={`${id}-cycle`}>{t('dialogues.cycle')}</label>
                <select id={`${id}-cycle`} value={fields.cycle_id} onChange={(event) => set('cycle_id', event.target.value)}>
                  <option value="">{t('dialogues.noCycle')}</option>
                  {cycles.map((cycle) => (
                    <option key={cycle.id} value={cycle.id}>
                      {cycleName(t, cycle, cycleNumbers(cycles))}
                    </option>
                  ))}
                  {fields.cycle_id && !cycles.some((cycle) => cycle.id === fields.cycle_id) && <option value={fields.cycle_id}>…</option>}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-phase`}>{t('dialogues.phase')}</label>
                <PhaseSelect id={`${id}-phase`} value={fields.phase || null} onChange={(phase) => set('phase', phase ?? '')} />
              </div>
            </div>
            {/* The write-up's status line announces saves; this copy is for the eye only. */}
            <div aria-hidden="true">
              <SaveStatus status={autosave.status} />
            </div>
          </section>
          {children[1]}
        </aside>
      </div>
    </>
  );
}
