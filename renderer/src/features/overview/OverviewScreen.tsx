import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate, formatDateTime, formatRelative } from '../../format';
import { PHASES, cycleName, cycleNumbers, firstLine } from '../cycles/cycleNames';
import { eventHref } from '../events/eventHref';
import { UnlinkedReflections } from '../reflections/UnlinkedReflections';
import { Spiral, usePhaseHolds, type CycleSummary } from './Spiral';
import '../cycles/cycles.css';
import './overview.css';

/** The inquiry at a glance: its question, the spiral of cycles, what each phase holds, and recent activity. */
export function OverviewScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const overview = useQuery(() => client.call('projects:overview', { id: projectId }), [projectId]);
  const data = overview.data;
  const numbers = useMemo(() => cycleNumbers((data?.cycles ?? []).map((summary) => summary.cycle)), [data]);
  if (!data) {
    return overview.error ? <ErrorMessage error={overview.error} onDismiss={overview.reload} /> : <p className="overview__quiet">{t('app.loading')}</p>;
  }
  const { project, cycles, activity } = data;
  const open = cycles.filter((summary) => summary.cycle.status === 'open').length;

  return (
    <div className="overview">
      <header className="project__header">
        <h1>{project.title}</h1>
        <h2 className="eyebrow">{t('project.concern')}</h2>
        <p className="lede">{project.concern || t('project.noConcern')}</p>
        <ul className="overview__stats" aria-label={t('cycles.overview.atAGlance')}>
          <li>{t('cycles.overview.cycleCount', { count: cycles.length })}</li>
          {cycles.length > 0 && <li>{t('cycles.overview.openCount', { count: open })}</li>}
          {data.unlinked_reflections > 0 && (
            <li>
              <Link href={`/projects/${projectId}/reflections`}>{t('cycles.overview.unlinked', { count: data.unlinked_reflections })}</Link>
            </li>
          )}
        </ul>
      </header>

      <section className="card overview__spiral" aria-labelledby="spiral-heading">
        <h2 id="spiral-heading">{t('cycles.overview.spiralHeading')}</h2>
        {cycles.length === 0 ? (
          <p className="empty-state">{t('cycles.overview.empty')}</p>
        ) : (
          <>
            <p className="cycle__hint">{t('cycles.overview.spiralHint')}</p>
            <Spiral projectId={projectId} summaries={cycles} numbers={numbers} />
          </>
        )}
      </section>

      <div className="overview__grid">
        <div className="overview__main">
          {cycles.length > 0 && <CycleList projectId={projectId} cycles={cycles} numbers={numbers} />}
          <NewCycle projectId={projectId} first={cycles.length === 0} />
        </div>
        <div className="overview__side">
          <section className="card overview__activity" aria-labelledby="activity-heading">
            <h2 id="activity-heading">{t('cycles.overview.activityHeading')}</h2>
            {activity.length === 0 ? (
              <p className="overview__quiet">{t('cycles.overview.activityEmpty')}</p>
            ) : (
              <Activity activity={activity} numbers={numbers} />
            )}
          </section>
          <UnlinkedReflections projectId={projectId} />
        </div>
      </div>
    </div>
  );
}

/** The same cycles in words: each with its four phases and what they hold. */
function CycleList({ projectId, cycles, numbers }: { projectId: string; cycles: CycleSummary[]; numbers: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const holds = usePhaseHolds();
  return (
    <section className="card" aria-labelledby="cycle-list-heading">
      <h2 id="cycle-list-heading">{t('cycles.overview.listHeading')}</h2>
      <ol className="cycle-list">
        {cycles.map(({ cycle, phases }) => {
          const number = numbers.get(cycle.id) ?? String(cycle.ordinal);
          const depth = number.split('.').length - 1;
          return (
            <li key={cycle.id} className={`cycle-list__item cycle-list__item--depth-${Math.min(depth, 2)} cycle-list__item--${cycle.status}`}>
              <div className="cycle-list__head">
                <h3 className="cycle-list__title">
                  <Link href={`/projects/${projectId}/cycles/${cycle.id}`}>
                    {cycleName(t, cycle, numbers)}
                  </Link>
                </h3>
                <span className={`badge badge--${cycle.status === 'open' ? 'active' : 'closed'}`}>{t(`cycles.status_${cycle.status}`)}</span>
                {cycle.status === 'open' && (
                  <span className={`phase-pill phase-pill--${cycle.current_phase}`}>
                    {t('cycles.nowIn', { phase: t(`phases.${cycle.current_phase}`) })}
                  </span>
                )}
                <span className="cycle-list__dates">
                  {cycle.started_on && t('cycles.startedOn', { date: formatDate(cycle.started_on, i18n.language) })}
                  {cycle.ended_on && ` · ${t('cycles.endedOn', { date: formatDate(cycle.ended_on, i18n.language) })}`}
                </span>
              </div>
              {cycle.focus && <p className="cycle-list__focus">{cycle.focus}</p>}
              <ul className="cycle-list__phases">
                {PHASES.map((phase) => (
                  <li
                    key={phase}
                    className={`cycle-list__phase phase-pill--${phase}${cycle.status === 'open' && cycle.current_phase === phase ? ' cycle-list__phase--current' : ''}`}
                  >
                    <Link href={`/projects/${projectId}/cycles/${cycle.id}`} state={{ phase }} className="cycle-list__phase-name">
                      {t(`phases.${phase}`)}
                      {cycle.status === 'open' && cycle.current_phase === phase && <span className="visually-hidden"> ({t('cycles.currentMark')})</span>}
                    </Link>
                    <span className="cycle-list__holds">{holds(phases[phase])}</span>
                    {phases[phase].latest_entry && (
                      <span className="cycle-list__latest">
                        <span className="visually-hidden">{t('cycles.overview.newest')}: </span>“{phases[phase].latest_entry}”
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Activity({ activity, numbers }: { activity: Output<'projects:overview'>['activity']; numbers: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="recent-activity">
      {activity.map((event) => (
        <li key={`${event.type}:${event.id}`} className="recent-activity__item">
          <span className={`recent-activity__type${event.phase ? ` phase-pill phase-pill--${event.phase}` : ''}`}>{t(`events.${event.type}`)}</span>
          <Link href={eventHref(event)} className="recent-activity__label">
            {firstLine(event.label) || t(`events.${event.type}`)}
          </Link>
          <span className="recent-activity__meta">
            <time dateTime={event.occurred_at} title={formatDateTime(event.occurred_at, i18n.language)}>
              {formatRelative(event.occurred_at, i18n.language)}
            </time>
            {event.cycle_id && numbers.has(event.cycle_id) && (
              <>
                {' · '}
                {t('cycles.overview.inCycle', { number: numbers.get(event.cycle_id) })}
                {event.phase && `, ${t(`phases.${event.phase}`)}`}
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Starts a new top-level cycle and opens it, ready for planning. */
function NewCycle({ projectId, first }: { projectId: string; first: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [, navigate] = useLocation();
  const id = useId();
  const [title, setTitle] = useState('');
  const [focus, setFocus] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const cycle = await client.call('cycles:create', { project_id: projectId, title: title.trim(), focus });
      navigate(`/projects/${projectId}/cycles/${cycle.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <section className="card overview__new" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{first ? t('cycles.overview.newFirstHeading') : t('cycles.overview.newHeading')}</h2>
      <form onSubmit={(event) => void create(event)}>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('cycles.overview.newTitle')}</label>
          <input id={`${id}-title`} value={title} maxLength={300} placeholder={t('cycles.titlePlaceholder')} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-focus`}>{t('cycles.overview.newFocus')}</label>
          <textarea
            id={`${id}-focus`}
            rows={2}
            value={focus}
            maxLength={5000}
            placeholder={t('cycles.overview.newFocusPlaceholder')}
            onChange={(event) => setFocus(event.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('cycles.overview.creating') : t('cycles.overview.create')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
