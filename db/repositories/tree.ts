/**
 * Rows of a tree (cycles within cycles, codes within codes) in reading order: each row followed by its
 * children, depth first, siblings in the order given. A row whose parent is not among the rows (trashed)
 * stands at the top level.
 */
export function depthFirst<T extends { id: string; parent_id: string | null }>(rows: readonly T[]): T[] {
  const present = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent_id && present.has(row.parent_id) ? row.parent_id : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(row);
    else children.set(parent, [row]);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const row of children.get(parent) ?? []) {
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}
