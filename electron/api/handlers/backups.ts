import { basename } from 'node:path';
import { createBackup, findBackup, listBackups, restoreIntoOpenJournal, verifyBackup, type BackupInfo } from '../../../db/backup.js';
import { loadMigrations, migrate } from '../../../db/migrations.js';
import type { Db } from '../../../db/connection.js';
import { hasEnvelope, hasWrap, readEnvelope } from '../../../db/journal-keys/envelope.js';
import { connectionKey } from '../../../db/sqlite.js';
import { restoreStep } from '../../jobs/long-work.js';
import { readErasureState, reapplyAfterRestore } from '../../erasure/index.js';
import type { backupChannels } from '../channels/backups.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

/** What a backup looks like to the UI: no absolute paths. */
export function describeBackup({ name, kind, created_at, size }: BackupInfo) {
  return { name, kind, created_at, size };
}

export function requireBackup(journalPath: string, name: string): BackupInfo {
  const backup = findBackup(journalPath, name);
  if (!backup) throw notFound('backup', name);
  return backup;
}

export function verifyNamedBackup(journalPath: string, name: string, key?: Buffer) {
  return verifyBackup(requireBackup(journalPath, name).path, key);
}

/** The status of an open journal; the journal host adds what only it knows (the keychain). */
export function openJournalStatus(db: Db) {
  const encrypted = connectionKey(db) !== undefined;
  const envelope = encrypted && hasEnvelope(db.name) ? readEnvelope(db.name) : undefined;
  return {
    state: 'ok' as const,
    path: db.name,
    message: 'The journal is intact.',
    encrypted,
    recovery_pending: envelope ? !envelope.recovery_confirmed : false,
    recovery_unseen: envelope?.recovery_shown === false,
    has_passphrase: envelope ? hasWrap(envelope, 'passphrase') : false,
    keychain: envelope && hasWrap(envelope, 'keychain') ? ('protected' as const) : ('none' as const),
  };
}

export const backupHandlers: HandlersFor<typeof backupChannels> = {
  'journal:status': (db) => openJournalStatus(db),
  'journal:check': (db) => {
    const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((row) => row.integrity_check);
    const foreignKeys = (db.pragma('foreign_key_check', { simple: false }) as unknown[]).length;
    return { ok: integrity.length === 1 && integrity[0] === 'ok' && foreignKeys === 0, integrity, foreign_key_problems: foreignKeys };
  },
  'backups:list': (db) => listBackups(db.name).map(describeBackup),
  'backups:create': async (db) => {
    const backup = await createBackup(db, 'manual');
    return { ...describeBackup(backup), verification: backup.verification };
  },
  'backups:verify': (db, { name }) => verifyNamedBackup(db.name, name, connectionKey(db)),
  'backups:restore': async (db, { name }, context) => {
    await restoreStep(context, 'job.verifying_backup', true);
    const backup = requireBackup(db.name, name);
    const check = verifyBackup(backup.path);
    if (!check.ok) throw new ApiError('invalid_input', `This backup cannot be restored: ${check.message}`);
    const migrations = loadMigrations();
    if ((check.schema_version ?? 0) > migrations.length) {
      throw new ApiError('invalid_input', 'This backup was made by a newer version of Withness and cannot be restored here.');
    }
    // The last moment a cancel is taken: from here on the backup replaces the journal, all of it.
    await restoreStep(context, 'job.saving_current', true);
    await restoreStep(context, 'job.restoring', false);
    // Read before the backup replaces it: an old copy must not bring an erased person back (issue 11).
    const erasures = readErasureState(db);
    const safety = await restoreIntoOpenJournal(db, backup);
    await restoreStep(context, 'job.migrating', false);
    migrateRestored(db);
    reapplyAfterRestore(db, erasures);
    return { restored: backup.name, kept_copy: basename(safety.path) };
  },
};

/** A backup from an older version is brought up to the current schema right after restoring. */
function migrateRestored(db: Db): void {
  migrate(db, loadMigrations());
}
