import type { Db } from '../connection.js';

export type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';

export interface CycleRow {
  id: string;
  project_id: string;
  parent_id: string | null;
  ordinal: number;
  title: string;
  focus: string;
  status: 'open' | 'closed';
  current_phase: PhaseName;
  started_on: string | null;
  ended_on: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Live cycles of a project: top-level cycles by ordinal, each followed by its sub-cycles. */
export function listCycles(db: Db, projectId: string): CycleRow[] {
  return db
    .prepare(
      `SELECT c.* FROM cycles c LEFT JOIN cycles p ON p.id = c.parent_id
       WHERE c.project_id = ? AND c.deleted_at IS NULL
       ORDER BY coalesce(p.ordinal, c.ordinal), c.parent_id IS NOT NULL, c.ordinal`,
    )
    .all(projectId) as CycleRow[];
}
