import { cachedStatement, type Db } from '../../db/connection.js';
import { nowIso } from '../../db/ids.js';
import * as erasureRepo from '../../db/repositories/erasure.js';
import { reapplyErasureLog } from '../erasure/index.js';
import { otherHashes, primaryHash } from '../erasure/names.js';
import type { ServerErasure } from './remote.js';

/**
 * Erasure and the team server (sync-spec): a withdrawal travels as an instruction of ids only. The journal that made
 * it sends it (withness.erase purges the feed); every other journal applies the ones its log lacks with the existing
 * erasure code (electron/erasure: the person goes, their names are scrubbed), and drops what sync itself kept of those
 * ids (versions, conflict content, queued changes).
 */

export interface PendingErasure {
  id: string;
  stakeholder_id: string;
  mode: 'erase' | 'anonymise';
  record_ids: string[];
  rewritten_ids: string[];
}

/** This inquiry's log entries not yet sent to the server. */
export function unsentErasures(db: Db, projectId: string): PendingErasure[] {
  return (
    db.prepare(`SELECT id, stakeholder_id, mode, record_ids, rewritten_ids FROM erasure_log WHERE project_id = ? AND pushed_at IS NULL ORDER BY erased_at, id`).all(projectId) as {
      id: string;
      stakeholder_id: string;
      mode: 'erase' | 'anonymise';
      record_ids: string;
      rewritten_ids: string;
    }[]
  ).map((row) => ({ ...row, record_ids: JSON.parse(row.record_ids) as string[], rewritten_ids: JSON.parse(row.rewritten_ids) as string[] }));
}

export function markErasureSent(db: Db, id: string): void {
  db.prepare(`UPDATE erasure_log SET pushed_at = ? WHERE id = ?`).run(nowIso(), id);
}

const REFERENCES = ['entity_id', 'speaker_id', 'stakeholder_id', 'target_id', 'owner_id'];

/**
 * Drops what sync keeps of erased records: every version of a removed record (and of the person's links), every
 * version whose content names one of the ids, and the content kept of rewritten rows (it holds the name); their
 * queued changes for rows that are gone. The head metadata of rewritten rows stays, so their scrubbed text is sent
 * as a child of what the team already has.
 */
export function dropErasedFromSync(db: Db, projectId: string, erasure: Pick<PendingErasure, 'stakeholder_id' | 'record_ids' | 'rewritten_ids'>): void {
  const removed = JSON.stringify([erasure.stakeholder_id, ...erasure.record_ids]);
  const all = JSON.stringify([erasure.stakeholder_id, ...erasure.record_ids, ...erasure.rewritten_ids]);
  const rewritten = JSON.stringify(erasure.rewritten_ids);
  const inSet = (expression: string, param: string) => `${expression} IN (SELECT value FROM json_each(${param}))`;
  db.prepare(
    `DELETE FROM sync_versions WHERE project_id = @project AND (
       ${inSet('row_key', '@removed')}
       OR (table_name IN ('field_note_stakeholders', 'dialogue_participants') AND (${inSet("substr(row_key, 1, instr(row_key, '/') - 1)", '@removed')} OR ${inSet("substr(row_key, instr(row_key, '/') + 1)", '@removed')}))
       OR (row IS NOT NULL AND (${inSet('row_key', '@rewritten')} OR ${REFERENCES.map((column) => inSet(`json_extract(row, '$.${column}')`, '@all')).join(' OR ')})))`,
  ).run({ project: projectId, removed, rewritten, all });
  // Versions set aside as unappliable are kept whole: those naming any of the ids go with the rest.
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_refused'`).get() !== undefined) {
    db.prepare(
      `DELETE FROM sync_refused WHERE project_id = @project AND (${inSet('row_key', '@all')}
         OR EXISTS (SELECT 1 FROM json_each(@all) AS id WHERE instr(coalesce(row, ''), id.value) > 0))`,
    ).run({ project: projectId, all });
  }
  const ids = [erasure.stakeholder_id, ...erasure.record_ids];
  const queued = cachedStatement<{ table_name: string; row_key: string }>(db, `SELECT table_name, row_key FROM sync_outbox WHERE project_id = ?`).all(projectId);
  const idSet = new Set(ids);
  const remove = cachedStatement(db, `DELETE FROM sync_outbox WHERE table_name = ? AND row_key = ?`);
  for (const entry of queued) {
    if (entry.row_key.split('/').some((part) => idSet.has(part)) && !rowExists(db, entry.table_name, entry.row_key)) remove.run(entry.table_name, entry.row_key);
  }
}

function rowExists(db: Db, table: string, rowKey: string): boolean {
  if (table === 'field_note_stakeholders' || table === 'dialogue_participants') {
    const [a, b] = rowKey.split('/');
    const first = table === 'field_note_stakeholders' ? 'note_id' : 'dialogue_id';
    return db.prepare(`SELECT 1 FROM ${table} WHERE ${first} = ? AND stakeholder_id = ?`).get(a, b) !== undefined;
  }
  return db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(rowKey) !== undefined;
}

/**
 * Writes the server's erasures this journal has not applied into its log and applies them (reapplyErasureLog finds
 * the person by id). Runs in one transaction; returns how many were new. The changes the erasure makes here go to the
 * outbox like any local write: the scrubbed texts are sent (they may name the person in rows the erasing journal
 * did not have), the removed records are not (their queued entries are dropped).
 */
export function applyServerErasures(db: Db, projectId: string, erasures: readonly ServerErasure[]): number {
  if (!erasureRepo.hasTable(db, 'erasure_log')) return 0;
  const known = new Set(erasureRepo.listErasureLog(db, projectId).map((row) => row.id));
  const fresh = erasures.filter((erasure) => !known.has(erasure.id));
  if (fresh.length === 0) return 0;
  db.transaction(() => {
    const salt = erasureRepo.erasureSalt(db);
    for (const erasure of fresh) {
      const person = erasureRepo.getPerson(db, erasure.stakeholder_id);
      const here = person && person.project_id === projectId ? person : undefined;
      erasureRepo.insertErasureLog(db, {
        id: erasure.id,
        project_id: projectId,
        stakeholder_id: erasure.stakeholder_id,
        mode: erasure.mode,
        // The server holds no names: where the person is here, their names are hashed under this journal's salt.
        name_hash: here && salt ? primaryHash(salt, here) : '0'.repeat(64),
        other_hashes: JSON.stringify(here && salt ? otherHashes(salt, here) : []),
        record_ids: JSON.stringify(erasure.record_ids),
        label: erasure.mode === 'anonymise' ? erasureRepo.teamNeutralLabel(erasure.stakeholder_id) : '',
        erased_at: new Date(erasure.erased_at).toISOString(),
        erased_by: erasure.erased_by,
      });
      db.prepare(`UPDATE erasure_log SET rewritten_ids = ?, pushed_at = ? WHERE id = ?`).run(JSON.stringify(erasure.rewritten_ids), nowIso(), erasure.id);
    }
    reapplyErasureLog(db);
    for (const erasure of fresh) dropErasedFromSync(db, projectId, erasure);
  })();
  return fresh.length;
}
