import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { getEntity, trashEntity, updateEntity, type EntityRow } from './entities.js';
import { createPhaseEntry, newestReflectEntry, nextStepsOf, type PhaseEntryRow } from './phases.js';
import { depthFirst } from './tree.js';

export type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
export const PHASES: readonly PhaseName[] = ['plan', 'act', 'observe', 'reflect'];

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

/**
 * Live cycles of a project in reading order: top-level cycles by ordinal, each followed by its
 * sub-cycles (and theirs, depth first).
 */
export function listCycles(db: Db, projectId: string): CycleRow[] {
  const rows = db
    .prepare(`SELECT * FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal, created_at, id`)
    .all(projectId) as CycleRow[];
  // A sub-cycle whose parent is not live stands at the top level.
  return depthFirst(rows);
}

export function getCycle(db: Db, id: string): CycleRow | undefined {
  return db.prepare(`SELECT * FROM cycles WHERE id = ?`).get(id) as CycleRow | undefined;
}

/** Today's date on this machine (the researcher's calendar day), as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The next number among a cycle's siblings (same project, same parent). Cycles in the trash keep
 * their number, so restoring one never produces two cycles with the same number.
 */
export function nextOrdinal(db: Db, projectId: string, parentId: string | null): number {
  const max = db
    .prepare(`SELECT max(ordinal) FROM cycles WHERE project_id = ? AND parent_id IS ?`)
    .pluck()
    .get(projectId, parentId) as number | null;
  return (max ?? 0) + 1;
}

/** "2", or "2.1" for the first sub-cycle of cycle 2: how people name a cycle. */
export function cycleNumber(db: Db, cycle: Pick<CycleRow, 'ordinal' | 'parent_id'>): string {
  const parts = [String(cycle.ordinal)];
  let parentId = cycle.parent_id;
  const seen = new Set<string>();
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = getCycle(db, parentId);
    if (!parent) break;
    parts.unshift(String(parent.ordinal));
    parentId = parent.parent_id;
  }
  return parts.join('.');
}

export interface NewCycle {
  project_id: string;
  parent_id?: string | null;
  title?: string;
  focus?: string;
  started_on?: string | null;
}

export function createCycle(db: Db, input: NewCycle): CycleRow {
  return db.transaction(() => {
    const now = nowIso();
    const parentId = input.parent_id ?? null;
    const row: CycleRow = {
      id: newId(),
      project_id: input.project_id,
      parent_id: parentId,
      ordinal: nextOrdinal(db, input.project_id, parentId),
      title: input.title ?? '',
      focus: input.focus ?? '',
      status: 'open',
      current_phase: 'plan',
      started_on: input.started_on === undefined ? localToday() : input.started_on,
      ended_on: null,
      revision: 1,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    db.prepare(
      `INSERT INTO cycles (id, project_id, parent_id, ordinal, title, focus, status, current_phase, started_on, ended_on,
                           revision, created_at, updated_at, deleted_at)
       VALUES (@id, @project_id, @parent_id, @ordinal, @title, @focus, @status, @current_phase, @started_on, @ended_on,
               @revision, @created_at, @updated_at, @deleted_at)`,
    ).run(row);
    return row;
  })();
}

export type CycleChanges = Partial<Pick<CycleRow, 'title' | 'focus' | 'status' | 'current_phase' | 'started_on' | 'ended_on'>>;

/** Applies changes, keeping the previous version; undefined when there is no live cycle with that id. */
export function updateCycle(db: Db, id: string, changes: CycleChanges, expectedRevision?: number): CycleRow | undefined {
  return updateEntity<CycleRow & EntityRow>(db, 'cycle', id, changes, expectedRevision);
}

export function closeCycle(db: Db, id: string, endedOn?: string, expectedRevision?: number): CycleRow | undefined {
  return db.transaction(() => {
    const cycle = getCycle(db, id);
    if (!cycle || cycle.deleted_at) return undefined;
    return updateCycle(db, id, { status: 'closed', ended_on: endedOn ?? cycle.ended_on ?? localToday() }, expectedRevision);
  })();
}

export function reopenCycle(db: Db, id: string, expectedRevision?: number): CycleRow | undefined {
  return updateCycle(db, id, { status: 'open', ended_on: null }, expectedRevision);
}

/**
 * Moves a cycle to the trash together with its phase entries and its sub-cycles (and theirs), as
 * one group, so one restore brings all of it back. Returns the group, or undefined if not live.
 */
export function trashCycle(db: Db, id: string): { group_id: string; trashed: number } | undefined {
  return db.transaction(() => {
    const cycle = getCycle(db, id);
    if (!cycle || cycle.deleted_at) return undefined;
    const groupId = newId();
    let trashed = 0;
    const visit = (cycleId: string) => {
      const children = db
        .prepare(`SELECT id FROM cycles WHERE parent_id = ? AND deleted_at IS NULL ORDER BY ordinal`)
        .pluck()
        .all(cycleId) as string[];
      for (const child of children) visit(child);
      const entries = db
        .prepare(`SELECT id FROM phase_entries WHERE cycle_id = ? AND deleted_at IS NULL`)
        .pluck()
        .all(cycleId) as string[];
      for (const entry of entries) if (trashEntity(db, 'phase_entry', entry, groupId)) trashed += 1;
      if (trashEntity(db, 'cycle', cycleId, groupId)) trashed += 1;
    };
    visit(id);
    return { group_id: groupId, trashed };
  })();
}

export interface StartNextResult {
  closed: CycleRow;
  cycle: CycleRow;
  carried_entry: PhaseEntryRow | null;
}

const CARRIED_INTRO = {
  en: (number: string) => `From the reflection of cycle ${number}:`,
  da: (number: string) => `Fra refleksionen i cyklus ${number}:`,
};

/**
 * Closes a cycle and opens the next one beside it (same parent). The closing reflection's next steps
 * become the first entry of the new cycle's plan phase: the text under a "Next steps" / "Næste
 * skridt" heading or line of the newest reflect entry, or that whole entry when it has no such part.
 */
export function startNextCycle(
  db: Db,
  id: string,
  options: { title?: string; focus?: string; language?: 'en' | 'da' } = {},
): StartNextResult | undefined {
  return db.transaction(() => {
    const current = getCycle(db, id);
    if (!current || current.deleted_at) return undefined;
    const closed = current.status === 'closed' ? current : closeCycle(db, id)!;
    const cycle = createCycle(db, {
      project_id: current.project_id,
      parent_id: current.parent_id,
      title: options.title ?? '',
      focus: options.focus ?? '',
    });
    const source = newestReflectEntry(db, id);
    let carried: PhaseEntryRow | null = null;
    if (source) {
      const steps = nextStepsOf(source.body);
      const text = steps.text.trim();
      if (text) {
        const language = options.language ?? (steps.heading && steps.heading.toLowerCase().startsWith('næ') ? 'da' : 'en');
        const quoted = text
          .split('\n')
          .map((line) => (line.trim() ? `> ${line}` : '>'))
          .join('\n');
        carried = createPhaseEntry(db, {
          cycle_id: cycle.id,
          phase: 'plan',
          body: `${CARRIED_INTRO[language](cycleNumber(db, current))}\n\n${quoted}`,
          author: source.author,
        });
      }
    }
    return { closed, cycle, carried_entry: carried };
  })();
}

export interface CycleEvidenceRow {
  type: 'field_note' | 'dialogue' | 'reflection';
  id: string;
  project_id: string;
  cycle_id: string;
  phase: PhaseName;
  label: string;
  occurred_at: string;
}

/**
 * The field notes, dialogues and reflections recorded in a cycle (optionally one phase), newest
 * first; at most `limit` of each kind.
 */
export function listCycleEvidence(db: Db, cycleId: string, phase?: PhaseName, limit = 200): CycleEvidenceRow[] {
  const phaseFilter = phase ? 'AND phase = @phase' : 'AND phase IS NOT NULL';
  const params = { cycleId, phase: phase ?? null, limit };
  const notes = db
    .prepare(
      `SELECT 'field_note' AS type, id, project_id, cycle_id, phase,
              CASE WHEN trim(title) <> '' THEN title ELSE substr(body, 1, 80) END AS label, occurred_at
       FROM field_notes WHERE cycle_id = @cycleId ${phaseFilter} AND deleted_at IS NULL
       ORDER BY occurred_at DESC LIMIT @limit`,
    )
    .all(params) as CycleEvidenceRow[];
  const dialogues = db
    .prepare(
      `SELECT 'dialogue' AS type, id, project_id, cycle_id, phase,
              CASE WHEN trim(title) <> '' THEN title ELSE kind END AS label, occurred_at
       FROM dialogues WHERE cycle_id = @cycleId ${phaseFilter} AND deleted_at IS NULL
       ORDER BY occurred_at DESC LIMIT @limit`,
    )
    .all(params) as CycleEvidenceRow[];
  const reflections = db
    .prepare(
      `SELECT 'reflection' AS type, id, project_id, cycle_id, phase,
              CASE WHEN trim(title) <> '' THEN title ELSE substr(body, 1, 80) END AS label, written_at AS occurred_at
       FROM reflections WHERE cycle_id = @cycleId ${phaseFilter} AND deleted_at IS NULL
       ORDER BY written_at DESC LIMIT @limit`,
    )
    .all(params) as CycleEvidenceRow[];
  return [...notes, ...dialogues, ...reflections]
    .map((row) => ({ ...row, label: row.label.replace(/\s+/g, ' ').trim() }))
    .sort((a, b) => (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : 0));
}

export function isLiveCycle(db: Db, id: string): boolean {
  const row = getEntity(db, 'cycle', id);
  return Boolean(row && !row.deleted_at);
}
