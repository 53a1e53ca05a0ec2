import type { Db } from '../../db/connection.js';
import { withMessageIds } from '../api/messages.js';
import { ApiError, type ApiErrorBody } from '../api/result.js';
import type { Dispatcher } from '../journal.js';
import { syncProject, teamStatus, type ServerOptions, type SyncOptions, type SyncResult } from './engine.js';
import { secretStoreOf } from './secrets.js';
import { isTransient } from './server-connection.js';

/**
 * When team sync runs: at start, on a timer, a few seconds after a save, and by hand (the Team screen, the command
 * line). Whatever starts it, one sync at a time per inquiry: a second request waits for the first and then runs, so
 * what was saved meanwhile still goes up. Sync is async (pg) and its SQLite work comes in short transactions, so
 * typing is never held up; an unreachable server leaves the status "offline" and the next attempt comes later.
 */

export type SyncActivity = 'idle' | 'syncing' | 'offline' | 'error' | 'needs_confirmation';

export interface SyncState {
  activity: SyncActivity;
  /** Why the last attempt failed (offline or error), with its message id. */
  error?: ApiErrorBody;
  last_attempt_at?: string;
  last_result?: SyncResult;
}

const states = new Map<string, SyncState>();
const tails = new Map<string, Promise<unknown>>();
const running = new Map<string, number>();

const keyOf = (db: Db, projectId: string) => `${db.name}\n${projectId}`;

export function syncState(db: Db, projectId: string): SyncState {
  return states.get(keyOf(db, projectId)) ?? { activity: 'idle' };
}

/** Whether a sync of this inquiry is running or waiting to run. */
export function syncBusy(db: Db, projectId: string): boolean {
  return (running.get(keyOf(db, projectId)) ?? 0) > 0;
}

/** The address a member connects with: the server's, with the member as its user and never a password in it. */
export function memberUrl(serverUrl: string, member: string): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(member);
  url.password = '';
  return url.toString();
}

/** A server address as a link keeps it: without a user or a password in it. */
export function serverAddress(serverUrl: string): string {
  const url = new URL(serverUrl.trim());
  url.username = '';
  url.password = '';
  return url.toString();
}

/** The connection for a linked inquiry, or a clear refusal when it is not linked or its password is not known here. */
export function serverFor(db: Db, projectId: string): ServerOptions {
  const status = teamStatus(db, projectId);
  if (!status.linked || !status.server_url || !status.member) {
    throw new ApiError('invalid_input', 'This inquiry is not linked to a team server. Connect it on the Team screen first.');
  }
  const secret = secretStoreOf(db).get(projectId);
  if (!secret) {
    throw new ApiError(
      'invalid_input',
      'Withness does not know the team server password for this inquiry. Enter it on the Team screen (on the command line: --password-file, WITHNESS_SYNC_PASSWORD or the prompt).',
    );
  }
  return { url: memberUrl(status.server_url, status.member), password: secret.password, ...(secret.ca ? { ca: secret.ca } : {}) };
}

/** A failure that means "no network or no server", as opposed to one a person has to act on. */
export function isOffline(body: ApiErrorBody): boolean {
  const id = body.message_id ?? '';
  return /unreachable|offline|timed?_?out/i.test(id) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|cannot be reached|could not reach|not reachable|timed out/i.test(body.message);
}

function errorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return withMessageIds(error.toBody());
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return withMessageIds({ code: 'internal', message: typeof code === 'string' ? `${message} (${code})` : message });
}

/** Runs `work` after any sync of the same inquiry has finished, recording its outcome for the status. */
export async function oneSyncAtATime<T extends SyncResult>(db: Db, projectId: string, work: () => Promise<T>): Promise<T> {
  const key = keyOf(db, projectId);
  running.set(key, (running.get(key) ?? 0) + 1);
  const previous = tails.get(key) ?? Promise.resolve();
  const mine = previous
    .catch(() => undefined)
    .then(async () => {
      states.set(key, { ...syncState(db, projectId), activity: 'syncing' });
      const at = new Date().toISOString();
      try {
        const result = await work();
        states.set(key, { activity: result.status === 'needs_confirmation' ? 'needs_confirmation' : 'idle', last_attempt_at: at, last_result: result });
        return result;
      } catch (error) {
        const body = errorBody(error);
        states.set(key, { activity: isTransient(error) || isOffline(body) ? 'offline' : 'error', error: body, last_attempt_at: at, last_result: syncState(db, projectId).last_result });
        throw error;
      }
    });
  tails.set(key, mine);
  try {
    return await mine;
  } finally {
    running.set(key, (running.get(key) ?? 1) - 1);
    if (tails.get(key) === mine) tails.delete(key);
  }
}

/** One sync of a linked inquiry with the password kept for it, after any other sync of it has finished. */
export function syncNow(db: Db, projectId: string, options: Omit<SyncOptions, 'server'> = {}): Promise<SyncResult> {
  return oneSyncAtATime(db, projectId, () => syncProject(db, projectId, { ...options, server: serverFor(db, projectId) }));
}

/** The inquiries of this journal that are linked to a team server (none when the journal predates team sync). */
export function linkedProjects(db: Db): string[] {
  try {
    return (db.prepare('SELECT project_id FROM sync_links ORDER BY project_id').all() as { project_id: string }[]).map((row) => row.project_id);
  } catch {
    return [];
  }
}

/** Channels after whose success a sync is due: they change records that travel to the team. */
const WRITE_CHANNEL = /^(?!drafts:|jobs:|uploads:|journal:|backups:|team:)[a-zA-Z]+:(create|update|delete|close|reopen|startNext|setPrompts|add|move|remove|restore|withdraw)$/;

export function isWriteChannel(channel: unknown): boolean {
  return typeof channel === 'string' && WRITE_CHANNEL.test(channel);
}

export interface AutoSyncOptions {
  /** Off: only Sync now (and the command line) syncs. Tests turn it off to decide when syncs happen. */
  enabled?: boolean;
  /** A sync as soon as the journal is open (default on). */
  atStart?: boolean;
  /** The timer: every this many ms (default 5 minutes). */
  intervalMs?: number;
  /** After a save, once saving has paused this long (default 4 s). */
  afterSaveMs?: number;
  /** First retry after a failure; doubled each time, at most intervalMs (default 30 s). */
  retryMs?: number;
}

export interface AutoSync {
  /** The host's dispatcher with a sync due a few seconds after every successful write. */
  wrap(dispatch: Dispatcher): Dispatcher;
  /** Syncs every linked inquiry whose password is known, skipping any already syncing. */
  runAll(): Promise<void>;
  /** Stops the timers and waits for a sync in flight. */
  stop(): Promise<void>;
}

/** Starts automatic sync for the journal a host holds (`current` gives its connection, which a restore replaces). */
export function startAutoSync(current: () => Db | undefined, options: AutoSyncOptions = {}): AutoSync {
  const { enabled = true, atStart = true, intervalMs = 5 * 60_000, afterSaveMs = 4_000, retryMs = 30_000 } = options;
  let stopped = false;
  let saveTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const runAll = (): Promise<void> => {
    const db = current();
    if (stopped || !db) return Promise.resolve();
    const work = (async () => {
      let failed = false;
      for (const projectId of linkedProjects(db)) {
        if (stopped) return;
        // A sync already under way will carry what is pending; a password not known here waits for the Team screen.
        if (syncBusy(db, projectId) || !secretStoreOf(db).get(projectId)) continue;
        try {
          await syncNow(db, projectId);
        } catch {
          failed = true; // recorded in syncState for the Team screen
        }
      }
      if (stopped) return;
      clearTimeout(retryTimer);
      if (failed) {
        failures += 1;
        retryTimer = setTimeout(() => void runAll(), Math.min(intervalMs, retryMs * 2 ** Math.min(failures - 1, 10)));
        retryTimer.unref?.();
      } else {
        failures = 0;
      }
    })();
    inFlight = inFlight.then(() => work);
    return work;
  };

  let interval: NodeJS.Timeout | undefined;
  if (enabled) {
    if (atStart) setTimeout(() => void runAll(), 0).unref?.();
    interval = setInterval(() => void runAll(), intervalMs);
    interval.unref?.();
  }

  return {
    wrap: (dispatch) => async (channel, input) => {
      const result = await dispatch(channel, input);
      if (enabled && !stopped && result.ok && isWriteChannel(channel)) {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => void runAll(), afterSaveMs);
        saveTimer.unref?.();
      }
      return result;
    },
    runAll,
    async stop() {
      stopped = true;
      clearTimeout(saveTimer);
      clearTimeout(retryTimer);
      clearInterval(interval);
      await inFlight.catch(() => undefined);
    },
  };
}
