import type { EventType } from '../../../../electron/api/schemas';

/** Where an event opens. Turns open inside their dialogue; phase entries inside their cycle. */
export interface EventLocation {
  type: EventType;
  id: string;
  project_id: string;
  dialogue_id?: string | null;
  cycle_id?: string | null;
}

export function eventHref(event: EventLocation): string {
  const base = `/projects/${event.project_id}`;
  switch (event.type) {
    case 'field_note':
      return `${base}/notes/${event.id}`;
    case 'dialogue':
      return `${base}/dialogues/${event.id}`;
    case 'turn':
      return `${base}/dialogues/${event.dialogue_id}/turns/${event.id}`;
    case 'phase_entry':
      return `${base}/cycles/${event.cycle_id}/entries/${event.id}`;
    case 'reflection':
      return `${base}/reflections/${event.id}`;
  }
}
