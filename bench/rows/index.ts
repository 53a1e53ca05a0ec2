/**
 * The row sources `npm run bench` runs after its own measurements, in this order. Add yours with one import and
 * one entry (bench/rows/source.ts says what a source gets and returns).
 */
import { memoryRows } from './memory.js';
import { searchRows } from './search.js';
import type { RowSource } from './source.js';
import { syncRows } from './sync.js';

export const ROW_SOURCES: readonly RowSource[] = [searchRows, syncRows, memoryRows];

/** Every --only key the sources answer to. */
export function sourceKeys(): string[] {
  return [...new Set(ROW_SOURCES.flatMap((source) => source.keys))];
}
