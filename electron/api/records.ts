import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { isParticipant } from '../../db/repositories/dialogues.js';
import { cycleNumber } from '../../db/repositories/cycles.js';
import { ENTITIES, entityLabel, getEntity, type EntityRow, type EntityType } from '../../db/repositories/entities.js';
import type { RevisionRestore } from '../../db/repositories/history.js';
import { NOTE_SETS_KEY } from '../../db/repositories/revisions.js';
import { findPseudonymHolder } from '../../db/repositories/stakeholders.js';
import type { TrashItemRow, TrashKind, TrashMember } from '../../db/repositories/trash.js';
import { Cycle, cycleChannels } from './channels/cycles.js';
import { dialogueChannels } from './channels/dialogues.js';
import { noteChannels } from './channels/notes.js';
import { projectChannels } from './channels/projects.js';
import { reflectionChannels } from './channels/reflections.js';
import { stakeholderChannels } from './channels/stakeholders.js';
import { ApiError } from './result.js';
import { Id, IsoTimestamp, Project } from './schemas.js';

/**
 * What a stored record of each kind may hold: the API's own rules, for every path that writes a record's fields
 * without going through its channel — restore from history, restore from the trash, bundle import and merge, and
 * later sync. An earlier version or a trashed row may have come from a bundle, so it is checked like input.
 *
 * - RECORD_SCHEMAS: per kind, the whole row (every column, nothing else). The fields a person edits take their rule
 *   from the channel that edits them (notes:update's title is the field note's title rule), so the API and the
 *   restores cannot drift apart; the other columns (ids, times, ordinal, position) use the contract's building blocks.
 * - referenceIssues: the cross-record rule — every record a record names (its cycle, parent, dialogue, speaker)
 *   belongs to the same inquiry, and a parent is not the record itself or one of its descendants.
 * - revisionRestoreCheck / trashRestoreCheck: the checks history:restore and trash:restore run inside the restore's
 *   transaction (db/repositories/history.ts, trash.ts), throwing a typed invalid_input before anything is written.
 *   trash:restore also refuses, as a conflict that says what to restore first, a record that cannot stand without a
 *   record still in the trash (CONTAINERS: a phase entry's cycle, a turn's dialogue, an attachment's note).
 * - A field note's earlier version may also hold its tags and stakeholders (NOTE_SETS_KEY); snapshotIssues checks them
 *   with notes:update's rules for code_ids and stakeholder_ids, and that none names a record of another inquiry.
 *
 * A future migration that adds a column must add it here too (a test compares these shapes with the tables) and
 * bring old snapshots up to date, or restoring them is refused as a missing field.
 */

/** How people are told what kind of record something is. */
export const RECORD_NAMES: Record<EntityType, string> = {
  project: 'project',
  cycle: 'cycle',
  phase_entry: 'phase entry',
  field_note: 'field note',
  stakeholder: 'stakeholder',
  dialogue: 'dialogue',
  turn: 'turn',
  reflection: 'reflection',
  code: 'code',
};

/** How people are told what kind of thing a trash item is. */
export const TRASH_NAMES: Record<TrashKind, string> = { ...RECORD_NAMES, attachment: 'attachment' };

type Unwrapped<T> = T extends z.ZodOptional<infer Inner> ? Inner : T;

/** The rules a channel's input applies to some of its (optional) fields, as required fields. */
function rulesOf<S extends z.ZodRawShape, const K extends keyof S & string>(input: z.ZodObject<S>, columns: readonly K[]): { [C in K]: Unwrapped<S[C]> } {
  return Object.fromEntries(
    columns.map((column) => {
      const rule = input.shape[column];
      return [column, rule instanceof z.ZodOptional ? rule.unwrap() : rule];
    }),
  ) as { [C in K]: Unwrapped<S[C]> };
}

/** The aliases column holds the list stakeholders:update takes, as JSON text. */
const aliasesRule = rulesOf(stakeholderChannels['stakeholders:update'].input, ['aliases']).aliases;
const StoredAliases = z.string().superRefine((text, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    ctx.addIssue({ code: 'custom', message: 'Expected a JSON array of strings.' });
    return;
  }
  const checked = aliasesRule.safeParse(parsed);
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

const Meta = {
  id: Id,
  revision: z.number().int().min(1),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  deleted_at: IsoTimestamp.nullable(),
};
const Owned = { ...Meta, project_id: Id };

export const RECORD_SCHEMAS = {
  project: z.strictObject({
    ...Meta,
    ...rulesOf(projectChannels['projects:update'].input, ['title', 'concern', 'setting', 'started_on', 'status']),
    is_fictional: Project.shape.is_fictional,
  }),
  cycle: z.strictObject({
    ...Owned,
    ...rulesOf(cycleChannels['cycles:create'].input, ['parent_id']),
    ...rulesOf(cycleChannels['cycles:update'].input, ['title', 'focus', 'current_phase', 'started_on', 'ended_on']),
    ordinal: z.number().int().min(1),
    status: Cycle.shape.status,
  }),
  phase_entry: z.strictObject({
    ...Owned,
    cycle_id: Id,
    ...rulesOf(cycleChannels['phaseEntries:update'].input, ['phase', 'body', 'author', 'occurred_at']),
  }),
  field_note: z.strictObject({
    ...Owned,
    ...rulesOf(noteChannels['notes:update'].input, ['cycle_id', 'phase', 'title', 'body', 'place', 'occurred_at']),
    recorded_at: IsoTimestamp,
  }),
  stakeholder: z.strictObject({
    ...Owned,
    ...rulesOf(stakeholderChannels['stakeholders:update'].input, [
      'real_name',
      'pseudonym',
      'sector',
      'organisation',
      'role',
      'consent_status',
      'consent_date',
      'consent_scope',
      'notes',
    ]),
    aliases: StoredAliases,
    // Optional: versions kept (and bundles written) before migration 004 have no consent_use; the column's default
    // then applies on import, and a restore leaves the current value alone.
    consent_use: stakeholderChannels['stakeholders:update'].input.shape.consent_use,
  }),
  dialogue: z.strictObject({
    ...Owned,
    ...rulesOf(dialogueChannels['dialogues:update'].input, ['cycle_id', 'phase', 'kind', 'title', 'occurred_at', 'place', 'summary', 'decisions', 'follow_ups']),
  }),
  turn: z.strictObject({
    ...Owned,
    dialogue_id: Id,
    position: z.number().int(),
    ...rulesOf(dialogueChannels['turns:update'].input, ['speaker_id', 'text']),
  }),
  reflection: z.strictObject({
    ...Owned,
    ...rulesOf(reflectionChannels['reflections:update'].input, ['cycle_id', 'phase', 'mode', 'title', 'body', 'written_at']),
  }),
  code: z.strictObject({
    ...Owned,
    ...rulesOf(noteChannels['codes:update'].input, ['parent_id', 'name', 'color', 'description']),
  }),
} as const satisfies Record<EntityType, z.ZodObject>;

/** Where and what, as the API reports problems with input. */
export interface RecordIssue {
  path: string;
  message: string;
}

/** The inquiry a record belongs to (a project is its own). */
export function ownerOf(type: EntityType, record: Record<string, unknown>): unknown {
  return type === 'project' ? record.id : record.project_id;
}

/** Problems of a row against its kind's shape and the API's rules for each field; none means it may be written. */
export function recordIssues(type: EntityType, value: unknown): RecordIssue[] {
  const parsed = RECORD_SCHEMAS[type].safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(record)',
    message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'Missing.' : issue.message,
  }));
}

/** The columns of a record that name another record, and the kind they name. */
export const RECORD_REFERENCES: Record<EntityType, readonly { column: string; type: EntityType }[]> = {
  project: [],
  stakeholder: [],
  cycle: [{ column: 'parent_id', type: 'cycle' }],
  phase_entry: [{ column: 'cycle_id', type: 'cycle' }],
  field_note: [{ column: 'cycle_id', type: 'cycle' }],
  dialogue: [{ column: 'cycle_id', type: 'cycle' }],
  turn: [
    { column: 'dialogue_id', type: 'dialogue' },
    { column: 'speaker_id', type: 'stakeholder' },
  ],
  reflection: [{ column: 'cycle_id', type: 'cycle' }],
  code: [{ column: 'parent_id', type: 'code' }],
};

/** What the reference rule needs to know of a named record. */
export interface NamedRecord {
  project_id: string;
  deleted_at: string | null;
  parent_id?: string | null;
}

/** Finds a named record: in the journal, or (for an import) in the bundle first. */
export type RecordLookup = (type: EntityType, id: string) => NamedRecord | undefined;

export function journalLookup(db: Db): RecordLookup {
  return (type, id) => {
    const row = getEntity(db, type, id);
    if (!row) return undefined;
    return { project_id: String(ownerOf(type, row)), deleted_at: row.deleted_at, parent_id: (row.parent_id as string | null | undefined) ?? null };
  };
}

/**
 * The cross-record rule, one for every path: each record `record` names belongs to its inquiry; a parent is not the
 * record itself nor below it; and a reference in `live` (one a restore changes, as the API would) names a record that
 * is not in the trash.
 */
export function referenceIssues(type: EntityType, record: Record<string, unknown>, lookup: RecordLookup, live: ReadonlySet<string> = new Set()): RecordIssue[] {
  const projectId = ownerOf(type, record);
  const issues: RecordIssue[] = [];
  for (const { column, type: target } of RECORD_REFERENCES[type]) {
    const value = record[column];
    if (value === null || value === undefined) continue;
    const name = RECORD_NAMES[target];
    const found = typeof value === 'string' ? lookup(target, value) : undefined;
    if (!found || found.project_id !== projectId) {
      issues.push({ path: column, message: `Not a ${name} of this inquiry.` });
    } else if (live.has(column) && found.deleted_at) {
      issues.push({ path: column, message: `That ${name} is in the trash; restore it first.` });
    } else if (target === type && wouldLoop(String(record.id), value as string, type, lookup)) {
      issues.push({ path: column, message: `Would put the ${name} inside itself.` });
    }
  }
  return issues;
}

function wouldLoop(id: string, parentId: string, type: EntityType, lookup: RecordLookup): boolean {
  const seen = new Set<string>();
  let current: string | null = parentId;
  while (current) {
    if (current === id || seen.has(current)) return true;
    seen.add(current);
    current = lookup(type, current)?.parent_id ?? null;
  }
  return false;
}

/**
 * Everything that can be wrong with an earlier version of a record, wherever it is checked (a restore, an import):
 * not a record, not the shape and rules of its kind, the version of another record or of another inquiry, or naming
 * records of another inquiry.
 */
export function snapshotIssues(
  type: EntityType,
  snapshot: unknown,
  owner: { id: string; projectId: string },
  lookup: RecordLookup,
  live?: ReadonlySet<string>,
): RecordIssue[] {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    return [{ path: '(record)', message: `Not a ${RECORD_NAMES[type]}: the earlier version holds no record.` }];
  }
  const { [NOTE_SETS_KEY]: sets, ...row } = snapshot as Record<string, unknown>;
  const hasSets = type === 'field_note' && NOTE_SETS_KEY in snapshot;
  const issues = recordIssues(type, hasSets ? row : snapshot);
  if (issues.length > 0) return issues;
  const record = snapshot as Record<string, unknown>;
  if (record.id !== owner.id) return [{ path: 'id', message: `The earlier version of another ${RECORD_NAMES[type]}.` }];
  if (ownerOf(type, record) !== owner.projectId) return [{ path: type === 'project' ? 'id' : 'project_id', message: 'Belongs to another inquiry.' }];
  const references = referenceIssues(type, record, lookup, live);
  return references.length > 0 || !hasSets ? references : noteSetsIssues(sets, owner.projectId, lookup);
}

/** notes:update's own rules for the two sets an earlier version of a note may keep. */
const NoteSetsShape = z.strictObject(rulesOf(noteChannels['notes:update'].input, ['code_ids', 'stakeholder_ids']));

/**
 * A field note's kept tags and stakeholders: notes:update's rules (ids, at most 500 each, nothing else), and no record
 * of another inquiry. One in the trash or no longer there is no problem: the restore leaves it out and says so.
 */
function noteSetsIssues(sets: unknown, projectId: string, lookup: RecordLookup): RecordIssue[] {
  const parsed = NoteSetsShape.safeParse(sets);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: [NOTE_SETS_KEY, ...issue.path.map(String)].join('.'), message: issue.message }));
  }
  const issues: RecordIssue[] = [];
  for (const [column, target] of [
    ['code_ids', 'code'],
    ['stakeholder_ids', 'stakeholder'],
  ] as const) {
    const foreign = parsed.data[column].filter((id) => {
      const found = lookup(target, id);
      return found !== undefined && found.project_id !== projectId;
    });
    if (foreign.length > 0) issues.push({ path: `${NOTE_SETS_KEY}.${column}`, message: `Not ${RECORD_NAMES[target]}s of this inquiry: ${foreign.slice(0, 5).join(', ')}` });
  }
  return issues;
}

/** The API's rules that need the journal: unique pseudonyms, and a speaker who takes part in the dialogue. */
function journalRuleIssues(db: Db, type: EntityType, record: EntityRow, columns: ReadonlySet<string>): RecordIssue[] {
  if (type === 'stakeholder' && columns.has('pseudonym')) {
    const holder = findPseudonymHolder(db, String(record.project_id), String(record.pseudonym), record.id);
    if (holder) return [{ path: 'pseudonym', message: `Another stakeholder in this inquiry is already called “${holder.pseudonym}”.` }];
  }
  if (type === 'turn' && columns.has('speaker_id') && typeof record.speaker_id === 'string' && !isParticipant(db, String(record.dialogue_id), record.speaker_id)) {
    return [{ path: 'speaker_id', message: 'Not a participant of this dialogue.' }];
  }
  return [];
}

function refuse(lead: string, issues: RecordIssue[]): ApiError {
  const first = issues[0]!;
  return new ApiError('invalid_input', `${lead} (${first.path}: ${first.message.replace(/\.$/, '')}).`, issues);
}

/** history:restore's check (db/repositories/history.ts restoreRevision): refuses what notes:update and its kin would refuse. */
export function revisionRestoreCheck(db: Db): (restore: RevisionRestore) => void {
  return ({ revision, type, snapshot, current, changes }) => {
    const name = RECORD_NAMES[type];
    const projectId = String(ownerOf(type, current));
    const lead = `This earlier version of the ${name} cannot be restored: it holds what Withness does not accept`;
    const changed = new Set(Object.keys(changes));
    const issues = snapshotIssues(type, snapshot, { id: current.id, projectId }, journalLookup(db), changed);
    if (issues.length > 0) throw refuse(lead, issues);
    if (revision.project_id !== projectId) throw refuse(lead, [{ path: 'project_id', message: 'The earlier version is filed under another inquiry.' }]);
    const after = { ...current, ...changes } as EntityRow;
    const rules = journalRuleIssues(db, type, after, changed);
    if (rules.length > 0) throw refuse(lead, rules);
  };
}

/**
 * Records that cannot stand on their own, and the record each belongs to: one restored from the trash alone comes
 * back only when that record is live (or comes back in the same group).
 */
const CONTAINERS: Partial<Record<EntityType, { column: string; type: EntityType }>> = {
  phase_entry: { column: 'cycle_id', type: 'cycle' },
  turn: { column: 'dialogue_id', type: 'dialogue' },
};

/** “cycle 2 “Listening””, “field note “At the library””: a record as people know it, for a sentence. */
function describeRecord(db: Db, type: EntityType, row: EntityRow): string {
  if (type === 'cycle') {
    const number = cycleNumber(db, { ordinal: Number(row.ordinal), parent_id: (row.parent_id as string | null) ?? null });
    return row.title ? `cycle ${number} “${entityLabel(type, row)}”` : `cycle ${number}`;
  }
  // A note without a title is known by its first line.
  const firstLine = type === 'field_note' ? (String(row.body ?? '').split('\n').find((line) => line.trim()) ?? '').trim() : '';
  const label = entityLabel(type, row) || (firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine);
  return label ? `${RECORD_NAMES[type]} “${label}”` : RECORD_NAMES[type];
}

/**
 * The record a trashed `kind` “label” belongs to (`container`: its kind, id and the column naming it) must be live, or
 * come back in the same group (`restoring`, as "kind:id"); otherwise a conflict that says which record to restore
 * first, or that it no longer exists.
 */
function containerRefusal(
  db: Db,
  kind: TrashKind,
  label: string,
  projectId: string,
  container: { type: EntityType; id: string; column: string },
  restoring: ReadonlySet<string>,
): ApiError | undefined {
  const name = TRASH_NAMES[kind];
  const what = `The ${name}${label ? ` “${label.slice(0, 80)}”` : ''}`;
  const found = getEntity(db, container.type, container.id);
  const containerName = RECORD_NAMES[container.type];
  if (!found) {
    return new ApiError('conflict', `${what} cannot be restored: its ${containerName} no longer exists, and a ${name} belongs to a ${containerName}.`, [
      { path: container.column, message: `The ${containerName} no longer exists.` },
    ]);
  }
  // A record of another inquiry is the reference rule's to refuse (invalid_input), as for every other reference.
  if (ownerOf(container.type, found) !== projectId || !found.deleted_at || restoring.has(`${container.type}:${container.id}`)) return undefined;
  return new ApiError(
    'conflict',
    `${what} cannot come back yet: its ${describeRecord(db, container.type, found)} is in the trash. Restore the ${containerName} first, then the ${name}.`,
    [{ path: container.column, message: `The ${containerName} is in the trash; restore it first.` }],
  );
}

/** trash:restore's check (db/repositories/trash.ts restoreTrashGroup): every record of the group, as it would come back. */
export function trashRestoreCheck(db: Db): (item: TrashItemRow, group: TrashMember[]) => void {
  return (item, group) => {
    const lookup = journalLookup(db);
    const restoring = new Set(group.map(({ item: member }) => `${member.entity_type}:${member.entity_id}`));
    for (const { item: member, row, attachment } of group) {
      const type = member.entity_type;
      if (type !== 'attachment' && !(type in ENTITIES)) {
        throw refuse('The trash holds something Withness does not know, so nothing was restored', [
          { path: 'entity_type', message: `Not a kind of record: ${String(type).slice(0, 50)}` },
        ]);
      }
      const lead = `The ${TRASH_NAMES[type]} “${member.label.slice(0, 80)}” cannot be restored from the trash`;
      if (member.project_id !== item.project_id) {
        throw refuse(lead, [{ path: 'project_id', message: 'It was deleted together with records of another inquiry.' }]);
      }
      if (type === 'attachment') {
        if (!attachment) continue;
        if (attachment.project_id !== member.project_id) throw refuse(lead, [{ path: 'project_id', message: 'The attachment belongs to another inquiry than its trash item.' }]);
        const owner = getEntity(db, attachment.owner_type, attachment.owner_id);
        if (owner && ownerOf(attachment.owner_type, owner) !== attachment.project_id) {
          throw refuse(lead, [{ path: 'owner_id', message: `Not a ${RECORD_NAMES[attachment.owner_type]} of this inquiry.` }]);
        }
        if (attachment.deleted_at) {
          const refusal = containerRefusal(db, type, member.label, member.project_id, { type: attachment.owner_type, id: attachment.owner_id, column: 'owner_id' }, restoring);
          if (refusal) throw refusal;
        }
        continue;
      }
      if (!row) continue;
      if (ownerOf(type, row) !== member.project_id) throw refuse(lead, [{ path: 'project_id', message: 'The record belongs to another inquiry than its trash item.' }]);
      const issues = recordIssues(type, row);
      if (issues.length > 0) throw refuse(lead, issues);
      const container = CONTAINERS[type];
      if (container && row.deleted_at) {
        const refusal = containerRefusal(db, type, member.label, member.project_id, { ...container, id: String(row[container.column]) }, restoring);
        if (refusal) throw refusal;
      }
      const references = referenceIssues(type, row, lookup);
      if (references.length > 0) throw refuse(lead, references);
      if (row.deleted_at) {
        const rules = journalRuleIssues(db, type, row, new Set(['pseudonym']));
        if (rules.length > 0) throw refuse(lead, rules);
      }
    }
  };
}
