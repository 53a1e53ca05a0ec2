import { existsSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createBackup, ensureDailyBackup, listBackups, putBackupInPlace, restoreOverDamagedJournal, verifyBackup } from '../db/backup.js';
import { openDatabase, type Db } from '../db/connection.js';
import { hasEnvelope, hasWrap, keysPathFor, readEnvelope } from '../db/journal-keys/envelope.js';
import { dailyBackupInWorker } from '../db/daily-backup.js';
import { settleInterruptedConversion } from '../db/journal-keys/journal-file.js';
import { DatabaseTooNewError, loadMigrations, migrate, schemaVersion, type Migration } from '../db/migrations.js';
import { connectionKey, openSqlite, SqliteKeyError } from '../db/sqlite.js';
import { contract, isChannel } from './api/contract.js';
import { dispatch, type DispatchOptions } from './api/dispatch.js';
import { identifyMessage } from './api/messages.js';
import { describeBackup, openJournalStatus, requireBackup, verifyNamedBackup } from './api/handlers/backups.js';
import { ApiError, type ApiResult } from './api/result.js';
import { readErasureState, readErasureStateAround, reapplyAfterRestore } from './erasure/index.js';
import { startUploadStore } from './jobs/uploads.js';
import {
  changePassphrase,
  confirmRecoveryKey,
  encryptJournal,
  journalNeedsKey,
  keyError,
  keysFor,
  rekeyJournal,
  replaceRecoveryKey,
  settleInterruptedRekey,
  setUpKeys,
  type KeyOptions,
  type Unlock,
} from './journal-keys.js';

export type Dispatcher = (channel: unknown, input: unknown) => Promise<ApiResult<unknown>>;

/** Raised when a journal file fails SQLite's quick_check or cannot be read as a database at all. */
export class JournalDamagedError extends Error {}

/** The journal's file is encrypted and the key given does not open it (another key, or a damaged header). Nothing was written. */
export class JournalKeyError extends Error {
  constructor(
    message: string,
    readonly reason: 'wrong_key' | 'no_cipher' = 'wrong_key',
  ) {
    super(message);
  }
}

/** The channels that still answer when the journal cannot be opened: enough to restore a backup. */
const RECOVERY_CHANNELS = new Set(['journal:status', 'backups:list', 'backups:verify', 'backups:restore', 'app:info']);
/** The channels that answer while the journal is locked or not yet set up. */
const LOCKED_CHANNELS = new Set(['journal:status', 'journal:unlock', 'journal:setup', 'app:info']);
/** Answered by the host itself: they need the key, the keychain, or to close and reopen the file. */
const HOST_CHANNELS = new Set([
  'journal:status',
  'journal:unlock',
  'journal:setup',
  'journal:newRecoveryKey',
  'journal:confirmRecoveryKey',
  'journal:changePassphrase',
  'journal:rekey',
  'journal:encrypt',
]);

/**
 * Opens a journal the way the app does at start: refuse newer files, check the file (quick_check),
 * back up before migrating, migrate, and make the day's automatic backup.
 */
export interface JournalOptions {
  migrations?: Migration[];
  /** The app makes the day's backup when it opens the journal; a read-only check does not. */
  dailyBackup?: boolean;
  /** The data key of an encrypted journal (db/journal-keys). */
  key?: Buffer;
}

export async function openJournal(path: string, options: JournalOptions = {}): Promise<Db> {
  const { migrations = loadMigrations(), dailyBackup = true, key } = options;
  startUploadStore(path);
  let db: Db;
  try {
    db = openDatabase(path, { skipMigrations: true, migrations, key });
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw error;
    if (error instanceof SqliteKeyError) {
      throw new JournalKeyError(
        error.reason === 'no_cipher'
          ? error.message
          : 'The key did not open the journal file: its first page is damaged, or the key belongs to another journal. Nothing was written.',
        error.reason,
      );
    }
    if (isDamage(error)) throw new JournalDamagedError(damageMessage(String((error as Error).message)));
    throw error;
  }
  try {
    const timing = startTiming();
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
      throw new JournalDamagedError(damageMessage(check.slice(0, 3).map((row) => row.quick_check).join('; ')));
    }
    const checked = timing.lap();
    const version = schemaVersion(db);
    if (version > 0 && version < migrations.length) await createBackup(db, 'pre-migration');
    migrate(db, migrations);
    const migrated = timing.lap();
    if (dailyBackup) await ensureDailyBackup(db);
    const backedUp = timing.lap();
    // bench:ui reads this line to show the start-up check's cost apart from the rest of a cold start.
    if (process.env.WITHNESS_STARTUP_TIMINGS === '1') {
      console.error(`[withness] start-up timings ${JSON.stringify({ quick_check: checked, migrations: migrated, daily_backup: backedUp })}`);
    }
    return db;
  } catch (error) {
    db.close();
    if (isDamage(error)) throw new JournalDamagedError(damageMessage(String((error as Error).message)));
    throw error;
  }
}

/** Wall and CPU milliseconds of each step since the last. */
function startTiming(): { lap(): { wall_ms: number; cpu_ms: number } } {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return {
    lap() {
      const nowWall = performance.now();
      const used = process.cpuUsage(cpu);
      const lap = { wall_ms: Math.round(nowWall - wall), cpu_ms: Math.round((used.user + used.system) / 1000) };
      wall = nowWall;
      cpu = process.cpuUsage();
      return lap;
    },
  };
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof JournalDamagedError || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

function damageMessage(detail: string): string {
  return `Withness found damage in the journal file and did not open it, so nothing more can be harmed (${detail}). Restore the newest good backup; the damaged file is kept beside it.`;
}

type HostOptions = JournalOptions & KeyOptions & { dispatch?: DispatchOptions };

/**
 * Holds the open journal for a host (the Electron main process, the HTTP bridge, the command line). When the journal
 * is damaged it stays in recovery: only the recovery channels answer, until a backup is restored. An encrypted
 * journal starts locked (unless a key file or the keychain opens it), and a missing one, where new journals are
 * encrypted, waits for its set-up: then only status, unlock and setup answer.
 */
export class JournalHost {
  private database: Db | undefined;
  private damage: string | undefined;
  /** The data key while the journal is unlocked (kept in recovery too, to read and restore backups). */
  private key: Buffer | undefined;
  private lock: 'locked' | 'needs_setup' | undefined;
  private lockMessage: string | undefined;

  private constructor(
    readonly path: string,
    private readonly options: HostOptions,
  ) {}

  static async open(path: string, options: HostOptions = {}): Promise<JournalHost> {
    const host = new JournalHost(path, options);
    // Plaintext copies an interrupted conversion left (review M1); the next open wipes them.
    for (const problem of settleInterruptedConversion(path)) console.error(`[withness] ${problem}`);
    if (journalNeedsKey(path)) {
      host.lock = 'locked';
      host.lockMessage = 'The journal is encrypted. Unlock it with its passphrase or its recovery key.';
      if (options.secret !== undefined) {
        // A key file that does not open the journal is an error of the command, not a reason to sit locked.
        await host.unlock({ secret: options.secret });
      } else if (options.keychain && hasWrap(readEnvelope(path), 'keychain')) {
        try {
          await host.unlock({ keychain: options.keychain });
        } catch (error) {
          host.lockMessage = error instanceof Error ? error.message : String(error);
        }
      }
      return host;
    }
    if (!existsSync(path) && options.newJournal === 'encrypted') {
      host.lock = 'needs_setup';
      host.lockMessage = 'There is no journal yet: choose how it is locked.';
      // With a keychain that protects, the app needs no answer to start: the key goes into the keychain and the
      // recovery wrap is made; the recovery key itself is issued anew when the window shows it (journal:newRecoveryKey),
      // so this first one is never seen and the journal reports it as not yet confirmed.
      if (options.keychain) {
        const { key } = await setUpKeys(path, options, undefined, false);
        await host.openWith(key);
      }
      return host;
    }
    if (existsSync(path) && statSync(path).size > 0 && hasEnvelope(path)) {
      // A key file says this journal is encrypted, yet the file is plain: a swapped or restored file, or a conversion
      // that stopped. Opening it silently would write into plaintext the owner believes is encrypted.
      host.damage = `The journal file is not encrypted, but its key file (${basename(keysPathFor(path))}) says it should be, so Withness did not open it. Restore a backup, or, if an encryption was interrupted, move the key file away and encrypt the journal again.`;
      return host;
    }
    await host.openWith(undefined);
    if (host.damage !== undefined && !hasEnvelope(path)) {
      host.damage += ` If this journal was encrypted, its key file (${basename(keysPathFor(path))}) is missing: put it back beside the journal.`;
    }
    return host;
  }

  get db(): Db | undefined {
    return this.database;
  }

  get damaged(): boolean {
    return this.damage !== undefined;
  }

  get state(): 'ok' | 'damaged' | 'locked' | 'needs_setup' {
    if (this.lock) return this.lock;
    return this.damage !== undefined ? 'damaged' : 'ok';
  }

  /** Opens with a key (or plain), landing in recovery when the file is damaged. */
  private async openWith(key: Buffer | undefined): Promise<void> {
    try {
      const daily = this.options.dailyBackup ?? true;
      const db = await openJournal(this.path, { ...this.options, key, dailyBackup: false });
      // The day's backup is made beside the open journal, in a worker thread when one can start (issue 14: a large
      // journal's copy and check took 15 s of CPU before the app could answer); otherwise here, before answering.
      const background = daily ? dailyBackupInWorker(this.path, key) : undefined;
      if (daily && !background) {
        try {
          await ensureDailyBackup(db);
        } catch (error) {
          db.close();
          throw error;
        }
      }
      if (background) {
        this.pendingBackup = background.then((outcome) => {
          if (!outcome.ok) console.error(`[withness] The day's backup was not made: ${outcome.message}`);
        });
      }
      this.database = db;
      this.damage = undefined;
    } catch (error) {
      if (!(error instanceof JournalDamagedError)) throw error;
      this.damage = error.message;
    }
    this.key = key;
    this.lock = undefined;
  }

  /**
   * Tries each key the secret opens (two only after an interrupted rekey) and opens the journal with the first
   * the file accepts. A wrong secret or key throws and leaves the host locked, the file untouched.
   */
  async unlock(unlock: Unlock): Promise<void> {
    let keys: Buffer[];
    try {
      keys = await keysFor(this.path, unlock);
    } catch (error) {
      return keyError(error);
    }
    // keysFor gives this journal's envelope first, a pending one of an interrupted rekey after it.
    const envelopeKey = keys[0]!;
    let lastError: unknown;
    for (const key of [...keys].reverse()) {
      try {
        await this.openWith(key);
        settleInterruptedRekey(this.path, key);
        return;
      } catch (error) {
        lastError = error;
        if (!(error instanceof JournalKeyError)) break;
      }
    }
    if (lastError instanceof JournalKeyError && lastError.reason === 'wrong_key' && opensABackup(this.path, envelopeKey)) {
      // The envelope beside the journal opened (AES-GCM proves the secret) and its key opens this journal's backups,
      // yet the file refuses it: the file's first page is damaged, not the key wrong. Recovery with that key, so the
      // backups can be listed, checked and restored. (A key file of another journal opens none of them: wrong_key.)
      this.database = undefined;
      this.key = envelopeKey;
      this.lock = undefined;
      this.damage =
        'The passphrase or recovery key is right, but the journal file does not open with its key: its first page is damaged. ' +
        'Restore the newest good backup; the damaged file is kept beside it.';
      return;
    }
    if (lastError instanceof JournalKeyError) throw new ApiError('wrong_key', lastError.message);
    throw lastError;
  }

  /** The day's backup while its worker is still making it. */
  private pendingBackup: Promise<void> | undefined;

  /** Waits for the day's backup if it is being made (what lists, restores, rewrites or re-keys backups must). */
  async backupSettled(): Promise<void> {
    const pending = this.pendingBackup;
    if (pending) await pending;
    if (this.pendingBackup === pending) this.pendingBackup = undefined;
  }

  readonly dispatch: Dispatcher = async (channel, input) => {
    if (this.pendingBackup && typeof channel === 'string' && channel !== 'journal:status' && (HOST_CHANNELS.has(channel) || /^(backups|erasure):/.test(channel))) {
      await this.backupSettled();
    }
    if (isChannel(channel) && HOST_CHANNELS.has(channel)) {
      if (this.lock && !LOCKED_CHANNELS.has(channel)) return this.locked();
      return this.answer(channel, input, (parsed) => this.keys(channel, parsed as Record<string, string | undefined>));
    }
    if (this.lock) {
      if (channel === 'app:info') return this.answer(channel, input, () => this.recover(channel, {}));
      return this.locked();
    }
    if (this.database) {
      if (channel === 'backups:restore' && this.key) return this.answer(channel, input, (parsed) => this.restoreEncrypted((parsed as { name: string }).name));
      return dispatch(this.database, channel, input, { ...this.options.dispatch, host: this.dispatch });
    }
    if (!isChannel(channel) || !RECOVERY_CHANNELS.has(channel)) {
      return { ok: false, error: { code: 'journal_damaged', message: this.damage ?? 'The journal is not open.' } };
    }
    return this.answer(channel, input, (parsed) => this.recover(channel, parsed as { name?: string }));
  };

  private locked(): ApiResult<never> {
    return { ok: false, error: { code: 'journal_locked', message: this.lockMessage ?? 'The journal is locked.' } };
  }

  private async answer(channel: string, input: unknown, run: (parsed: unknown) => Promise<unknown>): Promise<ApiResult<unknown>> {
    if (!isChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: `There is no API channel named ${channel}.` } };
    const parsed = contract[channel].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid input: ${parsed.error.issues[0]?.message}` } };
    try {
      return { ok: true, value: await run(parsed.data) };
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: error.toBody() };
      if (error instanceof JournalKeyError) return { ok: false, error: { code: 'wrong_key', message: error.message } };
      (this.options.dispatch?.onUnexpected ?? ((failure: unknown) => console.error(`[withness] ${channel} failed unexpectedly:`, failure)))(error, channel);
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  }

  status() {
    const keychain: 'protected' | 'weak' | 'none' = this.options.keychain ? 'protected' : this.options.weakKeychain ? 'weak' : 'none';
    if (this.database && this.damage === undefined) return { ...openJournalStatus(this.database), keychain };
    const envelope = hasEnvelope(this.path) ? safely(() => readEnvelope(this.path)) : undefined;
    const message = (this.lock ? this.lockMessage : this.damage) ?? '';
    const ref = message ? identifyMessage(message) : undefined;
    return {
      state: this.state,
      path: this.path,
      message,
      ...(ref ? { message_id: ref.id, ...(ref.params ? { params: ref.params } : {}) } : {}),
      encrypted: this.lock === 'locked' || this.key !== undefined,
      recovery_pending: envelope ? !envelope.recovery_confirmed : false,
      recovery_unseen: envelope?.recovery_shown === false,
      has_passphrase: envelope ? hasWrap(envelope, 'passphrase') : false,
      keychain,
    };
  }

  private requireOpen(): { db: Db; key: Buffer | undefined } {
    if (!this.database) throw new ApiError('journal_locked', this.damage ?? 'The journal is not open.');
    return { db: this.database, key: this.key };
  }

  private requireKey(): { db: Db; key: Buffer } {
    const { db, key } = this.requireOpen();
    if (!key) throw new ApiError('invalid_input', 'This journal is not encrypted. Encrypt it first (in Settings, or with "withness encrypt").');
    return { db, key };
  }

  private async keys(channel: string, data: Record<string, string | undefined>): Promise<unknown> {
    switch (channel) {
      case 'journal:status':
        return this.status();
      case 'journal:unlock': {
        if (this.lock !== 'locked') throw new ApiError('invalid_input', 'The journal is not locked.');
        await this.unlock(data.passphrase !== undefined ? { passphrase: data.passphrase } : { recovery_key: data.recovery_key! });
        return {};
      }
      case 'journal:setup': {
        if (this.lock !== 'needs_setup') throw new ApiError('invalid_input', 'This journal is already set up.');
        const { key, recoveryKey } = await setUpKeys(this.path, this.options, data.passphrase);
        try {
          await this.openWith(key);
        } catch (error) {
          for (const file of [this.path, `${this.path}-wal`, `${this.path}-shm`, keysPathFor(this.path)]) rmSync(file, { force: true });
          this.lock = 'needs_setup';
          throw error;
        }
        return { recovery_key: recoveryKey };
      }
      case 'journal:newRecoveryKey': {
        const { key } = this.requireKey();
        return { recovery_key: await replaceRecoveryKey(this.path, key, { passphrase: data.passphrase, recovery_key: data.recovery_key }) };
      }
      case 'journal:confirmRecoveryKey':
        this.requireKey();
        confirmRecoveryKey(this.path);
        return {};
      case 'journal:changePassphrase': {
        const { key } = this.requireKey();
        await changePassphrase(this.path, key, { passphrase: data.current, recovery_key: data.recovery_key }, data.passphrase!);
        return {};
      }
      case 'journal:rekey': {
        const { db } = this.requireKey();
        const { recoveryKey } = await rekeyJournal(db, this.options, { passphrase: data.passphrase, recovery_key: data.recovery_key });
        this.key = connectionKey(db);
        return { recovery_key: recoveryKey };
      }
      default: {
        const { db, key } = this.requireOpen();
        if (key) throw new ApiError('invalid_input', 'This journal is already encrypted.');
        let result: Awaited<ReturnType<typeof encryptJournal>>;
        try {
          result = await encryptJournal(db, this.options, data.passphrase, () => {
            db.close();
            this.database = undefined;
          });
        } catch (error) {
          // A failure before the swap leaves the plain journal where it was: open it again as it was.
          if (!this.database && !journalNeedsKey(this.path)) await this.openWith(undefined);
          throw error;
        }
        await this.openWith(result.key);
        return {
          recovery_key: result.recoveryKey,
          backups_encrypted: result.backups.converted.length,
          backups_skipped: result.backups.skipped.map((skipped) => `${skipped.name}: ${skipped.reason}`),
          copies_encrypted: result.others.converted,
          copies_wiped: result.others.wiped,
          cleanup_problems: result.cleanup,
        };
      }
    }
  }

  /**
   * The backup API cannot write into an encrypted file, so an encrypted journal is restored by keeping a
   * pre-restore backup, closing the journal, putting the backup (same key) in its place and reopening.
   */
  private async restoreEncrypted(name: string): Promise<unknown> {
    const { db, key } = this.requireKey();
    const backup = requireBackup(this.path, name);
    const check = verifyBackup(backup.path, key);
    if (!check.ok) throw new ApiError('invalid_input', `This backup cannot be restored: ${check.message}`);
    if ((check.schema_version ?? 0) > (this.options.migrations ?? loadMigrations()).length) {
      throw new ApiError('invalid_input', 'This backup was made by a newer version of Withness and cannot be restored here.');
    }
    const safety = await createBackup(db, 'pre-restore');
    // Read before the backup replaces it: an old copy must not bring an erased person back (issue 11).
    const erasures = readErasureState(db);
    db.close();
    this.database = undefined;
    await putBackupInPlace(this.path, backup, key);
    await this.openWith(key);
    if (this.database) reapplyAfterRestore(this.database, erasures);
    return { restored: backup.name, kept_copy: basename(safety.path) };
  }

  private async recover(channel: string, input: { name?: string }): Promise<unknown> {
    switch (channel) {
      case 'app:info':
        return { name: 'Withness', version: (await import('./version.js')).APP_VERSION, schemaVersion: 0 };
      case 'journal:status':
        return this.status();
      case 'backups:list':
        return listBackups(this.path).map(describeBackup);
      case 'backups:verify':
        return verifyNamedBackup(this.path, input.name!, this.key);
      default: {
        const backup = requireBackup(this.path, input.name!);
        const verification = verifyNamedBackup(this.path, input.name!, this.key);
        if (!verification.ok) throw new ApiError('invalid_input', `This backup cannot be restored: ${verification.message}`);
        // From the damaged file if it can still be read, and from every backup beside it (issue 11).
        const erasures = readErasureStateAround(this.path, this.key);
        const aside = await restoreOverDamagedJournal(this.path, backup, new Date(), this.key);
        await this.openWith(this.key);
        if (this.damage !== undefined) throw new ApiError('journal_damaged', this.damage);
        if (this.database) reapplyAfterRestore(this.database, erasures);
        return { restored: backup.name, kept_copy: basename(aside) };
      }
    }
  }

  close(): void {
    this.database?.close();
    this.database = undefined;
  }
}

/** Whether `key` opens at least one of the journal's backups (read-only; nothing is written). */
function opensABackup(journalPath: string, key: Buffer): boolean {
  return listBackups(journalPath).some((backup) => {
    try {
      openSqlite(backup.path, { readonly: true, fileMustExist: true, key }).close();
      return true;
    } catch {
      return false;
    }
  });
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
