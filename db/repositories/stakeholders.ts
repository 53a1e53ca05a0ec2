import type { Db } from '../connection.js';

export type Sector = 'public' | 'private' | 'voluntary' | 'citizen' | 'researcher' | 'other';
export type ConsentStatus = 'unknown' | 'pending' | 'given' | 'declined' | 'withdrawn';

export interface StakeholderRow {
  id: string;
  project_id: string;
  real_name: string;
  pseudonym: string;
  /** JSON array of other names the person goes by (used when pseudonymising exports). */
  aliases: string;
  sector: Sector;
  organisation: string;
  role: string;
  consent_status: ConsentStatus;
  consent_date: string | null;
  consent_scope: string;
  notes: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Live stakeholders of a project, by pseudonym. */
export function listStakeholders(db: Db, projectId: string): StakeholderRow[] {
  return db
    .prepare(`SELECT * FROM stakeholders WHERE project_id = ? AND deleted_at IS NULL ORDER BY pseudonym COLLATE NOCASE, id`)
    .all(projectId) as StakeholderRow[];
}
