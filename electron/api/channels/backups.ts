import { z } from 'zod';
import { Empty, IsoTimestamp } from '../schemas.js';

const BackupName = z
  .string()
  .max(200)
  .regex(/^withness-[0-9TZ-]+-(daily|manual|pre-migration|pre-restore)\.sqlite$/, 'Not the name of a Withness backup.');

export const Backup = z.object({
  name: z.string(),
  kind: z.enum(['daily', 'manual', 'pre-migration', 'pre-restore']),
  created_at: IsoTimestamp,
  size: z.number().int(),
});

export const Verification = z.object({
  ok: z.boolean(),
  state: z.enum(['intact', 'damaged', 'unreadable']),
  message: z.string(),
  detail: z.string(),
  schema_version: z.number().int().nullable(),
});

export const JournalStatus = z.object({
  /** locked: encrypted and waiting for its passphrase or recovery key; needs_setup: no journal yet, its keys to be chosen. */
  state: z.enum(['ok', 'damaged', 'locked', 'needs_setup']),
  path: z.string(),
  /** In English (command line, logs); the UI shows `message_id` with `params` in the reader's language. */
  message: z.string(),
  message_id: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  /** Whether the journal file is encrypted (see db/journal-keys). */
  encrypted: z.boolean(),
  /** The recovery key was issued but the user has not yet said they wrote it down. */
  recovery_pending: z.boolean(),
  /** The recovery key was never shown (made at the app's first start): the window issues and shows a new one. */
  recovery_unseen: z.boolean(),
  has_passphrase: z.boolean(),
  /**
   * The operating system's keychain: 'protected' when the app has one that protects secrets; 'weak' when the app runs where
   * it offers no protection (Linux basic_text, or none at all) so a passphrase is required; 'none' in browser mode
   * and on the command line.
   */
  keychain: z.enum(['protected', 'weak', 'none']),
});

/**
 * The journal's health and its backups. These channels also answer when the journal cannot be opened
 * (the recovery screen), served by electron/journal.ts instead of the usual handlers.
 */
export const backupChannels = {
  'journal:status': { input: Empty, output: JournalStatus },
  /** The full check: integrity_check and foreign_key_check (slower than the quick_check made at start). */
  'journal:check': {
    input: Empty,
    output: z.object({ ok: z.boolean(), integrity: z.array(z.string()), foreign_key_problems: z.number().int() }),
  },
  'backups:list': { input: Empty, output: z.array(Backup) },
  'backups:create': { input: Empty, output: Backup.extend({ verification: Verification }) },
  'backups:verify': { input: z.strictObject({ name: BackupName }), output: Verification },
  /** Restores a backup; the current journal is kept first (a pre-restore backup, or the damaged file moved aside). */
  'backups:restore': {
    input: z.strictObject({ name: BackupName }),
    output: z.object({ restored: z.string(), kept_copy: z.string() }),
  },
} as const;
