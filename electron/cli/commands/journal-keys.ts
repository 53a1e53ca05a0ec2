import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasWrap, readEnvelope } from '../../../db/journal-keys/envelope.js';
import { looksLikeRecoveryKey } from '../../../db/journal-keys/recovery-key.js';
import { openSqlite, SqliteKeyError, type Db } from '../../../db/sqlite.js';
import { journalNeedsKey, keysFor } from '../../journal-keys.js';
import { CliError, type Command, type Io } from '../command.js';
import { confirmDestructive, newPassphraseFor, secretFor } from '../journal-key.js';
import { call, withHost } from './backup.js';

function printRecoveryKey(io: Io, recoveryKey: string): void {
  io.out(
    [
      '',
      'RECOVERY KEY (shown once; write it down or print it, and keep it away from the computer):',
      '',
      `    ${recoveryKey}`,
      '',
      'Without it, or the passphrase, nobody can open this journal again: not you, not us.',
      '',
    ].join('\n'),
  );
}

function requireJournal(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`There is no journal at ${path}.`);
  return path;
}

/** `withness encrypt --db FILE --key-file FILE [--yes]` */
export const encryptCommand: Command = {
  name: 'encrypt',
  summary: 'Encrypt a plain journal and its backups in place (the key file holds the new passphrase)',
  description:
    'Writes an encrypted copy beside the journal, checks it (integrity_check and every table\'s row count), swaps it in, ' +
    'then overwrites and removes the plain file and encrypts the plain backups. The key file holds the passphrase to set ' +
    '(at least 12 characters); on a terminal without --key-file you are asked for it. Prints the recovery key once.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    yes: { type: 'boolean', description: 'Go ahead without asking (needed when there is no terminal)' },
  },
  async run({ values, io }) {
    const path = requireJournal(values.db as string);
    if (journalNeedsKey(path)) throw new CliError(`${path} is already encrypted.`);
    const passphrase = await newPassphraseFor(path);
    await confirmDestructive(io, values.yes === true, `This replaces ${path} and its backups with encrypted copies and removes the plain files.`);
    return withHost(path, false, async (host) => {
      if (host.damaged) throw new CliError('The journal is damaged, so it was not encrypted. Restore a good backup first ("withness restore").');
      io.out(`Encrypting ${path}…\n`);
      const result = await call<{ recovery_key: string; backups_encrypted: number; backups_skipped: string[] }>(host, 'journal:encrypt', { passphrase });
      io.out(`Encrypted the journal and ${result.backups_encrypted} backup${result.backups_encrypted === 1 ? '' : 's'}; the plain files are gone.\n`);
      for (const skipped of result.backups_skipped) io.out(`  Left as it was (could not be read): ${skipped}\n`);
      printRecoveryKey(io, result.recovery_key);
      return 0;
    });
  },
};

/** `withness rekey --db FILE --key-file FILE [--yes]` */
export const rekeyCommand: Command = {
  name: 'rekey',
  summary: 'Give an encrypted journal and its backups a new data key (prints a new recovery key)',
  description:
    'Re-encrypts the journal and every backup with a new random key and wraps it again with the passphrase (the key file ' +
    'must hold the passphrase when the journal has one). The old recovery key stops working; the new one is printed once. ' +
    'A journal kept in the app\'s keychain is unlocked there by its passphrase or recovery key afterwards.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    yes: { type: 'boolean', description: 'Go ahead without asking (needed when there is no terminal)' },
  },
  async run({ values, io }) {
    const path = requireJournal(values.db as string);
    if (!journalNeedsKey(path)) throw new CliError(`${path} is not encrypted; run "withness encrypt" first.`);
    const secret = await secretFor(path);
    const hasPassphrase = hasWrap(readEnvelope(path), 'passphrase');
    if (hasPassphrase && looksLikeRecoveryKey(secret)) throw new CliError('This journal has a passphrase: rekey needs it (not the recovery key), to wrap the new key with it.');
    await confirmDestructive(io, values.yes === true, 'The journal gets a new key and a new recovery key; the old recovery key stops working.');
    const { JournalHost } = await import('../../journal.js');
    const host = await JournalHost.open(path, { dailyBackup: false, secret }).catch((error: unknown) => {
      throw new CliError(`The journal ${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    });
    try {
      if (host.damaged) throw new CliError('The journal is damaged, so it was not rekeyed. Restore a good backup first ("withness restore").');
      io.out(`Rekeying ${path}…\n`);
      const result = await call<{ recovery_key: string }>(host, 'journal:rekey', hasPassphrase ? { passphrase: secret } : { recovery_key: secret });
      io.out('The journal and its backups now use a new key.\n');
      printRecoveryKey(io, result.recovery_key);
      return 0;
    } finally {
      host.close();
    }
  },
};

/**
 * `withness recovery-key --db FILE --key-file FILE [--yes]`: the secret that unlocks the journal is also what proves
 * the owner asks (review M4), so a new recovery key is never made on an unlocked journal alone.
 */
export const recoveryKeyCommand: Command = {
  name: 'recovery-key',
  summary: 'Make a new recovery key for an encrypted journal (needs the current passphrase or recovery key)',
  description:
    'The key file (or the terminal prompt) holds the current passphrase or the current recovery key. The old recovery key ' +
    'stops working; the new one is printed once.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    yes: { type: 'boolean', description: 'Go ahead without asking (needed when there is no terminal)' },
  },
  async run({ values, io }) {
    const path = requireJournal(values.db as string);
    if (!journalNeedsKey(path)) throw new CliError(`${path} is not encrypted; run "withness encrypt" first.`);
    const secret = await secretFor(path, `Current passphrase or recovery key for ${path}: `);
    await confirmDestructive(io, values.yes === true, 'The journal gets a new recovery key; the old one stops working.');
    const { JournalHost } = await import('../../journal.js');
    const host = await JournalHost.open(path, { dailyBackup: false, secret }).catch((error: unknown) => {
      throw new CliError(`The journal ${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    });
    try {
      if (host.damaged) throw new CliError('The journal is damaged, so no new recovery key was made. Restore a good backup first ("withness restore").');
      const proof = looksLikeRecoveryKey(secret) ? { recovery_key: secret } : { passphrase: secret };
      const result = await call<{ recovery_key: string }>(host, 'journal:newRecoveryKey', proof);
      io.out('The old recovery key no longer opens the journal.\n');
      printRecoveryKey(io, result.recovery_key);
      return 0;
    } finally {
      host.close();
    }
  },
};

/**
 * `withness unlock-check --db FILE [--key-file FILE]`. It writes nothing: the journal is opened read-only with the
 * key the secret unwraps and checked (quick_check), without the host's migrations, daily backup or settling of an
 * interrupted rekey's pending envelope (review LOW).
 */
export const unlockCheckCommand: Command = {
  name: 'unlock-check',
  summary: 'Check that a passphrase or recovery key unlocks an encrypted journal (writes nothing); exit 1 when not',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
  },
  async run({ values, io }) {
    const path = requireJournal(values.db as string);
    if (!journalNeedsKey(path)) {
      io.out(`${path} is not encrypted.\n`);
      return 1;
    }
    const secret = await secretFor(path);
    let keys: Buffer[];
    try {
      keys = await keysFor(path, { secret });
    } catch (error) {
      io.out(`${path}: does NOT unlock: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    let state: 'ok' | 'damaged' | 'wrong_key' = 'wrong_key';
    // A read-only connection to a WAL journal still creates its -wal and -shm; those it made are removed after.
    const sidecars = ['-wal', '-shm'].map((suffix) => path + suffix).filter((sidecar) => !existsSync(sidecar));
    for (const key of keys) {
      let db: Db | undefined;
      try {
        db = openSqlite(path, { readonly: true, fileMustExist: true, key });
        const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
        state = check.length === 1 && check[0]!.quick_check === 'ok' ? 'ok' : 'damaged';
        break;
      } catch (error) {
        if (!(error instanceof SqliteKeyError)) {
          state = 'damaged';
          break;
        }
      } finally {
        db?.close();
      }
    }
    for (const sidecar of sidecars) rmSync(sidecar, { force: true });
    if (state === 'wrong_key') {
      io.out(`${path}: does NOT unlock: the key did not open the journal file (its first page is damaged, or the key belongs to another journal).\n`);
      return 1;
    }
    io.out(`${path}: unlocks with this ${looksLikeRecoveryKey(secret) ? 'recovery key' : 'passphrase'}${state === 'damaged' ? ', but the journal is damaged (run "withness check")' : ''}.\n`);
    if (!readEnvelope(path).recovery_confirmed) io.out('Its recovery key has not been confirmed as written down yet.\n');
    return state === 'ok' ? 0 : 1;
  },
};
