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
