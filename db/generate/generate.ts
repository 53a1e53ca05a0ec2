/**
 * A generated multi-year inquiry for performance work: `withness generate` and `npm run bench` build it.
 *
 * The same seed gives the same inquiry (ids, times and text) on every machine: every random choice comes
 * from a seeded generator and ids are UUIDv7 made from each row's own time. planInquiry makes the rows from
 * the scale and seed alone, one batch per transaction (in a worker thread when one can be started); the writer
 * inserts each batch with prepared statements, one transaction per cycle, filling `events` and `events_fts`
 * set-wise exactly as the triggers would (IndexMode, db/index-fill.ts). A new journal is built with bulk settings (GenerateOptions.bulk),
 * its search indexes built aside while the rows are written (db/index-prebuilt.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../connection.js';
import { beginIndexFill, INDEX_INSERT_TRIGGERS, indexFillApplies, type IndexFill } from '../index-fill.js';
import { discardPrebuiltIndex, IndexBuilder, planPrebuiltIndex, type PrebuiltIndexPlan } from '../index-prebuilt.js';
import { connectionKey } from '../sqlite.js';
import { indexedStems } from '../stems.js';
import { Random, seededUuidV7 } from './random.js';
import { noteBody, noteTitle, reflectionBody, shortTitle, turnText, type Language, type TextContext } from './text.js';
import * as W from './words.js';

/** Bump when the generated content changes, so benchmark corpora built by an older generator are rebuilt. */
export const GENERATOR_VERSION = 3;

export type ScaleName = 'small' | 'large';
type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
type DialogueKind = 'workshop' | 'meeting' | 'interview' | 'co_creation' | 'informal';
type TargetType = 'field_note' | 'dialogue' | 'turn' | 'phase_entry' | 'reflection';

export interface ScaleSpec {
  cycles: number;
  /** First day of the inquiry (a Monday, UTC). */
  start: string;
  /** Length of the inquiry in days; cycles split it evenly. */
  days: number;
  stakeholders: number;
  /** How many stakeholders are active in one cycle. */
  castPerCycle: number;
  phaseEntriesPerCycle: number;
  notes: number;
  noteWords: number;
  dialogues: number;
  turns: number;
  reflections: number;
  reflectionWords: number;
  links: number;
  codings: number;
  teamMembers: number;
}

export const SCALES: Record<ScaleName, ScaleSpec> = {
  large: {
    cycles: 60,
    start: '2021-01-04T00:00:00.000Z',
    days: 1826,
    stakeholders: 500,
    castPerCycle: 70,
    phaseEntriesPerCycle: 20,
    notes: 100_000,
    noteWords: 150,
    dialogues: 10_000,
    turns: 100_000,
    reflections: 20_000,
    reflectionWords: 180,
    links: 60_000,
    codings: 5_000,
    teamMembers: 5,
  },
  // About 1% of the large inquiry: the same shape, small enough for tests.
  small: {
    cycles: 6,
    start: '2025-01-06T00:00:00.000Z',
    days: 182,
    stakeholders: 30,
    castPerCycle: 14,
    phaseEntriesPerCycle: 8,
    notes: 1_000,
    noteWords: 150,
    dialogues: 100,
    turns: 1_000,
    reflections: 200,
    reflectionWords: 180,
    links: 600,
    codings: 50,
    teamMembers: 3,
  },
};

export const PROGRESS_KINDS = [
  'stakeholders',
  'cycles',
  'phase_entries',
  'field_notes',
  'dialogues',
  'turns',
  'reflections',
  'prompt_links',
  'code_applications',
] as const;
export type ProgressKind = (typeof PROGRESS_KINDS)[number];

export interface GenerateProgress {
  /** Rows written so far and planned, per kind. */
  kinds: Record<ProgressKind, { done: number; total: number }>;
  /** Every row the generator itself inserted (join tables included; rows the triggers add are not counted). */
  rows: number;
  elapsed_ms: number;
}

/**
 * How events and the search index are filled: 'rebuild' (default) drops the five insert triggers inside each cycle's
 * transaction, inserts the rows, fills events and events_fts with one INSERT … SELECT per kind that computes exactly
 * what those triggers compute, and puts the triggers back (their original SQL) before the transaction commits;
 * 'triggers' lets the triggers fire row by row. Both give the same events and index (test/db/generate.test.ts).
 */
export type IndexMode = 'rebuild' | 'triggers';

export interface GenerateOptions {
  scale: ScaleName;
  seed?: number;
  index?: IndexMode;
  /**
   * Bulk settings while building: one transaction for the whole build, the rollback journal in memory instead of
   * the WAL (each page written once, not twice), no fsync, temporary data in memory and a larger FTS5 pending-data
   * buffer (fewer, larger index segments to merge). Safe only for a file that holds nothing else and that the caller throws away if the
   * build does not finish (a crash can leave it broken): `withness generate` builds into FILE.partial and renames
   * it, the benchmark builds into a .building file. Default: on when the journal holds no inquiry yet. WAL,
   * synchronous=FULL and the FTS5 default are put back before generateInquiry returns (or throws).
   */
  bulk?: boolean;
  /**
   * Make the rows (the text) in a worker thread while this thread writes (default: when the worker can be loaded,
   * i.e. compiled JavaScript or under tsx). The rows are the same either way: they depend on the seed alone.
   */
  threads?: boolean;
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateResult {
  project_id: string;
  title: string;
  scale: ScaleName;
  seed: number;
  generator_version: number;
  counts: Record<ProgressKind | 'team_members' | 'codes' | 'note_stakeholders' | 'dialogue_participants', number>;
  /** Rows the generator inserted (the counts above added up). */
  rows: number;
  /** Events the triggers put on the timeline and into the search index. */
  indexed_events: number;
  elapsed_ms: number;
  rows_per_second: number;
  /** CPU time of this process while generating (user + system): on a shared machine, wall time also counts waiting. */
  cpu_ms: number;
  /** Whether the bulk settings were used (see GenerateOptions.bulk). */
  bulk: boolean;
  /** Whether the rows were made in a worker thread (see GenerateOptions.threads). */
  threaded: boolean;
}

const PHASES: readonly PhaseName[] = ['plan', 'act', 'observe', 'reflect'];
/** Share of a cycle's time spent in each phase. */
const PHASE_SPAN = [0.2, 0.35, 0.27, 0.18];
/** Share of each kind of event per phase: action and observation are the busy phases. */
const NOTE_PHASES = [0.12, 0.44, 0.34, 0.1];
const DIALOGUE_PHASES = [0.24, 0.4, 0.26, 0.1];
const REFLECTION_PHASES = [0.08, 0.14, 0.16, 0.62];
/** Monday … Sunday. */
const WEEKDAY_WEIGHT = [1, 1, 1, 0.95, 0.7, 0.12, 0.08];
/** Hours of the day (UTC; Denmark is UTC+1/+2). */
const WORK_HOURS = [0, 0, 0, 0, 0, 0, 0.4, 2, 4, 5, 5, 4, 4.5, 4, 3.5, 2.5, 1, 0.5, 0.3, 0.3, 0.3, 0.1, 0, 0];
const EVENING_HOURS = [0, 0, 0, 0, 0, 0, 0.2, 0.5, 1, 1.5, 1.5, 1, 1, 1, 1, 1, 1, 1.5, 2.5, 3, 3, 2, 0.5, 0];
const DIALOGUE_KINDS: readonly DialogueKind[] = ['workshop', 'meeting', 'interview', 'co_creation', 'informal'];
const DIALOGUE_KIND_WEIGHT = [0.18, 0.34, 0.16, 0.14, 0.18];
const KIND_TURN_WEIGHT: Record<DialogueKind, number> = { workshop: 2, co_creation: 2, meeting: 1.3, interview: 1.2, informal: 0.5 };
const DAY = 86_400_000;

/** Splits `total` over `weights` exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((weight) => (sum > 0 ? (total * weight) / sum : 0));
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left -= 1) counts[order[i]!.index]! += 1;
  return counts;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

function codePointCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count += 1; // a low surrogate belongs to the code point before it
  }
  return count;
}

/** A random passage of whole words (3–14) of `text`, with offsets in code points (end exclusive). */
export function pickExcerpt(random: Random, text: string): { start: number; end: number; text: string } | undefined {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if ((i === 0 || /\s/.test(text[i - 1]!)) && /[\p{L}\p{N}]/u.test(text[i]!)) starts.push(i);
  }
  if (starts.length < 4) return undefined;
  const first = random.int(0, starts.length - 4);
  const words = Math.min(random.int(3, 14), starts.length - first - 1);
  const from = starts[first]!;
  let to = first + words < starts.length ? starts[first + words]! : text.length;
  while (to > from && /\s/.test(text[to - 1]!)) to -= 1;
  const passage = text.slice(from, to);
  if (passage.length === 0) return undefined;
  const start = codePointCount(text.slice(0, from));
  return { start, end: start + codePointCount(passage), text: passage };
}

interface Stakeholder {
  id: string;
  sector: W.Sector;
  firstName: string;
}

interface Target {
  type: TargetType;
  id: string;
  at: number;
  text: string;
}

/** Where in its cycle an event falls: a working weekday and hour inside the phase's span. */
function eventTime(random: Random, cycleStart: number, cycleMs: number, phaseIndex: number, evening = false): number {
  let offset = 0;
  for (let i = 0; i < phaseIndex; i += 1) offset += PHASE_SPAN[i]!;
  const from = cycleStart + offset * cycleMs;
  const span = PHASE_SPAN[phaseIndex]! * cycleMs;
  const hours = evening ? EVENING_HOURS : WORK_HOURS;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const dayStart = Math.floor((from + random.next() * span) / DAY) * DAY;
    const weekday = (new Date(dayStart).getUTCDay() + 6) % 7;
    if (!random.chance(WEEKDAY_WEIGHT[weekday]!)) continue;
    const at = dayStart + random.weightedIndex(hours) * 3_600_000 + random.int(0, 3_599_999);
    if (at >= from && at < from + span) return at;
  }
  return Math.floor(from + random.next() * span);
}

function pickPhase(random: Random, weights: readonly number[]): number {
  return random.weightedIndex(weights);
}

/**
 * Writes a generated inquiry into `db` and returns what it wrote. Throws (writing nothing more) if the same
 * inquiry (same scale and seed) is already in the journal.
 */
export function generateInquiry(db: Db, options: GenerateOptions): GenerateResult {
  const seed = options.seed ?? 1;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const { spec, root, ids, startMs, averageCycleMs, boundary, title, projectCreated, projectId } = inquiryBasics(options.scale, seed);
  if (db.prepare(`SELECT 1 FROM projects WHERE id = ?`).get(projectId)) {
    throw new Error(`This journal already holds the generated inquiry for scale ${options.scale} and seed ${seed}. Use another --seed or another file.`);
  }

  const indexMode: IndexMode = options.index ?? 'rebuild';
  if (indexMode === 'rebuild' && !indexFillApplies(db)) {
    throw new Error(`The schema's index triggers are not the ones the generator knows (${INDEX_INSERT_TRIGGERS.join(', ')}); use --index triggers.`);
  }
  const previousCacheSize = db.pragma('cache_size', { simple: true }) as number;
  // A larger page cache while writing (this connection only; put back at the end).
  db.pragma('cache_size = -262144');
  const wantBulk = options.bulk ?? db.prepare(`SELECT 1 FROM projects LIMIT 1`).get() === undefined;
  const bulk = wantBulk ? enterBulk(db) : undefined;
  try {
    return generateInto(db, options, { spec, seed, root, ids, started, cpuAtStart, startMs, averageCycleMs, boundary, projectId, title, projectCreated, indexMode, bulk: bulk !== undefined });
  } finally {
    db.pragma(`cache_size = ${previousCacheSize}`);
    if (bulk) leaveBulk(db, bulk);
  }
}

/** The settings bulk mode changes, to put back afterwards. */
interface BulkState {
  tempStore: number;
}

const FTS5_DEFAULT_HASHSIZE = 1024 * 1024;

function enterBulk(db: Db): BulkState | undefined {
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  // Leaving WAL needs the only connection to the file; if another one is open, build with the normal settings.
  if (db.pragma('journal_mode = MEMORY', { simple: true }) !== 'memory') return undefined;
  db.pragma('synchronous = OFF');
  db.pragma('temp_store = MEMORY');
  db.exec(`INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
  db.exec(`INSERT INTO events_fts_stems (events_fts_stems, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
  return { tempStore };
}

function leaveBulk(db: Db, state: BulkState): void {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.exec(`INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${FTS5_DEFAULT_HASHSIZE})`);
  db.exec(`INSERT INTO events_fts_stems (events_fts_stems, rank) VALUES ('hashsize', ${FTS5_DEFAULT_HASHSIZE})`);
  db.pragma(`temp_store = ${state.tempStore}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  // After the index fill's temporary table was used in the rollback-journal mode, SQLite answers the next
  // checkpoint of all databases with "database table is locked" once (measured: the next one passes, and one
  // naming the main database passes and clears it). A checkpoint of main only, with nothing in the WAL yet, is free.
  db.pragma('main.wal_checkpoint(PASSIVE)');
  db.pragma('synchronous = FULL');
  if (mode !== 'wal' || db.pragma('synchronous', { simple: true }) !== 2) {
    throw new Error(`The journal's normal settings could not be restored after generating (journal_mode ${String(mode)}).`);
  }
}

interface Setup {
  spec: ScaleSpec;
  seed: number;
  root: Random;
  ids: Random;
  started: number;
  cpuAtStart: NodeJS.CpuUsage;
  startMs: number;
  averageCycleMs: number;
  boundary: (c: number) => number;
  projectId: string;
  title: string;
  projectCreated: number;
  indexMode: IndexMode;
  bulk: boolean;
}

/** The generator's insert statements, by name (the plan refers to them by name). */
function prepareInserts(db: Db) {
  return {
    project: db.prepare(
      `INSERT INTO projects (id, title, concern, setting, started_on, status, is_fictional, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, 'active', 1, 1, ?, ?, NULL)`,
    ),
    team: db.prepare(`INSERT INTO team_members (id, project_id, name, role, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL)`),
    stakeholder: db.prepare(
      `INSERT INTO stakeholders (id, project_id, real_name, pseudonym, aliases, sector, organisation, role, consent_status, consent_date,
         consent_scope, notes, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    code: db.prepare(
      `INSERT INTO codes (id, project_id, parent_id, name, color, description, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    cycle: db.prepare(
      `INSERT INTO cycles (id, project_id, parent_id, ordinal, title, focus, status, current_phase, started_on, ended_on, revision,
         created_at, updated_at, deleted_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    entry: db.prepare(
      `INSERT INTO phase_entries (id, project_id, cycle_id, phase, body, author, occurred_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    note: db.prepare(
      `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    noteStakeholder: db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`),
    dialogue: db.prepare(
      `INSERT INTO dialogues (id, project_id, cycle_id, phase, kind, title, occurred_at, place, summary, decisions, follow_ups, revision,
         created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    participant: db.prepare(`INSERT INTO dialogue_participants (dialogue_id, stakeholder_id) VALUES (?, ?)`),
    turn: db.prepare(
      `INSERT INTO dialogue_turns (id, project_id, dialogue_id, position, speaker_id, text, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    reflection: db.prepare(
      `INSERT INTO reflections (id, project_id, cycle_id, phase, mode, title, body, written_at, revision, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)`,
    ),
    link: db.prepare(
      `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, comment, created_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ),
    coding: db.prepare(
      `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ),
  };

}

type InsertName = keyof ReturnType<typeof prepareInserts>;

/**
 * One transaction's rows: the project's opening rows (cycle_id null), then one batch per cycle. A plan is made
 * from the scale and seed alone (no database), so it can be made in a worker thread while the writer writes.
 */
export interface Batch {
  cycle_id: string | null;
  /** [insert name, ...values], in the order they are written. */
  ops: [InsertName, ...unknown[]][];
  /** Progress after this batch. */
  kinds: GenerateProgress['kinds'];
  extra: { team_members: number; codes: number; note_stakeholders: number; dialogue_participants: number };
  rows: number;
  /**
   * The search stems of the batch's indexed rows, [entity type, id, title stems, body stems] (see batchStems), when
   * the writer fills the index once for the whole build: made beside the text, in the worker when there is one.
   */
  stems?: [string, string, string, string][];
}

/** SQL's `a || b`: NULL when either side is. */
const sqlConcat = (...parts: unknown[]): string | null => (parts.some((part) => part === null || part === undefined) ? null : parts.map(String).join(''));

/**
 * What the five insert triggers would stem for each indexed row of a batch (their title and body expressions,
 * migration 003), through the same function (db/stems.ts). test/db/generate.test.ts compares the result with the
 * triggers' index.
 */
export function batchStems(batch: Batch): [string, string, string, string][] {
  return batchIndexTexts(batch).map(([type, id, title, body]) => [type, id, indexedStems(title), indexedStems(body)]);
}

/**
 * What the five insert triggers would index for each indexed row of a batch, in the order they would index it: the
 * entity type and id, and their title and body expressions (migrations 001/003) as SQL computes them (NULL when a
 * part is NULL). The generator writes no trashed row (every insert's deleted_at is NULL), so every such row is
 * indexed, as the triggers' WHEN would.
 */
export function batchIndexTexts(batch: Batch): [string, string, string | null, string | null][] {
  const out: [string, string, string | null, string | null][] = [];
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  for (const op of batch.ops) {
    const v = op;
    switch (op[0]) {
      case 'entry':
        out.push(['phase_entry', String(v[1]), text(v[6]), text(v[5])]);
        break;
      case 'note':
        out.push(['field_note', String(v[1]), sqlConcat(v[5], ' ', v[7]), text(v[6])]);
        break;
      case 'dialogue':
        out.push(['dialogue', String(v[1]), sqlConcat(v[6], ' ', v[8]), sqlConcat(v[9], '\n', v[10], '\n', v[11])]);
        break;
      case 'turn':
        out.push(['turn', String(v[1]), '', text(v[6])]);
        break;
      case 'reflection':
        out.push(['reflection', String(v[1]), text(v[6]), text(v[7])]);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Indexes a batch's rows into the exact index built aside (db/index-prebuilt.ts), in the triggers' order. */
export function indexBatch(builder: IndexBuilder, batch: Batch): void {
  for (const [type, id, title, body] of batchIndexTexts(batch)) builder.add(type, id, title, body);
}

/** The same rows into the stems index built aside, from their stems text (batchStems: the same rows, same order). */
export function indexBatchStems(builder: IndexBuilder, stems: readonly [string, string, string, string][]): void {
  for (const [type, id, title, body] of stems) builder.add(type, id, title, body);
}

/** The inquiry's id, title and time frame for a scale and seed (the same on every call). */
export function inquiryBasics(scale: ScaleName, seed: number) {
  const spec = SCALES[scale];
  const root = new Random(seed * 7919 + (scale === 'large' ? 1 : 2));
  const ids = root.fork('ids');
  const startMs = Date.parse(spec.start);
  const averageCycleMs = (spec.days * DAY) / spec.cycles;
  /** Cycles start at midnight; cycle c runs from boundary(c) up to boundary(c + 1). */
  const boundary = (c: number) => startMs + Math.round((c * spec.days) / spec.cycles) * DAY;
  const title = `Fællesskab i Nørreå — generated inquiry (${scale}, seed ${seed})`;
  const projectCreated = startMs - 7 * DAY;
  const projectId = seededUuidV7(projectCreated, ids);
  return { spec, root, ids, startMs, averageCycleMs, boundary, title, projectCreated, projectId };
}

/** Makes the generated inquiry's rows, handing each transaction's batch to `sink` (in order). */
export function planInquiry(scale: ScaleName, seed: number, sink: (batch: Batch) => void): void {
  const { spec, root, ids, startMs, averageCycleMs, boundary, title, projectCreated, projectId } = inquiryBasics(scale, seed);
  const options = { scale };
  const kinds = Object.fromEntries(PROGRESS_KINDS.map((kind) => [kind, { done: 0, total: 0 }])) as GenerateProgress['kinds'];
  kinds.stakeholders.total = spec.stakeholders;
  kinds.cycles.total = spec.cycles;
  kinds.phase_entries.total = spec.cycles * spec.phaseEntriesPerCycle;
  kinds.field_notes.total = spec.notes;
  kinds.dialogues.total = spec.dialogues;
  kinds.turns.total = spec.turns;
  kinds.reflections.total = spec.reflections;
  kinds.prompt_links.total = spec.links;
  kinds.code_applications.total = spec.codings;
  const extra = { team_members: 0, codes: 0, note_stakeholders: 0, dialogue_participants: 0 };
  let rows = 0;
  let ops: Batch['ops'] = [];
  const put = (name: InsertName, ...values: unknown[]) => void ops.push([name, ...values]);
  const flush = (cycleId: string | null) => {
    sink({ cycle_id: cycleId, ops, kinds: structuredClone(kinds), extra: { ...extra }, rows });
    ops = [];
  };

  // Project, team, stakeholders and code book: one transaction.
  const people = root.fork('people');
  const stakeholders: Stakeholder[] = [];
  const codeIds: string[] = [];
  {
    const created = iso(projectCreated);
    put('project', 
      projectId,
      title,
      'Hvordan kan borgere, frivillige, virksomheder og kommunen sammen skabe fællesskaber, som folk har lyst til at bruge? ' +
        'How do partners keep co-creation going over years, not months?',
      `Generated for performance tests (${options.scale} scale, seed ${seed}). Nørreå Kommune and every person here are invented.`,
      isoDate(startMs),
      created,
      created,
    );
    rows += 1;
    for (let i = 0; i < spec.teamMembers; i += 1) {
      put('team', seededUuidV7(projectCreated + i, ids), projectId, `${people.pick(W.FIRST_NAMES)} (team)`, people.pick(['Følgeforsker', 'Projektleder', 'Konsulent', 'Researcher']), created);
      extra.team_members += 1;
      rows += 1;
    }
    const sectors = apportion(spec.stakeholders, W.SECTOR_WEIGHTS).flatMap((count, index) => Array<W.Sector>(count).fill(W.SECTORS[index]!));
    const numbers = new Map<W.Sector, number>();
    sectors.forEach((sector, i) => {
      const at = projectCreated + DAY + i * 60_000;
      const id = seededUuidV7(at, ids);
      const firstName = people.pick(W.FIRST_NAMES);
      const realName = `${firstName} ${people.pick(W.LAST_NAMES)}${people.chance(0.3) ? ` ${people.pick(W.LAST_NAMES)}` : ''}`;
      const number = (numbers.get(sector) ?? 0) + 1;
      numbers.set(sector, number);
      const consent = people.weighted(['given', 'pending', 'unknown', 'declined', 'withdrawn'] as const, [70, 12, 10, 4, 4]);
      put('stakeholder', 
        id,
        projectId,
        realName,
        `${W.SECTOR_PSEUDONYM[sector]} ${number}`,
        people.chance(0.1) ? JSON.stringify([`${firstName} ${realName.split(' ')[1]!.charAt(0)}.`]) : '[]',
        sector,
        people.pick(W.ORGANISATIONS[sector]),
        people.pick(W.ROLES[sector]),
        consent,
        consent === 'given' || consent === 'declined' || consent === 'withdrawn' ? isoDate(at + people.int(0, 60) * DAY) : null,
        consent === 'given' ? 'Pseudonymiserede citater i rapporter.' : '',
        '',
        iso(at),
        iso(at),
      );
      stakeholders.push({ id, sector, firstName });
      rows += 1;
    });
    kinds.stakeholders.done = stakeholders.length;
    for (const [index, parent] of W.CODE_TREE.entries()) {
      const at = projectCreated + 2 * DAY + index * 60_000;
      const parentId = seededUuidV7(at, ids);
      put('code', parentId, projectId, null, parent.name, parent.color, '', iso(at), iso(at));
      codeIds.push(parentId);
      for (const [childIndex, child] of parent.children.entries()) {
        const childAt = at + (childIndex + 1) * 1000;
        const childId = seededUuidV7(childAt, ids);
        put('code', childId, projectId, parentId, child, parent.color, '', iso(childAt), iso(childAt));
        codeIds.push(childId);
      }
    }
    extra.codes = codeIds.length;
    rows += codeIds.length;
  }
  flush(null);

  // How busy each cycle is: a slow start, seasonal dips (summer, Christmas) and some noise.
  const plan = root.fork('plan');
  const cycleWeights = Array.from({ length: spec.cycles }, (_, c) => {
    const month = new Date(startMs + (c + 0.5) * averageCycleMs).getUTCMonth();
    const season = month === 6 ? 0.45 : month === 11 ? 0.7 : month === 7 ? 0.85 : 1;
    const ramp = Math.min(1, 0.45 + c / Math.max(1, spec.cycles / 6));
    return season * ramp * (0.75 + plan.next() * 0.5);
  });
  const perCycle = {
    notes: apportion(spec.notes, cycleWeights),
    dialogues: apportion(spec.dialogues, cycleWeights),
    turns: apportion(spec.turns, cycleWeights),
    reflections: apportion(spec.reflections, cycleWeights),
    links: apportion(spec.links, cycleWeights),
    codings: apportion(spec.codings, cycleWeights),
  };
  const researchers = stakeholders.filter((s) => s.sector === 'researcher');
  let previousTargets: Target[] = [];
  let cast: Stakeholder[] = people.sample(stakeholders, spec.castPerCycle);

  for (let c = 0; c < spec.cycles; c += 1) {
    const random = root.fork(`cycle ${c}`);
    const cycleStart = boundary(c);
    const cycleMs = boundary(c + 1) - cycleStart;
    const themes = random.sample(W.THEMES, 3);
    // About a fifth of the people change from one cycle to the next.
    const staying = random.sample(cast, Math.round(cast.length * 0.8));
    const joining = random.sample(stakeholders, spec.castPerCycle - staying.length);
    cast = [...new Map([...staying, ...joining].map((person) => [person.id, person])).values()];
    const castResearchers = researchers.length > 0 ? researchers : cast;
    const targets: Target[] = [];

    {
      // The cycle and its phase entries.
      const cycleId = seededUuidV7(cycleStart - DAY, ids);
      const last = c === spec.cycles - 1;
      const createdAt = iso(cycleStart - DAY);
      put('cycle', 
        cycleId,
        projectId,
        c + 1,
        `${themes[0]!.charAt(0).toUpperCase()}${themes[0]!.slice(1)} og ${themes[1]}`,
        `Vi undersøger ${themes.join(', ')} sammen med borgere og partnere.`,
        last ? 'open' : 'closed',
        last ? 'observe' : 'reflect',
        isoDate(cycleStart),
        last ? null : isoDate(cycleStart + cycleMs - DAY),
        createdAt,
        createdAt,
      );
      rows += 1;
      kinds.cycles.done += 1;
      const context = (names: readonly string[]): TextContext => ({ themes, names });

      for (let i = 0; i < spec.phaseEntriesPerCycle; i += 1) {
        const phase = i % 4;
        const at = eventTime(random, cycleStart, cycleMs, phase);
        const language: Language = random.chance(0.65) ? 'da' : 'en';
        const body = `## ${language === 'da' ? 'Hvad vi gør' : 'What we do'}\n\n${noteBody(random, language, context([]), random.int(50, 110))}`;
        const id = seededUuidV7(at, ids);
        put('entry', id, projectId, cycleId, PHASES[phase], body, random.pick(castResearchers).firstName, iso(at), iso(at), iso(at));
        targets.push({ type: 'phase_entry', id, at, text: body });
        rows += 1;
        kinds.phase_entries.done += 1;
      }

      // Field notes, in time order (as a researcher writes them).
      const notes = Array.from({ length: perCycle.notes[c]! }, () => {
        const phase = pickPhase(random, NOTE_PHASES);
        return { phase, at: eventTime(random, cycleStart, cycleMs, phase) };
      }).sort((a, b) => a.at - b.at);
      for (const note of notes) {
        const involved = random.sample(cast, random.weightedIndex([25, 35, 25, 15]));
        const language: Language = random.chance(0.6) ? 'da' : 'en';
        const ctx = context(involved.map((s) => s.firstName));
        const body = noteBody(random, language, ctx, random.around(spec.noteWords, 40, 40, 320));
        const recorded = note.at + random.int(5, 240) * 60_000;
        const id = seededUuidV7(recorded, ids);
        put('note', 
          id, projectId, cycleId, PHASES[note.phase], noteTitle(random, language, ctx), body,
          random.pick(language === 'da' ? W.DA_PLACES : W.EN_PLACES).replace(/^(i|på|ved|hos|over|in|at|on|near|by) (the )?/, ''),
          iso(note.at), iso(recorded), iso(recorded), iso(recorded),
        );
        for (const person of involved) put('noteStakeholder', id, person.id);
        extra.note_stakeholders += involved.length;
        rows += 1 + involved.length;
        kinds.field_notes.done += 1;
        targets.push({ type: 'field_note', id, at: note.at, text: body });
      }

      // Dialogues with participants and turns; turns are shared out by kind (workshops talk longest).
      const dialogues = Array.from({ length: perCycle.dialogues[c]! }, () => {
        const phase = pickPhase(random, DIALOGUE_PHASES);
        const kind = random.weighted(DIALOGUE_KINDS, DIALOGUE_KIND_WEIGHT);
        return { phase, kind, at: eventTime(random, cycleStart, cycleMs, phase) };
      }).sort((a, b) => a.at - b.at);
      const turnCounts = dialogues.map(() => 1);
      const cumulative: number[] = [];
      let sum = 0;
      for (const dialogue of dialogues) cumulative.push((sum += KIND_TURN_WEIGHT[dialogue.kind] * (0.5 + random.next())));
      for (let extraTurns = perCycle.turns[c]! - dialogues.length; extraTurns > 0 && dialogues.length > 0; extraTurns -= 1) {
        const x = random.next() * sum;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > x) hi = mid;
          else lo = mid + 1;
        }
        turnCounts[lo]! += 1;
      }
      dialogues.forEach((dialogue, index) => {
        const size = dialogue.kind === 'interview' ? 2 : dialogue.kind === 'informal' ? random.int(2, 3) : random.int(3, 9);
        const participants = random.sample(cast, size);
        if (!participants.some((p) => p.sector === 'researcher') && random.chance(0.6)) participants.push(random.pick(castResearchers));
        const unique = [...new Map(participants.map((p) => [p.id, p])).values()];
        const language: Language = random.chance(0.7) ? 'da' : 'en';
        const ctx = context(unique.map((p) => p.firstName));
        const written = dialogue.at + random.int(60, 300) * 60_000;
        const id = seededUuidV7(written, ids);
        const summary = noteBody(random, language, ctx, random.int(30, 80));
        put('dialogue', 
          id, projectId, cycleId, PHASES[dialogue.phase], dialogue.kind, shortTitle(random, language, ctx),
          iso(dialogue.at), random.pick(W.DA_PLACES).replace(/^(i|på|ved|hos|over) /, ''), summary,
          random.chance(0.6) ? `- ${shortTitle(random, language, ctx, 10)}` : '',
          random.chance(0.5) ? `- ${shortTitle(random, language, ctx, 10)}` : '',
          iso(written), iso(written),
        );
        for (const person of unique) put('participant', id, person.id);
        extra.dialogue_participants += unique.length;
        rows += 1 + unique.length;
        kinds.dialogues.done += 1;
        targets.push({ type: 'dialogue', id, at: dialogue.at, text: summary });
        for (let position = 1; position <= turnCounts[index]!; position += 1) {
          const speaker = random.chance(0.03) ? null : random.pick(unique);
          const text = turnText(random, language, ctx);
          const turnId = seededUuidV7(written + position, ids);
          put('turn', turnId, projectId, id, position, speaker?.id ?? null, text, iso(written), iso(written));
          rows += 1;
          kinds.turns.done += 1;
          targets.push({ type: 'turn', id: turnId, at: dialogue.at, text });
        }
      });

      // Reflections, then their prompt links to earlier events of this cycle and the one before.
      targets.sort((a, b) => a.at - b.at);
      const reflections = Array.from({ length: perCycle.reflections[c]! }, () => {
        const phase = pickPhase(random, REFLECTION_PHASES);
        return { phase, at: eventTime(random, cycleStart, cycleMs, phase, true) };
      }).sort((a, b) => a.at - b.at);
      const linkCounts = apportion(perCycle.links[c]!, reflections.map(() => 0.3 + random.next() * 1.4));
      const written: Target[] = [];
      let carry = 0;
      reflections.forEach((reflection, index) => {
        const language: Language = random.chance(0.55) ? 'da' : 'en';
        const ctx = context(random.sample(cast, 2).map((s) => s.firstName));
        const body = reflectionBody(random, language, ctx, random.around(spec.reflectionWords, 50, 60, 400));
        const id = seededUuidV7(reflection.at, ids);
        put('reflection', 
          id, projectId, cycleId, PHASES[reflection.phase], random.chance(0.85) ? 'withness' : 'aboutness',
          shortTitle(random, language, ctx), body, iso(reflection.at), iso(reflection.at), iso(reflection.at),
        );
        rows += 1;
        kinds.reflections.done += 1;

        // Candidates: events of this cycle before the reflection, the previous cycle's, and earlier reflections.
        let upTo = 0;
        while (upTo < targets.length && targets[upTo]!.at < reflection.at) upTo += 1;
        const lastOne = index === reflections.length - 1;
        const wanted = linkCounts[index]! + carry;
        const pool = upTo + previousTargets.length + written.length;
        const take = lastOne ? Math.min(wanted, pool) : Math.min(wanted, pool, 12);
        carry = wanted - take;
        const chosen = new Set<string>();
        for (let attempts = 0; chosen.size < take && attempts < take * 20; attempts += 1) {
          const roll = random.next();
          let target: Target | undefined;
          if (roll < 0.1 && written.length > 0) target = random.pick(written);
          else if (roll < 0.2 && previousTargets.length > 0) target = random.pick(previousTargets);
          else if (upTo > 0) target = targets[Math.max(0, upTo - 1 - Math.floor(Math.pow(random.next(), 2) * upTo))]; // recent events more often
          else if (previousTargets.length > 0) target = random.pick(previousTargets);
          if (!target || chosen.has(target.id)) continue;
          chosen.add(target.id);
          const excerpt = target.type !== 'dialogue' && random.chance(0.4) ? pickExcerpt(random, target.text) : undefined;
          put('link', 
            seededUuidV7(reflection.at, ids), projectId, id, target.type, target.id,
            excerpt?.start ?? null, excerpt?.end ?? null, excerpt?.text ?? null,
            random.chance(0.2) ? shortTitle(random, language, ctx, 12) : '', iso(reflection.at),
          );
          rows += 1;
          kinds.prompt_links.done += 1;
        }
        carry += take - chosen.size;
        written.push({ type: 'reflection', id, at: reflection.at, text: body });
      });
      if (carry > 0) throw new Error(`Could not place ${carry} prompt links in cycle ${c + 1}.`);

      // Codes on whole events and on passages.
      const codable = [...targets.filter((t) => t.type === 'field_note' || t.type === 'turn'), ...written];
      const coded = new Set<string>();
      for (let n = 0; n < perCycle.codings[c]! && codable.length > 0; ) {
        const target = random.pick(codable);
        const codeId = random.pick(codeIds);
        const excerpt = random.chance(0.5) ? pickExcerpt(random, target.text) : undefined;
        const key = `${codeId}|${target.id}|${excerpt ? `${excerpt.start}-${excerpt.end}` : ''}`;
        if (coded.has(key)) continue;
        coded.add(key);
        const at = target.at + DAY;
        put('coding', 
          seededUuidV7(at, ids), projectId, codeId, target.type, target.id,
          excerpt?.start ?? null, excerpt?.end ?? null, excerpt?.text ?? null, iso(at),
        );
        rows += 1;
        kinds.code_applications.done += 1;
        n += 1;
      }
      previousTargets = [...targets, ...written];
      flush(cycleId);
    }
  }

}

/**
 * How to start the worker: its compiled module beside this one, or, when running TypeScript under tsx, a small
 * script that registers tsx in the worker first (a worker does not inherit tsx's loader). Undefined when neither
 * works (TypeScript run by something else, e.g. the test runner): then the rows are made on this thread.
 */
function workerStart(): { source: URL | string; eval: boolean } | undefined {
  const here = import.meta.url;
  if (/\.js$/.test(here)) return { source: new URL('./worker.js', here), eval: false };
  if (!/\.ts$/.test(here) || !process.execArgv.some((argument) => /[\\/]tsx[\\/]/.test(argument))) return undefined;
  let api: string;
  try {
    // The ESM build of tsx's API (require.resolve would give the CommonJS one, whose register() does not load ESM).
    api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  } catch {
    return undefined;
  }
  const worker = new URL('./worker.ts', here).href;
  return { source: `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`, eval: true };
}

/** Which batches the worker sends with their stems text (Batch.stems): none, every other one, or all. */
export type WorkerStems = 'none' | 'half' | 'all';

/** How long the writer waits for the worker's next batch before giving up (a whole large cycle takes < 1 s). */
const WORKER_SILENCE_MS = 120_000;

/**
 * Runs planInquiry in a worker thread and writes its batches here, in order, synchronously (the writer blocks on
 * Atomics.wait and takes messages with receiveMessageOnPort). Returns false, having done nothing, when no worker
 * can be loaded.
 */
function planInWorker(scale: ScaleName, seed: number, index: { stems: WorkerStems; build?: PrebuiltIndexPlan }, write: (batch: Batch) => void): boolean {
  const start = workerStart();
  if (!start) return false;
  const signal = new SharedArrayBuffer(8);
  const flags = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(start.source, { eval: start.eval, workerData: { scale, seed, stems: index.stems, build: index.build, port: port2, signal }, transferList: [port2] });
  let seen = 0;
  let taken = 0;
  try {
    for (;;) {
      let received = receiveMessageOnPort(port1);
      while (!received) {
        if (Atomics.wait(flags, 0, seen, WORKER_SILENCE_MS) === 'timed-out') {
          throw new Error(`The generator's worker thread sent nothing for ${WORKER_SILENCE_MS / 1000} s; run with threads: false to see why.`);
        }
        seen = Atomics.load(flags, 0);
        received = receiveMessageOnPort(port1);
      }
      const message = received.message as { batch?: Batch; done?: boolean; error?: string };
      if (message.error) throw new Error(`The generator's worker thread failed: ${message.error}`);
      if (message.done) return true;
      write(message.batch!);
      taken += 1;
      Atomics.store(flags, 1, taken);
      Atomics.notify(flags, 1);
    }
  } finally {
    // Wake the worker if it waits for the writer, then stop it.
    Atomics.store(flags, 1, 1 << 30);
    Atomics.notify(flags, 1);
    port1.close();
    void worker.terminate();
  }
}

function generateInto(db: Db, options: GenerateOptions, setup: Setup): GenerateResult {
  const { seed, started, cpuAtStart, projectId, title, indexMode } = setup;
  const insert = prepareInserts(db);
  let last: Batch | undefined;
  let threadedRun = false;
  // In bulk mode the whole build is one transaction (each batch a savepoint inside it): no commit per cycle, and
  // FTS5 flushes its pending data when its buffer is full rather than at every commit. The index is filled once,
  // at the end, for every row: FTS5 writes its pending data out at each statement that writes to it, so a fill per
  // cycle made 60 segments per index to merge again and again (20 of the 55 s a large build took). The stems text
  // is made beside the rows (in the worker thread when there is one). A failure rolls it all back.
  let wholeFill: IndexFill | undefined;
  let insertStems: Statement | undefined;
  // The search indexes are built aside (db/index-prebuilt.ts) while the rows are written, when the journal allows
  // it: the exact one by the worker thread beside the text, the stems one here, with the stems text of every other
  // batch made by the worker (CPU measured per thread: all of it there or all here leaves one thread with about
  // twice the other's work). Otherwise the worker makes all the stems text and the fill tokenises here at the end.
  const prebuilt = setup.bulk && indexMode === 'rebuild' ? planPrebuiltIndex(db, connectionKey(db)) : undefined;
  let builder: IndexBuilder | undefined;
  let stemsBuilder: IndexBuilder | undefined;
  try {
    if (prebuilt) stemsBuilder = new IndexBuilder(prebuilt, 'events_fts_stems');
    if (setup.bulk) {
      db.exec('BEGIN');
      if (indexMode === 'rebuild') {
        wholeFill = beginIndexFill(db, prebuilt ? { prebuilt: true } : { precomputedStems: true });
        if (!wholeFill) throw new Error('The search index cannot be filled set-wise in this journal; use --index triggers.');
        if (!prebuilt) insertStems = db.prepare(`INSERT INTO ${wholeFill.stemsTable!} (entity_type, entity_id, title, body) VALUES (?, ?, ?, ?)`);
      }
    }
    const write = (batch: Batch) => {
      db.transaction(() => {
        // Rows of a cycle: the insert triggers are dropped while they are written, then events and the search
        // index are filled set-wise and the triggers put back, all in this batch's transaction (db/index-fill.ts).
        const fill = !wholeFill && indexMode === 'rebuild' && batch.cycle_id !== null ? beginIndexFill(db) : undefined;
        if (!wholeFill && indexMode === 'rebuild' && batch.cycle_id !== null && !fill) throw new Error('The search index cannot be filled set-wise in this journal; use --index triggers.');
        for (const [name, ...values] of batch.ops) insert[name].run(...values);
        if (insertStems) for (const row of batch.stems ?? batchStems(batch)) insertStems.run(...row);
        fill?.finish();
      })();
      if (stemsBuilder) indexBatchStems(stemsBuilder, batch.stems ?? batchStems(batch));
      // Without the worker thread, this thread builds the exact index aside too (same result, no time saved).
      if (builder) indexBatch(builder, batch);
      last = batch;
      options.onProgress?.({ kinds: batch.kinds, rows: batch.rows, elapsed_ms: performance.now() - started });
    };
    const threaded = options.threads !== false && planInWorker(options.scale, seed, { stems: wholeFill === undefined ? 'none' : prebuilt ? 'half' : 'all', build: prebuilt }, write);
    if (!threaded) {
      if (prebuilt) builder = new IndexBuilder(prebuilt, 'events_fts');
      planInquiry(options.scale, seed, write);
      builder?.finish();
    }
    stemsBuilder?.finish();
    wholeFill?.finish();
    if (setup.bulk) db.exec('COMMIT');
    threadedRun = threaded;
  } finally {
    builder?.abandon();
    stemsBuilder?.abandon();
    if (setup.bulk && db.inTransaction) db.exec('ROLLBACK');
    if (prebuilt) discardPrebuiltIndex(db, prebuilt);
  }
  const { kinds, extra, rows } = last!;

  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  const indexed = db.prepare(`SELECT count(*) FROM events WHERE project_id = ?`).pluck().get(projectId) as number;
  const counts = {
    ...Object.fromEntries(PROGRESS_KINDS.map((kind) => [kind, kinds[kind].done])),
    ...extra,
  } as GenerateResult['counts'];
  return {
    project_id: projectId,
    title,
    scale: options.scale,
    seed,
    generator_version: GENERATOR_VERSION,
    counts,
    rows,
    indexed_events: indexed,
    elapsed_ms: Math.round(elapsed),
    rows_per_second: Math.round(rows / (elapsed / 1000)),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    bulk: setup.bulk,
    threaded: threadedRun,
  };
}
