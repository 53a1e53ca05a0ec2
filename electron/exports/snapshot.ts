import type { Db } from '../../db/connection.js';
import { loadConsentSources, type ConsentSource } from './consent-filter.js';
import type { PseudonymSource } from './pseudonymise.js';

/**
 * Everything live in one project, read in one transaction so an export is consistent: the single
 * source for reports, REFI-QDA, bundles and the review page. Rows are plain table rows; nothing
 * in the trash is included. Real names are present here — exports must pass text through a
 * Pseudonymiser (pseudonymise.ts) unless the user chose real names.
 */
export interface ProjectSnapshot {
  project: Row;
  /**
   * Everyone who was ever a stakeholder of the project, trashed ones too: their names may still stand in
   * old notes, so every export's pseudonymiser must know them (see nameSources).
   */
  name_sources: PseudonymSource[];
  /** Everyone's consent, trashed people too (their old turns may still be exported); see consent-filter.ts. */
  consent: ConsentSource[];
  cycles: Row[];
  phase_entries: Row[];
  phase_prompts: Row[];
  stakeholders: Row[];
  field_notes: Row[];
  field_note_stakeholders: Row[];
  dialogues: Row[];
  dialogue_participants: Row[];
  turns: Row[];
  reflections: Row[];
  prompt_links: Row[];
  codes: Row[];
  code_applications: Row[];
  attachments: Row[];
  team_members: Row[];
}

export type Row = Record<string, unknown> & { id?: string };

export interface SnapshotScope {
  /** Only these cycles (and their sub-cycles' ids must be listed too). */
  cycle_ids?: string[];
  /** Inclusive ISO bounds on each event's time. */
  from?: string;
  to?: string;
  /** Attachment bytes are heavy: include them only for bundles. */
  include_attachment_content?: boolean;
}

export function loadProjectSnapshot(db: Db, projectId: string, scope: SnapshotScope = {}): ProjectSnapshot | undefined {
  return db.transaction(() => {
    const project = db.prepare(`SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL`).get(projectId) as Row | undefined;
    if (!project) return undefined;
    const all = (sql: string) => db.prepare(sql).all(projectId) as Row[];
    const live = (table: string, order: string) => all(`SELECT * FROM ${table} WHERE project_id = ? AND deleted_at IS NULL ORDER BY ${order}`);

    const inScope = eventFilter(scope);
    const cycles = live('cycles', 'ordinal, created_at').filter((cycle) => !scope.cycle_ids || scope.cycle_ids.includes(String(cycle.id)));
    const dialogues = live('dialogues', 'occurred_at, id').filter((row) => inScope(row, 'occurred_at'));
    const dialogueIds = new Set<unknown>(dialogues.map((row) => row.id));
    const attachmentColumns = scope.include_attachment_content ? '*' : 'id, project_id, owner_type, owner_id, file_name, media_type, byte_size, sha256, created_at, deleted_at';
    const field_notes = live('field_notes', 'occurred_at, id').filter((row) => inScope(row, 'occurred_at'));
    const noteIds = new Set<unknown>(field_notes.map((row) => row.id));
    const stakeholders = live('stakeholders', 'pseudonym COLLATE NOCASE, id');
    const stakeholderIds = new Set<unknown>(stakeholders.map((row) => row.id));

    return {
      project,
      name_sources: loadNameSources(db, projectId),
      consent: loadConsentSources(db, projectId),
      cycles,
      phase_entries: live('phase_entries', 'occurred_at, id').filter((row) => inScope(row, 'occurred_at')),
      phase_prompts: all(`SELECT * FROM phase_prompts WHERE project_id = ? ORDER BY phase, position`),
      stakeholders,
      field_notes,
      field_note_stakeholders: all(
        `SELECT fs.* FROM field_note_stakeholders fs JOIN field_notes n ON n.id = fs.note_id WHERE n.project_id = ?`,
      ).filter((row) => noteIds.has(row.note_id) && stakeholderIds.has(row.stakeholder_id)),
      dialogues,
      dialogue_participants: all(
        `SELECT dp.* FROM dialogue_participants dp JOIN dialogues d ON d.id = dp.dialogue_id WHERE d.project_id = ?`,
      ).filter((row) => dialogueIds.has(row.dialogue_id) && stakeholderIds.has(row.stakeholder_id)),
      turns: live('dialogue_turns', 'dialogue_id, position').filter((row) => dialogueIds.has(row.dialogue_id)),
      reflections: live('reflections', 'written_at, id').filter((row) => inScope(row, 'written_at')),
      prompt_links: live('prompt_links', 'created_at, id'),
      codes: live('codes', 'parent_id, name COLLATE NOCASE'),
      code_applications: live('code_applications', 'created_at, id'),
      attachments: all(`SELECT ${attachmentColumns} FROM attachments WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at`),
      team_members: live('team_members', 'created_at'),
    };
  })();
}

/** Cycle and date scope for events; events without a cycle stay in unless cycles were chosen. */
function eventFilter(scope: SnapshotScope) {
  return (row: Row, timeColumn: string): boolean => {
    if (scope.cycle_ids && !scope.cycle_ids.includes(String(row.cycle_id))) return false;
    const time = String(row[timeColumn]);
    if (scope.from && time < scope.from) return false;
    if (scope.to && time > scope.to) return false;
    return true;
  };
}

/** Every stakeholder of a project, live first then trashed, as the pseudonymiser needs them. */
export function loadNameSources(db: Db, projectId: string): PseudonymSource[] {
  return db
    .prepare(`SELECT id, pseudonym, real_name, aliases FROM stakeholders WHERE project_id = ? ORDER BY deleted_at IS NOT NULL, id`)
    .all(projectId) as PseudonymSource[];
}
