import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Phase } from '../../../../electron/api/schemas';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { focusAfterDelete } from '../../components/focusAfterDelete';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { formatDate, formatDateTime } from '../../format';
import { eventHref } from '../events/eventHref';
import type { TextMatch } from '../events/openAtMatch';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { NewPhaseEntry } from './NewPhaseEntry';
import { PhaseEntryCard } from './PhaseEntryCard';
import { PhaseTabs } from './PhaseTabs';
import { effectivePrompts } from './prompts';
import { cycleName, cycleNumbers, PHASES, type Cycle, type PhaseEntry } from './cycleNames';
import './cycles.css';

/** Which phase to open, when a link (the spiral on the overview) asked for one. */
function requestedPhase(): Phase | undefined {
  const state = (globalThis.history?.state ?? null) as { phase?: unknown } | null;
  return PHASES.find((phase) => phase === state?.phase);
}

/**
 * One cycle: what it is about, its four phases with their entries, its sub-cycles, and what comes next. Opened at
 * an entry (and at a search match in it), it shows that entry's phase and brings the entry (the match) into view.
 */
export function CycleScreen(props: { projectId: string; cycleId: string; entryId?: string; match?: TextMatch }) {
  return <CycleView key={props.cycleId} {...props} />;
}

function CycleView({ projectId, cycleId, entryId, match }: { projectId: string; cycleId: string; entryId?: string; match?: TextMatch }) {
  const { t } = useTranslation();
  const client = useClient();
  const cycleQuery = useQuery(() => client.call('cycles:get', { id: cycleId }), [cycleId]);
  const cyclesQuery = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const [cycle, setCycle] = useState<Cycle>();
  useEffect(() => {
    if (cycleQuery.data) setCycle(cycleQuery.data);
  }, [cycleQuery.data]);

  const numbers = useMemo(() => cycleNumbers(cyclesQuery.data ?? (cycle ? [cycle] : [])), [cyclesQuery.data, cycle]);
  const base = `/projects/${projectId}`;

  if (cycleQuery.error instanceof ApiCallError && cycleQuery.error.code === 'not_found') {
    return (
      <div className="cycle">
        <Link href={base} className="back-link">
          ← {t('cycles.backToOverview')}
        </Link>
        <p role="alert">{t('cycles.notFound')}</p>
      </div>
    );
  }
  if (!cycle) {
    return (
      <div className="cycle">
        <ErrorMessage error={cycleQuery.error} onDismiss={cycleQuery.reload} />
        {!cycleQuery.error && <p>{t('app.loading')}</p>}
      </div>
    );
  }

  const number = numbers.get(cycle.id) ?? String(cycle.ordinal);
  const name = t('cycles.cycle', { number });
  const parent = cycle.parent_id ? cyclesQuery.data?.find((other) => other.id === cycle.parent_id) : undefined;
  const siblings = (cyclesQuery.data ?? []).filter((other) => other.parent_id === cycle.parent_id);
  const nextOrdinal = Math.max(cycle.ordinal, ...siblings.map((other) => other.ordinal)) + 1;
  const nextNumber = parent ? `${numbers.get(parent.id) ?? parent.ordinal}.${nextOrdinal}` : String(nextOrdinal);

  return (
    <div className={`cycle cycle--${cycle.status}`}>
      <Link href={base} className="back-link">
        ← {t('cycles.backToOverview')}
      </Link>
      <header className="cycle__header">
        <p className="eyebrow cycle__eyebrow">
          {parent && (
            <>
              {t('cycles.partOf')}{' '}
              <Link href={`${base}/cycles/${parent.id}`}>{t('cycles.cycle', { number: numbers.get(parent.id) ?? parent.ordinal })}</Link>
              {' · '}
            </>
          )}
          <span>{name}</span>
        </p>
        <h1>{cycle.title || name}</h1>
        <p className="cycle__badges">
          <span className={`badge badge--${cycle.status === 'open' ? 'active' : 'closed'}`}>{t(`cycles.status_${cycle.status}`)}</span>
          <span className={`phase-pill phase-pill--${cycle.current_phase}`}>{t('cycles.nowIn', { phase: t(`phases.${cycle.current_phase}`) })}</span>
        </p>
      </header>

      <CycleDetails cycle={cycle} onSaved={setCycle} />

      <Phases projectId={projectId} cycle={cycle} entryId={entryId} match={match} />

      <SubCycles
        projectId={projectId}
        cycle={cycle}
        cycles={cyclesQuery.data ?? []}
        numbers={numbers}
        onCreated={cyclesQuery.reload}
      />

      <NextCycle cycle={cycle} projectId={projectId} name={cycle.title ? t('cycles.cycleTitled', { number, title: cycle.title }) : name} nextNumber={nextNumber} onChanged={setCycle} />
    </div>
  );
}

interface Details {
  title: string;
  focus: string;
  started_on: string;
  ended_on: string;
}

function detailsOf(cycle: Cycle): Details {
  return { title: cycle.title, focus: cycle.focus, started_on: cycle.started_on ?? '', ended_on: cycle.ended_on ?? '' };
}

/** Title, focus, dates and current phase; saved as you type (no Save button). */
function CycleDetails({ cycle, onSaved }: { cycle: Cycle; onSaved: (cycle: Cycle) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [details, setDetails] = useState<Details>(() => detailsOf(cycle));
  const [phaseError, setPhaseError] = useState<unknown>();
  const [phaseSaved, setPhaseSaved] = useState('');
  const revision = useRef(cycle.revision);
  revision.current = Math.max(revision.current, cycle.revision);
  const latest = useRef(cycle);
  latest.current = cycle;
  const draftKey = `cycle.${cycle.id}`;
  const draft = useDraftOffer(draftKey, detailsOf(cycle));
  const autosave = useAutosave({
    value: details,
    draftKey,
    save: async (value) => {
      // Only what differs from the stored cycle, so a close or reopen elsewhere on the screen is never undone.
      const stored = detailsOf(latest.current);
      const changed = (Object.keys(value) as (keyof Details)[]).filter((key) => value[key] !== stored[key]);
      if (changed.length === 0) return;
      const changes: Record<string, string | null> = {};
      for (const key of changed) changes[key] = key === 'started_on' || key === 'ended_on' ? value[key] || null : value[key];
      const saved = await client.call('cycles:update', { id: cycle.id, ...changes, expected_revision: revision.current });
      revision.current = saved.revision;
      onSaved(saved);
    },
  });
  // A close or reopen changes the end date; show it without counting it as an edit.
  useEffect(() => {
    setDetails((old) => (old.ended_on === (cycle.ended_on ?? '') ? old : { ...old, ended_on: cycle.ended_on ?? '' }));
  }, [cycle.ended_on]);
  const set = (key: keyof Details) => (event: { target: { value: string } }) => setDetails((old) => ({ ...old, [key]: event.target.value }));

  return (
    <section className="card cycle__details" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('cycles.detailsHeading')}</h2>
      <DraftOffer offer={draft} onUse={setDetails} />
      <div className="cycle__details-grid">
        <div className="field cycle__title-field">
          <label htmlFor={`${id}-title`}>{t('cycles.title')}</label>
          <input id={`${id}-title`} value={details.title} maxLength={300} placeholder={t('cycles.titlePlaceholder')} onChange={set('title')} onBlur={() => void autosave.flush()} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-phase`}>{t('cycles.currentPhase')}</label>
          <select
            id={`${id}-phase`}
            value={cycle.current_phase}
            onChange={async (event) => {
              const phase = event.target.value as Phase;
              setPhaseError(undefined);
              try {
                await autosave.flush();
                const saved = await client.call('cycles:update', {
                  id: cycle.id,
                  current_phase: phase,
                  expected_revision: revision.current,
                });
                revision.current = saved.revision;
                onSaved(saved);
                setPhaseSaved(t('cycles.currentPhaseSaved', { phase: t(`phases.${saved.current_phase}`) }));
              } catch (failure) {
                setPhaseError(failure);
              }
            }}
          >
            {PHASES.map((phase) => (
              <option key={phase} value={phase}>
                {t(`phases.${phase}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field cycle__focus-field">
          <label htmlFor={`${id}-focus`}>{t('cycles.focus')}</label>
          <textarea id={`${id}-focus`} rows={3} value={details.focus} maxLength={5000} placeholder={t('cycles.focusPlaceholder')} onChange={set('focus')} onBlur={() => void autosave.flush()} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-started`}>{t('cycles.startedOnLabel')}</label>
          <input id={`${id}-started`} type="date" value={details.started_on} onChange={set('started_on')} />
        </div>
        {(cycle.status === 'closed' || details.ended_on) && (
          <div className="field">
            <label htmlFor={`${id}-ended`}>{t('cycles.endedOnLabel')}</label>
            <input id={`${id}-ended`} type="date" value={details.ended_on} onChange={set('ended_on')} />
          </div>
        )}
      </div>
      <SaveStatus status={autosave.status} error={autosave.error} />
      <ErrorMessage error={phaseError} />
      <p className="visually-hidden" role="status">
        {phaseSaved}
      </p>
    </section>
  );
}

/** The four phases as tabs: guiding questions, entries, a box to write, and what else is filed there. */
function Phases({ projectId, cycle, entryId, match }: { projectId: string; cycle: Cycle; entryId?: string; match?: TextMatch }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const entries = useQuery(() => client.call('phaseEntries:list', { cycle_id: cycle.id }), [cycle.id]);
  const evidence = useQuery(() => client.call('cycles:evidence', { id: cycle.id }), [cycle.id]);
  const prompts = useQuery(() => client.call('phases:prompts', { project_id: projectId }), [projectId]);
  const [selected, setSelected] = useState<Phase>(() => requestedPhase() ?? cycle.current_phase);
  const [restored, setRestored] = useState(0);
  const [highlight, setHighlight] = useState<string>();
  const opened = useRef(false);
  // Where focus lands when the last entry of a phase is deleted; the status line says what happened.
  const entriesHeading = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (opened.current || !entryId || !entries.data) return;
    const target = entries.data.find((entry) => entry.id === entryId);
    opened.current = true;
    if (!target) return;
    setSelected(target.phase);
    setHighlight(target.id);
  }, [entries.data, entryId]);

  const byPhase = useMemo(() => {
    const groups: Record<Phase, PhaseEntry[]> = { plan: [], act: [], observe: [], reflect: [] };
    for (const entry of entries.data ?? []) groups[entry.phase].push(entry);
    return groups;
  }, [entries.data]);
  const counts = { plan: byPhase.plan.length, act: byPhase.act.length, observe: byPhase.observe.length, reflect: byPhase.reflect.length };
  const filed = (evidence.data ?? []).filter((item) => item.phase === selected);
  const questions = effectivePrompts(t, selected, prompts.data);
  const phaseName = t(`phases.${selected}`);

  return (
    <section className="cycle__phases" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('cycles.phasesHeading')}</h2>
      <ErrorMessage error={entries.error ?? evidence.error ?? prompts.error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <PhaseTabs idBase={id} selected={selected} current={cycle.current_phase} counts={counts} onSelect={setSelected}>
        <div className="phase-panel__layout">
          <div className="phase-panel__main">
            <aside className="guiding-prompts" aria-labelledby={`${id}-prompts`}>
              <h3 id={`${id}-prompts`} className="guiding-prompts__heading">
                {t('cycles.promptsHeading')}
              </h3>
              <ul className="guiding-prompts__list">
                {questions.map((question) => (
                  <li key={question}>{question}</li>
                ))}
              </ul>
              <Link href={`/projects/${projectId}/settings`} className="guiding-prompts__edit">
                {t('cycles.promptsEdit')}
              </Link>
            </aside>

            <h3 ref={entriesHeading} tabIndex={-1} className="phase-panel__heading">
              {t('cycles.entriesHeading')} <span className="visually-hidden">({phaseName})</span>
            </h3>
            {entries.data && byPhase[selected].length === 0 && <p className="empty-state phase-panel__empty">{t('cycles.entriesEmpty')}</p>}
            <ol className="phase-entries" aria-label={`${t('cycles.entriesHeading')}: ${phaseName}`}>
              {byPhase[selected].map((entry) => (
                <li key={`${entry.id}:${restored}`}>
                  <PhaseEntryCard
                    projectId={projectId}
                    entry={entry}
                    highlighted={entry.id === highlight}
                    match={entry.id === highlight && restored === 0 ? match : undefined}
                    onRestored={() => {
                      setRestored((value) => value + 1);
                      entries.reload();
                    }}
                    onDeleted={() => {
                      const shown = byPhase[selected];
                      focusAfterDelete(
                        shown,
                        shown.findIndex((other) => other.id === entry.id),
                        (other) => document.querySelector<HTMLElement>(`#entry-${other.id} .phase-entry__footer > .button--danger-quiet`),
                        () => entriesHeading.current,
                      );
                      setStatus(t('cycles.entryDeleted'));
                      entries.reload();
                    }}
                  />
                </li>
              ))}
            </ol>
            <NewPhaseEntry key={selected} cycleId={cycle.id} phase={selected} onCreated={() => entries.reload()} />
          </div>

          <aside className="cycle-filed" aria-labelledby={`${id}-cycle-filed`}>
            <h3 id={`${id}-cycle-filed`} className="cycle-filed__heading">
              {t('cycles.evidenceHeading')}
            </h3>
            {filed.length === 0 ? (
              <p className="cycle-filed__empty">{t('cycles.evidenceEmpty')}</p>
            ) : (
              <ul className="cycle-filed__list">
                {filed.map((item) => (
                  <li key={`${item.type}:${item.id}`} className={`cycle-filed__item cycle-filed__item--${item.type}`}>
                    <span className="cycle-filed__type">{t(`events.${item.type}`)}</span>
                    <Link href={eventHref(item)}>{item.label || t(`events.${item.type}`)}</Link>
                    <time className="cycle-filed__date" dateTime={item.occurred_at} title={formatDateTime(item.occurred_at, i18n.language)}>
                      {formatDate(item.occurred_at, i18n.language)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </aside>
        </div>
      </PhaseTabs>
    </section>
  );
}

/** Smaller loops inside this cycle: listed, and a new one added with a title. */
function SubCycles({
  projectId,
  cycle,
  cycles,
  numbers,
  onCreated,
}: {
  projectId: string;
  cycle: Cycle;
  cycles: Cycle[];
  numbers: Map<string, string>;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState('');
  const children = cycles.filter((other) => other.parent_id === cycle.id);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const sub = await client.call('cycles:create', { project_id: projectId, parent_id: cycle.id, title: title.trim() });
      setTitle('');
      setCreated(t('cycles.subCreated', { number: `${numbers.get(cycle.id) ?? cycle.ordinal}.${sub.ordinal}` }));
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card cycle__subs" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('cycles.subHeading')}</h2>
      <p className="cycle__hint">{t('cycles.subIntro')}</p>
      {children.length === 0 ? (
        <p className="cycle__subs-empty">{t('cycles.subEmpty')}</p>
      ) : (
        <ul className="sub-cycles">
          {children.map((child) => {
            const number = numbers.get(child.id) ?? String(child.ordinal);
            return (
              <li key={child.id} className="sub-cycle">
                <Link href={`/projects/${projectId}/cycles/${child.id}`}>
                  {cycleName(t, child, numbers)}
                </Link>
                <span className={`badge badge--${child.status === 'open' ? 'active' : 'closed'}`}>{t(`cycles.status_${child.status}`)}</span>
                <span className={`phase-pill phase-pill--${child.current_phase}`}>{t('cycles.nowIn', { phase: t(`phases.${child.current_phase}`) })}</span>
              </li>
            );
          })}
        </ul>
      )}
      <form className="cycle-inline-form" onSubmit={(event) => void create(event)}>
        <div className="field inline-form__grow">
          <label htmlFor={`${id}-title`}>{t('cycles.subTitle')}</label>
          <input id={`${id}-title`} value={title} maxLength={300} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('cycles.subCreate')}
        </button>
      </form>
      <ErrorMessage error={error} />
      <p role="status" className="visually-hidden">
        {created}
      </p>
    </section>
  );
}

/** Close or reopen; start the next cycle (carrying the next steps); or move the cycle to the trash. */
function NextCycle({
  projectId,
  cycle,
  name,
  nextNumber,
  onChanged,
}: {
  projectId: string;
  cycle: Cycle;
  name: string;
  nextNumber: string;
  onChanged: (cycle: Cycle) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card cycle__next" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('cycles.nextHeading')}</h2>
      <p className="cycle__hint">{t('cycles.nextIntro', { number: nextNumber })}</p>
      <form
        className="cycle-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const result = await client.call('cycles:startNext', {
              id: cycle.id,
              ...(title.trim() ? { title: title.trim() } : {}),
              language: i18n.language.startsWith('da') ? 'da' : 'en',
            });
            navigate(`/projects/${projectId}/cycles/${result.cycle.id}`);
          });
        }}
      >
        <div className="field inline-form__grow">
          <label htmlFor={`${id}-title`}>{t('cycles.nextTitle')}</label>
          <input id={`${id}-title`} value={title} maxLength={300} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('cycles.nextStarting') : t('cycles.nextSubmit', { number: nextNumber })}
        </button>
      </form>
      {cycle.status === 'closed' && <p className="notice">{t('cycles.closedNotice')}</p>}
      <div className="cycle__actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const changed =
                cycle.status === 'open'
                  ? await client.call('cycles:close', { id: cycle.id, expected_revision: cycle.revision })
                  : await client.call('cycles:reopen', { id: cycle.id, expected_revision: cycle.revision });
              onChanged(changed);
            })
          }
        >
          {cycle.status === 'open' ? t('cycles.close') : t('cycles.reopen')}
        </button>
        <div className="cycle__delete">
          <p className="cycle__hint">{t('cycles.deleteNote')}</p>
          <DeleteButton
            label={name}
            onDelete={async () => {
              await client.call('cycles:delete', { id: cycle.id });
              navigate(`/projects/${projectId}`);
            }}
          />
        </div>
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
