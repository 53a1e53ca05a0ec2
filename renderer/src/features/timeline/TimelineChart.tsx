import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import type { EventType, Phase } from '../../../../electron/api/schemas';
import { dateLocale } from '../../i18n';
import { formatDateTime } from '../../format';
import { panView, stackRows, ticks, zoomView, type View } from './timelineMath';
import { eventKey, laneKeysOf, LANE_KEYS, type LaneMode, type Sector, type TimelineEvent, type TimelineLink } from './timelineTypes';

type Bands = Output<'timeline:bands'>;
type Density = Output<'timeline:window'>['density'];

/** Room for the lane labels at the left; narrower on small screens. */
export function gutterFor(width: number): number {
  return width < 640 ? 96 : 132;
}
const RIGHT = 16;
const CYCLE_H = 28;
const PHASE_TOP = CYCLE_H + 8;
const PHASE_ROW = 14;
const PHASES: Phase[] = ['plan', 'act', 'observe', 'reflect'];
const LANES_TOP = PHASE_TOP + PHASE_ROW * 4 + 12;
const ROW = 11;
const MAX_ROWS = 10;
const MIN_LANE = 40;
const AXIS_H = 30;

interface Props {
  view: View;
  width: number;
  widest: number;
  bands: Bands | undefined;
  cycleNumbers: Map<string, string>;
  events: TimelineEvent[];
  links: TimelineLink[];
  /** When the window holds too many events to draw one by one. */
  density: Density | null;
  laneMode: LaneMode;
  selectedKey: string | null;
  chainKeys: Set<string> | null;
  onSelect: (event: TimelineEvent) => void;
  onView: (change: (view: View) => View) => void;
}

interface Mark {
  event: TimelineEvent;
  key: string;
  x: number;
  y: number;
}

/** The timeline picture: cycles and phases as bands, lanes of events, links from reflections to their evidence. */
export function TimelineChart({ view, width, widest, bands, cycleNumbers, events, links, density, laneMode, selectedKey, chainKeys, onSelect, onView }: Props) {
  const { t, i18n } = useTranslation();
  const svgRef = useRef<SVGSVGElement>(null);
  const gutter = gutterFor(width);
  const plotWidth = Math.max(width - gutter - RIGHT, 40);
  const span = view.end - view.start;
  const xOf = (time: number) => gutter + ((time - view.start) / span) * plotWidth;
  const locale = dateLocale(i18n.language);

  const lanes = LANE_KEYS[laneMode];
  const layout = useMemo(() => {
    const x = (time: number) => gutter + ((time - view.start) / span) * plotWidth;
    const perLane = new Map<string, { event: TimelineEvent; x: number }[]>(lanes.map((lane) => [lane, []]));
    if (!density) {
      for (const event of events) {
        const at = x(Date.parse(event.occurred_at));
        if (at < gutter - 12 || at > gutter + plotWidth + 12) continue;
        for (const lane of laneKeysOf(event, laneMode)) perLane.get(lane)?.push({ event, x: at });
      }
    }
    let top = LANES_TOP;
    const laneBoxes: { key: string; top: number; height: number }[] = [];
    const marks: Mark[] = [];
    for (const lane of lanes) {
      const items = perLane.get(lane) ?? [];
      const { rows, used } = stackRows(
        items.map((item) => item.x),
        ROW,
        MAX_ROWS,
      );
      const height = density ? 46 : Math.max(MIN_LANE, used * ROW + 18);
      const first = top + (height - (Math.max(used, 1) - 1) * ROW) / 2;
      items.forEach((item, index) => marks.push({ event: item.event, key: eventKey(item.event), x: item.x, y: first + rows[index]! * ROW }));
      laneBoxes.push({ key: lane, top, height });
      top += height;
    }
    return { laneBoxes, marks, lanesBottom: top };
  }, [events, density, laneMode, lanes, view.start, span, plotWidth, gutter]);

  const height = layout.lanesBottom + AXIS_H;
  const tickMarks = ticks(view, plotWidth, locale);
  const firstMark = new Map<string, Mark>();
  for (const mark of layout.marks) if (!firstMark.has(mark.key)) firstMark.set(mark.key, mark);

  // Dragging pans; ctrl+wheel zooms around the pointer; shift+wheel (or a sideways swipe) pans.
  const drag = useRef<{ x: number; pointer: number; moved: boolean } | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      const rect = svg.getBoundingClientRect();
      const current = viewRef.current;
      const msPerPx = (current.end - current.start) / plotWidth;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const anchor = current.start + (event.clientX - rect.left - gutter) * msPerPx;
        onView((v) => zoomView(v, Math.exp(event.deltaY * 0.0015), anchor, widest));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = Math.abs(event.deltaX) > Math.abs(event.deltaY) ? event.deltaX : event.deltaY;
        onView((v) => panView(v, delta * msPerPx));
      }
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [onView, plotWidth, widest, gutter]);

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, pointer: event.pointerId, moved: false };
  };
  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>) => {
    const state = drag.current;
    if (!state) return;
    const dx = event.clientX - state.x;
    if (!state.moved && Math.abs(dx) < 4) return;
    if (!state.moved) {
      state.moved = true;
      svgRef.current?.setPointerCapture?.(state.pointer);
    }
    state.x = event.clientX;
    const msPerPx = (viewRef.current.end - viewRef.current.start) / plotWidth;
    onView((v) => panView(v, -dx * msPerPx));
  };
  const onPointerUp = () => {
    if (drag.current?.moved) svgRef.current?.releasePointerCapture?.(drag.current.pointer);
    drag.current = null;
  };

  const cycles = bands?.cycles ?? [];
  const topLevel = cycles.filter((cycle) => !cycle.parent_id);
  const spanOf = (from: string | null, to: string | null) => {
    if (!from || !to) return undefined;
    const x1 = Math.max(xOf(Date.parse(from)), gutter);
    const x2 = Math.min(xOf(Date.parse(to)), gutter + plotWidth);
    return x2 < gutter || x1 > gutter + plotWidth ? undefined : { x1, x2 };
  };
  const maxDensity = density ? Math.max(1, ...density.lanes.flatMap((lane) => lane.counts)) : 1;
  const dimming = chainKeys !== null;

  return (
    <svg
      ref={svgRef}
      className="tl-chart"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      aria-hidden="true"
      focusable="false"
    >
      <defs>
        <clipPath id="tl-plot">
          <rect x={gutter} y={0} width={plotWidth} height={height} />
        </clipPath>
      </defs>

      {/* Lane backgrounds and labels */}
      {layout.laneBoxes.map((lane, index) => (
        <g key={lane.key}>
          <rect className={index % 2 ? 'tl-lane tl-lane--odd' : 'tl-lane'} x={0} y={lane.top} width={width} height={lane.height} />
          <text className="tl-lane-label" x={gutter - 12} y={lane.top + lane.height / 2} textAnchor="end" dominantBaseline="central">
            {laneMode === 'type' ? t(`events.${lane.key as EventType}`) : lane.key === 'none' ? t('timeline.noStakeholder') : t(`stakeholders.sector_${lane.key as Sector}`)}
          </text>
          {laneMode === 'type' && gutter > 100 && <LaneGlyph type={lane.key as EventType} x={16} y={lane.top + lane.height / 2} />}
        </g>
      ))}
      <text className="tl-gutter-label" x={gutter - 12} y={CYCLE_H / 2} textAnchor="end" dominantBaseline="central">
        {t('timeline.cyclesTrack')}
      </text>
      {PHASES.map((phase, index) => (
        <text key={phase} className="tl-phase-label" x={gutter - 12} y={PHASE_TOP + index * PHASE_ROW + 4.5} textAnchor="end" dominantBaseline="central">
          {t(`phases.${phase}`)}
        </text>
      ))}

      <g clipPath="url(#tl-plot)">
        {/* Cycle spans: tinted across the lanes, with a labelled band on top */}
        {topLevel.map((cycle, index) => {
          const box = spanOf(cycle.from, cycle.to);
          if (!box) return null;
          const w = Math.max(box.x2 - box.x1, 3);
          const label = `${cycleNumbers.get(cycle.id) ?? cycle.ordinal} · ${cycle.title || t('timeline.untitledCycle')}`;
          const room = Math.floor((w - 16) / 6.6);
          return (
            <g key={cycle.id}>
              <rect className={`tl-cycle-tint${index % 2 ? ' tl-cycle-tint--alt' : ''}`} x={box.x1} y={LANES_TOP} width={w} height={layout.lanesBottom - LANES_TOP} />
              <line className="tl-cycle-edge" x1={box.x1} x2={box.x1} y1={0} y2={layout.lanesBottom} />
              <rect className="tl-cycle" x={box.x1 + 1} y={2} width={Math.max(w - 2, 2)} height={CYCLE_H - 4} rx={6} />
              {room >= 2 && (
                <text className="tl-cycle-label" x={box.x1 + 9} y={CYCLE_H / 2 + 1} dominantBaseline="central">
                  {label.length > room ? `${label.slice(0, Math.max(room - 1, 1))}…` : label}
                </text>
              )}
            </g>
          );
        })}
        {cycles
          .filter((cycle) => cycle.parent_id)
          .map((cycle) => {
            const box = spanOf(cycle.from, cycle.to);
            return box ? <rect key={cycle.id} className="tl-subcycle" x={box.x1} y={CYCLE_H - 3} width={Math.max(box.x2 - box.x1, 3)} height={3} rx={1.5} /> : null;
          })}

        {/* Phases of each cycle, one row per phase */}
        {cycles.flatMap((cycle) =>
          cycle.phases.map((phase) => {
            const x1 = xOf(Date.parse(phase.first_at));
            const x2 = xOf(Date.parse(phase.last_at));
            const w = Math.max(x2 - x1, 6);
            const row = PHASES.indexOf(phase.phase);
            return (
              <rect
                key={`${cycle.id}-${phase.phase}`}
                className={`tl-phase tl-phase--${phase.phase}`}
                x={x2 - x1 < 6 ? x1 - 3 : x1}
                y={PHASE_TOP + row * PHASE_ROW}
                width={w}
                height={9}
                rx={4.5}
              />
            );
          }),
        )}

        {/* Grid */}
        {tickMarks.map((tick) => (
          <line key={tick.time} className={tick.major ? 'tl-grid tl-grid--major' : 'tl-grid'} x1={xOf(tick.time)} x2={xOf(tick.time)} y1={LANES_TOP} y2={layout.lanesBottom} />
        ))}

        {/* Density, when there are too many events to draw one by one */}
        {density &&
          layout.laneBoxes.map((lane) => {
            const counts = density.lanes.find((row) => row.key === lane.key)?.counts ?? [];
            const from = Date.parse(density.from);
            const barWidth = Math.max((density.bucket_ms / span) * plotWidth - 0.6, 0.8);
            return (
              <g key={lane.key} className="tl-density">
                {counts.map((count, index) => {
                  if (count === 0) return null;
                  const h = Math.max(2, (lane.height - 10) * Math.sqrt(count / maxDensity));
                  return <rect key={index} x={xOf(from + index * density.bucket_ms)} y={lane.top + lane.height - 5 - h} width={barWidth} height={h} rx={0.5} />;
                })}
              </g>
            );
          })}

        {/* Links: reflection → the events that prompted it */}
        {!density &&
          links.map((link) => {
            const from = firstMark.get(`reflection:${link.reflection_id}`);
            const to = firstMark.get(`${link.target_type}:${link.target_id}`);
            if (!from || !to) return null;
            const inChain = chainKeys !== null && chainKeys.has(from.key) && chainKeys.has(to.key) && (from.key === selectedKey || to.key === selectedKey);
            const bend = Math.max(Math.abs(from.x - to.x) * 0.45, 24);
            const d = `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} C ${(from.x - bend).toFixed(1)} ${from.y.toFixed(1)}, ${(to.x + bend).toFixed(1)} ${to.y.toFixed(1)}, ${to.x.toFixed(1)} ${to.y.toFixed(1)}`;
            return (
              <path
                key={`${link.reflection_id}-${link.target_type}-${link.target_id}`}
                className={`tl-link${inChain ? ' tl-link--chain' : ''}${dimming && !inChain ? ' tl-link--dim' : ''}`}
                d={d}
              />
            );
          })}

        {/* Events */}
        {layout.marks.map((mark, index) => {
          const selected = mark.key === selectedKey;
          const inChain = chainKeys?.has(mark.key) ?? false;
          return (
            <g
              key={`${mark.key}-${index}`}
              className={`tl-mark tl-mark--${mark.event.type}${selected ? ' is-selected' : ''}${inChain ? ' is-chain' : ''}${dimming && !inChain ? ' is-dim' : ''}`}
              transform={`translate(${mark.x.toFixed(1)} ${mark.y.toFixed(1)})`}
              data-key={mark.key}
              onClick={() => onSelect(mark.event)}
            >
              <title>{`${t(`events.${mark.event.type}`)} · ${formatDateTime(mark.event.occurred_at, i18n.language)}\n${mark.event.label}`}</title>
              <circle className="tl-hit" r={8} />
              {selected && <circle className="tl-ring" r={10} />}
              <MarkShape event={mark.event} />
            </g>
          );
        })}
      </g>

      {/* Axis */}
      <line className="tl-axis" x1={gutter} x2={gutter + plotWidth} y1={layout.lanesBottom} y2={layout.lanesBottom} />
      {tickMarks.map((tick) => {
        const x = xOf(tick.time);
        return (
          <g key={tick.time} className={tick.major ? 'tl-tick tl-tick--major' : 'tl-tick'}>
            <line x1={x} x2={x} y1={layout.lanesBottom} y2={layout.lanesBottom + (tick.major ? 7 : 4)} />
            <text x={x} y={layout.lanesBottom + 19} textAnchor="middle">
              {tick.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function fillOf(phase: Phase | null): string {
  return phase ? `var(--phase-${phase})` : 'var(--ink-faint)';
}

/** One shape per kind of event, coloured by its phase; an aboutness reflection is drawn hollow. */
function MarkShape({ event }: { event: TimelineEvent }) {
  const fill = fillOf(event.phase);
  switch (event.type) {
    case 'field_note':
      return <circle className="tl-shape" r={4.6} fill={fill} />;
    case 'dialogue':
      return <rect className="tl-shape" x={-5} y={-5} width={10} height={10} rx={2} fill={fill} />;
    case 'turn':
      return <circle className="tl-shape" r={3.4} fill={fill} />;
    case 'phase_entry':
      return <path className="tl-shape" d="M0 -6 L6 0 L0 6 L-6 0 Z" fill={fill} />;
    case 'reflection':
      return event.mode === 'aboutness' ? (
        <circle className="tl-shape tl-shape--hollow" r={5.2} stroke={fill} />
      ) : (
        <circle className="tl-shape" r={6} fill={fill} />
      );
  }
}

/** The lane's shape beside its label, so the legend is the lanes themselves. */
function LaneGlyph({ type, x, y }: { type: EventType; x: number; y: number }) {
  return (
    <g className="tl-glyph" transform={`translate(${x} ${y})`}>
      <MarkShape event={{ type, phase: null, mode: type === 'reflection' ? 'withness' : null } as TimelineEvent} />
    </g>
  );
}
