import { z } from 'zod';
import { TrashKind } from '../api/channels/history.js';
import { RECORD_SCHEMAS } from '../api/records.js';
import { EntityType as EntityTypeSchema, EventType, Id, IsoTimestamp, Phase } from '../api/schemas.js';
import type { EntityType } from '../../db/repositories/entities.js';
import type { BundleTable } from '../api/channels/exchange.js';

/**
 * The tables a project bundle carries, in the order they are written on import, each with the exact
 * shape of its rows (zod, strict: a column we do not know is refused) and the references that must
 * point inside the bundle or the target project. The records people edit (projects, cycles, notes, …) take
 * their shape from electron/api/records.ts, so an import accepts exactly what the API would have written.
 * `events` and `events_fts` are not carried: the database rebuilds them from the rows (the triggers, or
 * db/index-fill.ts for the rows an import inserts).
 */

const Text = z.string().max(5_000_000, 'Text longer than 5,000,000 characters.');
const NonBlank = Text.refine((value) => value.trim().length > 0, 'Cannot be empty.');
const Count = z.number().int().nonnegative();
const Timestamp = IsoTimestamp;
const Deleted = IsoTimestamp.nullable();
const Hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `Expected ${length} lowercase hex digits.`);

function excerptChecks<T extends { excerpt_start: number | null; excerpt_end: number | null; excerpt_text: string | null }>(row: T, ctx: z.RefinementCtx): void {
  const none = row.excerpt_start === null;
  if ((row.excerpt_end === null) !== none || (row.excerpt_text === null) !== none) {
    ctx.addIssue({ code: 'custom', message: 'An excerpt needs a start, an end and its text together.', path: ['excerpt_start'] });
  } else if (!none && (row.excerpt_end as number) <= (row.excerpt_start as number)) {
    ctx.addIssue({ code: 'custom', message: 'An excerpt must end after it starts.', path: ['excerpt_end'] });
  }
}

const Excerpt = {
  excerpt_start: Count.nullable(),
  excerpt_end: Count.nullable(),
  excerpt_text: Text.nullable(),
};

const JsonText = z.string().refine((value) => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}, 'Expected JSON text.');

export const ROW_SCHEMAS = {
  projects: RECORD_SCHEMAS.project,
  team_members: z.strictObject({ id: Id, project_id: Id, name: NonBlank, role: Text, created_at: Timestamp, deleted_at: Deleted }),
  stakeholders: RECORD_SCHEMAS.stakeholder,
  codes: RECORD_SCHEMAS.code,
  cycles: RECORD_SCHEMAS.cycle,
  phase_prompts: z.strictObject({ id: Id, project_id: Id, phase: Phase, position: z.number().int(), text: NonBlank }),
  phase_entries: RECORD_SCHEMAS.phase_entry,
  field_notes: RECORD_SCHEMAS.field_note,
  field_note_stakeholders: z.strictObject({ note_id: Id, stakeholder_id: Id }),
  dialogues: RECORD_SCHEMAS.dialogue,
  dialogue_participants: z.strictObject({ dialogue_id: Id, stakeholder_id: Id }),
  dialogue_turns: RECORD_SCHEMAS.turn,
  reflections: RECORD_SCHEMAS.reflection,
  prompt_links: z
    .strictObject({
      id: Id,
      project_id: Id,
      reflection_id: Id,
      target_type: EventType,
      target_id: Id,
      ...Excerpt,
      comment: Text,
      created_at: Timestamp,
      deleted_at: Deleted,
      // Migration 005: set when the evidence was erased (the target id then names a row that is gone on purpose).
      withdrawn_at: Deleted.optional(),
    })
    .superRefine((row, ctx) => {
      excerptChecks(row, ctx);
      if (row.target_type === 'reflection' && row.target_id === row.reflection_id) {
        ctx.addIssue({ code: 'custom', message: 'A reflection cannot cite itself.', path: ['target_id'] });
      }
    }),
  code_applications: z
    .strictObject({ id: Id, project_id: Id, code_id: Id, target_type: EventType, target_id: Id, ...Excerpt, created_at: Timestamp, deleted_at: Deleted })
    .superRefine(excerptChecks),
  attachments: z.strictObject({
    id: Id,
    project_id: Id,
    owner_type: z.enum(['field_note', 'dialogue', 'reflection', 'phase_entry']),
    owner_id: Id,
    file_name: z.string().min(1).max(1000),
    media_type: z.string().max(300),
    byte_size: Count,
    sha256: Hex(64),
    created_at: Timestamp,
    deleted_at: Deleted,
  }),
  revisions: z.strictObject({
    id: Id,
    project_id: Id,
    entity_type: EntityTypeSchema,
    entity_id: Id,
    revision: z.number().int(),
    action: z.enum(['update', 'delete', 'restore']),
    snapshot: JsonText,
    created_at: Timestamp,
  }),
  trash_items: z.strictObject({
    id: Id,
    project_id: Id,
    entity_type: TrashKind,
    entity_id: Id,
    label: Text,
    group_id: Id,
    deleted_at: Timestamp,
  }),
} as const;

export type TableName = keyof typeof ROW_SCHEMAS;
export const TABLE_NAMES = Object.keys(ROW_SCHEMAS) as TableName[];

/** A column that names a row of another table (or, with `by`, of the table its type column names). */
export type Reference =
  | { column: string; table: TableName }
  | { column: string; by: string; tables: Record<string, TableName> };

export interface TableSpec {
  name: TableName;
  /** The primary key's columns. */
  key: readonly string[];
  /** Rows carry a revision; an existing row is replaced only by a newer one. */
  revision: boolean;
  /** The kind of record in entities.ts, so a replaced row keeps its previous version in revisions. */
  entity?: EntityType;
  /** Every row of the project, trash included; `?` is the project id. */
  exportSql: string;
  references: Reference[];
}

const EVENT_TABLES: Record<string, TableName> = {
  field_note: 'field_notes',
  dialogue: 'dialogues',
  turn: 'dialogue_turns',
  phase_entry: 'phase_entries',
  reflection: 'reflections',
};

export const ENTITY_TABLES: Record<EntityType, TableName> = {
  project: 'projects',
  cycle: 'cycles',
  phase_entry: 'phase_entries',
  field_note: 'field_notes',
  stakeholder: 'stakeholders',
  dialogue: 'dialogues',
  turn: 'dialogue_turns',
  reflection: 'reflections',
  code: 'codes',
};

/** The table of each kind of thing the trash holds: the records, and attachments. */
export const TRASH_TABLES: Record<TrashKind, TableName> = { ...ENTITY_TABLES, attachment: 'attachments' };

const byProject = (table: string) => `SELECT * FROM ${table} WHERE project_id = ? ORDER BY id`;

export const TABLES: readonly TableSpec[] = [
  { name: 'projects', key: ['id'], revision: true, entity: 'project', exportSql: `SELECT * FROM projects WHERE id = ?`, references: [] },
  { name: 'team_members', key: ['id'], revision: false, exportSql: byProject('team_members'), references: [] },
  { name: 'stakeholders', key: ['id'], revision: true, entity: 'stakeholder', exportSql: byProject('stakeholders'), references: [] },
  { name: 'codes', key: ['id'], revision: true, entity: 'code', exportSql: byProject('codes'), references: [{ column: 'parent_id', table: 'codes' }] },
  { name: 'cycles', key: ['id'], revision: true, entity: 'cycle', exportSql: byProject('cycles'), references: [{ column: 'parent_id', table: 'cycles' }] },
  { name: 'phase_prompts', key: ['id'], revision: false, exportSql: `SELECT * FROM phase_prompts WHERE project_id = ? ORDER BY phase, position, id`, references: [] },
  {
    name: 'phase_entries',
    key: ['id'],
    revision: true,
    entity: 'phase_entry',
    exportSql: byProject('phase_entries'),
    references: [{ column: 'cycle_id', table: 'cycles' }],
  },
  { name: 'field_notes', key: ['id'], revision: true, entity: 'field_note', exportSql: byProject('field_notes'), references: [{ column: 'cycle_id', table: 'cycles' }] },
  {
    name: 'field_note_stakeholders',
    key: ['note_id', 'stakeholder_id'],
    revision: false,
    exportSql: `SELECT fs.* FROM field_note_stakeholders fs JOIN field_notes n ON n.id = fs.note_id WHERE n.project_id = ? ORDER BY fs.note_id, fs.stakeholder_id`,
    references: [
      { column: 'note_id', table: 'field_notes' },
      { column: 'stakeholder_id', table: 'stakeholders' },
    ],
  },
  { name: 'dialogues', key: ['id'], revision: true, entity: 'dialogue', exportSql: byProject('dialogues'), references: [{ column: 'cycle_id', table: 'cycles' }] },
  {
    name: 'dialogue_participants',
    key: ['dialogue_id', 'stakeholder_id'],
    revision: false,
    exportSql: `SELECT dp.* FROM dialogue_participants dp JOIN dialogues d ON d.id = dp.dialogue_id WHERE d.project_id = ? ORDER BY dp.dialogue_id, dp.stakeholder_id`,
    references: [
      { column: 'dialogue_id', table: 'dialogues' },
      { column: 'stakeholder_id', table: 'stakeholders' },
    ],
  },
  {
    name: 'dialogue_turns',
    key: ['id'],
    revision: true,
    entity: 'turn',
    exportSql: byProject('dialogue_turns'),
    references: [
      { column: 'dialogue_id', table: 'dialogues' },
      { column: 'speaker_id', table: 'stakeholders' },
    ],
  },
  { name: 'reflections', key: ['id'], revision: true, entity: 'reflection', exportSql: byProject('reflections'), references: [{ column: 'cycle_id', table: 'cycles' }] },
  {
    name: 'prompt_links',
    key: ['id'],
    revision: false,
    exportSql: byProject('prompt_links'),
    references: [
      { column: 'reflection_id', table: 'reflections' },
      { column: 'target_id', by: 'target_type', tables: EVENT_TABLES },
    ],
  },
  {
    name: 'code_applications',
    key: ['id'],
    revision: false,
    exportSql: byProject('code_applications'),
    references: [
      { column: 'code_id', table: 'codes' },
      { column: 'target_id', by: 'target_type', tables: EVENT_TABLES },
    ],
  },
  {
    name: 'attachments',
    key: ['id'],
    revision: false,
    exportSql: `SELECT id, project_id, owner_type, owner_id, file_name, media_type, byte_size, sha256, created_at, deleted_at
                FROM attachments WHERE project_id = ? ORDER BY id`,
    references: [{ column: 'owner_id', by: 'owner_type', tables: EVENT_TABLES }],
  },
  {
    name: 'revisions',
    key: ['id'],
    revision: false,
    exportSql: `SELECT * FROM revisions WHERE project_id = ? ORDER BY entity_type, entity_id, revision, id`,
    references: [{ column: 'entity_id', by: 'entity_type', tables: ENTITY_TABLES }],
  },
  {
    name: 'trash_items',
    key: ['id'],
    revision: false,
    exportSql: `SELECT * FROM trash_items WHERE project_id = ? ORDER BY deleted_at, id`,
    references: [{ column: 'entity_id', by: 'entity_type', tables: TRASH_TABLES }],
  },
];

/** Each table's columns, as its row shape lists them (the only column names ever put into SQL). */
export function columnsOf(table: TableName): string[] {
  return Object.keys(ROW_SCHEMAS[table].shape);
}

export type Counts = Record<TableName, number>;

export function zeroCounts(): Counts {
  return Object.fromEntries(TABLE_NAMES.map((name) => [name, 0])) as Counts;
}

// The contract lists the same tables in the same order (it cannot import this Node-side module).
const sameTables: readonly BundleTable[] = TABLE_NAMES;
void sameTables;
