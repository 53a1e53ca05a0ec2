import type { Db } from '../../db/connection.js';
import { RevisionConflictError } from '../../db/repositories/entities.js';
import { contract, isChannel, type Channel, type Input, type Output } from './contract.js';
import { handlers, type Handler } from './handlers/index.js';
import { identifyMessage, withMessageIds, zodMessage } from './messages.js';
import { ApiError, type ApiErrorBody, type ApiResult } from './result.js';
import { JobCancelledError, rememberHost, whenConnectionFree, type JobContext } from '../jobs/jobs.js';
import type { Dispatcher } from '../journal.js';
import type { z } from 'zod';

export interface DispatchOptions {
  /** Check results against the contract too (on in tests and development). */
  checkOutput?: boolean;
  /** Where unexpected failures are reported; defaults to the console. */
  onUnexpected?: (error: unknown, channel: string) => void;
  /** Set when the call runs as a job (electron/jobs): handed to the handler for progress and cancel. */
  context?: JobContext;
  /** The journal host's own dispatcher, for a job whose channel the host answers itself (an encrypted restore). */
  host?: Dispatcher;
}

/**
 * The single entry to the API from any transport. Unknown channels and invalid input are refused
 * before a handler runs; every failure comes back as a typed result, never as a throw.
 */
export async function dispatch(db: Db, channel: unknown, rawInput: unknown, options: DispatchOptions = {}): Promise<ApiResult<unknown>> {
  if (!isChannel(channel)) {
    return failure({ code: 'unknown_channel', message: `There is no API channel named ${describe(channel)}.` });
  }
  const definition = contract[channel];
  const parsed = definition.input.safeParse(rawInput ?? {});
  if (!parsed.success) return failure(invalidInput(parsed.error));
  if (options.host) rememberHost(db, options.host);
  // A job holding the journal in an open transaction must not have other calls join it (or be undone with it).
  if (!options.context && !channel.startsWith('jobs:') && !channel.startsWith('uploads:')) await whenConnectionFree(db);
  try {
    const handler = handlers[channel] as Handler<Channel>;
    const value = await handler(db, parsed.data as never, options.context);
    if (options.checkOutput) {
      const checked = definition.output.safeParse(value);
      if (!checked.success) throw new Error(`Result of ${channel} breaks the contract: ${checked.error.message}`);
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JobCancelledError) throw error;
    if (error instanceof ApiError) return failure(error.toBody());
    if (error instanceof RevisionConflictError) return failure({ code: 'conflict', message: error.message });
    const storage = storageFailure(error);
    if (storage) return failure(storage);
    (options.onUnexpected ?? reportToConsole)(error, channel);
    return failure({ code: 'internal', message: 'Withness could not complete this request. Nothing was changed.' });
  }
}

/** Typed convenience over dispatch for code that knows its channel (tests, command line). */
export async function call<C extends Channel>(db: Db, channel: C, input: Input<C>, options?: DispatchOptions): Promise<ApiResult<Output<C>>> {
  return (await dispatch(db, channel, input, options)) as ApiResult<Output<C>>;
}

/** Like call, but throws the error body's message; for scripts where a failure should stop the run. */
export async function callOrThrow<C extends Channel>(db: Db, channel: C, input: Input<C>): Promise<Output<C>> {
  const result = await call(db, channel, input, { checkOutput: true });
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.issues);
  return result.value;
}

/** The error a call with this input would get before any handler runs, or undefined when the input is valid. */
export function checkInput(channel: Channel, rawInput: unknown): ApiErrorBody | undefined {
  const parsed = contract[channel].input.safeParse(rawInput ?? {});
  return parsed.success ? undefined : invalidInput(parsed.error);
}

function failure(error: ApiErrorBody): ApiResult<never> {
  // The English message stays for the command line and logs; the id lets the UI say it in the reader's language.
  return { ok: false, error: withMessageIds(error) };
}

function invalidInput(error: z.ZodError): ApiErrorBody {
  const issues = error.issues.map((issue) => {
    // A field's own message has an id; zod's own words ("Invalid input: expected string…") go by issue code.
    const known = identifyMessage(issue.message);
    const ref = known && !known.id.startsWith('api.invalid_input') ? known : zodMessage(issue as Parameters<typeof zodMessage>[0]);
    return {
      path: issue.path.map(String).join('.') || '(input)',
      message: issue.message,
      message_id: ref.id,
      ...(ref.params ? { params: ref.params } : {}),
    };
  });
  const first = issues[0];
  const message = first ? `Invalid input: ${first.path === '(input)' ? '' : `${first.path}: `}${first.message}` : 'Invalid input.';
  if (!first) return { code: 'invalid_input', message, message_id: 'api.invalid_input', issues };
  const detail = { id: first.message_id, ...(first.params ? { params: first.params } : {}) };
  return first.path === '(input)'
    ? { code: 'invalid_input', message, message_id: 'api.invalid_input_plain', params: { detail }, issues }
    : { code: 'invalid_input', message, message_id: 'api.invalid_input_at', params: { path: first.path, detail }, issues };
}

const STORAGE_CODES: Record<string, string> = {
  SQLITE_FULL: 'The disk is full, so this change could not be saved.',
  SQLITE_READONLY: 'The journal file is read-only, so this change could not be saved.',
  SQLITE_IOERR: 'The journal file could not be written (input/output error).',
  SQLITE_CANTOPEN: 'The journal file could not be opened for writing.',
  SQLITE_BUSY: 'The journal is busy in another window or program; try again in a moment.',
  SQLITE_CORRUPT: 'The journal file is damaged. Restore it from a backup.',
};

function storageFailure(error: unknown): ApiErrorBody | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const known = Object.keys(STORAGE_CODES).find((prefix) => code === prefix || code.startsWith(`${prefix}_`));
  return known ? { code: 'storage_failed', message: `${STORAGE_CODES[known]} Nothing was changed.` } : undefined;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `of type ${typeof value}`;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function reportToConsole(error: unknown, channel: string): void {
  console.error(`[withness] ${channel} failed unexpectedly:`, error);
}
