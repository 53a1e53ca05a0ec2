import type { Db } from '../../../db/connection.js';
import { createConsentFilter, loadConsentSources, type ConsentFilter, type HeldBackEntry } from '../consent-filter.js';
import { createPseudonymiser, type PreviewEntry, type PseudonymSource, type Pseudonymiser } from '../pseudonymise.js';
import { loadNameSources, type ProjectSnapshot, type Row } from '../snapshot.js';
import { formatDay, markdownToPlain, reportText, shorten, type ReportLanguage } from './text.js';

export type Phase = 'plan' | 'act' | 'observe' | 'reflect';
export const PHASES: readonly Phase[] = ['plan', 'act', 'observe', 'reflect'];
export type EventType = 'field_note' | 'dialogue' | 'turn' | 'phase_entry' | 'reflection';
export const SECTORS = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

/** What a report covers: the whole inquiry (nothing set), chosen cycles (with their sub-cycles), a date range, or both. */
export interface ReportScope {
  cycle_ids?: string[];
  /** Inclusive dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface ReportProgress {
  /** 'reading' the journal, 'building' the report, 'rendering' a format, 'printing' a PDF, 'done'. */
  stage: 'reading' | 'building' | 'rendering' | 'printing' | 'done';
  done: number;
  total: number;
  message: string;
}

export type ProgressCallback = (progress: ReportProgress) => void;

export interface ReportModelOptions {
  scope?: ReportScope;
  realNames?: boolean;
  language?: ReportLanguage;
  /** When the report is generated (tests pass a fixed time). */
  now?: Date;
  onProgress?: ProgressCallback;
}

export interface ReportEntry {
  author: string;
  occurred_at: string;
  /** Markdown, pseudonymised. */
  body: string;
}

export interface ReportEvidence {
  /** The cited event's kind, or null when it is no longer in the journal. */
  type: EventType | null;
  missing: boolean;
  /** Missing because the person it came from withdrew and it was erased (the link's withdrawn_at), not trashed. */
  withdrawn?: boolean;
  /** The event's title (a note's or reflection's title, a dialogue's title; for a turn, its dialogue's title). */
  title: string;
  occurred_at: string | null;
  cycle_number: string | null;
  phase: Phase | null;
  /** Who spoke, for a turn. */
  speaker: string | null;
  /** Plain text: the linked passage, or the (shortened) text of the whole event. */
  quote: string;
  passage: boolean;
  comment: string;
  in_scope: boolean;
}

export interface ReportReflection {
  id: string;
  title: string;
  mode: 'withness' | 'aboutness';
  written_at: string;
  /** Markdown, pseudonymised. */
  body: string;
  evidence: ReportEvidence[];
}

export interface NoteSummary {
  title: string;
  occurred_at: string;
  place: string;
  stakeholders: string[];
  excerpt: string;
}

export interface DialogueSummary {
  title: string;
  kind: string;
  occurred_at: string;
  place: string;
  participants: string[];
  summary: string;
  decisions: string;
  follow_ups: string;
  turns: number;
}

export interface ReportPhase {
  /** null: events of the cycle that are not tied to a phase. */
  phase: Phase | null;
  entries: ReportEntry[];
  reflections: ReportReflection[];
  notes: NoteSummary[];
  more_notes: number;
  dialogues: DialogueSummary[];
  more_dialogues: number;
}

export interface ReportCycle {
  id: string;
  number: string;
  title: string;
  focus: string;
  status: 'open' | 'closed';
  started_on: string | null;
  ended_on: string | null;
  phases: ReportPhase[];
  children: ReportCycle[];
}

export interface StakeholderLine {
  name: string;
  /** Only when real names were chosen. */
  real_name: string | null;
  organisation: string;
  role: string;
}

export interface TimelineMonth {
  /** YYYY-MM */
  month: string;
  cycles: string[];
  field_notes: number;
  dialogues: number;
  reflections: number;
  phase_entries: number;
  /** Titles of the month's dialogues and reflections (at most a few). */
  highlights: string[];
  more_highlights: number;
}

export interface ReportModel {
  language: ReportLanguage;
  pseudonymised: boolean;
  fictional: boolean;
  title: string;
  concern: string;
  setting: string;
  started_on: string | null;
  generated_at: string;
  scope: ReportScope;
  scope_label: string;
  cycles: ReportCycle[];
  /** Phases of events without a cycle (empty when cycles were chosen or there are none). */
  outside: ReportPhase[];
  stakeholders: { sector: Sector; people: StakeholderLine[] }[];
  timeline: TimelineMonth[];
  counts: { cycles: number; reflections: number; evidence: number; field_notes: number; dialogues: number };
  /** Whose words consent kept out of this report, and how many (consent-filter.ts); the export preview lists them. */
  held_back: HeldBackEntry[];
}

const MAX_NOTES_PER_PHASE = 12;
const MAX_DIALOGUES_PER_PHASE = 8;
const MAX_HIGHLIGHTS = 4;
const WHOLE_EVENT_QUOTE = 480;
const PASSAGE_QUOTE = 1200;

/** Thrown when the project or a chosen cycle does not exist; the API turns it into not_found. */
export class ReportNotFoundError extends Error {
  constructor(
    readonly what: 'project' | 'cycle',
    readonly id: string,
  ) {
    super(`No ${what} with id ${id} exists (it may have been deleted).`);
  }
}

/** Every stakeholder as the pseudonymiser needs them. */
/** Live and trashed stakeholders alike: a trashed person's name may still stand in old notes. */
export function pseudonymSources(snapshot: ProjectSnapshot): PseudonymSource[] {
  return snapshot.name_sources;
}

/** A pseudonymiser that remembers every text it was given, so the preview counts exactly what the export replaces. */
function recording(inner: Pseudonymiser): Pseudonymiser & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    enabled: inner.enabled,
    nameOf: (id) => inner.nameOf(id),
    text(value) {
      texts.push(value);
      return inner.text(value);
    },
    mapped(value) {
      texts.push(value);
      return inner.mapped(value);
    },
    preview: (values) => inner.preview(values),
  };
}

/** Reads what the report needs in one consistent snapshot (see loadReportSnapshot) and builds the report model from it. */
export function loadReportModel(db: Db, projectId: string, options: ReportModelOptions = {}): ReportModel {
  options.onProgress?.({ stage: 'reading', done: 0, total: 1, message: 'Reading the journal' });
  const snapshot = loadReportSnapshot(db, projectId, options.scope ?? {});
  if (!snapshot) throw new ReportNotFoundError('project', projectId);
  return buildReportModel(snapshot, options);
}

/**
 * What would be replaced in a pseudonymised report of this scope: each stakeholder's name, name part or
 * alias, and how often it occurs in the texts the report contains.
 */
export function previewReplacements(db: Db, projectId: string, scope: ReportScope = {}): { entries: PreviewEntry[]; texts: number; held_back: HeldBackEntry[] } {
  const snapshot = loadReportSnapshot(db, projectId, scope);
  if (!snapshot) throw new ReportNotFoundError('project', projectId);
  const pseudonymiser = recording(createPseudonymiser(pseudonymSources(snapshot)));
  // The same build also says what consent holds back, so the preview reads the journal once.
  const { held_back } = buildReportModel(snapshot, { scope }, pseudonymiser);
  return { entries: pseudonymiser.preview(pseudonymiser.texts), texts: pseudonymiser.texts.length, held_back };
}

/**
 * The part of a project snapshot a report of this scope reads, in one transaction: every cycle (for the
 * numbering), every stakeholder, the events in the scope (filtered in SQL on the cycle and time indexes), their
 * turns, prompt links, people, and the events those links cite even when they lie outside the scope.
 * buildReportModel gives the same model from it as from the whole project's snapshot: it applies the scope
 * itself, and every row it reads for the scope's events is here. Tables a report does not read stay empty.
 */
export function loadReportSnapshot(db: Db, projectId: string, scope: ReportScope): ProjectSnapshot | undefined {
  // The whole inquiry goes through the same path as a scope (no conditions): the whole project's snapshot would also
  // hold every turn's text, codes and attachments, which a report never reads.
  return db.transaction((): ProjectSnapshot | undefined => {
    const project = db.prepare(`SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL`).get(projectId) as Row | undefined;
    if (!project) return undefined;
    const rows = (sql: string, ...params: unknown[]) => db.prepare(sql).all(projectId, ...params) as Row[];
    const cycles = rows(`SELECT * FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal, created_at`);

    // The chosen cycles with every cycle below them (buildReportModel narrows this further if it must).
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (scope.cycle_ids) {
      const children = new Map<string, string[]>();
      for (const row of cycles) if (row.parent_id) addTo(children, String(row.parent_id), String(row.id));
      const chosen = new Set<string>();
      const stack = [...scope.cycle_ids];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (chosen.has(id)) continue;
        chosen.add(id);
        stack.push(...(children.get(id) ?? []));
      }
      conditions.push(`cycle_id IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify([...chosen]));
    }
    const timed = (column: string) => {
      const parts = [...conditions];
      const values = [...params];
      if (scope.from) {
        parts.push(`${column} >= ?`);
        values.push(`${scope.from}T00:00:00.000Z`);
      }
      if (scope.to) {
        parts.push(`${column} <= ?`);
        values.push(`${scope.to}T23:59:59.999Z`);
      }
      return { where: parts.map((part) => ` AND ${part}`).join(''), values };
    };
    const scoped = (table: string, column: string, select = '*') => {
      const { where, values } = timed(column);
      // With cycles chosen, `+project_id` leaves the cycle index to the planner (it would take the project's time index).
      const project = scope.cycle_ids ? '+project_id' : 'project_id';
      return rows(`SELECT ${select} FROM ${table} WHERE ${project} = ? AND deleted_at IS NULL${where} ORDER BY ${column}, id`, ...values);
    };
    const ids = (list: Row[]) => JSON.stringify(list.map((row) => row.id));
    const byIds = (table: string, idList: unknown[], order: string) =>
      idList.length === 0
        ? []
        : rows(`SELECT * FROM ${table} WHERE +project_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY ${order}`, JSON.stringify(idList));

    const phase_entries = scoped('phase_entries', 'occurred_at');
    // Notes are the bulk of a journal, but a report shows only the first few of each phase and the cited ones: the
    // others are read without their body (given below to those that need it).
    const noteColumns = (db.prepare(`PRAGMA table_info(field_notes)`).all() as { name: string }[])
      .map((column) => column.name)
      .filter((name) => name !== 'body');
    const field_notes = scoped('field_notes', 'occurred_at', noteColumns.map((name) => `"${name}"`).join(', '));
    const dialogues = scoped('dialogues', 'occurred_at');
    const reflections = scoped('reflections', 'written_at');
    const prompt_links = rows(
      `SELECT * FROM prompt_links WHERE +project_id = ? AND deleted_at IS NULL AND reflection_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`,
      ids(reflections),
    );
    // A report counts the scope's turns but quotes only the cited ones: their text is read below, the rest stay without it.
    const turns = rows(
      `SELECT id, project_id, dialogue_id, position, speaker_id, deleted_at FROM dialogue_turns WHERE +project_id = ? AND deleted_at IS NULL AND dialogue_id IN (SELECT value FROM json_each(?)) ORDER BY dialogue_id, position`,
      ids(dialogues),
    );

    // The cited events, wherever they lie: added after the scope's own rows (buildReportModel keeps them out of the scope).
    const cited = new Map<string, Set<string>>();
    for (const link of prompt_links) {
      const type = String(link.target_type);
      if (!cited.has(type)) cited.set(type, new Set());
      cited.get(type)!.add(String(link.target_id));
    }
    const withCited = (list: Row[], extra: Row[]) => {
      const known = new Set(list.map((row) => String(row.id)));
      return [...list, ...extra.filter((row) => !known.has(String(row.id)))];
    };
    const missing = (list: Row[], type: string) => {
      const known = new Set(list.map((row) => String(row.id)));
      return [...(cited.get(type) ?? [])].filter((id) => !known.has(id));
    };
    // Give a body to the notes buildReportModel shows (the first MAX_NOTES_PER_PHASE of each cycle's phase, in the
    // same order and grouping as its `group`) and to the cited ones; the time and cycle scope were applied in SQL alike.
    const noteIdsWithBody = new Set<string>(cited.get('field_note') ?? []);
    const perPhase = new Map<string, number>();
    for (const row of field_notes) {
      const key = `${row.cycle_id ? String(row.cycle_id) : ''}|${row.phase ? String(row.phase) : ''}`;
      const count = perPhase.get(key) ?? 0;
      if (count < MAX_NOTES_PER_PHASE) noteIdsWithBody.add(String(row.id));
      perPhase.set(key, count + 1);
    }
    const noteBodies = new Map(
      (db.prepare(`SELECT id, body FROM field_notes WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...noteIdsWithBody])) as { id: string; body: string }[]).map(
        (row) => [row.id, row.body],
      ),
    );
    for (const row of field_notes) {
      const body = noteBodies.get(String(row.id));
      if (body !== undefined) row.body = body;
    }

    const scopeTurnIds = new Set(turns.map((row) => String(row.id)));
    const citedTurnRows = byIds('dialogue_turns', [...(cited.get('turn') ?? [])], 'dialogue_id, position');
    const citedInScope = new Map(citedTurnRows.filter((row) => scopeTurnIds.has(String(row.id))).map((row) => [String(row.id), row]));
    const citedTurns = citedTurnRows.filter((row) => !scopeTurnIds.has(String(row.id)));
    const scopeTurns = turns.map((row) => citedInScope.get(String(row.id)) ?? row);
    const citedDialogueIds = new Set([...missing(dialogues, 'dialogue'), ...citedTurns.map((row) => String(row.dialogue_id))]);
    const allDialogues = withCited(dialogues, byIds('dialogues', [...citedDialogueIds], 'occurred_at, id'));
    const liveDialogues = new Set(allDialogues.map((row) => String(row.id)));

    const stakeholders = rows(`SELECT * FROM stakeholders WHERE project_id = ? AND deleted_at IS NULL ORDER BY pseudonym COLLATE NOCASE, id`);
    const stakeholderIds = new Set<unknown>(stakeholders.map((row) => row.id));
    return {
      project,
      name_sources: loadNameSources(db, projectId),
      consent: loadConsentSources(db, projectId),
      cycles,
      phase_entries: withCited(phase_entries, byIds('phase_entries', missing(phase_entries, 'phase_entry'), 'occurred_at, id')),
      phase_prompts: [],
      stakeholders,
      field_notes: withCited(field_notes, byIds('field_notes', missing(field_notes, 'field_note'), 'occurred_at, id')),
      field_note_stakeholders: (
        db.prepare(`SELECT * FROM field_note_stakeholders WHERE note_id IN (SELECT value FROM json_each(?))`).all(ids(field_notes)) as Row[]
      ).filter((row) => stakeholderIds.has(row.stakeholder_id)),
      dialogues: allDialogues,
      dialogue_participants: (
        db.prepare(`SELECT * FROM dialogue_participants WHERE dialogue_id IN (SELECT value FROM json_each(?))`).all(ids(dialogues)) as Row[]
      ).filter((row) => stakeholderIds.has(row.stakeholder_id)),
      // A turn counts only with its dialogue, as in the whole snapshot.
      turns: withCited(scopeTurns, citedTurns.filter((row) => liveDialogues.has(String(row.dialogue_id)))),
      reflections: withCited(reflections, byIds('reflections', missing(reflections, 'reflection'), 'written_at, id')),
      prompt_links,
      codes: [],
      code_applications: [],
      attachments: [],
      team_members: [],
    };
  })();
}

/**
 * What consent held back from a report of this scope (by pseudonym, with counts), from the same model the report is
 * rendered from, so the preview and the file agree.
 */
export function previewHeldBack(db: Db, projectId: string, scope: ReportScope = {}): HeldBackEntry[] {
  const snapshot = loadReportSnapshot(db, projectId, scope);
  if (!snapshot) throw new ReportNotFoundError('project', projectId);
  return buildReportModel(snapshot, { scope }).held_back;
}

export function buildReportModel(snapshot: ProjectSnapshot, options: ReportModelOptions = {}, given?: Pseudonymiser): ReportModel {
  const language = options.language ?? 'en';
  const t = reportText(language);
  const scope = options.scope ?? {};
  const p = given ?? createPseudonymiser(pseudonymSources(snapshot), { realNames: options.realNames });
  // Consent decides whose words the report may quote, whoever reads it (real names or not).
  const consent: ConsentFilter = createConsentFilter(snapshot.consent, language);
  const progress = options.onProgress;

  // Cycles: numbering over all cycles, then the chosen ones with their sub-cycles.
  const allCycles = snapshot.cycles;
  const cycleById = new Map(allCycles.map((row) => [String(row.id), row]));
  const numbers = cycleNumbers(allCycles);
  const childrenOf = new Map<string, Row[]>();
  for (const row of allCycles) addTo(childrenOf, row.parent_id ? String(row.parent_id) : '', row);
  let chosen: Set<string> | undefined;
  if (scope.cycle_ids) {
    chosen = new Set();
    const add = (id: string, depth = 0) => {
      if (chosen!.has(id) || depth > 50) return;
      chosen!.add(id);
      for (const child of childrenOf.get(id) ?? []) add(String(child.id), depth + 1);
    };
    for (const id of scope.cycle_ids) {
      if (!cycleById.has(id)) throw new ReportNotFoundError('cycle', id);
      add(id);
    }
  }

  const from = scope.from ? `${scope.from}T00:00:00.000Z` : undefined;
  const to = scope.to ? `${scope.to}T23:59:59.999Z` : undefined;
  const inScope = (row: Row, timeColumn: string): boolean => {
    const cycleId = row.cycle_id ? String(row.cycle_id) : null;
    if (chosen && (!cycleId || !chosen.has(cycleId))) return false;
    if (cycleId && !cycleById.has(cycleId)) return false;
    const time = String(row[timeColumn]);
    if (from && time < from) return false;
    if (to && time > to) return false;
    return true;
  };

  const entries = snapshot.phase_entries.filter((row) => inScope(row, 'occurred_at'));
  const notes = snapshot.field_notes.filter((row) => inScope(row, 'occurred_at'));
  const dialogues = snapshot.dialogues.filter((row) => inScope(row, 'occurred_at'));
  const reflections = snapshot.reflections.filter((row) => inScope(row, 'written_at'));

  // Lookups for evidence, over the whole project (evidence may lie outside the scope).
  const byId = <T extends Row>(rows: T[]) => new Map(rows.map((row) => [String(row.id), row]));
  const noteById = byId(snapshot.field_notes);
  const dialogueById = byId(snapshot.dialogues);
  const turnById = byId(snapshot.turns);
  const entryById = byId(snapshot.phase_entries);
  const reflectionById = byId(snapshot.reflections);
  const scoped = new Set<string>([...entries, ...notes, ...dialogues, ...reflections].map((row) => String(row.id)));
  const turnsPerDialogue = new Map<string, number>();
  for (const turn of snapshot.turns) turnsPerDialogue.set(String(turn.dialogue_id), (turnsPerDialogue.get(String(turn.dialogue_id)) ?? 0) + 1);
  const linksByReflection = new Map<string, Row[]>();
  for (const link of snapshot.prompt_links) addTo(linksByReflection, String(link.reflection_id), link);
  const noteStakeholders = new Map<string, string[]>();
  for (const row of snapshot.field_note_stakeholders) addTo(noteStakeholders, String(row.note_id), String(row.stakeholder_id));
  const participants = new Map<string, string[]>();
  for (const row of snapshot.dialogue_participants) addTo(participants, String(row.dialogue_id), String(row.stakeholder_id));
  const names = (ids: string[] | undefined) =>
    (ids ?? [])
      .filter((id) => consent.mayName(id))
      .map((id) => p.nameOf(id))
      .sort((a, b) => a.localeCompare(b, language));
  // Pseudonymise first, then shorten: a name is never cut in half before it is replaced.
  const plain = (markdown: string) => markdownToPlain(p.text(markdown));
  const firstLineOf = (markdown: string) => shorten(plain(markdown).split('\n')[0] ?? '', 80);
  let evidenceCount = 0;

  const evidenceOf = (link: Row): ReportEvidence => {
    evidenceCount += 1;
    const targetId = String(link.target_id);
    const type = String(link.target_type) as EventType;
    const comment = p.text(String(link.comment ?? ''));
    const passage = link.excerpt_start !== null && link.excerpt_start !== undefined;
    let row: Row | undefined;
    let text = '';
    let title = '';
    let occurredAt: string | null = null;
    let speaker: string | null = null;
    let context: Row | undefined;
    switch (type) {
      case 'field_note':
        row = noteById.get(targetId);
        if (row) {
          text = String(row.body);
          title = row.title ? p.text(String(row.title)) : firstLineOf(String(row.body));
          occurredAt = String(row.occurred_at);
          context = row;
        }
        break;
      case 'dialogue':
        row = dialogueById.get(targetId);
        if (row) {
          text = String(row.summary);
          title = row.title ? p.text(String(row.title)) : t(`kind_${String(row.kind)}` as 'kind_meeting');
          occurredAt = String(row.occurred_at);
          context = row;
        }
        break;
      case 'turn': {
        row = turnById.get(targetId);
        const dialogue = row ? dialogueById.get(String(row.dialogue_id)) : undefined;
        if (row && dialogue) {
          text = String(row.text);
          title = dialogue.title ? p.text(String(dialogue.title)) : t(`kind_${String(dialogue.kind)}` as 'kind_meeting');
          occurredAt = String(dialogue.occurred_at);
          const speakerId = row.speaker_id ? String(row.speaker_id) : null;
          speaker = consent.mayName(speakerId) ? p.nameOf(speakerId) : null;
          context = dialogue;
        } else row = undefined;
        break;
      }
      case 'phase_entry':
        row = entryById.get(targetId);
        if (row) {
          text = String(row.body);
          title = firstLineOf(String(row.body));
          occurredAt = String(row.occurred_at);
          context = row;
        }
        break;
      case 'reflection':
        row = reflectionById.get(targetId);
        if (row) {
          text = String(row.body);
          title = row.title ? p.text(String(row.title)) : firstLineOf(String(row.body));
          occurredAt = String(row.written_at);
          context = row;
        }
        break;
    }
    if (!row || !context) {
      return {
        type: null,
        missing: true,
        withdrawn: link.withdrawn_at != null,
        title: '',
        occurred_at: null,
        cycle_number: null,
        phase: null,
        speaker: null,
        quote: '',
        passage,
        comment,
        in_scope: false,
      };
    }
    let quote: string;
    const speakerId = type === 'turn' && row.speaker_id ? String(row.speaker_id) : null;
    if (speakerId && !consent.mayQuote(speakerId)) {
      // Neither the passage nor the whole turn: consent does not allow their words here.
      if (passage) consent.holdPassage(String(link.id), speakerId);
      else consent.holdTurn(targetId, speakerId);
      quote = consent.marker;
    } else if (passage) {
      const start = Number(link.excerpt_start);
      const end = Number(link.excerpt_end);
      const points = [...text];
      const stored = String(link.excerpt_text ?? '');
      if (points.slice(start, end).join('') === stored) {
        // Pseudonymise the whole text and cut the passage from it, so a name cut by the passage's edge is replaced whole.
        const mapped = p.mapped(text);
        quote = [...mapped.text].slice(mapped.mapOffset(start, 'start'), mapped.mapOffset(end, 'end')).join('');
      } else {
        quote = p.text(stored);
      }
      quote = shorten(markdownToPlain(quote), PASSAGE_QUOTE);
    } else {
      quote = shorten(plain(text), WHOLE_EVENT_QUOTE);
    }
    const cycleId = context.cycle_id ? String(context.cycle_id) : null;
    const inScopeTurn = type === 'turn' ? scoped.has(String(row.dialogue_id)) : scoped.has(targetId);
    return {
      type,
      missing: false,
      title,
      occurred_at: occurredAt,
      cycle_number: cycleId && cycleById.has(cycleId) ? (numbers.get(cycleId) ?? null) : null,
      phase: (context.phase as Phase | null) ?? null,
      speaker,
      quote,
      passage,
      comment,
      in_scope: inScopeTurn,
    };
  };

  const reflectionOf = (row: Row): ReportReflection => ({
    id: String(row.id),
    title: p.text(String(row.title)),
    mode: row.mode === 'aboutness' ? 'aboutness' : 'withness',
    written_at: String(row.written_at),
    body: p.text(String(row.body)),
    evidence: (linksByReflection.get(String(row.id)) ?? []).map(evidenceOf),
  });

  const noteOf = (row: Row): NoteSummary => ({
    title: p.text(String(row.title)),
    occurred_at: String(row.occurred_at),
    place: p.text(String(row.place)),
    stakeholders: names(noteStakeholders.get(String(row.id))),
    excerpt: shorten(plain(String(row.body)).replace(/\n+/g, ' '), 280),
  });

  const dialogueOf = (row: Row): DialogueSummary => ({
    title: p.text(String(row.title)),
    kind: String(row.kind),
    occurred_at: String(row.occurred_at),
    place: p.text(String(row.place)),
    participants: names(participants.get(String(row.id))),
    summary: shorten(plain(String(row.summary)).replace(/\n+/g, ' '), 420),
    decisions: shorten(plain(String(row.decisions)).replace(/\n+/g, ' '), 300),
    follow_ups: shorten(plain(String(row.follow_ups)).replace(/\n+/g, ' '), 300),
    turns: turnsPerDialogue.get(String(row.id)) ?? 0,
  });

  const group = (rows: Row[]) => {
    const map = new Map<string, Row[]>();
    for (const row of rows) addTo(map, `${row.cycle_id ? String(row.cycle_id) : ''}|${row.phase ? String(row.phase) : ''}`, row);
    return (cycleId: string | null, phase: Phase | null) => map.get(`${cycleId ?? ''}|${phase ?? ''}`) ?? [];
  };
  const entriesAt = group(entries);
  const notesAt = group(notes);
  const dialoguesAt = group(dialogues);
  const reflectionsAt = group(reflections);

  const phaseOf = (cycleId: string | null, phase: Phase | null): ReportPhase => {
    const phaseNotes = notesAt(cycleId, phase);
    const phaseDialogues = dialoguesAt(cycleId, phase);
    return {
      phase,
      entries: entriesAt(cycleId, phase).map((row) => ({
        author: p.text(String(row.author ?? '')),
        occurred_at: String(row.occurred_at),
        body: p.text(String(row.body)),
      })),
      reflections: reflectionsAt(cycleId, phase).map(reflectionOf),
      notes: phaseNotes.slice(0, MAX_NOTES_PER_PHASE).map(noteOf),
      more_notes: Math.max(0, phaseNotes.length - MAX_NOTES_PER_PHASE),
      dialogues: phaseDialogues.slice(0, MAX_DIALOGUES_PER_PHASE).map(dialogueOf),
      more_dialogues: Math.max(0, phaseDialogues.length - MAX_DIALOGUES_PER_PHASE),
    };
  };
  const isEmpty = (phase: ReportPhase) =>
    phase.entries.length + phase.reflections.length + phase.notes.length + phase.dialogues.length === 0;
  const phasesOf = (cycleId: string | null): ReportPhase[] => {
    const phases = PHASES.map((phase) => phaseOf(cycleId, phase));
    const loose = phaseOf(cycleId, null);
    return isEmpty(loose) ? phases : [...phases, loose];
  };

  // Which cycles appear: chosen ones (with sub-cycles), or those that have something in a date range.
  const hasContent = new Set<string>([...entries, ...notes, ...dialogues, ...reflections].map((row) => String(row.cycle_id ?? '')));
  const overlaps = (row: Row) => {
    if (!scope.from && !scope.to) return true;
    const start = row.started_on ? String(row.started_on) : undefined;
    const end = row.ended_on ? String(row.ended_on) : undefined;
    if (scope.to && start && start > scope.to) return false;
    if (scope.from && end && end < scope.from) return false;
    return Boolean(start);
  };
  const included = (row: Row): boolean => {
    const id = String(row.id);
    if (chosen && !chosen.has(id)) return false;
    if (!scope.from && !scope.to) return true;
    if (hasContent.has(id) || overlaps(row)) return true;
    return (childrenOf.get(id) ?? []).some(included);
  };
  const totalCycles = allCycles.filter(included).length;
  let built = 0;
  const cycleOf = (row: Row, depth = 0): ReportCycle => {
    const id = String(row.id);
    built += 1;
    progress?.({ stage: 'building', done: built, total: totalCycles, message: `Cycle ${numbers.get(id)}` });
    return {
      id,
      number: numbers.get(id) ?? String(row.ordinal),
      title: p.text(String(row.title)),
      focus: p.text(String(row.focus)),
      status: row.status === 'closed' ? 'closed' : 'open',
      started_on: (row.started_on as string | null) ?? null,
      ended_on: (row.ended_on as string | null) ?? null,
      phases: phasesOf(id),
      children: depth > 20 ? [] : (childrenOf.get(id) ?? []).filter(included).map((child) => cycleOf(child, depth + 1)),
    };
  };
  const roots = allCycles.filter((row) => included(row) && !(row.parent_id && included(cycleById.get(String(row.parent_id)) ?? {})));
  const cycles = roots.map((row) => cycleOf(row));
  const outside = chosen ? [] : (() => {
    const phases = phasesOf(null).filter((phase) => !isEmpty(phase));
    return phases;
  })();

  // Appendix: stakeholders by sector.
  const stakeholders = SECTORS.map((sector) => ({
    sector,
    people: snapshot.stakeholders
      .filter((row) => row.sector === sector && consent.mayName(String(row.id)))
      .map((row) => ({
        name: p.enabled ? p.nameOf(String(row.id)) : String(row.pseudonym),
        real_name: p.enabled ? null : String(row.real_name ?? '') || null,
        organisation: p.text(String(row.organisation ?? '')),
        role: p.text(String(row.role ?? '')),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, language)),
  })).filter((group) => group.people.length > 0);

  // Timeline: month by month.
  const months = new Map<string, TimelineMonth & { cycleIds: Set<string>; all: string[] }>();
  const monthOf = (iso: string) => {
    const key = iso.slice(0, 7);
    let month = months.get(key);
    if (!month) {
      month = { month: key, cycles: [], field_notes: 0, dialogues: 0, reflections: 0, phase_entries: 0, highlights: [], more_highlights: 0, cycleIds: new Set(), all: [] };
      months.set(key, month);
    }
    return month;
  };
  const note = (row: Row, time: string) => {
    const month = monthOf(String(row[time]));
    if (row.cycle_id) month.cycleIds.add(String(row.cycle_id));
    return month;
  };
  for (const row of notes) note(row, 'occurred_at').field_notes += 1;
  for (const row of entries) note(row, 'occurred_at').phase_entries += 1;
  for (const row of dialogues) {
    const month = note(row, 'occurred_at');
    month.dialogues += 1;
    month.all.push(`${String(row.occurred_at)}\u0000${p.text(String(row.title)) || t(`kind_${String(row.kind)}` as 'kind_meeting')}`);
  }
  for (const row of reflections) {
    const month = note(row, 'written_at');
    month.reflections += 1;
    month.all.push(`${String(row.written_at)}\u0000${p.text(String(row.title)) || t('reflectionUntitled')}`);
  }
  const timeline = [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map(({ cycleIds, all, ...month }) => {
      const sorted = all.sort().map((item) => item.split('\u0000')[1]!);
      return {
        ...month,
        cycles: [...cycleIds].map((id) => numbers.get(id) ?? '').filter(Boolean).sort(compareNumbers),
        highlights: sorted.slice(0, MAX_HIGHLIGHTS),
        more_highlights: Math.max(0, sorted.length - MAX_HIGHLIGHTS),
      };
    });

  const project = snapshot.project;
  const scopeParts: string[] = [];
  if (scope.cycle_ids) {
    scopeParts.push(t('scopeCycles', { list: scope.cycle_ids.map((id) => numbers.get(id) ?? '?').sort(compareNumbers).join(', ') }));
  }
  if (scope.from) scopeParts.push(t('scopeFrom', { date: formatDay(scope.from, language) }));
  if (scope.to) scopeParts.push(t('scopeTo', { date: formatDay(scope.to, language) }));
  const scopeLabel = scopeParts.length === 0 ? t('scopeProject') : capitalise(scopeParts.join(' '));

  return {
    language,
    pseudonymised: p.enabled,
    fictional: project.is_fictional === 1,
    title: p.text(String(project.title)),
    concern: p.text(String(project.concern ?? '')),
    setting: p.text(String(project.setting ?? '')),
    started_on: (project.started_on as string | null) ?? null,
    generated_at: (options.now ?? new Date()).toISOString(),
    scope,
    scope_label: scopeLabel,
    cycles,
    outside,
    stakeholders,
    timeline,
    counts: {
      cycles: totalCycles,
      reflections: reflections.length,
      evidence: evidenceCount,
      field_notes: notes.length,
      dialogues: dialogues.length,
    },
    held_back: consent.heldBack(),
  };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** "2", or "2.1" for the first sub-cycle of cycle 2. */
function cycleNumbers(cycles: Row[]): Map<string, string> {
  const byId = new Map(cycles.map((row) => [String(row.id), row]));
  const numbers = new Map<string, string>();
  const numberOf = (id: string, depth = 0): string => {
    const known = numbers.get(id);
    if (known) return known;
    const row = byId.get(id)!;
    const parent = row.parent_id ? byId.get(String(row.parent_id)) : undefined;
    const value = parent && depth < 20 ? `${numberOf(String(parent.id), depth + 1)}.${String(row.ordinal)}` : String(row.ordinal);
    numbers.set(id, value);
    return value;
  };
  for (const row of cycles) numberOf(String(row.id));
  return numbers;
}

/** Every cycle in reading order (depth first), for the contents list. */
export function flattenCycles(cycles: ReportCycle[]): ReportCycle[] {
  return cycles.flatMap((cycle) => [cycle, ...flattenCycles(cycle.children)]);
}
