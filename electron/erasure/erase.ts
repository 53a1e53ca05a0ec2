import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { deleteDraftsOf } from '../../db/repositories/drafts.js';
import * as repo from '../../db/repositories/erasure.js';
import type { ErasureLogRow, ErasureMode, PersonRow } from '../../db/repositories/erasure.js';
import type { Mapped } from '../exports/pseudonymise.js';
import { ERASED_MARKER, nameScrubber, otherHashes, primaryHash, type NameScrubber } from './names.js';
import { ErasureCounts as ErasureCountsSchema } from '../api/channels/erasure.js';

/**
 * Withdrawal of one stakeholder, in two modes:
 * - erase: everything they said (turns, the quotes prompt links hold of those turns, codings of them), their record,
 *   attachments only theirs, and their names wherever they stand in text (replaced by ERASED_MARKER);
 * - anonymise: their contributions stay under a neutral label ('Participant W1'); every name of theirs in any text
 *   becomes that label and their record keeps nothing identifying.
 * Either way reflections keep their own text; a link that cited erased evidence stays as a marker (withdrawn_at).
 *
 * The work is planned first (planErasure: what goes, what is rewritten, with the new texts) and then executed from
 * that plan, in the same transaction; the preview is the plan's counts, so it shows exactly what erase does.
 */

/** What a withdrawal touches, per kind. Every count is of rows (records) in the inquiry. */
export interface ErasureCounts {
  /** Turns they spoke (erased; in anonymise kept under the label and counted as rewritten when they name someone). */
  turns: number;
  /** Prompt links that quote or cite those turns (withdrawn: excerpt cleared, marker shown). */
  quotes: number;
  /** Codings of those turns (removed). */
  codings: number;
  /** Field notes naming them or noting them as involved. */
  notes: number;
  /** Dialogues naming them or with them as a participant. */
  dialogues: number;
  /** Reflections whose own text names them (the name is replaced; the rest of the text stays). */
  reflections: number;
  /** Phase entries naming them. */
  phase_entries: number;
  /** Other people's turns naming them. */
  other_turns: number;
  /** Anything else that names them: inquiry, cycles, codes, other stakeholders' notes, consent notes, link comments, file names. */
  other_texts: number;
  /** Files kept only with their notes or dialogues (erased). */
  attachments: number;
  /** Earlier versions of their own records (removed). */
  revisions_removed: number;
  /** Earlier versions of other records that name them (rewritten). */
  revisions_rewritten: number;
  /** Trash entries of their records (removed). */
  trash_removed: number;
  /** Trash entries whose label names them (rewritten). */
  trash_rewritten: number;
}

/** The kinds in the order the contract lists them: one list for the plan, the preview and the withdraw dialog. */
export const COUNT_KEYS = ErasureCountsSchema.keyof().options satisfies readonly (keyof ErasureCounts)[];

interface Rewrite {
  table: string;
  rowid: number;
  column: string;
  value: string | number;
}

/** The text a passage (a prompt link's or coding's excerpt) is cut from, per kind of event (as db/repositories/events.ts). */
const EXCERPT_SOURCES: Readonly<Record<string, { type: string; column: string }>> = {
  field_notes: { type: 'field_note', column: 'body' },
  dialogues: { type: 'dialogue', column: 'summary' },
  dialogue_turns: { type: 'turn', column: 'text' },
  phase_entries: { type: 'phase_entry', column: 'body' },
  reflections: { type: 'reflection', column: 'body' },
};

export interface ErasurePlan {
  mode: ErasureMode;
  project_id: string;
  person: PersonRow | undefined;
  /** What their name becomes: the marker, or their neutral label. */
  replacement: string;
  label: string;
  turnIds: string[];
  linkIds: string[];
  citingReflectionIds: string[];
  codingIds: string[];
  attachmentIds: string[];
  revisionIds: string[];
  trashIds: string[];
  rewrites: Rewrite[];
  revisionRewrites: { id: string; snapshot: string }[];
  counts: ErasureCounts;
}

type CountKey = keyof ErasureCounts;

/** Every free-text column of the journal, and what a changed row of it counts as. */
const TEXT_COLUMNS: readonly { table: string; columns: readonly string[]; count: CountKey; project: string }[] = [
  { table: 'projects', columns: ['title', 'concern', 'setting'], count: 'other_texts', project: 'id' },
  { table: 'team_members', columns: ['name', 'role'], count: 'other_texts', project: 'project_id' },
  { table: 'cycles', columns: ['title', 'focus'], count: 'other_texts', project: 'project_id' },
  { table: 'phase_prompts', columns: ['text'], count: 'other_texts', project: 'project_id' },
  { table: 'phase_entries', columns: ['body', 'author'], count: 'phase_entries', project: 'project_id' },
  { table: 'stakeholders', columns: ['organisation', 'role', 'consent_scope', 'notes'], count: 'other_texts', project: 'project_id' },
  { table: 'field_notes', columns: ['title', 'body', 'place'], count: 'notes', project: 'project_id' },
  { table: 'dialogues', columns: ['title', 'place', 'summary', 'decisions', 'follow_ups'], count: 'dialogues', project: 'project_id' },
  { table: 'dialogue_turns', columns: ['text'], count: 'other_turns', project: 'project_id' },
  { table: 'reflections', columns: ['title', 'body'], count: 'reflections', project: 'project_id' },
  { table: 'prompt_links', columns: ['excerpt_text', 'comment'], count: 'other_texts', project: 'project_id' },
  { table: 'codes', columns: ['name', 'description'], count: 'other_texts', project: 'project_id' },
  { table: 'code_applications', columns: ['excerpt_text'], count: 'other_texts', project: 'project_id' },
  { table: 'attachments', columns: ['file_name'], count: 'other_texts', project: 'project_id' },
  { table: 'trash_items', columns: ['label'], count: 'trash_rewritten', project: 'project_id' },
  { table: 'consent_changes', columns: ['scope_note'], count: 'other_texts', project: 'project_id' },
  // Unsaved editor drafts (JSON text; the replacements hold no character JSON escapes, so it stays valid).
  { table: 'drafts', columns: ['body'], count: 'other_texts', project: 'project_id' },
];

export function emptyCounts(): ErasureCounts {
  return Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as unknown as ErasureCounts;
}

export class ErasureError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input',
    message: string,
  ) {
    super(message);
  }
}

export interface PlanOptions {
  mode: ErasureMode;
  /** The label an anonymised person goes by (a re-applied log keeps the one it chose); default: the next free one. */
  label?: string;
  /** Turns a log named that still exist (back from an old copy without their speaker). */
  extraTurnIds?: readonly string[];
  projectId?: string;
}

/** What withdrawing this person would do; writes nothing. */
export function planErasure(db: Db, person: PersonRow | undefined, options: PlanOptions): ErasurePlan {
  const { mode } = options;
  const projectId = person?.project_id ?? options.projectId;
  if (!projectId) throw new ErasureError('invalid_input', 'An erasure needs the inquiry it belongs to.');
  const label = mode === 'anonymise' ? (options.label ?? repo.neutralLabelFor(db, projectId, person?.id)) : '';
  const replacement = mode === 'anonymise' ? label : ERASED_MARKER;
  const counts = emptyCounts();
  const sid = person?.id;

  const spoken = sid ? repo.spokenTurnIds(db, sid) : [];
  const extra = options.extraTurnIds ? repo.existingTurnIds(db, options.extraTurnIds) : [];
  const turnIds = mode === 'erase' ? [...new Set([...spoken, ...extra])].sort() : [];
  counts.turns = mode === 'erase' ? turnIds.length : spoken.length;
  // Links and codings also of logged turns that are gone already (a copy older than the log still cites them).
  const cited = mode === 'erase' ? [...new Set([...turnIds, ...(options.extraTurnIds ?? [])])] : [];
  const links = repo.linksCiting(db, cited);
  const linkIds = links.map((link) => link.id);
  counts.quotes = linkIds.length;
  const codingIds = repo.codingsOn(db, cited);
  counts.codings = codingIds.length;
  const attachmentIds = mode === 'erase' && sid ? repo.attachmentsOnlyOf(db, sid) : [];
  counts.attachments = attachmentIds.length;

  const revisionIds = [
    ...repo.revisionsOf(db, 'turn', turnIds),
    ...(sid ? repo.revisionsOf(db, 'stakeholder', [sid]) : []),
  ];
  counts.revisions_removed = revisionIds.length;
  const trashIds = [
    ...repo.trashItemsOf(db, 'turn', turnIds),
    ...(mode === 'erase' && sid ? repo.trashItemsOf(db, 'stakeholder', [sid]) : []),
    ...repo.trashItemsOf(db, 'attachment', attachmentIds),
  ];
  counts.trash_removed = trashIds.length;

  const scrubber: NameScrubber | undefined = person ? nameScrubber([person], () => replacement) : undefined;
  const skip: Record<string, Set<string>> = {
    dialogue_turns: new Set(turnIds),
    prompt_links: new Set(linkIds),
    code_applications: new Set(codingIds),
    attachments: new Set(attachmentIds),
    trash_items: new Set(trashIds),
    stakeholders: new Set(sid ? [sid] : []),
  };
  const rewrites: Rewrite[] = [];
  /** Event texts that change, by `type:id`, with the mapping of their offsets, so passages cut from them move along. */
  const changedSources = new Map<string, { original: string; mapped: Mapped }>();
  const touched = new Map<CountKey, Set<string>>();
  const touch = (key: CountKey, id: string) => {
    const set = touched.get(key) ?? new Set<string>();
    set.add(id);
    touched.set(key, set);
  };
  if (sid) {
    for (const id of repo.notesInvolving(db, sid)) touch('notes', id);
    for (const id of repo.dialoguesWith(db, sid)) touch('dialogues', id);
  }
  if (scrubber) {
    for (const spec of TEXT_COLUMNS) {
      if (!repo.hasTable(db, spec.table)) continue;
      const columns = spec.columns.filter((column) => repo.hasColumn(db, spec.table, column));
      if (columns.length === 0) continue;
      const idColumn = spec.table === 'phase_prompts' || repo.hasColumn(db, spec.table, 'id') ? 'id' : 'rowid';
      const rows = db
        .prepare(`SELECT rowid AS _rowid, ${idColumn} AS _id, ${columns.join(', ')} FROM ${spec.table} WHERE ${spec.project} = ?`)
        .all(projectId) as Record<string, unknown>[];
      for (const row of rows) {
        const id = String(row._id);
        if (skip[spec.table]?.has(id)) continue;
        let changed = false;
        for (const column of columns) {
          const value = row[column];
          if (typeof value !== 'string' || value === '') continue;
          const source = EXCERPT_SOURCES[spec.table];
          const mapped = source?.column === column ? scrubber.mapped(value) : undefined;
          const scrubbed = mapped ? mapped.text : scrubber.text(value);
          if (scrubbed === value) continue;
          if (mapped) changedSources.set(`${source!.type}:${id}`, { original: value, mapped });
          rewrites.push({ table: spec.table, rowid: Number(row._rowid), column, value: scrubbed });
          changed = true;
        }
        if (changed) touch(spec.count, `${spec.table}:${id}`.replace(/^(field_notes|dialogues):/, ''));
      }
    }
  }
  if (changedSources.size > 0) moveExcerpts(db, changedSources, skip, rewrites);
  for (const key of ['notes', 'dialogues', 'reflections', 'phase_entries', 'other_turns', 'other_texts', 'trash_rewritten'] as const) {
    counts[key] = touched.get(key)?.size ?? 0;
  }
  if (mode === 'anonymise') {
    // Their own turns are rewritten with the others; in this mode they are counted as kept, not as other turns.
    const own = new Set(spoken.map((id) => `dialogue_turns:${id}`));
    counts.other_turns = [...(touched.get('other_turns') ?? [])].filter((key) => !own.has(key)).length;
  }

  const revisionRewrites: { id: string; snapshot: string }[] = [];
  if (scrubber || sid) {
    const removed = new Set(revisionIds);
    const rows = db.prepare(`SELECT id, snapshot FROM revisions WHERE project_id = ?`).all(projectId) as { id: string; snapshot: string }[];
    for (const row of rows) {
      if (removed.has(row.id)) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.snapshot);
      } catch {
        continue;
      }
      const rewritten = JSON.stringify(scrubber ? scrubber.json(parsed, mode === 'erase' ? sid : undefined) : parsed);
      if (rewritten !== row.snapshot) revisionRewrites.push({ id: row.id, snapshot: rewritten });
    }
  }
  counts.revisions_rewritten = revisionRewrites.length;

  return {
    mode,
    project_id: projectId,
    person,
    replacement,
    label,
    turnIds,
    linkIds,
    citingReflectionIds: [...new Set(links.map((link) => link.reflection_id))],
    codingIds,
    attachmentIds,
    revisionIds,
    trashIds,
    rewrites,
    revisionRewrites,
    counts,
  };
}

/**
 * Passages quoted from a text whose names were replaced keep pointing at the same words: their offsets are moved
 * through the replacement's mapping (a passage edge inside a name widens to the whole replacement) and their text is
 * cut again from the new text. A passage that no longer matched its text before keeps its offsets; its own text is
 * scrubbed like any other.
 */
function moveExcerpts(db: Db, sources: Map<string, { original: string; mapped: Mapped }>, skip: Record<string, Set<string>>, rewrites: Rewrite[]): void {
  for (const table of ['prompt_links', 'code_applications']) {
    const rows = db
      .prepare(
        `SELECT rowid AS _rowid, id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text FROM ${table}
         WHERE excerpt_start IS NOT NULL AND (target_type || ':' || target_id) IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...sources.keys()])) as { _rowid: number; id: string; target_type: string; target_id: string; excerpt_start: number; excerpt_end: number; excerpt_text: string }[];
    for (const row of rows) {
      if (skip[table]?.has(row.id)) continue;
      const source = sources.get(`${row.target_type}:${row.target_id}`)!;
      const points = [...source.original];
      if (points.slice(row.excerpt_start, row.excerpt_end).join('') !== row.excerpt_text) continue;
      const start = source.mapped.mapOffset(row.excerpt_start, 'start');
      const end = source.mapped.mapOffset(row.excerpt_end, 'end');
      const text = [...source.mapped.text].slice(start, end).join('');
      if (end <= start || text === '') continue;
      // This passage's own text rewrite (from the pass over every text) is replaced by the one cut from the new text.
      for (let i = rewrites.length - 1; i >= 0; i--) {
        if (rewrites[i]!.table === table && rewrites[i]!.rowid === row._rowid && rewrites[i]!.column === 'excerpt_text') rewrites.splice(i, 1);
      }
      if (start === row.excerpt_start && end === row.excerpt_end && text === row.excerpt_text) continue;
      rewrites.push(
        { table, rowid: row._rowid, column: 'excerpt_start', value: start },
        { table, rowid: row._rowid, column: 'excerpt_end', value: end },
        { table, rowid: row._rowid, column: 'excerpt_text', value: text },
      );
    }
  }
}

export interface ExecuteOptions {
  erasedBy: string;
  now?: string;
  /** Write a log row (a re-applied log entry for the same person already has one). */
  log?: boolean;
  /** Write the consent history's row (reason 'erased' or 'anonymised'). */
  consentRow?: boolean;
}

/** Carries out a plan; the caller holds the transaction the plan was made in. Returns the log row (written or not). */
export function executePlan(db: Db, plan: ErasurePlan, options: ExecuteOptions): ErasureLogRow | undefined {
  if (!db.inTransaction) throw new Error('executePlan must run inside the transaction its plan was made in.');
  const now = options.now ?? nowIso();
  repo.secureFullText(db);
  repo.withdrawLinks(db, plan.linkIds, now);
  repo.deleteByIds(db, 'code_applications', plan.codingIds);
  repo.deleteByIds(db, 'trash_items', plan.trashIds);
  repo.deleteByIds(db, 'revisions', plan.revisionIds);
  repo.deleteByIds(db, 'dialogue_turns', plan.turnIds);
  repo.deleteByIds(db, 'attachments', plan.attachmentIds);
  // A draft of a removed turn or of the person's own page holds their words beyond their names.
  if (repo.hasTable(db, 'drafts')) deleteDraftsOf(db, [...plan.turnIds, ...(plan.person ? [plan.person.id] : [])]);
  // One UPDATE per row, so a passage's start, end and text change together (the table checks end > start).
  const byRow = new Map<string, Rewrite[]>();
  for (const rewrite of plan.rewrites) {
    const key = `${rewrite.table}\u0000${rewrite.rowid}`;
    byRow.set(key, [...(byRow.get(key) ?? []), rewrite]);
  }
  for (const group of byRow.values()) {
    const { table, rowid } = group[0]!;
    db.prepare(`UPDATE ${table} SET ${group.map((rewrite) => `${rewrite.column} = ?`).join(', ')} WHERE rowid = ?`).run(...group.map((rewrite) => rewrite.value), rowid);
  }
  const updateRevision = db.prepare(`UPDATE revisions SET snapshot = ? WHERE id = ?`);
  for (const revision of plan.revisionRewrites) updateRevision.run(revision.snapshot, revision.id);

  const person = plan.person;
  if (!person) return undefined;
  const hasConsent = repo.hasTable(db, 'consent_changes');
  const salt = repo.erasureSalt(db);
  const recordIds = plan.mode === 'erase' ? [person.id, ...plan.turnIds, ...plan.linkIds, ...plan.codingIds, ...plan.attachmentIds] : [person.id];
  if (plan.mode === 'erase') {
    if (hasConsent) db.prepare(`UPDATE consent_changes SET scope_note = '' WHERE stakeholder_id = ?`).run(person.id);
    db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(person.id);
  } else {
    const scope = (db.prepare(`SELECT consent_scope FROM stakeholders WHERE id = ?`).pluck().get(person.id) as string | undefined) ?? '';
    // In a team inquiry every member's journal anonymises the same record when the withdrawal reaches it: keeping its
    // updated_at makes them all write the same version (no conflict with themselves over who anonymised when).
    const team = repo.isTeamLinked(db, person.project_id);
    db.prepare(
      `UPDATE stakeholders SET real_name = '', pseudonym = @label, aliases = '[]', organisation = '', role = '', notes = '',
         consent_scope = @scope, revision = revision + 1, updated_at = CASE WHEN @team = 1 THEN updated_at ELSE @now END WHERE id = @id`,
    ).run({ id: person.id, label: plan.label, scope: nameScrubber([person], () => plan.label).text(scope), now, team: team ? 1 : 0 });
  }
  if (options.consentRow !== false && hasConsent) {
    const state =
      plan.mode === 'erase'
        ? { status: 'withdrawn', consent_use: 'none', scope_note: '' }
        : (db.prepare(`SELECT consent_status AS status, consent_use, consent_scope AS scope_note FROM stakeholders WHERE id = ?`).get(person.id) as {
            status: string;
            consent_use: string;
            scope_note: string;
          });
    db.prepare(
      `INSERT INTO consent_changes (id, project_id, stakeholder_id, changed_at, status, consent_use, scope_note, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(newId(), person.project_id, person.id, now, state.status, state.consent_use, state.scope_note, plan.mode === 'erase' ? 'erased' : 'anonymised');
  }
  if (!salt) return undefined;
  const row: ErasureLogRow = {
    id: newId(),
    project_id: person.project_id,
    stakeholder_id: person.id,
    mode: plan.mode,
    name_hash: primaryHash(salt, person),
    other_hashes: JSON.stringify(otherHashes(salt, person)),
    record_ids: JSON.stringify(recordIds),
    label: plan.label,
    erased_at: now,
    erased_by: options.erasedBy,
  };
  if (options.log !== false) {
    repo.insertErasureLog(db, row);
    // A linked inquiry's server purges the old versions of every row the withdrawal rewrote (electron/team).
    if (repo.hasColumn(db, 'erasure_log', 'rewritten_ids')) {
      db.prepare(`UPDATE erasure_log SET rewritten_ids = ? WHERE id = ?`).run(JSON.stringify(rewrittenIds(db, plan)), row.id);
    }
  }
  return row;
}

/** The ids of the rows a plan rewrote (texts, passages, earlier versions), found by their rowids after the rewrite. */
function rewrittenIds(db: Db, plan: ErasurePlan): string[] {
  const ids = new Set(plan.revisionRewrites.map((revision) => revision.id));
  for (const rewrite of plan.rewrites) {
    if (!repo.hasColumn(db, rewrite.table, 'id')) continue;
    const id = db.prepare(`SELECT id FROM ${rewrite.table} WHERE rowid = ?`).pluck().get(rewrite.rowid) as string | undefined;
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort();
}

/**
 * Makes a committed erasure physical in the file: FTS5 segments merged (the deleted words were already overwritten in
 * place by FTS5's secure-delete), freed pages zeroed (secure_delete, set on the connection), the WAL written back and
 * truncated, and the whole file rebuilt by VACUUM so no page keeps an old copy. Outside any transaction.
 */
export function makePhysical(db: Db): { wal_truncated: boolean } {
  db.pragma('secure_delete = ON');
  db.transaction(() => repo.optimizeFullText(db))();
  const wal = String(db.pragma('journal_mode', { simple: true })) === 'wal';
  const checkpoint = () => (wal ? (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 0 : true);
  checkpoint();
  db.exec('VACUUM');
  return { wal_truncated: checkpoint() };
}
