import { resolve } from 'node:path';
import { CliError, type Command, type Io } from '../command.js';
import { JournalHost } from '../../journal.js';
import { journalNeedsKey } from '../../journal-keys.js';
import { secretFor } from '../journal-key.js';

/** Opens the journal the way the app does (start-up check, recovery when damaged), for the backup commands. */
export async function withHost<T>(file: string, dailyBackup: boolean, use: (host: JournalHost, path: string) => Promise<T>): Promise<T> {
  const path = resolve(file);
  let host: JournalHost;
  try {
    const secret = journalNeedsKey(path) ? await secretFor(path) : undefined;
    host = await JournalHost.open(path, { dailyBackup, secret });
  } catch (error) {
    throw new CliError(`The journal ${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await use(host, path);
  } finally {
    host.close();
  }
}

export async function call<T>(host: JournalHost, channel: string, input: unknown): Promise<T> {
  const result = await host.dispatch(channel, input);
  if (!result.ok) throw new CliError(result.error.message);
  return result.value as T;
}

interface BackupRow {
  name: string;
  kind: string;
  created_at: string;
  size: number;
}

function printBackups(io: Io, backups: BackupRow[]): void {
  for (const backup of backups) io.out(`  ${backup.created_at}  ${backup.kind.padEnd(13)} ${Math.round(backup.size / 1024)} KB  ${backup.name}\n`);
}

/** `withness backup --db FILE [--list]` */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up a journal now (verified), or list its backups',
  description:
    'Makes a backup with SQLite\'s backup API into the "backups" folder beside the journal, checks it with integrity_check ' +
    'and rotates old backups (7 daily, 4 weekly, 12 monthly). With --list, only lists the backups.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    list: { type: 'boolean', description: 'List the backups instead of making one' },
  },
  async run({ values, io }) {
    return withHost(values.db as string, false, async (host, path) => {
      if (!values.list) {
        if (host.damaged) throw new CliError('The journal is damaged, so it was not backed up. Run "withness restore" to restore a good backup.');
        io.out(`Backing up ${path}…\n`);
        const made = await call<BackupRow & { verification: { message: string } }>(host, 'backups:create', {});
        io.out(`Made and checked ${made.name} (${made.verification.message})\n`);
      }
      const backups = await call<BackupRow[]>(host, 'backups:list', {});
      io.out(`${backups.length} backup${backups.length === 1 ? '' : 's'}, newest first:\n`);
      printBackups(io, backups);
      return 0;
    });
  },
};

/** `withness restore --db FILE [--backup NAME]` */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a journal from a backup (the newest good one unless --backup names one)',
  description:
    'Checks the chosen backup, keeps a copy of the journal as it is now (or moves a damaged file aside, never deleting it), ' +
    'then writes the backup in its place with SQLite\'s backup API.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    backup: { type: 'string', value: 'NAME', description: 'The backup file name (see "withness backup --list")' },
  },
  async run({ values, io }) {
    return withHost(values.db as string, false, async (host) => {
      const backups = await call<BackupRow[]>(host, 'backups:list', {});
      let chosen = values.backup as string | undefined;
      if (!chosen) {
        for (const backup of backups) {
          io.out(`Checking ${backup.name}…\n`);
          const check = await call<{ ok: boolean; message: string }>(host, 'backups:verify', { name: backup.name });
          if (check.ok) {
            chosen = backup.name;
            break;
          }
          io.out(`  ${check.message}\n`);
        }
        if (!chosen) throw new CliError('There is no intact backup to restore.');
      }
      io.out(`Restoring ${chosen}…\n`);
      const result = await call<{ restored: string; kept_copy: string }>(host, 'backups:restore', { name: chosen });
      io.out(`Restored ${result.restored}. The journal as it was is kept as ${result.kept_copy}.\n`);
      return 0;
    });
  },
};

/** `withness check --db FILE` */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a journal for damage (integrity and foreign keys); exit 1 when damaged',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
  },
  async run({ values, io }) {
    return withHost(values.db as string, false, async (host, path) => {
      const status = await call<{ state: string; message: string }>(host, 'journal:status', {});
      if (status.state === 'damaged') {
        io.out(`${path}: damaged\n${status.message}\n`);
        return 1;
      }
      const check = await call<{ ok: boolean; integrity: string[]; foreign_key_problems: number }>(host, 'journal:check', {});
      if (check.ok) {
        io.out(`${path}: intact (integrity_check ok, no foreign key problems)\n`);
        return 0;
      }
      io.out(`${path}: damaged\n${check.integrity.slice(0, 10).join('\n')}\nforeign key problems: ${check.foreign_key_problems}\n`);
      return 1;
    });
  },
};
