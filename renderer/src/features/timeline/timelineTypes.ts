import type { Input, Output } from '../../../../electron/api/contract';
import type { EventType } from '../../../../electron/api/schemas';

export type TimelineEvent = Output<'timeline:window'>['events'][number];
export type TimelineLink = Output<'timeline:window'>['links'][number];
export type TimelineFilters = NonNullable<Input<'timeline:window'>['filters']>;
export type Chain = Output<'timeline:chain'>;
export type LaneMode = 'type' | 'sector';
export type Sector = TimelineEvent['sectors'][number];

export const EVENT_TYPES: readonly EventType[] = ['phase_entry', 'field_note', 'dialogue', 'turn', 'reflection'];
export const SECTORS: readonly Sector[] = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'];

/** The lanes, top to bottom: one per kind of event, or one per stakeholder sector plus "no stakeholder". */
export const LANE_KEYS: Record<LaneMode, readonly string[]> = {
  type: EVENT_TYPES,
  sector: [...SECTORS, 'none'],
};

/** What the timeline needs to know to show, open and move from a selected event. */
export interface Selected {
  type: EventType;
  id: string;
  occurred_at: string;
  label: string;
  cycle_id: string | null;
  phase: TimelineEvent['phase'];
  dialogue_id: string | null;
}

export function eventKey(event: { type: string; id: string }): string {
  return `${event.type}:${event.id}`;
}

/** The lanes an event stands in: its type, or each sector of the people involved ('none' for nobody). */
export function laneKeysOf(event: TimelineEvent, mode: LaneMode): string[] {
  if (mode === 'type') return [event.type];
  return event.sectors.length > 0 ? event.sectors : ['none'];
}

export function toSelected(event: Selected): Selected {
  const { type, id, occurred_at, label, cycle_id, phase, dialogue_id } = event;
  return { type, id, occurred_at, label, cycle_id, phase, dialogue_id };
}

export function activeFilterCount(filters: TimelineFilters): number {
  return Object.values(filters).filter((value) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '')).length;
}
