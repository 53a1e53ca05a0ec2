import type { Db } from '../connection.js';
import { ENTITIES, getEntity, updateEntity, type EntityRow, type EntityType } from './entities.js';
import { updateNote, type NoteChanges } from './notes.js';
import { recordConsentIfChanged, type StakeholderRow } from './stakeholders.js';
import { NOTE_SETS_KEY, type NoteSets, type RevisionRow } from './revisions.js';

export function getRevision(db: Db, id: string): RevisionRow | undefined {
  return db.prepare(`SELECT * FROM revisions WHERE id = ?`).get(id) as RevisionRow | undefined;
}

/** A tag or stakeholder an earlier version of a note had, which its restore could not bring back. */
export interface LeftOut {
  kind: 'code' | 'stakeholder';
  id: string;
  /** The code's name or the stakeholder's pseudonym; null when the record no longer exists. */
  name: string | null;
  reason: 'in_trash' | 'gone';
}

/** What a restore from history is about to write, for a check to see before anything is written. */
export interface RevisionRestore {
  revision: RevisionRow;
  type: EntityType;
  /** The earlier version as stored (parsed JSON; any value, since a bundle may have brought it). */
  snapshot: unknown;
  /** The live row it would change. */
  current: EntityRow;
  /** The editable columns whose value the restore would change, with their earlier values. */
  changes: Record<string, unknown>;
  /**
   * A field note's tags and stakeholders the restore would set (those of the earlier version that are live records
   * of the note's inquiry), and those it leaves out; absent when the earlier version kept none (older revisions).
   */
  sets?: { apply: NoteSets; left_out: LeftOut[] };
}

export interface RestoredRevision {
  row: EntityRow;
  /** Tags and stakeholders of the earlier version that did not come back, and why. */
  left_out: LeftOut[];
}

/**
 * Brings back the editable fields of an earlier version — for a field note also its tags and stakeholders, where the
 * version kept them (NOTE_SETS_KEY) — leaving out those now in the trash or gone, and saying which. The current text
 * is not lost: the restore is itself an edit, so the version it replaces is kept as a revision too.
 *
 * An earlier version may come from an imported bundle, so callers that serve a person (the API, sync) pass
 * `check` — electron/api/records.ts revisionRestoreCheck — which throws to refuse; it runs in the restore's
 * transaction before anything is written.
 */
export function restoreRevision(db: Db, revisionId: string, check?: (restore: RevisionRestore) => void): RestoredRevision | undefined {
  return db.transaction((): RestoredRevision | undefined => {
    const revision = getRevision(db, revisionId);
    if (!revision || !(revision.entity_type in ENTITIES)) return undefined;
    const type = revision.entity_type as EntityType;
    const snapshot = JSON.parse(revision.snapshot) as unknown;
    const current = getEntity(db, type, revision.entity_id);
    if (!current || current.deleted_at) return undefined;
    const earlier = isRecord(snapshot) ? snapshot : {};
    const changes: Record<string, unknown> = {};
    for (const column of ENTITIES[type].editable) {
      if (column in earlier && earlier[column] !== current[column]) changes[column] = earlier[column];
    }
    const sets = type === 'field_note' && NOTE_SETS_KEY in earlier ? restorableSets(db, String(current.project_id), earlier[NOTE_SETS_KEY]) : undefined;
    check?.({ revision, type, snapshot, current, changes, ...(sets ? { sets } : {}) });
    const left_out = sets?.left_out ?? [];
    if (sets) {
      // updateNote keeps a revision only when a field or a set really changes.
      const row = updateNote(db, current.id, { ...(changes as NoteChanges), ...sets.apply });
      return { row: (row ? getEntity(db, type, current.id) : current) as EntityRow, left_out };
    }
    if (Object.keys(changes).length === 0) return { row: current, left_out };
    const row = updateEntity(db, type, revision.entity_id, changes);
    // Bringing back an earlier consent is a change of consent too, and the register must show it.
    if (row && type === 'stakeholder') recordConsentIfChanged(db, current as unknown as StakeholderRow, row as unknown as StakeholderRow, 'restored');
    return row ? { row, left_out } : undefined;
  })();
}

/**
 * Splits an earlier version's tags and stakeholders into those that can be set again (live records of the inquiry)
 * and those left out (in the trash, or no longer there). A malformed value restores no set; the API's check refuses
 * it before this matters.
 */
function restorableSets(db: Db, projectId: string, value: unknown): { apply: NoteSets; left_out: LeftOut[] } | undefined {
  if (!isRecord(value) || !isIdList(value.code_ids) || !isIdList(value.stakeholder_ids)) return undefined;
  const left_out: LeftOut[] = [];
  const sort = (kind: LeftOut['kind'], ids: string[]): string[] => {
    const keep: string[] = [];
    for (const id of new Set(ids)) {
      const row = getEntity(db, kind, id);
      if (row && row.project_id === projectId && !row.deleted_at) keep.push(id);
      else if (row && row.project_id === projectId) left_out.push({ kind, id, name: String(kind === 'code' ? row.name : row.pseudonym), reason: 'in_trash' });
      else left_out.push({ kind, id, name: null, reason: 'gone' });
    }
    return keep;
  };
  return { apply: { code_ids: sort('code', value.code_ids), stakeholder_ids: sort('stakeholder', value.stakeholder_ids) }, left_out };
}

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
