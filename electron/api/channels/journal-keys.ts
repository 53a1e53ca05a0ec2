import { z } from 'zod';
import { Empty } from '../schemas.js';

/** A passphrase as typed; length rules are checked where the envelope is written (db/journal-keys/envelope.ts). */
const Passphrase = z.string().min(1, 'Type the passphrase.').max(1024, 'At most 1,024 characters.');
const RecoveryKeyText = z.string().min(1, 'Type the recovery key.').max(200, 'A recovery key is 41 characters long.');

export const RecoveryKeyIssued = z.object({
  /** Shown once, in groups; it is not stored anywhere and cannot be shown again. */
  recovery_key: z.string(),
});

/**
 * The encrypted journal's keys. These channels are answered by the journal host (app, browser mode, command line),
 * which holds the key and the keychain; journal:status, journal:unlock and journal:setup also answer while the
 * journal is locked or not yet set up.
 */
export const journalKeyChannels = {
  /** Unlocks a locked journal with its passphrase or its recovery key. */
  'journal:unlock': {
    input: z.union([z.strictObject({ passphrase: Passphrase }), z.strictObject({ recovery_key: RecoveryKeyText })]),
    output: Empty,
  },
  /** Creates a new encrypted journal: a passphrase is required where there is no trustworthy keychain. */
  'journal:setup': { input: z.strictObject({ passphrase: Passphrase.optional() }), output: RecoveryKeyIssued },
  /**
   * Replaces the recovery key (the old one stops working). Needs the current passphrase or recovery key, except for
   * a first key that was never confirmed as written down.
   */
  'journal:newRecoveryKey': {
    input: z.union([z.strictObject({ passphrase: Passphrase }), z.strictObject({ recovery_key: RecoveryKeyText }), Empty]),
    output: RecoveryKeyIssued,
  },
  /** The user has written the recovery key down. */
  'journal:confirmRecoveryKey': { input: Empty, output: Empty },
  /** Sets or changes the passphrase; the current one is required when there is one. */
  /** `current` where a passphrase is set; else `recovery_key`, the current one, as proof. */
  'journal:changePassphrase': { input: z.strictObject({ current: Passphrase.optional(), recovery_key: z.string().max(200).optional(), passphrase: Passphrase }), output: Empty },
  /** A new data key for the journal and its backups; gives a new recovery key (the old one stops working). */
  'journal:rekey': { input: z.strictObject({ passphrase: Passphrase.optional(), recovery_key: z.string().max(200).optional() }), output: RecoveryKeyIssued },
  /** Converts a plain journal (and its backups) to an encrypted one. */
  'journal:encrypt': {
    input: z.strictObject({ passphrase: Passphrase.optional() }),
    output: RecoveryKeyIssued.extend({
      backups_encrypted: z.number().int(),
      backups_skipped: z.array(z.string()),
      /** Damaged copies kept by a restore, now encrypted. */
      copies_encrypted: z.array(z.string()).optional(),
      /** Damaged copies that could not be read and upload pieces: overwritten and removed. */
      copies_wiped: z.array(z.string()).optional(),
      /** Plaintext that could not be overwritten and removed; the journal itself is encrypted all the same. */
      cleanup_problems: z.array(z.string()).optional(),
    }),
  },
} as const;

export const JOURNAL_KEY_CHANNELS = Object.keys(journalKeyChannels) as (keyof typeof journalKeyChannels)[];
