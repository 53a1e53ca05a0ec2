/** Errors cross every boundary (IPC, HTTP, command line) as data, never as thrown exceptions. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'storage_failed'
  | 'journal_damaged'
  | 'journal_locked'
  | 'wrong_key'
  | 'internal';

/** A message the UI translates: an id from electron/api/messages.ts and its parameters (which may be messages too). */
export interface MessageRef {
  id: string;
  params?: MessageParams;
}
export type MessageParams = Record<string, string | number | MessageRef>;

export interface ApiErrorBody {
  code: ErrorCode;
  /** In English, for the command line and logs; the UI shows message_id translated instead. */
  message: string;
  message_id?: string;
  params?: MessageParams;
  /** Field-level problems for invalid input: where, and what is wrong. */
  issues?: { path: string; message: string; message_id?: string; params?: MessageParams }[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers for an expected failure; dispatch turns it into a typed result. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  /** The error an error body describes (for passing a refusal on unchanged). */
  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues);
  }
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError('not_found', `No ${what} with id ${id} exists (it may have been deleted).`);
}
