import { describe, expect, it } from 'vitest';
import { depthFirst } from '../../db/repositories/tree.js';

const row = (id: string, parent_id: string | null = null) => ({ id, parent_id });

describe('depthFirst (cycles within cycles, codes within codes)', () => {
  it('puts each row before its children, depth first, siblings in the order given', () => {
    const rows = [row('a'), row('b'), row('a2', 'a'), row('a1', 'a'), row('a1x', 'a1'), row('b1', 'b')];
    expect(depthFirst(rows).map((r) => r.id)).toEqual(['a', 'a2', 'a1', 'a1x', 'b', 'b1']);
  });

  it('puts a row whose parent is missing (trashed) at the top level, with its own children', () => {
    const rows = [row('kept'), row('orphan', 'gone'), row('child', 'orphan')];
    expect(depthFirst(rows).map((r) => r.id)).toEqual(['kept', 'orphan', 'child']);
  });

  it('keeps every row exactly once and returns nothing for nothing', () => {
    expect(depthFirst([])).toEqual([]);
    const rows = [row('x'), row('y', 'x'), row('z', 'y')];
    expect(depthFirst(rows)).toHaveLength(3);
  });
});
