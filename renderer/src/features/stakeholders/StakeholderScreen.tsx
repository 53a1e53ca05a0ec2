import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SaveStatus } from '../../components/SaveStatus';
import { discardDraft, useAutosave } from '../../components/useAutosave';
import { formatDate } from '../../format';
import { eventHref } from '../events/eventHref';
import { HistoryPanel } from '../history/HistoryPanel';
import { SubjectAccess, WithdrawConsent } from '../erasure/WithdrawConsent';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { ConsentHistory } from '../consent/ConsentHistory';
import { ConsentUseChoice } from '../consent/ConsentUse';
import { CONSENT_STATUSES, ConsentBadge, SectorSelect, SectorTag, parseAliases, sectorClass, type Stakeholder } from './StakeholderBits';

/** One person: every field editable with autosave, the real name marked confidential, and where they appear. */
export function StakeholderScreen({ projectId, stakeholderId }: { projectId: string; stakeholderId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [version, setVersion] = useState(0);
  const stakeholder = useQuery(() => client.call('stakeholders:get', { id: stakeholderId }), [stakeholderId, version]);
  const back = (
    <Link href={`/projects/${projectId}/stakeholders`} className="back-link">
      ← {t('stakeholders.back')}
    </Link>
  );

  if (stakeholder.error instanceof ApiCallError && stakeholder.error.code === 'not_found') {
    return (
      <div>
        {back}
        <p role="alert">{t('stakeholders.notFound')}</p>
      </div>
    );
  }
  return (
    <div>
      {back}
      <ErrorMessage error={stakeholder.error} onDismiss={stakeholder.reload} />
      {stakeholder.data ? (
        <StakeholderEditor
          key={`${stakeholder.data.id}:${version}`}
          projectId={projectId}
          initial={stakeholder.data}
          onRestored={() => setVersion((value) => value + 1)}
        />
      ) : (
        !stakeholder.error && <p>{t('stakeholders.loading')}</p>
      )}
    </div>
  );
}

interface Fields {
  pseudonym: string;
  real_name: string;
  aliases: string;
  sector: Stakeholder['sector'];
  organisation: string;
  role: string;
  consent_status: Stakeholder['consent_status'];
  consent_use: Stakeholder['consent_use'];
  consent_date: string;
  consent_scope: string;
  notes: string;
}

function fieldsOf(row: Stakeholder): Fields {
  return {
    pseudonym: row.pseudonym,
    real_name: row.real_name,
    aliases: parseAliases(row.aliases).join('\n'),
    sector: row.sector,
    organisation: row.organisation,
    role: row.role,
    consent_status: row.consent_status,
    consent_use: row.consent_use,
    consent_date: row.consent_date ?? '',
    consent_scope: row.consent_scope,
    notes: row.notes,
  };
}

function StakeholderEditor({ projectId, initial, onRestored }: { projectId: string; initial: Stakeholder; onRestored: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(initial));
  const revision = useRef(initial.revision);
  // Bumped after each save, so the consent history shows the change just written.
  const [saves, setSaves] = useState(0);
  const draftKey = `stakeholder:${initial.id}`;
  const draft = useDraftOffer(draftKey, fields);
  const autosave = useAutosave({
    value: fields,
    draftKey,
    save: async (value) => {
      const updated = await client.call('stakeholders:update', {
        id: initial.id,
        expected_revision: revision.current,
        pseudonym: value.pseudonym,
        real_name: value.real_name,
        aliases: value.aliases.split('\n'),
        sector: value.sector,
        organisation: value.organisation,
        role: value.role,
        consent_status: value.consent_status,
        consent_use: value.consent_use,
        consent_date: value.consent_date || null,
        consent_scope: value.consent_scope,
        notes: value.notes,
      });
      revision.current = updated.revision;
      setSaves((count) => count + 1);
    },
  });
  const set = <K extends keyof Fields>(key: K) => (value: Fields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const text = (key: keyof Fields, label: string, options: { hint?: string; multiline?: boolean; max?: number; type?: string; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {options.multiline ? (
        <textarea
          id={`${id}-${key}`}
          rows={4}
          value={fields[key]}
          aria-describedby={options.hint ? `${id}-${key}-hint` : undefined}
          placeholder={options.placeholder}
          onChange={(event) => set(key)(event.target.value as never)}
          onBlur={() => void autosave.flush()}
        />
      ) : (
        <input
          id={`${id}-${key}`}
          type={options.type ?? 'text'}
          value={fields[key]}
          maxLength={options.max}
          placeholder={options.placeholder}
          aria-describedby={options.hint ? `${id}-${key}-hint` : undefined}
          onChange={(event) => set(key)(event.target.value as never)}
          onBlur={() => void autosave.flush()}
        />
      )}
      {options.hint && (
        <p id={`${id}-${key}-hint`} className="field__hint">
          {options.hint}
        </p>
      )}
    </div>
  );

  return (
    <>
      <header className="stakeholder-page__header">
        <h1>{fields.pseudonym.trim() || initial.pseudonym}</h1>
        <SectorTag sector={fields.sector} />
        <ConsentBadge status={fields.consent_status} />
      </header>
      <DraftOffer offer={draft} onUse={setFields} />
      <div className="stakeholder-page">
        <section className="card" aria-labelledby={`${id}-details`}>
          <h2 id={`${id}-details`}>{t('stakeholders.detailsHeading')}</h2>
          {text('pseudonym', t('stakeholders.pseudonym'), { hint: t('stakeholders.pseudonymHint'), max: 200 })}
          <div className="confidential">
            <span className="confidential__label">
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
                <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
              </svg>
              {t('stakeholders.confidential')}
            </span>
            {text('real_name', `${t('stakeholders.realName')} (${t('stakeholders.confidential')})`, { hint: t('stakeholders.realNameHint'), max: 300 })}
            {text('aliases', `${t('stakeholders.aliases')} (${t('stakeholders.confidential')})`, { hint: t('stakeholders.aliasesHint'), multiline: true })}
          </div>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-sector`}>{t('stakeholders.sector')}</label>
              <SectorSelect id={`${id}-sector`} value={fields.sector} onChange={set('sector')} />
            </div>
            {text('organisation', t('stakeholders.organisation'), { max: 300 })}
            {text('role', t('stakeholders.role'), { max: 300 })}
          </div>
          <fieldset className="consent-fieldset">
            <legend>{t('stakeholders.consentHeading')}</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor={`${id}-consent_status`}>{t('stakeholders.consentStatus')}</label>
                <select
                  id={`${id}-consent_status`}
                  value={fields.consent_status}
                  onChange={(event) => set('consent_status')(event.target.value as Fields['consent_status'])}
                >
                  {CONSENT_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`stakeholders.consentOption_${status}`)}
                    </option>
                  ))}
                </select>
              </div>
              {text('consent_date', t('stakeholders.consentDate'), { type: 'date' })}
            </div>
            <ConsentUseChoice
              id={`${id}-consent_use`}
              status={fields.consent_status}
              value={fields.consent_use}
              onChange={(use) => {
                set('consent_use')(use);
              }}
            />
            {text('consent_scope', t('stakeholders.consentScope'), { max: 2000, placeholder: t('stakeholders.consentScopePlaceholder') })}
            <ConsentHistory stakeholderId={initial.id} refresh={saves} />
          </fieldset>
          {text('notes', t('stakeholders.notes'), { hint: t('stakeholders.notesHint'), multiline: true })}
          <SaveStatus status={autosave.status} error={autosave.error} />
          <HistoryPanel entityType="stakeholder" id={initial.id} field="pseudonym" onRestored={onRestored} />
          <div className="withdraw-zone">
            <SubjectAccess stakeholderId={initial.id} />
            <WithdrawConsent
              stakeholderId={initial.id}
              name={fields.pseudonym || initial.pseudonym}
              onDone={(mode) => {
                // A kept draft would offer the old name back.
                discardDraft(draftKey);
                if (mode === 'erase') navigate(`/projects/${projectId}/stakeholders`);
                else onRestored();
              }}
            />
          </div>
          <div className="stakeholder-page__delete">
            <DeleteButton
              label={fields.pseudonym || initial.pseudonym}
              onDelete={async () => {
                await client.call('stakeholders:delete', { id: initial.id });
                navigate(`/projects/${projectId}/stakeholders`);
              }}
            />
          </div>
        </section>
        <Activity projectId={projectId} stakeholder={initial} />
      </div>
    </>
  );
}

const FIRST_TURNS = 20;

function Activity({ projectId, stakeholder }: { projectId: string; stakeholder: Stakeholder }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const [showAll, setShowAll] = useState(false);
  const activity = useQuery(() => client.call('stakeholders:activity', { id: stakeholder.id }), [stakeholder.id]);
  const data = activity.data;
  const turns = data ? (showAll ? data.turns : data.turns.slice(0, FIRST_TURNS)) : [];
  const dialogueTitle = (title: string, kind: string) => title || t('dialogues.untitled', { kind: t(`dialogues.kind_${kind}` as 'dialogues.kind_meeting').toLowerCase() });
  return (
    <section className={`card activity ${sectorClass(stakeholder.sector)}`} aria-labelledby={`${id}-activity`}>
      <h2 id={`${id}-activity`}>{t('stakeholders.activityHeading')}</h2>
      <ErrorMessage error={activity.error} onDismiss={activity.reload} />
      {data && (
        <>
          <h3>{t('stakeholders.turnsHeading')}</h3>
          {data.turns.length === 0 ? (
            <p className="activity__empty">{t('stakeholders.noTurns')}</p>
          ) : (
            <ul className="activity__list" aria-label={t('stakeholders.turnsHeading')}>
              {turns.map((turn) => (
                <li key={turn.id} className="activity__item">
                  <Link href={eventHref({ type: 'turn', id: turn.id, project_id: projectId, dialogue_id: turn.dialogue_id })} className="activity__quote">
                    {turn.text.length > 220 ? `${turn.text.slice(0, 219)}…` : turn.text}
                  </Link>
                  <span className="activity__meta">
                    {t('stakeholders.inDialogue', { title: dialogueTitle(turn.dialogue_title, turn.dialogue_kind) })} ·{' '}
                    <time dateTime={turn.occurred_at}>{formatDate(turn.occurred_at, i18n.language)}</time>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {!showAll && data.turns.length > FIRST_TURNS && (
            <button type="button" className="button button--small" onClick={() => setShowAll(true)}>
              {t('stakeholders.showAll', { count: data.turns.length })}
            </button>
          )}

          <h3>{t('stakeholders.dialoguesHeading')}</h3>
          {data.dialogues.length === 0 ? (
            <p className="activity__empty">{t('stakeholders.noDialogues')}</p>
          ) : (
            <ul className="activity__list" aria-label={t('stakeholders.dialoguesHeading')}>
              {data.dialogues.map((dialogue) => (
                <li key={dialogue.id} className="activity__item">
                  <Link href={eventHref({ type: 'dialogue', id: dialogue.id, project_id: projectId })}>{dialogueTitle(dialogue.title, dialogue.kind)}</Link>
                  <span className="activity__meta">
                    {t(`dialogues.kind_${dialogue.kind}`)} · <time dateTime={dialogue.occurred_at}>{formatDate(dialogue.occurred_at, i18n.language)}</time>
                    {dialogue.place && ` · ${dialogue.place}`}
                  </span>
                </li>
              ))}
            </ul>
          )}

          <h3>{t('stakeholders.notesHeading')}</h3>
          {data.notes.length === 0 ? (
            <p className="activity__empty">{t('stakeholders.noNotes')}</p>
          ) : (
            <ul className="activity__list" aria-label={t('stakeholders.notesHeading')}>
              {data.notes.map((note) => (
                <li key={note.id} className="activity__item">
                  <Link href={eventHref({ type: 'field_note', id: note.id, project_id: projectId })}>
                    {note.title || note.excerpt.replace(/\s+/g, ' ').trim().slice(0, 80) || t('stakeholders.untitledNote')}
                  </Link>
                  <span className="activity__meta">
                    <time dateTime={note.occurred_at}>{formatDate(note.occurred_at, i18n.language)}</time>
                    {note.place && ` · ${note.place}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
