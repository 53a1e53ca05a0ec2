import { basename } from 'node:path';
import { createBackup, ensureDailyBackup, listBackups, restoreOverDamagedJournal } from '../db/backup.js';
import { openDatabase, type Db } from '../db/connection.js';
import { DatabaseTooNewError, loadMigrations, migrate, schemaVersion, type Migration } from '../db/migrations.js';
import { contract, isChannel } from './api/contract.js';
import { dispatch, type DispatchOptions } from './api/dispatch.js';
import { describeBackup, requireBackup, verifyNamedBackup } from './api/handlers/backups.js';
import { ApiError, type ApiResult } from './api/result.js';

export type Dispatcher = (channel: unknown, input: unknown) => Promise<ApiResult<unknown>>;

/** Raised when a journal file fails SQLite's quick_check or cannot be read as a database at all. */
export class JournalDamagedError extends Error {}

/** The channels that still answer when the journal cannot be opened: enough to restore a backup. */
const RECOVERY_CHANNELS = new Set(['journal:status', 'backups:list', 'backups:verify', 'backups:restore', 'app:info']);

/**
 * Opens a journal the way the app does at start: refuse newer files, check the file (quick_check),
 * back up before migrating, migrate, and make the day's automatic backup.
 */
export interface JournalOptions {
  migrations?: Migration[];
  /** The app makes the day's backup when it opens the journal; a read-only check does not. */
  dailyBackup?: boolean;
}

export async function openJournal(path: string, options: JournalOptions = {}): Promise<Db> {
  const { migrations = loadMigrations(), dailyBackup = true } = options;
  let db: Db;
  try {
    db = openDatabase(path, { skipMigrations: true, migrations });
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw error;
    if (isDamage(error)) throw new JournalDamagedError(damageMessage(String((error as Error).message)));
    throw error;
  }
  try {
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
      throw new JournalDamagedError(damageMessage(check.slice(0, 3).map((row) => row.quick_check).join('; ')));
    }
    const version = schemaVersion(db);
    if (version > 0 && version < migrations.length) await createBackup(db, 'pre-migration');
    migrate(db, migrations);
    if (dailyBackup) await ensureDailyBackup(db);
    return db;
  } catch (error) {
    db.close();
    if (isDamage(error)) throw new JournalDamagedError(damageMessage(String((error as Error).message)));
    throw error;
  }
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof JournalDamagedError || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

function damageMessage(detail: string): string {
  return `Withness found damage in the journal file and did not open it, so nothing more can be harmed (${detail}). Restore the newest good backup; the damaged file is kept beside it.`;
}

/**
 * Holds the open journal for a host (the Electron main process or the HTTP bridge). When the journal
 * is damaged it stays in recovery: only the recovery channels answer, until a backup is restored.
 */
export class JournalHost {
  private constructor(
    readonly path: string,
    private database: Db | undefined,
    private damage: string | undefined,
    private readonly options: JournalOptions & { dispatch?: DispatchOptions },
  ) {}

  static async open(path: string, options: JournalOptions & { dispatch?: DispatchOptions } = {}): Promise<JournalHost> {
    try {
      return new JournalHost(path, await openJournal(path, options), undefined, options);
    } catch (error) {
      if (!(error instanceof JournalDamagedError)) throw error;
      return new JournalHost(path, undefined, error.message, options);
    }
  }

  get db(): Db | undefined {
    return this.database;
  }

  get damaged(): boolean {
    return this.damage !== undefined;
  }

  readonly dispatch: Dispatcher = async (channel, input) => {
    if (this.database) return dispatch(this.database, channel, input, this.options.dispatch);
    if (!isChannel(channel) || !RECOVERY_CHANNELS.has(channel)) {
      return { ok: false, error: { code: 'journal_damaged', message: this.damage ?? 'The journal is not open.' } };
    }
    const parsed = contract[channel].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid input: ${parsed.error.issues[0]?.message}` } };
    try {
      return { ok: true, value: await this.recover(channel, parsed.data as { name?: string }) };
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: error.toBody() };
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  };

  private async recover(channel: string, input: { name?: string }): Promise<unknown> {
    switch (channel) {
      case 'app:info':
        return { name: 'Withness', version: (await import('./version.js')).APP_VERSION, schemaVersion: 0 };
      case 'journal:status':
        return { state: 'damaged', path: this.path, message: this.damage };
      case 'backups:list':
        return listBackups(this.path).map(describeBackup);
      case 'backups:verify':
        return verifyNamedBackup(this.path, input.name!);
      default: {
        const backup = requireBackup(this.path, input.name!);
        const verification = verifyNamedBackup(this.path, input.name!);
        if (!verification.ok) throw new ApiError('invalid_input', `This backup cannot be restored: ${verification.message}`);
        const aside = await restoreOverDamagedJournal(this.path, backup);
        this.database = await openJournal(this.path, this.options);
        this.damage = undefined;
        return { restored: backup.name, kept_copy: basename(aside) };
      }
    }
  }

  close(): void {
    this.database?.close();
    this.database = undefined;
  }
}
