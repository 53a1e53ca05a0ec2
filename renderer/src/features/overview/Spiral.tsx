import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import type { Phase } from '../../../../electron/api/schemas';
import { PHASES, cycleName } from '../cycles/cycleNames';

export type CycleSummary = Output<'projects:overview'>['cycles'][number];
export type PhaseSummary = CycleSummary['phases'][Phase];

const R = 54;
const MARGIN = 44;
const TOP = 8;
const LIFT = 48;
const RISE = 16;
const SUB_R = 15;
const SUB_GAP = 44;
const MAX_SUBS = 4;

function point(cx: number, cy: number, r: number, degrees: number): [number, number] {
  const radians = (degrees * Math.PI) / 180;
  return [cx + r * Math.cos(radians), cy + r * Math.sin(radians)];
}

/** A quarter of a loop, clockwise from the top: plan, act, observe, reflect. */
function quarter(cx: number, cy: number, r: number, index: number, gap = 5): string {
  const [x0, y0] = point(cx, cy, r, -90 + index * 90 + gap);
  const [x1, y1] = point(cx, cy, r, -90 + (index + 1) * 90 - gap);
  return `M ${x0.toFixed(1)} ${y0.toFixed(1)} A ${r} ${r} 0 0 1 ${x1.toFixed(1)} ${y1.toFixed(1)}`;
}

function total(summary: PhaseSummary): number {
  return summary.phase_entries + summary.field_notes + summary.dialogues + summary.reflections;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a phase of a cycle holds, in words ("2 entries, 1 field note"), for labels and the list. */
export function usePhaseHolds() {
  const { t } = useTranslation();
  return (summary: PhaseSummary): string => {
    const parts = [
      summary.phase_entries ? t('cycles.countEntries', { count: summary.phase_entries }) : '',
      summary.field_notes ? t('cycles.countNotes', { count: summary.field_notes }) : '',
      summary.dialogues ? t('cycles.countDialogues', { count: summary.dialogues }) : '',
      summary.reflections ? t('cycles.countReflections', { count: summary.reflections }) : '',
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(', ') : t('cycles.phaseEmpty');
  };
}

/**
 * The spiral of cycles as a picture: each top-level cycle is a loop of four phases, rising from one
 * to the next; sub-cycles hang below as small loops. Every loop and phase is a link (keyboard
 * reachable, with a spoken label); the list beside it says the same in words.
 */
export function Spiral({ projectId, summaries, numbers }: { projectId: string; summaries: CycleSummary[]; numbers: Map<string, string> }) {
  const { t } = useTranslation();
  const holds = usePhaseHolds();
  const id = useId();
  const ids = new Set(summaries.map((summary) => summary.cycle.id));
  const top = summaries.filter((summary) => !summary.cycle.parent_id || !ids.has(summary.cycle.parent_id));
  const subsOf = (cycleId: string) => summaries.filter((summary) => summary.cycle.parent_id === cycleId);
  const mostSubs = Math.min(MAX_SUBS, Math.max(0, ...top.map((summary) => subsOf(summary.cycle.id).length)));
  const dx = Math.max(2 * R + 72, mostSubs * SUB_GAP + 40);
  const count = top.length;
  const loops = count + 1; // and a faint loop for the cycle still to come
  const hasSubs = mostSubs > 0;
  const width = 2 * MARGIN + 2 * R + (loops - 1) * dx;
  const height = TOP + LIFT + RISE * (loops - 1) + 2 * R + 52 + (hasSubs ? 72 : 0);
  const centre = (index: number): [number, number] => [MARGIN + R + index * dx, TOP + LIFT + R + RISE * (loops - 1 - index)];
  const base = `/projects/${projectId}`;

  return (
    <div className="spiral">
      <svg
        className="spiral__svg"
        role="group"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        style={{ minWidth: Math.round(width * 0.8), maxWidth: Math.round(width * 1.3) }}
      >
        <title id={`${id}-title`}>{t('cycles.overview.spiralTitle')}</title>
        <desc id={`${id}-desc`}>{t('cycles.overview.spiralDesc')}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto">
            <path d="M 1 1 L 9 5 L 1 9" className="spiral__arrowhead" />
          </marker>
        </defs>

        {Array.from({ length: loops - 1 }, (_, index) => {
          const [x0, y0] = centre(index);
          const [x1, y1] = centre(index + 1);
          return (
            <path
              key={`link-${index}`}
              className={`spiral__connector${index === count - 1 ? ' spiral__connector--next' : ''}`}
              d={`M ${x0 + 4} ${y0 - R - 4} C ${x0 + dx * 0.35} ${y0 - R - LIFT} ${x1 - dx * 0.5} ${y1 - R - LIFT} ${x1 - 10} ${y1 - R - 8}`}
              markerEnd={`url(#${id}-arrow)`}
              aria-hidden="true"
            />
          );
        })}

        {(() => {
          const [cx, cy] = centre(count);
          return (
            <g className="spiral__future" aria-hidden="true">
              <circle cx={cx} cy={cy} r={R} className="spiral__ghost" />
            </g>
          );
        })()}

        {top.map((summary, index) => {
          const { cycle } = summary;
          const [cx, cy] = centre(index);
          const number = numbers.get(cycle.id) ?? String(cycle.ordinal);
          const name = cycleName(t, cycle, numbers);
          const state = cycle.status === 'open' ? t('cycles.nowIn', { phase: t(`phases.${cycle.current_phase}`) }) : t('cycles.status_closed');
          const discText = cycle.status === 'open' ? t(`phases.${cycle.current_phase}`) : undefined;
          const subs = subsOf(cycle.id);
          const shown = subs.slice(0, MAX_SUBS);
          return (
            <g key={cycle.id} className={`spiral__loop spiral__loop--${cycle.status}`}>
              {/* The name starts with what the disc shows (number and phase), so it can be said as seen (WCAG 2.5.3). */}
              <Link href={`${base}/cycles/${cycle.id}`} className="spiral__centre" aria-label={`${discText ? `${number} ${discText} – ` : ''}${name}. ${state}`}>
                <circle cx={cx} cy={cy} r={R - 15} className="spiral__disc" />
                {/* One text, so it reads as "3 Plan" (two separate texts run together as "3Plan"). */}
                <text textAnchor="middle">
                  <tspan x={cx} y={cy + 2} className="spiral__number">
                    {number}
                  </tspan>{' '}
                  <tspan x={cx} y={cy + 20} className="spiral__state">
                    {discText ?? '✓'}
                  </tspan>
                </text>
              </Link>
              {PHASES.map((phase, phaseIndex) => {
                const phaseSummary = summary.phases[phase];
                const current = cycle.status === 'open' && cycle.current_phase === phase;
                const classes = [
                  'spiral__arc',
                  `spiral__arc--${phase}`,
                  total(phaseSummary) === 0 ? 'spiral__arc--empty' : '',
                  current ? 'spiral__arc--current' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                const label = `${t('cycles.cycle', { number })}, ${t(`phases.${phase}`)}${current ? ` (${t('cycles.currentMark')})` : ''}: ${holds(phaseSummary)}`;
                return (
                  <Link key={phase} href={`${base}/cycles/${cycle.id}`} state={{ phase }} className="spiral__phase" aria-label={label}>
                    <path className="spiral__halo" d={quarter(cx, cy, R, phaseIndex, 3)} />
                    <path className={classes} d={quarter(cx, cy, R, phaseIndex)} />
                  </Link>
                );
              })}
              <text x={cx} y={cy + R + 26} className="spiral__title" textAnchor="middle">
                {shorten(cycle.title || t('cycles.cycle', { number }), 20)}
              </text>
              <text x={cx} y={cy + R + 44} className="spiral__caption" textAnchor="middle">
                {state}
              </text>
              {shown.map((sub, subIndex) => {
                const sx = cx + (subIndex - (shown.length - 1) / 2) * SUB_GAP;
                const sy = cy + R + 78;
                const subNumber = numbers.get(sub.cycle.id) ?? String(sub.cycle.ordinal);
                const subName = cycleName(t, sub.cycle, numbers);
                const subState =
                  sub.cycle.status === 'open' ? t('cycles.nowIn', { phase: t(`phases.${sub.cycle.current_phase}`) }) : t('cycles.status_closed');
                return (
                  <g key={sub.cycle.id} className={`spiral__loop spiral__loop--sub spiral__loop--${sub.cycle.status}`}>
                    <path className="spiral__thread" d={`M ${cx} ${cy + R + 50} L ${sx} ${sy - SUB_R - 2}`} aria-hidden="true" />
                    <Link href={`${base}/cycles/${sub.cycle.id}`} className="spiral__centre" aria-label={`${subName}. ${subState}`}>
                      <circle cx={sx} cy={sy} r={SUB_R + 6} className="spiral__disc spiral__disc--sub" />
                      {PHASES.map((phase, phaseIndex) => (
                        <path
                          key={phase}
                          className={`spiral__arc spiral__arc--small spiral__arc--${phase}${
                            sub.cycle.status === 'open' && sub.cycle.current_phase === phase ? ' spiral__arc--current' : ''
                          }${total(sub.phases[phase]) === 0 ? ' spiral__arc--empty' : ''}`}
                          d={quarter(sx, sy, SUB_R, phaseIndex, 8)}
                        />
                      ))}
                      <text x={sx} y={sy + SUB_R + 18} className="spiral__caption" textAnchor="middle">
                        {subNumber}
                      </text>
                    </Link>
                  </g>
                );
              })}
              {subs.length > MAX_SUBS && (
                <text x={cx + ((shown.length - 1) / 2) * SUB_GAP + 30} y={cy + R + 82} className="spiral__caption">
                  +{subs.length - MAX_SUBS}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
