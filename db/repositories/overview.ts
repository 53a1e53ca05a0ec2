import type { Db } from '../connection.js';
import { listCycles, PHASES, type CycleRow, type PhaseName } from './cycles.js';
import { describeEvent, type EventRef, type EventType } from './events.js';
import { getProject, type ProjectRow } from './projects.js';

export interface PhaseSummary {
  phase_entries: number;
  field_notes: number;
  dialogues: number;
  reflections: number;
  /** The first line of the newest live phase entry, or null when the phase has none. */
  latest_entry: string | null;
}

export interface CycleSummary {
  cycle: CycleRow;
  phases: Record<PhaseName, PhaseSummary>;
}

export interface ProjectOverview {
  project: ProjectRow;
  cycles: CycleSummary[];
  activity: EventRef[];
  unlinked_reflections: number;
}

/** Inline Markdown as plain text: emphasis, code and link markup removed. */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_](?=\S)/g, '$1')
    .replace(/(\S)[*_](?=[\s).,;:!?]|$)/g, '$1');
}

/** The first non-empty line of Markdown as plain text, without heading, quote, list or inline markup. */
export function firstLine(markdown: string, max = 140): string {
  const line =
    markdown
      .split(/\r?\n/)
      .map((text) =>
        plainInline(text.replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*/, ''))
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .find((text) => text.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function countsByPhase(db: Db, sql: string, cycleId: string): Map<string, number> {
  const rows = db.prepare(sql).all(cycleId) as { phase: string; n: number }[];
  return new Map(rows.map((row) => [row.phase, row.n]));
}

function summarise(db: Db, cycle: CycleRow): CycleSummary {
  const entries = countsByPhase(
    db,
    `SELECT phase, count(*) AS n FROM phase_entries WHERE cycle_id = ? AND deleted_at IS NULL GROUP BY phase`,
    cycle.id,
  );
  const notes = countsByPhase(
    db,
    `SELECT phase, count(*) AS n FROM field_notes WHERE cycle_id = ? AND phase IS NOT NULL AND deleted_at IS NULL GROUP BY phase`,
    cycle.id,
  );
  const dialogues = countsByPhase(
    db,
    `SELECT phase, count(*) AS n FROM dialogues WHERE cycle_id = ? AND phase IS NOT NULL AND deleted_at IS NULL GROUP BY phase`,
    cycle.id,
  );
  const reflections = countsByPhase(
    db,
    `SELECT phase, count(*) AS n FROM reflections WHERE cycle_id = ? AND phase IS NOT NULL AND deleted_at IS NULL GROUP BY phase`,
    cycle.id,
  );
  const newest = db.prepare(
    `SELECT body FROM phase_entries WHERE cycle_id = ? AND phase = ? AND deleted_at IS NULL
     ORDER BY occurred_at DESC, created_at DESC, id DESC LIMIT 1`,
  );
  const phases = {} as Record<PhaseName, PhaseSummary>;
  for (const phase of PHASES) {
    const body = newest.pluck().get(cycle.id, phase) as string | undefined;
    phases[phase] = {
      phase_entries: entries.get(phase) ?? 0,
      field_notes: notes.get(phase) ?? 0,
      dialogues: dialogues.get(phase) ?? 0,
      reflections: reflections.get(phase) ?? 0,
      latest_entry: body === undefined ? null : firstLine(body),
    };
  }
  return { cycle, phases };
}

/** The newest live events of a project, each described for display (turns of trashed dialogues are skipped). */
export function recentActivity(db: Db, projectId: string, limit = 15): EventRef[] {
  const page = db.prepare(
    `SELECT entity_type, entity_id FROM events WHERE project_id = ? ORDER BY occurred_at DESC, doc_id DESC LIMIT ? OFFSET ?`,
  );
  const found: EventRef[] = [];
  for (let offset = 0; found.length < limit; offset += limit) {
    const rows = page.all(projectId, limit, offset) as { entity_type: EventType; entity_id: string }[];
    for (const row of rows) {
      const event = describeEvent(db, row.entity_type, row.entity_id);
      if (event && !event.deleted && found.length < limit) found.push(event);
    }
    if (rows.length < limit) break;
  }
  return found;
}

/** Live reflections that no live prompt link ties to any evidence yet. */
export function countUnlinkedReflections(db: Db, projectId: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM reflections r
       WHERE r.project_id = ? AND r.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM prompt_links l WHERE l.reflection_id = r.id AND l.deleted_at IS NULL)`,
    )
    .pluck()
    .get(projectId) as number;
}

/** The inquiry at a glance: its cycles with what each phase holds, recent activity, loose reflections. */
export function projectOverview(db: Db, projectId: string): ProjectOverview | undefined {
  const project = getProject(db, projectId);
  if (!project || project.deleted_at) return undefined;
  return db.transaction(() => ({
    project,
    cycles: listCycles(db, projectId).map((cycle) => summarise(db, cycle)),
    activity: recentActivity(db, projectId),
    unlinked_reflections: countUnlinkedReflections(db, projectId),
  }))();
}
