import type { Db } from '../../../db/connection.js';
import { createCode, listCodes } from '../../../db/repositories/codes.js';
import { findDuplicateCoding, insertCoding } from '../../../db/repositories/coding.js';
import { addTurn, createDialogue, setParticipants } from '../../../db/repositories/dialogues.js';
import type { EventType } from '../../../db/repositories/events.js';
import { findDuplicateLink, insertLink } from '../../../db/repositories/links.js';
import { createNote } from '../../../db/repositories/notes.js';
import { createProject, getProject } from '../../../db/repositories/projects.js';
import { createReflection } from '../../../db/repositories/reflections.js';
import { createStakeholder, findPseudonymHolder, type Sector } from '../../../db/repositories/stakeholders.js';
import { ApiError } from '../../api/result.js';
import { shorten, sliceCodePoints } from '../common.js';
import { isUnknownSpeaker, type Anchor, type PlannedSource, type QdpxPlan } from './plan.js';
import { makePhysical, reapplyErasureLogReport, type ReapplyReport } from '../../erasure/index.js';

export interface QdpxImportChoices {
  /** Import into this inquiry (codes and stakeholders are matched by name), or into a new one when absent. */
  projectId?: string;
  /** Sources (by GUID) to import as field notes although they read as transcripts; the rest of those become dialogues. */
  asNotes?: readonly string[];
  onProgress?: (progress: { step: string; done: number; total: number }) => void;
}

export interface QdpxImportResult {
  project_id: string;
  created: { codes: number; stakeholders: number; field_notes: number; dialogues: number; turns: number; reflections: number; codings: number; links: number };
  /** Codings and links whose passage crossed turns of a transcript: kept on the whole dialogue. */
  widened: number;
  /**
   * People of the file recognised by name as someone withdrawn from this journal: withdrawn again, or kept (and why)
   * where the name alone could not say it was them. Absent when nobody's name matched.
   */
  erasure?: { applied: number; withdrawn: ReapplyReport['withdrawn']; kept: ReapplyReport['kept'] };
}

/** After the import committed: what the erasure log found again is made physical (WAL, freed pages), as the erasure was. */
export function afterQdpxImport(db: Db, result: QdpxImportResult): void {
  if ((result.erasure?.applied ?? 0) > 0 && !db.inTransaction) makePhysical(db);
}

type Target = { type: EventType; id: string; excerpt: { start: number; end: number; text: string } | null };

/** Writes a plan in one transaction: a failure anywhere leaves the journal as it was. */
export function writeQdpxPlan(db: Db, plan: QdpxPlan, choices: QdpxImportChoices = {}): QdpxImportResult {
  const result = db.transaction(() => {
    const steps = writeQdpxSteps(db, plan, choices);
    for (let next = steps.next(); ; next = steps.next()) if (next.done) return next.value;
  })();
  afterQdpxImport(db, result);
  return result;
}

/** How far the writing has come: sources, memos, codings and links written, of all of them. */
export interface QdpxTick {
  done: number;
  total: number;
}

const ITEMS_PER_TICK = 50;

/**
 * The writing of a plan, to be run inside ONE transaction the caller holds: writeQdpxPlan runs it straight through;
 * a job (electron/jobs/long-work.ts) pauses at every tick, so progress can be read and a cancel can arrive (rolled back).
 */
export function* writeQdpxSteps(db: Db, plan: QdpxPlan, choices: QdpxImportChoices = {}): Generator<QdpxTick, QdpxImportResult> {
  const progress = choices.onProgress ?? (() => {});
  const asNotes = new Set((choices.asNotes ?? []).map((key) => key.toLowerCase()));
  const total = plan.codes.length + plan.sources.length + plan.notes.length + plan.codings.length + plan.links.length;
  let done = 0;
  const step = (name: string) => progress({ step: name, done: ++done, total });
  const tick = () => done % ITEMS_PER_TICK === 0;
  const result: QdpxImportResult = {
    project_id: '',
    created: { codes: 0, stakeholders: 0, field_notes: 0, dialogues: 0, turns: 0, reflections: 0, codings: 0, links: 0 },
    widened: 0,
  };

  {
    const projectId = choices.projectId ?? createProject(db, { title: shorten(plan.projectName, 200), concern: plan.description }).id;
    if (!getProject(db, projectId)) throw new ApiError('not_found', 'There is no such inquiry to import into.');
    result.project_id = projectId;

    const codeIds = writeCodes(db, projectId, plan, result, () => step('codes'));
    const stakeholders = stakeholderFinder(db, projectId, result);
    const caseIds = new Map(plan.cases.map((planned) => [planned.key, stakeholders(planned.name, planned.sector, planned.description)]));
    const participants = (sourceKey: string) => plan.cases.filter((planned) => planned.sourceKeys.includes(sourceKey)).map((planned) => caseIds.get(planned.key)!);

    const resolvers = new Map<string, (span: Anchor['span']) => Target>();
    for (const source of plan.sources) {
      const asDialogue = source.transcript !== undefined && !asNotes.has(source.key);
      resolvers.set(source.key, asDialogue ? writeDialogue(db, projectId, source, participants(source.key), stakeholders, result) : writeNote(db, projectId, source, participants(source.key), result));
      step('sources');
      if (tick()) yield { done, total };
    }
    for (const note of plan.notes) {
      const reflection = createReflection(db, { project_id: projectId, title: shorten(note.title, 500), body: note.body, ...(note.createdAt ? { written_at: note.createdAt } : {}) });
      result.created.reflections++;
      resolvers.set(note.key, (span) => ({ type: 'reflection', id: reflection.id, excerpt: span ? { ...span, text: sliceCodePoints(note.body, span.start, span.end) } : null }));
      step('notes');
      if (tick()) yield { done, total };
    }
    const resolve = (at: Anchor) => resolvers.get(at.container)!(at.span);

    for (const coding of plan.codings) {
      const target = resolve(coding.at);
      const planned = { project_id: projectId, code_id: codeIds.get(coding.codeKey)!, target_type: target.type, target_id: target.id, excerpt: target.excerpt };
      if (coding.at.span && !target.excerpt && target.type === 'dialogue') result.widened++;
      if (!findDuplicateCoding(db, planned)) {
        insertCoding(db, planned);
        result.created.codings++;
      }
      step('codings');
      if (tick()) yield { done, total };
    }
    for (const link of plan.links) {
      const target = resolve(link.at);
      const reflection = resolve({ container: link.noteKey });
      const planned = { project_id: projectId, reflection_id: reflection.id, target_type: target.type, target_id: target.id, excerpt: target.excerpt, comment: shorten(link.comment, 2000) };
      if (link.at.span && !target.excerpt && target.type === 'dialogue') result.widened++;
      if (!findDuplicateLink(db, planned)) {
        insertLink(db, planned);
        result.created.links++;
      }
      step('links');
      if (tick()) yield { done, total };
    }
    yield { done, total };
    // A file from elsewhere may hold a person withdrawn here under other ids: recognised by their names' hashes.
    const erasure = reapplyErasureLogReport(db, { namesIn: projectId });
    if (erasure.applied + erasure.withdrawn.length + erasure.kept.length > 0) result.erasure = { applied: erasure.applied, withdrawn: erasure.withdrawn, kept: erasure.kept };
    return result;
  }
}

/** Codes by their path of names: an existing code of the inquiry with the same path is used, not doubled. */
function writeCodes(db: Db, projectId: string, plan: QdpxPlan, result: QdpxImportResult, step: () => void): Map<string, string> {
  const existing = listCodes(db, projectId);
  const byParentAndName = new Map(existing.map((code) => [`${code.parent_id ?? ''}\u0000${code.name.toLowerCase()}`, code.id]));
  const ids = new Map<string, string>();
  for (const code of plan.codes) {
    const parentId = code.parentKey ? ids.get(code.parentKey)! : null;
    const found = byParentAndName.get(`${parentId ?? ''}\u0000${code.name.toLowerCase()}`);
    const id = found ?? createCode(db, { project_id: projectId, parent_id: parentId, name: code.name, color: code.color, description: code.description }).id;
    if (!found) {
      result.created.codes++;
      byParentAndName.set(`${parentId ?? ''}\u0000${code.name.toLowerCase()}`, id);
    }
    ids.set(code.key, id);
    step();
  }
  return ids;
}

/** A stakeholder by pseudonym: the inquiry's own when the name is taken, else a new one. */
function stakeholderFinder(db: Db, projectId: string, result: QdpxImportResult) {
  const known = new Map<string, string>();
  return (name: string, sector: Sector = 'other', description = ''): string => {
    const key = name.toLowerCase();
    const cached = known.get(key);
    if (cached) return cached;
    const holder = findPseudonymHolder(db, projectId, name);
    const id = holder?.id ?? createStakeholder(db, { project_id: projectId, pseudonym: name, sector, notes: description }).id;
    if (!holder) result.created.stakeholders++;
    known.set(key, id);
    return id;
  };
}

function writeNote(db: Db, projectId: string, source: PlannedSource, stakeholderIds: string[], result: QdpxImportResult) {
  const note = createNote(db, {
    project_id: projectId,
    title: shorten(source.name, 500),
    body: source.text,
    ...(source.createdAt ? { occurred_at: source.createdAt } : {}),
    stakeholder_ids: [...new Set(stakeholderIds)],
  });
  result.created.field_notes++;
  return (span: Anchor['span']): Target => ({ type: 'field_note', id: note.id, excerpt: span ? { ...span, text: sliceCodePoints(source.text, span.start, span.end) } : null });
}

/** A transcript as a dialogue: a turn per speaker line; a passage inside one turn (or the summary) stays a passage. */
function writeDialogue(db: Db, projectId: string, source: PlannedSource, caseIds: string[], stakeholders: (name: string) => string, result: QdpxImportResult) {
  const transcript = source.transcript!;
  const dialogue = createDialogue(db, {
    project_id: projectId,
    kind: 'interview',
    title: shorten(source.name, 500),
    summary: transcript.summary,
    ...(source.createdAt ? { occurred_at: source.createdAt } : {}),
  });
  result.created.dialogues++;
  const speakerIds = transcript.turns.map((turn) => (isUnknownSpeaker(turn.speaker) ? null : stakeholders(turn.speaker)));
  setParticipants(db, dialogue.id, [...new Set([...caseIds, ...speakerIds.filter((id): id is string => id !== null)])]);
  const turnIds = transcript.turns.map((turn, index) => addTurn(db, projectId, { dialogue_id: dialogue.id, speaker_id: speakerIds[index]!, text: turn.text }).id);
  result.created.turns += turnIds.length;
  return (span: Anchor['span']): Target => {
    if (!span) return { type: 'dialogue', id: dialogue.id, excerpt: null };
    const index = transcript.turns.findIndex((turn) => span.start >= turn.start && span.end <= turn.end);
    if (index >= 0) {
      const turn = transcript.turns[index]!;
      if (span.start === turn.start && span.end === turn.end) return { type: 'turn', id: turnIds[index]!, excerpt: null };
      const start = span.start - turn.start;
      const end = span.end - turn.start;
      return { type: 'turn', id: turnIds[index]!, excerpt: { start, end, text: sliceCodePoints(turn.text, start, end) } };
    }
    if (span.start >= transcript.summaryStart && transcript.summary) {
      const start = span.start - transcript.summaryStart;
      const end = span.end - transcript.summaryStart;
      return { type: 'dialogue', id: dialogue.id, excerpt: { start, end, text: sliceCodePoints(transcript.summary, start, end) } };
    }
    return { type: 'dialogue', id: dialogue.id, excerpt: null };
  };
}
