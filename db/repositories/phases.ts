import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import { trashEntity, updateEntity, type EntityRow } from './entities.js';

type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
const PHASE_NAMES: readonly PhaseName[] = ['plan', 'act', 'observe', 'reflect'];

export interface PhaseEntryRow {
  id: string;
  project_id: string;
  cycle_id: string;
  phase: PhaseName;
  body: string;
  author: string;
  occurred_at: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Stored times are UTC ISO text, whatever offset the caller used. */
export function toUtcIso(value: string): string {
  return new Date(value).toISOString();
}

export function getPhaseEntry(db: Db, id: string): PhaseEntryRow | undefined {
  return db.prepare(`SELECT * FROM phase_entries WHERE id = ?`).get(id) as PhaseEntryRow | undefined;
}

/** Live entries of a cycle (optionally one phase), in the order they happened. */
export function listPhaseEntries(db: Db, cycleId: string, phase?: PhaseName): PhaseEntryRow[] {
  if (phase) {
    return db
      .prepare(
        `SELECT * FROM phase_entries WHERE cycle_id = ? AND phase = ? AND deleted_at IS NULL ORDER BY occurred_at, created_at, id`,
      )
      .all(cycleId, phase) as PhaseEntryRow[];
  }
  return db
    .prepare(`SELECT * FROM phase_entries WHERE cycle_id = ? AND deleted_at IS NULL ORDER BY occurred_at, created_at, id`)
    .all(cycleId) as PhaseEntryRow[];
}

export interface NewPhaseEntry {
  cycle_id: string;
  phase: PhaseName;
  body: string;
  author?: string;
  occurred_at?: string;
}

/** Writes an entry into a cycle's phase; the cycle's project is taken from the cycle. */
export function createPhaseEntry(db: Db, input: NewPhaseEntry): PhaseEntryRow {
  const projectId = db.prepare(`SELECT project_id FROM cycles WHERE id = ?`).pluck().get(input.cycle_id) as string | undefined;
  if (!projectId) throw new Error(`No cycle ${input.cycle_id}`);
  const now = nowIso();
  const row: PhaseEntryRow = {
    id: newId(),
    project_id: projectId,
    cycle_id: input.cycle_id,
    phase: input.phase,
    body: input.body,
    author: input.author ?? '',
    occurred_at: input.occurred_at ? toUtcIso(input.occurred_at) : now,
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.prepare(
    `INSERT INTO phase_entries (id, project_id, cycle_id, phase, body, author, occurred_at, revision, created_at, updated_at, deleted_at)
     VALUES (@id, @project_id, @cycle_id, @phase, @body, @author, @occurred_at, @revision, @created_at, @updated_at, @deleted_at)`,
  ).run(row);
  return row;
}

export type PhaseEntryChanges = Partial<Pick<PhaseEntryRow, 'phase' | 'body' | 'author' | 'occurred_at'>>;

export function updatePhaseEntry(db: Db, id: string, changes: PhaseEntryChanges, expectedRevision?: number): PhaseEntryRow | undefined {
  const normalized = { ...changes };
  if (normalized.occurred_at) normalized.occurred_at = toUtcIso(normalized.occurred_at);
  return updateEntity<PhaseEntryRow & EntityRow>(db, 'phase_entry', id, normalized, expectedRevision);
}

export function trashPhaseEntry(db: Db, id: string): string | undefined {
  return trashEntity(db, 'phase_entry', id);
}

/** The cycle's newest live reflect entry: where the next cycle's plan starts from. */
export function newestReflectEntry(db: Db, cycleId: string): PhaseEntryRow | undefined {
  return db
    .prepare(
      `SELECT * FROM phase_entries WHERE cycle_id = ? AND phase = 'reflect' AND deleted_at IS NULL
       ORDER BY occurred_at DESC, created_at DESC, id DESC LIMIT 1`,
    )
    .get(cycleId) as PhaseEntryRow | undefined;
}

const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
const NEXT_STEPS = /^(next steps?|næste skridt)(?![\p{L}\p{N}])/iu;

/**
 * The "next steps" of a reflection: the text under a Markdown heading or a line that starts with
 * "Next steps" / "Næste skridt" (any case, also in bold), up to the next heading. Without such a
 * part — or when it is empty — the whole text. `heading` is the phrase found, if any.
 */
export function nextStepsOf(body: string): { heading: string | null; text: string } {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const stripped = line
      .replace(HEADING, '')
      .trim()
      .replace(/^[*_]+/, '');
    const match = NEXT_STEPS.exec(stripped);
    if (!match) continue;
    const rest = stripped
      .slice(match[0].length)
      .replace(/^[\s*_:.\u2013\u2014-]+/, '')
      .replace(/[\s#]+$/, '')
      .replace(/^[*_]+|[*_]+$/g, '')
      .trim();
    const under: string[] = [];
    for (let next = index + 1; next < lines.length && !HEADING.test(lines[next]!); next += 1) under.push(lines[next]!);
    const text = [rest, ...under].join('\n').trim();
    if (text) return { heading: match[1]!, text };
    break;
  }
  return { heading: null, text: body.trim() };
}

/** Each phase's custom prompts for a project; an empty list means "use the defaults". */
export type PhasePrompts = Record<PhaseName, string[]>;

export function listPhasePrompts(db: Db, projectId: string): PhasePrompts {
  const prompts: PhasePrompts = { plan: [], act: [], observe: [], reflect: [] };
  const rows = db
    .prepare(`SELECT phase, text FROM phase_prompts WHERE project_id = ? ORDER BY phase, position, id`)
    .all(projectId) as { phase: PhaseName; text: string }[];
  for (const row of rows) prompts[row.phase].push(row.text);
  return prompts;
}

/** Replaces one phase's prompts for a project (an empty list brings back the defaults). */
export function setPhasePrompts(db: Db, projectId: string, phase: PhaseName, texts: string[]): PhasePrompts {
  if (!PHASE_NAMES.includes(phase)) throw new Error(`Unknown phase ${phase}`);
  return db.transaction(() => {
    db.prepare(`DELETE FROM phase_prompts WHERE project_id = ? AND phase = ?`).run(projectId, phase);
    const insert = db.prepare(`INSERT INTO phase_prompts (id, project_id, phase, position, text) VALUES (?, ?, ?, ?, ?)`);
    texts.forEach((text, position) => insert.run(newId(), projectId, phase, position, text));
    return listPhasePrompts(db, projectId);
  })();
}
