import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { listBackups } from '../../db/backup.js';
import type { Db } from '../../db/connection.js';
import * as repo from '../../db/repositories/erasure.js';
import type { ErasureLogRow, ErasureMode, PersonRow } from '../../db/repositories/erasure.js';
import { connectionKey, openSqlite } from '../../db/sqlite.js';
import { emptyCounts, ErasureError, executePlan, makePhysical, planErasure, type ErasureCounts } from './erase.js';
import { scrubHashedNames } from './hashed.js';
import { aliasesOf, nameHash, normaliseName } from './names.js';

export { ErasureError, makePhysical, type ErasureCounts };

export interface ErasurePreview {
  stakeholder_id: string;
  mode: ErasureMode;
  /** The neutral label anonymising would give ('' for erase). */
  label: string;
  counts: ErasureCounts;
  /** Reflections that cite what they said: they keep their text and show "[evidence withdrawn]" where the link was. */
  citing_reflections: { id: string; title: string; deleted: boolean }[];
  /** Files kept although they may hold the person (shared notes and dialogues, citing reflections): to be looked at. */
  kept_attachments: repo.KeptAttachment[];
}

export interface BackupRewrite {
  name: string;
  ok: boolean;
  /** Why a backup could not be rewritten, or what was checked. */
  message: string;
}

export interface ErasureResult extends ErasurePreview {
  log_id: string;
  erased_at: string;
  erased_by: string;
  /** Whether the WAL was written back and truncated to zero bytes (false when another connection held it). */
  wal_truncated: boolean;
  backups: BackupRewrite[];
}

function requirePerson(db: Db, stakeholderId: string): PersonRow {
  const person = repo.getPerson(db, stakeholderId);
  if (!person) throw new ErasureError('not_found', `There is no stakeholder ${stakeholderId} (already erased, or never in this journal).`);
  return person;
}

function previewOf(db: Db, plan: ReturnType<typeof planErasure>, stakeholderId: string): ErasurePreview {
  return {
    stakeholder_id: stakeholderId,
    mode: plan.mode,
    label: plan.label,
    counts: plan.counts,
    citing_reflections: repo.reflectionTitles(db, plan.citingReflectionIds),
    kept_attachments: repo.attachmentsSharedBy(db, stakeholderId, plan.citingReflectionIds, plan.attachmentIds),
  };
}

/** What withdrawing a stakeholder in this mode would remove and rewrite, counted exactly as the erasure does it. */
export function previewErasure(db: Db, stakeholderId: string, mode: ErasureMode): ErasurePreview {
  return db.transaction(() => previewOf(db, planErasure(db, requirePerson(db, stakeholderId), { mode }), stakeholderId))();
}

/**
 * Withdraws a stakeholder: erases or anonymises them in one transaction (with the log row and the consent history's
 * row), then makes it physical in the journal file and rewrites every backup of the journal the same way.
 */
export function withdrawStakeholder(db: Db, input: { stakeholder_id: string; mode: ErasureMode; erased_by: string }): ErasureResult {
  db.pragma('secure_delete = ON');
  const { preview, log } = db.transaction(() => {
    const plan = planErasure(db, requirePerson(db, input.stakeholder_id), { mode: input.mode });
    const preview = previewOf(db, plan, input.stakeholder_id);
    const log = executePlan(db, plan, { erasedBy: input.erased_by });
    if (!log) throw new Error('This journal has no erasure log (schema older than 5); it must be migrated first.');
    return { preview, log };
  })();
  const physical = makePhysical(db);
  const backups = rewriteBackups(db);
  return { ...preview, log_id: log.id, erased_at: log.erased_at, erased_by: log.erased_by, wal_truncated: physical.wal_truncated, backups };
}

/** The log and salt of a journal, read before something replaces its contents (a restore). */
export interface ErasureState {
  salt: Buffer | undefined;
  log: ErasureLogRow[];
}

export function readErasureState(db: Db): ErasureState {
  return { salt: repo.hasTable(db, 'erasure_salt') ? repo.erasureSalt(db) : undefined, log: repo.listErasureLog(db) };
}

export interface ReapplyOptions {
  /** The log to apply (and to write into this database); default: the database's own. */
  state?: ErasureState;
  /**
   * A QDPX import into this inquiry, whose ids differ: a logged person is also recognised here, and only here, by the
   * hash of their real name or an alias (their pseudonym only when this is their own inquiry, where it pointed at them
   * alone), and only when exactly one person of the inquiry matches. Without it people are found by id only.
   */
  namesIn?: string;
  erasedBy?: string;
}

/** A person of the imported inquiry whose names matched a logged one. */
export interface NameMatch {
  stakeholder_id: string;
  pseudonym: string;
  log_id: string;
  matched_by: 'name' | 'pseudonym';
}

/** Who a re-applied log found again, and who it left alone although a name matched (and why). */
export interface ReapplyReport {
  applied: number;
  /** Found again by name (namesIn) and withdrawn again. */
  withdrawn: NameMatch[];
  /** Kept: their name matched, but so did someone else's, or only a pseudonym from another inquiry did. */
  kept: (NameMatch & { reason: 'several_match' | 'pseudonym_elsewhere' })[];
}

/**
 * Re-applies an erasure log to a database whose contents came from elsewhere (a restored backup, an imported bundle
 * or QDPX file, a backup being rewritten): every logged person found again — by id, or (namesIn) by their names in the
 * imported inquiry — is erased or anonymised again, and turns the log names that came back without a speaker are
 * erased. Idempotent. Runs in a transaction (a savepoint inside the caller's); the caller makes it physical
 * (makePhysical) where it may run outside a transaction. Returns how many people were found again.
 */
export function reapplyErasureLog(db: Db, options: ReapplyOptions = {}): number {
  return reapplyErasureLogReport(db, options).applied;
}

export function reapplyErasureLogReport(db: Db, options: ReapplyOptions = {}): ReapplyReport {
  return db.transaction((): ReapplyReport => {
    const report: ReapplyReport = { applied: 0, withdrawn: [], kept: [] };
    const state = options.state;
    if (state?.salt) repo.setErasureSalt(db, state.salt);
    const log = state?.log ?? repo.listErasureLog(db);
    if (log.length === 0) return report;
    for (const entry of log) repo.insertErasureLog(db, entry);
    const salt = repo.erasureSalt(db) ?? state?.salt;
    /** Entries whose person is not here with their names, so only the hashes can find the names. */
    const nameless: ErasureLogRow[] = [];
    for (const entry of log) {
      const sameId = repo.getPerson(db, entry.stakeholder_id);
      const byName = salt && options.namesIn ? matchByName(db, entry, salt, options.namesIn, sameId?.id, report) : undefined;
      const people = [...(sameId ? [sameId] : []), ...(byName ? [byName] : [])];
      if (!sameId || isAnonymised(sameId, entry.label)) nameless.push(entry);
      const extraTurnIds = entry.mode === 'erase' ? (JSON.parse(entry.record_ids) as string[]) : [];
      for (const person of people) {
        if (entry.mode === 'anonymise' && person === sameId && isAnonymised(person, entry.label)) {
          // Already anonymised here, but an older copy (a bundle) may have brought back versions of their record that
          // hold their names: those go, without needing the names.
          report.applied += dropOwnHistory(db, person.id, entry.label);
          continue;
        }
        const plan = planErasure(db, person, {
          mode: entry.mode,
          ...(person === sameId && entry.label ? { label: entry.label } : {}),
          ...(person === sameId ? { extraTurnIds } : {}),
        });
        executePlan(db, plan, { erasedBy: options.erasedBy ?? entry.erased_by, log: person !== sameId, consentRow: person !== sameId });
        report.applied += 1;
      }
      if (!sameId && entry.mode === 'erase' && repo.existingTurnIds(db, extraTurnIds).length + repo.linksCiting(db, extraTurnIds).length > 0) {
        executePlan(db, planErasure(db, undefined, { mode: 'erase', extraTurnIds, projectId: entry.project_id }), { erasedBy: entry.erased_by, log: false });
        report.applied += 1;
      }
    }
    if (salt && nameless.length > 0) report.applied += scrubHashedNames(db, nameless, salt);
    return report;
  })();
}

function isAnonymised(person: PersonRow, label: string): boolean {
  return person.pseudonym === label && person.real_name === '' && aliasesOf(person).length === 0;
}

/** Removes the earlier versions of an anonymised person's record and gives their trash entry their label; 1 when anything changed. */
function dropOwnHistory(db: Db, stakeholderId: string, label: string): number {
  const revisions = repo.deleteByIds(db, 'revisions', repo.revisionsOf(db, 'stakeholder', [stakeholderId]));
  const trash = db.prepare(`UPDATE trash_items SET label = ? WHERE entity_type = 'stakeholder' AND entity_id = ? AND label <> ?`).run(label, stakeholderId, label).changes;
  return revisions + trash > 0 ? 1 : 0;
}

/**
 * The one person of the imported inquiry whose names match a logged entry, or undefined. A pseudonym counts only in
 * the logged person's own inquiry (elsewhere "P1" is anybody); when several people match, none is taken.
 */
function matchByName(db: Db, entry: ErasureLogRow, salt: Buffer, projectId: string, exceptId: string | undefined, report: ReapplyReport): PersonRow | undefined {
  const hashes = new Set([entry.name_hash, ...(JSON.parse(entry.other_hashes) as string[])]);
  const hit = (name: string) => normaliseName(name) !== '' && hashes.has(nameHash(salt, name));
  const matches: NameMatch[] = [];
  const people = new Map<string, PersonRow>();
  for (const person of repo.allPeople(db, projectId)) {
    if (person.id === exceptId || isAnonymised(person, entry.label)) continue;
    const byName = [person.real_name, ...aliasesOf(person)].some(hit);
    const byPseudonym = !byName && hit(person.pseudonym);
    if (!byName && !byPseudonym) continue;
    people.set(person.id, person);
    matches.push({ stakeholder_id: person.id, pseudonym: person.pseudonym, log_id: entry.id, matched_by: byName ? 'name' : 'pseudonym' });
  }
  const ownInquiry = projectId === entry.project_id;
  const elsewhere = ownInquiry ? [] : matches.filter((match) => match.matched_by === 'pseudonym');
  report.kept.push(...elsewhere.map((match) => ({ ...match, reason: 'pseudonym_elsewhere' as const })));
  const candidates = ownInquiry ? matches : matches.filter((match) => match.matched_by === 'name');
  if (candidates.length === 0) return undefined;
  if (candidates.length > 1) {
    report.kept.push(...candidates.map((match) => ({ ...match, reason: 'several_match' as const })));
    return undefined;
  }
  const match = candidates[0]!;
  report.withdrawn.push(match);
  return people.get(match.stakeholder_id);
}

/**
 * Applies the journal's whole erasure log to every backup of it, in place: opened with the journal's key, the log
 * re-applied, made physical (VACUUM), then checked (integrity_check, and no erased stakeholder or turn left). A backup
 * that cannot be opened or is damaged is left as it is and reported with the reason.
 */
export function rewriteBackups(db: Db): BackupRewrite[] {
  if (db.name === ':memory:' || db.memory) return [];
  const state = readErasureState(db);
  const key = connectionKey(db);
  const copies = [...listBackups(db.name).map((backup) => ({ name: backup.name, path: backup.path })), ...damagedCopies(db.name)];
  return copies.map((backup) => {
    let copy: Db | undefined;
    try {
      copy = openSqlite(backup.path, { fileMustExist: true, ...(key ? { key } : {}) });
      const before = integrity(copy);
      if (before !== 'ok') return { name: backup.name, ok: false, message: `Damaged before erasure, left untouched: ${before}` };
      copy.pragma('foreign_keys = ON');
      copy.pragma('secure_delete = ON');
      reapplyErasureLog(copy, { state });
      makePhysical(copy);
      const after = integrity(copy);
      if (after !== 'ok') return { name: backup.name, ok: false, message: `Damaged after rewriting: ${after}` };
      const left = leftovers(copy, state.log);
      if (left > 0) return { name: backup.name, ok: false, message: `${left} erased record(s) are still in it.` };
      return { name: backup.name, ok: true, message: 'Rewritten, vacuumed and verified.' };
    } catch (error) {
      return { name: backup.name, ok: false, message: `Cannot be rewritten (${basename(backup.path)}): ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      copy?.close();
    }
  });
}

/**
 * Damaged journals a recovery moved aside (`withness.sqlite.damaged-<time>`, db/backup.ts restoreOverDamagedJournal):
 * they hold the person as much as a backup does, so they are rewritten too where SQLite can still read them, and
 * named in the result where it cannot.
 */
function damagedCopies(journalPath: string): { name: string; path: string }[] {
  const dir = dirname(journalPath);
  const prefix = `${basename(journalPath)}.damaged-`;
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && !name.endsWith('-wal') && !name.endsWith('-shm') && !name.endsWith('-journal'))
    .map((name) => ({ name, path: join(dir, name) }));
}

function integrity(db: Db): string {
  const rows = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check).slice(0, 3).join('; ');
}

/** Erased stakeholders and turns still present in a database (0 after a successful erasure). */
export function leftovers(db: Db, log: readonly ErasureLogRow[]): number {
  let count = 0;
  for (const entry of log) {
    if (entry.mode !== 'erase') continue;
    const ids = JSON.parse(entry.record_ids) as string[];
    count += db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(entry.stakeholder_id) as number;
    count += repo.existingTurnIds(db, ids).length;
  }
  return count;
}

/** Every erasure of an inquiry for the audit trail: ids, mode, when, who; never a name. */
export function erasureAudit(db: Db, projectId: string): Omit<ErasureLogRow, 'name_hash' | 'other_hashes'>[] {
  return repo.listErasureLog(db, projectId).map(({ name_hash: _hash, other_hashes: _others, ...row }) => row);
}

export { emptyCounts };

/**
 * After a restore replaced the journal's contents: the log read before the restore (and the restored copy's own) is
 * applied again, then made physical. Returns how many people were found again.
 */
export function reapplyAfterRestore(db: Db, state?: ErasureState): number {
  if (!state || state.log.length === 0) {
    if (!repo.hasTable(db, 'erasure_log')) return 0;
  }
  db.pragma('secure_delete = ON');
  const applied = reapplyErasureLog(db, state ? { state } : {});
  // The restored copy's own log too (a backup rewritten after an erasure the damaged journal can no longer tell).
  const own = state ? reapplyErasureLog(db) : 0;
  if (applied + own > 0) makePhysical(db);
  return applied + own;
}

/** The erasure state of a journal file that may be damaged or closed; undefined when it cannot be read. */
export function readErasureStateOfFile(path: string, key?: Buffer): ErasureState | undefined {
  let db: Db | undefined;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true, ...(key ? { key } : {}) });
    const salt = repo.hasTable(db, 'erasure_salt') ? (db.prepare(`SELECT salt FROM erasure_salt WHERE id = 1`).pluck().get() as Buffer | undefined) : undefined;
    return { salt, log: repo.listErasureLog(db) };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * The erasure state to re-apply after restoring over a damaged journal: the damaged file's own log where SQLite can
 * still read it, joined with the logs of every backup beside it (each erasure rewrote them with the whole log), so a
 * restore of an older copy still finds every erasure when the journal itself can no longer tell.
 */
export function readErasureStateAround(journalPath: string, key?: Buffer): ErasureState | undefined {
  const states = [readErasureStateOfFile(journalPath, key), ...listBackups(journalPath).map((backup) => readErasureStateOfFile(backup.path, key))].filter(
    (state): state is ErasureState => state !== undefined,
  );
  if (states.length === 0) return undefined;
  const log = new Map<string, ErasureLogRow>();
  for (const state of states) for (const row of state.log) log.set(row.id, row);
  return { salt: states.find((state) => state.salt)?.salt, log: [...log.values()].sort((a, b) => a.erased_at.localeCompare(b.erased_at) || a.id.localeCompare(b.id)) };
}
