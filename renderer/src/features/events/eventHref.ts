import type { EventType } from '../../../../electron/api/schemas';
import { matchSegment, type TextMatch } from './openAtMatch';

/** Where an event opens. Turns open inside their dialogue; phase entries inside their cycle. */
export interface EventLocation {
  type: EventType;
  id: string;
  project_id: string;
  dialogue_id?: string | null;
  cycle_id?: string | null;
}

/**
 * The address of an event; with `match` (a search hit's, code points in the event's text), the address opens it
 * at that passage, marked (notes, reflections, phase entries and turns; a dialogue opens at its top).
 */
export function eventHref(event: EventLocation, match?: TextMatch | null): string {
  const base = `/projects/${event.project_id}`;
  const at = match ? matchSegment(match) : '';
  switch (event.type) {
    case 'field_note':
      return `${base}/notes/${event.id}${at}`;
    case 'dialogue':
      return `${base}/dialogues/${event.id}`;
    case 'turn':
      return `${base}/dialogues/${event.dialogue_id}/turns/${event.id}${at}`;
    case 'phase_entry':
      return `${base}/cycles/${event.cycle_id}/entries/${event.id}${at}`;
    case 'reflection':
      return `${base}/reflections/${event.id}${at}`;
  }
}
