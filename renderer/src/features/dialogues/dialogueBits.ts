import { format, parseISO } from 'date-fns';
import type { TFunction } from 'i18next';
import type { Output } from '../../../../electron/api/contract';

export type DialogueDetail = Output<'dialogues:get'>;
export type Turn = DialogueDetail['turns'][number];
export type DialogueKind = DialogueDetail['kind'];

export const KINDS: readonly DialogueKind[] = ['workshop', 'meeting', 'interview', 'co_creation', 'informal'];

/** A stored UTC time as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(iso: string): string {
  return format(parseISO(iso), "yyyy-MM-dd'T'HH:mm");
}

/** An <input type="datetime-local"> value back to UTC ISO text; undefined while incomplete. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A dialogue's name: its title, or "Untitled workshop". */
export function dialogueName(t: TFunction, dialogue: { title: string; kind: DialogueKind }): string {
  return dialogue.title.trim() || t('dialogues.untitled', { kind: t(`dialogues.kind_${dialogue.kind}`).toLowerCase() });
}

export type Suggestion = { speakerId: string | null; reason: 'alternate' | 'order'; lastId: string | null } | undefined;

/**
 * Who probably speaks next after `justSpoke`: the most recent other speaker (two people taking turns),
 * else the next participant in the numbering. Undefined when there is nobody else to choose.
 */
export function suggestNextSpeaker(turns: readonly Pick<Turn, 'speaker_id'>[], participants: readonly string[], justSpoke: string | null): Suggestion {
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const speaker = turns[index]!.speaker_id;
    if (speaker !== justSpoke && (speaker === null || participants.includes(speaker))) {
      return { speakerId: speaker, reason: 'alternate', lastId: justSpoke };
    }
  }
  if (participants.length < 2 && justSpoke !== null) return undefined;
  if (participants.length === 0) return undefined;
  const at = justSpoke === null ? -1 : participants.indexOf(justSpoke);
  const next = participants[(at + 1) % participants.length]!;
  return next === justSpoke ? undefined : { speakerId: next, reason: 'order', lastId: justSpoke };
}
