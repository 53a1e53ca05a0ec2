import type { TFunction } from 'i18next';
import type { Output } from '../../../../electron/api/contract';
import type { Phase } from '../../../../electron/api/schemas';

export type Cycle = Output<'cycles:get'>;
export type PhaseEntry = Output<'phaseEntries:create'>;
export const PHASES: readonly Phase[] = ['plan', 'act', 'observe', 'reflect'];

/** How people name each cycle: "2", or "2.1" for the first sub-cycle of cycle 2. */
export function cycleNumbers(cycles: readonly Pick<Cycle, 'id' | 'parent_id' | 'ordinal'>[]): Map<string, string> {
  const byId = new Map(cycles.map((cycle) => [cycle.id, cycle]));
  const numbers = new Map<string, string>();
  const numberOf = (id: string, depth = 0): string => {
    const known = numbers.get(id);
    if (known) return known;
    const cycle = byId.get(id)!;
    const parent = cycle.parent_id ? byId.get(cycle.parent_id) : undefined;
    const value = parent && depth < 20 ? `${numberOf(parent.id, depth + 1)}.${cycle.ordinal}` : String(cycle.ordinal);
    numbers.set(id, value);
    return value;
  };
  for (const cycle of cycles) numberOf(cycle.id);
  return numbers;
}

/**
 * A cycle as people name it: "Cycle 2: Trying the café", or "Cycle 2.1" for an untitled sub-cycle.
 * `numbers` (from cycleNumbers) gives sub-cycles their full number; without it the ordinal stands alone.
 */
export function cycleName(t: TFunction, cycle: Pick<Cycle, 'id' | 'ordinal' | 'title'>, numbers?: ReadonlyMap<string, string>): string {
  const number = numbers?.get(cycle.id) ?? String(cycle.ordinal);
  return cycle.title.trim() ? t('cycles.cycleTitled', { number, title: cycle.title }) : t('cycles.cycle', { number });
}

/** Inline Markdown as plain text: emphasis, code and link markup removed. */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_](?=\S)/g, '$1')
    .replace(/(\S)[*_](?=[\s).,;:!?]|$)/g, '$1');
}

/** The first line of Markdown as plain text, for short previews. */
export function firstLine(markdown: string, max = 120): string {
  const line =
    markdown
      .split(/\r?\n/)
      .map((text) => plainInline(text.replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*/, '')).trim())
      .find((text) => text.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
