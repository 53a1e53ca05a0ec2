import type { Db } from '../connection.js';
import { newId, nowIso } from '../ids.js';
import type { DialogueKind } from './dialogues.js';
import { updateEntity, type EntityRow } from './entities.js';

export type Sector = 'public' | 'private' | 'voluntary' | 'citizen' | 'researcher' | 'other';
export type ConsentStatus = 'unknown' | 'pending' | 'given' | 'declined' | 'withdrawn';
/** What the person agreed to: to be quoted, to be described but not quoted, or no use at all. */
export type ConsentUse = 'quote' | 'describe' | 'none';

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
  consent_use: ConsentUse;
  consent_date: string | null;
  consent_scope: string;
  notes: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewStakeholder {
  project_id: string;
  pseudonym: string;
  sector: Sector;
  real_name?: string;
  aliases?: string[];
  organisation?: string;
  role?: string;
  consent_status?: ConsentStatus;
  consent_use?: ConsentUse;
  consent_date?: string | null;
  consent_scope?: string;
  notes?: string;
}

export type StakeholderChanges = Partial<Omit<NewStakeholder, 'project_id'>>;

/** Live stakeholders of a project, by pseudonym. */
export function listStakeholders(db: Db, projectId: string): StakeholderRow[] {
  return db
    .prepare(`SELECT * FROM stakeholders WHERE project_id = ? AND deleted_at IS NULL ORDER BY pseudonym COLLATE NOCASE, id`)
    .all(projectId) as StakeholderRow[];
}

export function getStakeholder(db: Db, id: string): StakeholderRow | undefined {
  return db.prepare(`SELECT * FROM stakeholders WHERE id = ?`).get(id) as StakeholderRow | undefined;
}

/** Folds case the way people read names (also for Æ/Ø/Å, which SQLite's NOCASE leaves alone). */
function foldName(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase('da');
}

/**
 * The live stakeholder of a project that already goes by this pseudonym (case-insensitive),
 * other than `exceptId`; pseudonyms must be unique so that turns and exports stay unambiguous.
 */
export function findPseudonymHolder(db: Db, projectId: string, pseudonym: string, exceptId?: string): StakeholderRow | undefined {
  const wanted = foldName(pseudonym);
  return listStakeholders(db, projectId).find((row) => row.id !== exceptId && foldName(row.pseudonym) === wanted);
}

/** Trimmed, non-empty, without duplicates (case-insensitive), as the column's JSON array text. */
export function aliasesJson(aliases: readonly string[]): string {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const alias of aliases) {
    const trimmed = alias.trim();
    if (!trimmed || seen.has(foldName(trimmed))) continue;
    seen.add(foldName(trimmed));
    kept.push(trimmed);
  }
  return JSON.stringify(kept);
}

/** One entry of a stakeholder's consent history (migration 004). */
export interface ConsentChangeRow {
  id: string;
  project_id: string;
  stakeholder_id: string;
  changed_at: string;
  status: ConsentStatus;
  consent_use: ConsentUse;
  scope_note: string;
  /** 'created', 'updated', 'withdrawn', 'restored', 'migrated' here, 'imported' by a bundle import; erasure adds 'erased' and 'anonymised'. */
  reason: string;
}

/** The columns whose change is a change of consent, and so is written to consent_changes. */
export const CONSENT_COLUMNS = ['consent_status', 'consent_use', 'consent_scope', 'consent_date'] as const;

type ConsentState = Pick<StakeholderRow, 'id' | 'project_id' | (typeof CONSENT_COLUMNS)[number]>;

/**
 * Writes one consent_changes row with the stakeholder's consent as it now stands. Callers run it in the transaction
 * of the change itself, so the audit trail never misses a change that was saved, nor records one that was not.
 */
export function recordConsentChange(db: Db, row: ConsentState, reason: string, changedAt: string = nowIso()): ConsentChangeRow {
  const change: ConsentChangeRow = {
    id: newId(),
    project_id: row.project_id,
    stakeholder_id: row.id,
    changed_at: changedAt,
    status: row.consent_status,
    consent_use: row.consent_use,
    scope_note: row.consent_scope,
    reason,
  };
  db.prepare(
    `INSERT INTO consent_changes (id, project_id, stakeholder_id, changed_at, status, consent_use, scope_note, reason)
     VALUES (@id, @project_id, @stakeholder_id, @changed_at, @status, @consent_use, @scope_note, @reason)`,
  ).run(change);
  return change;
}

/**
 * Records a consent change when `next` differs from `previous` in any consent column; 'withdrawn' is named as such
 * because the register's reader looks for exactly that. Returns the row written, if any.
 */
export function recordConsentIfChanged(db: Db, previous: ConsentState, next: ConsentState, reason = 'updated'): ConsentChangeRow | undefined {
  if (CONSENT_COLUMNS.every((column) => previous[column] === next[column])) return undefined;
  const named = reason === 'updated' && next.consent_status === 'withdrawn' && previous.consent_status !== 'withdrawn' ? 'withdrawn' : reason;
  return recordConsentChange(db, next, named);
}

/** A stakeholder's consent history, oldest first (rows outlive the stakeholder). */
export function listConsentChanges(db: Db, stakeholderId: string): ConsentChangeRow[] {
  return db
    .prepare(`SELECT * FROM consent_changes WHERE stakeholder_id = ? ORDER BY changed_at, rowid`)
    .all(stakeholderId) as ConsentChangeRow[];
}

/** Every consent change of an inquiry, oldest first, for the consent register. */
export function listProjectConsentChanges(db: Db, projectId: string): ConsentChangeRow[] {
  return db
    .prepare(`SELECT * FROM consent_changes WHERE project_id = ? ORDER BY changed_at, rowid`)
    .all(projectId) as ConsentChangeRow[];
}

export function createStakeholder(db: Db, input: NewStakeholder): StakeholderRow {
  const now = nowIso();
  const row: StakeholderRow = {
    id: newId(),
    project_id: input.project_id,
    real_name: input.real_name?.trim() ?? '',
    pseudonym: input.pseudonym.trim(),
    aliases: aliasesJson(input.aliases ?? []),
    sector: input.sector,
    organisation: input.organisation?.trim() ?? '',
    role: input.role?.trim() ?? '',
    consent_status: input.consent_status ?? 'unknown',
    consent_use: input.consent_use ?? 'quote',
    consent_date: input.consent_date ?? null,
    consent_scope: input.consent_scope ?? '',
    notes: input.notes ?? '',
    revision: 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO stakeholders (id, project_id, real_name, pseudonym, aliases, sector, organisation, role, consent_status,
         consent_use, consent_date, consent_scope, notes, revision, created_at, updated_at, deleted_at)
       VALUES (@id, @project_id, @real_name, @pseudonym, @aliases, @sector, @organisation, @role, @consent_status,
         @consent_use, @consent_date, @consent_scope, @notes, @revision, @created_at, @updated_at, @deleted_at)`,
    ).run(row);
    recordConsentChange(db, row, 'created', now);
  })();
  return row;
}

/**
 * Applies changes through the history (previous version kept); undefined when there is no live stakeholder.
 * A change of consent also writes its consent_changes row, in the same transaction.
 */
export function updateStakeholder(db: Db, id: string, changes: StakeholderChanges, expectedRevision?: number): StakeholderRow | undefined {
  const { aliases, pseudonym, ...rest } = changes;
  const columns: Record<string, unknown> = { ...rest };
  if (pseudonym !== undefined) columns.pseudonym = pseudonym.trim();
  if (aliases !== undefined) columns.aliases = aliasesJson(aliases);
  return db.transaction(() => {
    const previous = getStakeholder(db, id);
    const updated = updateEntity<StakeholderRow & EntityRow>(db, 'stakeholder', id, columns, expectedRevision);
    if (previous && updated) recordConsentIfChanged(db, previous, updated);
    return updated;
  })();
}

export interface SpokenTurn {
  id: string;
  text: string;
  position: number;
  dialogue_id: string;
  dialogue_title: string;
  dialogue_kind: DialogueKind;
  occurred_at: string;
}

export interface DialogueTakenPart {
  id: string;
  title: string;
  kind: DialogueKind;
  place: string;
  occurred_at: string;
}

export interface NoteInvolved {
  id: string;
  title: string;
  excerpt: string;
  place: string;
  occurred_at: string;
}

export interface StakeholderActivity {
  turns: SpokenTurn[];
  dialogues: DialogueTakenPart[];
  notes: NoteInvolved[];
}

/** Everything live a stakeholder took part in, newest first (turns stand at their dialogue's time). */
export function stakeholderActivity(db: Db, id: string): StakeholderActivity {
  const turns = db
    .prepare(
      `SELECT t.id, t.text, t.position, t.dialogue_id, d.title AS dialogue_title, d.kind AS dialogue_kind, d.occurred_at
       FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
       WHERE t.speaker_id = ? AND t.deleted_at IS NULL AND d.deleted_at IS NULL
       ORDER BY d.occurred_at DESC, d.id DESC, t.position DESC, t.id DESC`,
    )
    .all(id) as SpokenTurn[];
  const dialogues = db
    .prepare(
      `SELECT d.id, d.title, d.kind, d.place, d.occurred_at
       FROM dialogue_participants p JOIN dialogues d ON d.id = p.dialogue_id
       WHERE p.stakeholder_id = ? AND d.deleted_at IS NULL
       ORDER BY d.occurred_at DESC, d.id DESC`,
    )
    .all(id) as DialogueTakenPart[];
  const notes = db
    .prepare(
      `SELECT n.id, n.title, substr(n.body, 1, 240) AS excerpt, n.place, n.occurred_at
       FROM field_note_stakeholders s JOIN field_notes n ON n.id = s.note_id
       WHERE s.stakeholder_id = ? AND n.deleted_at IS NULL
       ORDER BY n.occurred_at DESC, n.id DESC`,
    )
    .all(id) as NoteInvolved[];
  return { turns, dialogues, notes };
}
